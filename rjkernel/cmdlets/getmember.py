"""Get-Member: the properties and methods of the objects in the pipeline (GetMember.cs).

One ``MemberDefinition`` per member of each distinct type seen (``TypeName``, ``Name``,
``MemberType``, ``Definition``), sorted by member type and then name, as PowerShell
sorts them; the display groups them under ``TypeName: …``. Custom objects list their
note properties with their values (``string Name=web01``); .NET values list the members
rjkernel implements for them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from rjkernel.cmdlets.base import Invocation, implements
from rjkernel.cmdlets.objects import input_objects
from rjkernel.values import operators as ops
from rjkernel.values.conversion import dotnet_type_of
from rjkernel.values.members import member_list

_PROPERTY_KINDS = {"aliasproperty", "codeproperty", "property", "noteproperty",
                   "scriptproperty", "properties"}


@dataclass(frozen=True)
class MemberDefinition:
    type_name: str
    name: str
    member_type: str
    definition: str

    type_names = ("Microsoft.PowerShell.Commands.MemberDefinition", "System.Object")

    def ps_properties(self) -> dict[str, Any]:
        return {"TypeName": self.type_name, "Name": self.name,
                "MemberType": self.member_type, "Definition": self.definition}

    def __str__(self) -> str:
        return self.definition


def _kind_matches(member_type: str, wanted: list[str]) -> bool:
    if not wanted:
        return True
    low = member_type.lower()
    return any(w in (low, "all") or (w == "properties" and low in _PROPERTY_KINDS) or
               (w == "methods" and low.endswith("method")) for w in wanted)


@implements("Get-Member")
async def get_member(inv: Invocation) -> AsyncIterator[Any]:
    names = [ops.to_string(n) for n in ops.to_list(inv.get("Name"))]
    kinds = [ops.to_string(k).lower() for k in ops.to_list(inv.get("MemberType"))]
    seen: set[str] = set()
    any_input = False
    source = input_objects(inv) if inv.input is not None else _single(inv.get("InputObject"))
    async for item in source:
        if item is None:
            continue
        any_input = True
        type_name = dotnet_type_of(item)
        if type_name in seen:
            continue
        seen.add(type_name)
        for member in member_list(item):
            if names and not any(ops.like(member.name, n) for n in names):
                continue
            if not _kind_matches(member.member_type, kinds):
                continue
            yield MemberDefinition(type_name, member.name, member.member_type,
                                   member.definition)
    if not any_input:
        inv.write_error(inv.error_record(
            "You must specify an object for the Get-Member cmdlet.", "NoObjectInGetMember",
            "CloseError"))


async def _single(value: Any) -> AsyncIterator[Any]:
    yield value
