"""Shipping the job agent: how the kernel starts it here and on a host with nothing installed.

Over SSH the kernel executes :func:`bootstrap_command` (a POSIX ``sh`` command line) and
writes :func:`bundle_bytes` to the process's stdin; from then on stdin and stdout carry
the protocol. The command checks that ``python3`` exists — if not, it says so on stderr
in one line and exits 127 — and runs a small stage-1 loader that reads ``boot.py``
(length-prefixed) from stdin and runs it; boot.py reads the agent's modules and imports
them from memory. Nothing is written to the host's disk but the job store.

Both the command and the bundle are constants of this code: no value from a request or
a user ever goes into the command line.

Locally the kernel runs :func:`local_argv`: the same boot.py, importing the package's
files directly.

This module runs in the kernel (it is not part of the bundle).
"""

from __future__ import annotations

import shlex
import sys
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent

AGENT_MODULES = (
    "__init__",
    "protocol",
    "spool",
    "private",
    "notify",
    "store",
    "supervisor",
    "launcher",
    "output",
    "watch",
    "handlers",
    "server",
    "service",
    "main",
)
"""What the bundle carries: every module of the package but this one and boot.py."""

MISSING_PYTHON = (
    "rjkernel: the job agent needs python3 on this host, and python3 was not found in PATH"
)

# Stage 1 must parse on any python3 so that an old one can say what is wrong.
STAGE1 = """\
import os,sys
if sys.version_info<(3,8):
 sys.stderr.write("rjkernel: the job agent needs Python 3.8 or later, and python3 "
  "on this host is "+sys.version.split()[0]+"\\n");sys.exit(1)
def _rd(n):
 b=b""
 while len(b)<n:
  c=os.read(0,n-len(b))
  if not c:sys.stderr.write("rjkernel: the job agent's code was cut short\\n");sys.exit(1)
  b+=c
 return b
exec(compile(_rd(int(_rd(10))),"rjkernel_agent/boot.py","exec"))
"""


def bootstrap_command() -> str:
    """The command line to execute on the host (by its login shell, over SSH)."""
    return (
        f"command -v python3 >/dev/null 2>&1 || {{ echo {shlex.quote(MISSING_PYTHON)} >&2; "
        f"exit 127; }}; exec python3 -I -S -c {shlex.quote(STAGE1)}"
    )


@lru_cache(maxsize=1)
def bundle_bytes() -> bytes:
    """What to write to the bootstrapped process's stdin before the protocol starts."""
    boot = (HERE / "boot.py").read_bytes()
    parts = [b"%010d" % len(boot), boot]
    for name in AGENT_MODULES:
        source = (HERE / f"{name}.py").read_bytes()
        parts += [name.encode(), b"\n", b"%d\n" % len(source), source]
    parts.append(b"\n")
    return b"".join(parts)


def local_argv() -> list[str]:
    """The command that runs the agent on this machine from the package's files."""
    return [sys.executable, "-I", "-S", str(HERE / "boot.py"), "--from-dir"]
