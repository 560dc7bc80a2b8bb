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

    Each ``$using:name`` becomes the shell variable ``${__using_name}``, assigned the
    caller's value (shell-quoted) on a line before the text. A variable rather than
    the quoted value in place, so it reads the same inside double quotes, where
    quoting would not work; and no value ever becomes shell syntax.
    """
    names: dict[str, str] = {}

    def repl(m: re.Match[str]) -> str:
        name = m.group(1) or m.group(2)
        names.setdefault(name.lower(), name)
        return "${__using_" + name.lower() + "}"

    body = _USING.sub(repl, text)
    if not names:
        return text
    assignments = []
    for low, name in names.items():
        value = lookup(name)
        text_value = ops.join(value, " ") if isinstance(value, list) else ops.to_string(value)
        assignments.append(f"__using_{low}={shlex.quote(text_value)}")
    return " ".join(assignments) + "\n" + body
