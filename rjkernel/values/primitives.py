"""Static members of the primitive types runbooks call beyond ``members``' table:
``[math]::Round`` with ``[MidpointRounding]``, ``[math]::Sign/Exp``, ``[char]::IsDigit``
and its siblings, ``[array]::IndexOf/Sort/Reverse`` (in place, as .NET's) and
``[guid]::Empty``. References: learn.microsoft.com, System.Math.Round(Double, Int32,
MidpointRounding), System.Char, System.Array.
"""

from __future__ import annotations

import enum
import functools
import math
import unicodedata
import uuid
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Any

from rjkernel.values import dates, types
from rjkernel.values.membertable import (
    StaticMembers,
    TypeMembers,
    register_enum,
    register_members,
    register_statics,
)
from rjkernel.values.objects import Char
from rjkernel.values.operators import equals, order, to_number
from rjkernel.values.strings import MethodFault


class MidpointRounding(enum.IntEnum):
    """System.MidpointRounding."""

    ToEven = 0
    AwayFromZero = 1
    ToZero = 2
    ToNegativeInfinity = 3
    ToPositiveInfinity = 4

    def __str__(self) -> str:
        return self.name


_DECIMAL_MODES = {MidpointRounding.ToEven: ROUND_HALF_EVEN,
                  MidpointRounding.AwayFromZero: ROUND_HALF_UP,
                  MidpointRounding.ToZero: ROUND_DOWN,
                  MidpointRounding.ToNegativeInfinity: ROUND_FLOOR,
                  MidpointRounding.ToPositiveInfinity: ROUND_CEILING}


def _mode(value: Any) -> MidpointRounding:
    if isinstance(value, MidpointRounding):
        return value
    if isinstance(value, str):
        found = next((m for m in MidpointRounding if m.name.lower() == value.strip().lower()),
                     None)
        if found is not None:
            return found
    try:
        return MidpointRounding(int(to_number(value)))
    except (ValueError, TypeError):
        raise MethodFault(f'Cannot convert value "{value}" to type "System.MidpointRounding".'
                          ) from None


def _round(value: Any, *args: Any) -> Any:
    """Math.Round(x), (x, digits), (x, mode), (x, digits, mode)."""
    digits, mode = 0, MidpointRounding.ToEven
    if len(args) == 2:
        digits, mode = int(to_number(args[0])), _mode(args[1])
    elif len(args) == 1:
        is_mode = isinstance(args[0], (MidpointRounding, str)) and \
            not str(args[0]).strip().lstrip("-").isdigit()
        if is_mode:
            mode = _mode(args[0])
        else:
            digits = int(to_number(args[0]))
    elif args:
        raise TypeError("overload")
    if not 0 <= digits <= 15:
        raise MethodFault("Rounding digits must be between 0 and 15, inclusive. "
                          "(Parameter 'digits')")
    number = to_number(value)
    if isinstance(number, int) and not isinstance(number, bool):
        return number
    if isinstance(number, Decimal):
        return number.quantize(Decimal(1).scaleb(-digits), rounding=_DECIMAL_MODES[mode])
    return _round_double(float(number), digits, mode)


def _round_double(value: float, digits: int, mode: MidpointRounding) -> float:
    """.NET's Math.Round(double, int, MidpointRounding): scale by 10^digits in binary
    floating point, round, scale back — so 2.345 to 2 digits is 2.34 (234.4999…), as in
    PowerShell, not the 2.35 a decimal reading would give."""
    if abs(value) >= 1e16 or math.isnan(value) or math.isinf(value):
        return value
    power = 10.0 ** digits
    scaled = value * power
    whole = math.trunc(scaled)
    if mode is MidpointRounding.ToEven:
        scaled = float(round(scaled))
    elif mode is MidpointRounding.AwayFromZero:
        fraction = scaled - whole
        scaled = whole + (math.copysign(1.0, fraction) if abs(fraction) >= 0.5 else 0.0)
    elif mode is MidpointRounding.ToZero:
        scaled = float(whole)
    elif mode is MidpointRounding.ToNegativeInfinity:
        scaled = float(math.floor(scaled))
    else:
        scaled = float(math.ceil(scaled))
    return scaled / power if digits else scaled


def _sign(value: Any) -> int:
    number = to_number(value)
    if isinstance(number, float) and math.isnan(number):
        raise MethodFault("Function does not accept floating point Not-a-Number values.")
    return (number > 0) - (number < 0)


