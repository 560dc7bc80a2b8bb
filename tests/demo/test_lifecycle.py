"""Starting, restarting and stopping DemoHosts in-process: what persists, what it cleans up."""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

import pytest

from rjkernel.demo.hosts import DemoHosts, DemoStateBusy
from tests.demo.client import as_text, connected
from tests.fixtures.aio import run


async def echo(hosts: DemoHosts, host: str, text: str) -> str:
    async with connected(hosts, host) as conn:
        result = await conn.run(f"echo {text}")
    return as_text(result.stdout)


def _gone(pid: int) -> bool:
    """No such process, or only its zombie (dead, waiting for a parent that may not reap)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] == "Z"


def _wait_gone(pid: int, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while not _gone(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def _listening_addresses(port: int) -> set[str]:
    """Local addresses of TCP sockets listening on ``port`` (from /proc/net/tcp{,6})."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_start_reports_hosts_env_and_files(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with await DemoHosts.start(tmp_path) as hosts:
            assert list(hosts.hosts) == ["Server01", "Server02", "Server03"]
            assert hosts.env == {
                "RJKERNEL_SSH_CONFIG": str(tmp_path / "ssh_config"),
                "RJKERNEL_KNOWN_HOSTS": str(tmp_path / "known_hosts"),
            }
            for name, port in hosts.hosts.items():
                assert f"[127.0.0.1]:{port} ssh-ed25519 " in hosts.known_hosts.read_text()
                assert await echo(hosts, name, name) == f"{name}\n"
            assert hosts.home("Server02") == tmp_path / "hosts" / "Server02"

    run(scenario)
    for private in ("id_ed25519", "ssh_config", "known_hosts", "host_keys/Server01"):
        assert (tmp_path / private).stat().st_mode & 0o077 == 0, private


def test_listens_on_loopback_only(tmp_path: Path) -> None:
    async def scenario() -> dict[str, set[str]]:
        async with await DemoHosts.start(tmp_path, names=("Solo",)) as hosts:
            return {name: _listening_addresses(port) for name, port in hosts.hosts.items()}

    assert run(scenario) == {"Solo": {"0100007F"}}  # 127.0.0.1, little-endian hex


def test_restart_keeps_ports_and_keys(tmp_path: Path) -> None:
    async def start_and_read() -> tuple[dict[str, int], str, bytes]:
        async with await DemoHosts.start(tmp_path) as hosts:
            return hosts.hosts, hosts.known_hosts.read_text(), hosts.client_key.read_bytes()

    first = run(start_and_read)
    assert run(start_and_read) == first


def test_taken_port_moves_the_host_and_rewrites_the_files(tmp_path: Path) -> None:
    async def ports() -> dict[str, int]:
        async with await DemoHosts.start(tmp_path) as hosts:
            return hosts.hosts

    before = run(ports)
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", before["Server01"]))
        squatter.listen()

        async def moved() -> tuple[dict[str, int], str]:
            async with await DemoHosts.start(tmp_path) as hosts:
                return hosts.hosts, await echo(hosts, "Server01", "moved")

        after, reply = run(moved)
    assert after["Server01"] != before["Server01"]
    assert after["Server02"] == before["Server02"]
    assert reply == "moved\n"
    assert f"Port {after['Server01']}\n" in (tmp_path / "ssh_config").read_text()


def test_second_start_on_the_same_directory_is_refused(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with await DemoHosts.start(tmp_path):
            with pytest.raises(DemoStateBusy, match=f"pid {os.getpid()}"):
                await DemoHosts.start(tmp_path)

    run(scenario)


def test_stop_ends_commands_still_running(tmp_path: Path) -> None:
    """A running command and a straggler it left holding stdout both end at stop()."""

    async def scenario() -> list[int]:
        async with await DemoHosts.start(tmp_path) as hosts, connected(hosts) as conn:
            running = await conn.create_process("echo $$; exec sleep 100")
            straggling = await conn.create_process("sleep 100 & echo $!; exit 0")
            pids = [int(as_text(await p.stdout.readline())) for p in (running, straggling)]
            await hosts.stop()
        return pids

    for pid in run(scenario):
        assert _wait_gone(pid), f"process {pid} survived DemoHosts.stop()"


def test_duplicate_names_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="duplicate"):
        run(lambda: DemoHosts.start(tmp_path, names=("A", "A")))
