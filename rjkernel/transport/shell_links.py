"""The two pipes a persistent shell can run over: an SSH exec channel, a local process.

A link starts the shell program, carries bytes both ways, reports what comes back to a
``LinkListener`` (stdout/stderr data, the exit status, the end of the streams, the loss
of the transport) and can signal the shell's process group. It knows nothing of the
framing; shell.py does.

Over SSH the shell is ``exec sh`` on a session channel: sshd ``setsid``s the session, so
the shell leads its own process group, and signals go through a second, short exec
channel (``kill -INT -- -<pgid>``; the pgid is an integer the shell reported, never user
text). Locally the shell is started with ``start_new_session=True`` — out of the
kernel's process group, which a Jupyter interrupt signals as a whole — and signalled
with ``os.killpg``.

A shell started while SIGINT is *ignored* could never trap it, and nor could its
children undo it (signals ignored at a non-interactive shell's start stay ignored).
The kernel ignores SIGINT while idle, so the local child resets SIGINT to its default
disposition before exec (``preexec_fn``; it only calls ``signal.signal``, which is
safe between fork and exec).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections.abc import Sequence
from typing import Protocol

import asyncssh

STDOUT, STDERR = 1, 2


class LinkListener(Protocol):
    """What a link reports to (implemented by PersistentShell)."""

    def link_data(self, stream: int, data: bytes) -> None: ...

    def link_exit(self, status: int | None, description: str) -> None: ...

    def link_eof(self) -> None: ...

    def link_lost(self, reason: str) -> None: ...


class ShellLink(Protocol):
    """What PersistentShell needs from a transport."""

    def write(self, data: bytes) -> None: ...

    def write_eof(self) -> None: ...

    async def signal_group(self, pgid: int, sig: signal.Signals) -> None: ...

    def abort(self) -> None: ...


class _ChannelSession(asyncssh.SSHClientSession[bytes]):
    """asyncssh's callbacks for the shell's channel, forwarded to the listener."""

    def __init__(self, listener: LinkListener) -> None:
        self._listener = listener

    def data_received(self, data: bytes, datatype: asyncssh.DataType) -> None:
        stream = STDERR if datatype == asyncssh.EXTENDED_DATA_STDERR else STDOUT
        self._listener.link_data(stream, data)

    def eof_received(self) -> bool:
        self._listener.link_eof()
        return False

    def exit_status_received(self, status: int) -> None:
        self._listener.link_exit(status, f"the shell exited with status {status}")

    def exit_signal_received(self, signal: str, core_dumped: bool, msg: str, lang: str) -> None:
        self._listener.link_exit(None, f"the shell was killed by SIG{signal}")

    def connection_lost(self, exc: Exception | None) -> None:
        reason = f"the SSH channel was lost: {exc}" if exc else "the SSH channel was closed"
        self._listener.link_lost(reason)


class SSHShellLink:
    """A shell on an exec channel of an asyncssh connection."""

    def __init__(
        self, conn: asyncssh.SSHClientConnection, channel: asyncssh.SSHClientChannel[bytes]
    ) -> None:
        self._conn = conn
        self._channel = channel

    @classmethod
    async def start(
        cls, conn: asyncssh.SSHClientConnection, program: str, listener: LinkListener
    ) -> SSHShellLink:
        """Open the channel and ``exec`` the shell program (raises asyncssh errors)."""
        channel, _ = await conn.create_session(
            lambda: _ChannelSession(listener), f"exec {program}", encoding=None
        )
        return cls(conn, channel)

    def write(self, data: bytes) -> None:
        self._channel.write(data)

    def write_eof(self) -> None:
        self._channel.write_eof()

    async def signal_group(self, pgid: int, sig: signal.Signals) -> None:
        # ``kill -INT -123`` (no ``--``): dash, the /bin/sh of Debian hosts, rejects
        # ``kill -INT -- -123`` ("Illegal number: -"); bash and busybox accept both.
        name = signal.Signals(sig).name.removeprefix("SIG")
        await self._conn.run(f"kill -{name} -{int(pgid)}", check=False)

    def abort(self) -> None:
        self._channel.close()


class _ProcessProtocol(asyncio.SubprocessProtocol):
    """asyncio's callbacks for the local shell process, forwarded to the listener."""

    def __init__(self, listener: LinkListener) -> None:
        self._listener = listener
        self.transport: asyncio.SubprocessTransport | None = None
        self._open_pipes = {STDOUT, STDERR}

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.SubprocessTransport)
        self.transport = transport

    def pipe_data_received(self, fd: int, data: bytes) -> None:
        self._listener.link_data(fd, data)

    def pipe_connection_lost(self, fd: int, exc: Exception | None) -> None:
        self._open_pipes.discard(fd)
        if not self._open_pipes:
            self._listener.link_eof()

    def process_exited(self) -> None:
        assert self.transport is not None
        status = self.transport.get_returncode()
        if status is not None and status < 0:
            killer = signal.Signals(-status).name
            self._listener.link_exit(None, f"the shell was killed by {killer}")
        else:
            self._listener.link_exit(status, f"the shell exited with status {status}")


class LocalShellLink:
    """A shell in a local child process of its own session."""

    def __init__(self, protocol: _ProcessProtocol) -> None:
        self._protocol = protocol

    @classmethod
    async def start(
        cls,
        argv: Sequence[str],
        listener: LinkListener,
        *,
        cwd: str | None = None,
        env: dict[str, str] | None = None,
    ) -> LocalShellLink:
        """Start the process (raises OSError when it cannot be started)."""
        loop = asyncio.get_running_loop()
        _, protocol = await loop.subprocess_exec(
            lambda: _ProcessProtocol(listener),
            *argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            cwd=cwd,
            env=env,
            start_new_session=True,
            preexec_fn=_default_sigint,
        )
        return cls(protocol)

    @property
    def _transport(self) -> asyncio.SubprocessTransport:
        assert self._protocol.transport is not None
        return self._protocol.transport

    def write(self, data: bytes) -> None:
        stdin = self._transport.get_pipe_transport(0)
        assert isinstance(stdin, asyncio.WriteTransport)
        stdin.write(data)

    def write_eof(self) -> None:
        stdin = self._transport.get_pipe_transport(0)
        assert isinstance(stdin, asyncio.WriteTransport)
        stdin.write_eof()

    async def signal_group(self, pgid: int, sig: signal.Signals) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, sig)

    def abort(self) -> None:
        self._transport.close()


def _default_sigint() -> None:
    """In the child between fork and exec: SIGINT back to its default (see module doc)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
