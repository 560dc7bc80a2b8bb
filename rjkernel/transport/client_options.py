"""How one host is connected to: asyncssh's options, prepared once per host and reused.

``asyncssh.connect`` rebuilds its ``SSHClientConnectionOptions`` for every connection,
in a worker thread: it re-reads the ssh config, known_hosts and key files each time.
For a fan-out that is most of the client's CPU (issue 11). ``ClientOptions`` keeps,
per (host, user, port, key files):

* the host's evaluated config (ssh_config.py: the files read once per change);
* the trusted keys (host_keys.KnownHostsFiles: known_hosts read once per change);
* the client keys and agent identities, loaded once per change of their files and
  shared by every host that names the same files;
* the prepared options object built from those, which a connection copies.

A cached entry is used as long as the config, known_hosts and key objects it was built
from are the current ones, so an edited file is seen by the next connection.

The options are asyncssh's own, so every ssh_config option asyncssh supports keeps
working; what this module decides itself is only *which* files and keys — as
asyncssh's ``prepare`` decides them: ``-KeyFilePath`` replaces the config's
IdentityFile; keys named in the config that need a passphrase are skipped, an explicit
one is an error; ``IdentitiesOnly`` limits the agent to the identities named. The
known_hosts files are ``$RJKERNEL_KNOWN_HOSTS``, else the config's UserKnownHostsFile
(+ GlobalKnownHostsFile), else ``~/.ssh/known_hosts``; ``none`` trusts nothing (asyncssh
would skip the check altogether).

Three ways to connect (``HostOptions.mode``):

* ``direct`` (plain TCP, or through a pooled jump host): a copy of the options and an
  ``SSHClientConnection`` on a socket we open — no per-connection rebuild at all;
* ``prepared`` (ProxyCommand): ``asyncssh.connect(options=…)``, which rebuilds from the
  prepared objects (no file reads);
* ``full`` (CanonicalizeHostname, ``Match final``): asyncssh re-reads the config for the
  canonical name, so it gets the config files and does everything itself.
"""

from __future__ import annotations

import asyncio
import copy
import functools
import getpass
import os
import resource
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncssh
from asyncssh.config import SSHClientConfig
from asyncssh.public_key import load_identities

from rjkernel.transport.failures import Target
from rjkernel.transport.host_keys import DEFAULT_PORT, KnownHostsFiles
from rjkernel.transport.hosts import HostSpec
from rjkernel.transport.ssh_config import ClientConfig, Stamp, file_stamp

PREFERRED_CIPHERS = "^aes128-gcm@openssh.com,aes256-gcm@openssh.com"  # "^": in front
_DEFAULT_KEYS = ("id_ed25519_sk", "id_ecdsa_sk", "id_ed448", "id_ed25519", "id_ecdsa",
                 "id_rsa", "id_dsa")  # asyncssh's default identities, in its order
DIRECT, PREPARED, FULL = "direct", "prepared", "full"


@dataclass(frozen=True)
class HostOptions:
    """A host's prepared connection options and what they were built from."""

    options: asyncssh.SSHClientConnectionOptions
    mode: str
    target: Target
    jump: str | None
    """The ProxyJump chain (``[user@]host[:port],…``) when a direct connection should go
    through pooled jump connections; None when there is none."""
    built_from: tuple[object, ...]


def _ssh_dir() -> Path:
    return _ssh_dir_of(os.environ.get("HOME"))


@functools.lru_cache(maxsize=8)
def _ssh_dir_of(_home: str | None) -> Path:
    """~/.ssh for this HOME (pathlib's expansion costs more than the rest of a cached
    lookup, and runs for every connection)."""
    return Path("~", ".ssh").expanduser()


@functools.lru_cache(maxsize=256)
def _expanded(_home: str | None, files: tuple[str, ...]) -> tuple[Path, ...]:
    """``files`` with ``~`` expanded for this HOME (cached: see ``_ssh_dir_of``)."""
    return tuple(Path(path).expanduser() for path in files)


class _Keys:
    """Client keys and agent identities, loaded once per change of their files."""

    def __init__(self) -> None:
        self._loaded: dict[tuple[object, ...], tuple[Stamp, Any]] = {}

    def get(self, name: str, files: Sequence[str], load: Callable[[], Any]) -> Any:
        """``load()``'s result, cached under ``name`` + ``files`` while they are the same
        (raises what ``load`` raises, e.g. OSError for a missing -KeyFilePath)."""
        key = (name, *files)
        stamp = tuple((path, file_stamp(path)) for path in files)
        loaded = self._loaded.get(key)
        if loaded is not None and loaded[0] == stamp:
            return loaded[1]
        value = load()
        self._loaded[key] = (stamp, value)
        _key_files.cache_clear()  # which of their files exist may have changed too
        return value


