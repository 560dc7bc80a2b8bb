""".NET regular expressions on Python's ``re``: the syntax users write in ``-match``,
``-replace``, ``-split``, ``switch -Regex`` and ``Select-String``.

Translated: named groups ``(?<name>…)`` and ``(?'name'…)``, back-references
``\\k<name>``, ``\\z`` (end of input) and ``\\Z`` (end, or before a final newline).
Replacement strings use .NET's substitutions (``$1``, ``${name}``, ``$0``/``$&``,
``$$``, ``$```, ``$'``, ``$+``, ``$_``), never Python's backslash forms, so a ``\\``
in a replacement stays a backslash (about_Regular_Expressions, Substitutions).
A pattern Python cannot compile is reported with .NET's wording.

A match seen from the language (``$Matches``, ``-replace``'s script block ``$_``,
Select-String's ``Matches``) is a :class:`MatchValue` with .NET's ``Value``, ``Index``,
``Length``, ``Groups`` and ``Success``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from functools import cache, lru_cache
from typing import Any


class RegexError(ValueError):
    """A pattern .NET would reject; ``message`` is PowerShell's text."""

    def __init__(self, pattern: str, detail: str) -> None:
        self.message = (f'Invalid pattern \'{pattern}\' at offset 0. {detail}'
                        if detail else f"Invalid pattern '{pattern}'.")
        super().__init__(self.message)


_NAMED_GROUP = re.compile(r"\(\?(?:<([A-Za-z_]\w*)>|'([A-Za-z_]\w*)')")


def translate(pattern: str) -> str:
    """A .NET pattern as Python ``re`` syntax."""
    out: list[str] = []
    i = 0
    in_class = False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            if nxt == "k" and pattern[i + 2 : i + 3] == "<":
                end = pattern.find(">", i + 3)
                if end > 0:
                    out.append(f"(?P={pattern[i + 3 : end]})")
                    i = end + 1
                    continue
            if not in_class and nxt == "z":
                out.append(r"\Z")
            elif not in_class and nxt == "Z":
                out.append(r"(?=\n?\Z)")
            else:
                out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
            out.append(c)
            i += 1
            continue
        if c == "[":
            in_class = True
            out.append(c)
            if pattern[i + 1 : i + 2] == "^":
                out.append("^")
                i += 1
            if pattern[i + 1 : i + 2] == "]":
                out.append(r"\]")
                i += 1
            i += 1
            continue
        m = _NAMED_GROUP.match(pattern, i)
        if m:
            out.append(f"(?P<{m.group(1) or m.group(2)}>")
            i = m.end()
            continue
        out.append(c)
        i += 1
    return "".join(out)


@lru_cache(maxsize=512)
def compile_regex(pattern: str, case: bool = False, multiline: bool = False,
                  singleline: bool = False) -> re.Pattern[str]:
    """A compiled .NET pattern; case-insensitive unless ``case``."""
    flags = 0 if case else re.IGNORECASE
    if multiline:
        flags |= re.MULTILINE
    if singleline:
        flags |= re.DOTALL
    try:
        return re.compile(translate(pattern), flags)
    except re.error as exc:
        raise RegexError(pattern, _dotnet_reason(exc)) from None
    except RecursionError:
        raise RegexError(pattern, "The pattern is too deeply nested.") from None


def _dotnet_reason(exc: re.error) -> str:
    text = str(exc.msg)
    if "missing )" in text:
        return "Not enough )'s."
    if "unbalanced parenthesis" in text:
        return "Too many )'s."
    if "unterminated character set" in text:
        return "Unterminated [] set."
    if "nothing to repeat" in text or "multiple repeat" in text:
        return "Quantifier '{x,y}' following nothing."
    return text[:1].upper() + text[1:] + "."


# ---------------------------------------------------------------------- match objects


class GroupValue:
    """A .NET ``Group``: one capture of a match (``$_.Groups[1].Value``)."""

    type_names: tuple[str, ...] = ("System.Text.RegularExpressions.Group",
                  "System.Text.RegularExpressions.Capture", "System.Object")

    def __init__(self, m: re.Match[str], index: int | str, name: str) -> None:
        value = m.group(index)
        self.success = value is not None
        self.value = value or ""
        self.index = m.start(index) if self.success else 0
        self.name = name

    def ps_properties(self) -> dict[str, Any]:
        return {"Groups": None, "Success": self.success, "Name": self.name,
                "Captures": [self] if self.success else [], "Index": self.index,
                "Length": len(self.value), "Value": self.value,
                "ValueSpan": None}

    def __str__(self) -> str:
        return self.value


class GroupCollection(list[GroupValue]):
    """A match's groups, by number (``Groups[1]``) and by name (``Groups['host']``)."""

    type_names = ("System.Text.RegularExpressions.GroupCollection", "System.Object")

    def item_named(self, name: str) -> GroupValue | None:
        return next((g for g in self if g.name == name), None)


class MatchValue(GroupValue):
    """A .NET ``Match``: the whole match, its groups by number and by name."""

    type_names = ("System.Text.RegularExpressions.Match", *GroupValue.type_names)

    def __init__(self, m: re.Match[str]) -> None:
        super().__init__(m, 0, "0")
        names = {index: name for name, index in m.re.groupindex.items()}
        self.groups = GroupCollection(GroupValue(m, index, names.get(index, str(number)))
                                      for number, index in sorted(group_numbers(m.re).items()))

    def ps_properties(self) -> dict[str, Any]:
        props = super().ps_properties()
        props["Groups"] = self.groups
        return props

    @classmethod
    def empty(cls) -> MatchValue:
        """.NET's ``Match.Empty``: what ``Regex.Match`` returns when nothing matched
        (``Success`` false, ``Value`` empty, one group: itself)."""
        match = cls.__new__(cls)
        match.success, match.value, match.index, match.name = False, "", 0, "0"
        match.groups = GroupCollection([match])
        return match


