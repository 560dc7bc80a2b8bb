"""What a cell shows, as messages of a running ipykernel kernel.

Two kernels run rjkernel's engine: rjkernel's own (``kernel.py``) and an ordinary Python
kernel with ``%load_ext rjkernel`` (``magics/``). Both show a cell's output the same
way, through this module: :class:`KernelOutput` owns the live tables and progress bars
of one kernel and sends display messages (re-parented to the latest execute request for
displays that change later, kernel-notes D.2); :class:`JupyterHost` is the
:class:`~rjkernel.runspace.host.Host` a cell writes to — stream, display_data and
input_request messages.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable, Sequence
from typing import Any, cast

from ipykernel.kernelbase import Kernel
from IPython.core.error import StdinNotImplementedError

from rjkernel.display.documents import Display as Document
from rjkernel.display.errors import render_error, warning_line
from rjkernel.display.html import no_typesetting
from rjkernel.errors import ErrorRecord
from rjkernel.live.actions import JobActions
from rjkernel.live.progress import WidgetProgress
from rjkernel.live.rows import static_faces
from rjkernel.live.tables import LiveTables
from rjkernel.runspace.host import Display, Progress
from rjkernel.runspace.runspaces import Runspaces


class KernelOutput:
    """One kernel's display side: display messages, live tables, progress bars."""

    def __init__(self, kernel: Kernel, runspaces: Runspaces) -> None:
        self.kernel = kernel
        self.latest_parent: dict[str, Any] | None = None
        self.live_tables = LiveTables(self, JobActions(runspaces))
        self.cell_id: str | None = None  # the running cell's id, as the frontend sent it
        self.count = 0  # the running (or last) cell's execution count

    def remember_parent(self) -> None:
        """Called as an execute request starts: later displays are parented to it."""
        self.latest_parent = self.kernel.get_parent("shell")

    def start_cell(self, cell_id: str | None, count: int) -> None:
        """A cell starts running: if it ran before, the frontend cleared its outputs, so
        its old tables stop; the tables it publishes now belong to it."""
        self.live_tables.forget_cell(cell_id)
        self.cell_id = cell_id
        self.count = count

    def adopt_latest_parent(self) -> None:
        """Parent background output to the latest execute_request (kernel-notes D.2).

        Called by background tasks (live tables) before they emit; only the task's own
        context is affected.
        """
        if self.latest_parent is not None:
            self.kernel._shell_parent.set(self.latest_parent)

    def publish_display(self, display: Display) -> None:
        """A live table where the display can still change, else its static faces."""
        document = cast(Document, display)  # the display layer's documents, always
        if not self.live_tables.publish(document, owner=self.cell_id, count=self.count):
            self.send_display(static_faces(document))

    def send_display(self, data: dict[str, Any], display_id: str | None = None,
                     update: bool = False) -> None:
        """A display_data (or, with ``update``, update_display_data) message."""
        if "text/html" in data:
            data = {**data, "text/html": no_typesetting(data["text/html"])}
        content: dict[str, Any] = {"data": data, "metadata": {}, "transient": {}}
        if display_id:
            content["transient"]["display_id"] = display_id
        self.kernel.send_response(
            self.kernel.iopub_socket, "update_display_data" if update else "display_data",
            content)

    def send_text(self, text: str, stream: str = "stdout") -> None:
        if text:
            self.kernel.send_response(self.kernel.iopub_socket, "stream",
                                      {"name": stream, "text": text})

    def start_progress(self, activity: str, total: int) -> Progress:
        return WidgetProgress(self, activity, total)


