"""SSH connections: one per host and way of authenticating, shared by every session,
job and command, and closed when none of them needs it any more.

``ConnectionPool.connect(spec)`` returns the open ``HostConnection`` for that host or
makes one; concurrent requests for the same host share one attempt. A connection that
breaks leaves the pool at once (its ``lost`` future resolves and its callbacks run), so
the next ``connect`` is the reconnect.

What shares a connection: the pool key is the host as typed, the user, the port, the
``-KeyFilePath`` files and — for ``-Credential`` — a keyed hash of the password (HMAC
with a key made at start and kept nowhere else), so a request that would authenticate
differently never rides on another's connection (issue 8 item 6), while two requests
with the same credentials share one. Through a jump host, the hop it came through is
part of the key too.

Lifetime: whatever needs a connection holds a lease on it (``hold()``): a PSSession,
a temporary runspace of ``Invoke-Command -ComputerName``, an ``-AsJob`` child while it
runs, a job agent with attached runspaces, a connection tunnelled through it. With
``idle_close`` set, a connection nobody has held for that many seconds is closed on
purpose (``lost`` resolves to None), so connections — and the job agents on them —
never outlive their sessions (issue 8 item 11).

OpenSSH conventions come from asyncssh's config support, prepared once per host
(client_options.py, ssh_config.py): ``~/.ssh/config`` (or the file named by
``$RJKERNEL_SSH_CONFIG``) gives HostName, User, Port, IdentityFile, ProxyJump,
ProxyCommand…; ssh-agent and the default keys are used as OpenSSH would. Host keys are
checked strictly against ``~/.ssh/known_hosts`` (or ``$RJKERNEL_KNOWN_HOSTS``, or the
config's UserKnownHostsFile); an unknown or changed key is refused with its fingerprint
and the command that trusts it (host_keys.py).

Jump hosts (``ProxyJump``) are connections of this pool too: a hundred hosts behind one
bastion share one connection to it, checked against known_hosts like any other, held
open while a connection runs through it. A chain ``a,b`` reaches ``b`` through ``a``.

Every attempt has a deadline (``timeout``, PowerShell's ``-ConnectingTimeout``) covering
TCP, key exchange and authentication — and retries: an sshd at its ``MaxStartups``
limit drops new connections before saying its version, so such a refused start is
retried with jittered exponential back-off (``START_RETRIES``) within the deadline,
and only then reported, saying what happened. Failures become ``SSHConnectError`` with
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
set of ciphers, another order; the server still decides among what both offer). A host
whose config says anything about ``Ciphers`` is left to choose.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import os
import random
import secrets
import socket
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import asyncssh

from rjkernel.errors import PSError
from rjkernel.timeouts import within
from rjkernel.transport.client_options import (
    DIRECT,
    FULL,
    PREFERRED_CIPHERS,
    ClientOptions,
    HostOptions,
    open_direct,
    raise_nofile_limit,
)
from rjkernel.transport.failures import (
    FailureKind,
    SSHConnectError,
    SSHConnectionLost,
    Target,
    describe_failure,
)
from rjkernel.transport.host_keys import PresentedKey
from rjkernel.transport.hosts import HostSpec, parse_host_spec
from rjkernel.transport.shell import PersistentShell

CONFIG_VARIABLE = "RJKERNEL_SSH_CONFIG"
KNOWN_HOSTS_VARIABLE = "RJKERNEL_KNOWN_HOSTS"
IDLE_CLOSE_VARIABLE = "RJKERNEL_SSH_IDLE_CLOSE"
DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_KEEPALIVE_INTERVAL = 15.0
DEFAULT_KEEPALIVE_COUNT = 3
DEFAULT_IDLE_CLOSE = 5.0  # seconds a connection nobody holds stays open (then closed)
START_RETRIES = 6  # refused starts (sshd's MaxStartups) retried before giving up
START_BACKOFF = 0.05  # first back-off, doubled per retry, jittered
MAX_JUMPS = 8  # a ProxyJump chain (or loop) longer than this is refused

LostCallback = Callable[["HostConnection", "SSHConnectionLost | None"], None]
PoolKey = tuple[object, ...]
__all__ = ["PREFERRED_CIPHERS", "ConnectionPool", "HostConnection", "Lease"]


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

    @property
    def start_refused(self) -> bool:
        """The server took the TCP connection and closed it before saying its version:
        what sshd does to connections past its MaxStartups limit."""
        return self.conn is not None and self.conn.get_extra_info("server_version") is None

    def _tried(self, method: str) -> bool:
        """Note that the server offered ``method``; True the first time."""
        if method in self.auth_methods:
            return False
        self.auth_methods.append(method)
        return True


class Lease:
    """One holder's claim on a connection; ``release()`` it (once is enough)."""

    def __init__(self, connection: HostConnection) -> None:
        self._connection: HostConnection | None = connection

    def release(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            connection._released()


class HostConnection:
    """An authenticated connection to one host.

    ``conn`` is the asyncssh connection (the job agent's client opens its own channels
    on it). ``lost`` resolves when the connection ends: to an ``SSHConnectionLost`` when
    it broke, to None when it was closed on purpose.
    """

    def __init__(self, spec: HostSpec, conn: asyncssh.SSHClientConnection, client: _Client,
                 *, key: PoolKey = (), idle_close: float | None = None,
                 tunnel: Lease | None = None) -> None:
        self.spec = spec
        self.conn = conn
        self.key = key
        self.lost: asyncio.Future[SSHConnectionLost | None] = (
            asyncio.get_running_loop().create_future()
        )
        self._callbacks: list[LostCallback] = []
        self.closing = False  # True once closed on purpose: ``lost`` will be None
        self._holders = 0
        self._idle_close = idle_close
        self._idle_timer: asyncio.TimerHandle | None = None
        self._tunnel = tunnel
        client.on_lost = self._connection_lost
        self._arm_idle_timer()

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

    @property
    def holders(self) -> int:
        return self._holders

    def hold(self) -> Lease:
        """Keep the connection open until the lease is released (see module docstring)."""
        self._holders += 1
        if self._idle_timer is not None:
            self._idle_timer.cancel()
            self._idle_timer = None
        return Lease(self)

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
        self.closing = True
        self.conn.close()
        await self.conn.wait_closed()

    def _released(self) -> None:
        self._holders -= 1
        self._arm_idle_timer()

    def _arm_idle_timer(self) -> None:
        if self._holders or self._idle_close is None or self.closed or self.closing:
            return
        if self._idle_timer is not None:
            self._idle_timer.cancel()
        self._idle_timer = asyncio.get_running_loop().call_later(
            self._idle_close, self._close_if_idle)

    def _close_if_idle(self) -> None:
        self._idle_timer = None
        if not self._holders and not self.closed:
            self.closing = True
            self.conn.close()  # connection_lost follows; nothing here needs awaiting

    def _connection_lost(self, exc: Exception | None) -> None:
        if self.lost.done():
            return
        if self._idle_timer is not None:
            self._idle_timer.cancel()
        if self._tunnel is not None:
            self._tunnel.release()
        why = None if self.closing else SSHConnectionLost(self.computer, exc)
        self.lost.set_result(why)
        callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback(self, why)


class ConnectionPool:
    """Open connections by pool key; see the module docstring.

    ``config`` and ``known_hosts`` override the OpenSSH defaults (``~/.ssh/config``,
    the config's UserKnownHostsFile or ``~/.ssh/known_hosts``); ``from_environment``
    takes them from ``$RJKERNEL_SSH_CONFIG`` and ``$RJKERNEL_KNOWN_HOSTS``, and the idle
    grace from ``$RJKERNEL_SSH_IDLE_CLOSE``. Keepalives (every ``keepalive_interval`` s,
    ``keepalive_count`` unanswered = lost) are what notices a network that went silent.
    ``idle_close`` None keeps connections until closed (a library user that does not
    take leases); the kernel sets it.
    """

    def __init__(
        self,
        *,
        config: Path | None = None,
        known_hosts: Path | None = None,
        keepalive_interval: float = DEFAULT_KEEPALIVE_INTERVAL,
        keepalive_count: int = DEFAULT_KEEPALIVE_COUNT,
        idle_close: float | None = None,
        start_retries: int = START_RETRIES,
    ) -> None:
        self._config = config
        self.options = ClientOptions(
            config=config, known_hosts=known_hosts, cpu_has_aes=_CPU_HAS_AES,
            connection={"keepalive_interval": keepalive_interval,
                        "keepalive_count_max": keepalive_count},
        )
        self._idle_close = idle_close
        self._start_retries = start_retries
        self._connections: dict[PoolKey, HostConnection] = {}
        self._attempts: dict[PoolKey, asyncio.Future[HostConnection]] = {}
        self._secret = secrets.token_bytes(32)  # keys password hashes; never leaves here
        self.refused_starts = 0  # starts the servers refused (MaxStartups), all hosts
        raise_nofile_limit()

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ, **kwargs: Any
                         ) -> ConnectionPool:
        config = environ.get(CONFIG_VARIABLE)
        known_hosts = environ.get(KNOWN_HOSTS_VARIABLE)
        idle = environ.get(IDLE_CLOSE_VARIABLE)
        if idle:
            kwargs["idle_close"] = float(idle)
        return cls(
            config=Path(config) if config else None,
            known_hosts=Path(known_hosts) if known_hosts else None,
            **kwargs,
        )

    def __len__(self) -> int:
        return len(self._connections)

    def key(self, spec: HostSpec, password: str | None = None,
            via: HostConnection | None = None) -> PoolKey:
        """What a connection for ``spec`` is shared under (see the module docstring)."""
        credential = None
        if password is not None:
            credential = hmac.new(self._secret, password.encode(), hashlib.sha256).digest()
        return (spec.host, spec.user, spec.port, spec.key_files, credential,
                via.key if via is not None else None)

    def get(self, spec: HostSpec) -> HostConnection | None:
        """The open key-authenticated connection for ``spec``, if there is one."""
        return self._connections.get(self.key(spec))

    async def connect(
        self,
        spec: HostSpec,
        *,
        password: str | None = None,
        timeout: float = DEFAULT_CONNECT_TIMEOUT,
        via: HostConnection | None = None,
    ) -> HostConnection:
        """The open connection for ``spec``, connecting if needed (raises SSHConnectError).

        A request that joins an attempt already under way shares its outcome (and its
        timeout). Cancelling one waiter does not cancel the attempt. ``via``: reach the
        host through that connection (a later hop of a jump chain).
        """
        return await self._connect(spec, password, timeout, via, frozenset())

    async def _connect(self, spec: HostSpec, password: str | None, timeout: float,
                       via: HostConnection | None, opening: frozenset[PoolKey]
                       ) -> HostConnection:
        """``connect``; ``opening`` are the connections whose jump hosts are being
        connected (a ProxyJump loop would wait for itself)."""
        key = self.key(spec, password, via)
        existing = self._connections.get(key)
        if existing is not None:
            return existing
        if key in opening:
            raise SSHConnectError(spec.host, FailureKind.OTHER, (
                f"ProxyJump loop: reaching {spec.host} needs a connection to {spec.host} "
                "first. Exclude the jump host from the config block that names it as a jump "
                "(e.g. Host * !bastion)"))
        attempt = self._attempts.get(key)
        if attempt is None:
            attempt = asyncio.ensure_future(
                self._open(key, spec, password, timeout, via, opening | {key}))
            self._attempts[key] = attempt
            attempt.add_done_callback(partial(self._settle, key))
        return await asyncio.shield(attempt)

    async def close(self) -> None:
        """Close every connection. All are marked closed on purpose first, so one that
        ran through a jump host closing with it is not reported as lost."""
        connections = list(self._connections.values())
        for connection in connections:
            connection.closing = True
        await asyncio.gather(*(connection.close() for connection in connections))

    # ------------------------------------------------------------------ attempts

    async def _open(self, key: PoolKey, spec: HostSpec, password: str | None,
                    timeout: float, via: HostConnection | None, opening: frozenset[PoolKey]
                    ) -> HostConnection:
        if self._config is not None and not self._config.is_file():
            # as ``ssh -F missing`` does: say so, rather than connect without it
            raise SSHConnectError(spec.host, FailureKind.OTHER,
                                  f"Can't open user config file {self._config}: "
                                  "No such file or directory")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        refused = 0
        while True:
            client = _Client(password)
            host: HostOptions | None = None
            try:
                host = self.options.for_spec(spec, through_pool=via is None)
                return await within(
                    self._attempt(key, spec, host, client, via, deadline, opening),
                    max(0.001, deadline - loop.time()))
            except SSHConnectError:
                raise  # a jump host's failure, already told
            except Exception as exc:
                start_refused = client.start_refused and isinstance(
                    exc, (ConnectionError, asyncssh.DisconnectError))
                self.refused_starts += start_refused
                delay = START_BACKOFF * 2 ** refused * random.uniform(0.5, 1.5)
                if (start_refused and refused < self._start_retries
                        and loop.time() + delay < deadline):
                    refused += 1
                    await asyncio.sleep(delay)
                    continue
                target = host.target if host else self.options.fallback_target(spec)
                if start_refused:
                    raise SSHConnectError(spec.host, FailureKind.CLOSED, _refused_starts(
                        target, refused + 1)) from exc
                raise describe_failure(
                    exc, computer=spec.host, target=target, presented=client.presented,
                    auth_methods=client.auth_methods, timeout=timeout,
                ) from exc
            finally:
                client.forget_password()

    async def _attempt(self, key: PoolKey, spec: HostSpec, host: HostOptions,
                       client: _Client, via: HostConnection | None, deadline: float,
                       opening: frozenset[PoolKey]) -> HostConnection:
        """One connection attempt, through the jump connection(s) ``host`` names."""
        tunnel = via
        jump: str | None = None
        if host.jump is not None and host.mode != FULL:
            try:
                tunnel = await self._jump_connection(spec, host.jump, deadline, opening)
            except _NotPoolable:
                jump = host.jump  # asyncssh opens the jump itself, as before pooling
        lease = tunnel.hold() if tunnel is not None else None
        try:
            if host.mode == DIRECT and jump is None:
                conn = await open_direct(host, client, client.acknowledge_promptly,
                                         tunnel.conn if tunnel is not None else None)
            else:
                conn = await asyncssh.connect(
                    options=host.options, client_factory=lambda: client,
                    server_host_keys_handler=client.acknowledge_promptly,
                    tunnel=tunnel.conn if tunnel is not None else (jump or ()),
                    connect_timeout=None)
        except BaseException:
            if lease is not None:
                lease.release()
            raise
        return HostConnection(spec, conn, client, key=key, idle_close=self._idle_close,
                              tunnel=lease)

    async def _jump_connection(self, spec: HostSpec, chain: str, deadline: float,
                               opening: frozenset[PoolKey]) -> HostConnection:
        """The pooled connection to the last hop of ``chain``, each hop reached through
        the one before (raises _NotPoolable for a hop that is not a plain name)."""
        hops = [hop.strip() for hop in chain.split(",") if hop.strip()]
        if len(hops) > MAX_JUMPS:
            raise _NotPoolable
        via: HostConnection | None = None
        for hop in hops:
            try:
                hop_spec = parse_host_spec(hop)
            except PSError:
                raise _NotPoolable from None
            remaining = max(0.001, deadline - asyncio.get_running_loop().time())
            try:
                via = await self._connect(hop_spec, None, remaining, via, opening)
            except SSHConnectError as exc:
                raise SSHConnectError(spec.host, exc.kind,
                                      f"{exc.reason} (jump host {hop})") from exc
        assert via is not None
        return via

    def _settle(self, key: PoolKey, attempt: asyncio.Future[HostConnection]) -> None:
        del self._attempts[key]
        if attempt.cancelled() or attempt.exception() is not None:
            return
        connection = attempt.result()
        self._connections[key] = connection
        connection.add_lost_callback(partial(self._forget, key))

    def _forget(self, key: PoolKey, connection: HostConnection, _lost: object) -> None:
        if self._connections.get(key) is connection:
            del self._connections[key]


class _NotPoolable(Exception):
    """A ProxyJump this pool leaves to asyncssh (a hop that is not ``[user@]host[:port]``)."""


def _refused_starts(target: Target, attempts: int) -> str:
    return (f"Connection closed by {target.host} port {target.port} before the SSH "
            f"handshake, {attempts} times: the server is refusing new connections (sshd's "
            "MaxStartups limit, or a firewall). Retry later, or lower -ThrottleLimit")


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
