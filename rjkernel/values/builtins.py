"""The evaluator's entry points into the value model: indexing, member calls, casts and
the ``-f`` operator, each with PowerShell's error texts and the caller's position.

The evaluator decides *when* they apply; ``members``, ``types`` and ``composite`` say
*what* they do.
"""

from __future__ import annotations

from typing import Any

from rjkernel.errors import ErrorRecord, PSError, SourceSpan
from rjkernel.values import members, types
from rjkernel.values import operators as ops
from rjkernel.values.composite import format_operator
from rjkernel.values.objects import Char, Hashtable, OrderedHashtable, PSObject

__all__ = ["call_method", "cast_value", "format_operator", "index_value"]


def index_value(target: Any, index: Any) -> Any:
    """``$a[i]``: negative indices count from the end, an array of indices slices
    (``$a[1..3]``, ``$a[0,2]``), an index out of range is ``$null``; a hashtable is
    indexed by key (an ordered one also by position); a scalar acts as a one-element
    array (about_Arrays)."""
    if type(target) is list and type(index) is int:  # $jobs[$i]: the usual case
        return target[index] if -len(target) <= index < len(target) else None
    if isinstance(index, list) and not isinstance(target, Hashtable):
        out: list[Any] = []
        for i in index:
            value = index_value(target, i)
            if value is not None:
                out.append(value)
        return out
    if isinstance(target, OrderedHashtable) and isinstance(index, int) and \
            not isinstance(index, bool) and index not in target:
        items = list(target.values())
        return items[index] if -len(items) <= index < len(items) else None
    if isinstance(target, Hashtable):
        if isinstance(index, list):
            return [target.get(k) for k in index]
        return target.get(index)
    if target is None:
        raise PSError(ErrorRecord(message="Cannot index into a null array.",
                                  error_id="NullArray", category="InvalidOperation"))
    if isinstance(index, str) and hasattr(target, "item_named"):
        return target.item_named(index)  # a collection indexed by name too (Groups['x'])
    if isinstance(target, (list, tuple, str)):
        position = int(ops.to_number(index))
        if not -len(target) <= position < len(target):
            return None
        item = target[position]
        return Char(item) if isinstance(target, str) else item
    if int(ops.to_number(index)) in (0, -1):
        return target
    return None


def call_method(target: Any, method: str, args: list[Any], span: SourceSpan) -> Any:
    """``$x.Method(args)``."""
    try:
        return members.call(target, method, args)
    except PSError as exc:
        raise PSError(exc.record.with_position(span)) from None


def cast_value(type_name: str, value: Any, span: SourceSpan) -> Any:
    """``[type]value``."""
    try:
        if type_name.strip().lower() in ("pscustomobject", "psobject") and \
                isinstance(value, PSObject):
            return value
        return types.cast(type_name, value)
    except PSError as exc:
        raise PSError(exc.record.with_position(span)) from None
