"""PowerShell's operators over rjkernel values.

Rules kept from PowerShell (about_Comparison_Operators, about_Arithmetic_Operators):
- String comparison is case-insensitive unless the ``c`` form (``-ceq``) is used.
- The right operand is converted to the left operand's type (``5 -eq "5"`` is True).
- With an array on the left, a comparison filters: ``1,2,3 -gt 1`` → ``2,3``.
- ``+`` adds numbers (with PowerShell's widening, see ``numbers``), concatenates
  strings (left is a string → right becomes text) and arrays, merges hashtables (a key
  in both is an error); ``*`` repeats strings/arrays. DateTime ± TimeSpan is a DateTime,
  DateTime − DateTime a TimeSpan.
- ``-like`` uses wildcards (``*``, ``?``, ``[a-z]``); ``-match`` uses .NET regular
  expressions (``regexes``) and sets ``$Matches``.
- ``-split`` splits on a regex (about_Split: max-substrings, options, captures kept);
  ``-replace`` substitutes ``$1``/``${name}``; ``-join`` joins with a separator.
Enum values (JobState) compare by name with strings, so ``$j.State -eq 'Completed'``
works as in PowerShell.
"""

from __future__ import annotations

import enum
import fnmatch
import re
from collections.abc import Callable, MutableMapping
from datetime import datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from rjkernel.errors import ErrorRecord, PSError
from rjkernel.values import dates, numbers, regexes
from rjkernel.values.conversion import dotnet_type_of
from rjkernel.values.objects import (
    Char,
    Hashtable,
    OrderedHashtable,
    PSObject,
    duplicate_key_message,
)


