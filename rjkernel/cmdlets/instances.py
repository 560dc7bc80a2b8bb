"""New-Object and Add-Member: making objects and giving custom objects properties
(New-Object.cs, AddMember.cs).

New-Object resolves its type name as a cast would (``values/types.py``) and calls the
type's constructor (``values/constructors.py``), so ``New-Object T a,b`` and
``[T]::new(a, b)`` build the same object; its errors are New-Object's own
(NewObjectStrings.resx). Add-Member adds note properties to custom objects in place.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from rjkernel.cmdlets.base import Invocation, implements
from rjkernel.cmdlets.objects import input_objects
from rjkernel.errors import PSError
from rjkernel.values import constructors, types
from rjkernel.values import operators as ops
from rjkernel.values.conversion import dotnet_type_of, enum_converter
from rjkernel.values.enums import PSMemberTypes
from rjkernel.values.members import argument_conversion_error
from rjkernel.values.membertable import ArgumentConversionFault
from rjkernel.values.objects import Hashtable, PSObject
from rjkernel.values.strings import MethodFault


@implements("New-Object")
async def new_object(inv: Invocation) -> AsyncIterator[Any]:
    name = ops.to_string(inv.get("TypeName"))
    ps_type = types.lookup(name)
    if ps_type is None:
        raise inv.terminate(f"Cannot find type [{name}]: verify that the assembly containing "
                            "this type is loaded.", "TypeNotFound", "InvalidType")
    new = constructors.constructor(ps_type)
    if new is None:
        raise _no_constructor(inv, name)
    args = ops.to_list(inv.get("ArgumentList")) if inv.has("ArgumentList") else []
    obj = _construct(inv, ps_type, new, args)
    properties = inv.get("Property")
    if isinstance(properties, Hashtable):
        _set_properties(inv, obj, properties)
    yield obj


def _no_constructor(inv: Invocation, name: str) -> PSError:
    return inv.terminate(f"A constructor was not found. Cannot find an appropriate "
                         f"constructor for type {name}.", "CannotFindAppropriateCtor",
                         "ObjectNotFound")


def _construct(inv: Invocation, ps_type: types.PSType, new: Any, args: list[Any]) -> Any:
    """``new(*args)`` with the errors DotNetAdapter.ConstructorInvokeDotNet gives."""
    type_name = types.type_value(ps_type.full_name).name.split("`")[0]
    try:
        return new(*args)
    except TypeError:
        message = (f'Cannot find an overload for "{type_name}" and the argument count: '
                   f'"{len(args)}".')
    except ArgumentConversionFault as exc:
        message = argument_conversion_error(type_name, exc).record.message
    except PSError as exc:
        message = f'Exception calling ".ctor" with "{len(args)}" argument(s): ' \
                  f'"{exc.record.message}"'
    except (MethodFault, ValueError) as exc:
        reason = exc.message if isinstance(exc, MethodFault) else str(exc)
        message = f'Exception calling ".ctor" with "{len(args)}" argument(s): "{reason}"'
    raise inv.terminate(message, "ConstructorInvokedThrowException")


def _set_properties(inv: Invocation, obj: Any, properties: Hashtable) -> None:
    """``-Property``: a custom object gains them; another object must have them."""
    if isinstance(obj, PSObject):
        for key, value in properties.items():
            obj.properties[ops.to_string(key)] = value
        return
    key = next(iter(properties), None)
    if key is not None:
        raise inv.terminate(f'The member "{ops.to_string(key)}" was not found for the '
                            "specified .NET object.", "InvalidOperationException")


# ---------------------------------------------------------------------- Add-Member


def _members_to_add(inv: Invocation) -> list[tuple[str, Any]]:
    """The note properties the parameter set asks for, as (name, value)."""
    if inv.set_name == "NotePropertySingleMemberSet":
        name = ops.to_string(inv.get("NotePropertyName"))
        if not name:
            raise inv.terminate("The name for a NoteProperty member should not be null or "
                                "an empty string.", "NotePropertyNameShouldNotBeNull",
                                "InvalidArgument")
        return [(name, inv.get("NotePropertyValue"))]
    if inv.set_name == "NotePropertyMultiMemberSet":
        table = inv.get("NotePropertyMembers")
        return [(ops.to_string(k), v) for k, v in table.items()] \
            if isinstance(table, Hashtable) else []
    if inv.set_name == "MemberSet":
        kind = str(_MEMBER_TYPE(inv.get("MemberType")))
        if kind in _UNAVAILABLE:
            raise inv.terminate(f"Add-Member -MemberType {kind} is not available in "
                                "rjkernel: only NoteProperty members are. Compute the value "
                                "and add it as a NoteProperty.", "NotSupported",
                                "NotImplemented")
        if kind != "NoteProperty":
            raise inv.terminate(f'Cannot add a member with type "{kind}". Specify a '
                                "different type for the MemberTypes parameter.",
                                "CannotAddMemberType", "InvalidOperation")
        return [(ops.to_string(inv.get("Name")), inv.get("Value"))]
    return []


_MEMBER_TYPE = enum_converter(PSMemberTypes)  # -MemberType is bound as written

# What PowerShell's Add-Member adds but rjkernel's custom objects cannot hold (their
# properties are values, never code run on access).
_UNAVAILABLE = ("AliasProperty", "ScriptProperty", "CodeProperty", "ScriptMethod",
                "CodeMethod", "PropertySet", "MemberSet")


@implements("Add-Member")
async def add_member(inv: Invocation) -> AsyncIterator[Any]:
    members = _members_to_add(inv)
    type_name = ops.to_string(inv.get("TypeName")) if inv.has("TypeName") else ""
    async for obj in input_objects(inv):
        if not isinstance(obj, PSObject):
            inv.write_error(inv.error_record(
                f"Add-Member adds members to custom objects only ([pscustomobject], "
                f"New-Object PSObject) in rjkernel; [{dotnet_type_of(obj)}] has no place for "
                "them. Make one with [pscustomobject]@{...} first.", "NotSupported",
                "NotImplemented", target=obj))
            continue
        added = [_add_note(inv, obj, name, value) for name, value in members]
        if members and not any(added):
            continue  # as AddMember.cs: nothing added, no type name, no -PassThru output
        if type_name:
            obj.type_names = (type_name, *obj.type_names)
        if inv.switch("PassThru"):
            yield obj


def _add_note(inv: Invocation, obj: PSObject, name: str, value: Any) -> bool:
    if name in obj.properties and not inv.switch("Force"):
        inv.write_error(inv.error_record(
            f'Cannot add a member with the name "{name}" because a member with that name '
            "already exists. To overwrite the member anyway, add the Force parameter to "
            "your command.", "MemberAlreadyExists", "InvalidOperation", target=obj))
        return False
    obj.properties[name] = value
    return True
