"""The shape of a .NET type's member table — properties (name → getter and Get-Member's
``Definition``) and methods (name → function and definition) — and the registries the
modules modelling one type family each (``containers``, ``regexmembers``, ``system`` …)
put their tables in: instance members by Python class, static members by .NET type
name. ``members`` dispatches to them without knowing the families.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from rjkernel.values import types
from rjkernel.values.operators import to_string

Getter = Callable[[Any], Any]
MethodFn = Callable[..., Any]


@dataclass(frozen=True)
class TypeMembers:
    """The members of one .NET type: getters with their definitions, and methods."""

    properties: Mapping[str, tuple[Getter, str]]
    methods: Mapping[str, tuple[MethodFn, str]]


@dataclass(frozen=True)
class StaticMembers:
    """``[Type]::Name`` and ``[Type]::Method(…)``: static properties (computed when
    read: ``[Environment]::MachineName``) and static methods. ``at_place``: some of
    them describe the machine and return a ``system.PlaceQuery`` for the interpreter
    to run in the runspace's shell (it compiles the others' reads to plain calls)."""

    properties: Mapping[str, Callable[[], Any]]
    methods: Mapping[str, MethodFn]
    at_place: bool = False


TABLES: dict[type, TypeMembers] = {}
STATICS: dict[str, StaticMembers] = {}
INTRINSICS: dict[str, Callable[[Any], Any]] = {}


def register_members(cls: type, table: TypeMembers) -> None:
    """``table`` holds the members of every value of class ``cls`` (exactly that class)."""
    TABLES[cls] = table


def register_statics(full_name: str, table: StaticMembers) -> None:
    """``[full_name]::Member`` reads ``table`` (the type must also be known to ``types``)."""
    STATICS[full_name.lower()] = table


def register_intrinsic(name: str, getter: Callable[[Any], Any]) -> None:
    """A property every value has unless it has its own (``.PSObject``)."""
    INTRINSICS[name.lower()] = getter


class MethodBindingFault(Exception):
    """Arguments that fit no parameter before the method runs (``[ref]`` missing): a
    MethodException with its own text, not an "Exception calling" one."""

    def __init__(self, message: str, error_id: str) -> None:
        super().__init__(message)
        self.message = message
        self.error_id = error_id


class ArgumentConversionFault(Exception):
    """A method's argument does not convert to its parameter type (``List[int].Add('x')``):
    PowerShell's MethodArgumentConversionInvalidCastArgument, with .NET's reason."""

    def __init__(self, parameter: str, value: Any, type_name: str, reason: str) -> None:
        super().__init__(reason)
        self.parameter = parameter
        self.value = value
        self.type_name = type_name
        self.reason = reason


EnumType = type[enum.IntEnum] | type[enum.IntFlag]


def enum_parser(members: EnumType) -> Callable[[Any], Any]:
    """.NET's conversion to an enum (Enum.Parse, as a cast does it): a member, a number,
    or a name in any case — for a flags enum, names joined by commas
    (``'RemoveEmptyEntries, TrimEntries'``) and ``None``. Anything else is a CastFailure
    with .NET's text, which ``types.cast`` turns into PowerShell's error."""
    flags = issubclass(members, enum.Flag)
    named = [m for m in members if m.value or not flags]  # a flags enum's zero is None
    by_name: dict[str, Any] = {str(m.name).lower(): m for m in named}
    if flags:
        by_name["none"] = members(0)
    listed = ", ".join(str(m.name) for m in named)

    def parse(value: Any) -> Any:
        if isinstance(value, members):
            return value
        if (isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value)) or \
                (isinstance(value, float) and value.is_integer()):
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            try:
                return members(value)
            except ValueError:
                raise types.CastFailure() from None
        found = members(0) if flags else None
        for word in to_string(value).split(",") if flags else [to_string(value)]:
            member = by_name.get(word.strip().lower())
            if member is None:
                raise types.CastFailure(
                    f"Unable to match the identifier name {word.strip()} to a valid "
                    "enumerator name. Specify one of the following enumerator names and "
                    f"try again:\n{listed}")
            found = member if found is None else found | member
        return found

    return parse


def register_enum(full_name: str, members: EnumType) -> Callable[[Any], Any]:
    """A .NET enum a runbook names: ``[full_name]`` casts with :func:`enum_parser` and
    ``[full_name]::Member`` reads each member (``None`` for a flags enum's zero). The
    parser is returned for the module's own uses (method arguments)."""
    parse = enum_parser(members)
    types.register(types.PSType(full_name, (), lambda v: isinstance(v, members), parse,
                                "System.Enum", True))
    flags = issubclass(members, enum.Flag)
    properties = {str(m.name): functools.partial(members, m.value) for m in members
                  if m.value or not flags}
    if flags:  # a flags enum's zero is None (Python reserves the word)
        properties["None"] = functools.partial(members, 0)
    register_statics(full_name, StaticMembers(properties=properties, methods={}))
    return parse
