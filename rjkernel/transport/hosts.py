"""Which host a command is for: ``HostSpec`` and the ``[user@]host[:port]`` syntax.

A host name reaches asyncssh as a value — there is no shell and no ``ssh`` command line
in between — but an OpenSSH client config expands ``%h``/``%n`` (the host), ``%r`` (the
remote user) and ``%p`` into ``ProxyCommand`` lines, which users write as
``/bin/sh -c "…"`` (CVE-2023-51385: a hostile user or host name became shell code). So,
like OpenSSH 9.6+ (``valid_hostname``/``valid_ruser`` in its ssh.c), every name is
checked before it can reach the config:

* a host is a DNS name or an IPv4 address (letters, digits, ``.``, ``-``, ``_``, not
  starting with ``-``) or a bracketed IPv6 address — stricter than OpenSSH;
* a user is what OpenSSH's ``valid_ruser`` accepts: not empty, not starting with
  ``-``, none of ``' ` " ; & < > | ( ) { }``, no control character, no ``-`` right after
  white space, no ``\\`` at the end (``corp\\alice``, ``alice@example.com`` and
  ``alice+ops`` pass). Written into a computer name (``user@host``) it may not contain
  white space either;
* a port is 1–65535.

A bad computer name is PowerShell's ``PSSessionInvalidComputerName`` error; a bad
``-UserName`` or ``-Credential`` user is a parameter validation error naming the
parameter (``bad_user_name``). ``HostSpec`` checks its own fields too, so no code path
can hand an unchecked name to the transport.

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
_PORT = re.compile(r"[0-9]{1,5}\Z")
_USER_FORBIDDEN = frozenset("'`\";&<>|(){}")  # OpenSSH's valid_ruser()
USER_RULE = (
    "a user name may not be empty, start with '-', contain any of ' ` \" ; & < > | ( ) "
    "{ } or a control character, have a '-' right after white space, or end with '\\'"
)


def valid_user(user: str) -> bool:
    """Whether OpenSSH 9.6+ would accept ``user`` as a remote user name from its command
    line (``valid_ruser``), with control characters refused too (as OpenSSH 10 does)."""
    if not user or user.startswith("-") or user.endswith("\\"):
        return False
    for index, char in enumerate(user):
        if char in _USER_FORBIDDEN or not char.isprintable():  # tabs, newlines, NUL…
            return False
        if char == " " and user[index + 1 : index + 2] == "-":
            return False
    return True


def valid_host(host: str) -> bool:
    """A DNS name, an IPv4 address or an IPv6 address (see the module docstring)."""
    return bool(_HOST.match(host)) or _is_ipv6(host)


def valid_port(port: int) -> bool:
    return 0 < port < 65536


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

    def __post_init__(self) -> None:
        # The last line of defence: callers check first, with the error that names the
        # parameter the bad value came from.
        if not valid_host(self.host):
            raise invalid_computer_name(self.host)
        if self.user is not None and not valid_user(self.user):
            raise bad_user_name("UserName", self.user)
        if self.port is not None and not valid_port(self.port):
            raise invalid_computer_name(f"{self.host}:{self.port}")

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
        if not valid_user(user) or any(char.isspace() for char in user):
            raise invalid_computer_name(text)
    host, port = _split_port(rest, text)
    if host == ".":
        host = "localhost"
    elif not valid_host(host):
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


def bad_user_name(parameter: str, user: str) -> PSError:
    """PowerShell's parameter validation error for a user name OpenSSH would refuse."""
    return PSError(
        ErrorRecord(
            message=(
                f"Cannot validate argument on parameter '{parameter}'. The user name "
                f"{user!r} is not valid for SSH: {USER_RULE} (the rule OpenSSH applies "
                "since CVE-2023-51385, so that a name can never become shell code in a "
                "ProxyCommand). Supply the account's real user name."
            ),
            error_id="ParameterArgumentValidationError",
            category="InvalidData",
            target=user,
            exception="System.Management.Automation.ParameterBindingValidationException",
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
    if not _PORT.match(text) or not valid_port(int(text)):
        raise invalid_computer_name(original)
    return int(text)
