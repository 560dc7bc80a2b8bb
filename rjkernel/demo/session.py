"""One SSH session channel of a demo host, run as a real local process the way sshd runs it.

Rules (sshd's, as far as a client can tell):

- An exec request runs ``/bin/sh -c <command>``; a shell request runs ``/bin/sh`` reading
  commands from the channel. PTY and subsystem requests (sftp…) are refused.
- The child starts in a new session (``setsid``), so its process group id is its pid: a
  ``kill -INT -<pid>`` sent through another channel reaches the whole foreground
  command. A ``signal`` request (or a break, as SIGINT) goes to the child's pid, as sshd
  does it.
- The environment is clean: PATH (the demo's own), HOME (the host's directory, also the
  cwd), USER, LOGNAME, SHELL, LANG; plus the LANG and LC_* values the client sends
  (Debian sshd's ``AcceptEnv``). Nothing of the demo's or the notebook server's
  environment leaks onto the "remote" host.
- stdin, stdout and stderr are pipes carrying raw bytes.
- The channel ends as sshd ends it: once the child has exited *and* its stdout and stderr
  have reached EOF (a background child still holding stdout keeps the channel open), EOF
  is sent, then ``exit-status`` or ``exit-signal``, then the channel closes. Input the
  child never read is discarded. A client that goes away does not kill the child (its
  pipes are closed, as sshd closes them); ``HostSessions.stop`` does, when the host stops.

Flow control — any volume passes in flat memory, both ways:

- Output: while the channel cannot send (``pause_writing``), the child's stdout and
  stderr are not read, so the child blocks on a full pipe.
- Input: while the child's stdin pipe is full, the channel stops reading, so the client
  runs out of window. Two library behaviours shape how: asyncssh re-opens the *whole*
  window on every delivery after a pause, even while earlier data still waits in its
  buffer, so pausing in the middle of its delivery loop lets that buffer grow without
  bound (93 MB held after 128 MiB of input, measured); and CPython's pipe transport (seen
  with 3.11) closes the pipe with data still unsent if, inside its "buffer drained" callback,
  the protocol writes more and then EOF. So pause and resume are never applied inside
  those callbacks: they are scheduled (``call_soon``) and applied as one reconciliation.
  At most about two windows (2 × 2 MiB) are buffered.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import signal
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import cast

import asyncssh

SHELL = "/bin/sh"
STDIN, STDOUT, STDERR = 0, 1, 2
_ACCEPTED_CLIENT_ENV_PREFIXES = ("LC_",)
_ACCEPTED_CLIENT_ENV = frozenset({"LANG"})
_STOP_GRACE_SECONDS = 2.0
_WIDE_PIPE_BYTES = 1 << 20


def session_environment(
    *, home: Path, user: str, path: str, lang: str, client_env: Mapping[str, str]
) -> dict[str, str]:
    """The environment of a session's child (see the module rules)."""
    env = {
        "PATH": path,
        "HOME": str(home),
        "USER": user,
        "LOGNAME": user,
        "SHELL": SHELL,
        "LANG": lang,
    }
    env.update(
        (name, value)
        for name, value in client_env.items()
        if name in _ACCEPTED_CLIENT_ENV or name.startswith(_ACCEPTED_CLIENT_ENV_PREFIXES)
    )
    return env


def shell_argv(command: str | None) -> list[str]:
    """``/bin/sh -c <command>`` for an exec request, ``/bin/sh`` for a shell request."""
    return [SHELL] if command is None else [SHELL, "-c", command]


def signal_named(name: str) -> signal.Signals | None:
    """The signal an SSH ``signal`` request names (``"INT"``), if this system has it."""
    found = getattr(signal, f"SIG{name}", None)
    return found if isinstance(found, signal.Signals) else None


