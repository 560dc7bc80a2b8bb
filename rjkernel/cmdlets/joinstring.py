"""Join-String (Join-String.cs, PowerShell 7): the objects, or one property of each, as
one string — each value converted to text (or formatted with ``-FormatString``, or put
in quotes as is), joined with ``-Separator`` (default ``$OFS``, else nothing), between
``-OutputPrefix`` and ``-OutputSuffix``. ``$null`` objects are skipped."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from rjkernel.cmdlets.base import Invocation, implements
from rjkernel.cmdlets.objects import input_objects
from rjkernel.values import operators as ops
from rjkernel.values.composite import format_composite
from rjkernel.values.members import get_property
from rjkernel.values.objects import MISSING, ScriptBlockValue


async def _value(inv: Invocation, item: Any, prop: Any) -> Any:
    """``-Property``: a name, or a script block run with ``$_`` (its first output)."""
    if prop is None:
        return item
    if isinstance(prop, ScriptBlockValue):
        out = await inv.context.invoke_block(prop, underscore=item)
        return out[0] if out else None
    value = get_property(item, ops.to_string(prop))
    return None if value is MISSING else value


@implements("Join-String")
async def join_string(inv: Invocation) -> AsyncIterator[Any]:
    separator = inv.get("Separator") if inv.has("Separator") else \
        ops.to_string(inv.variables.get("OFS"))
    quote = "'" if inv.switch("SingleQuote") else '"' if inv.switch("DoubleQuote") else ""
    fmt = inv.get("FormatString")
    parts: list[str] = []
    async for item in input_objects(inv):
        if item is None:
            continue
        value = await _value(inv, item, inv.get("Property"))
        if quote:
            parts.append(quote + ops.to_string(value) + quote)
        elif fmt:
            parts.append(format_composite(ops.to_string(fmt), [value]))
        else:
            parts.append(ops.to_string(value))
    yield (ops.to_string(inv.get("OutputPrefix")) + ops.to_string(separator).join(parts) +
           ops.to_string(inv.get("OutputSuffix")))
