"""[datetime] and [timespan]: .NET's DateTime and TimeSpan over Python's datetime and
timedelta.

A DateTime is a ``datetime``: naive for local time (``Get-Date``, a job's
``PSBeginTime``), aware in UTC for ``Kind`` Utc (``-AsUTC``, ``.ToUniversalTime()``),
an :class:`UnspecifiedDateTime` for ``Kind`` Unspecified — what parsing a text without a
zone gives (``[datetime]'2024-01-02'``, ``Get-Date -Date '…'``, ``[datetime]::new(…)``),
which JSON and the ``o``/``K`` formats write without an offset.
A TimeSpan is a ``timedelta`` (microsecond precision; .NET ticks are 100 ns, so
``Ticks`` is always a multiple of 10). Their text forms are .NET's:

- ``"$d"``, ``[string]$d``: invariant culture, ``MM/dd/yyyy HH:mm:ss``
  (about_Type_Conversion: PowerShell converts with the invariant culture);
- ``$d.ToString()``, ``-f``, a table cell, ``Get-Date -Format``: the current culture,
  en-US here as pwsh on Linux by default (``12/2/2026 6:40:48 PM``);
- ``Get-Date`` alone prints its ``DateTime`` property: long date and long time
  (``Wednesday, December 2, 2026 6:40:48 PM``), or only one of them per ``DisplayHint``;
- a TimeSpan in a string is .NET's ``c`` format (``00:01:05.1230000``).

Custom format strings (``yyyy-MM-dd HH:mm``, ``hh\\:mm``) and standard ones (``d D f F
g G M o r s t T u U Y``) follow .NET's rules; ``Get-Date -UFormat`` follows PowerShell's
own table (GetDateCommand.cs).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

TICKS_PER_SECOND = 10_000_000
TICKS_PER_MICROSECOND = 10
_EPOCH = datetime(1, 1, 1)
UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


class DateFormatError(ValueError):
    """.NET's FormatException for a date or time format/parse."""


class DayOfWeek(enum.IntEnum):
    """System.DayOfWeek: prints as its name, numbers as .NET's (Sunday = 0)."""

    Sunday = 0
    Monday = 1
    Tuesday = 2
    Wednesday = 3
    Thursday = 4
    Friday = 5
    Saturday = 6

    def __str__(self) -> str:
        return self.name


class DateTimeKind(enum.IntEnum):
    Unspecified = 0
    Utc = 1
    Local = 2

    def __str__(self) -> str:
        return self.name


class UnspecifiedDateTime(datetime):
    """A DateTime of ``Kind`` Unspecified: naive like a local one (they compare and
    subtract alike, as in .NET), kept through arithmetic (Python returns the subclass)."""


def unspecified(value: datetime) -> UnspecifiedDateTime:
    return UnspecifiedDateTime(value.year, value.month, value.day, value.hour,
                               value.minute, value.second, value.microsecond)


class HintedDateTime(datetime):
    """What ``Get-Date`` outputs: a DateTime with a ``DisplayHint`` (Date, Time or
    DateTime) that picks what its ``DateTime`` property, and so its display, shows."""

    display_hint: str = "DateTime"

    @classmethod
    def of(cls, value: datetime, hint: str) -> HintedDateTime:
        kind = _UnspecifiedHinted if isinstance(value, UnspecifiedDateTime) else cls
        made = kind(value.year, value.month, value.day, value.hour, value.minute,
                    value.second, value.microsecond, value.tzinfo)
        made.display_hint = hint
        return made


class _UnspecifiedHinted(HintedDateTime, UnspecifiedDateTime):
    """``Get-Date -Date '2024-01-02'``: a hinted DateTime that keeps Kind Unspecified."""


@dataclass(frozen=True)
class Culture:
    name: str
    days: tuple[str, ...]
    months: tuple[str, ...]
    am: str
    pm: str
    patterns: dict[str, str]

    @property
    def short_days(self) -> tuple[str, ...]:
        return tuple(d[:3] for d in self.days)

    @property
    def short_months(self) -> tuple[str, ...]:
        return tuple(m[:3] for m in self.months)


_DAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_ISO = {
    "o": "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
    "r": "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
    "s": "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
    "u": "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
}

