"""What a display that keeps changing needs from the kernel.

Live tables and progress bars send ``display_data`` / ``update_display_data`` messages
long after the code that created them returned, from timers on the kernel's main loop.
Such a message must be parented to the *latest* execute request, not to the cell that
created the display (kernel-notes D.2: nbclient and papermill keep only messages of
the running cell; JupyterLab routes by comm and display id, so it does not mind), hence
:meth:`Publisher.adopt_latest_parent` before every emission from a timer.
"""

from __future__ import annotations

from typing import Any, Protocol


class Publisher(Protocol):
    def send_display(self, data: dict[str, Any], display_id: str | None = None,
                     update: bool = False) -> None:
        """A display_data (or, with ``update``, update_display_data) message."""

    def adopt_latest_parent(self) -> None:
        """Parent what the current context emits to the latest execute request."""
