"""Sort-Object, Group-Object, Compare-Object and Get-Unique: the cmdlets that compare
objects by their property values.

They share PowerShell's ``OrderByProperty`` rules (OrderObjectBase.cs,
ObjectCommandComparer.cs):

- ``-Property`` entries are names (wildcards allowed), script blocks evaluated with
  ``$_``, or hashtables ``@{Expression=…; Descending=$true}``; without ``-Property`` an
  object is compared as itself.
- Values compare as PowerShell compares them: ``$null`` first, numbers numerically,
  strings by culture ignoring case (``-CaseSensitive``: lower case first), other pairs
  by converting the right value to the left's type, else as text. An object that lacks
  the property sorts after every object that has it.
- Group-Object orders its groups by their values when every value has the same type,
  else keeps the order in which the groups first appeared; a group's ``Name`` is its
  values joined with ``, ``.
- Compare-Object walks the two lists as PowerShell does (a reference object matched
  against the difference object at the same index, then against backlogs), so its
  output order is PowerShell's: ``==`` as matches are found, then the unmatched
  ``=>`` and ``<=`` objects.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rjkernel.cmdlets.base import Invocation, implements
from rjkernel.cmdlets.objects import input_objects
from rjkernel.errors import PSError
from rjkernel.values import numbers
from rjkernel.values import operators as ops
from rjkernel.values.conversion import dotnet_type_of
from rjkernel.values.members import call, get_property, properties_of
from rjkernel.values.objects import MISSING, Hashtable, PSObject, ScriptBlockValue

# ---------------------------------------------------------------------- comparing values


def compare_values(a: Any, b: Any, case: bool = False) -> int:
    """PowerShell's comparison of two property values (LanguagePrimitives.TryCompare,
    falling back to text)."""
    if a is None and b is None:
        return 0
    if a is None:
        return -1
    if b is None:
        return 1
    if numbers.is_number(a) or isinstance(a, bool):
        try:
            x, y = ops.to_number(a), ops.to_number(b)
            return (x > y) - (x < y)
        except PSError:
            pass
    elif not isinstance(a, str):
        try:
            return ops.order(a, b, case)
        except (PSError, TypeError):
            pass
    return compare_text(ops.to_string(a), ops.to_string(b), case)


def compare_text(a: str, b: str, case: bool = False) -> int:
    """Culture order: letters compare ignoring case; with ``case``, lower case first."""
    x, y = a.casefold(), b.casefold()
    if x != y:
        return (x > y) - (x < y)
    if not case or a == b:
        return 0
    return (a.swapcase() > b.swapcase()) - (a.swapcase() < b.swapcase())


# ---------------------------------------------------------------------- -Property


@dataclass(frozen=True)
class OrderKey:
    """One ``-Property`` entry: how to get the value, its label, its direction."""

    name: str | None = None
    block: ScriptBlockValue | None = None
    label: str = ""
    descending: bool | None = None


def order_keys(inv: Invocation, specs: Sequence[Any]) -> list[OrderKey]:
    keys: list[OrderKey] = []
    for spec in specs:
        if isinstance(spec, ScriptBlockValue):
            keys.append(OrderKey(block=spec, label=spec.text.strip()))
        elif isinstance(spec, Hashtable):
            expression = _entry(spec, "expression", "e")
            descending = _entry(spec, "descending", "d")
            ascending = _entry(spec, "ascending", "a")
            direction = ops.is_true(descending) if descending is not MISSING else (
                not ops.is_true(ascending) if ascending is not MISSING else None)
            if isinstance(expression, ScriptBlockValue):
                keys.append(OrderKey(block=expression, label=expression.text.strip(),
                                     descending=direction))
            else:
                name = ops.to_string(expression)
                keys.append(OrderKey(name=name, label=name, descending=direction))
        else:
            name = ops.to_string(spec)
            keys.append(OrderKey(name=name, label=name))
    return keys


def _entry(table: Hashtable, *names: str) -> Any:
    for key in table:
        low = str(key).lower()
        if any(low == n or (len(low) >= len(n) and n.startswith(low)) for n in names):
            return table[key]
    return MISSING


async def key_values(inv: Invocation, item: Any, keys: Sequence[OrderKey]) -> list[Any]:
    """The item's values for the keys (MISSING for a property it lacks)."""
    if not keys:
        return [item]
    values: list[Any] = []
    for key in keys:
        if key.block is not None:
            out = await inv.context.invoke_block(key.block, underscore=item)
            values.append(None if not out else out[0] if len(out) == 1 else out)
        elif key.name is not None and ops.has_wildcards(key.name):
            matched = [v for k, v in properties_of(item).items() if ops.like(k, key.name)]
            values.append(matched[0] if matched else MISSING)
        else:
            values.append(get_property(item, key.name or ""))
    return values


