"""Shell text made from PowerShell values: quoting, ``$using:``, arguments.

Pure text functions, no evaluation: the caller hands in the values. Every value that
goes into shell text is quoted with :func:`shlex.quote` or travels in a shell variable
assigned a quoted value, so no value ever becomes shell syntax.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Sequence
from typing import Any

from rjkernel.language import ast
from rjkernel.language.shell_lines import expansion_contexts
from rjkernel.transport.shell_text import NulInShellText
from rjkernel.values import operators as ops

_SAFE_BARE = re.compile(r"^[A-Za-z0-9_@%+=:,./*?\[\]~^-]+$")
_USING = re.compile(
    r"\$(?:\{using:([A-Za-z_][A-Za-z0-9_]*)\}|using:([A-Za-z_][A-Za-z0-9_]*))", re.I
)
BACKGROUND_LINE = re.compile(r"\A\s*([^\n]*?[^&\s])\s*(?<!&)&\s*\Z")
"""A one-line shell command ending in a single ``&`` (the command is group 1)."""


def shell_word(value: Any, expr: ast.Expr) -> str:
    """A native command argument: bare words as written (globs expand), values quoted."""
    if isinstance(expr, ast.StringLiteral) and not expr.quoted and _SAFE_BARE.match(expr.value):
        return expr.value
    if isinstance(value, list):
        return " ".join(shlex.quote(ops.to_string(v)) for v in value)
    return shlex.quote(ops.to_string(value))


def quoted_words(values: Sequence[Any]) -> str:
    """Values as shell words, each quoted."""
    return " ".join(shlex.quote(ops.to_string(v)) for v in values)


def with_arguments(text: str, args: Sequence[Any]) -> str:
    """Shell text that sees ``args`` as ``$1 $2 …`` (``-ArgumentList``)."""
    return f"set -- {quoted_words(args)}\n{text}" if args else text


def substitute_using(text: str, lookup: Callable[[str], Any]) -> str:
    """Give shell text the caller's ``$using:name`` values (``lookup(name)``).

    A value stays exactly what it was, whatever it contains: where the shell would
    split and glob (an unquoted word) a value is one quoted word, an array one quoted
    word per element, ``$null`` no word at all (as PowerShell passes them to a native
    command); inside double quotes or a here-document it is the value's text (an array
    joined with spaces), read from a shell variable assigned on a line before the text,
    because quoting does not work there. A ``$using:`` the shell would keep as text
    (single quotes, ``\\$``, a quoted here-document) stays text, like ``'$using:x'`` in
    PowerShell. No value ever becomes shell syntax.
    """
    contexts = expansion_contexts(text) if _USING.search(text) else {}
    names: dict[str, str] = {}
    values: dict[str, Any] = {}

    def repl(m: re.Match[str]) -> str:
        context = contexts.get(m.start())
        if context is None:
            return m.group()
        name = m.group(1) or m.group(2)
        low = name.lower()
        if low not in values:
            values[low] = lookup(name)
            if "\0" in _as_text(values[low]):
                raise NulInShellText(f"in the value of $using:{name}")
        if context == "word":
            return _as_words(values[low])
        names.setdefault(low, name)
        return "${__using_" + low + "}"

    body = _USING.sub(repl, text) if contexts else text
    assignments = [
        f"__using_{low}={shlex.quote(_as_text(values[low]))}" for low in names
    ]
    return " ".join(assignments) + "\n" + body if assignments else body


def _as_words(value: Any) -> str:
    """A value as shell words: one per element, none for ``$null``."""
    if value is None:
        return ""
    if isinstance(value, list):
        return quoted_words(value)
    return shlex.quote(ops.to_string(value))


def _as_text(value: Any) -> str:
    """A value as one string, the way ``"$x"`` makes one (elements joined by spaces)."""
    return ops.join(value, " ") if isinstance(value, list) else ops.to_string(value)
