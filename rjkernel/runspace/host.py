"""What a cell's evaluation needs from whoever shows its results.

The kernel implements :class:`Host` by turning each call into Jupyter messages (stream,
display_data, input_request); tests implement it with lists. Keeping the interface this
small is what lets the runspace know nothing about Jupyter, and the kernel nothing about
jobs or SSH.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from rjkernel.errors import ErrorRecord


class Display(Protocol):
    """Something with more than one face: PowerShell text, HTML, maybe a live widget."""

    def text(self) -> str: ...

    def html(self) -> str: ...


class Progress(Protocol):
    """A progress display for a wait over several jobs (done/total, failed)."""

    def update(self, done: int, total: int, failed: int) -> None: ...

    def close(self) -> None: ...


class Host(Protocol):
    def write_text(self, text: str, stream: str = "stdout") -> None:
        """Raw text as it arrives (shell output, strings, formatted lists)."""

    def write_display(self, display: Display) -> None:
        """A table or other multi-faced display."""

    def write_error(self, record: ErrorRecord) -> None:
        """An error record, shown in PowerShell's concise form on stderr."""

    def write_warning(self, message: str) -> None:
        """``WARNING: …`` on stderr."""

    async def read_password(self, prompt: str) -> str:
        """Ask the user for a secret through the frontend (never echoed or stored)."""

    async def read_line(self, prompt: str) -> str:
        """Ask the user for a line of text through the frontend (Read-Host)."""

    def start_progress(self, activity: str, total: int) -> Progress:
        """Show progress of a wait; the caller closes it when the wait ends."""

    def changing(self, objects: Sequence[object], command: str) -> None:
        """``command`` of this cell is about to change ``objects`` (jobs, sessions):
        outputs of earlier cells that show them keep their state as it was, with a
        note naming this cell, instead of following a change they did not make."""
