"""Properties and methods of plain values: ``$s.Length``, ``$h.Keys``, ``$d.AddDays(1)``,
``$ts.TotalSeconds``, ``$x.GetType()``.

Each .NET type rjkernel represents with a Python type has a table here: its properties
(name → getter) and methods (name → function and Get-Member's ``Definition``). Lookup
is case-insensitive, as in PowerShell. Rules kept from PowerShell's adapters:

- A hashtable's keys come before its properties: ``@{Count=5}.Count`` is 5, and
  ``@{a=1; b=2}.Count`` is 2 (about_Hash_Tables).
- Every object has the intrinsic ``Count`` and ``Length`` (1 for a scalar, 0 for
  ``$null``) unless it has such a property of its own (about_Properties).
- A method that does not exist is ``Method invocation failed because [System.String]
  does not contain a method named 'Foo'.``; a wrong argument count is ``Cannot find an
  overload for "Substring" and the argument count: "3".``; an exception inside is
  ``Exception calling "Substring" with "1" argument(s): "…"``.
"""

from __future__ import annotations

import enum
import inspect
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from rjkernel.errors import ErrorRecord, PSError
from rjkernel.values import constructors, dates, numbers, strings, types
from rjkernel.values.composite import format_composite
from rjkernel.values.conversion import dotnet_type_of, value_text
from rjkernel.values.exceptions import ERROR_RECORD_PROPERTIES
from rjkernel.values.membertable import (
    INTRINSICS,
    STATICS,
    TABLES,
    ArgumentConversionFault,
    MethodBindingFault,
    MethodFn,
    TypeMembers,
)
from rjkernel.values.objects import (
    MISSING,
    Hashtable,
    PSObject,
    duplicate_key_message,
)
from rjkernel.values.operators import equals, to_number, to_string

_SMA = "System.Management.Automation."


@dataclass(frozen=True)
class Member:
    """One row of Get-Member: name, kind and .NET definition."""

    name: str
    member_type: str
    definition: str


def _date_text(value: Any) -> str:
    return to_string(value)


def _number_arg(value: Any) -> float:
    return float(to_number(value))


def _add(unit: str) -> MethodFn:
    def add(d: datetime, amount: Any) -> datetime:
        delta = timedelta(**{unit: _number_arg(amount)})
        try:
            return d + delta
        except OverflowError:
            raise strings.MethodFault("The added or subtracted value results in an "
                                      "un-representable DateTime. (Parameter 'value')") from None

    return add


def _subtract(d: datetime, other: Any) -> Any:
    if isinstance(other, datetime):
        return d.replace(tzinfo=None) - other.replace(tzinfo=None)
    if isinstance(other, timedelta):
        return d - other
    raise strings.MethodFault("Cannot convert argument.")


def _to_string_date(d: datetime, fmt: Any = None, *_: Any) -> str:
    try:
        return dates.format_datetime(d, None if fmt is None else _date_text(fmt))
    except dates.DateFormatError as exc:
        raise strings.MethodFault(str(exc)) from None


def _compare(a: Any, b: Any) -> int:
    if isinstance(a, datetime) and isinstance(b, datetime):
        a, b = a.replace(tzinfo=None), b.replace(tzinfo=None)
    return (a > b) - (a < b)


def _file_time(d: datetime) -> int:
    utc = dates.to_utc(d)
    return dates.ticks(utc) - dates.ticks(datetime(1601, 1, 1))