class HostSessions:
    """Makes the session handlers of one host and knows which children are still running."""

    def __init__(self, *, home: Path, user: str) -> None:
        self.home = home
        self.user = user
        self.path = os.environ.get("PATH") or os.defpath
        self.lang = os.environ.get("LANG") or "C.UTF-8"
        # Process group id (= the child's pid) → resolved once the child has exited and
        # its output pipes are closed; until then it, or something it left in its group
        # holding stdout, may still be running.
        self._running: dict[int, asyncio.Future[None]] = {}

    def new_session(self) -> ChildSession:
        """The handler for a new session channel (``SSHServer.session_requested``)."""
        return ChildSession(self)

    def track(self, pgid: int) -> Callable[[], None]:
        """Record a running child; the returned callable records that it is done."""
        done = asyncio.get_running_loop().create_future()
        self._running[pgid] = done

        def finished() -> None:
            del self._running[pgid]
            done.set_result(None)

        return finished

    async def stop(self) -> None:
        """End what still runs for a channel: SIGTERM to each such process group, SIGKILL
        after a grace period. Detached grandchildren (the job agent's jobs, in sessions of
        their own) are not touched: jobs outlive their hosts' sessions."""
        running = dict(self._running)
        if not running:
            return
        for pgid in running:
            _signal_group(pgid, signal.SIGTERM)
        _, late = await asyncio.wait(running.values(), timeout=_STOP_GRACE_SECONDS)
        for pgid, done in running.items():
            if done in late:
                _signal_group(pgid, signal.SIGKILL)
        if late:
            await asyncio.wait(late, timeout=_STOP_GRACE_SECONDS)


class ChildSession(asyncssh.SSHServerSession[bytes]):
    """One session channel and the child process it runs (see the module rules).

    The channel's callbacks come here directly; the child's come through ``_Child``.
    """

    def __init__(self, sessions: HostSessions) -> None:
        self._sessions = sessions
        self._chan: asyncssh.SSHServerChannel[bytes] | None = None
        self._command: str | None = None
        self._child: asyncio.SubprocessTransport | None = None
        self._finished: Callable[[], None] | None = None
        self._returncode: int | None = None
        self._open_outputs = {STDOUT, STDERR}
        self._channel_open = True
        self._input_eof = False
        self._input_full = False  # the child's stdin pipe is above its high-water mark
        self._output_paused = False  # the channel cannot send
        self._reconcile_scheduled = False
        self._starting: asyncio.Task[None] | None = None
        self._early_input: list[bytes] = []

    # -- the channel (asyncssh.SSHServerSession) -----------------------------------

    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:
        self._chan = chan

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str) -> bool:
        self._command = command
        return True

    def session_started(self) -> None:
        self._starting = asyncio.ensure_future(self._start())

    def data_received(self, data: bytes, datatype: asyncssh.DataType) -> None:
        stdin = self._pipe(STDIN)
        if stdin is not None:
            if not stdin.is_closing():  # else the child stopped reading: discard
                cast(asyncio.WriteTransport, stdin).write(data)
        elif self._child is None:
            # Input that came before the child exists (asyncssh starts reading right
            # after session_started); the reconciliation pauses the channel meanwhile.
            self._early_input.append(data)
            self._schedule_reconcile()

    def eof_received(self) -> bool:
        self._input_eof = True
        stdin = self._pipe(STDIN)
        if stdin is not None:
            cast(asyncio.WriteTransport, stdin).write_eof()
        return True  # half-close: output still flows

    def pause_writing(self) -> None:
        self._output_paused = True
        self._apply_output_flow()

    def resume_writing(self) -> None:
        self._output_paused = False
        self._apply_output_flow()

    def signal_received(self, signal: str) -> None:
        sig = signal_named(signal)
        if sig is not None:
            self._signal_child(sig)

    def break_received(self, msec: int) -> bool:
        self._signal_child(signal.SIGINT)
        return True

    def connection_lost(self, exc: Exception | None) -> None:
        """The channel is gone: close the child's pipes (as sshd does), leave it running."""
        self._channel_open = False
        self._close_pipes()

    # -- the child (called by _Child) -------------------------------------------------

    def child_output(self, fd: int, data: bytes) -> None:
        if self._channel_open:
            self._channel().write(data, None if fd == STDOUT else asyncssh.EXTENDED_DATA_STDERR)

    def child_output_closed(self, fd: int) -> None:
        self._open_outputs.discard(fd)
        self._maybe_finish()

    def child_exited(self, returncode: int) -> None:
        self._returncode = returncode
        self._maybe_finish()

    def child_input_full(self, full: bool) -> None:
        self._input_full = full
        self._schedule_reconcile()

    # -- internals ----------------------------------------------------------------------

    async def _start(self) -> None:
        """Start the child; never raises (a session task's exception would be lost)."""
        chan = self._channel()
        env = session_environment(
            home=self._sessions.home, user=self._sessions.user, path=self._sessions.path,
            lang=self._sessions.lang, client_env=chan.get_environment(),
        )
        loop = asyncio.get_running_loop()
        try:
            transport, _ = await loop.subprocess_exec(
                lambda: _Child(self), *shell_argv(self._command),
                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                cwd=self._sessions.home, env=env, start_new_session=True,
            )
        except OSError as exc:
            if self._channel_open:
                chan.write(f"cannot start {SHELL}: {exc}\n".encode(), asyncssh.EXTENDED_DATA_STDERR)
                chan.exit(127)
            return
        self._child = transport
        self._finished = self._sessions.track(transport.get_pid())
        _widen_pipe(transport.get_pipe_transport(STDOUT))
        if not self._channel_open:  # the client went away while the child was starting
            self._close_pipes()
            return
        stdin = cast(asyncio.WriteTransport, transport.get_pipe_transport(STDIN))
        stdin.writelines(self._early_input)
        self._early_input.clear()
        if self._input_eof:  # it came while the child was starting
            stdin.write_eof()
        self._apply_output_flow()
        self._schedule_reconcile()
        self._maybe_finish()  # the child may have exited already

    def _maybe_finish(self) -> None:
        """Once the child has exited and its output is all read: report, then release."""
        if self._returncode is None or self._open_outputs or self._finished is None:
            return
        if self._channel_open:
            chan = self._channel()
            with contextlib.suppress(OSError):
                chan.write_eof()
            if self._returncode >= 0:
                chan.exit(self._returncode)
            else:
                chan.exit_with_signal(signal.Signals(-self._returncode).name[len("SIG") :])
        assert self._child is not None
        self._child.close()  # the child has exited: this only releases the pipes
        self._finished()
        self._finished = None

    def _schedule_reconcile(self) -> None:
        """Apply the input pause state soon, outside the asyncssh/asyncio callbacks that
        reported the change (see "Flow control" in the module docstring)."""
        if not self._reconcile_scheduled:
            self._reconcile_scheduled = True
            asyncio.get_running_loop().call_soon(self._reconcile_input)

    def _reconcile_input(self) -> None:
        self._reconcile_scheduled = False
        if not self._channel_open:
            return
        if self._child is None or self._input_full:
            self._channel().pause_reading()
        else:
            self._channel().resume_reading()

    def _apply_output_flow(self) -> None:
        for fd in (STDOUT, STDERR):
            pipe = self._pipe(fd)
            if pipe is not None and not pipe.is_closing():
                reader = cast(asyncio.ReadTransport, pipe)
                if self._output_paused:
                    reader.pause_reading()
                else:
                    reader.resume_reading()

    def _close_pipes(self) -> None:
        for fd in (STDIN, STDOUT, STDERR):
            pipe = self._pipe(fd)
            if pipe is not None:
                pipe.close()

    def _signal_child(self, sig: signal.Signals) -> None:
        if self._child is not None and self._returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._child.get_pid(), sig)

    def _pipe(self, fd: int) -> asyncio.BaseTransport | None:
        return self._child.get_pipe_transport(fd) if self._child is not None else None

    def _channel(self) -> asyncssh.SSHServerChannel[bytes]:
        assert self._chan is not None, "asyncssh calls connection_made first"
        return self._chan


