"""ConnectionPool's cipher preference: AES-GCM first, unless the host's ssh config chooses."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rjkernel.transport import ssh
from rjkernel.transport.hosts import HostSpec, parse_host_spec
from rjkernel.transport.ssh import PREFERRED_CIPHERS, ConnectionPool
from tests.fixtures.aio import run
from tests.fixtures.sshd import SshdFixture

AES_FIRST = PREFERRED_CIPHERS.lstrip("^").split(",")[0].encode()


@pytest.fixture
def with_aes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(ssh, "_CPU_HAS_AES", True)
    monkeypatch.setenv("HOME", str(tmp_path))


def _first_cipher(tmp_path: Path, config: str | None, host: str = "web01") -> bytes:
    """The cipher a connection to ``host`` would offer first under ``config``."""
    path = tmp_path / "config"
    if config is not None:
        path.write_text(config)
    pool = ConnectionPool(config=path)
    return bytes(pool.options.for_spec(HostSpec(host)).options.encryption_algs[0])


@pytest.mark.usefixtures("with_aes")
@pytest.mark.parametrize("config", [None, "", "Host web01\n  HostName 127.0.0.14\n",
                                    "Include ~/.ssh/more\nHost *\n  Port 22\n"])
def test_aes_gcm_first_when_the_config_says_nothing_about_ciphers(
    tmp_path: Path, config: str | None
) -> None:
    assert _first_cipher(tmp_path, config) == AES_FIRST


@pytest.mark.usefixtures("with_aes")
@pytest.mark.parametrize("line", [
    "Ciphers aes256-ctr", "  ciphers=aes256-ctr", "Match host web01\n  Ciphers aes256-ctr",
])
def test_a_config_that_chooses_ciphers_is_left_to_choose(tmp_path: Path, line: str) -> None:
    assert _first_cipher(tmp_path, f"Host *\n  Port 22\n{line}\n") == b"aes256-ctr"


@pytest.mark.usefixtures("with_aes")
def test_the_choice_is_per_host(tmp_path: Path) -> None:
    config = "Match host db01\n  Ciphers aes256-ctr\n"
    assert _first_cipher(tmp_path, config, "db01") == b"aes256-ctr"
    assert _first_cipher(tmp_path, config, "web01") == AES_FIRST


@pytest.mark.usefixtures("with_aes")
def test_the_config_is_read_again_when_it_changes(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.write_text("Host *\n  Port 22\n")
    pool = ConnectionPool(config=config)
    assert pool.options.for_spec(HostSpec("h")).options.encryption_algs[0] == AES_FIRST
    config.write_text("Host *\n  Port 22\n  Ciphers aes256-ctr\n")
    os.utime(config, ns=(0, 1))  # a different mtime even within the clock's resolution
    assert pool.options.for_spec(HostSpec("h")).options.encryption_algs == [b"aes256-ctr"]


def test_no_preference_without_aes_instructions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ssh, "_CPU_HAS_AES", False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert _first_cipher(tmp_path, "Host *\n  Port 22\n") == b"chacha20-poly1305@openssh.com"


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