@cache
def group_numbers(regex: re.Pattern[str]) -> dict[int, int]:
    """.NET's group numbers → Python's: .NET numbers the unnamed groups first, then the
    named ones (``(?<h>x)(y)``: ``y`` is group 1, ``h`` group 2)."""
    named = set(regex.groupindex.values())
    order = [i for i in range(1, regex.groups + 1) if i not in named] + sorted(named)
    return {0: 0, **{number: index for number, index in enumerate(order, 1)}}


def group_table(m: re.Match[str]) -> list[tuple[Any, str]]:
    """``$Matches`` entries: groups that took part, named ones by name, the others by
    their .NET number, highest first (the order PowerShell's hashtable shows them)."""
    names = {index: name for name, index in m.re.groupindex.items()}
    entries: list[tuple[Any, str]] = []
    for number, index in sorted(group_numbers(m.re).items(), reverse=True):
        value = m.group(index)
        if value is None:
            continue
        entries.append((names.get(index, number), value))
    return entries


# ---------------------------------------------------------------------- substitutions

_SUBSTITUTION = re.compile(r"\$(?:(\d+)|\{([^}]*)\}|([$&`'+_]))")


def substitution(template: str) -> Callable[[re.Match[str]], str]:
    """A .NET replacement pattern as a function of the match."""
    pieces: list[Callable[[re.Match[str]], str] | str] = []
    pos = 0
    for m in _SUBSTITUTION.finditer(template):
        pieces.append(template[pos : m.start()])
        pos = m.end()
        number, name, symbol = m.groups()
        literal = m.group(0)
        if number is not None:
            pieces.append(_group_ref(int(number), literal))
        elif name is not None:
            pieces.append(_group_ref(int(name) if name.isdigit() else name, literal))
        elif symbol == "$":
            pieces.append("$")
        elif symbol == "&":
            pieces.append(_group_ref(0, literal))
        elif symbol == "`":
            pieces.append(lambda mm: mm.string[: mm.start()])
        elif symbol == "'":
            pieces.append(lambda mm: mm.string[mm.end() :])
        elif symbol == "+":
            pieces.append(lambda mm: (mm.group(mm.re.groups) or "") if mm.re.groups else "")
        else:
            pieces.append(lambda mm: mm.string)
    pieces.append(template[pos:])

    def apply(m: re.Match[str]) -> str:
        return "".join(p if isinstance(p, str) else p(m) for p in pieces)

    return apply


def _group_ref(ref: int | str, literal: str) -> Callable[[re.Match[str]], str]:
    def get(m: re.Match[str]) -> str:
        try:
            if isinstance(ref, int):
                return m.group(group_numbers(m.re)[ref]) or ""
            return m.group(ref) or ""
        except (IndexError, KeyError, re.error):
            return literal  # .NET leaves a reference to a missing group as written

    return get


def replace(text: str, pattern: str, replacement: str | Callable[[MatchValue], str],
            case: bool = False) -> str:
    """``text -replace pattern, replacement`` (a string template or a function of the
    match, for PowerShell 7's script-block replacement)."""
    regex = compile_regex(pattern, case)
    if callable(replacement):
        fn = replacement
        return regex.sub(lambda m: fn(MatchValue(m)), text)
    return regex.sub(substitution(replacement), text)


def split(text: str, pattern: str, limit: int = 0, case: bool = False,
          simple: bool = False, multiline: bool = False, singleline: bool = False
          ) -> list[str]:
    """.NET's ``Regex.Split(text, limit)``: captured groups are kept between the parts;
    a negative limit counts from the right (PowerShell 7's -split)."""
    if simple:
        pattern = re.escape(pattern)
    regex = compile_regex(pattern, case, multiline, singleline)
    if limit == 1 or limit == -1:
        return [text]
    if limit >= 0:
        return regex.split(text, maxsplit=max(0, limit - 1))
    matches = list(regex.finditer(text))[::-1][: -limit - 1]
    parts: list[str] = []
    end = len(text)
    for m in matches:
        parts.append(text[m.end() : end])
        parts.extend(g for g in reversed(m.groups()) if g is not None)
        end = m.start()
    parts.append(text[:end])
    return parts[::-1]


INFINITE_MATCH_TIMEOUT = timedelta(milliseconds=-1)
"""Regex.InfiniteMatchTimeout (-1 ms), the MatchTimeout of a [regex] made without one."""


class RegexValue:
    """``[regex]'pattern'``: a compiled pattern (case-sensitive, as .NET's default) with
    its options' names, ``IgnoreCase, Multiline`` (``regexmembers`` has its methods)."""

    type_names = ("System.Text.RegularExpressions.Regex", "System.Object")

    def __init__(self, pattern: str, options: tuple[str, ...] = ()) -> None:
        self.pattern = pattern
        self.options = options
        self.regex = compile_regex(pattern, case="IgnoreCase" not in options,
                                   multiline="Multiline" in options,
                                   singleline="Singleline" in options)

    def ps_properties(self) -> dict[str, Any]:
        return {"Options": ", ".join(self.options) or "None", "RightToLeft": False,
                "MatchTimeout": INFINITE_MATCH_TIMEOUT}

    def __str__(self) -> str:
        return self.pattern
