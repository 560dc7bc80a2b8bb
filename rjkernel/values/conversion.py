"""Converting argument values to parameter types, the way PowerShell's binder does.

A converter takes one value and returns it as the parameter's type, or raises
:class:`ConversionError`. The binder looks converters up by the type names cmdlet
signatures use (``Int32``, ``JobState``, ``ScriptBlock`` …); the job and session layers
add their own (``Job``, ``PSSession``) to a copy of :data:`DEFAULT_CONVERTERS`.

Rules every converter here keeps, because the binder relies on them:
- A value that already has the target type is returned *as the same object*. The binder
  calls that an exact match and prefers it when it has to choose between parameter sets
  (``Get-Job 1`` binds ``-Id``, not ``-Name``, because ``1`` is an Int32 already).
- Converters see one element. Array types (``Int32[]``) are derived by the binder from
  their element type, and the binder unwraps a one-element array given to a scalar
  parameter; only ``Object`` and ``PSObject`` take a whole array as one value
  (:data:`ACCEPTS_COLLECTIONS`).
- A script block never converts to text: PowerShell treats a block given to a
  non-block parameter as a pipeline-bound expression, not as a string, so binding must
  fail there and move on to a set that takes a block.

Messages reproduce .NET's (``The input string 'x' was not in a correct format.``), since
PowerShell quotes them inside its binding errors.
"""

from __future__ import annotations

import enum
import math
import re
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from decimal import Decimal
from types import MappingProxyType

from rjkernel.jobs.states import JobState
from rjkernel.values import dates, numbers
from rjkernel.values.enums import (
    ActionPreference,
    ConsoleColor,
    OutTarget,
    PSMemberTypes,
    SessionFilterState,
)
from rjkernel.values.numbers import Int64
from rjkernel.values.objects import Hashtable, ScriptBlockValue

Converter = Callable[[object], object]


class ConversionError(Exception):
    """A value does not convert to a type.

    ``reason`` is the .NET exception text PowerShell quotes after ``Error:``; ``None``
    means no conversion exists at all (PowerShell then says ``Cannot convert the "x" value
    of type "System.String" to type …``).
    """

    def __init__(self, reason: str | None = None) -> None:
        super().__init__(reason or "no conversion")
        self.reason = reason


class BooleanArgumentError(ConversionError):
    """A Boolean or switch parameter was given something other than a boolean or number.

    PowerShell reports these as an argument-transformation failure with its own text,
    rather than as an ordinary conversion error.
    """


ACCEPTS_COLLECTIONS = frozenset({"Object", "PSObject"})

_DOTNET_NAMES: Mapping[str, str] = {
    "Int32": "System.Int32",
    "Int64": "System.Int64",
    "Double": "System.Double",
    "String": "System.String",
    "Boolean": "System.Boolean",
    "SwitchParameter": "System.Management.Automation.SwitchParameter",
    "Guid": "System.Guid",
    "DateTime": "System.DateTime",
    "Hashtable": "System.Collections.Hashtable",
    "ScriptBlock": "System.Management.Automation.ScriptBlock",
    "Object": "System.Object",
    "PSObject": "System.Management.Automation.PSObject",
    "PSCredential": "System.Management.Automation.PSCredential",
    "JobState": "System.Management.Automation.JobState",
    "Job": "System.Management.Automation.Job",
    "PSSession": "System.Management.Automation.Runspaces.PSSession",
    "ActionPreference": "System.Management.Automation.ActionPreference",
    "SessionFilterState": "Microsoft.PowerShell.Commands.SessionFilterState",
    "OutTarget": "Microsoft.PowerShell.Commands.OutTarget",
    "PSMemberTypes": "System.Management.Automation.PSMemberTypes",
    "Char": "System.Char",
    "ConsoleColor": "System.ConsoleColor",
    "Version": "System.Version",
}


def element_type(type_name: str) -> str | None:
    """``Int32`` for ``Int32[]``; None for a scalar type."""
    return type_name[:-2] if type_name.endswith("[]") else None


def dotnet_name(type_name: str) -> str:
    """The full .NET name PowerShell prints for a signature type (``System.Int32[]``)."""
    elem = element_type(type_name)
    if elem is not None:
        return dotnet_name(elem) + "[]"
    return _DOTNET_NAMES.get(type_name, type_name)


