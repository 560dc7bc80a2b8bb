"""The Jupyter kernel: translates Jupyter messages into calls on the engine and back.

It knows nothing about SSH, jobs or tables (style.md, bash_kernel): ``do_execute``
hands the cell to :class:`~rjkernel.interpreter.engine.Engine` with a ``JupyterHost``
(``jupyter_host.py``, shared with the ``%rj`` magics) that turns what the cell shows into
iopub messages; completion, inspection and
``is_complete`` are answered by the engine's language services.

ipykernel pitfalls handled here (shared/kernel-notes.md, pitfall checklist):
1. an awaited cell is run as a task and SIGINT cancels the task — without this an
   interrupt during ``Wait-Job`` raises KeyboardInterrupt out of the event loop and the
   kernel process exits;
2. ``IPythonKernel.execution_count`` is a read-only view of the shell's: we bump
   ``shell.execution_count`` ourselves;
3. ipywidgets registers its comm targets at import time only if an IPython shell
   exists: we register them after ``super().__init__()``;
4. no ``debugger`` feature (there is no Python to debug), no ``kernel subshells``
   (their busy/idle statuses made JupyterLab show a running cell's kernel as Idle), our
   own help links;
5. SIGINT while idle is a no-op *handler*, not ``SIG_IGN``: an ignored signal would be
   inherited by the local shell, which then could not trap it (``trap : INT``) and a
   foreground command could never be interrupted;
6. background display updates are re-parented to the latest execute request so that
   nbclient/papermill record final states (kernel-notes D.2); at the end of each cell the
   live tables send what changed during it, parented to it; re-running a cell stops the
   tables it made (the frontend cleared them), and shutting down leaves every live
   table as its last snapshot.

Job and session tables that can still change are published as live tables
(:mod:`rjkernel.live.tables`), waits show a progress bar (:mod:`rjkernel.live.progress`).
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import re
import signal
from typing import Any

import ipywidgets
from ipykernel.ipkernel import IPythonKernel

from rjkernel import __version__
from rjkernel.display.errors import render_error
from rjkernel.errors import internal_error
from rjkernel.interpreter.engine import CellResult, Engine
from rjkernel.journal.store import Journal, kernel_id
from rjkernel.jupyter_host import JupyterHost, KernelOutput, cancel_on_sigint
from rjkernel.language.completeness import is_complete

SHUTDOWN_TIMEOUT = 5.0
# A cell that is only ``exit`` or ``quit``: at the local prompt it leaves the frontend
# (PowerShell's console closes on ``exit``; jupyter console users also type ``quit``).
# ``exit N`` anywhere in a cell is PowerShell's exit statement: the engine ends the cell
# and says whether the frontend may close (``CellResult.closes_host``).
_LEAVE = re.compile(r"\s*(?:exit|quit)\s*", re.IGNORECASE)
# IPython's way of asking a frontend to close: jupyter console and qtconsole exit and
# shut the kernel down; notebook frontends ignore it.
ASK_EXIT = {"source": "ask_exit", "keepkernel": False}
# No debugger (nothing to debug), no subshells: a frontend that sees "kernel subshells"
# sends create_subshell_request (JupyterLab's widget manager does, once a widget shows)
# and routes comm messages there; each is answered with its own busy/idle status, which
# JupyterLab shows as the kernel's, so a cell still running read Idle.
UNSUPPORTED_FEATURES = frozenset({"debugger", "kernel subshells"})
_DOCS = "https://learn.microsoft.com/powershell/module/microsoft.powershell.core/"
HELP_LINKS = [  # the help topics rjkernel follows (Help menu in JupyterLab)
    {"text": "about_Remote_Jobs", "url": _DOCS + "about/about_remote_jobs"},
    {"text": "about_Jobs", "url": _DOCS + "about/about_jobs"},
    {"text": "Invoke-Command", "url": _DOCS + "invoke-command"},
    {"text": "Start-Job", "url": _DOCS + "start-job"},
]
LANGUAGE_INFO: dict[str, object] = {
    "name": "powershell",
    "version": "7.4",
    "mimetype": "text/x-powershell",
    "file_extension": ".ps1",
    "codemirror_mode": "powershell",
    "pygments_lexer": "powershell",
}


class RJKernel(IPythonKernel):
    implementation = "rjkernel"
    implementation_version = __version__
    banner = (
        "rjkernel " + __version__ + " — background jobs on remote hosts with PowerShell's "
        "job syntax, over SSH.\nTry: Get-Help about_Remote_Jobs"
    )
    language_info = LANGUAGE_INFO
    help_links = HELP_LINKS  # type: ignore[assignment]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        ipywidgets.register_comm_target()
        self.engine = Engine(journal=Journal.for_process(kernel_id(self.parent)))
        self.output = KernelOutput(self, self.engine.runspaces)

    # ------------------------------------------------------------------ protocol metadata

    @property
    def kernel_info(self) -> dict[str, Any]:
        info = dict(super().kernel_info)
        info["supported_features"] = [
            f for f in info.get("supported_features", []) if f not in UNSUPPORTED_FEATURES
        ]
        return info

    def start(self) -> None:
        super().start()
        signal.signal(signal.SIGINT, _ignore_sigint)

    # ------------------------------------------------------------------ execute

    async def do_execute(  # type: ignore[override]
        self,
        code: str,
        silent: bool,
        store_history: bool = True,
        user_expressions: dict[str, Any] | None = None,
        allow_stdin: bool = False,
        *,
        cell_meta: dict[str, Any] | None = None,
        cell_id: str | None = None,
    ) -> dict[str, Any]:
        shell = self.shell
        assert shell is not None  # IPythonKernel makes it in __init__
        count = shell.execution_count
        self._allow_stdin = allow_stdin  # what getpass() checks (IPython's do_execute sets it)
        if not silent:
            self.output.remember_parent()
            if store_history:
                shell.history_manager.store_inputs(count, code)
        if _LEAVE.fullmatch(code):
            if not self.engine.runspaces.entered:
                if not silent and store_history:
                    shell.execution_count += 1
                return self._reply_ok(count, payload=[ASK_EXIT])
            code = "exit"  # in an entered session, both leave the session first
        self.output.start_cell(cell_id, count)
        host = JupyterHost(self.output, allow_stdin=allow_stdin)
        task = asyncio.ensure_future(self.engine.execute(code, host, cell_id=cell_id))
        interrupted = False
        try:
            with cancel_on_sigint(task):
                try:
                    result = await task
                except asyncio.CancelledError:
                    interrupted = True
                except Exception as exc:  # a failure outside any statement: still a reply
                    self.log.exception("rjkernel failed to run a cell")
                    record = internal_error(exc)
                    host.write_error(record)
                    result = CellResult.not_run(record)
        finally:
            self.output.live_tables.flush_all()
            if not silent and store_history:
                shell.execution_count += 1
        if interrupted:
            host.write_text(
                "Interrupted: stopped waiting. Background jobs keep running (Get-Job).\n",
                "stderr",
            )
            return {
                "status": "error",
                "execution_count": count,
                "ename": "KeyboardInterrupt",
                "evalue": "Interrupted",
                "traceback": [],
            }
        if result.uncaught:  # a terminating error no try took; the others were shown only
            first = result.uncaught[0]
            error = {
                "ename": first.fully_qualified_error_id,
                "evalue": first.message,
                "traceback": [render_error(r) for r in result.uncaught],
            }
            if result.parse_error:
                # The cell did not run: shown as an error output, as a Python kernel shows
                # a SyntaxError. Errors while a cell runs went to stderr as they happened.
                self.send_response(self.iopub_socket, "error", error)
            return {"status": "error", "execution_count": count, **error}
        return self._reply_ok(count, payload=[ASK_EXIT] if result.closes_host else None)

    @staticmethod
    def _reply_ok(count: int, payload: list[dict[str, Any]] | None = None
                  ) -> dict[str, Any]:
        return {
            "status": "ok",
            "execution_count": count,
            "payload": payload or [],
            "user_expressions": {},
        }

    # ------------------------------------------------------------------ language services

    async def do_complete(self, code: str, cursor_pos: int) -> dict[str, Any]:  # type: ignore[override]
        matches, start, end, meta = self.engine.complete(code, cursor_pos)
        return {
            "status": "ok",
            "matches": matches,
            "cursor_start": start,
            "cursor_end": end,
            "metadata": meta,
        }

    async def do_inspect(  # type: ignore[override]
        self, code: str, cursor_pos: int, detail_level: int = 0, omit_sections: Any = ()
    ) -> dict[str, Any]:
        text = self.engine.inspect(code, cursor_pos, detail=detail_level > 0)
        return {
            "status": "ok",
            "found": text is not None,
            "data": {"text/plain": text} if text else {},
            "metadata": {},
        }

    async def do_is_complete(self, code: str) -> dict[str, Any]:  # type: ignore[override]
        status, indent = is_complete(code, is_ours=self.engine.is_ours)
        reply: dict[str, Any] = {"status": status}
        if status == "incomplete":
            reply["indent"] = indent
        return reply

    async def do_shutdown(self, restart: bool) -> dict[str, Any]:  # type: ignore[override]
        """Close connections (jobs keep running). ipykernel runs this on the control
        thread's loop; the engine lives on the main loop, so it is closed there."""
        main = self.io_loop.asyncio_loop
        main.call_soon_threadsafe(self.output.live_tables.end_all)  # tables stay snapshots
        closing = asyncio.run_coroutine_threadsafe(self.engine.close(), main)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(asyncio.wrap_future(closing), SHUTDOWN_TIMEOUT)
        reply = super().do_shutdown(restart)
        return await reply if inspect.isawaitable(reply) else reply


def _ignore_sigint(signum: int, frame: Any) -> None:
    """SIGINT while idle does nothing (see the module docstring, item 5)."""
