"""PowerShell's type names as values: ``[int]``, ``[datetime]``, ``[string[]]`` …

One table (:data:`TYPES`) says, for each type a runbook writes, its .NET full name, its
accelerator names, how a value is tested for it (``-is``) and how a value converts to
it (a cast, ``-as``). ``$x.GetType()`` returns a :class:`TypeValue` from the same
table, so the names agree everywhere. Conversion errors carry PowerShell's texts
(about_Type_Conversion; ExtendedTypeSystem.resx):
``Cannot convert value "abc" to type "System.Int32". Error: "…"`` and
``Cannot convert the "…" value of type "…" to type "…".``
"""

from __future__ import annotations

import enum
import math
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from rjkernel.errors import ErrorRecord, PSError
from rjkernel.values import dates, numbers
from rjkernel.values.conversion import (
    ConversionError,
    dotnet_type_of,
    to_datetime,
    to_guid,
    value_text,
)
from rjkernel.values.objects import (
    Char,
    Hashtable,
    OrderedHashtable,
    PSObject,
    ScriptBlockValue,
)
from rjkernel.values.operators import is_true, to_string
from rjkernel.values.regexes import RegexValue


class CastFailure(Exception):
    """A value does not convert; ``reason`` is .NET's text (None: no conversion)."""

    def __init__(self, reason: str | None = None) -> None:
        super().__init__(reason or "no conversion")
        self.reason = reason


@dataclass(frozen=True)
class TypeValue:
    """A System.Type (``[int]``, ``$x.GetType()``): prints as its full name."""

    full_name: str
    base: str = "System.Object"
    is_value_type: bool = False

    type_names = ("System.RuntimeType", "System.Reflection.TypeInfo", "System.Type",
                  "System.Object")

    @property
    def _open_name(self) -> str:
        """The name without a generic type's arguments (``…List`1``)."""
        return self.full_name.split("[", 1)[0] if "`" in self.full_name else self.full_name

    @property
    def name(self) -> str:
        return self._open_name.rsplit(".", 1)[-1]

    def ps_properties(self) -> dict[str, Any]:
        namespace, _, _ = self._open_name.rpartition(".")
        base = TYPE_VALUES.get(self.base.lower()) if self.base else None
        return {"IsPublic": True, "IsSerializable": True, "Name": self.name,
                "FullName": _qualified(self.full_name), "Namespace": namespace,
                "BaseType": base, "IsValueType": self.is_value_type}

    def __str__(self) -> str:
        return self.full_name


@dataclass(frozen=True)
class PSType:
    """One type a runbook names: how values are tested for it and converted to it;
    ``new`` builds one (``[T]::new(…)``, ``New-Object T``), and a ``collection`` takes
    a whole array in a cast
    (``[System.Collections.ArrayList]@(1, 2)``) instead of one element."""

    full_name: str
    names: tuple[str, ...]
    check: Callable[[Any], bool]
    convert: Callable[[Any], Any]
    base: str = "System.Object"
    value_type: bool = False
    new: Callable[..., Any] | None = None
    collection: bool = False


# ---------------------------------------------------------------------- conversions


def _text(value: Any) -> str:
    return to_string(value)


def _number_of(value: Any) -> int | float | Decimal:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Char):
        return ord(value)
    if numbers.is_number(value):
        return value
    if isinstance(value, enum.Enum):
        return int(value.value)
    if isinstance(value, str):
        try:
            return numbers.parse_number(value)
        except ValueError:
            raise CastFailure(f"The input string '{value}' was not in a correct format."
                              ) from None
    raise CastFailure()


def _integer(low: int, high: int, name: str, long: bool = False) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        if value is None:
            return numbers.Int64(0) if long else 0
        number = _number_of(value)
        if isinstance(number, float) and (math.isnan(number) or math.isinf(number)):
            raise CastFailure(f"Value was either too large or too small for an {name}.")
        result = number if isinstance(number, int) else numbers.round_half_even(number)
        if not low <= result <= high:
            raise CastFailure(f"Value was either too large or too small for an {name}.")
        return numbers.Int64(result) if long else int(result)

    return convert


integer_cast = _integer  # for the integer types other modules register


def _double(value: Any) -> float:
    if value is None:
        return 0.0
    return float(_number_of(value))