def compare_rows(a: Sequence[Any], b: Sequence[Any], keys: Sequence[OrderKey],
                 descending: bool, case: bool) -> int:
    for index, (x, y) in enumerate(zip(a, b, strict=True)):
        if x is MISSING or y is MISSING:
            result = 0 if x is y else (1 if x is MISSING else -1)
            if result:
                return result
            continue
        result = compare_values(x, y, case)
        if result:
            key = keys[index] if index < len(keys) else None
            down = descending if key is None or key.descending is None else key.descending
            return -result if down else result
    return 0


Row = tuple[list[Any], Any]


def _row_order(keys: Sequence[OrderKey], case: bool, descending: bool = False
               ) -> Callable[[Row, Row], int]:
    def order(a: Row, b: Row) -> int:
        return compare_rows(a[0], b[0], keys, descending, case)

    return order


# ---------------------------------------------------------------------- Sort-Object


@implements("Sort-Object")
async def sort_object(inv: Invocation) -> AsyncIterator[Any]:
    keys = order_keys(inv, ops.to_list(inv.get("Property")))
    case = inv.switch("CaseSensitive")
    descending = inv.switch("Descending")
    rows = [(await key_values(inv, item, keys), item) async for item in input_objects(inv)]

    rows.sort(key=functools.cmp_to_key(_row_order(keys, case, descending)))
    if inv.switch("Unique"):
        unique: list[tuple[list[Any], Any]] = []
        for row in rows:
            if not unique or compare_rows(unique[-1][0], row[0], keys, False, case) != 0:
                unique.append(row)
        rows = unique
    top, bottom = inv.get("Top"), inv.get("Bottom")
    if top is not None:
        rows = rows[: int(top)]
    elif bottom is not None:
        rows = rows[-int(bottom):] if int(bottom) > 0 else []
    for _, item in rows:
        yield item


# ---------------------------------------------------------------------- Group-Object

GROUP_INFO = "Microsoft.PowerShell.Commands.GroupInfo"
GROUP_INFO_NO_ELEMENT = "Microsoft.PowerShell.Commands.GroupInfoNoElement"


class GroupInfo:
    """One group: ``Count``, ``Name``, ``Group`` (the objects) and ``Values``."""

    def __init__(self, values: list[Any], first: Any, no_element: bool) -> None:
        self.values = values
        self.items = [first]
        self.no_element = no_element
        self.type_names = (GROUP_INFO_NO_ELEMENT, GROUP_INFO) if no_element else (GROUP_INFO,)

    @property
    def name(self) -> str:
        return ", ".join(_name_part(v) for v in self.values if v is not None and v is not MISSING)

    def ps_properties(self) -> dict[str, Any]:
        props: dict[str, Any] = {"Values": [None if v is MISSING else v for v in self.values],
                                 "Count": len(self.items)}
        if not self.no_element:
            props["Group"] = list(self.items)
        props["Name"] = self.name
        return props

    def ps_property_definitions(self) -> dict[str, str]:
        """Get-Member's Definition of each property (GroupInfo's .NET types)."""
        return {"Count": "int Count {get;}",
                "Group": "System.Collections.ObjectModel.Collection[psobject] Group {get;}",
                "Name": "string Name {get;}",
                "Values": "System.Collections.ArrayList Values {get;}"}

    def __str__(self) -> str:
        return GROUP_INFO_NO_ELEMENT if self.no_element else GROUP_INFO


