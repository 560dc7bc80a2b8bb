"""``[uri]`` (System.Uri) and the escaping runbooks do before calling a REST API:
``[uri]::EscapeDataString``/``UnescapeDataString``, ``[System.Net.WebUtility]::UrlEncode``
/``UrlDecode``/``HtmlEncode``/``HtmlDecode``; ``[uri]'https://host:8443/a?b=1'`` with
``.Host``, ``.Port``, ``.Scheme``, ``.AbsolutePath``, ``.Query``.
References: learn.microsoft.com, System.Uri, System.Net.WebUtility.
"""

from __future__ import annotations

import html
import urllib.parse
from typing import Any

from rjkernel.values import types
from rjkernel.values.membertable import StaticMembers, register_statics
from rjkernel.values.operators import to_string
from rjkernel.values.strings import MethodFault

_DEFAULT_PORTS = {"http": 80, "https": 443, "ftp": 21, "ssh": 22, "ws": 80, "wss": 443}


class UriValue:
    """An absolute URI, as System.Uri shows it (lower-case scheme and host)."""

    type_names = ("System.Uri", "System.Object")

    def __init__(self, text: str) -> None:
        parts = urllib.parse.urlsplit(text.strip())
        if not parts.scheme or not (parts.netloc or parts.scheme in ("file", "mailto")):
            raise types.CastFailure("Invalid URI: The format of the URI could not be "
                                    "determined.")
        self.parts = parts
        self.scheme = parts.scheme.lower()
        self.host = (parts.hostname or "").lower()
        try:
            port = parts.port
        except ValueError:
            raise types.CastFailure("Invalid URI: Invalid port specified.") from None
        self.port = port if port is not None else _DEFAULT_PORTS.get(self.scheme, -1)
        self.path = parts.path or "/"

    @property
    def absolute_uri(self) -> str:
        port = f":{self.parts.port}" if self.parts.port is not None and \
            self.parts.port != _DEFAULT_PORTS.get(self.scheme) else ""
        query = f"?{self.parts.query}" if self.parts.query else ""
        fragment = f"#{self.parts.fragment}" if self.parts.fragment else ""
        user = f"{self.parts.username}@" if self.parts.username else ""
        return f"{self.scheme}://{user}{self.host}{port}{self.path}{query}{fragment}"

    def ps_properties(self) -> dict[str, Any]:
        query = f"?{self.parts.query}" if self.parts.query else ""
        authority = self.host if self.port == _DEFAULT_PORTS.get(self.scheme) else \
            f"{self.host}:{self.port}"
        return {
            "AbsolutePath": self.path, "AbsoluteUri": self.absolute_uri,
            "LocalPath": urllib.parse.unquote(self.path), "Authority": authority,
            "HostNameType": "Dns", "IsDefaultPort": self.port == _DEFAULT_PORTS.get(
                self.scheme), "IsFile": self.scheme == "file", "IsLoopback":
            self.host in ("localhost", "127.0.0.1", "::1"), "PathAndQuery": self.path + query,
            "Segments": _segments(self.path), "IsUnc": False, "Host": self.host,
            "Port": self.port, "Query": query,
            "Fragment": f"#{self.parts.fragment}" if self.parts.fragment else "",
            "Scheme": self.scheme, "OriginalString": self.parts.geturl(),
            "DnsSafeHost": self.host, "IdnHost": self.host, "IsAbsoluteUri": True,
            "UserEscaped": False, "UserInfo": self.parts.username or "",
        }

    def __str__(self) -> str:
        return self.absolute_uri


def _segments(path: str) -> list[str]:
    pieces = path.split("/")
    return ["/"] + [p + "/" for p in pieces[1:-1]] + ([pieces[-1]] if pieces[-1] else [])


def _uri(value: Any) -> UriValue:
    return value if isinstance(value, UriValue) else UriValue(to_string(value))


def _text(value: Any, parameter: str) -> str:
    if value is None:
        raise MethodFault(f"Value cannot be null. (Parameter '{parameter}')")
    return to_string(value)


types.register(types.PSType("System.Uri", ("uri",), lambda v: isinstance(v, UriValue), _uri,
                            new=lambda text, *_: _constructed(text)))


def _constructed(text: Any) -> UriValue:
    try:
        return _uri(text)
    except types.CastFailure as exc:
        raise MethodFault(exc.reason or "Invalid URI.") from None


register_statics("System.Uri", StaticMembers(properties={}, methods={
    # RFC 3986 unreserved characters stay as they are, as .NET's EscapeDataString does.
    "EscapeDataString": lambda s: urllib.parse.quote(_text(s, "stringToEscape"), safe="-_.~"),
    "UnescapeDataString": lambda s: urllib.parse.unquote(_text(s, "stringToUnescape")),
    "IsWellFormedUriString": lambda s, *_: _well_formed(s),
}))


def _well_formed(value: Any) -> bool:
    try:
        _uri(value)
    except types.CastFailure:
        return False
    return " " not in to_string(value)


types.register(types.PSType("System.Net.WebUtility", (), lambda v: False, lambda v: v))
register_statics("System.Net.WebUtility", StaticMembers(properties={}, methods={
    "UrlEncode": lambda s: None if s is None else urllib.parse.quote_plus(to_string(s),
                                                                           safe="-_.!*()"),
    "UrlDecode": lambda s: None if s is None else urllib.parse.unquote_plus(to_string(s)),
    "HtmlEncode": lambda s: None if s is None else html.escape(to_string(s), quote=False)
    .replace('"', "&quot;").replace("'", "&#39;"),
    "HtmlDecode": lambda s: None if s is None else html.unescape(to_string(s)),
}))
