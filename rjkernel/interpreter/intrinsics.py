"""The intrinsic ``.Where()`` and ``.ForEach()`` methods every value has (about_Arrays,
"Where" and "ForEach"): ``$jobs.Where({ $_.State -eq 'Failed' })``,
``$hosts.ForEach({ "$_.example.com" })``, ``$jobs.ForEach('Name')``.

They run script blocks, so they live here rather than in the value model. A value whose
own type has a method of that name keeps it. Both return a
``Collection[PSObject]`` — an array here — even for one result or none.
"""

from __future__ import annotations

from typing import Any

from rjkernel.errors import ErrorRecord, PSError, SourceSpan
from rjkernel.interpreter.blocks import invoke_block
from rjkernel.interpreter.evaluator import Evaluator
from rjkernel.values import members, types
from rjkernel.values import operators as ops
from rjkernel.values.conversion import dotnet_type_of
from rjkernel.values.objects import MISSING, ScriptBlockValue


class PSObjectCollection(list[Any]):
    """What ``.Where()``/``.ForEach()`` return."""

    type_names = ("System.Collections.ObjectModel.Collection`1"
                  "[System.Management.Automation.PSObject]", "System.Object")


_MODES = ("Default", "First", "Last", "SkipUntil", "Until", "Split")


def applies(target: Any, method: str, args: list[Any]) -> bool:
    """Whether ``target.method(args)`` is the intrinsic method."""
    name = method.lower()
    if name not in ("where", "foreach") or target is None or not args:
        return False
    return members.find_method(target, method) is None


async def call(ev: Evaluator, target: Any, method: str, args: list[Any],
               span: SourceSpan) -> Any:
    items = list(target) if isinstance(target, (list, tuple)) else [target]
    try:
        if method.lower() == "where":
            return await _where(ev, items, args)
        return await _foreach(ev, items, args)
    except PSError as exc:
        raise PSError(exc.record.with_position(span)) from None


async def _where(ev: Evaluator, items: list[Any], args: list[Any]) -> Any:
    block = args[0]
    if not isinstance(block, ScriptBlockValue):
        raise _argument_error("Where", "expression", block,
                              "System.Management.Automation.ScriptBlock",
                              f'Cannot convert the "{ops.to_string(block)}" value of type '
                              f'"{dotnet_type_of(block)}" to type '
                              '"System.Management.Automation.ScriptBlock".')
    mode = _mode(args[1]) if len(args) > 1 else "Default"
    count = int(ops.to_number(args[2])) if len(args) > 2 else 0

    async def matches(item: Any) -> bool:
        return ops.is_true(await invoke_block(ev, block, underscore=item))

    chosen, rest = PSObjectCollection(), PSObjectCollection()
    if mode in ("Default", "First", "Split"):
        limit = 1 if mode == "First" and count == 0 else count
        for item in items:
            if (limit == 0 or len(chosen) < limit) and await matches(item):
                chosen.append(item)
                if mode == "First" and len(chosen) == limit:
                    break
            elif mode == "Split":
                rest.append(item)
        return PSObjectCollection([chosen, rest]) if mode == "Split" else chosen
    if mode == "Last":
        hits = [item for item in items if await matches(item)]
        return PSObjectCollection(hits[-(count or 1):])
    position = len(items)
    for i, item in enumerate(items):
        if await matches(item):
            position = i
            break
    picked = items[position:] if mode == "SkipUntil" else items[:position]
    return PSObjectCollection(picked[:count] if count else picked)


def _mode(value: Any) -> str:
    text = ops.to_string(value)
    found = next((m for m in _MODES if m.lower() == text.strip().lower()), None)
    if found is None:
        enum = "System.Management.Automation.WhereOperatorSelectionMode"
        raise _argument_error("Where", "mode", value, enum, (
            f'Cannot convert value "{text}" to type "{enum}". Error: "Unable to match the '
            f"identifier name {text} to a valid enumerator name. Specify one of the "
            f'following enumerator names and try again:\n{", ".join(_MODES)}"'))
    return found


async def _foreach(ev: Evaluator, items: list[Any], args: list[Any]) -> Any:
    what, rest = args[0], args[1:]
    out = PSObjectCollection()
    for item in items:
        if isinstance(what, ScriptBlockValue):
            out.extend(await invoke_block(ev, what, underscore=item, args=rest))
        elif isinstance(what, types.TypeValue):
            out.append(types.cast(what.full_name, item))
        elif rest or _is_method(item, ops.to_string(what)):
            result = members.call(item, ops.to_string(what), rest)
            if result is not None:
                out.append(result)
        else:  # a property's value, as it is: one element per item (MiscOps.ForEach)
            value = members.get_property(item, ops.to_string(what))
            out.append(None if value is MISSING else value)
    return out


def _is_method(item: Any, name: str) -> bool:
    """``.ForEach('Name')`` reads a property, or calls a method when there is no such
    property but a method of that name."""
    return members.get_property(item, name) is MISSING and \
        members.find_method(item, name) is not None


def _argument_error(method: str, parameter: str, value: Any, type_name: str,
                    reason: str) -> PSError:
    return PSError(ErrorRecord(
        message=f'Cannot convert argument "{parameter}", with value: '
                f'"{ops.to_string(value)}", for "{method}" to type "{type_name}": "{reason}"',
        error_id="MethodArgumentConversionInvalidCastArgument", category="NotSpecified",
        exception="System.Management.Automation.MethodException"))