def _clamp(value: Any, low: Any, high: Any) -> Any:
    """Math.Clamp(value, min, max); min above max is .NET's ArgumentException."""
    number, lo, hi = to_number(value), to_number(low), to_number(high)
    if lo > hi:
        raise MethodFault(f"'{lo}' cannot be greater than {hi}.")
    return lo if number < lo else hi if number > hi else number


register_statics("System.Math", StaticMembers(properties={}, methods={
    "Round": _round,
    "Sign": _sign,
    "Exp": lambda x: math.exp(float(to_number(x))),
    "Log2": lambda x: math.log2(float(to_number(x))),
    "Cbrt": lambda x: math.copysign(abs(float(to_number(x))) ** (1 / 3), float(to_number(x))),
    "Clamp": _clamp,
}))
register_enum("System.MidpointRounding", MidpointRounding)


# ---------------------------------------------------------------------- Char


def _char(value: Any, index: Any = None) -> str:
    """A Char argument, or the character at ``index`` of a string (the (string, int)
    overloads)."""
    if index is not None:
        text = str(value)
        at = int(to_number(index))
        if not 0 <= at < len(text):
            raise MethodFault("Index was out of range. Must be non-negative and less than the "
                              "size of the collection. (Parameter 'index')")
        return text[at]
    return str(types.cast("char", value))


def _category(*prefixes: str) -> Any:
    return lambda value, index=None: unicodedata.category(_char(value, index)).startswith(
        prefixes)


register_statics("System.Char", StaticMembers(properties={}, methods={
    "IsDigit": _category("Nd"),
    "IsLetter": _category("L"),
    "IsLetterOrDigit": _category("L", "Nd"),
    "IsNumber": _category("N"),
    "IsUpper": _category("Lu"),
    "IsLower": _category("Ll"),
    "IsPunctuation": _category("P"),
    "IsWhiteSpace": lambda value, index=None: _char(value, index).isspace(),
    "ToUpper": lambda value: Char(_char(value).upper()),
    "ToLower": lambda value: Char(_char(value).lower()),
}))


# ---------------------------------------------------------------------- Array and Guid


def _array(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise MethodFault("Value cannot be null. (Parameter 'array')" if value is None else
                          "Only single dimensional arrays are supported for the requested "
                          "action. (Parameter 'array')")
    return value


def _sort(value: Any) -> None:
    items = _array(value)
    try:
        items.sort(key=functools.cmp_to_key(order))
    except TypeError:
        raise MethodFault("Failed to compare two elements in the array.") from None


def _index_of(value: Any, item: Any) -> int:
    items = _array(value)
    return next((i for i, x in enumerate(items) if equals(x, item, True)), -1)


register_statics("System.Array", StaticMembers(properties={}, methods={
    "IndexOf": _index_of,
    "Reverse": lambda value: _array(value).reverse(),
    "Sort": _sort,
}))
register_statics("System.Guid", StaticMembers(
    properties={"Empty": lambda: uuid.UUID(int=0)}, methods={}))


# A Guid prints as a one-column table of its Guid property, a ScriptProperty that
# types.ps1xml adds ($this.ToString()) and DotNetTypes.format.ps1xml shows.
register_members(uuid.UUID, TypeMembers(
    properties={"Guid": (str, "System.Object Guid {get=$this.ToString();}")},
    methods={"ToString": (lambda g, *_: str(g), "string ToString(), string ToString("
                                                "string format)")},
))


# ---------------------------------------------------------------------- enums, integers


register_enum("System.DayOfWeek", dates.DayOfWeek)
register_enum("System.DateTimeKind", dates.DateTimeKind)

# The other integer types a runbook casts to: values stay Python ints, checked against
# the type's range as .NET's conversions check them.
for _name, _names, _low, _high in (
    ("System.Int16", ("short", "int16"), -(1 << 15), (1 << 15) - 1),
    ("System.UInt16", ("ushort", "uint16"), 0, (1 << 16) - 1),
    ("System.UInt32", ("uint", "uint32"), 0, (1 << 32) - 1),
    ("System.UInt64", ("ulong", "uint64"), 0, (1 << 64) - 1),
    ("System.SByte", ("sbyte",), -128, 127),
):
    types.register(types.PSType(_name, _names, lambda v: False,
                                types.integer_cast(_low, _high, _name.removeprefix("System.")),
                                "System.ValueType", True))