def to_list(value: Any) -> list[Any]:
    """PowerShell's enumeration of a value: arrays spread, ``$null`` is nothing."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def enum_text(value: enum.Enum) -> str:
    """An enum value's .NET text: its member's name, and a flags enum's names joined as
    .NET joins them (``IgnoreCase, Multiline``, ``None``: the flag classes' ``__str__``)."""
    return str(value) if isinstance(value, enum.Flag) else str(value.name)


def to_string(value: Any) -> str:
    """How PowerShell turns a value into text (``"$x"``, ``-join``, string ``+``): the
    invariant culture (about_Type_Conversion)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, enum.Enum):
        return enum_text(value)
    if isinstance(value, float):
        return numbers.ps_double_text(value)
    if isinstance(value, Decimal):
        return numbers.number_text(value)
    if isinstance(value, datetime):
        return dates.invariant_text(value)
    if isinstance(value, timedelta):
        return dates.format_timespan(value)
    if isinstance(value, (list, tuple)):
        return " ".join(to_string(v) for v in value)
    if isinstance(value, Hashtable):
        return value.type_names[0]
    if isinstance(value, PSObject):
        return "@{" + "; ".join(f"{k}={to_string(v)}" for k, v in value.properties.items()) \
            + "}"
    return str(value)


def is_true(value: Any) -> bool:
    """PowerShell truthiness: empty string/array, 0 and ``$null`` are false."""
    if value is True or value is False or value is None:
        return bool(value)
    if isinstance(value, (list, tuple)):
        if len(value) == 1:
            return is_true(value[0])
        return len(value) > 0
    if isinstance(value, str):
        return value != ""
    if isinstance(value, enum.Enum):
        return True
    return bool(value)


def _error(message: str, error_id: str) -> PSError:
    return PSError(ErrorRecord(message=message, error_id=error_id, category="InvalidOperation"))


def to_number(value: Any) -> int | float | Decimal:
    """Convert for arithmetic; strings that look like numbers convert, others fail."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Char):
        return ord(value)
    if numbers.is_number(value):
        return value  # type: ignore[no-any-return]
    if isinstance(value, enum.Enum):
        return int(value.value)
    if value is None:
        return 0
    text = to_string(value).strip()
    try:
        return numbers.parse_number(text)
    except ValueError:
        raise _error(
            f'Cannot convert value "{text}" to type "System.Int32". '
            f'Error: "The input string \'{text}\' was not in a correct format."',
            "InvalidCastFromStringToInteger",
        ) from None


def _coerce_like(left: Any, right: Any) -> Any:
    """Convert ``right`` to the type of ``left`` for comparison (a value of another
    layer converts with its ``ps_coerce``, as a version does)."""
    if isinstance(left, bool):
        return is_true(right)
    coerce = getattr(left, "ps_coerce", None)
    if coerce is not None:
        return coerce(right)
    if numbers.is_number(left) and not numbers.is_number(right):
        if isinstance(right, str):  # ``$j.State -eq 'Failed'``: no error built to drop
            try:
                return numbers.parse_number(right)
            except ValueError:
                return right
        try:
            return to_number(right)
        except PSError:
            return right
    if isinstance(left, datetime) and isinstance(right, str):
        try:
            return dates.parse_datetime(right)
        except dates.DateFormatError:
            return right
    if isinstance(left, timedelta) and isinstance(right, (str, int)):
        try:
            return dates.parse_timespan(right) if isinstance(right, str) else \
                dates.from_ticks(right)
        except dates.DateFormatError:
            return right
    if isinstance(left, str) and not isinstance(right, str):
        return to_string(right)
    return right


@lru_cache(maxsize=256)
def _member_named(kind: type[enum.Enum], name: str) -> enum.Enum | None:
    """The member of an enum whose name, lower-cased, is ``name``; None for any other
    text."""
    return next((m for m in kind if m.name.lower() == name), None)


def _key(value: Any, case: bool) -> Any:
    if isinstance(value, enum.Enum):
        value = enum_text(value)
    if isinstance(value, datetime):
        value = value.replace(tzinfo=None)
    if isinstance(value, str) and not case:
        return value.lower()
    return value


def equals(left: Any, right: Any, case: bool = False) -> bool:
    kind = type(left)
    if kind is type(right) and (kind is int or kind is str):  # no conversion: the usual case
        return bool(left == right if kind is int or case else left.lower() == right.lower())
    if left is None or right is None:  # $null equals only $null: 0 -eq $null is False
        return left is right
    if isinstance(left, enum.Enum) and isinstance(right, str) and \
            _member_named(type(left), right.lower()) is not None:
        # $j.State -eq 'Failed': a member's name, which is never a number — the names
        # compare as they would after the conversion below, without trying one
        return left.name == right if case else left.name.lower() == right.lower()
    right = _coerce_like(left, right)
    numeric = isinstance(right, (int, float)) and not isinstance(right, bool)
    if isinstance(left, enum.Enum) and numeric:
        return int(left.value) == right
    return bool(_key(left, case) == _key(right, case))


def order(left: Any, right: Any, case: bool = False) -> int:
    """-1, 0 or 1: how ``left`` compares with ``right`` (converted to its type)."""
    kind = type(left)
    if kind is type(right) and (kind is int or kind is str):  # no conversion: the usual case
        if kind is str and not case:
            left, right = left.lower(), right.lower()
        return (left > right) - (left < right)
    right = _coerce_like(left, right)
    a, b = _key(left, case), _key(right, case)
    if isinstance(left, enum.Enum):
        a = left.value
        b = right.value if isinstance(right, enum.Enum) else b
    if a is None:
        a = ""
    if b is None:
        b = ""
    try:
        return (a > b) - (a < b)
    except TypeError:
        sa, sb = to_string(a), to_string(b)
        return (sa > sb) - (sa < sb)


@lru_cache(maxsize=256)
def wildcard_regex(pattern: str, case: bool = False) -> re.Pattern[str]:
    """PowerShell wildcard → regex (``*``, ``?``, ``[abc]``; backtick escapes)."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "`" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        if ch == "[":
            end = pattern.find("]", i + 1)
            if end > i:
                out.append(fnmatch.translate(pattern[i : end + 1])[4:-3])
                i = end + 1
                continue
        out.append(".*" if ch == "*" else "." if ch == "?" else re.escape(ch))
        i += 1
    return re.compile("".join(out) + r"\Z", 0 if case else re.IGNORECASE | re.DOTALL)


def like(value: Any, pattern: Any, case: bool = False) -> bool:
    return wildcard_regex(to_string(pattern), case).match(to_string(value)) is not None


def has_wildcards(text: str) -> bool:
    return any(c in text for c in "*?[")


def match(
    value: Any, pattern: Any, case: bool = False, matches: MutableMapping[Any, Any] | None = None
) -> bool:
    """``-match``: a .NET regex search; fills ``matches`` (``$Matches``) on success."""
    try:
        regex = regexes.compile_regex(to_string(pattern), case)
    except regexes.RegexError as exc:
        raise _error(exc.message, "InvalidRegularExpression") from None
    m = regex.search(to_string(value))
    if m and matches is not None:
        matches.clear()
        for key, text in regexes.group_table(m):
            matches[key] = text
    return m is not None


_COMPARISONS: dict[str, Callable[[Any, Any, bool], bool]] = {
    "eq": equals,
    "ne": lambda a, b, c: not equals(a, b, c),
    "gt": lambda a, b, c: order(a, b, c) > 0,
    "ge": lambda a, b, c: order(a, b, c) >= 0,
    "lt": lambda a, b, c: order(a, b, c) < 0,
    "le": lambda a, b, c: order(a, b, c) <= 0,
    "like": like,
    "notlike": lambda a, b, c: not like(a, b, c),
}


def split_op(op: str) -> tuple[str, bool]:
    """``-ceq`` → (``eq``, case-sensitive); ``-ieq``/``-eq`` → (``eq``, insensitive)."""
    name = op.lstrip("-").lower()
    if name[:1] in ("c", "i") and name[1:] in _ALL_NAMES:
        return name[1:], name[0] == "c"
    return name, False


_ALL_NAMES = set(_COMPARISONS) | {
    "match", "notmatch", "contains", "notcontains", "in", "notin", "replace", "split", "join",
}


def compare(op: str, left: Any, right: Any,
            matches: MutableMapping[Any, Any] | None = None) -> Any:
    """Evaluate a comparison or containment operator, PowerShell-style."""
    return comparer(op)(left, right, matches)


Comparer = Callable[[Any, Any, "MutableMapping[Any, Any] | None"], Any]


@lru_cache(maxsize=256)
def comparer(op: str) -> Comparer:
    """:func:`compare` for one operator, its name and case chosen once — what an
    expression compiled into a loop calls for each value."""
    name, case = split_op(op)
    if name in ("match", "notmatch"):
        wanted = name == "match"

        def matching(left: Any, right: Any, matches: MutableMapping[Any, Any] | None) -> Any:
            if isinstance(left, (list, tuple)):
                return [v for v in left if match(v, right, case) == wanted]
            return match(left, right, case, matches) == wanted

        return matching
    if name in ("contains", "notcontains", "in", "notin"):
        wanted = name in ("contains", "in")
        reverse = name in ("in", "notin")

        def containing(left: Any, right: Any, _matches: Any) -> bool:
            if reverse:
                left, right = right, left
            return any(equals(item, right, case) for item in to_list(left)) == wanted

        return containing
    fn = _COMPARISONS.get(name)
    if fn is None:
        def unsupported(_left: Any, _right: Any, _matches: Any) -> Any:
            raise _error(f"The operator '-{name}' is not supported.", "OperatorNotSupported")

        return unsupported

    def comparing(left: Any, right: Any, _matches: Any) -> Any:
        if isinstance(left, (list, tuple)):
            return [v for v in left if fn(v, right, case)]
        return fn(left, right, case)

    return comparing


def _op_missing(left: Any, op: str) -> PSError:
    names = {"+": "op_Addition", "-": "op_Subtraction", "*": "op_Multiply",
             "/": "op_Division", "%": "op_Modulus"}
    return _error(f"Method invocation failed because [{dotnet_type_of(left)}] does not "
                  f"contain a method named '{names[op]}'.", "MethodNotFound")


def add_hashtables(left: Hashtable, right: Any) -> Hashtable:
    """``@{a=1} + @{b=2}``: a new table (ordered if the left one is); a key in both is
    .NET's ``Item has already been added.`` error."""
    if not isinstance(right, Hashtable):
        raise _error("A hash table can only be added to another hash table.",
                     "AddHashTableToNonHashTable")
    merged: Hashtable = OrderedHashtable() if isinstance(left, OrderedHashtable) else \
        Hashtable()
    for key, value in [*left.items(), *right.items()]:
        if key in merged:
            raise PSError(ErrorRecord(message=duplicate_key_message(merged, key),
                                      error_id="System.ArgumentException",
                                      category="OperationStopped"))
        merged[key] = value
    return merged


def add(left: Any, right: Any) -> Any:
    return arithmetic("+", left, right)


def _dates(op: str, left: Any, right: Any) -> Any:
    if isinstance(left, datetime):
        if isinstance(right, timedelta):
            return left + right if op == "+" else left - right
        if op == "-" and isinstance(right, datetime):
            return left.replace(tzinfo=None) - right.replace(tzinfo=None)
        raise _op_missing(left, op)
    if isinstance(right, timedelta) or op in ("*", "/"):
        if op == "+":
            return left + right
        if op == "-":
            return left - right
        if op == "/" and isinstance(right, timedelta):
            return left / right
        factor = float(to_number(right))
        if op == "/" and factor == 0:
            raise _error(numbers.DIVIDE_BY_ZERO, "RuntimeException")
        return left * factor if op == "*" else left / factor
    raise _op_missing(left, op)


_INT32 = range(numbers.INT32_MIN, numbers.INT32_MAX + 1)
_INT_OPERATIONS: dict[str, Callable[[int, int], int]] = {
    "+": int.__add__, "-": int.__sub__, "*": int.__mul__, "%": numbers.remainder,
}


def arithmetic(op: str, left: Any, right: Any) -> Any:
    """``left op right`` for ``+ - * / %``, PowerShell-style (about_Arithmetic_Operators)."""
    operation = _INT_OPERATIONS.get(op)
    if operation is not None and type(left) is int and type(right) is int and right != 0:
        result = operation(left, right)  # Int32 op Int32 staying Int32: a loop's counters
        if result in _INT32 and left in _INT32 and right in _INT32:
            return result
    if isinstance(left, (list, tuple)):
        if op == "+":
            return list(left) + to_list(right) if isinstance(right, (list, tuple)) \
                else [*left, right]
        if op == "*":
            return list(left) * int(to_number(right))
        raise _op_missing(left, op)
    if isinstance(left, Hashtable):
        if op == "+":
            return add_hashtables(left, right)
        raise _op_missing(left, op)
    if isinstance(left, str) and not isinstance(left, Char):
        if op == "+":
            return left + to_string(right)
        if op == "*":
            return left * int(to_number(right))
    if left is None:
        if op == "+":
            return right
        if op == "-" and numbers.is_number(right):
            return numbers.negate(right)
        if op == "*":
            return None
        left = 0
    if isinstance(left, (datetime, timedelta)):
        return _dates(op, left, right)
    if isinstance(right, (list, tuple)):
        raise _op_missing(right, op) if op == "+" else _error(
            f"The operation '[{_type_of(left)}] {op} [System.Object[]]' is not defined.",
            "OperatorNotDefined")
    try:
        return numbers.arithmetic(op, to_number(left), to_number(right))
    except numbers.NumberError as exc:
        raise _error(exc.message, exc.error_id) from None


def _type_of(value: Any) -> str:
    return dotnet_type_of(value)


def _as_char(value: Any) -> str | None:
    """A ``[char]``, or a one-character string that is not a digit (parserutils.cs)."""
    if isinstance(value, Char) or (isinstance(value, str) and len(value) == 1 and
                                   not value.isdigit()):
        return str(value)
    return None


def _as_int32(value: Any) -> int:
    number = to_number(value)
    return number if isinstance(number, int) else numbers.round_half_even(number)


def range_operator(left: Any, right: Any) -> list[Any]:
    """``1..5``, ``5..1``, ``'1'..'3'`` (Int32s) and, PowerShell 7, ``'a'..'e'``
    ([char]s) (about_Operators, "Range operator")."""
    low_char, high_char = _as_char(left), _as_char(right)
    if low_char is not None and high_char is not None:
        a, b = ord(low_char), ord(high_char)
        step = 1 if a <= b else -1
        return [Char(chr(code)) for code in range(a, b + step, step)]
    a, b = _as_int32(left), _as_int32(right)
    return list(range(a, b + 1)) if a <= b else list(range(a, b - 1, -1))


def join(values: Any, separator: Any = "") -> str:
    return to_string(separator).join(to_string(v) for v in to_list(values))


_SPLIT_OPTIONS = ("simplematch", "regexmatch", "cultureinvariant", "ignorepatternwhitespace",
                  "multiline", "singleline", "ignorecase", "explicitcapture")


def split(value: Any, args: Any = None, case: bool = False) -> list[str]:
    """``-split``: unary (whitespace, trimmed) when ``args`` is None, else
    ``pattern[, max-substrings[, "options"]]`` (about_Split)."""
    if args is None:
        return [part for item in to_list(value)
                for part in regexes.split(to_string(item).strip(), r"\s+")]
    parts = to_list(args) if isinstance(args, (list, tuple)) else [args]
    pattern = to_string(parts[0])
    limit = int(to_number(parts[1])) if len(parts) > 1 else 0
    options = [o.strip().lower() for o in to_string(parts[2]).split(",")] \
        if len(parts) > 2 and parts[2] else []
    for option in options:
        if option not in _SPLIT_OPTIONS:
            raise _error(f'Cannot convert value "{to_string(parts[2])}" to type '
                         '"System.Management.Automation.SplitOptions".', "InvalidCast")
    simple = "simplematch" in options
    if simple and set(options) - {"simplematch", "ignorecase"}:
        raise _error("Cannot use SimpleMatch with any other option except IgnoreCase.",
                     "InvalidSplitOptionCombination")
    out: list[str] = []
    try:
        for item in to_list(value):
            out.extend(regexes.split(
                to_string(item), pattern, limit, case=case and "ignorecase" not in options,
                simple=simple, multiline="multiline" in options,
                singleline="singleline" in options))
    except regexes.RegexError as exc:
        raise _error(exc.message, "InvalidRegularExpression") from None
    return out


def replace(value: Any, args: Any, case: bool = False,
            block: Callable[[regexes.MatchValue], str] | None = None) -> Any:
    """``-replace pattern, replacement``: .NET substitutions (``$1``, ``${name}``,
    ``$$``); ``block`` is a script-block replacement (PowerShell 7) as a function of
    the match."""
    parts = to_list(args) if isinstance(args, (list, tuple)) else [args]
    if len(parts) > 2:
        raise _error("The -replace operator allows only two elements to follow it, not "
                     f"{len(parts)}.", "BadReplaceArgument")
    pattern = to_string(parts[0]) if parts else ""
    replacement: Any = block if block is not None else \
        (to_string(parts[1]) if len(parts) > 1 else "")
    try:
        if isinstance(value, (list, tuple)):
            return [regexes.replace(to_string(v), pattern, replacement, case) for v in value]
        return regexes.replace(to_string(value), pattern, replacement, case)
    except regexes.RegexError as exc:
        raise _error(exc.message, "InvalidRegularExpression") from None
