"""The object cmdlets job work leans on: Where-Object, Select-Object, ForEach-Object,
Sort-Object, Measure-Object, and the Write-*/Out-Null/Start-Sleep family.

Script blocks given to these are PowerShell expressions evaluated locally with ``$_``
set (design.md), unlike Start-Job/Invoke-Command blocks, which are shell. Text from
shells and jobs arrives as chunks; these cmdlets see it as lines.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from rjkernel.cmdlets.base import Invocation, implements
from rjkernel.errors import ErrorRecord
from rjkernel.values import operators as ops
from rjkernel.values.members import get_property, properties_of
from rjkernel.values.objects import (
    MISSING,
    Hashtable,
    PSObject,
    ScriptBlockValue,
    TextChunk,
    TextLines,
)


async def input_objects(inv: Invocation) -> AsyncIterator[Any]:
    """Pipeline input (or ``-InputObject``) as objects: text chunks become lines."""
    if inv.input is None:
        for item in ops.to_list(inv.get("InputObject")):
            yield item
        return
    lines = TextLines()
    async for item in inv.input:
        if isinstance(item, TextChunk):
            for line in lines.feed(item):
                yield line
        else:
            for line in lines.flush():
                yield line
            yield item
    for line in lines.flush():
        yield line


async def input_lines(inv: Invocation) -> list[str] | None:
    """``-InputObject``/pipeline input as lines of text for a shell's stdin (or None)."""
    if inv.input is None and not inv.has("InputObject"):
        return None
    return [ops.to_string(item) async for item in input_objects(inv)]


# ---------------------------------------------------------------------- Where-Object

_WHERE_OPERATORS = (
    "EQ", "NE", "GT", "GE", "LT", "LE", "Like", "NotLike", "Match", "NotMatch", "Contains",
    "NotContains", "In", "NotIn", "CEQ", "CNE", "CGT", "CGE", "CLT", "CLE", "CLike",
    "CNotLike", "CMatch", "CNotMatch", "CContains", "CNotContains", "CIn", "CNotIn", "Is",
    "IsNot", "Not",
)


@implements("Where-Object")
async def where_object(inv: Invocation) -> AsyncIterator[Any]:
    block: ScriptBlockValue | None = inv.get("FilterScript")
    op = next((o for o in _WHERE_OPERATORS if inv.switch(o)), None)
    prop = inv.get("Property")
    value = inv.get("Value", True)
    async for item in input_objects(inv):
        if block is not None:
            keep = ops.is_true(await inv.evaluator.invoke_block(block, underscore=item))
        else:
            actual = get_property(item, ops.to_string(prop))
            actual = None if actual is MISSING else actual
            if op is None:
                keep = ops.is_true(actual)
            elif op == "Not":
                keep = not ops.is_true(actual)
            else:
                result = ops.compare("-" + op.lower(), actual, value)
                keep = ops.is_true(result)
        if keep:
            yield item


# ---------------------------------------------------------------------- ForEach-Object


@implements("ForEach-Object")
async def foreach_object(inv: Invocation) -> AsyncIterator[Any]:
    blocks: list[ScriptBlockValue] = ops.to_list(inv.get("Process"))
    member = inv.get("MemberName")
    async for item in input_objects(inv):
        if member is not None:
            value = await inv.evaluator.member(item, ops.to_string(member))
            for v in ops.to_list(value):
                yield v
            continue
        for block in blocks:
            for out in await inv.evaluator.invoke_block(block, underscore=item):
                yield out


# ---------------------------------------------------------------------- Select-Object


def _select_property(item: Any, spec: Any) -> list[tuple[str, Any]]:
    """One ``-Property`` entry: a name (wildcards allowed) or ``@{n='x'; e={…}}``."""
    if isinstance(spec, Hashtable):
        return []
    name = ops.to_string(spec)
    props = properties_of(item)
    if ops.has_wildcards(name):
        return [(k, v) for k, v in props.items() if ops.like(k, name)]
    value = get_property(item, name)
    return [(name, None if value is MISSING else value)]


async def _calculated(inv: Invocation, item: Any, spec: Hashtable) -> tuple[str, Any]:
    name = next((spec[k] for k in ("Name", "N", "Label", "L") if k in spec), "")
    expr = next((spec[k] for k in ("Expression", "E") if k in spec), None)
    if isinstance(expr, ScriptBlockValue):
        out = await inv.evaluator.invoke_block(expr, underscore=item)
        value = None if not out else out[0] if len(out) == 1 else out
    else:
        value = get_property(item, ops.to_string(expr))
        value = None if value is MISSING else value
    return ops.to_string(name), value


@implements("Select-Object")
async def select_object(inv: Invocation) -> AsyncIterator[Any]:
    first = inv.get("First")
    last = inv.get("Last")
    skip = int(inv.get("Skip", 0) or 0)
    expand = inv.get("ExpandProperty")
    properties = ops.to_list(inv.get("Property"))
    unique = inv.switch("Unique")
    seen: list[Any] = []
    tail: list[Any] = []
    count = 0
    async for item in input_objects(inv):
        if skip:
            skip -= 1
            continue
        if expand is not None:
            value = await inv.evaluator.member(item, ops.to_string(expand))
            produced = ops.to_list(value)
        elif properties:
            pairs: list[tuple[str, Any]] = []
            for spec in properties:
                if isinstance(spec, Hashtable):
                    pairs.append(await _calculated(inv, item, spec))
                else:
                    pairs.extend(_select_property(item, spec))
            type_names = getattr(item, "type_names", None) or (type(item).__name__,)
            produced = [PSObject(pairs, (f"Selected.{type_names[0]}",))]
        else:
            produced = [item]
        for obj in produced:
            if unique:
                if any(ops.equals(obj, s) for s in seen):
                    continue
                seen.append(obj)
            if last is not None:
                tail.append(obj)
                tail = tail[-int(last):] if int(last) > 0 else []
                continue
            if first is not None and count >= int(first):
                continue  # PowerShell drains the input anyway (#15234): keep reading
            count += 1
            yield obj
    for obj in tail:
        yield obj


