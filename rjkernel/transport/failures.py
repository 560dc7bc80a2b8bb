"""SSH connection failures, told the way PowerShell and OpenSSH tell them.

PowerShell over SSH reports a failed connection as ``[web01] The background process
reported an error with the following message: The SSH client session has ended with
error message: <what ssh printed>.`` (ps-semantics §4). rjkernel has no ``ssh`` process,
so ``describe_failure`` turns asyncssh's and the OS's exceptions into the line OpenSSH
would have printed — ``ssh: connect to host 127.0.0.19 port 2222: Connection refused``,
``ssh: Could not resolve hostname x: Name or service not known``,
``root@10.0.0.5: Permission denied (publickey).`` — and keeps PowerShell's frame around
it. A timeout uses PowerShell's own text (``SSH connection attempt failed after time
out: 10 seconds.``); a refused host key uses the fingerprint messages of host_keys.py.

``SSHConnectError`` carries the host, the kind of failure (so a reconnect loop knows
whether trying again can help), the reason, and builds the ``ErrorRecord`` for the
cmdlet that failed: ``2100,PSSessionOpenFailed`` for New-PSSession/Enter-PSSession,
``2100,PSSessionStateBroken`` for Invoke-Command (category OpenError).

Everything here is pure except ``classify`` reading known_hosts files.
"""

from __future__ import annotations

import asyncio
import enum
import errno
import os
import re
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import asyncssh

from rjkernel.errors import ErrorRecord
from rjkernel.transport.host_keys import (
    PresentedKey,
    changed_key_reason,
    classify,
    unknown_key_reason,
)

TRANSPORT_EXCEPTION = "System.Management.Automation.Remoting.PSRemotingTransportException"
ERROR_CODE = 2100
_SSH_PROCESS_ENDED = (
    "The background process reported an error with the following message: "
    "The SSH client session has ended with error message: "
)
_TRANSPORT_TERMINATED = (
    "The SSH transport process has abruptly terminated causing this remote session to break."
)
_CONNECT_CALL = re.compile(r"Connect call failed \('([^']*)', (\d+)")
_ERRNO = re.compile(r"\[Errno (\d+)\]")
_NO_SUCH_NAME = "Name or service not known"  # glibc's text for EAI_NONAME


class FailureKind(enum.Enum):
    REFUSED = "refused"
    UNREACHABLE = "unreachable"
    NAME_NOT_RESOLVED = "name-not-resolved"
    TIMEOUT = "timeout"
    CLOSED = "closed"
    AUTH = "auth"
    HOST_KEY_UNKNOWN = "host-key-unknown"
    HOST_KEY_CHANGED = "host-key-changed"
    KEY_FILE = "key-file"
    OTHER = "other"


# Failures a later attempt can get past without the user changing anything.
_TRANSIENT = {
    FailureKind.REFUSED,
    FailureKind.UNREACHABLE,
    FailureKind.NAME_NOT_RESOLVED,
    FailureKind.TIMEOUT,
    FailureKind.CLOSED,
}
# Failures whose reason is a sentence of its own, not ssh's stderr inside PS's frame.
_OWN_SENTENCE = {FailureKind.TIMEOUT, FailureKind.HOST_KEY_UNKNOWN, FailureKind.HOST_KEY_CHANGED}


@dataclass(frozen=True)
class Target:
    """Where a connection went after the ssh config was applied."""

    host: str
    port: int
    user: str
    known_hosts: tuple[Path, ...]


class SSHConnectError(Exception):
    """Connecting to ``computer`` failed; ``message`` is what the user reads."""

    def __init__(self, computer: str, kind: FailureKind, reason: str) -> None:
        self.computer = computer
        self.kind = kind
        self.reason = reason
        super().__init__(self.message)

    @property
    def message(self) -> str:
        if self.kind in _OWN_SENTENCE:
            return f"[{self.computer}] {self.reason}"
        end = "" if self.reason.endswith(".") else "."
        return f"[{self.computer}] {_SSH_PROCESS_ENDED}{self.reason}{end}"

    @property
    def transient(self) -> bool:
        """True when retrying later may succeed (network trouble, not keys or auth)."""
        return self.kind in _TRANSIENT

    def record(self, command: str) -> ErrorRecord:
        """The error record ``command`` (``New-PSSession``, ``Invoke-Command``…) writes."""
        state = "PSSessionStateBroken" if command == "Invoke-Command" else "PSSessionOpenFailed"
        return ErrorRecord(
            message=self.message,
            error_id=f"{ERROR_CODE},{state}",
            category="OpenError",
            command=command,
            target=self.computer,
            exception=TRANSPORT_EXCEPTION,
            computer=self.computer,
        )


