"""Host names a user is likely to type, for completion after ``-ComputerName``.

Read from the OpenSSH client config (``Host`` aliases without wildcards) and from
``known_hosts`` (plain entries; hashed ones cannot be read back, by design). Both files
are the ones the connection pool uses (``$RJKERNEL_SSH_CONFIG``,
``$RJKERNEL_KNOWN_HOSTS``, else ``~/.ssh/…``). Reading is cheap and done per request, so
a host added to the config is offered at once.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from rjkernel.transport.ssh import CONFIG_VARIABLE, KNOWN_HOSTS_VARIABLE


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(errors="replace").splitlines()
    except OSError:
        return []


def config_hosts(path: Path) -> list[str]:
    names: list[str] = []
    for line in _lines(path):
        words = line.strip().split()
        if len(words) >= 2 and words[0].lower() == "host":
            names.extend(w for w in words[1:] if not any(c in w for c in "*?!"))
    return names


def known_hosts(path: Path) -> list[str]:
    names: list[str] = []
    for line in _lines(path):
        line = line.strip()
        if not line or line.startswith(("#", "|", "@")):
            continue
        for entry in line.split()[0].split(","):
            if entry.startswith("[") and "]" in entry:
                entry = entry[1 : entry.index("]")]
            names.append(entry)
    return names


def known_host_names(environ: Mapping[str, str] = os.environ) -> list[str]:
    """Config aliases first (what people name hosts by), then known_hosts entries."""
    ssh_dir = Path(os.path.expanduser("~")) / ".ssh"
    config = Path(environ.get(CONFIG_VARIABLE) or ssh_dir / "config")
    known = Path(environ.get(KNOWN_HOSTS_VARIABLE) or ssh_dir / "known_hosts")
    return list(dict.fromkeys(config_hosts(config) + known_hosts(known)))
