"""ConnectionPool against the suite's real OpenSSH sshd: config, sharing, failures, loss."""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import time
from pathlib import Path

import asyncssh
import psutil
import pytest

from rjkernel.errors import PSError
from rjkernel.transport.failures import FailureKind, SSHConnectError, SSHConnectionLost
from rjkernel.transport.hosts import HostSpec, parse_host_spec
from rjkernel.transport.shell import ShellClosed, ShellError
from rjkernel.transport.ssh import ConnectionPool, HostConnection
from tests.fixtures.aio import run
from tests.fixtures.sshd import SshdFixture

PS_FRAME = (
    "The background process reported an error with the following message: "
    "The SSH client session has ended with error message: "
)


async def _remote_home(connection: HostConnection) -> str:
    result = await connection.conn.run('printf %s "$HOME"', check=True)
    return str(result.stdout)


async def _connect_error(
    pool: ConnectionPool, spec: HostSpec, timeout: float = 10
) -> SSHConnectError:
    with pytest.raises(SSHConnectError) as caught:
        await pool.connect(spec, timeout=timeout)
    return caught.value


def test_connect_by_alias_applies_the_config(client_home: SshdFixture) -> None:
    async def scenario() -> None:
        pool = ConnectionPool()
        connection = await pool.connect(parse_host_spec("Server01"))
        assert connection.computer == "Server01"
        assert connection.user == client_home.user
        assert connection.conn.get_extra_info("peername")[:2] == (
            "127.0.0.11",
            client_home.port,
        )
        assert await _remote_home(connection) == str(client_home.hosts["Server01"].home)
        await pool.close()
        assert await connection.lost is None  # closed on purpose: not "lost"

    run(scenario)


def test_user_at_address_port(client_home: SshdFixture) -> None:
    async def scenario() -> None:
        pool = ConnectionPool()
        spec = parse_host_spec(f"{client_home.user}@127.0.0.12:{client_home.port}")
        connection = await pool.connect(spec)
        assert await _remote_home(connection) == str(client_home.hosts["Server02"].home)
        await pool.close()

    run(scenario)


