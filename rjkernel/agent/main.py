"""The agent process: open the store, start the launcher, then serve one client.

The client is whatever is on stdin/stdout: the kernel's pipes for local jobs, an SSH
exec channel for a remote host. stderr carries only diagnostics for humans (a clear
one-line reason when the agent cannot start, tracebacks of bugs).

Order matters here: the launcher (launcher.py) is forked before the asyncio server is
imported, so that the process every supervisor is forked from stays small. That is why
``service`` is imported inside :func:`main` and nothing heavy is imported above.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys

from . import notify
from .launcher import Launcher
from .store import Store, default_state_dir


def main() -> int:
    store = Store(default_state_dir(os.environ))
    try:
        store.open()
        os.chdir(store.run_dir)
    except OSError as exc:
        sys.stderr.write(
            f"rjkernel: the job store {store.root} cannot be used: {exc.strerror or exc}\n"
        )
        return 1
    _remove_dead_sockets()
    # Supervisors are started by a double fork whose middle process exits at once, and
    # the launcher is our child: ignoring SIGCHLD lets the kernel reap them all.
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    launcher = Launcher()
    launcher.start()
    from . import service  # only now: see the module docstring

    try:
        return service.run(store, launcher)
    finally:
        launcher.close()


def _remove_dead_sockets() -> None:
    """Socket files of agents that died without cleaning up (nobody answers on them)."""
    for name in os.listdir("."):
        if name.startswith("a-") and name.endswith(".sock") and not notify.send(name, {}):
            with contextlib.suppress(OSError):
                os.unlink(name)
