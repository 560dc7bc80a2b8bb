"""``-Property`` of Format-Table, Format-List and Format-Wide: names, wildcard patterns,
and calculated properties ``@{Label='x'; Expression={…}; FormatString='N1'; Width=10;
Alignment='Right'}`` (about_Calculated_Properties).

A calculated column's values are computed here, once per object, while the cmdlet still
has the invocation to run the expression's script block; the display reads them back by
object, so the display layer never runs PowerShell.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rjkernel.cmdlets.base import Invocation
from rjkernel.display.formatter import expand
from rjkernel.display.properties import Selection, default_alignment
from rjkernel.display.table import Align
from rjkernel.display.views import Column
from rjkernel.errors import PSError
from rjkernel.values import operators as ops
from rjkernel.values.composite import format_value
from rjkernel.values.members import get_property
from rjkernel.values.objects import MISSING, Hashtable, ScriptBlockValue

_LABEL_KEYS = ("Label", "L", "Name", "N")
_EXPRESSION_KEYS = ("Expression", "E")
_ALIGNMENTS = {"left": Align.LEFT, "right": Align.RIGHT, "center": Align.CENTER}


def _entry(spec: Hashtable, keys: Sequence[str]) -> Any:
    return next((spec[key] for key in keys if key in spec), None)


async def format_selection(inv: Invocation, items: Sequence[Any]) -> Selection | None:
    """The ``-Property`` argument as the display's selection, None when not given."""
    given = inv.get("Property")
    if given is None:
        return None
    selection: list[str | Column] = []
    for spec in ops.to_list(given):
        if isinstance(spec, Hashtable):
            selection.append(await calculated_column(inv, spec, items))
        else:
            selection.append(ops.to_string(spec))
    return selection


async def calculated_column(inv: Invocation, spec: Hashtable, items: Sequence[Any]) -> Column:
    """One ``@{…}`` entry as a column whose values are already computed for ``items``."""
    expression = _entry(spec, _EXPRESSION_KEYS)
    if expression is None:
        raise PSError(inv.error_record(
            "A calculated property needs an Expression key (@{Label='x'; Expression={…}}).",
            "DictionaryKeyMissingKey", "InvalidArgument"))
    label = _entry(spec, _LABEL_KEYS)
    fmt = _entry(spec, ("FormatString",))
    align = _entry(spec, ("Alignment",))
    values: dict[int, Any] = {}
    first: Any = MISSING
    for item in (one for obj in items for one in expand(obj)):
        value = await _value(inv, expression, item)
        first = value if first is MISSING else first
        if fmt is not None and value is not None:
            value = format_value(value, ops.to_string(fmt))
        values[id(item)] = value
    return Column(
        ops.to_string(expression if label is None else label),
        width=int(ops.to_number(_entry(spec, ("Width",)) or 0)),
        # aligned by the value before FormatString made it text (numbers right)
        align=default_alignment(first) if align is None else
        _ALIGNMENTS.get(ops.to_string(align).lower(), Align.LEFT),
        getter=lambda obj, _props: values.get(id(obj), MISSING),
    )


async def _value(inv: Invocation, expression: Any, item: Any) -> Any:
    if isinstance(expression, ScriptBlockValue):
        out = await inv.context.invoke_block(expression, underscore=item)
        return None if not out else out[0] if len(out) == 1 else out
    value = get_property(item, ops.to_string(expression))
    return None if value is MISSING else value