@functools.lru_cache(maxsize=256)
def _key_files(ssh_dir: str, paths: tuple[str, ...]) -> tuple[str, ...]:
    """The files whose change means reloading keys ``paths``: ~/.ssh (a key added or
    removed there), and each key, its .pub and -cert.pub that exist now (a file
    created later changes the directory it is in)."""
    found = {ssh_dir: None}
    for text in paths:
        path = os.path.expanduser(text)
        found[os.path.dirname(path) or "."] = None
        for name in (path, path + ".pub", path + "-cert.pub"):
            if os.path.exists(name):
                found[name] = None
    return tuple(found)


class ClientOptions:
    """Prepared options per host; see the module docstring.

    ``config``/``known_hosts`` override ``~/.ssh/config`` and the config's known_hosts
    files; ``connection`` holds options every connection gets (keepalives).
    """

    def __init__(self, *, config: Path | None, known_hosts: Path | None,
                 connection: Mapping[str, object], cpu_has_aes: bool) -> None:
        self.config_path = config
        self.known_hosts_path = known_hosts
        self._config = ClientConfig([config] if config is not None else None)
        self._known = KnownHostsFiles()
        self._keys = _Keys()
        self._connection = dict(connection)
        self._cpu_has_aes = cpu_has_aes
        self._hosts: dict[tuple[object, ...], HostOptions] = {}

    def for_spec(self, spec: HostSpec, *, through_pool: bool = True) -> HostOptions:
        """The options for ``spec`` (raises OSError, ValueError or asyncssh's errors
        for a config, key or known_hosts file that cannot be used).

        ``through_pool`` False: the spec is a later hop of a jump chain, reached through
        the previous hop, so its own ProxyJump does not apply.
        """
        config = self._config.for_host(spec.host, spec.user, spec.port)
        known_paths = self._known_hosts_paths(config)
        known = self._known.load(known_paths)
        keys = self._client_keys(spec, config)
        built_from = (config, known, *keys)
        key = (spec.host, spec.user, spec.port, spec.key_files, through_pool)
        cached = self._hosts.get(key)
        if cached is not None and all(
                a is b for a, b in zip(cached.built_from, built_from, strict=True)):
            return cached
        host = self._build(spec, config, known, known_paths, keys, through_pool, built_from)
        self._hosts[key] = host
        return host

    def forget(self) -> None:
        """Drop every prepared host (their connections are gone)."""
        self._hosts.clear()

    def _connection_for(self, config: SSHClientConfig) -> dict[str, object]:
        """Options every connection gets, less those the host's ssh config sets itself:
        ``ServerAliveInterval``/``ServerAliveCountMax`` decide how soon a silent network
        is noticed, as they do for OpenSSH (asyncssh reads them from the config when no
        explicit value overrides them)."""
        connection = dict(self._connection)
        if config.get("ServerAliveInterval") is not None:
            connection.pop("keepalive_interval", None)
        if config.get("ServerAliveCountMax") is not None:
            connection.pop("keepalive_count_max", None)
        return connection

    def fallback_target(self, spec: HostSpec) -> Target:
        """Where ``spec`` leads when its options could not be built (failure messages)."""
        return Target(
            host=spec.host, port=spec.port or DEFAULT_PORT, user=spec.user or _local_user(),
            known_hosts=(self.known_hosts_path or _ssh_dir() / "known_hosts",),
        )

    # ------------------------------------------------------------------ building

    def _build(self, spec: HostSpec, config: SSHClientConfig, known: asyncssh.SSHKnownHosts,
               known_paths: Sequence[Path], keys: tuple[Any, Any], through_pool: bool,
               built_from: tuple[object, ...]) -> HostOptions:
        client_keys, identities = keys
        full = bool(config.get("CanonicalizeHostname")) or config.has_match_final()
        proxy = config.get("ProxyCommand")
        jump = config.get("ProxyJump") if through_pool else None
        kwargs: dict[str, Any] = {
            "host": spec.host,
            "port": spec.port if spec.port is not None else (),
            "username": spec.user if spec.user is not None else (),
            "known_hosts": known,
            "client_keys": client_keys if client_keys else (),
            "agent_identities": identities,
            "encryption_algs": self._encryption_algs(config),
            **self._connection_for(config),
        }
        if not through_pool:
            kwargs["tunnel"] = None  # set per connection: the previous hop
        if full:
            # asyncssh must re-read the config for the canonical name: it gets the files
            kwargs["config"] = [str(self.config_path)] if self.config_path else ()
            options = asyncssh.SSHClientConnectionOptions(**kwargs)
            mode = FULL
        else:
            kwargs["config"] = []
            if jump:
                kwargs["tunnel"] = None  # the pool supplies the jump connection
            options = asyncssh.SSHClientConnectionOptions(_seeded(config), **kwargs)
            mode = PREPARED if proxy else DIRECT
        target = Target(options.host, options.port, options.username, tuple(known_paths))
        return HostOptions(options, mode, target, str(jump) if jump and not full else None,
                           built_from)

    def _known_hosts_paths(self, config: SSHClientConfig) -> Sequence[Path]:
        """The known_hosts files for a host, chosen as asyncssh chooses them."""
        if self.known_hosts_path is not None:
            return [self.known_hosts_path]
        user = config.get("UserKnownHostsFile", ())
        if user == []:  # "none": nothing is trusted (asyncssh would check nothing)
            return []
        files = [*user, *config.get("GlobalKnownHostsFile", [])]  # type: ignore[misc]
        if not files:
            files = [str(_ssh_dir() / "known_hosts")]
        return _expanded(os.environ.get("HOME"), tuple(str(path) for path in files))

    def _client_keys(self, spec: HostSpec, config: SSHClientConfig) -> tuple[Any, Any]:
        """(client keys, agent identities) for ``spec``, as asyncssh's prepare chooses
        them, each loaded once per change of its files."""
        named = list(spec.key_files) or [str(path) for path in
                                         config.get("IdentityFile", ())]  # type: ignore[attr-defined]
        certs = [str(path) for path in config.get("CertificateFile", ())]  # type: ignore[attr-defined]
        identities_only = bool(config.get("IdentitiesOnly"))
        explicit = bool(spec.key_files)  # an explicit key that needs a passphrase fails
        ssh_dir = str(_ssh_dir())
        if named:
            files = _key_files(ssh_dir, (*named, *certs))
            keys = self._keys.get(
                f"keys {identities_only} {explicit} {len(named)}", files,
                lambda: asyncssh.load_keypairs(named, None, certs, identities_only,
                                               not explicit))
        else:
            files = _key_files(ssh_dir, (*(os.path.join(ssh_dir, name) for name in
                                           _DEFAULT_KEYS), *certs))
            keys = self._keys.get(f"default {len(certs)}", files,
                                  lambda: _load_default_keypairs(certs))
        identities = None
        if identities_only:
            identities = self._keys.get(
                f"identities {len(named)}", files,
                lambda: load_identities(named, True) if named
                else _load_default_identities())
        return keys, identities

    def _encryption_algs(self, config: SSHClientConfig) -> str | tuple[()]:
        """AES-GCM first when the CPU has AES instructions and the config does not choose
        ciphers for this host (ssh.py's docstring); ``()`` is asyncssh's "as configured"."""
        if not self._cpu_has_aes or config.get("Ciphers") is not None:
            return ()
        return PREFERRED_CIPHERS