_ENUM_DOTNET_NAMES: Mapping[type[enum.Enum], str] = {
    JobState: _DOTNET_NAMES["JobState"],
    ActionPreference: _DOTNET_NAMES["ActionPreference"],
    SessionFilterState: _DOTNET_NAMES["SessionFilterState"],
    OutTarget: _DOTNET_NAMES["OutTarget"],
    ConsoleColor: _DOTNET_NAMES["ConsoleColor"],
    PSMemberTypes: _DOTNET_NAMES["PSMemberTypes"],
}

_INT32_MIN, _INT32_MAX = -(2**31), 2**31 - 1
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


def dotnet_type_of(value: object) -> str:
    """The .NET type name PowerShell would report for ``value`` in an error message.

    Objects of other layers name themselves with a ``type_names`` tuple (as
    :class:`PSObject` does), most specific first.
    """
    if value is None:
        return "null"
    if isinstance(value, enum.Enum):
        return _ENUM_DOTNET_NAMES.get(type(value), "System.Enum")
    type_names = getattr(value, "type_names", None)
    if type_names:
        return str(type_names[0])
    simple: list[tuple[type, str]] = [
        (bool, "System.Boolean"),
        (float, "System.Double"),
        (str, "System.String"),
        (list, "System.Object[]"),
        (tuple, "System.Object[]"),
        (Hashtable, "System.Collections.Hashtable"),
        (ScriptBlockValue, "System.Management.Automation.ScriptBlock"),
        (uuid.UUID, "System.Guid"),
        (datetime, "System.DateTime"),
        (timedelta, "System.TimeSpan"),
        (Decimal, "System.Decimal"),
        (Int64, "System.Int64"),
    ]
    for cls, name in simple:
        if isinstance(value, cls):
            return name
    if isinstance(value, int):
        return "System.Int32" if _INT32_MIN <= value <= _INT32_MAX else "System.Int64"
    return "System.Object"


def format_double(value: float) -> str:
    """A double as PowerShell prints it: ``2``, ``1.5``, ``0.3`` for ``0.1 + 0.2``,
    ``1E+20``, ``NaN``, ``Infinity`` (:func:`~rjkernel.values.numbers.ps_double_text`)."""
    return numbers.ps_double_text(value)


