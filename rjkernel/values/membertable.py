"""The shape of a .NET type's member table — properties (name → getter and Get-Member's
``Definition``) and methods (name → function and definition) — and the registries the
modules modelling one type family each (``containers``, ``regexmembers``, ``system`` …)
put their tables in: instance members by Python class, static members by .NET type
name. ``members`` dispatches to them without knowing the families.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from rjkernel.values import types

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


def register_enum(full_name: str, members: type[enum.IntEnum] | type[enum.IntFlag],
                  convert: Callable[[Any], Any]) -> None:
    """A .NET enum a runbook names: ``[full_name]`` casts with ``convert`` and
    ``[full_name]::Member`` reads each member (``None`` for a flags enum's zero)."""
    types.register(types.PSType(full_name, (), lambda v: isinstance(v, members), convert,
                                "System.Enum", True))
    flags = issubclass(members, enum.Flag)
    properties = {str(m.name): functools.partial(members, m.value) for m in members
                  if m.value or not flags}
    if flags:  # a flags enum's zero is None (Python reserves the word)
        properties["None"] = functools.partial(members, 0)
    register_statics(full_name, StaticMembers(properties=properties, methods={}))