EN_US = Culture("en-US", _DAYS, _MONTHS, "AM", "PM", {
    "d": "M/d/yyyy", "D": "dddd, MMMM d, yyyy", "t": "h:mm tt", "T": "h:mm:ss tt",
    "M": "MMMM d", "Y": "MMMM yyyy", **_ISO,
})
INVARIANT = Culture("", _DAYS, _MONTHS, "AM", "PM", {
    "d": "MM/dd/yyyy", "D": "dddd, dd MMMM yyyy", "t": "HH:mm", "T": "HH:mm:ss",
    "M": "MMMM dd", "Y": "yyyy MMMM", **_ISO,
})


def _standard_pattern(letter: str, culture: Culture) -> str | None:
    p = culture.patterns
    combos = {
        "d": p["d"], "D": p["D"], "t": p["t"], "T": p["T"],
        "f": p["D"] + " " + p["t"], "F": p["D"] + " " + p["T"],
        "g": p["d"] + " " + p["t"], "G": p["d"] + " " + p["T"],
        "M": p["M"], "m": p["M"], "Y": p["Y"], "y": p["Y"], "U": p["D"] + " " + p["T"],
        "O": p["o"], "o": p["o"], "R": p["r"], "r": p["r"], "s": p["s"], "u": p["u"],
    }
    return combos.get(letter)


# ---------------------------------------------------------------------- DateTime facts


def ticks(value: datetime) -> int:
    naive = value.replace(tzinfo=None)
    delta = naive - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * TICKS_PER_SECOND + \
        delta.microseconds * TICKS_PER_MICROSECOND


def kind_of(value: datetime) -> DateTimeKind:
    if value.tzinfo is not None:
        return DateTimeKind.Utc
    if isinstance(value, UnspecifiedDateTime):
        return DateTimeKind.Unspecified
    return DateTimeKind.Local


def to_local(value: datetime) -> datetime:
    """``.ToLocalTime()``: a UTC time as local wall-clock time (naive); .NET reads a
    time of Kind Unspecified as UTC here."""
    if isinstance(value, UnspecifiedDateTime):
        value = datetime(value.year, value.month, value.day, value.hour, value.minute,
                         value.second, value.microsecond, timezone.utc)
    if value.tzinfo is None:
        return value
    return value.astimezone().replace(tzinfo=None)


def to_utc(value: datetime) -> datetime:
    """``.ToUniversalTime()``: local wall-clock time as an aware UTC time."""
    if value.tzinfo is not None:
        return value.astimezone(timezone.utc)
    return value.astimezone(timezone.utc)


def utc_offset(value: datetime) -> timedelta:
    if value.tzinfo is not None:
        return timedelta(0)
    offset = value.astimezone().utcoffset()
    return offset if offset is not None else timedelta(0)


def add_months(value: datetime, months: int) -> datetime:
    """.NET's AddMonths: the day is clipped to the target month's length."""
    index = value.year * 12 + value.month - 1 + months
    year, month = divmod(index, 12)
    if not 1 <= year <= 9999:
        raise DateFormatError("The added or subtracted value results in an un-representable "
                              "DateTime.")
    day = min(value.day, days_in_month(year, month + 1))
    return value.replace(year=year, month=month + 1, day=day)