def test_explicit_config_and_known_hosts_from_environment(
    client_home: SshdFixture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, known = tmp_path / "config", tmp_path / "known"
    shutil.copy(client_home.config_path, config)
    shutil.copy(client_home.known_hosts_path, known)
    monkeypatch.setenv("HOME", str(tmp_path / "empty-home"))
    monkeypatch.setenv("RJKERNEL_SSH_CONFIG", str(config))
    monkeypatch.setenv("RJKERNEL_KNOWN_HOSTS", str(known))

    async def scenario() -> None:
        pool = ConnectionPool.from_environment()
        connection = await pool.connect(parse_host_spec("db01"))
        assert await _remote_home(connection) == str(client_home.hosts["db01"].home)
        await pool.close()

    run(scenario)


def test_proxy_jump_goes_through_the_jump_host(client_home: SshdFixture, tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.write_text(
        "Host Jumped02\n  HostName 127.0.0.12\n  ProxyJump Server01\n\n"
        + client_home.config_path.read_text()
    )

    async def scenario() -> None:
        pool = ConnectionPool(config=config)
        connection = await pool.connect(parse_host_spec("Jumped02"))
        assert await _remote_home(connection) == str(client_home.hosts["Server02"].home)
        # Server01's sshd is the one holding a TCP connection to Server02.
        forwarded = [
            pid
            for pid in client_home.connections_of("127.0.0.11")
            if any(
                conn.raddr and conn.raddr[:2] == ("127.0.0.12", client_home.port)
                for conn in psutil.Process(pid).net_connections(kind="tcp")
            )
        ]
        assert forwarded
        await pool.close()

    run(scenario)


def test_one_connection_per_host_shared_by_concurrent_requests(client_home: SshdFixture) -> None:
    async def scenario() -> None:
        pool = ConnectionPool()
        spec = parse_host_spec("web01")
        first, second, third = await asyncio.gather(*(pool.connect(spec) for _ in range(3)))
        assert first is second is third
        assert await pool.connect(spec) is first
        assert pool.get(spec) is first
        # Two shells and a plain command share the one connection.
        shells = [await first.open_shell(), await first.open_shell()]
        assert await _remote_home(first) == str(client_home.hosts["web01"].home)
        for shell in shells:
            await shell.close()
        await pool.close()

    run(scenario)


def test_refused(client_home: SshdFixture) -> None:
    async def scenario() -> None:
        error = await _connect_error(ConnectionPool(), parse_host_spec("Dead01"))
        assert error.kind is FailureKind.REFUSED
        assert error.message == (
            f"[Dead01] {PS_FRAME}ssh: connect to host 127.0.0.19 port {client_home.port}: "
            "Connection refused."
        )

    run(scenario)


def test_unresolvable_name(client_home: SshdFixture) -> None:
    async def scenario() -> None:
        error = await _connect_error(ConnectionPool(), parse_host_spec("nosuch.invalid"))
        assert error.kind is FailureKind.NAME_NOT_RESOLVED
        assert error.message.startswith(
            f"[nosuch.invalid] {PS_FRAME}ssh: Could not resolve hostname nosuch.invalid: "
        )

    run(scenario)


def test_option_shaped_name_never_reaches_the_transport() -> None:
    # parse_host_spec refuses it, and no code path can build a HostSpec of it either.
    with pytest.raises(PSError) as caught:
        HostSpec("-oProxyCommand=touch /tmp/x")
    assert caught.value.record.error_id == "PSSessionInvalidComputerName"


def _fingerprint(public_key: str) -> str:
    return str(asyncssh.import_public_key(public_key).get_fingerprint("sha256"))


def test_unknown_host_key_then_trusted_with_the_hint(
    client_home: SshdFixture, tmp_path: Path
) -> None:
    known = tmp_path / "known_hosts"
    shutil.copy(client_home.known_hosts_path, known)
    host = client_home.stranger_host

    async def scenario() -> str:
        pool = ConnectionPool(known_hosts=known)
        error = await _connect_error(pool, parse_host_spec(host.name))
        assert error.kind is FailureKind.HOST_KEY_UNKNOWN
        fingerprint = _fingerprint(client_home.served_keys[host.name])
        hint = f"ssh-keyscan -p {host.port} -t ed25519 {host.address} >> {known}"
        assert error.message == (
            f"[{host.name}] The host key of {host.address} (port {host.port}) is not known: "
            f"ED25519 key {fingerprint}. Verify the fingerprint, then trust it with: {hint}"
        )
        return hint

    hint = run(scenario)
    subprocess.run(hint, shell=True, check=True, capture_output=True, timeout=30)

    async def trusted() -> None:
        pool = ConnectionPool(known_hosts=known)
        connection = await pool.connect(parse_host_spec(host.name))
        assert await _remote_home(connection) == str(host.home)
        await pool.close()

    run(trusted)


def test_changed_host_key_is_loud(client_home: SshdFixture, tmp_path: Path) -> None:
    host = client_home.changed_host

    async def scenario() -> None:
        error = await _connect_error(ConnectionPool(), parse_host_spec(host.name))
        assert error.kind is FailureKind.HOST_KEY_CHANGED
        assert error.message.startswith(
            f"[{host.name}] WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED! The host key of "
            f"{host.address} (port {host.port}) is now ED25519 key "
            f"{_fingerprint(client_home.served_keys[host.name])}, which does not match the key "
            "recorded in ~/.ssh/known_hosts."
        )
        assert (
            f"ssh-keygen -R '[{host.address}]:{host.port}' -f ~/.ssh/known_hosts" in error.message
        )

    run(scenario)


def test_permission_denied(client_home: SshdFixture) -> None:
    async def scenario() -> None:
        spec = parse_host_spec(f"rjnosuchuser@127.0.0.13:{client_home.port}")
        error = await _connect_error(ConnectionPool(), spec)
        assert error.kind is FailureKind.AUTH
        assert error.message == (
            f"[127.0.0.13] {PS_FRAME}rjnosuchuser@127.0.0.13: Permission denied (publickey)."
        )

    run(scenario)


def test_key_file_path_is_used_instead_of_the_config_key(client_home: SshdFixture) -> None:
    unauthorized = client_home.base / "host_key_other"  # a private key sshd does not accept

    async def scenario() -> None:
        pool = ConnectionPool()
        error = await _connect_error(pool, HostSpec("Server03", key_files=(str(unauthorized),)))
        assert error.kind is FailureKind.AUTH
        missing = HostSpec("Server03", key_files=(str(client_home.base / "no-such-key"),))
        assert (await _connect_error(pool, missing)).kind is FailureKind.KEY_FILE

    run(scenario)


def test_timeout_against_a_silent_listener(client_home: SshdFixture) -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()  # the kernel completes the handshake; nobody ever answers
        port = silent.getsockname()[1]

        async def scenario() -> None:
            started = time.monotonic()
            error = await _connect_error(
                ConnectionPool(), HostSpec("127.0.0.1", port=port), timeout=0.5
            )
            assert time.monotonic() - started < 2.5
            assert error.kind is FailureKind.TIMEOUT
            assert error.message == (
                "[127.0.0.1] SSH connection attempt failed after time out: 0.5 seconds."
            )

        run(scenario)


def test_dropped_connection_is_signalled_and_reconnects(client_home: SshdFixture) -> None:
    address = client_home.hosts["Server03"].address

    async def scenario() -> None:
        pool = ConnectionPool()
        spec = parse_host_spec("Server03")
        connection = await pool.connect(spec)
        shell = await connection.open_shell()
        running = asyncio.ensure_future(shell.run("sleep 30"))
        seen: list[object] = []
        connection.add_lost_callback(lambda conn, lost: seen.append(lost))
        assert await asyncio.to_thread(client_home.drop_connections, address)
        lost = await asyncio.wait_for(connection.lost, 10)
        assert isinstance(lost, SSHConnectionLost)
        assert seen == [lost]
        assert str(lost) == (
            "[Server03] The SSH transport process has abruptly terminated causing this remote "
            "session to break."
        )
        with pytest.raises(ShellClosed):
            await asyncio.wait_for(running, 10)
        assert pool.get(spec) is None
        again = await pool.connect(spec)
        assert again is not connection
        assert await _remote_home(again) == str(client_home.hosts["Server03"].home)
        await pool.close()

    run(scenario)


def test_shell_on_a_closed_connection_is_a_clear_error(client_home: SshdFixture) -> None:
    async def scenario() -> None:
        pool = ConnectionPool()
        connection = await pool.connect(parse_host_spec("Server02"))
        await pool.close()
        with pytest.raises(ShellError, match="could not open a shell channel"):
            await connection.open_shell()

    run(scenario)


def test_first_command_after_connect_has_no_delayed_ack_stall(client_home: SshdFixture) -> None:
    """sshd's first channel reply waits ~40 ms for a delayed ACK unless we ACK promptly."""

    async def first_minus_second() -> float:
        pool = ConnectionPool()
        connection = await pool.connect(parse_host_spec("Server02"))
        timings = []
        for _ in range(2):
            started = time.perf_counter()
            await connection.conn.run("true", check=True)
            timings.append(time.perf_counter() - started)
        await pool.close()
        return timings[0] - timings[1]

    async def scenario() -> list[float]:
        return [await first_minus_second() for _ in range(5)]

    # With the stall every first command is >= 40 ms slower than the second; noise on a
    # busy machine inflates some tries, so the best of five decides.
    extra = run(scenario)
    assert min(extra) < 0.025, extra
