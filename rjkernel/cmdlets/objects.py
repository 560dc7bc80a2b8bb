"""The object cmdlets job work leans on: Where-Object, Select-Object, ForEach-Object,
and the Write-*/Out-Null/Start-Sleep family (sorting and grouping: ``ordering``).

Script blocks given to these are PowerShell expressions evaluated locally with ``$_``
set (design.md), unlike Start-Job/Invoke-Command blocks, which are shell. Text from
shells and jobs arrives as chunks; these cmdlets see it as lines.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator, Mapping
from dataclasses import replace
from typing import Any

from rjkernel.cmdlets.base import Invocation, implements
from rjkernel.errors import ErrorRecord, PSError
from rjkernel.values import operators as ops
from rjkernel.values.conversion import dotnet_type_of
from rjkernel.values.enums import ConsoleColor
from rjkernel.values.members import call as call_method
from rjkernel.values.members import find_method, get_property, properties_of
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
            keep = ops.is_true(await inv.context.invoke_block(block, underscore=item))
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
    member = inv.get("MemberName")
    if member is not None:
        async for item in input_objects(inv):
            for v in ops.to_list(await _member_of(inv, item, ops.to_string(member))):
                yield v
        return
    begin, process, end = _script_roles(inv)
    if begin is not None:
        for out in await inv.context.invoke_block(begin):
            yield out
    items = input_objects(inv) if inv.input is not None or inv.has("InputObject") \
        else _once()
    async for item in items:
        for block in process:
            for out in await inv.context.invoke_block(block, underscore=item):
                yield out
    if end is not None:
        for out in await inv.context.invoke_block(end):
            yield out


async def _member_of(inv: Invocation, item: Any, name: str) -> Any:
    """``ForEach-Object Name``, as ForEachObjectCommand does it: with -ArgumentList a
    method call; else a property (a hashtable's key too), else a method of that name
    called without arguments (``'a' | % ToUpper``); a method's failure is the object's
    non-terminating error."""
    args = ops.to_list(inv.get("ArgumentList"))
    if not args and (get_property(item, name) is not MISSING or find_method(item, name)
                     is None):
        return await inv.context.member(item, name)
    try:
        return call_method(item, name, args)
    except PSError as exc:
        inv.write_error(replace(exc.record, target=item))
        return None


async def _once() -> AsyncIterator[Any]:
    """No pipeline input and no -InputObject: the process blocks run once, with $_
    $null, as ``ForEach-Object { 'x' }`` prints x once in PowerShell."""
    yield None


def _script_roles(
    inv: Invocation,
) -> tuple[ScriptBlockValue | None, list[ScriptBlockValue], ScriptBlockValue | None]:
    """Begin, process and end blocks, as ForEachObjectCommand assigns them: -Begin comes
    first in the list of blocks, then -Process and -RemainingScripts; of two or more, the
    first is the begin block, and of three or more (without -End) the last is the end."""
    scripts: list[ScriptBlockValue] = []
    if inv.has("Begin"):
        scripts.append(inv.get("Begin"))
    scripts += ops.to_list(inv.get("Process")) + ops.to_list(inv.get("RemainingScripts"))
    start = 1 if len(scripts) > 1 else 0
    if inv.has("End"):
        stop, end = len(scripts), inv.get("End")
    elif len(scripts) > 2:
        stop, end = len(scripts) - 1, scripts[-1]
    else:
        stop, end = len(scripts), None
    begin = scripts[0] if stop >= 2 else None
    return begin, [b for b in scripts[start:stop] if b is not None], end


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
        out = await inv.context.invoke_block(expr, underscore=item)
        value = None if not out else out[0] if len(out) == 1 else out
    else:
        value = get_property(item, ops.to_string(expr))
        value = None if value is MISSING else value
    return ops.to_string(name), value


class _SelectQueue:
    """PowerShell's SelectObjectQueue: which input objects -First, -Last and -Skip let
    through, and when (streamed as they come where possible)."""

    def __init__(self, first: int, last: int, skip: int, limited: bool) -> None:
        self.first, self.last, self.skip, self.limited = first, last, skip, limited
        self.queue: deque[Any] = deque()
        self.streamed = 0

    def push(self, obj: Any) -> Any:
        """Queue ``obj``; return an object to process now, or MISSING."""
        if self.last > 0 and len(self.queue) >= self.last + (
                self.skip if self.first == 0 else 0):
            self.queue.popleft()
        self.queue.append(obj)
        if self.skip == 0:
            if self.streamed < self.first or not self.limited:
                self.streamed += 1
                return self.queue.popleft()
            if self.last == 0:
                self.queue.popleft()
        elif self.last == 0 or self.first != 0:
            self.queue.popleft()
            self.skip -= 1
        return MISSING

    def rest(self) -> list[Any]:
        """What the end of the input releases."""
        if self.first != 0:
            return list(self.queue)
        kept = len(self.queue) - self.skip
        return list(self.queue)[: max(0, kept)]


async def _selected(inv: Invocation, item: Any, properties: list[Any],
                    excluded: list[str]) -> Any:
    pairs: list[tuple[str, Any]] = []
    for spec in properties:
        if isinstance(spec, Hashtable):
            pairs.append(await _calculated(inv, item, spec))
        else:
            pairs.extend(_select_property(item, spec))
    if excluded:
        pairs = [(k, v) for k, v in pairs if not any(ops.like(k, e) for e in excluded)]
    unique: dict[str, tuple[str, Any]] = {}
    for name, value in pairs:
        if name.lower() in unique:
            inv.write_error(inv.error_record(
                f'The property cannot be processed because the property "{name}" already '
                "exists.", "AlreadyExistingUserSpecifiedPropertyNoExpand", "InvalidOperation"))
            continue
        unique[name.lower()] = (name, value)
    type_names = getattr(item, "type_names", None) or (dotnet_type_of(item),)
    return PSObject(unique.values(), (f"Selected.{type_names[0]}",))


def _with_notes(obj: Any, notes: Mapping[str, Any]) -> Any:
    """An expanded custom object with the selected properties added after its own
    (Select-Object reference, -ExpandProperty: "the specified properties are added to
    the expanded objects"); other values pass as they are."""
    if not isinstance(obj, PSObject):
        return obj
    own = obj.properties
    return PSObject([*own.items(), *((k, v) for k, v in notes.items() if k not in own)],
                    obj.type_names)


@implements("Select-Object")
async def select_object(inv: Invocation) -> AsyncIterator[Any]:
    expand = inv.get("ExpandProperty")
    properties = ops.to_list(inv.get("Property"))
    excluded = [ops.to_string(e) for e in ops.to_list(inv.get("ExcludeProperty"))]
    if excluded and not properties:
        properties = ["*"]
    unique = inv.switch("Unique")
    case = not inv.switch("CaseInsensitive")
    uniques: list[Any] = []

    async def process(item: Any) -> AsyncIterator[Any]:
        if expand is not None:
            produced = ops.to_list(await inv.context.member(item, ops.to_string(expand)))
            if properties:  # -Property with -ExpandProperty: notes on each expanded object
                notes = (await _selected(inv, item, properties, excluded)).properties
                produced = [_with_notes(obj, notes) for obj in produced]
        elif properties:
            produced = [await _selected(inv, item, properties, excluded)]
        else:
            produced = [item]
        for obj in produced:
            if not unique:
                yield obj
            elif not any(_same(obj, seen, case) for seen in uniques):
                uniques.append(obj)

    if inv.set_name == "IndexParameter":
        wanted = {int(i) for i in ops.to_list(inv.get("Index"))}
        position = 0
        async for item in input_objects(inv):
            if position in wanted:
                async for obj in process(item):
                    yield obj
            position += 1
    elif inv.set_name == "SkipLastParameter":
        held: deque[Any] = deque()
        count = int(inv.get("SkipLast", 0))
        async for item in input_objects(inv):
            held.append(item)
            if len(held) > count:
                async for obj in process(held.popleft()):
                    yield obj
    else:
        first, last = int(inv.get("First", 0) or 0), int(inv.get("Last", 0) or 0)
        queue = _SelectQueue(first, last, int(inv.get("Skip", 0) or 0),
                             inv.has("First") or inv.has("Last"))
        async for item in input_objects(inv):
            ready = queue.push(item)
            if ready is not MISSING:
                async for obj in process(ready):
                    yield obj
        for item in queue.rest():
            async for obj in process(item):
                yield obj
    for obj in uniques:
        yield obj


def _same(a: Any, b: Any, case: bool) -> bool:
    """Select-Object -Unique: equal values, and for selected objects equal properties."""
    if isinstance(a, PSObject) and isinstance(b, PSObject):
        pa, pb = a.properties, b.properties
        return len(pa) == len(pb) and all(
            k in pb and ops.equals(v, pb[k], case) for k, v in pa.items())
    return ops.equals(a, b, case)


# ---------------------------------------------------------------------- Write-* / Out-Null


@implements("Write-Output")
async def write_output(inv: Invocation) -> AsyncIterator[Any]:
    """``-NoEnumerate`` sends an array argument on as one object (``.Count`` 1 after the
    pipe), as Write-Output's reference page shows with Measure-Object."""
    if inv.input is not None:
        async for item in inv.input:
            yield item
    value = inv.get("InputObject")
    if inv.switch("NoEnumerate") and isinstance(value, (list, tuple)):
        yield list(value)
        return
    for item in ops.to_list(value):
        yield item


# The escape sequences PowerShell writes for each ConsoleColor (VTUtils.cs); a
# background color is the foreground's code plus 10.
_ANSI_FOREGROUND = {
    ConsoleColor.Black: 30, ConsoleColor.DarkRed: 31, ConsoleColor.DarkGreen: 32,
    ConsoleColor.DarkYellow: 33, ConsoleColor.DarkBlue: 34, ConsoleColor.DarkMagenta: 35,
    ConsoleColor.DarkCyan: 36, ConsoleColor.Gray: 37, ConsoleColor.DarkGray: 90,
    ConsoleColor.Red: 91, ConsoleColor.Green: 92, ConsoleColor.Yellow: 93,
    ConsoleColor.Blue: 94, ConsoleColor.Magenta: 95, ConsoleColor.Cyan: 96,
    ConsoleColor.White: 97,
}
_ANSI_RESET = "\x1b[0m"


def host_text(value: Any, separator: str) -> str:
    """Write-Host's text of one object: collections unrolled (nested ones too) with the
    separator between their items, ``$null`` as nothing (WriteConsoleCmdlet.cs)."""
    if isinstance(value, (list, tuple)):
        return separator.join(host_text(item, separator) for item in value)
    return ops.to_string(value)


@implements("Write-Host")
async def write_host(inv: Invocation) -> AsyncIterator[Any]:
    separator = ops.to_string(inv.get("Separator", " "))
    # One line per pipeline object; without input one line, empty when there is no -Object.
    objects = [inv.get("Object")] if inv.input is None else [i async for i in inv.input]
    codes = "".join(
        f"\x1b[{_ANSI_FOREGROUND[color] + offset}m"
        for name, offset in (("ForegroundColor", 0), ("BackgroundColor", 10))
        if (color := inv.get(name)) is not None
    )
    end = "" if inv.switch("NoNewline") else "\n"
    for value in objects:
        text = host_text(value, separator)
        inv.host.write_text(f"{codes}{text}{_ANSI_RESET}{end}" if codes else text + end)
    return
    yield  # pragma: no cover


@implements("Write-Error", per_record=True)
async def write_error(inv: Invocation) -> AsyncIterator[Any]:
    message = ops.to_string(inv.get("Message"))
    error_id = ops.to_string(inv.get("ErrorId") or
                             "Microsoft.PowerShell.Commands.WriteErrorException")
    function = inv.context.function_name  # inside a function the error is the function's
    inv.write_error(ErrorRecord(
        message=message, error_id=f"{error_id},{function}" if function else error_id,
        category=ops.to_string(inv.get("Category") or "NotSpecified"),
        command=function or "Write-Error",
    ))
    return
    yield  # pragma: no cover


@implements("Write-Warning", per_record=True)
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


@implements("Start-Sleep", per_record=True)
async def start_sleep(inv: Invocation) -> AsyncIterator[Any]:
    seconds = float(ops.to_number(inv.get("Seconds", 0) or 0))
    seconds += float(ops.to_number(inv.get("Milliseconds", 0) or 0)) / 1000
    await asyncio.sleep(max(0.0, seconds))
    return
    yield  # pragma: no cover