def days_in_month(year: int, month: int) -> int:
    following = date(year + (month == 12), month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


def long_text(value: datetime) -> str:
    """The ``DateTime`` script property (types.ps1xml), honouring ``DisplayHint``."""
    hint = getattr(value, "display_hint", "DateTime").lower()
    if hint == "date":
        return format_datetime(value, "D", EN_US)
    if hint == "time":
        return format_datetime(value, "T", EN_US)
    return format_datetime(value, "D", EN_US) + " " + format_datetime(value, "T", EN_US)


# ---------------------------------------------------------------------- formatting


def _repeat(fmt: str, i: int) -> int:
    j = i
    while j < len(fmt) and fmt[j] == fmt[i]:
        j += 1
    return j - i


def _offset_text(offset: timedelta, count: int) -> str:
    total = int(offset.total_seconds()) // 60
    sign = "-" if total < 0 else "+"
    hours, minutes = divmod(abs(total), 60)
    if count == 1:
        return f"{sign}{hours}"
    if count == 2:
        return f"{sign}{hours:02d}"
    return f"{sign}{hours:02d}:{minutes:02d}"


def format_datetime(value: datetime, fmt: str | None, culture: Culture = EN_US) -> str:
    """``value.ToString(fmt, culture)`` with .NET's standard and custom formats."""
    if not fmt:
        fmt = "G"
    if len(fmt) == 1:
        pattern = _standard_pattern(fmt, culture)
        if pattern is None:
            raise DateFormatError(
                "Input string was not in a correct format.")
        if fmt == "U":
            value = to_utc(value)
        return _custom_datetime(value, pattern, culture)
    return _custom_datetime(value, fmt, culture)


def _custom_datetime(value: datetime, fmt: str, culture: Culture) -> str:
    out: list[str] = []
    i = 0
    micro = value.microsecond
    while i < len(fmt):
        c = fmt[i]
        n = _repeat(fmt, i)
        if c == "d":
            out.append(str(value.day) if n == 1 else f"{value.day:02d}" if n == 2 else
                       culture.short_days[(value.weekday() + 1) % 7] if n == 3 else
                       culture.days[(value.weekday() + 1) % 7])
        elif c in "fF":
            if n > 7:
                raise DateFormatError("Input string was not in a correct format.")
            digits = f"{micro:06d}0"[:n]
            if c == "F":
                digits = digits.rstrip("0")
                if not digits and out and out[-1].endswith("."):
                    out[-1] = out[-1][:-1]
            out.append(digits)
        elif c == "g":
            out.append("A.D.")
        elif c == "h":
            hour = value.hour % 12 or 12
            out.append(str(hour) if n == 1 else f"{hour:02d}")
        elif c == "H":
            out.append(str(value.hour) if n == 1 else f"{value.hour:02d}")
        elif c == "K":
            if value.tzinfo is not None:
                out.append("Z")
            elif isinstance(value, UnspecifiedDateTime):
                pass  # .NET writes no zone for Kind Unspecified
            else:
                out.append(_offset_text(utc_offset(value), 3))
            n = 1
        elif c == "m":
            out.append(str(value.minute) if n == 1 else f"{value.minute:02d}")
        elif c == "M":
            out.append(str(value.month) if n == 1 else f"{value.month:02d}" if n == 2 else
                       culture.short_months[value.month - 1] if n == 3 else
                       culture.months[value.month - 1])
        elif c == "s":
            out.append(str(value.second) if n == 1 else f"{value.second:02d}")
        elif c == "t":
            designator = culture.am if value.hour < 12 else culture.pm
            out.append(designator[:1] if n == 1 else designator)
        elif c == "y":
            year = value.year
            out.append(str(year % 100) if n == 1 else f"{year % 100:02d}" if n == 2 else
                       str(year).rjust(n, "0"))
        elif c == "z":
            out.append(_offset_text(utc_offset(value), min(n, 3)))
        elif c == ":":
            out.append(":")
            n = 1
        elif c == "/":
            out.append("/")
            n = 1
        elif c in "'\"":
            end = fmt.find(c, i + 1)
            if end < 0:
                raise DateFormatError(
                    f"Cannot find a matching quote character for the character '{c}'.")
            out.append(fmt[i + 1 : end])
            n = end - i + 1
        elif c == "%" and i + 1 < len(fmt) and fmt[i + 1] != "%":
            n = 1
        elif c == "\\":
            if i + 1 >= len(fmt):
                raise DateFormatError("Input string was not in a correct format.")
            out.append(fmt[i + 1])
            n = 2
        else:
            out.append(c)
            n = 1
        i += n
    return "".join(out)


def invariant_text(value: datetime) -> str:
    """``"$d"``: the invariant culture's general format."""
    return format_datetime(value, "G", INVARIANT)


def culture_text(value: datetime) -> str:
    """``$d.ToString()``, a table cell: the current culture's general format."""
    return format_datetime(value, "G", EN_US)


# ---------------------------------------------------------------------- -UFormat

_UFORMAT: dict[str, str] = {
    "A": "dddd", "a": "ddd", "B": "MMMM", "b": "MMM", "h": "MMM", "d": "dd", "H": "HH",
    "I": "hh", "M": "mm", "m": "MM", "p": "tt", "R": "HH:mm", "r": "hh:mm:ss tt",
    "S": "ss", "T": "HH:mm:ss", "X": "HH:mm:ss", "x": "MM/dd/yy", "D": "MM/dd/yy",
    "Y": "yyyy", "y": "yy", "Z": "zz", "F": "yyyy-MM-dd",
    "c": "ddd dd MMM yyyy HH:mm:ss",
}


def uformat(value: datetime, spec: str) -> str:
    """``Get-Date -UFormat``: PowerShell's own table of ``%`` specifiers."""
    out: list[str] = []
    i = 1 if spec.startswith("+") else 0
    iso_year, iso_week, _ = value.isocalendar()
    while i < len(spec):
        c = spec[i]
        if c != "%" or i + 1 >= len(spec):
            out.append(c)
            i += 1
            continue
        s = spec[i + 1]
        i += 2
        if s in _UFORMAT:
            out.append(_custom_datetime(value, _UFORMAT[s], EN_US))
        elif s == "C":
            out.append(str(value.year // 100))
        elif s == "e":
            out.append(f"{value.day:>2}")
        elif s == "G":
            out.append(f"{iso_year:04d}")
        elif s == "g":
            out.append(f"{iso_year % 100:02d}")
        elif s == "j":
            out.append(f"{value.timetuple().tm_yday:03d}")
        elif s == "k":
            out.append(f"{value.hour:>2}")
        elif s == "l":
            out.append(f"{value.hour % 12 or 12:>2}")
        elif s == "n":
            out.append("\n")
        elif s == "t":
            out.append("\t")
        elif s == "s":
            seconds = (to_utc(value) - UNIX_EPOCH).total_seconds()
            out.append(str(round(seconds)))
        elif s in "UW":
            out.append(str(value.timetuple().tm_yday // 7))
        elif s == "u":
            out.append(str(value.isoweekday()))
        elif s == "V":
            out.append(f"{iso_week:02d}")
        elif s == "w":
            out.append(str((value.weekday() + 1) % 7))
        else:
            out.append(s)
    return "".join(out)


# ---------------------------------------------------------------------- parsing

_MONTH_NAMES = {m.lower(): i + 1 for i, m in enumerate(_MONTHS)}
_MONTH_NAMES.update({m[:3].lower(): i + 1 for i, m in enumerate(_MONTHS)})
_ISO_DATE = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,7}))?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?\Z", re.I)
_TIME = r"(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?\s*([AaPp][Mm])?"
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2,4})(?:\s+" + _TIME + r")?\Z")
_NAMED = re.compile(
    r"(?:[A-Za-z]+,?\s+)?(?:(\d{1,2})\s+([A-Za-z]+)|([A-Za-z]+)\s+(\d{1,2}),?)\s+(\d{4})"
    r"(?:\s+" + _TIME + r")?(?:\s*(GMT|UTC|Z))?\Z")