class _Child(asyncio.SubprocessProtocol):
    """The child process's callbacks, handed to its ChildSession."""

    def __init__(self, session: ChildSession) -> None:
        self._session = session
        self._transport: asyncio.SubprocessTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = cast(asyncio.SubprocessTransport, transport)

    def pipe_data_received(self, fd: int, data: bytes | str) -> None:
        self._session.child_output(fd, cast(bytes, data))

    def pipe_connection_lost(self, fd: int, exc: Exception | None) -> None:
        if fd in (STDOUT, STDERR):
            self._session.child_output_closed(fd)

    def process_exited(self) -> None:
        assert self._transport is not None
        returncode = self._transport.get_returncode()
        assert returncode is not None
        self._session.child_exited(returncode)

    def pause_writing(self) -> None:
        self._session.child_input_full(True)

    def resume_writing(self) -> None:
        self._session.child_input_full(False)


def _widen_pipe(pipe: asyncio.BaseTransport | None) -> None:
    """Give a pipe 1 MiB of buffer (Linux; best effort: the per-user pipe quota may say no).

    asyncio reads a pipe 256 KiB at a time into a fresh buffer; from a default 64 KiB pipe
    each read returns a quarter of that buffer, and reading bulk output costs about three
    times as much CPU (measured: 97 µs per 64 KiB read, against 77 µs per 256 KiB).
    """
    set_size = getattr(fcntl, "F_SETPIPE_SZ", None)
    if pipe is None or pipe.is_closing() or set_size is None:
        return
    with contextlib.suppress(OSError):
        fcntl.fcntl(pipe.get_extra_info("pipe").fileno(), set_size, _WIDE_PIPE_BYTES)


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)
