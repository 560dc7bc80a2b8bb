"""The demo hosts behave like sshd-served Linux hosts, for asyncssh and for OpenSSH's ``ssh``.

Every test talks to one ``python -m rjkernel.demo.hosts`` process (the ``demo_server``
fixture) through the ssh_config and known_hosts it wrote, exactly as the kernel will.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import asyncssh
import pytest

from tests.demo.client import as_bytes, as_text, connected
from tests.fixtures.aio import run
from tests.fixtures.demo_hosts import DemoServer

GIB = 1 << 30
TIMEOUT = 30.0


def exec_one(server: DemoServer, command: str, **kwargs: Any) -> asyncssh.SSHCompletedProcess:
    """Run ``command`` on Server01 on a new connection; output as bytes."""

    async def scenario() -> asyncssh.SSHCompletedProcess:
        async with connected(server) as conn:
            return await conn.run(command, encoding=None, **kwargs)

    return run(scenario)


def test_echo(demo_server: DemoServer) -> None:
    result = exec_one(demo_server, "echo hi")
    assert (result.stdout, result.stderr, result.exit_status) == (b"hi\n", b"", 0)


def test_exit_code(demo_server: DemoServer) -> None:
    result = exec_one(demo_server, "exit 3")
    assert (result.exit_status, result.exit_signal) == (3, None)


def test_stderr_is_separate(demo_server: DemoServer) -> None:
    result = exec_one(demo_server, "echo out; echo oops >&2")
    assert (result.stdout, result.stderr) == (b"out\n", b"oops\n")


def test_exit_signal(demo_server: DemoServer) -> None:
    result = exec_one(demo_server, "kill -TERM $$")
    assert result.exit_signal is not None
    assert result.exit_signal[0] == "TERM"
    assert result.returncode == -signal.SIGTERM


def test_stdin_eof_ends_cat(demo_server: DemoServer) -> None:
    result = exec_one(demo_server, "cat; echo done", input=b"abc")
    assert (result.stdout, result.exit_status) == (b"abcdone\n", 0)


def test_binary_round_trip(demo_server: DemoServer) -> None:
    data = bytes(range(256)) * 4096 + os.urandom(1 << 20)
    assert exec_one(demo_server, "cat", input=data).stdout == data


def test_unread_input_is_discarded(demo_server: DemoServer) -> None:
    """A child that exits without reading its stdin ends the channel normally."""
    result = exec_one(demo_server, "echo early", input=bytes(8 << 20))
    assert (result.stdout, result.exit_status) == (b"early\n", 0)


def test_persistent_shell_session(demo_server: DemoServer) -> None:
    """A shell request gets /bin/sh reading stdin: state survives between commands."""

    async def scenario() -> tuple[list[bytes], int | None]:
        async with connected(demo_server) as conn:
            process = await conn.create_process(encoding=None)  # no command: a shell
            for command in (b"cd /tmp && x=41\n", b"echo $PWD\n", b"echo $((x + 1))\n"):
                process.stdin.write(command)
            lines = [as_bytes(await process.stdout.readline()) for _ in range(2)]
            process.stdin.write_eof()
            await process.wait()
            return lines, process.exit_status

    assert run(scenario) == ([b"/tmp\n", b"42\n"], 0)


def test_kill_process_group_from_another_channel(demo_server: DemoServer) -> None:
    """The kernel's interrupt: SIGINT to the command's process group, sent by ``kill`` on
    a second exec channel. Written ``kill -INT -<pgid>``: dash, Debian's /bin/sh, rejects
    the ``--`` of ``kill -INT -- -<pgid>`` ("Illegal number: -")."""

    async def scenario() -> tuple[int | None, int | None]:
        async with connected(demo_server) as conn:
            sleeper = await conn.create_process("echo $$; sleep 100; echo not-reached")
            pgid = int(as_text(await sleeper.stdout.readline()))
            killer = await conn.run(f"kill -INT -{pgid}")
            await sleeper.wait()
            return sleeper.returncode, killer.exit_status

    assert run(scenario) == (-signal.SIGINT, 0)


def test_session_child_leads_its_own_process_group(demo_server: DemoServer) -> None:
    pgid, pid = as_bytes(exec_one(demo_server, "ps -o pgid= -p $$; echo $$").stdout).split()
    assert pgid == pid


def test_signal_request_reaches_the_child(demo_server: DemoServer) -> None:
    async def scenario() -> tuple[str, bool, str, str] | None:
        async with connected(demo_server) as conn:
            process = await conn.create_process("echo started; exec sleep 100")
            await process.stdout.readline()
            process.send_signal("TERM")
            await process.wait()
            return process.exit_signal

    exit_signal = run(scenario)
    assert exit_signal is not None
    assert exit_signal[0] == "TERM"


def test_hundred_concurrent_channels_on_one_connection(demo_server: DemoServer) -> None:
    async def scenario() -> list[str]:
        async with connected(demo_server) as conn:
            results = await asyncio.gather(
                *(conn.run(f"sleep 0.2; echo {i}") for i in range(100))
            )
            return [as_text(result.stdout) for result in results]

    assert run(scenario) == [f"{i}\n" for i in range(100)]


def test_hundred_concurrent_connections(demo_server: DemoServer) -> None:
    async def one(i: int) -> str:
        async with connected(demo_server, f"Server0{i % 3 + 1}") as conn:
            return as_text((await conn.run(f"echo {i}")).stdout)

    async def scenario() -> list[str]:
        return list(await asyncio.gather(*(one(i) for i in range(100))))

    assert run(scenario) == [f"{i}\n" for i in range(100)]


def test_each_host_has_its_own_home(demo_server: DemoServer) -> None:
    async def scenario() -> list[str]:
        outputs = []
        for host in ("Server01", "Server02", "Server03"):
            async with connected(demo_server, host) as conn:
                outputs.append(as_text((await conn.run('echo "$HOME:$(pwd)"')).stdout))
        return outputs

    homes = [demo_server.state_dir / "hosts" / f"Server0{i}" for i in (1, 2, 3)]
    assert run(scenario) == [f"{home}:{home}\n" for home in homes]


def test_environment_is_clean(demo_server: DemoServer) -> None:
    result = exec_one(demo_server, "env", env={"LC_TIME": "C", "SECRET": "x"})
    names = {line.split(b"=", 1)[0] for line in as_bytes(result.stdout).splitlines()}
    assert names == {
        b"PATH", b"HOME", b"USER", b"LOGNAME", b"SHELL", b"LANG", b"PWD", b"LC_TIME"
    }


def test_password_authentication_is_refused(demo_server: DemoServer) -> None:
    async def scenario() -> None:
        async with connected(demo_server, client_keys=None, agent_path=None, password="x"):
            pass

    with pytest.raises(asyncssh.PermissionDenied):
        run(scenario)


def test_other_user_names_are_refused(demo_server: DemoServer) -> None:
    async def scenario() -> None:
        async with connected(demo_server, username="someone-else"):
            pass

    with pytest.raises(asyncssh.PermissionDenied):
        run(scenario)


def test_host_key_is_checked(demo_server: DemoServer, tmp_path: Path) -> None:
    """known_hosts entries with another key for the same [127.0.0.1]:port are refused."""
    other = asyncssh.generate_private_key("ssh-ed25519").export_public_key().decode()
    wrong = tmp_path / "known_hosts"
    wrong.write_text(
        "".join(f"{line.split()[0]} {other}" for line in demo_server.known_hosts.open())
    )

    async def scenario() -> None:
        async with asyncssh.connect(
            "Server01", config=[str(demo_server.ssh_config)], known_hosts=str(wrong)
        ):
            pass

    with pytest.raises(asyncssh.HostKeyNotVerifiable):
        run(scenario)


def test_config_alone_is_enough(demo_server: DemoServer) -> None:
    """ssh_config names the known_hosts file and the key: asyncssh needs nothing else."""

    async def scenario() -> str:
        async with asyncssh.connect("Server02", config=[str(demo_server.ssh_config)]) as conn:
            result = await conn.run("echo ok")
        return as_text(result.stdout)

    assert run(scenario) == "ok\n"


@pytest.mark.parametrize("subsystem", ["sftp", "netconf"])
def test_subsystems_are_refused(demo_server: DemoServer, subsystem: str) -> None:
    async def scenario() -> None:
        async with connected(demo_server) as conn:
            await conn.run(subsystem=subsystem)

    with pytest.raises(asyncssh.ChannelOpenError):
        run(scenario)


def test_pty_requests_are_refused(demo_server: DemoServer) -> None:
    async def scenario() -> None:
        async with connected(demo_server) as conn:
            await conn.run("true", term_type="xterm")

    with pytest.raises(asyncssh.ChannelOpenError):
        run(scenario)


@pytest.mark.skipif(not shutil.which("ssh"), reason="no OpenSSH client")
def test_openssh_client(demo_server: DemoServer) -> None:
    def ssh(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["ssh", "-F", str(demo_server.ssh_config), "-o", "BatchMode=yes", *args],
            capture_output=True, text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL,
        )

    hello = ssh("Server01", "echo hi")
    assert (hello.stdout, hello.returncode) == ("hi\n", 0), hello.stderr
    assert ssh("Server03", "exit 7").returncode == 7


def _peak_rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM in /proc/<pid>/status")


@contextlib.contextmanager
def flat_memory(pid: int, limit_mib: int = 64) -> Iterator[None]:
    """Fail if process ``pid``'s peak RSS grows by ``limit_mib`` or more meanwhile."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")  # resets VmHWM to the current RSS
    before = _peak_rss_kib(pid)
    yield
    grown_mib = (_peak_rss_kib(pid) - before) / 1024
    assert grown_mib < limit_mib, f"peak RSS of the demo hosts grew {grown_mib:.0f} MiB"


needs_proc = pytest.mark.skipif(
    not Path("/proc/self/clear_refs").exists(), reason="needs Linux /proc"
)


@needs_proc
def test_one_gib_of_output_streams_in_flat_memory(demo_server: DemoServer) -> None:
    async def scenario() -> tuple[int, int | None]:
        received = 0
        async with connected(demo_server) as conn:
            process = await conn.create_process(f"head -c {GIB} /dev/zero", encoding=None)
            while chunk := await process.stdout.read(1 << 20):
                received += len(chunk)
            await process.wait()
            return received, process.exit_status

    with flat_memory(demo_server.pid):
        assert run(scenario, timeout=120) == (GIB, 0)


@needs_proc
def test_large_input_streams_to_the_child_in_flat_memory(demo_server: DemoServer) -> None:
    size = 512 << 20

    async def scenario() -> int:
        async with connected(demo_server) as conn:
            process = await conn.create_process("wc -c", encoding=None)
            block = b"\x00\xff" * (1 << 19)
            for _ in range(size // len(block)):
                process.stdin.write(block)
                await process.stdin.drain()
            process.stdin.write_eof()
            return int(as_bytes((await process.wait()).stdout))

    with flat_memory(demo_server.pid):
        assert run(scenario, timeout=120) == size