_TIME_ONLY = re.compile(_TIME + r"\Z")


def _fraction(text: str | None) -> int:
    return int((text or "0").ljust(7, "0")[:6])


def _hour(hour: str, designator: str | None) -> int:
    h = int(hour)
    if designator:
        if h > 12:
            raise DateFormatError("")
        h = h % 12 + (12 if designator.lower() == "pm" else 0)
    return h


def parse_datetime(text: str) -> datetime:
    """``[datetime]'…'``: what .NET's invariant DateTime.Parse accepts in practice —
    ISO 8601 (``2024-05-01``, ``2024-05-01T10:00:00Z``), US ``5/1/2024 10:00 PM``, and
    named months (``May 1, 2024``, ``Wed, 01 May 2024 10:00:00 GMT``). A ``Z`` or offset
    converts to local time, as .NET does; a text without one is Kind Unspecified."""
    s = text.strip()
    try:
        return _parse(s)
    except (DateFormatError, ValueError):
        raise DateFormatError(
            f"String '{text}' was not recognized as a valid DateTime.") from None


def _parse(s: str) -> datetime:
    m = _ISO_DATE.match(s)
    if m:
        y, mo, d, h, mi, sec, frac, zone = m.groups()
        value = datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(sec or 0),
                         _fraction(frac))
        if zone:
            if zone.upper() == "Z":
                offset = timedelta(0)
            else:
                sign = -1 if zone[0] == "-" else 1
                digits = zone[1:].replace(":", "")
                offset = sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
            return value.replace(tzinfo=timezone(offset)).astimezone().replace(tzinfo=None)
        return unspecified(value)
    m = _US_DATE.match(s)
    if m:
        mo, d, y, h, mi, sec, frac, ampm = m.groups()
        year = int(y) + (2000 if len(y) == 2 and int(y) < 50 else 1900 if len(y) == 2 else 0)
        return UnspecifiedDateTime(year, int(mo), int(d), _hour(h or "0", ampm),
                                   int(mi or 0), int(sec or 0), _fraction(frac))
    m = _NAMED.match(s)
    if m:
        d1, mon1, mon2, d2, y, h, mi, sec, frac, ampm, zone = m.groups()
        month = _MONTH_NAMES.get((mon1 or mon2).lower())
        if month is None:
            raise DateFormatError("")
        value = datetime(int(y), month, int(d1 or d2), _hour(h or "0", ampm), int(mi or 0),
                         int(sec or 0), _fraction(frac))
        if zone:
            return value.replace(tzinfo=timezone.utc).astimezone().replace(tzinfo=None)
        return unspecified(value)
    m = _TIME_ONLY.match(s)
    if m:
        h, mi, sec, frac, ampm = m.groups()
        today = unspecified(datetime.now())
        return today.replace(hour=_hour(h, ampm), minute=int(mi), second=int(sec or 0),
                             microsecond=_fraction(frac))
    raise DateFormatError("")


