"""``"{0,-10} {1:N2}" -f $a, $b``: .NET composite formatting (about_Operators, Format
operator).

A format item is ``{index[,alignment][:formatString]}``; ``{{`` and ``}}`` are literal
braces. The value's own formatting applies the format string: numbers take .NET
numeric formats (``N2``, ``D3``, ``P``, ``0.00``), dates custom and standard date
formats (``yyyy-MM-dd``), time spans theirs (``hh\\:mm``), everything else ignores it.
A positive alignment pads on the left, a negative one on the right. The culture is
en-US, as PowerShell's ``-f`` uses the current culture. A bad format is PowerShell's
``Error formatting a string: …``.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from rjkernel.errors import ErrorRecord, PSError
from rjkernel.values import dates, numbers
from rjkernel.values.operators import to_string

_ITEM = re.compile(r"\{\{|\}\}|\{\s*(\d+)\s*(?:,\s*(-?\d+)\s*)?(?::([^}]*))?\}|[{}]")


class CompositeFormatError(ValueError):
    pass


def format_value(value: Any, spec: str) -> str:
    """One argument under a format string (``value.ToString(spec, en-US)``)."""
    if isinstance(value, bool) or value is None:
        return to_string(value)
    if numbers.is_number(value):
        return numbers.format_number(value, spec)
    if isinstance(value, datetime):
        return dates.format_datetime(value, spec or None, dates.EN_US)
    if isinstance(value, timedelta):
        return dates.format_timespan(value, spec or None)
    if isinstance(value, (list, tuple)):
        return "System.Object[]"
    return to_string(value)


def format_composite(fmt: str, values: list[Any]) -> str:
    def repl(m: re.Match[str]) -> str:
        token = m.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        if m.group(1) is None:
            raise CompositeFormatError("Input string was not in a correct format.")
        index = int(m.group(1))
        if index >= len(values):
            raise CompositeFormatError(
                "Index (zero based) must be greater than or equal to zero and less than the "
                "size of the argument list.")
        try:
            text = format_value(values[index], m.group(3) or "")
        except (numbers.NumberError, dates.DateFormatError):
            raise CompositeFormatError("Input string was not in a correct format.") from None
        width = int(m.group(2)) if m.group(2) else 0
        return text.rjust(width) if width >= 0 else text.ljust(-width)

    return _ITEM.sub(repl, fmt)


def format_operator(fmt: Any, args: Any) -> str:
    """The ``-f`` operator: the right side's elements are the arguments."""
    values = list(args) if isinstance(args, (list, tuple)) else [args]
    try:
        return format_composite(to_string(fmt), values)
    except CompositeFormatError as exc:
        raise PSError(ErrorRecord(
            message=f"Error formatting a string: {exc}.", error_id="FormatError",
            category="InvalidOperation", target=fmt)) from None
