"""The launcher: a small process, forked once at agent start, that forks every supervisor.

Forking the agent itself for each job would copy the page tables of an asyncio
process of 20+ MB and stall its event loop for a millisecond or more per job. The
launcher is forked before the agent loads its server (main.py), so it is small, and the
forks happen in it, on the other core, while the agent has already replied.

The agent sends one message per job over a stream socket pair: the length-prefixed JSON
of the job's directory and :class:`~.supervisor.JobSpec` (so what the job runs, its
environment included, is never written to disk), with the job's spool descriptor as
SCM_RIGHTS — open, and flocked, so the job is Running from the moment its record
exists. A stream socket queues hundreds of such messages, so the agent does not wait
for the forks even when jobs are started by the hundred.

The launcher forks, and the child calls setsid() and becomes the supervisor: together
with the launcher's own fork from the agent, that is the classic double fork — the
supervisor leads a session of its own, is nobody's foreground, and outlives both
(SIGCHLD is ignored here, so nothing needs reaping).

The launcher holds nothing of the client's: stdin and stdout are /dev/null in it, so a
dead agent is seen as the end of its pipes at once. It exits when the agent's end of the
socket closes.
"""

from __future__ import annotations

import array
import asyncio
import collections
import contextlib
import gc
import json
import os
import signal
import socket
import struct
from typing import Any, Deque

from . import supervisor

_LENGTH = struct.Struct(">I")
_FD_SPACE = socket.CMSG_SPACE(array.array("i").itemsize)


class _Launch:
    """One queued message; its descriptor stays open until the whole message is sent."""

    def __init__(self, message: bytes, fd: int) -> None:
        self.message = message
        self.sent = 0
        self.fd = fd


class Launcher:
    """The agent's end. Launches are queued and written as the socket takes them, so the
    agent replies at once even while the launcher is busy forking."""

    def __init__(self) -> None:
        self._sock: socket.socket | None = None
        self._queue: Deque[_Launch] = collections.deque()
        self._watching = False

    def start(self) -> None:
        """Fork the launcher (call this before anything heavy is imported)."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        if os.fork() == 0:
            try:
                ours.close()
                _serve(theirs)
            finally:
                os._exit(0)
        theirs.close()
        ours.setblocking(False)
        self._sock = ours

    def launch(self, job_dir: str, spool_fd: int, spec: supervisor.JobSpec) -> None:
        """Have the job in ``job_dir`` started (the caller may close ``spool_fd`` at once)."""
        payload = json.dumps({"dir": job_dir, "spec": spec.to_wire()}).encode()
        self._queue.append(_Launch(_LENGTH.pack(len(payload)) + payload, os.dup(spool_fd)))
        self._send(restart=True)

    def _send(self, restart: bool = False) -> None:
        """Write what the socket takes now; a launcher that died is replaced, once."""
        assert self._sock is not None
        while self._queue:
            launch = self._queue[0]
            try:
                if launch.sent == 0:
                    self._send_first(launch)
                else:
                    launch.sent += self._sock.send(launch.message[launch.sent :])
            except BlockingIOError:
                break
            except OSError:
                if not restart:
                    raise
                self._restart()
                restart = False
                continue
            if launch.sent == len(launch.message):
                os.close(launch.fd)
                self._queue.popleft()
        self._watch(bool(self._queue))

    def _restart(self) -> None:
        self._watch(False)
        assert self._sock is not None
        self._sock.close()
        self.start()
        for launch in self._queue:
            launch.sent = 0

    def _watch(self, on: bool) -> None:
        if on != self._watching and self._sock is not None:
            self._watching = on
            loop = asyncio.get_running_loop()
            if on:
                loop.add_writer(self._sock.fileno(), self._send)
            else:
                loop.remove_writer(self._sock.fileno())

    def close(self) -> None:
        """Hand over what is still queued (waiting for the launcher now), then let go."""
        if self._sock is None:
            return
        self._sock.setblocking(True)
        for launch in self._queue:
            with contextlib.suppress(OSError):
                if launch.sent == 0:
                    self._send_first(launch)
                self._sock.sendall(launch.message[launch.sent :])
            os.close(launch.fd)
        self._queue.clear()
        self._sock.close()
        self._sock = None

    def _send_first(self, launch: _Launch) -> None:
        """The descriptor goes with the message's first bytes."""
        assert self._sock is not None
        fds = [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [launch.fd]))]
        launch.sent = self._sock.sendmsg([launch.message], fds)


def _serve(sock: socket.socket) -> None:
    # Everything alive now is shared with every supervisor: keep the garbage collector
    # from ever touching it there, which would copy those pages into each of them.
    gc.freeze()
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    os.close(null)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        # The descriptor comes with the first bytes of its message, and the kernel
        # never glues data that carries descriptors to what follows; the rest of the
        # message is then read to its exact length, never into the next one.
        data, ancillary, _, _ = sock.recvmsg(65536, _FD_SPACE)
        if not data:
            return
        fds = array.array("i")
        for level, kind, payload in ancillary:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                fds.frombytes(payload[: len(payload) - len(payload) % fds.itemsize])
        message = bytearray(data)
        while len(message) < _LENGTH.size:
            message += sock.recv(_LENGTH.size - len(message))
        (length,) = _LENGTH.unpack_from(message)
        while len(message) < _LENGTH.size + length:
            message += sock.recv(_LENGTH.size + length - len(message))
        if fds:
            request = json.loads(bytes(message[_LENGTH.size :]))
            _fork_supervisor(request["dir"], fds[0], request["spec"])
        for fd in fds:
            with contextlib.suppress(OSError):
                os.close(fd)


def _fork_supervisor(job_dir: str, spool_fd: int, spec: dict[str, Any]) -> None:
    if os.fork() == 0:
        try:
            os.setsid()
            supervisor.run(job_dir, spool_fd, spec)
        finally:
            os._exit(0)
