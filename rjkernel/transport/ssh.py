"""SSH connections: one per (host, user, port), shared by every session, job and command.

``ConnectionPool.connect(spec)`` returns the open ``HostConnection`` for that host or
makes one; concurrent requests for the same host share one attempt. A connection that
breaks leaves the pool at once (its ``lost`` future resolves and its callbacks run), so
the next ``connect`` is the reconnect.

OpenSSH conventions come from asyncssh's config support: ``~/.ssh/config`` (or the
file named by ``$RJKERNEL_SSH_CONFIG``) gives HostName, User, Port, IdentityFile,
ProxyJump…; ssh-agent and the default keys are used as OpenSSH would. Host keys are
checked strictly against ``~/.ssh/known_hosts`` (or ``$RJKERNEL_KNOWN_HOSTS``, or the
config's UserKnownHostsFile); an unknown or changed key is refused with its fingerprint
and the command that trusts it (host_keys.py). Jump hosts are connected by asyncssh
itself, from the same config and the config's (or the default) known_hosts.

Every attempt has a deadline (``timeout``, PowerShell's ``-ConnectingTimeout``) covering
TCP, key exchange and authentication; failures become ``SSHConnectError`` with
OpenSSH's wording (failures.py). A password (``-Credential``) is held by the attempt
only, handed to the server when it asks, and dropped when authentication ends.

The first channel stall: right after authentication OpenSSH's sshd sends its
``hostkeys-00@openssh.com`` notice; the client has nothing to send back, so its
kernel delays the ACK (~40 ms), and sshd — whose socket still has Nagle on until its
first session starts — holds its reply to our first channel open until that ACK comes.
Measured on this project's sshd: the first command on a new connection took ~49 ms,
the next ~4 ms. When the notice arrives we set TCP_QUICKACK, which sends the ACK at
once; the first command then takes ~6 ms, with no extra channel.

Cipher: asyncssh offers chacha20-poly1305 first, which it runs at ~190 MB/s here, while
AES-GCM runs at ~600 MB/s on a CPU with AES instructions (perf-anchors, finding 7) —
the difference between Receive-Job keeping up with ``ssh host cat`` or not. So when
this CPU has them, AES-GCM is moved to the front of asyncssh's default list (the same
set of ciphers, another order; the server still decides among what both offer). A
config that says anything about ``Ciphers`` (or includes other files) is left to
choose: then we pass nothing and asyncssh applies the config as it always does.
"""

from __future__ import annotations

import asyncio
import contextlib
import getpass
import os
import re
import socket
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import asyncssh

from rjkernel.transport.failures import (
    FailureKind,
    SSHConnectError,
    SSHConnectionLost,
    Target,
    describe_failure,
)
from rjkernel.transport.host_keys import DEFAULT_PORT, PresentedKey
from rjkernel.transport.hosts import HostSpec
from rjkernel.transport.shell import PersistentShell

CONFIG_VARIABLE = "RJKERNEL_SSH_CONFIG"
KNOWN_HOSTS_VARIABLE = "RJKERNEL_KNOWN_HOSTS"
DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_KEEPALIVE_INTERVAL = 15.0
DEFAULT_KEEPALIVE_COUNT = 3
PREFERRED_CIPHERS = "^aes128-gcm@openssh.com,aes256-gcm@openssh.com"  # "^": in front
_CHOOSES_CIPHERS = re.compile(r"^\s*(ciphers|include)\b", re.IGNORECASE | re.MULTILINE)

LostCallback = Callable[["HostConnection", "SSHConnectionLost | None"], None]
_PoolKey = tuple[str, "str | None", "int | None"]


class _Client(asyncssh.SSHClient):
    """asyncssh's callbacks for one connection attempt, and then for the connection.

    During the handshake it records what a failure message needs (the refused host key,
    the auth methods the server let us try) and hands out the password once per method.
    Afterwards it reports the connection's loss.
    """

    def __init__(self, password: str | None) -> None:
        self._password = password
        self.conn: asyncssh.SSHClientConnection | None = None
        self.presented: PresentedKey | None = None
        self.auth_methods: list[str] = []
        self.on_lost: Callable[[Exception | None], None] | None = None

    def connection_made(self, conn: asyncssh.SSHClientConnection) -> None:
        self.conn = conn

    def validate_host_public_key(
        self, host: str, addr: str, port: int, key: asyncssh.SSHKey
    ) -> bool:
        # Called only for keys known_hosts does not trust: remember it, refuse it.
        self.presented = PresentedKey(host, addr, port, key)
        return False

    def public_key_auth_requested(self) -> None:
        # Called once the configured keys are used up: nothing more to offer.
        self._tried("publickey")

    def password_auth_requested(self) -> str | None:
        return self._password if self._tried("password") else None

    def kbdint_auth_requested(self) -> str | None:
        return "" if self._password is not None and self._tried("keyboard-interactive") else None

    def kbdint_challenge_received(
        self, name: str, instructions: str, lang: str, prompts: Sequence[tuple[str, bool]]
    ) -> list[str] | None:
        # Answer a single hidden prompt ("Password:") with the password; nothing else.
        if not prompts:
            return []
        if len(prompts) == 1 and not prompts[0][1] and self._password is not None:
            return [self._password]
        return None

    def auth_completed(self) -> None:
        self.forget_password()

    def forget_password(self) -> None:
        self._password = None

    def acknowledge_promptly(self, *_keys: object) -> None:
        """server_host_keys_handler: ACK the hostkeys notice now (see module docstring)."""
        sock = self.conn.get_extra_info("socket") if self.conn else None
        if sock is not None and hasattr(socket, "TCP_QUICKACK"):
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)

    def connection_lost(self, exc: Exception | None) -> None:
        self.forget_password()
        if self.on_lost is not None:
            self.on_lost(exc)

    def _tried(self, method: str) -> bool:
        """Note that the server offered ``method``; True the first time."""
        if method in self.auth_methods:
            return False
        self.auth_methods.append(method)
        return True


