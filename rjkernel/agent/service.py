"""Serving one client: say hello, answer requests, push events, until the client goes.

When the client goes away (end of stdin, or stdout broken) the agent lets go of its
runspaces — they become Disconnected — and returns. Its jobs run on: they belong to
their supervisors, and a later agent can attach their runspace and find them.

An agent nobody uses also goes: with no runspace attached and no request for
``$RJKERNEL_AGENT_IDLE_EXIT`` seconds (default 600) it returns the same way, so a
client that keeps its connection (an open PSSession that never started a job) does not
keep a Python process on the host forever. An attached runspace — a session whose jobs
the client follows — keeps it; the client starts a new agent when it needs one again.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import platform
import pwd
import secrets
import socket
import sys

from . import notify
from .handlers import Context, release_runspace
from .launcher import Launcher
from .output import OutputChannel
from .protocol import MAX_LINE, MINOR, VERSION, Hello, encode_hello
from .server import Server
from .store import Store, boot_id
from .watch import JobWatch

IDLE_EXIT_VARIABLE = "RJKERNEL_AGENT_IDLE_EXIT"
DEFAULT_IDLE_EXIT = 600.0


def run(store: Store, launcher: Launcher) -> int:
    """Serve the client on stdin/stdout; returns the process's exit status."""
    return asyncio.run(_serve(store, launcher))


def _user() -> str:
    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:
        return os.environ.get("USER", str(os.getuid()))


async def _serve(store: Store, launcher: Launcher) -> int:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=MAX_LINE)
    stdin = os.fdopen(0, "rb", buffering=0, closefd=False)
    try:
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), stdin)
    except ValueError:  # a regular file: there is no client to serve
        sys.stderr.write("rjkernel: the job agent's stdin must be a pipe or a socket\n")
        return 2
    agent = f"{os.getpid()}-{secrets.token_hex(4)}"
    socket_name = f"a-{agent}.sock"
    home = os.path.expanduser("~")
    output = OutputChannel(1)
    sock = notify.bind(socket_name)
    watch = JobWatch(store, output, sock)
    ctx = Context(store, output, watch, launcher, agent, socket_name, home)
    output.send(
        encode_hello(
            Hello(
                version=VERSION,
                minor=MINOR,
                agent=agent,
                pid=os.getpid(),
                host=socket.gethostname(),
                user=_user(),
                home=home,
                python=platform.python_version(),
                state_dir=store.root,
                boot_id=boot_id(),
            )
        )
    )
    server = Server(ctx, reader)
    serving = asyncio.ensure_future(server.serve())
    broken = asyncio.ensure_future(output.closed.wait())
    idle = asyncio.ensure_future(_until_idle(server, watch, _idle_exit()))
    try:
        await asyncio.wait([serving, broken, idle], return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (serving, broken, idle):
            task.cancel()
        for runspace in sorted(watch.attached):
            release_runspace(ctx, runspace)
        watch.close()
        sock.close()
        with contextlib.suppress(OSError):
            os.unlink(socket_name)
    return 0


def _idle_exit() -> float:
    try:
        return max(0.1, float(os.environ.get(IDLE_EXIT_VARIABLE, DEFAULT_IDLE_EXIT)))
    except ValueError:
        return DEFAULT_IDLE_EXIT


async def _until_idle(server: Server, watch: JobWatch, seconds: float) -> None:
    """Return once no runspace is attached and no request came for ``seconds``."""
    while True:
        idle = server.idle_for() if not watch.attached else 0.0
        if idle >= seconds:
            return
        await asyncio.sleep(max(0.05, seconds - idle))