# ---------------------------------------------------------------------- Sort / Measure


@implements("Sort-Object")
async def sort_object(inv: Invocation) -> AsyncIterator[Any]:
    items = [i async for i in input_objects(inv)]
    props = [ops.to_string(p) for p in ops.to_list(inv.get("Property"))]

    def key(item: Any) -> Any:
        values = [get_property(item, p) for p in props] if props else [item]
        return [_sort_key(v) for v in values]

    items.sort(key=key, reverse=inv.switch("Descending"))
    if inv.switch("Unique"):
        unique: list[Any] = []
        for item in items:
            if not any(ops.equals(key(item), key(u)) for u in unique):
                unique.append(item)
        items = unique
    for item in items:
        yield item


def _sort_key(value: Any) -> tuple[int, Any]:
    if value is MISSING or value is None:
        return (0, "")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (1, value)
    return (2, ops.to_string(value).lower())


@implements("Measure-Object")
async def measure_object(inv: Invocation) -> AsyncIterator[Any]:
    prop = inv.get("Property")
    values: list[Any] = []
    count = 0
    async for item in input_objects(inv):
        count += 1
        if prop is not None:
            v = get_property(item, ops.to_string(prop))
            if v is not MISSING and v is not None:
                values.append(ops.to_number(v))
        else:
            values.append(item)
    numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    result: list[tuple[str, Any]] = [("Count", count)]
    result.append(("Average", sum(numbers) / len(numbers) if inv.switch("Average") and numbers
                   else None))
    result.append(("Sum", sum(numbers) if inv.switch("Sum") else None))
    result.append(("Maximum", max(numbers) if inv.switch("Maximum") and numbers else None))
    result.append(("Minimum", min(numbers) if inv.switch("Minimum") and numbers else None))
    result.append(("Property", ops.to_string(prop) if prop is not None else None))
    yield PSObject(result, ("Microsoft.PowerShell.Commands.GenericMeasureInfo",))


# ---------------------------------------------------------------------- Write-* / Out-Null


@implements("Write-Output")
async def write_output(inv: Invocation) -> AsyncIterator[Any]:
    if inv.input is not None:
        async for item in inv.input:
            yield item
    for item in ops.to_list(inv.get("InputObject")):
        yield item


@implements("Write-Host")
async def write_host(inv: Invocation) -> AsyncIterator[Any]:
    separator = ops.to_string(inv.get("Separator", " "))
    text = separator.join(ops.to_string(o) for o in ops.to_list(inv.get("Object")))
    inv.host.write_text(text + ("" if inv.switch("NoNewline") else "\n"))
    return
    yield  # pragma: no cover


@implements("Write-Error")
async def write_error(inv: Invocation) -> AsyncIterator[Any]:
    message = ops.to_string(inv.get("Message"))
    inv.write_error(ErrorRecord(
        message=message, error_id=ops.to_string(inv.get("ErrorId") or
                                                "Microsoft.PowerShell.Commands.WriteErrorException"),
        category=ops.to_string(inv.get("Category") or "NotSpecified"), command="Write-Error",
    ))
    return
    yield  # pragma: no cover


@implements("Write-Warning")
async def write_warning(inv: Invocation) -> AsyncIterator[Any]:
    inv.host.write_warning(ops.to_string(inv.get("Message")))
    return
    yield  # pragma: no cover


@implements("Out-Null")
async def out_null(inv: Invocation) -> AsyncIterator[Any]:
    if inv.input is not None:
        async for _ in inv.input:
            pass
    return
    yield  # pragma: no cover


@implements("Start-Sleep")
async def start_sleep(inv: Invocation) -> AsyncIterator[Any]:
    seconds = float(ops.to_number(inv.get("Seconds", 0) or 0))
    seconds += float(ops.to_number(inv.get("Milliseconds", 0) or 0)) / 1000
    await asyncio.sleep(max(0.0, seconds))
    return
    yield  # pragma: no cover


@implements("Get-Variable")
async def get_variable(inv: Invocation) -> AsyncIterator[Any]:
    variables = inv.runspace.variables
    patterns = [ops.to_string(n) for n in ops.to_list(inv.get("Name"))] or ["*"]
    for name in sorted(variables.names(), key=str.lower):
        if any(ops.like(name, p) for p in patterns):
            value = variables.get(name)
            if inv.switch("ValueOnly"):
                yield value
            else:
                yield PSObject([("Name", name), ("Value", value)],
                               ("System.Management.Automation.PSVariable",))
    for p in patterns:
        if not ops.has_wildcards(p) and p not in variables:
            inv.write_error(inv.error_record(
                f"Cannot find a variable with the name '{p}'.", "VariableNotFound",
                "ObjectNotFound", target=p,
            ))