_DECIMAL_TEXT = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def _decimal(value: Any) -> Decimal:
    if value is None:
        return Decimal(0)
    if isinstance(value, str) and _DECIMAL_TEXT.fullmatch(value.strip()):
        return Decimal(value.strip())  # Decimal.Parse keeps the scale: '1.50' is 1.50
    number = _number_of(value)
    try:
        return Decimal(str(number)) if isinstance(number, float) else Decimal(number)
    except InvalidOperation:
        raise CastFailure() from None


def _string(value: Any) -> str:
    return _text(value)


def to_bool(value: Any) -> bool:
    return is_true(value)


def _char(value: Any) -> Char:
    if isinstance(value, str):
        if len(value) != 1:
            raise CastFailure("String must be exactly one character long.")
        return Char(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 0xFFFF:
        return Char(chr(value))
    raise CastFailure()


def _datetime(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        return _guarded(to_datetime, value)
    if isinstance(value, int) and not isinstance(value, bool):
        return datetime(1, 1, 1) + dates.from_ticks(value)
    raise CastFailure()


def _timespan(value: Any) -> timedelta:
    if isinstance(value, timedelta):
        return value
    if isinstance(value, str):
        try:
            return dates.parse_timespan(value)
        except dates.DateFormatError as exc:
            raise CastFailure(str(exc)) from None
    if isinstance(value, int) and not isinstance(value, bool):
        return dates.from_ticks(value)
    raise CastFailure()


def _guarded(converter: Callable[[Any], Any], value: Any) -> Any:
    """A binder converter's result, its failure as a cast's."""
    try:
        return converter(value)
    except ConversionError as exc:
        raise CastFailure(exc.reason) from None


def _guid(value: Any) -> Any:
    return _guarded(to_guid, value)


def _array(value: Any) -> list[Any] | None:
    if value is None:
        return None
    if isinstance(value, list):
        return value
    if isinstance(value, tuple):
        return list(value)
    return [value]


def _typed_array(element: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        items = _array(value)
        return None if items is None else [element(item) for item in items]

    return convert


def _hashtable(value: Any) -> Hashtable:
    if type(value) is Hashtable:
        return value
    if isinstance(value, Hashtable):  # ordered, a generic Dictionary: copied
        return Hashtable(value.items())
    raise CastFailure()


def _ordered(value: Any) -> OrderedHashtable:
    if isinstance(value, OrderedHashtable):
        return value
    if isinstance(value, Hashtable):
        return OrderedHashtable(value.items())
    raise CastFailure()


def _pscustomobject(value: Any) -> Any:
    if isinstance(value, Hashtable):
        return PSObject(value.items())
    return value


def _scriptblock(value: Any) -> ScriptBlockValue:
    if isinstance(value, ScriptBlockValue):
        return value
    raise CastFailure()


def _regex(value: Any) -> Any:
    if isinstance(value, RegexValue):
        return value
    return RegexValue(_text(value))


def _version(value: Any) -> Any:
    if isinstance(value, VersionValue):
        return value
    text = _text(value).strip()
    if not re.fullmatch(r"\d+(\.\d+){1,3}", text):
        raise CastFailure("Version string portion was too short or too long." if
                          re.fullmatch(r"\d+", text) else
                          "Input string was not in a correct format.")
    return VersionValue(tuple(int(p) for p in text.split(".")))


@dataclass(frozen=True, order=True)
class VersionValue:
    """``[version]'1.2.3'``: compares part by part (``1.10`` is above ``1.9``)."""

    parts: tuple[int, ...]

    type_names = ("System.Version", "System.Object")

    def ps_properties(self) -> dict[str, Any]:
        p = [*self.parts, -1, -1][:4]
        return {"Major": p[0], "Minor": p[1], "Build": p[2], "Revision": p[3],
                "MajorRevision": -1 if p[3] < 0 else p[3] >> 16,
                "MinorRevision": -1 if p[3] < 0 else p[3] & 0xFFFF}

    def __str__(self) -> str:
        return ".".join(str(p) for p in self.parts)

    def ps_coerce(self, other: Any) -> Any:
        """The right side of a comparison as a version like this one (``-ge '7.2'``,
        ``-ge [version]'7.0'``), or as it is when it is none."""
        if isinstance(other, VersionValue):
            return type(self)(other.parts)
        try:
            return type(self)(_version(other).parts)
        except CastFailure:
            return other


@dataclass(frozen=True, order=True)
class SemanticVersionValue(VersionValue):
    """``$PSVersionTable.PSVersion``: PowerShell 7's SemanticVersion (``7.4.6``)."""

    type_names = ("System.Management.Automation.SemanticVersion", "System.Object")

    def ps_properties(self) -> dict[str, Any]:
        major, minor, patch = [*self.parts, 0, 0][:3]
        return {"Major": major, "Minor": minor, "Patch": patch, "PreReleaseLabel": None,
                "BuildLabel": None}


def _identity(value: Any) -> Any:
    return value


def _int_check(low: int, high: int) -> Callable[[Any], bool]:
    return lambda v: (type(v) is int and low <= v <= high) if low == numbers.INT32_MIN else (
        isinstance(v, int) and not isinstance(v, bool)
        and (isinstance(v, numbers.Int64) or not numbers.INT32_MIN <= v <= numbers.INT32_MAX))


_I32 = (numbers.INT32_MIN, numbers.INT32_MAX)
_I64 = (numbers.INT64_MIN, numbers.INT64_MAX)

_TYPES: tuple[PSType, ...] = (
    PSType("System.Int32", ("int", "int32"), _int_check(*_I32), _integer(*_I32, "Int32"),
           "System.ValueType", True),
    PSType("System.Int64", ("long", "int64"), _int_check(*_I64),
           _integer(*_I64, "Int64", long=True), "System.ValueType", True),
    PSType("System.Byte", ("byte",), lambda v: False, _integer(0, 255, "Byte"),
           "System.ValueType", True),
    PSType("System.Double", ("double",), lambda v: isinstance(v, float), _double,
           "System.ValueType", True),
    PSType("System.Single", ("float", "single"), lambda v: False, _double,
           "System.ValueType", True),
    PSType("System.Decimal", ("decimal",), lambda v: isinstance(v, Decimal), _decimal,
           "System.ValueType", True),
    PSType("System.String", ("string",), lambda v: isinstance(v, str) and
           not isinstance(v, Char), _string),
    PSType("System.Char", ("char",), lambda v: isinstance(v, Char), _char,
           "System.ValueType", True),
    PSType("System.Boolean", ("bool", "boolean"), lambda v: isinstance(v, bool), to_bool,
           "System.ValueType", True),
    PSType("System.Management.Automation.SwitchParameter", ("switch",),
           lambda v: False, to_bool, "System.ValueType", True),
    PSType("System.DateTime", ("datetime",), lambda v: isinstance(v, datetime), _datetime,
           "System.ValueType", True),
    PSType("System.TimeSpan", ("timespan",), lambda v: isinstance(v, timedelta), _timespan,
           "System.ValueType", True),
    PSType("System.Guid", ("guid",), lambda v: isinstance(v, uuid.UUID), _guid,
           "System.ValueType", True),
    PSType("System.Object[]", ("object[]",), lambda v: isinstance(v, list), _array,
           "System.Array"),
    PSType("System.Array", ("array",), lambda v: isinstance(v, list), _array),
    PSType("System.String[]", ("string[]",), lambda v: isinstance(v, list),
           _typed_array(_string), "System.Array"),
    PSType("System.Int32[]", ("int[]", "int32[]"), lambda v: isinstance(v, list),
           _typed_array(_integer(*_I32, "Int32")), "System.Array"),
    PSType("System.Int64[]", ("long[]", "int64[]"), lambda v: isinstance(v, list),
           _typed_array(_integer(*_I64, "Int64", long=True)), "System.Array"),
    PSType("System.Double[]", ("double[]",), lambda v: isinstance(v, list),
           _typed_array(_double), "System.Array"),
    PSType("System.Char[]", ("char[]",), lambda v: isinstance(v, list),
           lambda v: [Char(c) for c in v] if isinstance(v, str) else
           _typed_array(_char)(v), "System.Array"),
    PSType("System.Collections.Hashtable", ("hashtable",),
           lambda v: type(v) is Hashtable, _hashtable),
    PSType("System.Collections.Specialized.OrderedDictionary", ("ordered",),
           lambda v: isinstance(v, OrderedHashtable), _ordered),
    PSType("System.Management.Automation.PSCustomObject", ("pscustomobject",),
           lambda v: isinstance(v, PSObject), _pscustomobject),
    PSType("System.Management.Automation.PSObject", ("psobject",),
           lambda v: isinstance(v, PSObject), _identity),
    PSType("System.Management.Automation.ScriptBlock", ("scriptblock",),
           lambda v: isinstance(v, ScriptBlockValue), _scriptblock),
    PSType("System.Text.RegularExpressions.Regex", ("regex",),
           lambda v: isinstance(v, RegexValue), _regex),
    PSType("System.Version", ("version",), lambda v: isinstance(v, VersionValue), _version),
    PSType("System.Object", ("object",), lambda v: v is not None, _identity, ""),
    PSType("System.Type", ("type",), lambda v: isinstance(v, TypeValue), _identity),
    PSType("System.Void", ("void",), lambda v: False, lambda v: None, "System.ValueType"),
    PSType("System.Math", ("math",), lambda v: False, _identity),
)

TYPES: dict[str, PSType] = {}
TYPE_VALUES: dict[str, TypeValue] = {
    "system.valuetype": TypeValue("System.ValueType"),
    "system.enum": TypeValue("System.Enum", "System.ValueType"),
}


def register(ps_type: PSType) -> PSType:
    """Make ``[name]`` find ``ps_type`` by its accelerators, its full name and that name
    without ``System.`` (PowerShell's implicit namespace); the modules modelling one type
    family each (``containers``, ``system``) register theirs when imported."""
    for name in (*ps_type.names, ps_type.full_name, ps_type.full_name.removeprefix("System.")):
        TYPES.setdefault(name.lower(), ps_type)
    TYPE_VALUES.setdefault(ps_type.full_name.lower(),
                           TypeValue(ps_type.full_name, ps_type.base, ps_type.value_type))
    return ps_type


for _t in _TYPES:
    register(_t)

GenericFactory = Callable[[tuple[PSType, ...]], PSType]
_GENERICS: dict[str, tuple[int, GenericFactory]] = {}
_GENERIC_NAME = re.compile(r"([\w.]+?)(?:`\d+)?\[(.+)\]")


def register_generic(full_name: str, arity: int, factory: GenericFactory) -> None:
    """Make ``[full_name[T1, …]]`` a type: ``factory`` closes it over the argument types
    (``List[string]``, ``Dictionary[string,int]``)."""
    for name in (full_name, full_name.removeprefix("System.")):
        _GENERICS[name.lower()] = (arity, factory)


def generic_name(open_name: str, args: tuple[PSType, ...]) -> str:
    """.NET's text of a closed generic type:
    ``System.Collections.Generic.List`1[System.String]``."""
    return f"{open_name}`{len(args)}[{','.join(a.full_name for a in args)}]"


def type_arguments(text: str) -> list[str]:
    """``string,List[int]`` → ``['string', 'List[int]']``: commas at bracket depth 0."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += (ch == "[") - (ch == "]")
        if ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _closed_generic(name: str) -> PSType | None:
    m = _GENERIC_NAME.fullmatch(name)
    if m is None or m.group(1) not in _GENERICS:
        return None
    arity, factory = _GENERICS[m.group(1)]
    args = [lookup(arg) for arg in type_arguments(m.group(2))]
    if len(args) != arity or any(a is None for a in args):
        return None
    closed = factory(tuple(a for a in args if a is not None))
    TYPES[name] = closed
    TYPE_VALUES.setdefault(closed.full_name.lower(), TypeValue(closed.full_name, closed.base))
    return closed


NAMESPACES: list[str] = []
"""The namespaces of ``using namespace`` statements run so far, in the kernel's process
(as at PowerShell's prompt, they hold for the cells that follow)."""


def use_namespace(name: str) -> None:
    """``using namespace name``: type names may leave ``name.`` out from now on."""
    key = name.lower().strip(".")
    if key not in NAMESPACES:
        NAMESPACES.append(key)


def lookup(name: str) -> PSType | None:
    """The type ``[name]`` names (accelerator or full name, any case; a generic type
    closed over known types; a name in a ``using namespace``)."""
    key = re.sub(r"\s+", "", name).lower()
    found = _lookup(key)
    for namespace in NAMESPACES if found is None else ():
        found = _lookup(f"{namespace}.{key}")
        if found is not None:
            break
    return found


def _lookup(key: str) -> PSType | None:
    found = TYPES.get(key)
    return found if found is not None or "[" not in key else _closed_generic(key)


def _qualified(full_name: str) -> str:
    """A generic type's FullName, its arguments assembly-qualified as .NET prints them."""
    m = _GENERIC_NAME.fullmatch(full_name)
    if "`" not in full_name or m is None:
        return full_name
    open_name = full_name.split("[", 1)[0]
    args = [f"[{_qualified(arg)}, {_assembly(arg)}]" for arg in type_arguments(m.group(2))]
    return f"{open_name}[{','.join(args)}]"


def _assembly(full_name: str) -> str:
    if full_name.startswith("System.Management.Automation."):
        return ("System.Management.Automation, Version=7.4.0.500, Culture=neutral, "
                "PublicKeyToken=31bf3856ad364e35")
    return ("System.Private.CoreLib, Version=8.0.0.0, Culture=neutral, "
            "PublicKeyToken=7cec85d7bea7798e")


def type_not_found(name: str) -> PSError:
    return PSError(ErrorRecord(
        message=f"Unable to find type [{name}].", error_id="TypeNotFound",
        category="InvalidOperation", target=name,
    ))


def cast(type_name: str, value: Any) -> Any:
    """``[type]value``: the converted value, or a PSError with PowerShell's text."""
    ps_type = lookup(type_name)
    if ps_type is None:
        raise type_not_found(type_name)
    if value is None and ps_type.full_name in ("System.DateTime", "System.TimeSpan",
                                              "System.Char", "System.Guid"):
        raise PSError(ErrorRecord(
            message=f'Cannot convert null to type "{ps_type.full_name}".',
            error_id="InvalidCastFromNull", category="InvalidArgument"))
    try:
        if isinstance(value, list) and not ps_type.collection and \
                not ps_type.full_name.endswith("[]") and \
                ps_type.full_name not in ("System.Array", "System.Object", "System.String",
                                         "System.Boolean", "System.Management.Automation."
                                         "SwitchParameter", "System.Void",
                                         "System.Management.Automation.PSObject",
                                         "System.Management.Automation.PSCustomObject"):
            if len(value) == 1:
                return cast(type_name, value[0])
            raise CastFailure()
        return ps_type.convert(value)
    except CastFailure as exc:
        if exc.reason is None:
            text = value_text(value)
            source = dotnet_type_of(value)
            message = (f'Cannot convert the "{text}" value of type "{source}" to type '
                       f'"{ps_type.full_name}".')
            error_id = "ConvertToFinalInvalidCastException"
        else:
            message = (f'Cannot convert value "{_text(value)}" to type "{ps_type.full_name}". '
                       f'Error: "{exc.reason}"')
            error_id = "InvalidCastParseTargetInvocation"
        raise PSError(ErrorRecord(message=message, error_id=error_id,
                                  category="InvalidArgument")) from None


def try_cast(type_name: str, value: Any) -> Any:
    """``value -as [type]``: the converted value, or ``$null``."""
    if lookup(type_name) is None:
        raise type_not_found(type_name)
    try:
        return cast(type_name, value)
    except PSError:
        return None


def is_instance(value: Any, type_name: str) -> bool:
    """``value -is [type]``."""
    ps_type = lookup(type_name)
    if ps_type is None:
        raise type_not_found(type_name)
    return ps_type.check(value)


def type_value(name: str) -> TypeValue:
    """The System.Type ``[name]`` denotes (``[int]`` is System.Int32)."""
    ps_type = lookup(name)
    if ps_type is None:
        raise type_not_found(name)
    return TYPE_VALUES.get(ps_type.full_name.lower()) or TypeValue(ps_type.full_name,
                                                                   ps_type.base)


def type_of(value: Any) -> TypeValue:
    """``value.GetType()``."""
    name = dotnet_type_of(value)
    known = TYPE_VALUES.get(name.lower())
    return known if known is not None else TypeValue(name)
