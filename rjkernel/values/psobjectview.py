"""The intrinsic members every value has: ``.PSObject`` and ``.PSTypeNames``.

Runbooks walk an object's properties with ``$o.PSObject.Properties`` (each with
``.Name``, ``.Value``, ``.MemberType``), drop one with
``$o.PSObject.Properties.Remove('x')`` and tag objects for a view with
``$o.PSObject.TypeNames.Insert(0, 'My.Type')``. The view reads the object's members
through ``members`` and, for a custom object, writes its properties and type names back.
Reference: about_Intrinsic_Members (PSObject, pstypenames).
"""

from __future__ import annotations

from typing import Any

from rjkernel.values import members
from rjkernel.values.conversion import dotnet_type_of
from rjkernel.values.membertable import (
    TypeMembers,
    register_intrinsic,
    register_members,
)
from rjkernel.values.objects import Hashtable, PSObject
from rjkernel.values.operators import like, to_number, to_string
from rjkernel.values.strings import MethodFault

_SMA = "System.Management.Automation."


class PropertyInfo:
    """A PSNoteProperty (a custom object's) or PSProperty (a .NET property)."""

    def __init__(self, owner: Any, name: str, value: Any, note: bool) -> None:
        self.owner, self.name, self.value, self.note = owner, name, value, note
        self.type_names = (_SMA + ("PSNoteProperty" if note else "PSProperty"),
                           _SMA + "PSPropertyInfo", _SMA + "PSMemberInfo", "System.Object")

    def ps_properties(self) -> dict[str, Any]:
        return {"Value": self.value,
                "MemberType": "NoteProperty" if self.note else "Property",
                "IsSettable": self.note, "IsGettable": True,
                "TypeNameOfValue": "System.Object" if self.value is None
                else dotnet_type_of(self.value),
                "Name": self.name, "IsInstance": self.note}

    def __str__(self) -> str:
        return members.note_definition(self.name, self.value) if self.note else \
            members.property_definition(self.name, self.value)


class PropertyCollection(list[Any]):
    """``.PSObject.Properties``: enumerable, indexed by name too
    (``$o.PSObject.Properties['Name']``)."""

    type_names = (_SMA + "PSMemberInfoIntegratingCollection`1[[" + _SMA + "PSPropertyInfo]]",
                  "System.Object")

    def __init__(self, owner: Any) -> None:
        self.owner = owner
        notes = isinstance(owner, PSObject)
        found = members.table_properties(owner) if isinstance(owner, (Hashtable, list)) \
            else members.properties_of(owner)
        super().__init__(PropertyInfo(owner, name, value, notes)
                         for name, value in found.items())

    def item_named(self, name: str) -> Any:
        return next((p for p in self if p.name.lower() == name.lower()), None)


def _remove(collection: PropertyCollection, name: Any) -> None:
    owner = collection.owner
    if not isinstance(owner, PSObject):
        raise MethodFault("Cannot remove a member from this object: only a custom object's "
                          "note properties can be removed.")
    key = to_string(name)
    if key in owner.properties:
        del owner.properties[key]
    collection[:] = [p for p in collection if p.name.lower() != key.lower()]


register_members(PropertyCollection, TypeMembers(
    properties={"Count": (len, "int Count {get;}")},
    methods={
        "Remove": (_remove, "void Remove(string name)"),
        "Match": (lambda c, pattern: [p for p in c if like(p.name, to_string(pattern))],
                  "System.Collections.ObjectModel.ReadOnlyCollection[psobject] Match("
                  "string name)"),
    },
))


class TypeNameList(list[str]):
    """``.PSTypeNames``: the object's type names, most specific first; on a custom
    object, Insert/Add/Remove/Clear change the names its views are chosen by."""

    type_names = ("System.Collections.ObjectModel.Collection`1[System.String]",
                  "System.Object")

    def __init__(self, owner: Any) -> None:
        self.owner = owner
        names = [str(n) for n in getattr(owner, "type_names", None) or
                 (dotnet_type_of(owner),)]
        super().__init__(names if names[-1] == "System.Object" else [*names, "System.Object"])

    def write_back(self) -> None:
        if not isinstance(self.owner, PSObject):
            raise MethodFault("Collection is read-only.")
        self.owner.type_names = tuple(self)


def _insert(names: TypeNameList, index: Any, name: Any) -> None:
    names.insert(int(to_number(index)), to_string(name))
    names.write_back()


def _add(names: TypeNameList, name: Any) -> None:
    names.append(to_string(name))
    names.write_back()


def _remove_name(names: TypeNameList, name: Any) -> bool:
    text = to_string(name)
    if text not in names:
        return False
    names.remove(text)
    names.write_back()
    return True


register_members(TypeNameList, TypeMembers(
    properties={"Count": (len, "int Count {get;}")},
    methods={
        "Add": (_add, "void Add(string item)"),
        "Insert": (_insert, "void Insert(int index, string item)"),
        "Remove": (_remove_name, "bool Remove(string item)"),
        "Contains": (lambda n, name: to_string(name) in n, "bool Contains(string item)"),
    },
))


class PSObjectView:
    """``$x.PSObject``: the object's members, its type names and its base object."""

    type_names = (_SMA + "PSObject", "System.Object")

    def __init__(self, owner: Any) -> None:
        self.owner = owner

    def ps_properties(self) -> dict[str, Any]:
        return {"BaseObject": self.owner, "ImmediateBaseObject": self.owner,
                "Properties": PropertyCollection(self.owner),
                "TypeNames": TypeNameList(self.owner)}

    def __str__(self) -> str:
        return to_string(self.owner)


register_intrinsic("PSObject", PSObjectView)
register_intrinsic("PSTypeNames", TypeNameList)
