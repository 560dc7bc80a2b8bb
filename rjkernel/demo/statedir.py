"""The demo's state directory: keys, remembered ports, and the files that point SSH clients
at the hosts.

Layout — everything the demo writes is in here::

    id_ed25519, id_ed25519.pub   the client key pair: the only key the hosts accept
    host_keys/<name>             each host's private host key
    ports.json                   {"Server01": 40123, ...}: where each host listened last
    ssh_config                   ``Host <name>`` entries for OpenSSH (``ssh -F``) and asyncssh
    known_hosts                  ``[127.0.0.1]:<port> ssh-ed25519 …``, one line per host
    hosts/<name>/                the host's HOME, and the cwd of everything it runs
    lock                         held (flock) while a demo serves from this directory

Rules:

- Keys are created once and then kept, so the client key and the known_hosts entries
  survive restarts: a kernel that read them before a restart still trusts the hosts.
- Ports are remembered. A start re-uses each remembered port when it is free and takes a
  fresh one otherwise; ssh_config and known_hosts are then rewritten from the ports that
  were actually bound, so they are never stale while the hosts serve.
- Private keys and the config are written mode 0600, by writing a temporary file and
  renaming it: OpenSSH refuses keys and configs others can read or write, and a reader
  never sees half a file.
- Paths in ssh_config are double-quoted and their ``%`` doubled, because OpenSSH and
  asyncssh both percent-expand IdentityFile and UserKnownHostsFile.
- One demo per directory: a second start while the lock is held fails (it would move the
  ports under the first one's clients).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import pwd
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import asyncssh

LOOPBACK = "127.0.0.1"
DEFAULT_HOST_NAMES: tuple[str, ...] = ("Server01", "Server02", "Server03")

_HOST_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,62}")
_KEY_ALGORITHM = "ssh-ed25519"


class DemoStateBusy(RuntimeError):
    """Another process serves demo hosts from this state directory."""


def default_state_dir() -> Path:
    """``$XDG_STATE_HOME/rjkernel/demo``, ``~/.local/state/rjkernel/demo`` when unset.

    The XDG spec says a relative ``XDG_STATE_HOME`` is invalid and must be ignored.
    """
    xdg = os.environ.get("XDG_STATE_HOME", "")
    base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".local" / "state"
    return base / "rjkernel" / "demo"


def current_user() -> str:
    """The name of the user the hosts run commands as (the effective uid, not $USER)."""
    return pwd.getpwuid(os.geteuid()).pw_name


def check_host_name(name: str) -> str:
    """Host names become ssh_config patterns and directory names: keep them plain."""
    if not _HOST_NAME.fullmatch(name):
        raise ValueError(f"invalid demo host name {name!r}: use letters, digits, '.', '_', '-'")
    return name


def render_ssh_config(
    ports: Mapping[str, int], *, user: str, identity_file: Path, known_hosts: Path
) -> str:
    """An ssh_config naming each host, readable by OpenSSH (``ssh -F``) and asyncssh.

    Host-key checking is strict and the demo's own known_hosts is the only one consulted,
    so a client never silently trusts a changed key; only the demo key is offered.
    """
    identity = _config_path(identity_file)
    trusted = _config_path(known_hosts)
    blocks = ["# Written by rjkernel's demo hosts at every start; edits are overwritten.\n"]
    for name, port in ports.items():
        blocks.append(
            f"Host {name}\n"
            f"    HostName {LOOPBACK}\n"
            f"    Port {port}\n"
            f"    User {user}\n"
            f"    IdentityFile {identity}\n"
            f"    IdentitiesOnly yes\n"
            f"    UserKnownHostsFile {trusted}\n"
            f"    GlobalKnownHostsFile /dev/null\n"
            f"    StrictHostKeyChecking yes\n"
            f"    UpdateHostKeys no\n"
            f"    PasswordAuthentication no\n"
            f"    KbdInteractiveAuthentication no\n"
        )
    return "\n".join(blocks)


def render_known_hosts(ports: Mapping[str, int], public_keys: Mapping[str, str]) -> str:
    """One ``[127.0.0.1]:<port> <key>`` line per host (OpenSSH's form for a non-22 port)."""
    return "".join(f"[{LOOPBACK}]:{port} {public_keys[name]}\n" for name, port in ports.items())


def parse_ports(text: str, names: tuple[str, ...]) -> dict[str, int]:
    """The remembered ports of ``names`` from ports.json text; anything malformed is dropped."""
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        name: port
        for name, port in data.items()
        if name in names and isinstance(port, int) and 0 < port < 65536
    }