_EXACT_TOKENS = re.compile(r"(yyyy|yy|MMMM|MMM|MM|M|dddd|ddd|dd|d|HH|H|hh|h|mm|m|ss|s|"
                           r"fffffff|ffffff|fffff|ffff|fff|ff|f|tt|zzz|K|'[^']*'|\\.)")


def parse_exact(text: str, fmt: str, culture: Culture = INVARIANT) -> datetime:
    """``[datetime]::ParseExact(text, fmt, $null)`` for the common custom specifiers."""
    groups: list[str] = []
    pattern = []
    pos = 0
    for m in _EXACT_TOKENS.finditer(fmt):
        pattern.append(re.escape(fmt[pos : m.start()]))
        token = m.group()
        pos = m.end()
        if token.startswith("'"):
            pattern.append(re.escape(token[1:-1]))
            continue
        if token.startswith("\\"):
            pattern.append(re.escape(token[1]))
            continue
        width = {"yyyy": r"\d{4}", "yy": r"\d{2}", "MMMM": r"[A-Za-z]+", "MMM": r"[A-Za-z]{3}",
                 "dddd": r"[A-Za-z]+", "ddd": r"[A-Za-z]{3}", "tt": r"[AaPp][Mm]",
                 "zzz": r"[+-]\d{2}:\d{2}", "K": r"Z|[+-]\d{2}:\d{2}|"}.get(token)
        if width is None:
            width = rf"\d{{{len(token)}}}" if len(token) == 2 or token[0] == "f" else r"\d{1,2}"
        groups.append(token)
        pattern.append(f"({width})")
    pattern.append(re.escape(fmt[pos:]))
    found = re.fullmatch("".join(pattern), text.strip())
    if found is None:
        raise DateFormatError(f"String '{text}' was not recognized as a valid DateTime.")
    parts = {"year": 1, "month": 1, "day": 1, "hour": 0, "minute": 0, "second": 0, "micro": 0}
    pm: bool | None = None
    for token, value in zip(groups, found.groups(), strict=True):
        t = token[0]
        if t == "y":
            parts["year"] = int(value) + (2000 if len(token) == 2 else 0)
        elif t == "M":
            parts["month"] = int(value) if len(token) <= 2 else \
                _MONTH_NAMES.get(value.lower(), 0)
        elif t == "d" and len(token) <= 2:
            parts["day"] = int(value)
        elif t in "Hh":
            parts["hour"] = int(value)
        elif t == "m":
            parts["minute"] = int(value)
        elif t == "s":
            parts["second"] = int(value)
        elif t == "f":
            parts["micro"] = _fraction(value)
        elif t == "t":
            pm = value.lower() == "pm"
    if pm is not None:
        parts["hour"] = parts["hour"] % 12 + (12 if pm else 0)
    try:
        return UnspecifiedDateTime(parts["year"], parts["month"], parts["day"],
                                   parts["hour"], parts["minute"], parts["second"],
                                   parts["micro"])
    except ValueError:
        raise DateFormatError(
            f"String '{text}' was not recognized as a valid DateTime.") from None


# ---------------------------------------------------------------------- TimeSpan


def timespan_ticks(value: timedelta) -> int:
    return (value.days * 86_400 + value.seconds) * TICKS_PER_SECOND + \
        value.microseconds * TICKS_PER_MICROSECOND