def value_text(value: object) -> str:
    """``value`` as PowerShell's ToString() shows it inside messages."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, float):
        return format_double(value)
    if isinstance(value, (list, tuple)):
        return "System.Object[]"
    if isinstance(value, Hashtable):
        return str(value.type_names[0])  # OrderedDictionary for [ordered]
    if isinstance(value, datetime):
        return value.strftime("%m/%d/%Y %H:%M:%S")
    return str(value)


# --- numbers -----------------------------------------------------------------------

_INTEGER = re.compile(r"[+-]?\d+")
_HEX = re.compile(r"[+-]?0[xX][0-9a-fA-F]+")
_DECIMAL = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def _parse_number(text: str) -> int | float:
    s = text.strip()
    if not s:
        return 0
    if _INTEGER.fullmatch(s):
        return int(s)
    if _HEX.fullmatch(s):
        return int(s, 16)
    if _DECIMAL.fullmatch(s):
        return float(s)
    raise ConversionError(f"The input string '{text}' was not in a correct format.")


def _integer(value: object, low: int, high: int, name: str) -> int:
    if type(value) is int and low <= value <= high:
        return value
    if value is None:
        return 0
    number: int | float
    if isinstance(value, int):  # bool and IntEnum members included
        number = int(value)
    elif isinstance(value, float):
        number = value
    elif isinstance(value, str):
        number = _parse_number(value)
    else:
        raise ConversionError()
    if isinstance(number, float):
        if math.isnan(number) or math.isinf(number):
            raise ConversionError(f"Value was either too large or too small for an {name}.")
        number = round(number)  # .NET rounds half to even, as Python does
    if not low <= number <= high:
        raise ConversionError(f"Value was either too large or too small for an {name}.")
    return number


def to_int32(value: object) -> object:
    return _integer(value, _INT32_MIN, _INT32_MAX, "Int32")


def to_int64(value: object) -> object:
    return _integer(value, _INT64_MIN, _INT64_MAX, "Int64")


def to_double(value: object) -> object:
    if type(value) is float:
        return value
    if value is None:
        return 0.0
    if isinstance(value, (bool, int)):
        return float(value)
    if isinstance(value, str):
        return float(_parse_number(value))
    raise ConversionError()


# --- text, booleans ----------------------------------------------------------------


def to_string(value: object) -> object:
    if type(value) is str:
        return value
    if isinstance(value, (ScriptBlockValue, list, tuple)):
        raise ConversionError()
    return value_text(value)


def to_boolean(value: object) -> object:
    """Boolean and switch parameters: booleans and numbers only, as PowerShell insists."""
    if type(value) is bool:
        return value
    if value is None:
        return False
    if isinstance(value, (int, float)):
        return value != 0
    raise BooleanArgumentError()


# --- structured values -------------------------------------------------------------


def to_guid(value: object) -> object:
    if isinstance(value, uuid.UUID):
        return value
    if isinstance(value, str):
        try:
            return uuid.UUID(value.strip())
        except ValueError:
            raise ConversionError("Unrecognized Guid format.") from None
    raise ConversionError()


def to_datetime(value: object) -> object:
    """Strings as PowerShell's binder reads them (invariant culture: ISO 8601,
    ``5/1/2024 10:00``, ``May 1, 2024``; see ``dates.parse_datetime``)."""
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str):
        raise ConversionError()
    try:
        return dates.parse_datetime(value)
    except dates.DateFormatError as exc:
        raise ConversionError(str(exc)) from None


def to_char(value: object) -> object:
    """A one-character string (``-Delimiter ';'``) or a character code."""
    if isinstance(value, str) and len(value) == 1:
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 0xFFFF:
        return chr(value)
    if isinstance(value, str):
        raise ConversionError("String must be exactly one character long.")
    raise ConversionError()


def to_hashtable(value: object) -> object:
    if isinstance(value, Hashtable):
        return value
    if isinstance(value, dict):
        return Hashtable(value.items())
    raise ConversionError()


def to_scriptblock(value: object) -> object:
    if isinstance(value, ScriptBlockValue):
        return value
    raise ConversionError()


def passthrough(value: object) -> object:
    """``Object``, ``PSObject``: anything binds, unchanged."""
    return value


def enum_converter(enum_type: type[enum.IntEnum]) -> Converter:
    """Names (any case) or numbers to members of ``enum_type``; ``str(member)`` is its PS name."""
    by_name = {str(member).lower(): member for member in enum_type}
    names = ", ".join(str(member) for member in enum_type)

    def unmatched(text: str) -> ConversionError:
        return ConversionError(
            f"Unable to match the identifier name {text} to a valid enumerator name. "
            f"Specify one of the following enumerator names and try again:\n{names}"
        )

    def convert(value: object) -> object:
        if isinstance(value, enum_type):
            return value
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise ConversionError()
        if isinstance(value, str):
            text = value.strip()
            if text.lower() in by_name:
                return by_name[text.lower()]
            if not _INTEGER.fullmatch(text):
                raise unmatched(value)
            value = int(text)
        if isinstance(value, float) and not value.is_integer():
            raise ConversionError()
        try:
            return enum_type(int(value))
        except ValueError:
            raise unmatched(value_text(value)) from None

    return convert


_MEMBER_TYPES = enum_converter(PSMemberTypes)


def member_type(value: object) -> object:
    """``-MemberType``: a PSMemberTypes name, left as written when it is one.

    Binding it unchanged counts as an exact match, so ``Add-Member NoteProperty x 1``
    binds the MemberType set while ``Add-Member x 1`` (not a member type) falls to
    NotePropertyName — the choice PowerShell makes through NotePropertyName's
    ValidateNotePropertyName attribute."""
    member = _MEMBER_TYPES(value)
    return value if isinstance(value, str) else member


DEFAULT_CONVERTERS: Mapping[str, Converter] = MappingProxyType({
    "Int32": to_int32,
    "Int64": to_int64,
    "Double": to_double,
    "String": to_string,
    "SwitchParameter": to_boolean,
    "Boolean": to_boolean,
    "Guid": to_guid,
    "DateTime": to_datetime,
    "Char": to_char,
    "Hashtable": to_hashtable,
    "ScriptBlock": to_scriptblock,
    "Object": passthrough,
    "PSObject": passthrough,
    # The session layer replaces this with a converter that builds its credential type.
    "PSCredential": passthrough,
    "JobState": enum_converter(JobState),
    "ActionPreference": enum_converter(ActionPreference),
    "SessionFilterState": enum_converter(SessionFilterState),
    "OutTarget": enum_converter(OutTarget),
    "ConsoleColor": enum_converter(ConsoleColor),
    "PSMemberTypes": member_type,
})


def default_converters() -> dict[str, Converter]:
    """A fresh, extendable copy of the built-in converters (add ``Job``, ``PSSession`` …)."""
    return dict(DEFAULT_CONVERTERS)
