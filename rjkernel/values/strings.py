"""System.String's methods, with .NET's semantics where they differ from Python's.

- ``.Split()`` with no argument splits at every whitespace character and keeps empty
  parts (``'a  b'.Split()`` is ``a``, ``''``, ``b``); ``.Split(',', ';')`` and
  ``.Split([char[]]',;')`` split at each character; ``.Split(', ')`` splits at the
  string ``', '`` (PowerShell 7 binds .NET Core's ``Split(string)``); a count caps the
  parts (the last keeps the rest); ``RemoveEmptyEntries``/``TrimEntries`` options apply.
- ``.Trim('ab')`` trims any of those characters; ``.Replace()``, ``.Contains()``,
  ``.StartsWith()``, ``.IndexOf()`` are case-sensitive unless given a
  ``StringComparison`` ending in ``IgnoreCase``.
- Out-of-range arguments raise .NET's messages (``startIndex cannot be larger than
  length of string.``), which the caller wraps as PowerShell's
  ``Exception calling "Substring" with "1" argument(s): …``.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from typing import Any

from rjkernel.values.membertable import register_enum
from rjkernel.values.objects import Char
from rjkernel.values.operators import to_number, to_string


class MethodFault(Exception):
    """A .NET exception thrown by a method; ``message`` is its text."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def text(value: Any) -> str:
    """An argument as .NET would receive it for a string parameter."""
    return to_string(value)


def _ignore_case(comparison: Any) -> bool:
    return str(comparison).lower().endswith("ignorecase")


def _chars(value: Any) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [text(v) for v in value]
    return list(text(value))


def _int(value: Any, name: str) -> int:
    number = to_number(value)
    return int(number)


_WHITESPACE = re.compile(r"[\s\u0085]")


class StringSplitOptions(enum.IntFlag):
    """System.StringSplitOptions, printed as .NET prints a flags enum."""

    RemoveEmptyEntries = 1
    TrimEntries = 2

    def __str__(self) -> str:
        return ", ".join(m.name for m in StringSplitOptions if m & self and m.name) or "None"


register_enum("System.StringSplitOptions", StringSplitOptions)


def split(s: str, *args: Any) -> list[str]:
    separators: list[str] | None = None
    count: int | None = None
    options = ""
    if args:
        first, rest = args[0], list(args[1:])
        if isinstance(first, (list, tuple)):
            separators = [text(v) for v in first]
        elif rest and all(isinstance(a, str) and len(a) == 1 for a in rest) and \
                isinstance(first, str) and len(first) == 1:
            separators, rest = [first, *rest], []
        elif first is None:
            separators = None
        else:
            separators = [text(first)]
        for arg in rest:
            if isinstance(arg, StringSplitOptions):
                options = str(arg).lower()
            elif isinstance(arg, (int, float)) and not isinstance(arg, bool):
                count = int(arg)
            else:
                options = text(arg).lower()
    if count is not None and count < 0:
        raise MethodFault("Count cannot be less than zero. (Parameter 'count')")
    if separators is None or not any(separators):
        pattern = _WHITESPACE
    else:
        pattern = re.compile("|".join(re.escape(sep) for sep in
                                      sorted({s for s in separators if s}, key=len,
                                             reverse=True)))
    remove_empty = "removeemptyentries" in options
    trim = "trimentries" in options
    if count == 0:
        return []
    parts: list[str] = []
    pos = 0
    for m in pattern.finditer(s):
        if count is not None and len(parts) == count - 1:
            break
        part = s[pos : m.start()]
        pos = m.end()
        if trim:
            part = part.strip()
        if remove_empty and not part:
            continue
        parts.append(part)
    last = s[pos:]
    if trim:
        last = last.strip()
    if not (remove_empty and not last):
        parts.append(last)
    return parts