_DATETIME = TypeMembers(
    properties={
        "DisplayHint": (lambda d: getattr(d, "display_hint", MISSING),
                        "DisplayHintType DisplayHint=DateTime"),
        "DateTime": (dates.long_text, "System.Object DateTime {get=…}"),
        "Date": (lambda d: d.replace(hour=0, minute=0, second=0, microsecond=0),
                 "datetime Date {get;}"),
        "Day": (lambda d: d.day, "int Day {get;}"),
        "DayOfWeek": (lambda d: dates.DayOfWeek((d.weekday() + 1) % 7),
                      "System.DayOfWeek DayOfWeek {get;}"),
        "DayOfYear": (lambda d: d.timetuple().tm_yday, "int DayOfYear {get;}"),
        "Hour": (lambda d: d.hour, "int Hour {get;}"),
        "Kind": (dates.kind_of, "System.DateTimeKind Kind {get;}"),
        "Millisecond": (lambda d: d.microsecond // 1000, "int Millisecond {get;}"),
        "Microsecond": (lambda d: d.microsecond % 1000, "int Microsecond {get;}"),
        "Nanosecond": (lambda d: 0, "int Nanosecond {get;}"),
        "Minute": (lambda d: d.minute, "int Minute {get;}"),
        "Month": (lambda d: d.month, "int Month {get;}"),
        "Second": (lambda d: d.second, "int Second {get;}"),
        "Ticks": (dates.ticks, "long Ticks {get;}"),
        "TimeOfDay": (lambda d: timedelta(hours=d.hour, minutes=d.minute, seconds=d.second,
                                          microseconds=d.microsecond),
                      "timespan TimeOfDay {get;}"),
        "Year": (lambda d: d.year, "int Year {get;}"),
    },
    methods={
        "Add": (lambda d, ts: d + ts, "datetime Add(timespan value)"),
        "AddDays": (_add("days"), "datetime AddDays(double value)"),
        "AddHours": (_add("hours"), "datetime AddHours(double value)"),
        "AddMilliseconds": (_add("milliseconds"), "datetime AddMilliseconds(double value)"),
        "AddMinutes": (_add("minutes"), "datetime AddMinutes(double value)"),
        "AddMonths": (lambda d, n: dates.add_months(d, int(_number_arg(n))),
                      "datetime AddMonths(int months)"),
        "AddSeconds": (_add("seconds"), "datetime AddSeconds(double value)"),
        "AddTicks": (lambda d, n: d + dates.from_ticks(int(_number_arg(n))),
                     "datetime AddTicks(long value)"),
        "AddYears": (lambda d, n: dates.add_months(d, 12 * int(_number_arg(n))),
                     "datetime AddYears(int value)"),
        "CompareTo": (_compare, "int CompareTo(System.Object value), int CompareTo("
                                "datetime value)"),
        "Equals": (lambda d, o: isinstance(o, datetime) and _compare(d, o) == 0,
                   "bool Equals(System.Object value), bool Equals(datetime value)"),
        "IsDaylightSavingTime": (lambda d: bool(d.astimezone().dst()),
                                 "bool IsDaylightSavingTime()"),
        "Subtract": (_subtract, "timespan Subtract(datetime value), datetime Subtract("
                                "timespan value)"),
        "ToFileTime": (_file_time, "long ToFileTime()"),
        "ToLocalTime": (dates.to_local, "datetime ToLocalTime()"),
        "ToLongDateString": (lambda d: dates.format_datetime(d, "D"),
                             "string ToLongDateString()"),
        "ToLongTimeString": (lambda d: dates.format_datetime(d, "T"),
                             "string ToLongTimeString()"),
        "ToShortDateString": (lambda d: dates.format_datetime(d, "d"),
                              "string ToShortDateString()"),
        "ToShortTimeString": (lambda d: dates.format_datetime(d, "t"),
                              "string ToShortTimeString()"),
        "ToString": (_to_string_date, "string ToString(), string ToString(string format), "
                                      "string ToString(string format, System.IFormatProvider "
                                      "provider)"),
        "ToUniversalTime": (dates.to_utc, "datetime ToUniversalTime()"),
    },
)


def _timespan_string(ts: timedelta, fmt: Any = None, *_: Any) -> str:
    try:
        return dates.format_timespan(ts, None if fmt is None else _date_text(fmt))
    except dates.DateFormatError as exc:
        raise strings.MethodFault(str(exc)) from None


_TIMESPAN = TypeMembers(
    properties={
        name: ((lambda n: lambda ts: dates.timespan_members(ts)[n])(name),
               f"{'long' if name == 'Ticks' else 'double' if name.startswith('Total') else 'int'}"
               f" {name} {{get;}}")
        for name in dates.timespan_members(timedelta(0))
    },
    methods={
        "Add": (lambda ts, o: ts + o, "timespan Add(timespan ts)"),
        "CompareTo": (_compare, "int CompareTo(System.Object value), int CompareTo("
                                "timespan value)"),
        "Duration": (abs, "timespan Duration()"),
        "Equals": (lambda ts, o: ts == o, "bool Equals(System.Object value), bool Equals("
                                          "timespan obj)"),
        "Negate": (lambda ts: -ts, "timespan Negate()"),
        "Subtract": (lambda ts, o: ts - o, "timespan Subtract(timespan ts)"),
        "ToString": (_timespan_string, "string ToString(), string ToString(string format), "
                                       "string ToString(string format, System.IFormatProvider "
                                       "formatProvider)"),
    },
)


def _number_string(n: Any, fmt: Any = None, *_: Any) -> str:
    try:
        return numbers.format_number(n, "" if fmt is None else _date_text(fmt))
    except numbers.NumberError as exc:
        raise strings.MethodFault(exc.message) from None


_NUMBER = TypeMembers(
    properties={},
    methods={
        "CompareTo": (_compare, "int CompareTo(System.Object value)"),
        "Equals": (lambda n, o: n == o, "bool Equals(System.Object obj)"),
        "ToString": (_number_string, "string ToString(), string ToString(string format), "
                                     "string ToString(System.IFormatProvider provider), "
                                     "string ToString(string format, System.IFormatProvider "
                                     "provider)"),
    },
)

_STRING = TypeMembers(
    properties={"Length": (len, "int Length {get;}")},
    methods=strings.STRING_METHODS,
)


def _list_index(items: list[Any], value: Any) -> int:
    return next((i for i, item in enumerate(items) if equals(item, value, True)), -1)


_ARRAY = TypeMembers(
    properties={
        "Count": (len, "int Count {get;}"),
        "IsFixedSize": (lambda a: True, "bool IsFixedSize {get;}"),
        "IsReadOnly": (lambda a: False, "bool IsReadOnly {get;}"),
        "IsSynchronized": (lambda a: False, "bool IsSynchronized {get;}"),
        "Length": (len, "int Length {get;}"),
        "LongLength": (len, "long LongLength {get;}"),
        "Rank": (lambda a: 1, "int Rank {get;}"),
    },
    methods={
        "Clone": (list, "System.Object Clone(), System.Object ICloneable.Clone()"),
        "Contains": (lambda a, v: _list_index(a, v) >= 0, "bool IList.Contains(System.Object "
                                                          "value)"),
        "GetValue": (lambda a, i: a[int(_number_arg(i))], "System.Object GetValue(int index)"),
        "IndexOf": (_list_index, "int IList.IndexOf(System.Object value)"),
    },
)


def _add_key(h: Hashtable, key: Any, value: Any) -> None:
    if key is None:
        raise strings.MethodFault("Key cannot be null. (Parameter 'key')")
    if key in h:
        raise strings.MethodFault(duplicate_key_message(h, key))
    h[key] = value


def _remove_key(h: Hashtable, key: Any) -> None:
    h.pop(key, None)


_HASHTABLE = TypeMembers(
    properties={
        "IsReadOnly": (lambda h: False, "bool IsReadOnly {get;}"),
        "IsFixedSize": (lambda h: False, "bool IsFixedSize {get;}"),
        "IsSynchronized": (lambda h: False, "bool IsSynchronized {get;}"),
        "Keys": (lambda h: list(h.keys()), "System.Collections.ICollection Keys {get;}"),
        "Values": (lambda h: list(h.values()), "System.Collections.ICollection Values {get;}"),
        "Count": (len, "int Count {get;}"),
    },
    methods={
        "Add": (_add_key, "void Add(System.Object key, System.Object value)"),
        "Clear": (lambda h: h.clear(), "void Clear()"),
        "Clone": (lambda h: type(h)(h.items()), "System.Object Clone()"),
        "Contains": (lambda h, k: k in h, "bool Contains(System.Object key)"),
        "ContainsKey": (lambda h, k: k in h, "bool ContainsKey(System.Object key)"),
        "ContainsValue": (lambda h, v: _list_index(list(h.values()), v) >= 0,
                          "bool ContainsValue(System.Object value)"),
        "GetEnumerator": (lambda h: h.entries(),
                          "System.Collections.IDictionaryEnumerator GetEnumerator()"),
        "Remove": (_remove_key, "void Remove(System.Object key)"),
    },
)

_PSOBJECT = TypeMembers(properties={}, methods={})

_ERROR_RECORD = TypeMembers(properties=ERROR_RECORD_PROPERTIES, methods={})

_COMMON_METHODS: dict[str, tuple[MethodFn, str]] = {
    "GetType": (types.type_of, "type GetType()"),
    "GetHashCode": (lambda v: hash(v) & 0x7FFFFFFF if v.__hash__ else id(v) & 0x7FFFFFFF,
                    "int GetHashCode()"),
}


def _table_for(value: Any) -> TypeMembers | None:
    family = TABLES.get(type(value))
    if family is not None:
        return family
    if isinstance(value, bool):
        return _NUMBER
    if isinstance(value, str):
        return _STRING
    if isinstance(value, datetime):
        return _DATETIME
    if isinstance(value, timedelta):
        return _TIMESPAN
    if numbers.is_number(value):
        return _NUMBER
    if isinstance(value, (list, tuple)):
        return _ARRAY
    if isinstance(value, Hashtable):
        return _HASHTABLE
    if isinstance(value, PSObject):
        return _PSOBJECT
    if isinstance(value, ErrorRecord):
        return _ERROR_RECORD
    return None


def _find(table: Mapping[str, Any], name: str) -> tuple[str, Any] | None:
    if name in table:  # as written, the common case: no scan
        return name, table[name]
    low = name.lower()
    return next(((k, v) for k, v in table.items() if k.lower() == low), None)


# ---------------------------------------------------------------------- properties


def _notes(value: Any) -> dict[str, Any]:
    """The note properties an error record received from a job carries (its
    :class:`~rjkernel.values.objects.LineOrigin`); PowerShell lists an object's notes
    before its .NET properties."""
    if isinstance(value, ErrorRecord) and value.origin is not None:
        return value.origin.notes(value.message)
    return {}


def properties(value: Any) -> dict[str, Any]:
    """The .NET properties of a plain value, in .NET's order (for Format-List *,
    Select-Object *)."""
    table = _table_for(value)
    if table is None or isinstance(value, (str, list, tuple, Hashtable)):
        return {}
    out: dict[str, Any] = _notes(value)
    for name, (getter, _) in table.properties.items():
        result = getter(value)
        if result is not MISSING:
            out[name] = result
    return out


def properties_of(obj: Any) -> Mapping[str, Any]:
    """The PowerShell-visible properties of ``obj``, in display order.

    Objects of the job and session layers expose them with a ``ps_properties()`` method;
    custom objects and hashtables carry them directly; strings have ``Length``; dates
    and time spans their .NET properties.
    """
    if isinstance(obj, PSObject):
        return obj.properties
    props = getattr(obj, "ps_properties", None)
    if props is not None:
        return Hashtable(props().items())
    if isinstance(obj, str):
        return Hashtable([("Length", len(obj))])
    return Hashtable(properties(obj).items())


def table_properties(value: Any) -> dict[str, Any]:
    """The properties of the value's .NET type (a hashtable's Count, Keys …, never its
    keys), for ``.PSObject.Properties``."""
    table = _table_for(value)
    return {} if table is None else {n: g(value) for n, (g, _) in table.properties.items()}


def get_property(value: Any, name: str) -> Any:
    """``value.name`` with PowerShell's case-insensitive lookup; ``MISSING`` if absent.

    A hashtable's keys act as properties (``$h.key``) and come first, as in PowerShell;
    the intrinsic members (``.PSObject``) come last.
    """
    found = _own_property(value, name)
    if found is MISSING and value is not None:
        intrinsic = INTRINSICS.get(name.lower())
        if intrinsic is not None:
            return intrinsic(value)
    return found


def _own_property(value: Any, name: str) -> Any:
    if isinstance(value, Hashtable) and name in value:
        return value[name]
    if isinstance(value, PSObject):
        return value.properties.get(name, MISSING)
    one = getattr(value, "ps_property", None)  # an object that can read one property
    if one is not None:
        found = one(name)
        return MISSING if found is None else found[1]
    props = getattr(value, "ps_properties", None)
    if props is not None:
        found = _find(props(), name)
        return MISSING if found is None else found[1]
    noted = _find(_notes(value), name)
    if noted is not None:
        return noted[1]
    table = _table_for(value)
    if table is not None:
        hit = _find(table.properties, name)
        if hit is not None:
            return hit[1][0](value)
    return MISSING


get = get_property


# ---------------------------------------------------------------------- methods


def _type_name(value: Any) -> str:
    return "System.Object" if value is None else dotnet_type_of(value)


def method_not_found(value: Any, name: str) -> PSError:
    if value is None:
        return PSError(ErrorRecord(
            message="You cannot call a method on a null-valued expression.",
            error_id="InvokeMethodOnNull", category="InvalidOperation"))
    return PSError(ErrorRecord(
        message=f"Method invocation failed because [{_type_name(value)}] does not contain a "
                f"method named '{name}'.",
        error_id="MethodNotFound", category="InvalidOperation"))


def find_method(value: Any, name: str) -> tuple[str, MethodFn] | None:
    """The method ``name`` of ``value``: its .NET spelling and function (objects of
    other layers offer theirs with ``ps_methods()``, each taking the object first)."""
    own = getattr(value, "ps_methods", None)
    if own is not None:
        found = _find(own(), name)
        if found is not None:
            return found
    if isinstance(value, enum.Enum) and name.lower() == "tostring":
        return "ToString", _to_string  # Enum.ToString(): the name, not the number
    table = _table_for(value)
    if table is not None:
        hit = _find(table.methods, name)
        if hit is not None:
            return hit[0], hit[1][0]
    if value is not None:
        hit = _find(_COMMON_METHODS, name)
        if hit is not None:
            return hit[0], hit[1][0]
        if name.lower() == "tostring":
            return "ToString", _to_string
    return None


def _to_string(value: Any, *_: Any) -> str:
    """.NET's own ToString(): the culture's date, an array's or hashtable's type name
    (``(1,2).ToString()`` is ``System.Object[]``, and so is an array in a CSV field)."""
    if isinstance(value, datetime):
        return dates.culture_text(value)
    if isinstance(value, (list, tuple, Hashtable)):
        return value_text(value)
    return to_string(value)


def call(value: Any, name: str, args: list[Any]) -> Any:
    """``value.name(args)`` with PowerShell's errors."""
    found = find_method(value, name)
    if found is None:
        raise method_not_found(value, name)
    spelled, fn = found
    try:
        inspect.signature(fn).bind(value, *args)
    except TypeError:
        raise _overload_error(spelled, len(args)) from None
    try:
        return fn(value, *args)
    except (ArgumentConversionFault, MethodBindingFault) as exc:
        raise _binding_error(spelled, exc) from None
    except PSError as exc:
        message = exc.record.message
    except strings.MethodFault as exc:
        message = exc.message
    except (ValueError, IndexError, KeyError, TypeError, OverflowError) as exc:
        message = _dotnet_message(exc)
    raise PSError(ErrorRecord(
        message=f'Exception calling "{spelled}" with "{len(args)}" argument(s): "{message}"',
        error_id="MethodInvocationException", category="NotSpecified",
        exception=_SMA + "MethodInvocationException"))


def _overload_error(method: str, count: int) -> PSError:
    return PSError(ErrorRecord(
        message=f'Cannot find an overload for "{method}" and the argument count: "{count}".',
        error_id="MethodCountCouldNotFindBest", category="InvalidOperation"))


def _binding_error(method: str, fault: ArgumentConversionFault | MethodBindingFault
                   ) -> PSError:
    """Arguments that do not fit the method: PowerShell's MethodException, never
    wrapped in "Exception calling"."""
    if isinstance(fault, ArgumentConversionFault):
        return argument_conversion_error(method, fault)
    return PSError(ErrorRecord(message=fault.message, error_id=fault.error_id,
                               category="NotSpecified", exception=_SMA + "MethodException"))


def argument_conversion_error(method: str, fault: ArgumentConversionFault) -> PSError:
    """PowerShell's error for an argument that does not convert to its parameter's type."""
    return PSError(ErrorRecord(
        message=f'Cannot convert argument "{fault.parameter}", with value: '
                f'"{value_text(fault.value)}", for "{method}" to type "{fault.type_name}": '
                f'"{fault.reason}"',
        error_id="MethodArgumentConversionInvalidCastArgument", category="NotSpecified",
        exception=_SMA + "MethodException"))


def _dotnet_message(exc: Exception) -> str:
    if isinstance(exc, IndexError):
        return "Index was outside the bounds of the array."
    if isinstance(exc, OverflowError):
        return "Value was either too large or too small."
    return "Input string was not in a correct format."


# ---------------------------------------------------------------------- Get-Member


def member_list(value: Any) -> list[Member]:
    """Get-Member's rows for ``value``: methods, then properties, by name."""
    rows: list[Member] = []
    table = _table_for(value)
    methods = dict(_COMMON_METHODS)
    methods.setdefault("ToString", (_to_string, "string ToString()"))
    methods["Equals"] = (lambda a, b: a == b, "bool Equals(System.Object obj)")
    if table is not None:
        methods.update(table.methods)
        for name, (_, definition) in table.properties.items():
            if name == "DisplayHint" and not hasattr(value, "display_hint"):
                continue
            kind = "NoteProperty" if name == "DisplayHint" else \
                "ScriptProperty" if name == "DateTime" else "Property"
            rows.append(Member(name, kind, definition))
    notes = value.properties if isinstance(value, PSObject) else _notes(value)
    for name, item in notes.items():
        rows.append(Member(name, "NoteProperty", note_definition(name, item)))
    if table is None and not isinstance(value, PSObject):
        props = getattr(value, "ps_properties", None)
        if props is not None:
            # an object of another layer may spell its properties' .NET types
            declared: dict[str, str] = getattr(value, "ps_property_definitions", dict)()
            for name, item in props().items():
                rows.append(Member(name, "Property", declared.get(name) or
                                   property_definition(name, item)))
    rows.extend(Member(name, "Method", definition) for name, (_, definition) in
                methods.items())
    order = {"Method": 0, "NoteProperty": 1, "Property": 2, "ScriptProperty": 3}
    rows.sort(key=lambda m: (order.get(m.member_type, 9), m.name.lower()))
    return rows


def short_type_name(value: Any) -> str:
    """How a definition names a type: PowerShell's accelerator where one exists."""
    full = _type_name(value)
    short = {
        "System.Int32": "int", "System.Int64": "long", "System.String": "string",
        "System.Boolean": "bool", "System.Double": "double", "System.Decimal": "decimal",
        "System.Char": "char", "System.DateTime": "datetime", "System.TimeSpan": "timespan",
        "System.Object[]": "Object[]", "System.Collections.Hashtable": "hashtable",
        "System.Management.Automation.PSCustomObject":
            "System.Management.Automation.PSCustomObject",
        "System.Guid": "guid",
    }
    return short.get(full, full)


def note_definition(name: str, value: Any) -> str:
    if value is None:
        return f"object {name}=null"
    text = value_text(value) if not isinstance(value, PSObject) else \
        "@{" + "; ".join(f"{k}={value_text(v)}" for k, v in value.properties.items()) + "}"
    return f"{short_type_name(value)} {name}={text}"


def property_definition(name: str, value: Any) -> str:
    type_name = "System.Object" if value is None else short_type_name(value)
    return f"{type_name} {name} {{get;}}"


# ---------------------------------------------------------------------- static members

_MATH: dict[str, Callable[..., Any]] = {
    "Abs": abs,
    "Ceiling": lambda x: math.ceil(x),
    "Floor": lambda x: math.floor(x),
    "Max": max,
    "Min": min,
    "Pow": lambda x, y: float(x) ** float(y),
    "Sqrt": lambda x: math.sqrt(x),
    "Truncate": lambda x: math.trunc(x),
    "Log": lambda x, b=math.e: math.log(x, b),
    "Log10": lambda x: math.log10(x),
    "Round": lambda x, d=0, *_: _round(x, d),
}


def _round(value: Any, digits: Any = 0) -> Any:
    places = int(digits)
    if isinstance(value, int):
        return value
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    rounded = exact.quantize(Decimal(1).scaleb(-places), rounding="ROUND_HALF_EVEN")
    return float(rounded) if isinstance(value, float) else rounded


_STATIC_PROPERTIES: dict[str, dict[str, Callable[[], Any]]] = {
    "system.datetime": {
        "Now": datetime.now, "Today": lambda: datetime.now().replace(
            hour=0, minute=0, second=0, microsecond=0),
        "UtcNow": lambda: datetime.now(timezone.utc),
        "MinValue": lambda: datetime(1, 1, 1), "MaxValue": lambda: datetime(
            9999, 12, 31, 23, 59, 59, 999999),
    },
    "system.timespan": {"Zero": lambda: timedelta(0)},
    "system.int32": {"MaxValue": lambda: numbers.INT32_MAX,
                     "MinValue": lambda: numbers.INT32_MIN},
    "system.int64": {"MaxValue": lambda: numbers.Int64(numbers.INT64_MAX),
                     "MinValue": lambda: numbers.Int64(numbers.INT64_MIN)},
    "system.double": {"MaxValue": lambda: 1.7976931348623157e308,
                      "MinValue": lambda: -1.7976931348623157e308,
                      "NaN": lambda: math.nan, "PositiveInfinity": lambda: math.inf},
    "system.math": {"PI": lambda: math.pi, "E": lambda: math.e},
    "system.string": {"Empty": lambda: ""},
}


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _numeric_arguments(fn: Callable[..., Any]) -> Callable[..., Any]:
    def call(*args: Any) -> Any:
        return fn(*[a if isinstance(a, (int, float, Decimal)) else _number_arg(a) for a in args])

    return call


_STATIC_METHODS: dict[str, dict[str, Callable[..., Any]]] = {
    "system.math": {name: _numeric_arguments(fn) for name, fn in _MATH.items()},
    "system.datetime": {
        "Parse": lambda s, *_: dates.parse_datetime(_date_text(s)),
        "ParseExact": lambda s, f, *_: dates.parse_exact(_date_text(s), _date_text(f)),
        "DaysInMonth": lambda y, m: dates.days_in_month(int(y), int(m)),
        "IsLeapYear": lambda y: dates.days_in_month(int(y), 2) == 29,
    },
    "system.timespan": {
        f"From{unit.title()}": (lambda u: lambda n: timedelta(**{u: _number_arg(n)}))(unit)
        for unit in ("days", "hours", "minutes", "seconds", "milliseconds")
    } | {"Parse": lambda s: dates.parse_timespan(_date_text(s))},
    "system.string": {
        "IsNullOrEmpty": lambda s: s is None or s == "",
        "IsNullOrWhiteSpace": _is_blank,
        "Join": lambda sep, *items: _date_text(sep).join(
            _date_text(i) for item in items for i in (item if isinstance(item, list)
                                                      else [item])),
        "Format": lambda fmt, *args: _format(fmt, args),
        "Concat": lambda *items: "".join(_date_text(i) for i in items),
    },
    "system.guid": {"NewGuid": lambda: __import__("uuid").uuid4()},
}


def _format(fmt: Any, args: tuple[Any, ...]) -> str:
    values = list(args[0]) if len(args) == 1 and isinstance(args[0], list) else list(args)
    return format_composite(_date_text(fmt), values)


def static_member(type_name: str, name: str) -> Any:
    """``[type]::Name``; MISSING when the type has no such static property."""
    ps_type = types.lookup(type_name)
    if ps_type is None:
        raise types.type_not_found(type_name)
    hit = _find(_static_table(ps_type, _STATIC_PROPERTIES, "properties"), name)
    return MISSING if hit is None else hit[1]()


def statics_read_place(type_name: str) -> bool:
    """Whether ``[type]``'s statics may describe the machine (``StaticMembers.at_place``):
    so taken for a name that is no known type yet (a later ``using namespace`` may make
    it one), whose read fails anyway."""
    ps_type = types.lookup(type_name)
    if ps_type is None:
        return True
    family = STATICS.get(ps_type.full_name.lower())
    return family is not None and family.at_place


def _static_table(ps_type: types.PSType, own: Mapping[str, Mapping[str, Any]],
                  kind: str) -> Mapping[str, Any]:
    """A type's static properties or methods: this module's, and its family module's."""
    key = ps_type.full_name.lower()
    family = STATICS.get(key)
    table = own.get(key, {})
    return table if family is None else {**table, **getattr(family, kind)}


def _static_method(ps_type: types.PSType, name: str) -> tuple[str, MethodFn] | None:
    """``[type]::name``: a static method, or ``new`` — the type's constructors."""
    if name.lower() == "new":
        new = constructors.constructor(ps_type)
        return None if new is None else ("new", new)
    return _find(_static_table(ps_type, _STATIC_METHODS, "methods"), name)


def call_static(type_name: str, name: str, args: list[Any]) -> Any:
    """``[type]::Method(args)``."""
    ps_type = types.lookup(type_name)
    if ps_type is None:
        raise types.type_not_found(type_name)
    hit = _static_method(ps_type, name)
    if hit is None:
        raise PSError(ErrorRecord(
            message=f"Method invocation failed because [{ps_type.full_name}] does not "
                    f"contain a method named '{name}'.",
            error_id="MethodNotFound", category="InvalidOperation"))
    spelled, fn = hit
    try:
        return fn(*args)
    except TypeError:
        raise _overload_error(spelled, len(args)) from None
    except (ArgumentConversionFault, MethodBindingFault) as exc:
        raise _binding_error(spelled, exc) from None
    except PSError as exc:
        message = exc.record.message
    except (strings.MethodFault, dates.DateFormatError, ValueError) as exc:
        message = getattr(exc, "message", None) or str(exc)
    called = ".ctor" if spelled == "new" else spelled
    raise PSError(ErrorRecord(
        message=f'Exception calling "{called}" with "{len(args)}" argument(s): "{message}"',
        error_id="MethodInvocationException", category="NotSpecified",
        exception=_SMA + "MethodInvocationException"))