def from_ticks(count: int) -> timedelta:
    return timedelta(microseconds=count // TICKS_PER_MICROSECOND if count >= 0 else
                     -((-count) // TICKS_PER_MICROSECOND))


def _parts(value: timedelta) -> tuple[str, int, int, int, int, int]:
    """sign, days, hours, minutes, seconds, fraction in ticks — of |value|."""
    total = timespan_ticks(value)
    sign = "-" if total < 0 else ""
    total = abs(total)
    seconds, fraction = divmod(total, TICKS_PER_SECOND)
    minutes, second = divmod(seconds, 60)
    hours, minute = divmod(minutes, 60)
    days, hour = divmod(hours, 24)
    return sign, days, hour, minute, second, fraction


def timespan_members(value: timedelta) -> dict[str, Any]:
    """Days … TotalMilliseconds: the properties a TimeSpan shows (DotNetTypes.format)."""
    sign, days, hours, minutes, seconds, fraction = _parts(value)
    k = -1 if sign else 1
    total = timespan_ticks(value)
    return {
        "Ticks": total,
        "Days": k * days,
        "Hours": k * hours,
        "Milliseconds": k * (fraction // 10_000),
        "Microseconds": k * (fraction // 10 % 1000),
        "Nanoseconds": k * (fraction % 10 * 100),
        "Minutes": k * minutes,
        "Seconds": k * seconds,
        "TotalDays": total / (TICKS_PER_SECOND * 86_400),
        "TotalHours": total / (TICKS_PER_SECOND * 3_600),
        "TotalMilliseconds": total / 10_000,
        "TotalMicroseconds": total / 10,
        "TotalNanoseconds": float(total * 100),
        "TotalMinutes": total / (TICKS_PER_SECOND * 60),
        "TotalSeconds": total / TICKS_PER_SECOND,
    }


def format_timespan(value: timedelta, fmt: str | None = None) -> str:
    """``ToString(fmt)``: ``c`` (the default), ``g``, ``G`` or a custom format, where
    every literal must be quoted or escaped (``hh\\:mm``), as .NET insists."""
    sign, days, hours, minutes, seconds, fraction = _parts(value)
    if not fmt or fmt in ("c", "t", "T"):
        text = f"{sign}{f'{days}.' if days else ''}{hours:02}:{minutes:02}:{seconds:02}"
        return text + (f".{fraction:07}" if fraction else "")
    if fmt == "g":
        text = f"{sign}{f'{days}:' if days else ''}{hours}:{minutes:02}:{seconds:02}"
        frac = f"{fraction:07}".rstrip("0")
        return text + (f".{frac}" if frac else "")
    if fmt == "G":
        return f"{sign}{days}:{hours:02}:{minutes:02}:{seconds:02}.{fraction:07}"
    out: list[str] = []
    i = 0
    while i < len(fmt):
        c = fmt[i]
        n = _repeat(fmt, i)
        if c == "d" and n <= 8:
            out.append(str(days).rjust(n, "0"))
        elif c in "hms" and n <= 2:
            number = {"h": hours, "m": minutes, "s": seconds}[c]
            out.append(f"{number:0{n}d}")
        elif c in "fF" and n <= 7:
            digits = f"{fraction:07}"[:n]
            out.append(digits.rstrip("0") if c == "F" else digits)
        elif c in "'\"":
            end = fmt.find(c, i + 1)
            if end < 0:
                raise DateFormatError("Input string was not in a correct format.")
            out.append(fmt[i + 1 : end])
            n = end - i + 1
        elif c == "\\" and i + 1 < len(fmt):
            out.append(fmt[i + 1])
            n = 2
        elif c == "%" and i + 1 < len(fmt):
            n = 1
        else:
            raise DateFormatError("Input string was not in a correct format.")
        i += n
    return "".join(out)


_TIMESPAN = re.compile(
    r"(-)?(?:(\d+)\.(?=\d+:))?(\d+)(?::(\d+)(?::(\d+)(?:\.(\d{1,7}))?)?)?\Z")


def parse_timespan(text: str) -> timedelta:
    """``[timespan]'1.02:03:04.5'``: ``[-][d.]hh:mm[:ss[.fffffff]]`` or a day count."""
    m = _TIMESPAN.match(text.strip())
    if m is None:
        raise DateFormatError("String was not recognized as a valid TimeSpan.")
    minus, days, first, minutes, seconds, frac = m.groups()
    if minutes is None:  # a bare number is days
        value = timedelta(days=int(first))
    else:
        hours = int(first)
        if hours > 23 or int(minutes) > 59 or int(seconds or 0) > 59:
            raise DateFormatError("The TimeSpan string '" + text + "' could not be parsed "
                                  "because at least one of the numeric components is out of "
                                  "range or contains too many digits.")
        value = timedelta(days=int(days or 0), hours=hours, minutes=int(minutes),
                          seconds=int(seconds or 0), microseconds=_fraction(frac))
    return -value if minus else value


