"""``-Credential``: the password reaches the server when it asks, and is not kept.

OpenSSH's sshd checks passwords against the system's accounts, which the tests must not
touch, so these use a small asyncssh server on loopback that accepts one password.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import asyncssh
import pytest

from rjkernel.transport.failures import FailureKind, SSHConnectError
from rjkernel.transport.hosts import HostSpec
from rjkernel.transport.ssh import ConnectionPool
from tests.fixtures.aio import run

PASSWORD = "correct horse"


class _PasswordServer(asyncssh.SSHServer):
    """Accepts user ``alice`` with PASSWORD, by password or keyboard-interactive."""

    def __init__(self, kbdint: bool) -> None:
        self._kbdint = kbdint

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return not self._kbdint

    def validate_password(self, username: str, password: str) -> bool:
        return (username, password) == ("alice", PASSWORD)

    def kbdint_auth_supported(self) -> bool:
        return self._kbdint

    def get_kbdint_challenge(
        self, username: str, lang: str, submethods: str
    ) -> tuple[str, str, str, Sequence[tuple[str, bool]]]:
        return "", "", "", [("Password: ", False)]

    def validate_kbdint_response(self, username: str, responses: Sequence[str]) -> bool:
        return list(responses) == [PASSWORD]


async def _serve(tmp_path: Path, kbdint: bool) -> tuple[asyncssh.SSHAcceptor, int, Path]:
    host_key = asyncssh.generate_private_key("ssh-ed25519")
    server = await asyncssh.create_server(
        lambda: _PasswordServer(kbdint), "127.0.0.1", 0, server_host_keys=[host_key]
    )
    port = server.sockets[0].getsockname()[1]
    known = tmp_path / "known_hosts"
    known.write_text(f"[127.0.0.1]:{port} {host_key.export_public_key().decode()}")
    return server, port, known


@pytest.fixture
def empty_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No ssh config, keys or agent of the user running the tests."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
    return home


@pytest.mark.parametrize("kbdint", [False, True], ids=["password", "keyboard-interactive"])
def test_password_is_used_and_a_wrong_one_is_reported(
    empty_home: Path, tmp_path: Path, kbdint: bool
) -> None:
    async def scenario() -> None:
        server, port, known = await _serve(tmp_path, kbdint)
        pool = ConnectionPool(known_hosts=known)
        spec = HostSpec("127.0.0.1", user="alice", port=port)
        try:
            with pytest.raises(SSHConnectError) as caught:
                await pool.connect(spec, password="wrong")
            method = "keyboard-interactive" if kbdint else "password"
            assert caught.value.kind is FailureKind.AUTH
            assert caught.value.reason == (f"alice@127.0.0.1: Permission denied ({method}).")
            connection = await pool.connect(spec, password=PASSWORD)
            assert connection.user == "alice"
            await pool.close()
        finally:
            server.close()
            await server.wait_closed()

    run(scenario)


def test_connections_are_shared_only_by_the_same_credentials(
    empty_home: Path, tmp_path: Path
) -> None:
    """Issue 8 item 6: a password connection is never handed to a request without it
    (or with another), while the same password shares it."""

    async def scenario() -> None:
        server, port, known = await _serve(tmp_path, kbdint=False)
        pool = ConnectionPool(known_hosts=known)
        spec = HostSpec("127.0.0.1", user="alice", port=port)
        try:
            first = await pool.connect(spec, password=PASSWORD)
            assert await pool.connect(spec, password=PASSWORD) is first
            for password in (None, "wrong"):
                with pytest.raises(SSHConnectError) as caught:
                    await pool.connect(spec, password=password)
                assert caught.value.kind is FailureKind.AUTH
            assert PASSWORD.encode() not in repr(pool.key(spec, PASSWORD)).encode()
            await pool.close()
        finally:
            server.close()
            await server.wait_closed()

    run(scenario)
