"""Why a host key was refused, in words a user can act on.

Host keys are checked strictly against known_hosts and are never accepted silently
(design.md). When asyncssh refuses one, the user needs what OpenSSH would show: the key
type and SHA256 fingerprint, whether the host is merely unknown or its recorded key has
*changed* (a possible man-in-the-middle, said loudly), and the exact command that
trusts it — ``ssh-keyscan … >> known_hosts`` — or removes the stale entry first.

``classify`` reads the known_hosts files; everything else here is string building.

``KnownHostsFiles`` is what connections check keys against: the files read once into
one ``SSHKnownHosts`` and re-read when one of them changes (size, mtime or inode), so
a fan-out to 1,000 hosts does not read a 1,000-line file 1,000 times, and a key added
with ``ssh-keyscan >>`` is seen by the next connection. A missing file trusts nothing
(as in OpenSSH); no file at all (``UserKnownHostsFile none``) trusts nothing either:
host keys are never accepted unchecked (design.md).
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import asyncssh

from rjkernel.transport.ssh_config import Stamp, file_stamp

DEFAULT_PORT = 22

# SSH key algorithm -> (name OpenSSH shows, ssh-keyscan -t value).
_KEY_TYPES = {
    "ssh-ed25519": ("ED25519", "ed25519"),
    "ssh-ed448": ("ED448", "ed448"),
    "ssh-rsa": ("RSA", "rsa"),
    "ssh-dss": ("DSA", "dsa"),
    "ecdsa-sha2-nistp256": ("ECDSA", "ecdsa"),
    "ecdsa-sha2-nistp384": ("ECDSA", "ecdsa"),
    "ecdsa-sha2-nistp521": ("ECDSA", "ecdsa"),
}


@dataclass(frozen=True)
class PresentedKey:
    """The key a server offered, and where: ``host`` is the name known_hosts is searched
    for (the HostName, or HostKeyAlias), ``address`` the peer's IP address."""

    host: str
    address: str
    port: int
    key: asyncssh.SSHKey

    @property
    def type_name(self) -> str:
        algorithm = self.key.get_algorithm()
        return _KEY_TYPES.get(algorithm, (algorithm.upper(), algorithm))[0]

    @property
    def keyscan_type(self) -> str:
        algorithm = self.key.get_algorithm()
        return _KEY_TYPES.get(algorithm, (algorithm, algorithm))[1]

    @property
    def fingerprint(self) -> str:
        return str(self.key.get_fingerprint("sha256"))

    @property
    def where(self) -> str:
        """``host`` or ``host (port N)``: how the messages name the server."""
        return self.host if self.port == DEFAULT_PORT else f"{self.host} (port {self.port})"

    @property
    def known_hosts_entry(self) -> str:
        """The host pattern known_hosts uses for it: ``host`` or ``[host]:port``."""
        return self.host if self.port == DEFAULT_PORT else f"[{self.host}]:{self.port}"


def classify(presented: PresentedKey, known_hosts: Sequence[Path]) -> Path | None:
    """The known_hosts file that records *another* key for this host, or None if none does.

    None means the host is unknown; a path means its key changed. Missing files count
    as empty.
    """
    port = None if presented.port == DEFAULT_PORT else presented.port
    for path in known_hosts:
        if not path.is_file():
            continue
        trusted = asyncssh.match_known_hosts(str(path), presented.host, presented.address, port)
        if trusted[0]:
            return path
    return None


def unknown_key_reason(presented: PresentedKey, known_hosts: Path) -> str:
    """The reason shown for a host whose key is in no known_hosts file."""
    return (
        f"The host key of {presented.where} is not known: {presented.type_name} key "
        f"{presented.fingerprint}. Verify the fingerprint, then trust it with: "
        f"{_keyscan(presented, known_hosts)}"
    )


def changed_key_reason(presented: PresentedKey, known_hosts: Path) -> str:
    """The (loud) reason shown when known_hosts records a different key for the host."""
    file = _display_path(known_hosts)
    return (
        f"WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED! The host key of "
        f"{presented.where} is now {presented.type_name} key {presented.fingerprint}, which "
        f"does not match the key recorded in {file}. Someone could be eavesdropping on you "
        f"right now (man-in-the-middle attack), or the host key has just been changed; the "
        f"connection was refused. If the change is expected, remove the old key with: "
        f"ssh-keygen -R {shlex.quote(presented.known_hosts_entry)} -f {file} — then verify "
        f"the new fingerprint and trust it with: {_keyscan(presented, known_hosts)}"
    )


def _keyscan(presented: PresentedKey, known_hosts: Path) -> str:
    port = "" if presented.port == DEFAULT_PORT else f"-p {presented.port} "
    return (
        f"ssh-keyscan {port}-t {presented.keyscan_type} {shlex.quote(presented.host)} "
        f">> {_display_path(known_hosts)}"
    )


def _display_path(path: Path) -> str:
    """``~/.ssh/known_hosts`` when the file is under HOME, else the quoted absolute path."""
    home = Path.home()
    try:
        return "~/" + shlex.quote(str(path.relative_to(home)))
    except ValueError:
        return shlex.quote(str(path))


class KnownHostsFiles:
    """known_hosts files loaded once per change; see the module docstring."""

    def __init__(self) -> None:
        self._loaded: dict[tuple[Path, ...], tuple[Stamp, asyncssh.SSHKnownHosts]] = {}

    def load(self, paths: Sequence[Path]) -> asyncssh.SSHKnownHosts:
        """The trusted keys of ``paths`` (raises OSError for a file it cannot read)."""
        key = tuple(paths)
        stamp = tuple((str(path), file_stamp(path)) for path in key)
        loaded = self._loaded.get(key)
        if loaded is not None and loaded[0] == stamp:
            return loaded[1]
        texts = []
        for path in key:
            try:
                texts.append(path.read_text(errors="replace"))
            except FileNotFoundError:
                continue
        known = asyncssh.import_known_hosts("\n".join(texts))
        self._loaded[key] = (stamp, known)
        return known