def _seeded(config: SSHClientConfig) -> asyncssh.SSHClientConnectionOptions:
    """An options object whose config is ``config``: asyncssh builds new options from
    the config of the options it is given, so passing this (and ``config=[]``) makes
    it use the evaluated config instead of reading files."""
    seed = asyncssh.SSHClientConnectionOptions.__new__(asyncssh.SSHClientConnectionOptions)
    seed.kwargs = {}
    seed.config = config
    return seed


def _load_default_keypairs(certs: Sequence[str]) -> list[asyncssh.SSHKeyPair]:
    """asyncssh's default keys (~/.ssh/id_*), skipping missing or encrypted ones."""
    found: list[asyncssh.SSHKeyPair] = []
    for name in _DEFAULT_KEYS:
        try:
            found.extend(asyncssh.load_keypairs(str(_ssh_dir() / name), None, certs,
                                                ignore_encrypted=True))
        except (OSError, asyncssh.KeyImportError):
            continue
    return found


def _load_default_identities() -> list[bytes]:
    found: list[bytes] = []
    for name in _DEFAULT_KEYS:
        for suffix in ("-cert.pub", ".pub"):
            try:
                found += load_identities([str(_ssh_dir() / (name + suffix))])
            except (OSError, asyncssh.KeyImportError):
                continue
    return found


def _local_user() -> str:
    return getpass.getuser()


async def open_direct(host: HostOptions, client: asyncssh.SSHClient,
                      server_host_keys_handler: Callable[..., None],
                      tunnel: asyncssh.SSHClientConnection | None) -> asyncssh.SSHClientConnection:
    """Connect and authenticate with a copy of ``host``'s prepared options: over TCP, or
    through ``tunnel`` (a jump connection). What ``asyncssh.connect`` does after it has
    built its options, without rebuilding them."""
    loop = asyncio.get_running_loop()
    options = copy.copy(host.options)
    options.protocol_factory = lambda: client
    options.server_host_keys_handler = server_host_keys_handler
    waiter: asyncio.Future[None] = loop.create_future()
    options.waiter = waiter
    conn = asyncssh.SSHClientConnection(loop, options, wait="auth")
    try:
        if tunnel is not None:
            # a connection is a TCP session of its tunnel (asyncssh casts the same way)
            await tunnel.create_connection(lambda: conn,  # type: ignore[arg-type, return-value]
                                           options.host, options.port)
        else:
            await loop.create_connection(lambda: conn, options.host, options.port,
                                         family=options.family, local_addr=options.local_addr)
    except BaseException:
        waiter.cancel()
        raise
    conn.set_extra_info(host=options.host, port=options.port)
    try:
        await waiter
    except BaseException:
        conn.abort()
        await conn.wait_closed()
        raise
    return conn


def raise_nofile_limit() -> None:
    """Raise this process's soft open-file limit to the hard one: every host is a socket
    (and a spool file while a job runs), and 1,024 is a common soft default."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and (hard == resource.RLIM_INFINITY or soft < hard):
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        except (ValueError, OSError):
            return
