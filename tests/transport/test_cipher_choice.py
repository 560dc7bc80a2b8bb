"""ConnectionPool's cipher preference: AES-GCM first, unless the ssh config chooses."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rjkernel.transport import ssh
from rjkernel.transport.hosts import parse_host_spec
from rjkernel.transport.ssh import PREFERRED_CIPHERS, ConnectionPool
from tests.fixtures.aio import run
from tests.fixtures.sshd import SshdFixture


@pytest.fixture
def with_aes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ssh, "_CPU_HAS_AES", True)


def _pool(tmp_path: Path, config: str | None) -> ConnectionPool:
    path = tmp_path / "config"
    if config is not None:
        path.write_text(config)
    return ConnectionPool(config=path)


@pytest.mark.usefixtures("with_aes")
@pytest.mark.parametrize("config", [None, "", "Host web01\n  HostName 127.0.0.14\n"])
def test_aes_gcm_first_when_the_config_says_nothing_about_ciphers(
    tmp_path: Path, config: str | None
) -> None:
    assert _pool(tmp_path, config)._encryption_algs() == PREFERRED_CIPHERS


@pytest.mark.usefixtures("with_aes")
@pytest.mark.parametrize("line", [
    "Ciphers aes256-ctr", "  ciphers=chacha20-poly1305@openssh.com", "Include ~/.ssh/more",
    "Match host db01\n  Ciphers aes256-ctr",
])
def test_a_config_that_chooses_ciphers_is_left_to_choose(tmp_path: Path, line: str) -> None:
    assert _pool(tmp_path, f"Host *\n  Port 22\n{line}\n")._encryption_algs() == ()


@pytest.mark.usefixtures("with_aes")
def test_the_config_is_read_again_when_it_changes(tmp_path: Path) -> None:
    pool = _pool(tmp_path, "Host *\n  Port 22\n")
    assert pool._encryption_algs() == PREFERRED_CIPHERS
    config = tmp_path / "config"
    config.write_text("Host *\n  Port 22\n  Ciphers aes256-ctr\n")
    os.utime(config, ns=(0, 1))  # a different mtime even within the clock's resolution
    assert pool._encryption_algs() == ()


def test_no_preference_without_aes_instructions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ssh, "_CPU_HAS_AES", False)
    assert _pool(tmp_path, "Host *\n  Port 22\n")._encryption_algs() == ()


def test_negotiated_cipher_with_the_real_sshd(
    client_home: SshdFixture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ssh, "_CPU_HAS_AES", True)
    chosen = tmp_path / "config"
    chosen.write_text(client_home.config_path.read_text() + "  Ciphers aes256-ctr\n")

    async def cipher(config: Path) -> str:
        pool = ConnectionPool(config=config)
        connection = await pool.connect(parse_host_spec("Server01"))
        try:
            return str(connection.conn.get_extra_info("recv_cipher"))
        finally:
            await pool.close()

    assert run(lambda: cipher(client_home.config_path)) == "aes128-gcm@openssh.com"
    assert run(lambda: cipher(chosen)) == "aes256-ctr"