def substring(s: str, start: Any, length: Any = None) -> str:
    begin = _int(start, "startIndex")
    if begin < 0:
        raise MethodFault("StartIndex cannot be less than zero. (Parameter 'startIndex')")
    if begin > len(s):
        raise MethodFault(
            "startIndex cannot be larger than length of string. (Parameter 'startIndex')")
    if length is None:
        return s[begin:]
    size = _int(length, "length")
    if size < 0:
        raise MethodFault("Length cannot be less than zero. (Parameter 'length')")
    if begin + size > len(s):
        raise MethodFault(
            "Index and length must refer to a location within the string. (Parameter 'length')")
    return s[begin : begin + size]


def index_of(s: str, value: Any, *args: Any) -> int:
    needle = text(value)
    start = 0
    case = True
    for arg in args:
        if isinstance(arg, (int, float)) and not isinstance(arg, bool):
            start = int(arg)
        else:
            case = not _ignore_case(arg)
    if start > len(s) or start < 0:
        raise MethodFault("Index was out of range. Must be non-negative and less than or "
                          "equal to the size of the collection. (Parameter 'startIndex')")
    if not case:
        return s.lower().find(needle.lower(), start)
    return s.find(needle, start)


def last_index_of(s: str, value: Any, comparison: Any = None) -> int:
    needle = text(value)
    if comparison is not None and _ignore_case(comparison):
        return s.lower().rfind(needle.lower())
    return s.rfind(needle)


def _compare_args(value: Any, comparison: Any) -> tuple[str, bool]:
    return text(value), comparison is not None and _ignore_case(comparison)


def contains(s: str, value: Any, comparison: Any = None) -> bool:
    needle, fold = _compare_args(value, comparison)
    return needle.lower() in s.lower() if fold else needle in s


def starts_with(s: str, value: Any, comparison: Any = None) -> bool:
    needle, fold = _compare_args(value, comparison)
    return s.lower().startswith(needle.lower()) if fold else s.startswith(needle)


def ends_with(s: str, value: Any, comparison: Any = None) -> bool:
    needle, fold = _compare_args(value, comparison)
    return s.lower().endswith(needle.lower()) if fold else s.endswith(needle)


def replace(s: str, old: Any, new: Any, *rest: Any) -> str:
    before, after = text(old), text(new)
    if before == "":
        raise MethodFault("The value cannot be an empty string. (Parameter 'oldValue')")
    if rest and (_ignore_case(rest[0]) or rest[0] is True):
        return re.sub(re.escape(before), after.replace("\\", "\\\\"), s, flags=re.IGNORECASE)
    return s.replace(before, after)


def pad(s: str, width: Any, fill: Any = " ", *, left: bool) -> str:
    size = _int(width, "totalWidth")
    if size < 0:
        raise MethodFault("Non-negative number required. (Parameter 'totalWidth')")
    char = text(fill)[:1] or " "
    return s.rjust(size, char) if left else s.ljust(size, char)


def trim(s: str, *chars: Any, side: str = "both") -> str:
    strip = {"both": str.strip, "start": str.lstrip, "end": str.rstrip}[side]
    if not chars:
        return strip(s)
    allowed = "".join(c for arg in chars for c in _chars(arg))
    return strip(s, allowed)


def insert(s: str, index: Any, value: Any) -> str:
    at = _int(index, "startIndex")
    if not 0 <= at <= len(s):
        raise MethodFault("Specified argument was out of the range of valid values. "
                          "(Parameter 'startIndex')")
    return s[:at] + text(value) + s[at:]


def remove(s: str, start: Any, count: Any = None) -> str:
    begin = _int(start, "startIndex")
    if not 0 <= begin <= len(s):
        raise MethodFault("startIndex must be less than length of string. "
                          "(Parameter 'startIndex')")
    if count is None:
        return s[:begin]
    size = _int(count, "count")
    if size < 0 or begin + size > len(s):
        raise MethodFault("Index and count must refer to a location within the string. "
                          "(Parameter 'count')")
    return s[:begin] + s[begin + size :]


def equals(s: str, other: Any, comparison: Any = None) -> bool:
    if other is None:
        return False
    value, fold = _compare_args(other, comparison)
    return s.lower() == value.lower() if fold else s == value


