"""Get-Date and New-TimeSpan (GetDateCommand.cs, NewTimeSpanCommand.cs).

Get-Date outputs a DateTime carrying its ``DisplayHint``, which picks what it prints
(date, time or both, in en-US long forms); ``-Format`` and ``-UFormat`` output strings
instead (``-Format`` in the current culture, en-US, with PowerShell's ``FileDate``,
``FileDateTime`` and their ``Universal`` forms). ``-Year`` … ``-Millisecond`` replace
those parts of the date, the way PowerShell does (by adding the difference).
New-TimeSpan is ``End - Start`` (either defaults to now) or the sum of its parts.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

from rjkernel.cmdlets.base import Invocation, implements
from rjkernel.values import dates
from rjkernel.values import operators as ops

_FILE_FORMATS = {
    "filedate": ("yyyyMMdd", False),
    "filedateuniversal": ("yyyyMMddZ", True),
    "filedatetime": ("yyyyMMddTHHmmssffff", False),
    "filedatetimeuniversal": ("yyyyMMddTHHmmssffffZ", True),
}


def _replace_parts(inv: Invocation, value: datetime) -> datetime:
    if inv.has("Year"):
        value = dates.add_months(value, 12 * (int(inv.get("Year")) - value.year))
    if inv.has("Month"):
        value = dates.add_months(value, int(inv.get("Month")) - value.month)
    for name, unit, current in (("Day", "days", "day"), ("Hour", "hours", "hour"),
                                ("Minute", "minutes", "minute"),
                                ("Second", "seconds", "second")):
        if inv.has(name):
            value += timedelta(**{unit: int(inv.get(name)) - getattr(value, current)})
    if inv.has("Millisecond"):
        value = value.replace(microsecond=int(inv.get("Millisecond")) * 1000)
    return value


def validate_range(inv: Invocation, name: str, low: int, high: int) -> None:
    """PowerShell's ValidateRange error when parameter ``name`` is outside low..high."""
    value = inv.get(name)
    if value is None or low <= int(value) <= high:
        return
    above = int(value) > high
    limit = high if above else low
    relation = "greater than the maximum" if above else "less than the minimum"
    raise inv.terminate(
        f"Cannot validate argument on parameter '{name}'. The {value} argument is "
        f"{relation} allowed range of {limit}. Supply an argument that is "
        f"{'less' if above else 'greater'} than or equal to {limit} and then try the "
        "command again.", "ParameterArgumentValidationError", "InvalidData")


_RANGES = (("Year", 1, 9999), ("Month", 1, 12), ("Day", 1, 31), ("Hour", 0, 23),
           ("Minute", 0, 59), ("Second", 0, 59), ("Millisecond", 0, 999))


@implements("Get-Date", per_record=True)
async def get_date(inv: Invocation) -> AsyncIterator[Any]:
    for name, low, high in _RANGES:
        validate_range(inv, name, low, high)
    if inv.has("UnixTimeSeconds"):
        value = dates.to_local(dates.UNIX_EPOCH + timedelta(
            seconds=int(inv.get("UnixTimeSeconds"))))
    elif inv.has("Date"):
        value = inv.get("Date")
    else:
        value = datetime.now()
    value = _replace_parts(inv, value)
    if inv.switch("AsUTC"):
        value = dates.to_utc(value)
    uformat = inv.get("UFormat")
    fmt = inv.get("Format")
    if uformat is not None:
        yield dates.uformat(value, ops.to_string(uformat))
    elif fmt is not None:
        text = ops.to_string(fmt)
        special = _FILE_FORMATS.get(text.lower())
        if special is not None:
            text, universal = special
            if universal:
                value = dates.to_utc(value)
        try:
            yield dates.format_datetime(value, text, dates.EN_US)
        except dates.DateFormatError as exc:
            raise inv.terminate(str(exc), "System.FormatException",
                                "NotSpecified") from None
    else:
        hint = ops.to_string(inv.get("DisplayHint") or "DateTime")
        yield dates.HintedDateTime.of(value, hint)


@implements("New-TimeSpan", per_record=True)
async def new_timespan(inv: Invocation) -> AsyncIterator[Any]:
    if inv.set_name == "Time":
        yield timedelta(days=int(inv.get("Days", 0)), hours=int(inv.get("Hours", 0)),
                        minutes=int(inv.get("Minutes", 0)), seconds=int(inv.get("Seconds", 0)),
                        milliseconds=int(inv.get("Milliseconds", 0)))
        return
    now = datetime.now()
    start = inv.get("Start", now)
    end = inv.get("End", now)
    yield end.replace(tzinfo=None) - start.replace(tzinfo=None)
