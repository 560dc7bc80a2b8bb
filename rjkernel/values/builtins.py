"""The few .NET behaviours job work needs on plain values: indexing, a handful of
methods (``.Trim()``, ``.Split()``, ``.ContainsKey()`` …), casts (``[int]``,
``[pscustomobject]``) and the ``-f`` format operator.

Kept apart from the evaluator, which decides *when* they apply; these say *what* they
do, with PowerShell's error texts where a value does not fit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from rjkernel.errors import ErrorRecord, PSError, SourceSpan
from rjkernel.values import operators as ops
from rjkernel.values.objects import Hashtable, PSObject


def index_value(target: Any, index: Any) -> Any:
    if isinstance(index, list):
        return [index_value(target, i) for i in index]
    if isinstance(target, Hashtable):
        return target.get(index)
    if isinstance(target, (list, str)):
        try:
            return target[int(ops.to_number(index))]
        except (IndexError, ValueError):
            return None
    if target is None:
        raise PSError(ErrorRecord(message="Cannot index into a null array.",
                                  error_id="NullArray", category="InvalidOperation"))
    if int(ops.to_number(index)) in (0, -1):
        return target
    return None


_STRING_METHODS: dict[str, Callable[..., Any]] = {
    "trim": lambda s, *a: s.strip(*(a[:1])),
    "trimstart": lambda s, *a: s.lstrip(*(a[:1])),
    "trimend": lambda s, *a: s.rstrip(*(a[:1])),
    "toupper": lambda s: s.upper(),
    "tolower": lambda s: s.lower(),
    "split": lambda s, sep=None: s.split(sep) if sep else s.split(),
    "replace": lambda s, a, b: s.replace(a, b),
    "contains": lambda s, a: a in s,
    "startswith": lambda s, a: s.startswith(a),
    "endswith": lambda s, a: s.endswith(a),
    "substring": lambda s, start, length=None: (
        s[start:] if length is None else s[start : start + length]
    ),
    "indexof": lambda s, a: s.find(a),
    "padleft": lambda s, n, c=" ": s.rjust(n, c),
    "padright": lambda s, n, c=" ": s.ljust(n, c),
}


def call_method(target: Any, method: str, args: list[Any], span: SourceSpan) -> Any:
    """The few .NET methods job work needs, on strings, arrays and hashtables."""
    low = method.lower()
    if low == "tostring":
        return ops.to_string(target)
    if low == "gettype":
        return type(target).__name__
    if isinstance(target, str) and low in _STRING_METHODS:
        return _STRING_METHODS[low](target, *args)
    if isinstance(target, Hashtable) and low == "containskey":
        return args[0] in target
    if isinstance(target, list) and low == "contains":
        return any(ops.equals(v, args[0]) for v in target)
    raise PSError(ErrorRecord(
        message=f"Method invocation failed because [{_type_name(target)}] does not contain a "
        f"method named '{method}'.",
        error_id="MethodNotFound", category="InvalidOperation", position=span,
    ))


def _type_name(value: Any) -> str:
    if isinstance(value, str):
        return "System.String"
    if isinstance(value, bool):
        return "System.Boolean"
    if isinstance(value, int):
        return "System.Int32"
    if isinstance(value, list):
        return "System.Object[]"
    if value is None:
        return "System.Object"
    return type(value).__name__


def cast_value(type_name: str, value: Any, span: SourceSpan) -> Any:
    low = type_name.lower().strip()
    try:
        if low in ("int", "int32", "long", "int64"):
            return int(ops.to_number(value))
        if low in ("double", "float", "decimal"):
            return float(ops.to_number(value))
        if low == "string":
            return ops.to_string(value)
        if low == "bool":
            return ops.is_true(value)
        if low in ("array", "object[]", "string[]", "int[]"):
            items = ops.to_list(value)
            if low == "string[]":
                return [ops.to_string(v) for v in items]
            if low == "int[]":
                return [int(ops.to_number(v)) for v in items]
            return items
        if low in ("pscustomobject", "psobject") and isinstance(value, Hashtable):
            return PSObject(value.items())
        if low == "ordered" and isinstance(value, Hashtable):
            return value
        if low == "hashtable" and isinstance(value, Hashtable):
            return value
        if low == "datetime":
            return datetime.fromisoformat(ops.to_string(value))
        if low == "void":
            return None
    except (ValueError, PSError):
        pass
    else:
        if low in ("pscustomobject", "psobject", "ordered", "hashtable"):
            return value
    raise PSError(ErrorRecord(
        message=f'Cannot convert value "{ops.to_string(value)}" to type "{type_name}".',
        error_id="InvalidCastConstructorException", category="InvalidArgument", position=span,
    ))


_FORMAT_ITEM = re.compile(r"\{(\d+)(?:,(-?\d+))?(?::([^}]*))?\}|\{\{|\}\}")


def format_operator(fmt: Any, args: Any) -> str:
    """``"{0} of {1}" -f $a, $b`` — .NET composite formatting, common specifiers."""
    values = ops.to_list(args)

    def repl(m: re.Match[str]) -> str:
        if m.group(0) == "{{":
            return "{"
        if m.group(0) == "}}":
            return "}"
        i = int(m.group(1))
        value = values[i] if i < len(values) else None
        spec = m.group(3) or ""
        text = ops.to_string(value)
        if spec[:1].upper() == "N" and isinstance(value, (int, float)):
            text = f"{value:,.{int(spec[1:] or 2)}f}"
        elif spec[:1].upper() == "F" and isinstance(value, (int, float)):
            text = f"{value:.{int(spec[1:] or 2)}f}"
        elif spec[:1].upper() == "P" and isinstance(value, (int, float)):
            text = f"{value * 100:.{int(spec[1:] or 2)}f} %"
        width = m.group(2)
        if width:
            w = int(width)
            text = text.ljust(-w) if w < 0 else text.rjust(w)
        return text

    return _FORMAT_ITEM.sub(repl, ops.to_string(fmt))