def compare_to(s: str, other: Any) -> int:
    value = text(other)
    a, b = s.lower(), value.lower()
    if a == b:
        a, b = value, s  # culture order puts lower case first
    return (a > b) - (a < b)


Method = tuple[Callable[..., Any], str]

STRING_METHODS: dict[str, Method] = {
    "Clone": (lambda s: s, "System.Object Clone()"),
    "CompareTo": (compare_to, "int CompareTo(System.Object value), int CompareTo(string strB)"),
    "Contains": (contains, "bool Contains(string value), bool Contains(string value, "
                           "System.StringComparison comparisonType), bool Contains(char value)"),
    "EndsWith": (ends_with, "bool EndsWith(string value), bool EndsWith(string value, "
                            "System.StringComparison comparisonType), bool EndsWith(char value)"),
    "Equals": (equals, "bool Equals(System.Object obj), bool Equals(string value), "
                       "bool Equals(string value, System.StringComparison comparisonType)"),
    "IndexOf": (index_of, "int IndexOf(char value), int IndexOf(char value, int startIndex), "
                          "int IndexOf(string value), int IndexOf(string value, int startIndex), "
                          "int IndexOf(string value, System.StringComparison comparisonType)"),
    "IndexOfAny": (lambda s, chars: min((i for i in (s.find(c) for c in _chars(chars))
                                         if i >= 0), default=-1),
                   "int IndexOfAny(char[] anyOf)"),
    "Insert": (insert, "string Insert(int startIndex, string value)"),
    "LastIndexOf": (last_index_of, "int LastIndexOf(char value), int LastIndexOf(string value)"),
    "PadLeft": (lambda s, w, c=" ": pad(s, w, c, left=True),
                "string PadLeft(int totalWidth), string PadLeft(int totalWidth, char paddingChar)"),
    "PadRight": (lambda s, w, c=" ": pad(s, w, c, left=False),
                 "string PadRight(int totalWidth), string PadRight(int totalWidth, "
                 "char paddingChar)"),
    "Remove": (remove, "string Remove(int startIndex, int count), string Remove(int startIndex)"),
    "Replace": (replace, "string Replace(string oldValue, string newValue), string Replace("
                         "string oldValue, string newValue, System.StringComparison "
                         "comparisonType), string Replace(char oldChar, char newChar)"),
    "Split": (split, "string[] Split(char separator, System.StringSplitOptions options), "
                     "string[] Split(params char[] separator), string[] Split(string separator, "
                     "System.StringSplitOptions options), string[] Split(string[] separator, "
                     "System.StringSplitOptions options)"),
    "StartsWith": (starts_with, "bool StartsWith(string value), bool StartsWith(string value, "
                                "System.StringComparison comparisonType), bool StartsWith("
                                "char value)"),
    "Substring": (substring, "string Substring(int startIndex), string Substring("
                             "int startIndex, int length)"),
    "ToCharArray": (lambda s: [Char(c) for c in s], "char[] ToCharArray()"),
    "ToLower": (lambda s, *_: s.lower(), "string ToLower(), string ToLower(cultureinfo culture)"),
    "ToLowerInvariant": (lambda s: s.lower(), "string ToLowerInvariant()"),
    "ToString": (lambda s, *_: s, "string ToString(), string ToString(System.IFormatProvider "
                                  "provider)"),
    "ToUpper": (lambda s, *_: s.upper(), "string ToUpper(), string ToUpper(cultureinfo culture)"),
    "ToUpperInvariant": (lambda s: s.upper(), "string ToUpperInvariant()"),
    "Trim": (trim, "string Trim(), string Trim(char trimChar), string Trim(params char[] "
                   "trimChars)"),
    "TrimEnd": (lambda s, *c: trim(s, *c, side="end"),
                "string TrimEnd(), string TrimEnd(char trimChar), string TrimEnd(params char[] "
                "trimChars)"),
    "TrimStart": (lambda s, *c: trim(s, *c, side="start"),
                  "string TrimStart(), string TrimStart(char trimChar), string TrimStart("
                  "params char[] trimChars)"),
}
