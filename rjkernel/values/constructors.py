"""Constructors: ``[T]::new(…)`` and ``New-Object T -ArgumentList …``.

A type registered by its own module carries its constructor (``PSType.new``: the
collections of ``containers``); the core types of ``types`` get theirs here, with .NET's
overloads told apart by argument count (``[datetime]::new(2024, 1, 2)``,
``New-Object TimeSpan 0,5,0``, ``[string]::new('-', 20)``, ``New-Object PSObject``).
A wrong count raises TypeError, which the caller reports as PowerShell's
``Cannot find an overload for "new" and the argument count: "N".``
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from rjkernel.values import dates, types
from rjkernel.values.objects import Hashtable, OrderedHashtable, PSObject
from rjkernel.values.operators import to_number, to_string
from rjkernel.values.regexes import RegexValue
from rjkernel.values.regexmembers import regex_of
from rjkernel.values.strings import MethodFault


def _int(value: Any) -> int:
    return int(to_number(value))


def _hashtable(*args: Any) -> Hashtable:
    """``Hashtable()``, ``(int capacity)``, ``(IDictionary d)``, ``(IEqualityComparer)``."""
    if len(args) > 2:
        raise TypeError("overload")
    source = args[0] if args and isinstance(args[0], Hashtable) else Hashtable()
    return Hashtable(source.items())


def _ordered(*args: Any) -> OrderedHashtable:
    if len(args) > 2:
        raise TypeError("overload")
    return OrderedHashtable()


def _psobject(*args: Any) -> Any:
    """``New-Object PSObject`` is an empty custom object; with an argument, that object."""
    if len(args) > 1:
        raise TypeError("overload")
    return args[0] if args else PSObject([])


def _object() -> PSObject:
    """``New-Object System.Object``: no properties until Add-Member gives it some."""
    return PSObject([], ("System.Object",))


def _datetime(*args: Any) -> datetime:
    """``DateTime(long ticks)``, ``(y, M, d)``, ``(y, M, d, h, m, s)``, ``(…, ms)``: of
    Kind Unspecified, as .NET's constructors make them."""
    if len(args) == 1:
        return dates.UnspecifiedDateTime(1, 1, 1) + dates.from_ticks(_int(args[0]))
    if len(args) not in (3, 6, 7):
        raise TypeError("overload")
    parts = [_int(a) for a in args]
    hour, minute, second, millisecond = [*parts[3:], 0, 0, 0, 0][:4]
    try:
        return dates.UnspecifiedDateTime(parts[0], parts[1], parts[2], hour, minute, second,
                                         millisecond * 1000)
    except ValueError:
        which = "Hour, Minute, and Second" if _valid_date(parts[:3]) else "Year, Month, and Day"
        raise MethodFault(f"{which} parameters describe an un-representable DateTime."
                          ) from None


def _valid_date(parts: list[int]) -> bool:
    try:
        datetime(parts[0], parts[1], parts[2])
    except ValueError:
        return False
    return True


def _timespan(*args: Any) -> timedelta:
    """``TimeSpan(long ticks)``, ``(h, m, s)``, ``(d, h, m, s)``, ``(d, h, m, s, ms)``."""
    parts = [_int(a) for a in args]
    if len(parts) == 1:
        return dates.from_ticks(parts[0])
    if len(parts) == 3:
        return timedelta(hours=parts[0], minutes=parts[1], seconds=parts[2])
    if len(parts) in (4, 5):
        return timedelta(days=parts[0], hours=parts[1], minutes=parts[2], seconds=parts[3],
                         milliseconds=parts[4] if len(parts) == 5 else 0)
    raise TypeError("overload")


def _string(value: Any, count: Any = None) -> str:
    """``String(char c, int count)`` and ``String(char[] value)``."""
    if count is None:
        return "".join(to_string(c) for c in value) if isinstance(value, list) else \
            to_string(value)
    text = to_string(value)
    if len(text) != 1:
        raise MethodFault("String must be exactly one character long.")
    if _int(count) < 0:
        raise MethodFault("Count cannot be less than zero. (Parameter 'count')")
    return text * _int(count)


def _regex(pattern: Any, options: Any = None) -> RegexValue:
    return regex_of(pattern, options)


def _version(*args: Any) -> Any:
    if len(args) == 1:
        return types.cast("version", args[0])
    if len(args) not in (2, 3, 4):
        raise TypeError("overload")
    return types.cast("version", ".".join(str(_int(a)) for a in args))


def _guid(text: Any = None) -> uuid.UUID:
    return uuid.UUID(int=0) if text is None else types.cast("guid", text)


_CORE: dict[str, Callable[..., Any]] = {
    "system.collections.hashtable": _hashtable,
    "system.collections.specialized.ordereddictionary": _ordered,
    "system.management.automation.psobject": _psobject,
    "system.management.automation.pscustomobject": _psobject,
    "system.object": _object,
    "system.datetime": _datetime,
    "system.timespan": _timespan,
    "system.string": _string,
    "system.text.regularexpressions.regex": _regex,
    "system.version": _version,
    "system.guid": _guid,
}


def constructor(ps_type: types.PSType) -> Callable[..., Any] | None:
    """The constructors of ``ps_type`` as one function of the arguments, or None when
    it has none a runbook may call (``[math]``, the primitive numbers)."""
    return ps_type.new or _CORE.get(ps_type.full_name.lower())
