"""What the pool shares and caches, against the suite's real sshd: connections keyed by
everything that changes authentication (issue 8 item 6), the ssh config and known_hosts
read once yet seen when they change (issue 11), jump hosts pooled and checked strictly,
and connections closed when nothing holds them (issue 8 item 11)."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import psutil
import pytest

from rjkernel.transport.failures import FailureKind, SSHConnectError
from rjkernel.transport.hosts import HostSpec, parse_host_spec
from rjkernel.transport.ssh import ConnectionPool, HostConnection
from tests.fixtures.aio import run
from tests.fixtures.sshd import SshdFixture


async def _home(connection: HostConnection) -> str:
    return str((await connection.conn.run('printf %s "$HOME"', check=True)).stdout)


def _client_connections(address: str, port: int) -> int:
    """Established TCP connections of this process to ``address:port``."""
    return sum(1 for c in psutil.Process().net_connections(kind="tcp")
               if c.raddr and c.raddr[:2] == (address, port)
               and c.status == psutil.CONN_ESTABLISHED)


def test_key_file_path_is_part_of_what_shares_a_connection(client_home: SshdFixture) -> None:
    async def scenario() -> None:
        pool = ConnectionPool()
        first = await pool.connect(parse_host_spec("web02"))
        missing = HostSpec("web02", key_files=(str(client_home.base / "no-such-key"),))
        with pytest.raises(SSHConnectError) as caught:
            await pool.connect(missing)
        exc = caught.value
        assert exc.kind is FailureKind.KEY_FILE
        same_key = HostSpec("web02", key_files=(str(client_home.client_key_path),))
        second = await pool.connect(same_key)
        assert second is not first and await pool.connect(same_key) is second
        assert pool.key(same_key) != pool.key(HostSpec("web02"))
        assert pool.key(HostSpec("web02", port=client_home.port)) != pool.key(HostSpec("web02"))
        await pool.close()

    run(scenario)


def test_a_changed_known_hosts_file_is_seen_by_the_same_pool(
    client_home: SshdFixture, tmp_path: Path
) -> None:
    known = tmp_path / "known_hosts"
    shutil.copy(client_home.known_hosts_path, known)
    host = client_home.stranger_host
    spec = parse_host_spec(host.name)

    async def scenario() -> None:
        pool = ConnectionPool(known_hosts=known)
        assert await _home(await pool.connect(parse_host_spec("Server01")))  # loaded once
        with pytest.raises(SSHConnectError) as caught:
            await pool.connect(spec)
        exc = caught.value
        assert exc.kind is FailureKind.HOST_KEY_UNKNOWN
        with known.open("a") as file:
            file.write(f"[{host.address}]:{host.port} {client_home.served_keys[host.name]}\n")
        assert await _home(await pool.connect(spec)) == str(host.home)
        # and a key taken out again is refused again
        known.write_text(client_home.known_hosts_path.read_text())
        await pool.close()
        with pytest.raises(SSHConnectError) as caught:
            await pool.connect(spec)
        exc = caught.value
        assert exc.kind is FailureKind.HOST_KEY_UNKNOWN

    run(scenario)


def test_user_known_hosts_file_none_trusts_nothing(client_home: SshdFixture,
                                                   tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.write_text("Host Server02\n  UserKnownHostsFile none\n\n"
                      + client_home.config_path.read_text())

    async def scenario() -> None:
        with pytest.raises(SSHConnectError) as caught:
            await ConnectionPool(config=config).connect(parse_host_spec("Server02"))
        exc = caught.value
        assert exc.kind is FailureKind.HOST_KEY_UNKNOWN

    run(scenario)


def test_host_specific_config_blocks_apply_and_edits_are_seen(
    client_home: SshdFixture, tmp_path: Path
) -> None:
    config = tmp_path / "config"
    fixture_config = client_home.config_path.read_text()
    config.write_text("Host Alias05\n  HostName 127.0.0.15\n\n" + fixture_config)

    async def scenario() -> None:
        pool = ConnectionPool(config=config)
        alias = parse_host_spec("Alias05")
        assert await _home(await pool.connect(alias)) == str(client_home.hosts["web02"].home)
        assert await _home(await pool.connect(parse_host_spec("db01"))) == str(
            client_home.hosts["db01"].home)  # another block, same parse
        await pool.close()
        config.write_text("Host Alias05\n  HostName 127.0.0.16\n\n" + fixture_config)
        assert await _home(await pool.connect(alias)) == str(client_home.hosts["db01"].home)
        await pool.close()

    run(scenario)


def test_hosts_behind_one_jump_host_share_one_connection_to_it(
    client_home: SshdFixture, tmp_path: Path
) -> None:
    targets = {f"Behind{i}": client_home.hosts[name]
               for i, name in enumerate(["Server02", "Server03", "web01", "web02", "db01"])}
    config = tmp_path / "config"
    config.write_text("".join(f"Host {alias}\n  HostName {host.address}\n  ProxyJump Server01\n"
                              for alias, host in targets.items())
                      + "\n" + client_home.config_path.read_text())
    bastion = client_home.hosts["Server01"]

    async def scenario() -> None:
        pool = ConnectionPool(config=config)
        connections = await asyncio.gather(*(pool.connect(parse_host_spec(alias))
                                             for alias in targets))
        homes = await asyncio.gather(*(_home(c) for c in connections))
        assert homes == [str(host.home) for host in targets.values()]
        assert _client_connections(bastion.address, bastion.port) == 1
        for host in targets.values():  # nothing goes to the targets but through the bastion
            assert _client_connections(host.address, host.port) == 0
        # the bastion's sshd holds one connection, which carries every target's
        assert len(client_home.connections_of(bastion.address)) == 1
        await pool.close()
        assert _client_connections(bastion.address, bastion.port) == 0

    run(scenario)


@pytest.fixture
def hundred_behind(client_home: SshdFixture, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A config with 100 hosts (Fleet001…) behind the bastion Server01, spread over the
    five other addresses of the suite's sshd: (its path, alias → expected HOME)."""
    config = tmp_path / "config"
    others = [client_home.hosts[name] for name in
              ["Server02", "Server03", "web01", "web02", "db01"]]
    hosts = {f"Fleet{i:03d}": others[i % len(others)] for i in range(1, 101)}
    config.write_text("".join(f"Host {alias}\n  HostName {host.address}\n"
                              for alias, host in hosts.items())
                      + "Host Fleet*\n  ProxyJump Server01\n\n"
                      + client_home.config_path.read_text())
    return config, {alias: str(host.home) for alias, host in hosts.items()}


