"""PowerShell's operators over rjkernel values.

Rules kept from PowerShell (about_Comparison_Operators, about_Arithmetic_Operators):
- String comparison is case-insensitive unless the ``c`` form (``-ceq``) is used.
- The right operand is converted to the left operand's type (``5 -eq "5"`` is True).
- With an array on the left, a comparison filters: ``1,2,3 -gt 1`` → ``2,3``.
- ``+`` adds numbers, concatenates strings (left is a string → right becomes text) and
  arrays; ``*`` repeats strings/arrays.
- ``-like`` uses wildcards (``*``, ``?``, ``[a-z]``); ``-match`` uses regular
  expressions (Python's ``re``, close enough for job work) and sets ``$Matches``.
- ``-split`` splits on a regex; ``-join`` joins with a separator.
Enum values (JobState) compare by name with strings, so ``$j.State -eq 'Completed'``
works as in PowerShell.
"""

from __future__ import annotations

import enum
import fnmatch
import re
from collections.abc import Callable, MutableMapping
from functools import lru_cache
from typing import Any

from rjkernel.errors import ErrorRecord, PSError


def to_list(value: Any) -> list[Any]:
    """PowerShell's enumeration of a value: arrays spread, ``$null`` is nothing."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def to_string(value: Any) -> str:
    """How PowerShell turns a value into text (``"$x"``, ``-join``, string ``+``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, (list, tuple)):
        return " ".join(to_string(v) for v in value)
    return str(value)


def is_true(value: Any) -> bool:
    """PowerShell truthiness: empty string/array, 0 and ``$null`` are false."""
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


def to_number(value: Any) -> int | float:
    """Convert for arithmetic; strings that look like numbers convert, others fail."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, enum.IntEnum):
        return int(value)
    if value is None:
        return 0
    text = to_string(value).strip()
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            raise _error(
                f'Cannot convert value "{text}" to type "System.Int32". '
                f'Error: "The input string \'{text}\' was not in a correct format."',
                "InvalidCastFromStringToInteger",
            ) from None


def _coerce_like(left: Any, right: Any) -> Any:
    """Convert ``right`` to the type of ``left`` for comparison."""
    if isinstance(left, bool):
        return is_true(right)
    if isinstance(left, (int, float)) and not isinstance(right, (int, float)):
        try:
            return to_number(right)
        except PSError:
            return right
    if isinstance(left, str) and not isinstance(right, str):
        return to_string(right)
    return right


def _key(value: Any, case: bool) -> Any:
    if isinstance(value, enum.Enum):
        value = value.name
    if isinstance(value, str) and not case:
        return value.lower()
    return value


def equals(left: Any, right: Any, case: bool = False) -> bool:
    right = _coerce_like(left, right)
    numeric = isinstance(right, (int, float)) and not isinstance(right, bool)
    if isinstance(left, enum.Enum) and numeric:
        return int(left.value) == right
    return bool(_key(left, case) == _key(right, case))


def _order(left: Any, right: Any, case: bool) -> int:
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
    try:
        m = re.search(to_string(pattern), to_string(value), 0 if case else re.IGNORECASE)
    except re.error as exc:
        raise _error(
            f'The regular expression pattern {to_string(pattern)} is not valid: {exc}.',
            "InvalidRegularExpression",
        ) from None
    if m and matches is not None:
        matches.clear()
        matches[0] = m.group(0)
        for i, g in enumerate(m.groups(), 1):
            if g is not None:
                matches[i] = g
        matches.update({k: v for k, v in m.groupdict().items() if v is not None})
    return m is not None


_COMPARISONS: dict[str, Callable[[Any, Any, bool], bool]] = {
    "eq": equals,
    "ne": lambda a, b, c: not equals(a, b, c),
    "gt": lambda a, b, c: _order(a, b, c) > 0,
    "ge": lambda a, b, c: _order(a, b, c) >= 0,
    "lt": lambda a, b, c: _order(a, b, c) < 0,
    "le": lambda a, b, c: _order(a, b, c) <= 0,
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
    name, case = split_op(op)
    if name in ("match", "notmatch"):
        if isinstance(left, (list, tuple)):
            hits = [v for v in left if match(v, right, case) == (name == "match")]
            return hits
        result = match(left, right, case, matches)
        return result if name == "match" else not result
    if name in ("contains", "notcontains"):
        found = any(equals(item, right, case) for item in to_list(left))
        return found if name == "contains" else not found
    if name in ("in", "notin"):
        found = any(equals(item, left, case) for item in to_list(right))
        return found if name == "in" else not found
    fn = _COMPARISONS.get(name)
    if fn is None:
        raise _error(f"The operator '-{name}' is not supported.", "OperatorNotSupported")
    if isinstance(left, (list, tuple)):
        return [v for v in left if fn(v, right, case)]
    return fn(left, right, case)


def add(left: Any, right: Any) -> Any:
    if isinstance(left, (list, tuple)):
        return list(left) + to_list(right) if isinstance(right, (list, tuple)) else [*left, right]
    if isinstance(left, str):
        return left + to_string(right)
    if left is None:
        return right
    if isinstance(right, (list, tuple)):
        raise _error(
            'Method invocation failed because [System.Object[]] does not contain a method '
            "named 'op_Addition'.",
            "MethodNotFound",
        )
    return to_number(left) + to_number(right)


def arithmetic(op: str, left: Any, right: Any) -> Any:
    if op == "+":
        return add(left, right)
    if op == "*" and isinstance(left, str):
        return left * int(to_number(right))
    if op == "*" and isinstance(left, (list, tuple)):
        return list(left) * int(to_number(right))
    a, b = to_number(left), to_number(right)
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if b == 0 and op in ("/", "%"):
        raise _error("Attempted to divide by zero.", "RuntimeException")
    if op == "/":
        q = a / b
        return int(q) if q.is_integer() and isinstance(a, int) and isinstance(b, int) else q
    if op == "%":
        return a % b
    raise _error(f"The operator '{op}' is not supported.", "OperatorNotSupported")


def join(values: Any, separator: Any = "") -> str:
    return to_string(separator).join(to_string(v) for v in to_list(values))


def split(value: Any, pattern: Any = None, case: bool = False) -> list[str]:
    out: list[str] = []
    for item in to_list(value):
        text = to_string(item)
        if pattern is None:
            out.extend(text.split())
        else:
            out.extend(re.split(to_string(pattern), text, flags=0 if case else re.IGNORECASE))
    return out


def replace(value: Any, args: Any, case: bool = False) -> Any:
    parts = to_list(args)
    pattern = to_string(parts[0]) if parts else ""
    repl = to_string(parts[1]) if len(parts) > 1 else ""
    repl = re.sub(r"\$(\d+)", r"\\\1", repl)
    flags = 0 if case else re.IGNORECASE
    if isinstance(value, (list, tuple)):
        return [re.sub(pattern, repl, to_string(v), flags=flags) for v in value]
    return re.sub(pattern, repl, to_string(value), flags=flags)
