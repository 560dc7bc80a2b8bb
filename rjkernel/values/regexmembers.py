"""``[regex]``'s members: the static ``[regex]::Matches/Match/Replace/Split/IsMatch/Escape/
Unescape`` and the same methods on a ``[regex]'…'`` value, with ``RegexOptions``.

Both forms share one implementation over :class:`~rjkernel.values.regexes.RegexValue`,
so ``[regex]::Matches($s, $p)`` and ``([regex]$p).Matches($s)`` agree; the matches are
the :class:`MatchValue` objects ``$Matches``/``-replace`` already use (``.Value``,
``.Index``, ``.Groups``, ``.Success``). A failed ``Match`` is .NET's ``Match.Empty``
(``Success`` false), never ``$null``. Static calls are case-sensitive unless the
options say ``IgnoreCase``, as in .NET — unlike ``-match`` (learn.microsoft.com:
System.Text.RegularExpressions.Regex, RegexOptions).
"""

from __future__ import annotations

import enum
import re
from typing import Any

from rjkernel.values.membertable import (
    StaticMembers,
    TypeMembers,
    register_enum,
    register_members,
    register_statics,
)
from rjkernel.values.operators import to_number, to_string
from rjkernel.values.regexes import (
    MatchValue,
    RegexError,
    RegexValue,
    group_numbers,
    substitution,
)
from rjkernel.values.strings import MethodFault
from rjkernel.values.types import CastFailure


class RegexOptions(enum.IntFlag):
    """System.Text.RegularExpressions.RegexOptions, printed as .NET prints a flags enum."""

    # PowerShell's name is None; Python reserves that word.
    NoOptions = 0
    IgnoreCase = 1
    Multiline = 2
    ExplicitCapture = 4
    Compiled = 8
    Singleline = 16
    IgnorePatternWhitespace = 32
    RightToLeft = 64
    ECMAScript = 256
    CultureInvariant = 512
    NonBacktracking = 1024

    def __str__(self) -> str:
        names = [m.name for m in RegexOptions if m.value and m.value & self.value]
        return ", ".join(n for n in names if n) or "None"


class MatchCollection(list[Any]):
    """What ``Matches`` returns: the matches, enumerable and counted like an array."""

    type_names = ("System.Text.RegularExpressions.MatchCollection", "System.Object")


_as_options = register_enum("System.Text.RegularExpressions.RegexOptions", RegexOptions)


def options_of(value: Any) -> tuple[str, ...]:
    """The option names of an argument: a RegexOptions, a number, or text such as
    ``'IgnoreCase, Multiline'`` (PowerShell converts strings to flags that way)."""
    if value is None:
        return ()
    if isinstance(value, list):
        return tuple(name for item in value for name in options_of(item))
    try:
        flags = _as_options(value)
    except CastFailure as exc:
        raise MethodFault(
            f'Cannot convert value "{to_string(value)}" to type "System.Text.'
            f'RegularExpressions.RegexOptions". Error: "{exc.reason}"') from None
    return tuple(str(m.name) for m in RegexOptions if m.value and m.value & flags.value)


def regex_of(pattern: Any, options: Any = None) -> RegexValue:
    """The pattern of a static call as a RegexValue, .NET's text when it is invalid."""
    try:
        return RegexValue(to_string(pattern), options_of(options))
    except RegexError as exc:
        raise MethodFault(exc.message) from None


def _text(value: Any) -> str:
    if value is None:
        raise MethodFault("Value cannot be null. (Parameter 'input')")
    return to_string(value)


def match(r: RegexValue, text: Any, start: Any = 0) -> MatchValue:
    m = r.regex.search(_text(text), int(to_number(start)))
    return MatchValue(m) if m is not None else MatchValue.empty()


def matches(r: RegexValue, text: Any, start: Any = 0) -> MatchCollection:
    return MatchCollection(MatchValue(m) for m in
                           r.regex.finditer(_text(text), int(to_number(start))))


def replace(r: RegexValue, text: Any, replacement: Any, count: Any = -1) -> str:
    limit = int(to_number(count))
    return r.regex.sub(substitution(to_string(replacement)), _text(text),
                       count=0 if limit < 0 else limit) if limit != 0 else _text(text)


def split(r: RegexValue, text: Any, count: Any = 0) -> list[str]:
    limit = int(to_number(count))
    return r.regex.split(_text(text), maxsplit=max(0, limit - 1))


def is_match(r: RegexValue, text: Any) -> bool:
    return r.regex.search(_text(text)) is not None


def group_names(r: RegexValue) -> list[str]:
    names = {index: name for name, index in r.regex.groupindex.items()}
    return [names.get(index, str(number))
            for number, index in sorted(group_numbers(r.regex).items())]


_REGEX = TypeMembers(
    properties={
        "Options": (lambda r: ", ".join(r.options) or "None",
                    "System.Text.RegularExpressions.RegexOptions Options {get;}"),
        "RightToLeft": (lambda r: False, "bool RightToLeft {get;}"),
    },
    methods={
        "GetGroupNames": (group_names, "string[] GetGroupNames()"),
        "IsMatch": (is_match, "bool IsMatch(string input)"),
        "Match": (match, "System.Text.RegularExpressions.Match Match(string input), "
                         "System.Text.RegularExpressions.Match Match(string input, "
                         "int startat)"),
        "Matches": (matches, "System.Text.RegularExpressions.MatchCollection Matches("
                             "string input), System.Text.RegularExpressions.MatchCollection "
                             "Matches(string input, int startat)"),
        "Replace": (replace, "string Replace(string input, string replacement), string "
                             "Replace(string input, string replacement, int count)"),
        "Split": (split, "string[] Split(string input), string[] Split(string input, int "
                         "count)"),
        "ToString": (lambda r: r.pattern, "string ToString()"),
    },
)
register_members(RegexValue, _REGEX)

_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r", "\f": "\\f", " ": "\\ "}


def escape(text: Any) -> str:
    """Regex.Escape: ``\\ * + ? | { [ ( ) ^ $ . #`` and white space escaped."""
    return re.sub(r"[\\*+?|{\[()^$.#\s]",
                  lambda m: _ESCAPES.get(m.group(0), "\\" + m.group(0)), _text(text))


def unescape(text: Any) -> str:
    """Regex.Unescape: escapes back to the characters they stand for."""
    controls = {"t": "\t", "n": "\n", "r": "\r", "f": "\f", "e": "\x1b", "a": "\a"}
    return re.sub(r"\\(.)", lambda m: controls.get(m.group(1), m.group(1)), _text(text),
                  flags=re.DOTALL)


register_statics("System.Text.RegularExpressions.Regex", StaticMembers(
    properties={},
    methods={
        "Escape": escape,
        "Unescape": unescape,
        "IsMatch": lambda text, pattern, options=None: is_match(regex_of(pattern, options),
                                                                text),
        "Match": lambda text, pattern, options=None: match(regex_of(pattern, options), text),
        "Matches": lambda text, pattern, options=None: matches(regex_of(pattern, options),
                                                               text),
        "Replace": lambda text, pattern, replacement, options=None: replace(
            regex_of(pattern, options), text, replacement),
        "Split": lambda text, pattern, options=None: split(regex_of(pattern, options), text),
    },
))