def _name_part(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "{" + ", ".join(ops.to_string(v) for v in value) + "}"
    return call(value, "ToString", []) if not isinstance(value, str) else value


@implements("Group-Object")
async def group_object(inv: Invocation) -> AsyncIterator[Any]:
    keys = order_keys(inv, ops.to_list(inv.get("Property")))
    case = inv.switch("CaseSensitive")
    no_element = inv.switch("NoElement")
    rows = [(await key_values(inv, item, keys), item) async for item in input_objects(inv)]
    kinds = {type(v) for values, _ in rows for v in values if v is not None and v is not MISSING}
    if len(kinds) <= 1:
        rows.sort(key=functools.cmp_to_key(_row_order(keys, case)))
    groups: list[GroupInfo] = []
    for values, item in rows:
        match = next((g for g in groups if compare_rows(g.values, values, keys, False, case)
                      == 0), None)
        if match is None:
            groups.append(GroupInfo(values, item, no_element))
        else:
            match.items.append(item)
    if not groups:
        return
    if inv.switch("AsHashTable"):
        table: Hashtable = Hashtable()
        for group in groups:
            key = group.name if inv.switch("AsString") else (
                group.values[0] if len(group.values) == 1 else group.values)
            if key in table:
                inv.write_error(inv.error_record(
                    "The objects grouped by this property cannot be expanded because there "
                    "is a key duplication. Provide a valid value for the property, and then "
                    "try again.", "GroupObjectDuplicateKey", "InvalidArgument"))
                return
            table[key] = group.items
        yield table
        return
    for group in groups:
        yield group


# ---------------------------------------------------------------------- Compare-Object


def _has_null(value: Any) -> bool:
    """A null argument, or an array with a null element (the binder's check of a
    mandatory parameter)."""
    if isinstance(value, (list, tuple)):
        return any(item is None for item in value)
    return value is None


@implements("Compare-Object")
async def compare_object(inv: Invocation) -> AsyncIterator[Any]:
    keys = order_keys(inv, ops.to_list(inv.get("Property")))
    case = inv.switch("CaseSensitive")
    window = int(inv.get("SyncWindow", numbers.INT32_MAX))
    include_equal = inv.switch("IncludeEqual") or (
        inv.switch("ExcludeDifferent") and not inv.has("IncludeEqual"))
    exclude_different = inv.switch("ExcludeDifferent")
    pass_thru = inv.switch("PassThru")
    for name in ("ReferenceObject", "DifferenceObject"):
        if inv.has(name) and _has_null(inv.get(name)):  # mandatory, not [AllowNull]
            raise PSError(inv.error_record(
                f"Cannot bind argument to parameter '{name}' because it is null.",
                "ParameterArgumentValidationErrorNullNotAllowed", "InvalidData",
                exception="System.Management.Automation.ParameterBindingValidationException"))
    reference = [(await key_values(inv, o, keys), o) for o in ops.to_list(inv.get(
        "ReferenceObject"))]
    difference = [(await key_values(inv, o, keys), o) async for o in input_objects(inv)] \
        if inv.input is not None else [(await key_values(inv, o, keys), o) for o in ops.to_list(
            inv.get("DifferenceObject"))]
    out: list[Any] = []

    def same(a: tuple[list[Any], Any], b: tuple[list[Any], Any]) -> bool:
        return compare_rows(a[0], b[0], keys, False, case) == 0

    def emit(entry: tuple[list[Any], Any], side: str) -> None:
        if side == "==" and not include_equal:
            return
        if side != "==" and exclude_different:
            return
        if pass_thru:
            item = entry[1]
            if isinstance(item, PSObject):
                item.properties["SideIndicator"] = side
            out.append(item)
            return
        if keys:
            pairs = [(k.label, None if v is MISSING else v) for k, v in zip(keys, entry[0],
                                                                           strict=True)]
        else:
            pairs = [("InputObject", entry[1])]
        out.append(PSObject([*pairs, ("SideIndicator", side)]))

    ref_backlog: list[tuple[list[Any], Any]] = []
    diff_backlog: list[tuple[list[Any], Any]] = []
    index = 0

    def process(diff: tuple[list[Any], Any] | None) -> None:
        nonlocal index
        ref = None
        if index < len(reference):
            ref = reference[index]
            index += 1
        if ref is not None and diff is not None and same(ref, diff):
            emit(ref, "==")
            return
        if diff is not None:
            hit = next((e for e in ref_backlog if same(diff, e)), None)
            if hit is not None:
                ref_backlog.remove(hit)
                emit(hit, "==")
                diff = None
        if ref is not None:
            hit = next((e for e in diff_backlog if same(ref, e)), None)
            if hit is not None:
                diff_backlog.remove(hit)
                emit(ref, "==")
                ref = None
        for entry, backlog, side in ((diff, diff_backlog, "=>"), (ref, ref_backlog, "<=")):
            if entry is None:
                continue
            if window > 0:
                while len(backlog) >= window:
                    emit(backlog.pop(0), side)
                backlog.append(entry)
            else:
                emit(entry, side)

    for entry in difference:
        process(entry)
    while index < len(reference):
        process(None)
    for entry in diff_backlog:
        emit(entry, "=>")
    for entry in ref_backlog:
        emit(entry, "<=")
    for item in out:
        yield item


@implements("Get-Unique")
async def get_unique(inv: Invocation) -> AsyncIterator[Any]:
    """Each object unlike the one before it (GetUnique.cs): compared as objects
    (ObjectCommandComparer, case-sensitive unless -CaseInsensitive), as text with
    -AsString, or by type name with -OnType."""
    case = not inv.switch("CaseInsensitive")
    last: Any = MISSING
    async for item in input_objects(inv):
        if last is not MISSING and _same_as_last(inv, item, last, case):
            continue
        last = item
        yield item


def _same_as_last(inv: Invocation, item: Any, last: Any, case: bool) -> bool:
    if inv.switch("OnType"):
        return _type_name(item) == _type_name(last)
    if inv.switch("AsString"):
        return compare_text(ops.to_string(item), ops.to_string(last), case) == 0
    return compare_values(item, last, case) == 0


def _type_name(value: Any) -> str:
    names = getattr(value, "type_names", None)
    return str(names[0]) if names else dotnet_type_of(value)
