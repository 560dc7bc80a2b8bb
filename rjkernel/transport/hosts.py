"""Which host a command is for: ``HostSpec`` and the ``[user@]host[:port]`` syntax.

A host name reaches asyncssh as a value — there is no shell and no ``ssh`` command line
in between — but OpenSSH client configs can expand ``%h`` into ``Match exec`` commands
and ``ProxyCommand`` lines. So, like OpenSSH 9.6+, names are checked before use: a host
is a DNS name or an IPv4 address (letters, digits, ``.``, ``-``, ``_``, not starting
with ``-``) or a bracketed IPv6 address; a user is letters, digits and ``._-@\\``, not
starting with ``-``. Anything else — empty, spaces, control characters, shell
metacharacters, ``-oProxyCommand=…`` — is PowerShell's ``PSSessionInvalidComputerName``
error.

``.`` means the local computer, as in PowerShell, and becomes ``localhost``.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from rjkernel.errors import ErrorRecord, PSError

INVALID_COMPUTER_NAME = (
    "One or more computer names are not valid. If you are trying to pass a URI, use the "
    "-ConnectionUri parameter, or pass URI objects instead of strings."
)

_HOST = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*\Z")
_USER = re.compile(r"[A-Za-z0-9._@\\][A-Za-z0-9._@\\-]*\Z")
_PORT = re.compile(r"[0-9]{1,5}\Z")


@dataclass(frozen=True)
class HostSpec:
    """A host to connect to, as the user named it.

    ``host`` is the name as typed (``Server01``, ``::1``): it is both the ssh-config
    alias looked up and the ``ComputerName`` shown. ``user`` and ``port`` are None when
    not given, so the ssh config (``User``, ``Port``) or the defaults decide.
    ``key_files`` are ``-KeyFilePath`` values, tried before the config's identities.
    """

    host: str
    user: str | None = None
    port: int | None = None
    key_files: tuple[str, ...] = ()

    @property
    def pool_key(self) -> tuple[str, str | None, int | None]:
        """What makes two specs share one connection."""
        return (self.host, self.user, self.port)

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        user = f"{self.user}@" if self.user else ""
        port = f":{self.port}" if self.port is not None else ""
        return f"{user}{host}{port}"


def parse_host_spec(text: str) -> HostSpec:
    """Parse ``[user@]host[:port]`` (``[::1]:2222`` for IPv6 with a port; ``.`` = localhost).

    Raises PSError ``PSSessionInvalidComputerName`` for anything that is not a valid
    host name, user name or port (see the module docstring).
    """
    user: str | None = None
    rest = text
    if "@" in rest:
        user, rest = rest.rsplit("@", 1)
        if not _USER.match(user):
            raise invalid_computer_name(text)
    host, port = _split_port(rest, text)
    if host == ".":
        host = "localhost"
    elif not (_HOST.match(host) or _is_ipv6(host)):
        raise invalid_computer_name(text)
    return HostSpec(host=host, user=user, port=port)


def invalid_computer_name(text: str) -> PSError:
    return PSError(
        ErrorRecord(
            message=INVALID_COMPUTER_NAME,
            error_id="PSSessionInvalidComputerName",
            category="InvalidArgument",
            target=text,
            exception="System.ArgumentException",
        )
    )


def _split_port(text: str, original: str) -> tuple[str, int | None]:
    """``host[:port]`` or ``[v6]:port`` → (host, port); a bare IPv6 address has no port."""
    if text.startswith("["):
        close = text.find("]")
        if close < 0:
            raise invalid_computer_name(original)
        host, after = text[1:close], text[close + 1 :]
        if not _is_ipv6(host):
            raise invalid_computer_name(original)
        if not after:
            return host, None
        if not after.startswith(":"):
            raise invalid_computer_name(original)
        return host, _port(after[1:], original)
    if text.count(":") == 1:
        host, port = text.split(":")
        return host, _port(port, original)
    return text, None


def _is_ipv6(text: str) -> bool:
    """An IPv6 address, optionally with a zone (``fe80::1%eth0``) of name characters."""
    address, _, zone = text.partition("%")
    if zone and not _HOST.match(zone):
        return False
    try:
        ipaddress.IPv6Address(address)
    except ValueError:
        return False
    return True


def _port(text: str, original: str) -> int:
    if not _PORT.match(text) or not 0 < int(text) < 65536:
        raise invalid_computer_name(original)
    return int(text)
