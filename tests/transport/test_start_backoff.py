"""A server at its MaxStartups limit: refused starts are retried with back-off, and
reported clearly, per host, only after the retries (issue 11).

sshd counts connections that have not authenticated yet; past ``MaxStartups`` it
writes "Exceeded MaxStartups" and closes new ones before the SSH handshake. These tests
run their own sshd with ``MaxStartups 2`` and fill both places with raw TCP
connections that never authenticate, which makes every new start refused until they
go.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from rjkernel.transport.failures import FailureKind, SSHConnectError
from rjkernel.transport.hosts import parse_host_spec
from rjkernel.transport.ssh import ConnectionPool
from tests.fixtures.aio import run
from tests.fixtures.sshd import SSHD, SshdFixture, start_sshd

pytestmark = [pytest.mark.skipif(not SSHD.exists(), reason=f"{SSHD} is not installed"),
              pytest.mark.timeout(120)]


@pytest.fixture
def busy_sshd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SshdFixture]:
    fixture = start_sshd(tmp_path / "sshd", fleet=2, max_startups="2")
    monkeypatch.setenv("HOME", str(fixture.home))
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
    yield fixture
    fixture.stop()


def test_a_refused_start_is_retried_until_the_server_has_room(busy_sshd: SshdFixture) -> None:
    node = busy_sshd.fleet[0]
    held = busy_sshd.fill_startups(busy_sshd.hosts[node].address, 2)

    async def scenario() -> None:
        pool = ConnectionPool()
        attempt = asyncio.ensure_future(pool.connect(parse_host_spec(node), timeout=30))
        while not pool.refused_starts:  # refused at least once
            assert not attempt.done(), attempt
            await asyncio.sleep(0.01)
        for sock in held:
            sock.close()
        connection = await attempt
        result = await connection.conn.run('printf %s "$HOME"', check=True)
        assert result.stdout == str(busy_sshd.hosts[node].home)
        await pool.close()

    run(scenario, timeout=60)


def test_refused_after_every_retry_is_a_clear_per_host_error(busy_sshd: SshdFixture) -> None:
    node = busy_sshd.fleet[1]
    held = busy_sshd.fill_startups(busy_sshd.hosts[node].address, 2)

    async def scenario() -> None:
        pool = ConnectionPool(start_retries=3)
        try:
            await pool.connect(parse_host_spec(node), timeout=20)
            raise AssertionError("connected past a full MaxStartups")
        except SSHConnectError as exc:
            assert exc.computer == node and exc.kind is FailureKind.CLOSED
            assert exc.message.endswith(
                "before the SSH handshake, 4 times: the server is refusing new connections "
                "(sshd's MaxStartups limit, or a firewall). Retry later, or lower "
                "-ThrottleLimit.")
        assert pool.refused_starts == 4

    try:
        run(scenario, timeout=60)
    finally:
        for sock in held:
            sock.close()