class JupyterHost:
    """The Host a cell writes to: stream, display_data and input_request messages.

    Text is coalesced: what one stream gets in one turn of the event loop goes out as
    one stream message, at the end of that turn (or before anything else this host
    shows, so the order holds). A job's stderr comes back as one error record per line;
    a message each would flood iopub, whose high-water mark then drops messages — the
    cell's idle status among them. The cell's end is a later turn (the kernel awaits
    the cell's task), so nothing is left behind when the reply goes.
    """

    def __init__(self, output: KernelOutput, *, allow_stdin: bool) -> None:
        self.output = output
        self.allow_stdin = allow_stdin
        self._pending: list[str] = []
        self._pending_stream = "stdout"

    def write_text(self, text: str, stream: str = "stdout") -> None:
        if not text:
            return
        if self._pending and stream != self._pending_stream:
            self.flush()
        if not self._pending:
            self._pending_stream = stream
            try:
                asyncio.get_running_loop().call_soon(self.flush)
            except RuntimeError:  # no loop turn to wait for: out it goes
                self._pending.append(text)
                self.flush()
                return
        self._pending.append(text)

    def flush(self) -> None:
        """Send the text written so far."""
        if self._pending:
            text = "".join(self._pending)
            self._pending.clear()
            self.output.send_text(text, self._pending_stream)

    def write_display(self, display: Display) -> None:
        self.flush()
        self.output.publish_display(display)

    def write_error(self, record: ErrorRecord) -> None:
        text = render_error(record)  # native stderr text keeps its own newline
        self.write_text(text if text.endswith("\n") else text + "\n", "stderr")

    def write_warning(self, message: str) -> None:
        self.write_text(warning_line(message) + "\n", "stderr")

    async def read_password(self, prompt: str) -> str:
        """The frontend's password input, answered in a thread so the event loop (live
        tables, other connections) keeps running while the user types."""
        return await self._ask(self.output.kernel.getpass, prompt,
                               "use -KeyFilePath or an ssh-agent instead of -Credential")

    async def read_line(self, prompt: str) -> str:
        """The frontend's input box (Read-Host); what is typed is never logged."""
        return await self._ask(self.output.kernel.raw_input, prompt,
                               "give the value in the cell instead of Read-Host")

    async def _ask(self, ask: Callable[[str], str], prompt: str, instead: str) -> str:
        self.flush()
        if self.allow_stdin:
            with contextlib.suppress(StdinNotImplementedError):
                return await asyncio.to_thread(ask, prompt)
        raise RuntimeError(
            f"This frontend cannot prompt for input (allow_stdin is false); {instead}.")

    def start_progress(self, activity: str, total: int) -> Progress:
        self.flush()
        return self.output.start_progress(activity, total)

    def changing(self, objects: Sequence[object], command: str) -> None:
        self.flush()
        self.output.live_tables.changed_by(objects, self.output.count, command)


class cancel_on_sigint:
    """While a cell awaits ``task``, SIGINT cancels the task instead of reaching the
    kernel (kernel-notes A.4: a KeyboardInterrupt raised out of the event loop ends the
    kernel process). The handler before is put back afterwards.

    The handler is the event loop's (``add_signal_handler``), which also wakes the loop
    through its wakeup fd: the kernel has threads (iopub, heartbeat), and a signal the
    OS hands to one of them only sets Python's flag, so with a plain ``signal.signal``
    handler the cancel waited for the loop's next timer — an SSH keepalive, 15 s later,
    for a cell waiting on a quiet remote command."""

    def __init__(self, task: asyncio.Future[Any]) -> None:
        self.task = task
        self.loop = asyncio.get_running_loop()
        self.saved: Callable[..., Any] | int | None = None
        self.wakeup_fd = -1

    def __enter__(self) -> None:
        self.saved = signal.getsignal(signal.SIGINT)
        self.wakeup_fd = signal.set_wakeup_fd(-1)  # the loop takes it over; given back
        signal.set_wakeup_fd(self.wakeup_fd)
        self.loop.add_signal_handler(signal.SIGINT, self.task.cancel)

    def __exit__(self, *exc: object) -> None:
        self.loop.remove_signal_handler(signal.SIGINT)
        signal.signal(signal.SIGINT, self.saved if self.saved is not None else signal.SIG_DFL)
        signal.set_wakeup_fd(self.wakeup_fd)