class SSHConnectionLost(Exception):
    """An established connection to ``computer`` broke (``cause`` is asyncssh's error)."""

    def __init__(self, computer: str, cause: BaseException | None) -> None:
        self.computer = computer
        self.cause = cause
        super().__init__(f"[{computer}] {_TRANSPORT_TERMINATED}")


def describe_failure(
    exc: BaseException,
    *,
    computer: str,
    target: Target,
    presented: PresentedKey | None,
    auth_methods: Sequence[str],
    timeout: float,
) -> SSHConnectError:
    """Turn what ``asyncssh.connect`` raised into an SSHConnectError.

    ``presented`` is the host key the server offered if asyncssh refused it;
    ``auth_methods`` the methods the server let us try, in order.
    """
    kind, reason = _kind_and_reason(exc, target, presented, auth_methods, timeout)
    return SSHConnectError(computer, kind, reason)


def _kind_and_reason(
    exc: BaseException,
    target: Target,
    presented: PresentedKey | None,
    auth_methods: Sequence[str],
    timeout: float,
) -> tuple[FailureKind, str]:
    where = f"{target.host} port {target.port}"
    if isinstance(exc, (asyncio.TimeoutError, TimeoutError)) or (
        isinstance(exc, OSError) and exc.errno == errno.ETIMEDOUT
    ):
        return FailureKind.TIMEOUT, (
            f"SSH connection attempt failed after time out: {_seconds(timeout)} seconds."
        )
    if isinstance(exc, socket.gaierror):
        return FailureKind.NAME_NOT_RESOLVED, (
            f"ssh: Could not resolve hostname {target.host}: {exc.strerror}"
        )
    if isinstance(exc, UnicodeError):
        # Python's resolver encodes the name with the idna codec first, which refuses a
        # name with an empty or over-long label (a..b, 64 characters) — names the
        # system resolver refuses too, as ssh reports them.
        return FailureKind.NAME_NOT_RESOLVED, (
            f"ssh: Could not resolve hostname {target.host}: {_NO_SUCH_NAME}"
        )
    if isinstance(exc, OSError) and exc.filename is not None:
        return FailureKind.KEY_FILE, (
            f"Identity file {exc.filename} not accessible: {exc.strerror}"
        )
    if isinstance(exc, OSError):
        return _socket_failure(exc, where)
    if isinstance(exc, asyncssh.HostKeyNotVerifiable):
        return _host_key_failure(exc, target, presented)
    if isinstance(exc, asyncssh.PermissionDenied):
        methods = ",".join(auth_methods) or "publickey"
        return FailureKind.AUTH, f"{target.user}@{target.host}: Permission denied ({methods})."
    if isinstance(exc, asyncssh.ConnectionLost):
        return FailureKind.CLOSED, f"Connection closed by {where}"
    if isinstance(exc, asyncssh.KeyExchangeFailed):
        return FailureKind.OTHER, f"Unable to negotiate with {where}: {exc.reason}"
    if isinstance(exc, asyncssh.DisconnectError):
        return FailureKind.CLOSED, f"Received disconnect from {where}:{exc.code}: {exc.reason}"
    return FailureKind.OTHER, str(exc) or type(exc).__name__


def _socket_failure(exc: OSError, where: str) -> tuple[FailureKind, str]:
    """A failed TCP connect; asyncio names the address it tried (a jump host, maybe)."""
    called = _CONNECT_CALL.search(str(exc))
    if called:
        where = f"{called.group(1)} port {called.group(2)}"
    codes = {exc.errno} if exc.errno else {int(code) for code in _ERRNO.findall(str(exc))}
    if len(codes) == 1:
        code = codes.pop()
        kind = FailureKind.REFUSED if code == errno.ECONNREFUSED else FailureKind.UNREACHABLE
        return kind, f"ssh: connect to host {where}: {os.strerror(code)}"
    return FailureKind.UNREACHABLE, f"ssh: connect to host {where}: {exc}"


def _host_key_failure(
    exc: asyncssh.HostKeyNotVerifiable, target: Target, presented: PresentedKey | None
) -> tuple[FailureKind, str]:
    if presented is None:
        # Revoked keys and certificate problems never reach validate_host_public_key.
        return FailureKind.OTHER, f"Host key verification failed: {exc.reason}"
    user_file = target.known_hosts[0] if target.known_hosts else Path.home() / ".ssh/known_hosts"
    recorded_in = classify(presented, target.known_hosts)
    if recorded_in is None:
        return FailureKind.HOST_KEY_UNKNOWN, unknown_key_reason(presented, user_file)
    return FailureKind.HOST_KEY_CHANGED, changed_key_reason(presented, recorded_in)


def _seconds(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"