def _config_path(path: Path) -> str:
    text = str(path)
    if '"' in text or "\n" in text:
        raise ValueError(f"the demo state directory path cannot contain quotes: {text!r}")
    return '"' + text.replace("%", "%%") + '"'


def _write_private(path: Path, data: bytes) -> None:
    """Atomically replace ``path`` with ``data``, readable by the owner only."""
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as file:
        file.write(data)
    os.replace(tmp, path)


@dataclass(frozen=True)
class StateDir:
    """Paths and persistent pieces of one demo state directory (see the module rules)."""

    root: Path

    @property
    def client_key_file(self) -> Path:
        return self.root / "id_ed25519"

    @property
    def ssh_config(self) -> Path:
        return self.root / "ssh_config"

    @property
    def known_hosts(self) -> Path:
        return self.root / "known_hosts"

    @property
    def ports_file(self) -> Path:
        return self.root / "ports.json"

    def home(self, name: str) -> Path:
        return self.root / "hosts" / check_host_name(name)

    def host_key_file(self, name: str) -> Path:
        return self.root / "host_keys" / check_host_name(name)

    def prepare(self, names: tuple[str, ...]) -> None:
        """Create the directory tree (private: it holds private keys) and the hosts' HOMEs."""
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.root.chmod(0o700)
        (self.root / "host_keys").mkdir(mode=0o700, exist_ok=True)
        for name in names:
            self.home(name).mkdir(mode=0o700, parents=True, exist_ok=True)

    def lock(self) -> IO[str]:
        """Take the directory's lock; the caller holds the returned file until it stops.

        Raises DemoStateBusy, naming the holder's pid, when another demo holds it.
        """
        file = open(self.root / "lock", "a+")  # noqa: SIM115 - held for the demo's lifetime
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            file.seek(0)
            holder = file.read().strip() or "unknown"
            file.close()
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            raise DemoStateBusy(
                f"demo hosts are already served from {self.root} (pid {holder})"
            ) from None
        file.truncate(0)
        file.write(f"{os.getpid()}\n")
        file.flush()
        return file

    def client_key(self) -> asyncssh.SSHKey:
        """The client key pair, created (with its ``.pub``) on first use."""
        key = self._key(self.client_key_file, f"rjkernel-demo-client@{current_user()}")
        public = self.client_key_file.with_name(self.client_key_file.name + ".pub")
        if not public.exists():
            public.write_bytes(key.export_public_key())
        return key

    def host_key(self, name: str) -> asyncssh.SSHKey:
        """The private host key of ``name``, created on first use."""
        return self._key(self.host_key_file(name), f"rjkernel-demo-{name}")

    def remembered_ports(self, names: tuple[str, ...]) -> dict[str, int]:
        with contextlib.suppress(FileNotFoundError):
            return parse_ports(self.ports_file.read_text(), names)
        return {}

    def write_client_files(
        self, ports: Mapping[str, int], public_keys: Mapping[str, str], user: str
    ) -> None:
        """Remember the bound ports and write ssh_config and known_hosts for them."""
        self.ports_file.write_text(json.dumps(dict(ports), indent=1) + "\n")
        _write_private(
            self.known_hosts, render_known_hosts(ports, public_keys).encode()
        )
        config = render_ssh_config(
            ports, user=user, identity_file=self.client_key_file, known_hosts=self.known_hosts
        )
        _write_private(self.ssh_config, config.encode())

    @staticmethod
    def _key(path: Path, comment: str) -> asyncssh.SSHKey:
        if path.exists():
            return asyncssh.read_private_key(path)
        key = asyncssh.generate_private_key(_KEY_ALGORITHM, comment=comment)
        _write_private(path, key.export_private_key("openssh"))
        return key