class HostConnection:
    """An authenticated connection to one host.

    ``conn`` is the asyncssh connection (the job agent's client opens its own channels
    on it). ``lost`` resolves when the connection ends: to an ``SSHConnectionLost`` when
    it broke, to None when it was closed on purpose.
    """

    def __init__(self, spec: HostSpec, conn: asyncssh.SSHClientConnection, client: _Client):
        self.spec = spec
        self.conn = conn
        self.lost: asyncio.Future[SSHConnectionLost | None] = (
            asyncio.get_running_loop().create_future()
        )
        self._callbacks: list[LostCallback] = []
        self._closing = False
        client.on_lost = self._connection_lost

    @property
    def computer(self) -> str:
        """The host's name as the user gave it (PowerShell's ComputerName)."""
        return self.spec.host

    @property
    def user(self) -> str:
        return str(self.conn.get_extra_info("username"))

    @property
    def closed(self) -> bool:
        return self.lost.done()

    def add_lost_callback(self, callback: LostCallback) -> None:
        """Call ``callback(connection, lost)`` when the connection ends (now, if it has)."""
        if self.lost.done():
            asyncio.get_running_loop().call_soon(callback, self, self.lost.result())
        else:
            self._callbacks.append(callback)

    async def open_shell(self, *, start_in_home: bool = True) -> PersistentShell:
        """A persistent shell on a new channel (raises ShellError)."""
        return await PersistentShell.open_ssh(self.conn, start_in_home=start_in_home)

    async def close(self) -> None:
        """Close the connection on purpose (``lost`` resolves to None)."""
        self._closing = True
        self.conn.close()
        await self.conn.wait_closed()

    def _connection_lost(self, exc: Exception | None) -> None:
        if self.lost.done():
            return
        why = None if self._closing else SSHConnectionLost(self.computer, exc)
        self.lost.set_result(why)
        callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback(self, why)


