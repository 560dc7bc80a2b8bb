"""A persistent POSIX shell: one per runspace, so cwd and exported variables persist.

A command costs one round trip on an open pipe (no channel, no fork of a session), and
its output streams back as it is produced. The wire protocol is in framing.py; the
pipe (an SSH exec channel or a local process) is in shell_links.py.

Rules:

* Commands run in the order ``run`` was called; several may be in flight (each is
  queued in the shell's stdin), and each end marker completes the oldest command on
  its stream. A command is done when both its stdout and stderr markers have come.
* ``interrupt()`` sends SIGINT to the shell's process group: the foreground command
  dies (it has the default SIGINT), the shell's trap skips the rest of the chunk
  (framing.py), the command reports status 130, and the shell lives on. Commands the
  user put in the background inside the shell ignore SIGINT (POSIX, non-interactive
  shell) and survive; rjkernel's own jobs never run in this shell (they belong to the
  job agent), so an interrupt cannot reach them.
* A cancelled ``run`` (the kernel's interrupt cancels the cell's task) stops
  delivering output, interrupts the command if it is the one running, and leaves the
  queue consistent: its marker still arrives and is consumed.
* Output that arrives while no command is waiting (a background process the user
  started with ``&`` writing later) belongs to no command and is dropped.
* If the shell ends — ``exit`` in a chunk, ``set -e`` tripping, the channel or
  connection lost — every pending ``run`` raises ``ShellClosed`` with the exit status
  when there is one, and ``closed`` becomes true. The caller may open a new shell.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections import deque
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from typing import Any

import asyncssh

from rjkernel.timeouts import within
from rjkernel.transport.framing import (
    Marker,
    MarkerScanner,
    bootstrap,
    new_token,
    parse_status,
    wrap,
)
from rjkernel.transport.shell_links import (
    STDERR,
    STDOUT,
    LocalShellLink,
    ShellLink,
    SSHShellLink,
)

log = logging.getLogger(__name__)

OutputCallback = Callable[[bytes], None]
DEFAULT_PROGRAM = "sh"
EXIT_GRACE = 1.0  # after an exit status, how long to wait for the streams' end
CLOSE_TIMEOUT = 2.0
START_TIMEOUT = 30.0
INTERRUPT_RETRIES = (0.2, 0.4, 0.8)  # seconds to wait before sending SIGINT again


class ShellError(Exception):
    """A persistent shell failed: it could not start, or (ShellClosed) it has ended."""


class ShellClosed(ShellError):
    """The shell has ended; ``exit_status`` is set when it exited normally (``exit 3``)."""

    def __init__(self, reason: str, exit_status: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.exit_status = exit_status


@dataclass
class _Command:
    """One command in flight: where its output goes, and its completion."""

    on_stdout: OutputCallback | None
    on_stderr: OutputCallback | None
    done: asyncio.Future[int]
    status: int | None = None
    cwd: str | None = None
    streams_open: set[int] = field(default_factory=lambda: {STDOUT, STDERR})

    def detach(self) -> None:
        """Drop any further output (the caller has stopped listening)."""
        self.on_stdout = self.on_stderr = None


class PersistentShell:
    """One long-lived shell; see the module docstring for the rules."""

    def __init__(self, token: str) -> None:
        self._token = token
        self._link: ShellLink | None = None
        self._scanners = {STDOUT: MarkerScanner(token), STDERR: MarkerScanner(token)}
        self._queues: dict[int, deque[_Command]] = {STDOUT: deque(), STDERR: deque()}
        self._ended: asyncio.Future[ShellClosed] = asyncio.get_running_loop().create_future()
        self._exit_status: int | None = None
        self._exit_description: str | None = None
        self._exit_timer: asyncio.TimerHandle | None = None
        self._eof = False
        self._tasks: set[asyncio.Task[None]] = set()
        self.pgid = 0
        self.user = ""
        self.home = ""
        self.cwd = ""

    @classmethod
    async def open_ssh(
        cls,
        conn: asyncssh.SSHClientConnection,
        *,
        program: str = DEFAULT_PROGRAM,
        start_in_home: bool = True,
    ) -> PersistentShell:
        """A shell on a new exec channel of ``conn``, started in ``$HOME`` by default."""
        shell = cls(new_token())
        try:
            link = await SSHShellLink.start(conn, program, shell)
        except (asyncssh.Error, OSError) as exc:
            raise ShellError(f"could not open a shell channel: {exc}") from exc
        await shell._start(link, start_in_home=start_in_home)
        return shell

    @classmethod
    async def open_local(
        cls,
        *,
        argv: Sequence[str] = (DEFAULT_PROGRAM,),
        cwd: str | None = None,
        env: dict[str, str] | None = None,
    ) -> PersistentShell:
        """A shell in a local process of its own session, started in ``cwd``."""
        shell = cls(new_token())
        try:
            link = await LocalShellLink.start(argv, shell, cwd=cwd, env=env)
        except OSError as exc:
            raise ShellError(f"could not start {argv[0]}: {exc}") from exc
        await shell._start(link, start_in_home=False)
        return shell

    @property
    def closed(self) -> bool:
        return self._ended.done()

    async def wait_closed(self) -> ShellClosed:
        """Wait for the shell to end; returns why it did."""
        return await asyncio.shield(self._ended)

    async def run(
        self,
        text: str,
        on_stdout: OutputCallback | None = None,
        on_stderr: OutputCallback | None = None,
    ) -> int:
        """Run ``text`` in the shell; stream its output; return its exit status.

        Raises ShellClosed if the shell ends first (``exit`` in ``text`` included).
        """
        command = self._send(wrap(text, self._token), on_stdout, on_stderr)
        try:
            return await asyncio.shield(command.done)
        except asyncio.CancelledError:
            command.detach()
            running = self._queues[STDOUT]
            if not command.done.done() and running and running[0] is command:
                self._spawn(self.interrupt())
            raise

    async def interrupt(self) -> None:
        """Interrupt the running command (SIGINT to the shell's process group).

        Returns once it has ended, or after the last retry. A SIGINT that lands while
        the shell is forking a command reaches neither the shell (its trap waits for
        the child) nor the command (the child's handler is reset at exec), so until
        the command ends the signal is sent again after each of INTERRUPT_RETRIES.
        A command that catches SIGINT to clean up gets a few more, no more.
        """
        running = self._queues[STDOUT]
        if self._link is None or self.closed or not running:
            return
        command = running[0]
        for wait in (*INTERRUPT_RETRIES, 0.0):
            await self._link.signal_group(self.pgid, signal.SIGINT)
            if not wait:
                return
            with contextlib.suppress(asyncio.TimeoutError):
                await within(asyncio.wait([command.done]), wait)
            if command.done.done():
                return

    async def close(self, timeout: float = CLOSE_TIMEOUT) -> None:
        """End the shell: EOF on its input, then SIGKILL to its group if it lingers."""
        if self._link is None or self.closed:
            return
        if self._queues[STDOUT]:
            await self._guarded(self.interrupt())
        with contextlib.suppress(OSError, asyncssh.Error):
            self._link.write_eof()
        try:
            await asyncio.wait_for(self.wait_closed(), timeout)
        except asyncio.TimeoutError:
            await self._guarded(self._link.signal_group(self.pgid, signal.SIGKILL))
            self._link.abort()
            self._end(ShellClosed("the shell was killed after it did not exit on EOF"))

    # -- LinkListener -------------------------------------------------------------

    def link_data(self, stream: int, data: bytes) -> None:
        queue = self._queues[stream]
        for event in self._scanners[stream].feed(data):
            if isinstance(event, Marker):
                if queue:
                    self._marker(stream, queue.popleft(), event)
            elif queue:
                callback = queue[0].on_stdout if stream == STDOUT else queue[0].on_stderr
                if callback is not None:
                    callback(event)

    def link_exit(self, status: int | None, description: str) -> None:
        self._exit_status, self._exit_description = status, description
        if self._eof:
            self._end_after_exit()
        elif self._exit_timer is None and not self.closed:
            # Normally the streams end right after; a background child that kept them
            # open must not keep the shell "alive".
            loop = asyncio.get_running_loop()
            self._exit_timer = loop.call_later(EXIT_GRACE, self._end_after_exit)

    def link_eof(self) -> None:
        self._eof = True
        if self._exit_description is not None:
            self._end_after_exit()

    def link_lost(self, reason: str) -> None:
        if self._exit_description is not None:
            self._end_after_exit()
        else:
            self._end(ShellClosed(reason))

    # -- internals ----------------------------------------------------------------

    async def _start(self, link: ShellLink, *, start_in_home: bool) -> None:
        self._link = link
        setup, hello = bootstrap(self._token, start_in_home=start_in_home)
        link.write(setup)
        output: list[bytes] = []
        errors: list[bytes] = []
        command = self._send(hello, output.append, errors.append)
        try:
            await within(asyncio.shield(command.done), START_TIMEOUT)
            pid, self.user, self.home = b"".join(output).decode("utf-8", "replace").split("\n")[:3]
            self.pgid = int(pid)
        except (ShellClosed, ValueError, asyncio.TimeoutError) as exc:
            link.abort()
            why = str(exc) or f"no answer within {START_TIMEOUT:g} s"
            stderr = b"".join(errors).decode("utf-8", "replace").strip()
            raise ShellError(f"the shell did not start: {why} {stderr}".strip()) from exc

    def _send(
        self, data: bytes, on_stdout: OutputCallback | None, on_stderr: OutputCallback | None
    ) -> _Command:
        if self.closed:
            why = self._ended.result()
            raise ShellClosed(why.reason, why.exit_status)
        assert self._link is not None
        try:
            self._link.write(data)
        except (OSError, asyncssh.Error) as exc:
            self._end(ShellClosed(f"the shell's input is closed: {exc}"))
            raise ShellClosed(f"the shell's input is closed: {exc}") from exc
        # No await since the write: the command's markers cannot have arrived yet.
        command = _Command(on_stdout, on_stderr, asyncio.get_running_loop().create_future())
        self._queues[STDOUT].append(command)
        self._queues[STDERR].append(command)
        return command

    def _marker(self, stream: int, command: _Command, marker: Marker) -> None:
        if stream == STDOUT:
            command.status, command.cwd = parse_status(marker.payload)
        command.streams_open.discard(stream)
        if command.streams_open or command.done.done():
            return
        assert command.status is not None and command.cwd is not None
        self.cwd = command.cwd
        command.done.set_result(command.status)

    def _end_after_exit(self) -> None:
        self._end(ShellClosed(self._exit_description or "the shell ended", self._exit_status))

    def _end(self, why: ShellClosed) -> None:
        if self.closed:
            return
        if self._exit_timer is not None:
            self._exit_timer.cancel()
        self._ended.set_result(why)
        for queue in self._queues.values():
            while queue:
                command = queue.popleft()
                if not command.done.done():
                    command.done.set_exception(ShellClosed(why.reason, why.exit_status))
                    command.done.exception()  # a cancelled caller may never look

    def _spawn(self, signalling: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(self._guarded(signalling))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    @staticmethod
    async def _guarded(signalling: Coroutine[Any, Any, None]) -> None:
        """Await a best-effort signal; a lost connection only means there is no one left."""
        try:
            await signalling
        except (asyncssh.Error, OSError) as exc:
            log.debug("shell signal not delivered: %s", exc)
