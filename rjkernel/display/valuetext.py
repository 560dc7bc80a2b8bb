"""How a value reads on screen: PowerShell's formatting ToString rules.

Three readings, as in PowerShell's formatter (``PSObjectHelper``):

- :func:`scalar_text` — a scalar printed on its own line (``Write-Output 5``): strings
  as they are, ``True``/``False``, enums by name, doubles the .NET way.
- :func:`cell_text` — a property value inside a table cell or list line
  (``SmartToString``): ``$null`` is empty, a collection is ``{a, b, c, d…}`` cut after
  ``$FormatEnumerationLimit`` (4) items, a hashtable lists its keys, a custom object
  reads ``@{Name=x; Id=1}``, any other object its own text or its type name.
- :func:`element_name` — an item inside such a ``{…}`` list (``GetObjectName``): ``$null``
  shows as ``$null`` and an object without text of its own goes by its ``Name``
  (a job's ``ChildJobs`` read ``{Job2}``).

Which objects count as scalars (printed bare, never as a table) is decided here too.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from rjkernel.display.cells import ELLIPSIS
from rjkernel.display.errors import concise_view
from rjkernel.errors import ErrorRecord
from rjkernel.values.conversion import format_double, value_text
from rjkernel.values.dates import culture_text, format_timespan, long_text
from rjkernel.values.members import properties_of
from rjkernel.values.numbers import number_text
from rjkernel.values.objects import MISSING, Hashtable, PSObject, ScriptBlockValue
from rjkernel.values.operators import enum_text

FORMAT_ENUMERATION_LIMIT = 4

_SCALARS = (str, bool, int, float, Decimal, enum.Enum)

# Properties remoting adds to every object it returns; they alone do not make an object
# worth a table (PowerShell's OutOfBandFormatViewManager.IsNotRemotingProperty).
REMOTING_PROPERTIES = frozenset(
    {"pscomputername", "psshowcomputername", "runspaceid", "pssourcejobinstanceid"}
)


def is_scalar(value: Any) -> bool:
    """Printed as text by itself: strings, numbers, booleans, enums, script blocks.

    A class can say it prints as text with ``ps_scalar = True`` (a SecureString, one of
    PowerShell's DefaultScalarTypes). Dates and time spans are not: they have views
    (DotNetTypes.format.ps1xml), a date's long text between empty lines, a time span's
    list of its parts.
    """
    return isinstance(value, (*_SCALARS, ScriptBlockValue)) or getattr(
        type(value), "ps_scalar", False)


def custom_text(value: Any) -> str | None:
    """The text of an object whose format view is a custom control (a DateTime's
    ``DateTime`` property, a MatchInfo's line), or None for other objects."""
    if isinstance(value, datetime):
        return long_text(value)
    custom = getattr(value, "ps_custom_text", None)
    return custom() if custom is not None else None


def is_numeric(value: Any) -> bool:
    """Aligned right in a table column (PowerShell's DefaultScalarTypes: numbers,
    booleans, chars; not strings, enums, dates)."""
    return isinstance(value, (bool, int, float, Decimal)) and not isinstance(value, enum.Enum)


def has_display_properties(obj: Any) -> bool:
    """Has a property besides the ones remoting stamps on (else it prints as text)."""
    return any(name.lower() not in REMOTING_PROPERTIES for name in properties_of(obj))


def scalar_text(value: Any) -> str:
    """A scalar's text (PowerShell's ToString for the types :func:`is_scalar` accepts),
    and a date's or time span's inside a table cell: the current culture's
    (``12/2/2026 6:40:48 PM``, ``00:01:05.1230000``)."""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, enum.Enum):
        return enum_text(value)
    if isinstance(value, float):
        return format_double(value)
    if isinstance(value, Decimal):
        return number_text(value)
    if isinstance(value, timedelta):
        return format_timespan(value)
    if isinstance(value, datetime):
        return culture_text(value)
    return value_text(value)


def object_text(obj: Any) -> str:
    """A non-scalar object's own text: its ``__str__`` if its class has one, else its
    first PowerShell type name (what .NET's default ToString gives), else Python's."""
    if type(obj).__str__ is not object.__str__:
        return str(obj)
    type_names = getattr(obj, "type_names", None)
    return str(type_names[0]) if type_names else str(obj)


def as_text(obj: Any) -> str:
    """Any object as text, the way it prints on a line of its own (PowerShell's ToString;
    an error record that reaches the output, ``$Error[0]``, prints as ConciseView)."""
    if isinstance(obj, ErrorRecord):
        return concise_view(obj)
    if is_scalar(obj) or isinstance(obj, timedelta):
        return scalar_text(obj)
    custom = custom_text(obj)
    if custom is not None:
        return custom
    if isinstance(obj, (list, tuple, Hashtable)):
        return value_text(obj)
    if isinstance(obj, PSObject):
        return psobject_text(obj)
    return object_text(obj)


def psobject_text(obj: PSObject) -> str:
    """``@{Name=x; Id=1}``: a custom object's ToString."""
    return "@{" + "; ".join(f"{k}={value_text(v)}" for k, v in obj.properties.items()) + "}"


def element_name(value: Any) -> str:
    """An item of a collection shown inside ``{…}``."""
    if value is None:
        return "$null"
    if isinstance(value, (list, tuple, Hashtable)):
        return value_text(value)
    if isinstance(value, PSObject):
        return psobject_text(value)
    if is_scalar(value) or isinstance(value, (datetime, timedelta)):
        return scalar_text(value)
    if type(value).__str__ is object.__str__:
        name = properties_of(value).get("Name", MISSING)
        if name is not MISSING and name is not None:
            return cell_text(name)
    return object_text(value)


def cell_text(value: Any, limit: int = FORMAT_ENUMERATION_LIMIT) -> str:
    """A property value as a table cell or list line shows it."""
    if value is None or value is MISSING:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple, Hashtable)):
        items = list(value)
        shown = [element_name(item) for item in items[:limit]]
        return "{" + ", ".join(shown) + (ELLIPSIS if len(items) > limit else "") + "}"
    if isinstance(value, PSObject):
        return psobject_text(value)
    if is_scalar(value) or isinstance(value, (datetime, timedelta)):
        return scalar_text(value)
    return object_text(value)