class ConnectionPool:
    """Open connections by (host, user, port); see the module docstring.

    ``config`` and ``known_hosts`` override the OpenSSH defaults (``~/.ssh/config``,
    the config's UserKnownHostsFile or ``~/.ssh/known_hosts``); ``from_environment``
    takes them from ``$RJKERNEL_SSH_CONFIG`` and ``$RJKERNEL_KNOWN_HOSTS``.
    Keepalives (every ``keepalive_interval`` s, ``keepalive_count`` unanswered = lost)
    are what notices a network that went silent.
    """

    def __init__(
        self,
        *,
        config: Path | None = None,
        known_hosts: Path | None = None,
        keepalive_interval: float = DEFAULT_KEEPALIVE_INTERVAL,
        keepalive_count: int = DEFAULT_KEEPALIVE_COUNT,
    ) -> None:
        self._config = config
        self._known_hosts = known_hosts
        self._keepalive = {
            "keepalive_interval": keepalive_interval,
            "keepalive_count_max": keepalive_count,
        }
        self._connections: dict[_PoolKey, HostConnection] = {}
        self._attempts: dict[_PoolKey, asyncio.Future[HostConnection]] = {}
        self._config_choice: tuple[tuple[Path, int, int] | None, bool] = (None, False)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> ConnectionPool:
        config = environ.get(CONFIG_VARIABLE)
        known_hosts = environ.get(KNOWN_HOSTS_VARIABLE)
        return cls(
            config=Path(config) if config else None,
            known_hosts=Path(known_hosts) if known_hosts else None,
        )

    def get(self, spec: HostSpec) -> HostConnection | None:
        """The open connection for ``spec``, if there is one."""
        return self._connections.get(spec.pool_key)

    async def connect(
        self,
        spec: HostSpec,
        *,
        password: str | None = None,
        timeout: float = DEFAULT_CONNECT_TIMEOUT,
    ) -> HostConnection:
        """The open connection for ``spec``, connecting if needed (raises SSHConnectError).

        A request that joins an attempt already under way shares its outcome (and its
        password and timeout). Cancelling one waiter does not cancel the attempt.
        """
        key = spec.pool_key
        existing = self._connections.get(key)
        if existing is not None:
            return existing
        attempt = self._attempts.get(key)
        if attempt is None:
            attempt = asyncio.ensure_future(self._open(spec, password, timeout))
            self._attempts[key] = attempt
            attempt.add_done_callback(partial(self._settle, key))
        return await asyncio.shield(attempt)

    async def close(self) -> None:
        """Close every connection."""
        for connection in list(self._connections.values()):
            await connection.close()

    async def _open(self, spec: HostSpec, password: str | None, timeout: float) -> HostConnection:
        if self._config is not None and not self._config.is_file():
            # as ``ssh -F missing`` does: say so, rather than connect without it
            raise SSHConnectError(spec.host, FailureKind.OTHER,
                                  f"Can't open user config file {self._config}: "
                                  "No such file or directory")
        client = _Client(password)
        try:
            conn = await asyncssh.connect(
                spec.host,
                spec.port if spec.port is not None else (),
                username=spec.user if spec.user is not None else (),
                client_keys=list(spec.key_files) if spec.key_files else (),
                config=self._config_paths,
                known_hosts=str(self._known_hosts) if self._known_hosts else (),
                client_factory=lambda: client,
                server_host_keys_handler=client.acknowledge_promptly,
                encryption_algs=self._encryption_algs(),
                connect_timeout=timeout,
                **self._keepalive,
            )
        except Exception as exc:
            raise describe_failure(
                exc,
                computer=spec.host,
                target=self._target(spec),
                presented=client.presented,
                auth_methods=client.auth_methods,
                timeout=timeout,
            ) from exc
        finally:
            client.forget_password()
        return HostConnection(spec, conn, client)

    def _settle(self, key: _PoolKey, attempt: asyncio.Future[HostConnection]) -> None:
        del self._attempts[key]
        if attempt.cancelled() or attempt.exception() is not None:
            return
        connection = attempt.result()
        self._connections[key] = connection
        connection.add_lost_callback(partial(self._forget, key))

    def _forget(self, key: _PoolKey, connection: HostConnection, _lost: object) -> None:
        if self._connections.get(key) is connection:
            del self._connections[key]

    def _encryption_algs(self) -> str | tuple[()]:
        """AES-GCM first, unless the CPU lacks AES instructions or the config chooses
        ciphers itself (see the module docstring); ``()`` is asyncssh's "as configured"."""
        if not _CPU_HAS_AES or self._config_chooses_ciphers():
            return ()
        return PREFERRED_CIPHERS

    def _config_chooses_ciphers(self) -> bool:
        """Whether the ssh config has a ``Ciphers`` or ``Include`` line (re-read when the
        file changes; a missing file chooses nothing)."""
        path = self._config or Path.home() / ".ssh" / "config"
        try:
            stat = path.stat()
        except OSError:
            return False
        version = (path, stat.st_mtime_ns, stat.st_size)
        seen, chooses = self._config_choice
        if seen != version:
            try:
                text = path.read_text(errors="replace")
            except OSError:
                return False
            chooses = _CHOOSES_CIPHERS.search(text) is not None
            self._config_choice = (version, chooses)
        return chooses

    @property
    def _config_paths(self) -> Sequence[str] | tuple[()]:
        return [str(self._config)] if self._config else ()

    def _target(self, spec: HostSpec) -> Target:
        """Where ``spec`` leads after the config is applied (for failure messages)."""
        fallback = Target(
            host=spec.host,
            port=spec.port or DEFAULT_PORT,
            user=spec.user or getpass.getuser(),
            known_hosts=(self._known_hosts or Path.home() / ".ssh" / "known_hosts",),
        )
        options: Any
        try:
            options = asyncssh.SSHClientConnectionOptions(
                config=self._config_paths,
                host=spec.host,
                port=spec.port if spec.port is not None else (),
                username=spec.user if spec.user is not None else (),
                known_hosts=str(self._known_hosts) if self._known_hosts else (),
                client_keys=None,
                agent_path=None,
            )
        except (OSError, ValueError, asyncssh.Error):
            return fallback
        known = options.known_hosts
        paths: tuple[Path, ...]
        if isinstance(known, str):
            paths = (Path(known),)
        elif known:
            paths = tuple(Path(path).expanduser() for path in known)
        else:
            paths = fallback.known_hosts
        return Target(options.host, options.port, options.username, paths)


def _cpu_has_aes() -> bool:
    """Whether this CPU advertises AES instructions (Linux's cpuinfo: x86 ``aes`` flag,
    ARM ``aes`` feature). Elsewhere we cannot tell, and asyncssh's order stands."""
    try:
        text = Path("/proc/cpuinfo").read_text(errors="replace")
    except OSError:
        return False
    return any(
        line.split(":", 1)[0].strip() in ("flags", "Features") and "aes" in line.split()
        for line in text.splitlines()
    )


_CPU_HAS_AES = _cpu_has_aes()
