"""Connection failures become PowerShell-framed, OpenSSH-worded messages (no sockets)."""

from __future__ import annotations

import errno
import socket
from pathlib import Path

import asyncssh
import pytest

from rjkernel.transport.failures import (
    FailureKind,
    SSHConnectError,
    SSHConnectionLost,
    Target,
    describe_failure,
)
from rjkernel.transport.host_keys import PresentedKey

PS_FRAME = (
    "The background process reported an error with the following message: "
    "The SSH client session has ended with error message: "
)


def _describe(
    exc: BaseException,
    target: Target | None = None,
    presented: PresentedKey | None = None,
    methods: tuple[str, ...] = (),
    timeout: float = 10.0,
) -> SSHConnectError:
    return describe_failure(
        exc,
        computer="web01",
        target=target or Target("10.0.0.5", 2222, "alice", ()),
        presented=presented,
        auth_methods=methods,
        timeout=timeout,
    )


def test_refused() -> None:
    error = _describe(ConnectionRefusedError(errno.ECONNREFUSED, "Connect call failed"))
    assert error.kind is FailureKind.REFUSED
    assert error.transient
    assert error.message == (
        f"[web01] {PS_FRAME}ssh: connect to host 10.0.0.5 port 2222: Connection refused."
    )


def test_refused_names_the_address_asyncio_tried() -> None:
    exc = OSError(
        None,
        "Multiple exceptions: [Errno 111] Connect call failed ('::1', 22, 0, 0), "
        "[Errno 111] Connect call failed ('127.0.0.1', 22)",
    )
    error = _describe(exc)
    assert error.kind is FailureKind.REFUSED
    assert error.reason == "ssh: connect to host ::1 port 22: Connection refused"


def test_unreachable() -> None:
    error = _describe(OSError(errno.EHOSTUNREACH, "Connect call failed ('10.9.9.9', 22)"))
    assert error.kind is FailureKind.UNREACHABLE
    assert error.reason == "ssh: connect to host 10.9.9.9 port 22: No route to host"


def test_name_not_resolved() -> None:
    error = _describe(socket.gaierror(socket.EAI_NONAME, "Name or service not known"))
    assert error.kind is FailureKind.NAME_NOT_RESOLVED
    assert error.message == (
        f"[web01] {PS_FRAME}ssh: Could not resolve hostname 10.0.0.5: Name or service not known."
    )


@pytest.mark.parametrize(("timeout", "shown"), [(10.0, "10"), (0.5, "0.5"), (2.25, "2.25")])
def test_timeout_uses_powershell_text(timeout: float, shown: str) -> None:
    error = _describe(TimeoutError(), timeout=timeout)
    assert error.kind is FailureKind.TIMEOUT
    assert (
        error.message == f"[web01] SSH connection attempt failed after time out: {shown} seconds."
    )


def test_permission_denied_lists_the_methods_tried() -> None:
    error = _describe(asyncssh.PermissionDenied("no"), methods=("publickey", "password"))
    assert error.kind is FailureKind.AUTH
    assert not error.transient
    assert error.message == (
        f"[web01] {PS_FRAME}alice@10.0.0.5: Permission denied (publickey,password)."
    )


def test_missing_key_file() -> None:
    exc = FileNotFoundError(errno.ENOENT, "No such file or directory", "/keys/id_x")
    error = _describe(exc)
    assert error.kind is FailureKind.KEY_FILE
    assert error.reason == "Identity file /keys/id_x not accessible: No such file or directory"


def test_closed_during_handshake() -> None:
    error = _describe(asyncssh.ConnectionLost("Connection lost"))
    assert (error.kind, error.reason) == (
        FailureKind.CLOSED,
        "Connection closed by 10.0.0.5 port 2222",
    )


@pytest.fixture
def server_key() -> asyncssh.SSHKey:
    return asyncssh.generate_private_key("ssh-ed25519").convert_to_public()


def test_unknown_host_key(server_key: asyncssh.SSHKey, tmp_path: Path) -> None:
    known = tmp_path / "known_hosts"
    known.write_text("")
    presented = PresentedKey("10.0.0.5", "10.0.0.5", 2222, server_key)
    error = _describe(
        asyncssh.HostKeyNotVerifiable("Host key is not trusted"),
        target=Target("10.0.0.5", 2222, "alice", (known,)),
        presented=presented,
    )
    assert error.kind is FailureKind.HOST_KEY_UNKNOWN
    assert not error.transient
    assert error.message == (
        f"[web01] The host key of 10.0.0.5 (port 2222) is not known: ED25519 key "
        f"{server_key.get_fingerprint('sha256')}. Verify the fingerprint, then trust it with: "
        f"ssh-keyscan -p 2222 -t ed25519 10.0.0.5 >> {known}"
    )


def test_changed_host_key(server_key: asyncssh.SSHKey, tmp_path: Path) -> None:
    old = asyncssh.generate_private_key("ssh-ed25519").convert_to_public()
    first, known = tmp_path / "empty", tmp_path / "known_hosts"
    first.write_text("")
    known.write_text(f"db01 {old.export_public_key().decode()}")
    error = _describe(
        asyncssh.HostKeyNotVerifiable("Host key is not trusted"),
        target=Target("db01", 22, "alice", (first, known)),
        presented=PresentedKey("db01", "10.0.0.6", 22, server_key),
    )
    assert error.kind is FailureKind.HOST_KEY_CHANGED
    assert error.message.startswith(
        "[web01] WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED! The host key of db01 is now "
        f"ED25519 key {server_key.get_fingerprint('sha256')}, which does not match the key "
        f"recorded in {known}."
    )
    assert "man-in-the-middle" in error.message
    assert f"ssh-keygen -R db01 -f {known}" in error.message
    assert error.message.endswith(f"ssh-keyscan -t ed25519 db01 >> {known}")


def test_home_paths_are_shown_with_a_tilde(
    server_key: asyncssh.SSHKey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    known = tmp_path / ".ssh" / "known_hosts"
    error = _describe(
        asyncssh.HostKeyNotVerifiable("Host key is not trusted"),
        target=Target("10.0.0.5", 22, "alice", (known,)),
        presented=PresentedKey("10.0.0.5", "10.0.0.5", 22, server_key),
    )
    assert error.message.endswith("ssh-keyscan -t ed25519 10.0.0.5 >> ~/.ssh/known_hosts")


def test_records_for_each_cmdlet() -> None:
    error = _describe(ConnectionRefusedError(errno.ECONNREFUSED, "refused"))
    opened = error.record("New-PSSession")
    assert (opened.error_id, opened.category) == ("2100,PSSessionOpenFailed", "OpenError")
    assert (opened.command, opened.target, opened.computer) == ("New-PSSession", "web01", "web01")
    assert opened.message == error.message
    assert opened.exception.endswith("PSRemotingTransportException")
    assert error.record("Invoke-Command").error_id == "2100,PSSessionStateBroken"


def test_lost_connection_message() -> None:
    lost = SSHConnectionLost("web01", asyncssh.ConnectionLost("Connection lost"))
    assert str(lost) == (
        "[web01] The SSH transport process has abruptly terminated causing this remote "
        "session to break."
    )
