"""The wake-up channel: unix datagram sockets in the store's ``run/`` directory.

Each live agent binds one socket there. A job's supervisor sends the agent that holds its
runspace a small datagram ("job X changed") when the job's output grows or it ends; an
agent taking over a runspace tells the previous holder the same way; any process checks
that an agent is alive by sending it a ping (a socket nobody is bound to refuses).

Datagrams are hints, the store on disk is the truth: a lost datagram delays an event
until the agent's slow safety sweep, it never loses a state or any output.

Names are relative to ``run/``, which is the working directory of agents and
supervisors, so socket addresses stay within the 107-byte limit of ``sun_path`` however
long the state directory's path is.
"""

from __future__ import annotations

import json
import socket
from typing import Any

from .private import private_socket_file

MAX_DATAGRAM = 4096


def bind(name: str) -> socket.socket:
    """A non-blocking datagram socket bound to ``name`` (an earlier socket file is replaced)."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    try:
        sock.bind(name)
        private_socket_file(name)
    except OSError:
        sock.close()
        raise
    sock.setblocking(False)
    return sock


def send(name: str, message: dict[str, Any], timeout: float = 0.0) -> bool:
    """Send ``message`` to the socket ``name``; False when nobody is bound to it.

    With ``timeout`` 0 a full receive queue drops the message (a progress hint can
    wait for the next); a positive timeout waits that long for room (a job's end).
    A full queue still means the receiver is alive, so that also returns True.

    The socket is connected first: only then does the kernel let a sender wait for room
    in the receiver's queue (for an unconnected datagram socket poll() always reports
    "writable", and a send with a timeout would spin until the timeout).
    """
    payload = json.dumps(message, separators=(",", ":")).encode()
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(name)
        except OSError:
            return False
        if timeout > 0:
            sock.settimeout(timeout)
        else:
            sock.setblocking(False)
        try:
            sock.send(payload)
        except (BlockingIOError, TimeoutError, socket.timeout):
            return True
        except OSError:
            return False
    return True


def decode(datagram: bytes) -> dict[str, Any] | None:
    """The message in ``datagram``, or None for anything that is not one of ours."""
    try:
        message = json.loads(datagram)
    except (ValueError, UnicodeDecodeError):
        return None
    return message if type(message) is dict else None