def test_a_hundred_hosts_behind_one_bastion_use_one_connection_to_it(
    client_home: SshdFixture, hundred_behind: tuple[Path, dict[str, str]]
) -> None:
    config, homes = hundred_behind
    bastion = client_home.hosts["Server01"]

    async def scenario() -> None:
        pool = ConnectionPool(config=config)
        connections = await asyncio.gather(*(pool.connect(parse_host_spec(alias))
                                             for alias in homes))
        assert len({id(c) for c in connections}) == 100
        assert await asyncio.gather(*(_home(c) for c in connections)) == list(homes.values())
        assert _client_connections(bastion.address, bastion.port) == 1
        assert len(client_home.connections_of(bastion.address)) == 1
        assert len(pool) == 101  # the hundred and the bastion
        await pool.close()

    run(scenario, timeout=120)


def test_a_hundred_hosts_behind_a_bastion_with_an_unknown_key_all_fail(
    client_home: SshdFixture, hundred_behind: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    config, homes = hundred_behind
    bastion = client_home.hosts["Server01"]
    known = tmp_path / "known_hosts"
    known.write_text("".join(line + "\n" for line in
                             client_home.known_hosts_path.read_text().splitlines()
                             if not line.startswith(f"[{bastion.address}]:")))

    async def scenario() -> None:
        pool = ConnectionPool(config=config, known_hosts=known)
        outcomes = await asyncio.gather(*(pool.connect(parse_host_spec(alias))
                                          for alias in homes), return_exceptions=True)
        for alias, outcome in zip(homes, outcomes, strict=True):
            assert isinstance(outcome, SSHConnectError), outcome
            assert outcome.computer == alias
            assert outcome.kind is FailureKind.HOST_KEY_UNKNOWN
            assert "jump host Server01" in outcome.reason
        assert len(pool) == 0

    run(scenario, timeout=120)


def test_a_jump_host_with_an_unknown_key_is_refused(client_home: SshdFixture,
                                                     tmp_path: Path) -> None:
    stranger = client_home.stranger_host
    config = tmp_path / "config"
    config.write_text("Host BehindStranger\n  HostName 127.0.0.12\n"
                      f"  ProxyJump {stranger.name}\n\n" + client_home.config_path.read_text())

    async def scenario() -> None:
        pool = ConnectionPool(config=config)
        with pytest.raises(SSHConnectError) as caught:
            await pool.connect(parse_host_spec("BehindStranger"))
        exc = caught.value
        assert exc.computer == "BehindStranger"
        assert exc.kind is FailureKind.HOST_KEY_UNKNOWN
        assert f"jump host {stranger.name}" in exc.reason and "SHA256:" in exc.reason
        assert len(pool) == 0

    run(scenario)


def test_a_proxy_jump_loop_is_an_error_not_a_hang(client_home: SshdFixture,
                                                  tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.write_text("Host LoopA\n  HostName 127.0.0.11\n  ProxyJump LoopB\n"
                      "Host LoopB\n  HostName 127.0.0.12\n  ProxyJump LoopA\n\n"
                      + client_home.config_path.read_text())

    async def scenario() -> None:
        with pytest.raises(SSHConnectError) as caught:
            await ConnectionPool(config=config).connect(parse_host_spec("LoopA"))
        exc = caught.value
        assert "ProxyJump loop" in exc.reason

    run(scenario)


def test_a_connection_nobody_holds_is_closed_after_the_grace(client_home: SshdFixture) -> None:
    host = client_home.hosts["web01"]

    async def scenario() -> None:
        pool = ConnectionPool(idle_close=0.2)
        connection = await pool.connect(parse_host_spec("web01"))
        lease = connection.hold()
        await asyncio.sleep(0.4)  # longer than the grace: held, so still open
        assert not connection.closed and await _home(connection) == str(host.home)
        lease.release()
        lease.release()  # once is enough; twice changes nothing
        assert await asyncio.wait_for(connection.lost, 5) is None  # closed on purpose
        assert len(pool) == 0
        assert _client_connections(host.address, host.port) == 0

    run(scenario)


def test_a_jump_host_stays_while_a_connection_runs_through_it(
    client_home: SshdFixture, tmp_path: Path
) -> None:
    config = tmp_path / "config"
    config.write_text("Host Behind03\n  HostName 127.0.0.13\n  ProxyJump Server01\n\n"
                      + client_home.config_path.read_text())

    async def scenario() -> None:
        pool = ConnectionPool(config=config, idle_close=0.2)
        target = await pool.connect(parse_host_spec("Behind03"))
        lease = target.hold()
        bastion = pool.get(parse_host_spec("Server01"))
        assert bastion is not None and bastion.holders == 1
        await asyncio.sleep(0.4)
        assert not bastion.closed
        lease.release()
        assert await asyncio.wait_for(target.lost, 5) is None
        assert await asyncio.wait_for(bastion.lost, 5) is None

    run(scenario)
