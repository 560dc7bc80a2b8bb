"""Values across the border: Python ↔ PowerShell, for ``-i``/``-o`` and ``x = %rj …``.

Into PowerShell (``-i``): ``str``, ``int``, ``float``, ``bool``, ``None`` as themselves;
``list``/``tuple`` (and a pandas Series) as arrays; ``dict`` as a hashtable;
``datetime``/``date`` as DateTime (aware ones in local time, as PowerShell shows them);
``timedelta`` as TimeSpan; numpy scalars as their Python values; what came out of
``%rj`` goes back as the PowerShell value it was.

Out to Python (``-o``, results): text lines as :class:`RJLine` (a ``str`` that also
carries ``PSComputerName``, ``Stream``, ``JobId``, ``ParentJobId`` and ``Timestamp``
where known; a job's stderr lines merged with ``2>&1`` too, with ``Stream`` ``Error``),
numbers and booleans as such, hashtables and custom objects as ``dict``, arrays as
``list``, DateTime/TimeSpan as ``datetime``/``timedelta``, jobs and sessions as
:class:`RJLive` (read-only, live, PowerShell's property names), other objects (history
entries, …) as a ``dict`` of their properties. A result is an
:class:`RJResult`: a ``list`` with ``.to_pandas()`` and PowerShell's formatting as its
display.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping
from typing import Any

from rjkernel.display.formatter import format_default, render_html, render_text
from rjkernel.errors import ErrorRecord
from rjkernel.jobs.model import Job, RemoteJobRef
from rjkernel.runspace.sessions import PSSession
from rjkernel.values.members import get_property, properties_of
from rjkernel.values.objects import (
    MISSING,
    DictionaryEntry,
    Hashtable,
    LineOrigin,
    OutputLine,
    PSObject,
    RemoteText,
    ScriptBlockValue,
)

LINE_COLUMNS = ("PSComputerName", "Stream", "Line", "JobId", "ParentJobId", "Timestamp")
PANDAS_MISSING = ("pandas is not installed; .to_pandas() needs it: "
                  "pip install 'rjkernel[pandas]'")


class RJLine(str):
    """A line of PowerShell output in Python: the text, plus where it came from."""

    PSComputerName: str | None
    Stream: str
    JobId: int | None
    ParentJobId: int | None
    Timestamp: dt.datetime | None

    def __new__(cls, text: str, computer: str | None = None, stream: str = "Output",
                job_id: int | None = None, timestamp: dt.datetime | None = None,
                parent_id: int | None = None) -> RJLine:
        line = super().__new__(cls, text)
        line.PSComputerName = computer
        line.Stream = stream
        line.JobId = job_id
        line.ParentJobId = parent_id
        line.Timestamp = timestamp
        return line

    @classmethod
    def received(cls, text: str, origin: LineOrigin) -> RJLine:
        """A line ``Receive-Job`` returned (output, or stderr merged with ``2>&1``)."""
        return cls(text, origin.computer, origin.stream, origin.job_id, origin.time,
                   origin.parent_id)

    def row(self) -> dict[str, Any]:
        return {"PSComputerName": self.PSComputerName, "Stream": self.Stream,
                "Line": str(self), "JobId": self.JobId, "ParentJobId": self.ParentJobId,
                "Timestamp": self.Timestamp}


class RJLive:
    """A job or session as Python sees it: read-only, and live — each attribute is read
    from the kernel's object when asked (``j.State`` changes as the job runs)."""

    __slots__ = ("_ps_value",)

    def __init__(self, value: Any) -> None:
        object.__setattr__(self, "_ps_value", value)

    def __getattr__(self, name: str) -> Any:
        value = get_property(object.__getattribute__(self, "_ps_value"), name)
        if value is MISSING:
            raise AttributeError(name)
        return to_python(value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{name} is read-only: change jobs and sessions with "
                             "cmdlets (%rj Stop-Job …)")

    def __dir__(self) -> list[str]:
        return list(properties_of(self._ps_value))

    def to_dict(self) -> dict[str, Any]:
        """The properties as they are now."""
        return {name: to_python(v) for name, v in properties_of(self._ps_value).items()}

    def __repr__(self) -> str:
        value = self._ps_value
        names = ("Id", "Name", "State", "Location", "ComputerName")
        shown = [(n, get_property(value, n)) for n in names]
        kind = "Job" if isinstance(value, (Job, RemoteJobRef)) else "PSSession"
        return f"<{kind} " + " ".join(f"{n}={v}" for n, v in shown if v is not MISSING) + ">"


def to_python(value: Any) -> Any:
    """A PowerShell value as a Python one (see the module docstring); the value model's
    subclasses (Int64, dates that remember their format, enums) become plain types."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day, value.hour, value.minute,
                           value.second, value.microsecond, value.tzinfo, fold=value.fold)
    if isinstance(value, dt.timedelta):
        return dt.timedelta(value.days, value.seconds, value.microseconds)
    if isinstance(value, OutputLine):
        return RJLine.received(value, value.origin)
    if isinstance(value, ErrorRecord) and value.origin is not None:
        return RJLine.received(value.message, value.origin)
    if isinstance(value, RemoteText):
        return RJLine(value, value.computer)
    if isinstance(value, str):
        return RJLine(value)
    if isinstance(value, (list, tuple)):
        return [to_python(v) for v in value]
    if isinstance(value, Hashtable):
        return {to_python(k): to_python(v) for k, v in value.items()}
    if isinstance(value, PSObject):
        return {k: to_python(v) for k, v in value.properties.items()}
    if isinstance(value, DictionaryEntry):
        return (to_python(value.key), to_python(value.value))
    if isinstance(value, (Job, RemoteJobRef, PSSession)):
        return RJLive(value)
    if hasattr(value, "ps_properties"):  # other objects of the engine: their properties now
        return {k: to_python(v) for k, v in value.ps_properties().items()}
    if isinstance(value, ScriptBlockValue):
        return value.text
    return value


def to_powershell(value: Any) -> Any:
    """A Python value as a PowerShell one (see the module docstring)."""
    if value is None or isinstance(value, (bool, int, float, dt.timedelta)):
        return value
    if isinstance(value, RJLine):
        return str(value)
    if isinstance(value, str):
        return value
    if isinstance(value, RJLive):
        return object.__getattribute__(value, "_ps_value")
    if isinstance(value, dt.datetime):
        return value.astimezone().replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, Mapping):
        return Hashtable((str(k), to_powershell(v)) for k, v in value.items())
    if isinstance(value, (list, tuple, RJResult)):
        return [to_powershell(v) for v in value]
    if _is_pandas_series(value):
        return [to_powershell(v) for v in value.tolist()]
    item = getattr(value, "item", None)  # numpy and pandas scalars
    if callable(item) and type(value).__module__.split(".")[0] in ("numpy", "pandas"):
        return to_powershell(item())
    raise TypeError(f"cannot pass a {type(value).__name__} to PowerShell; give a str, "
                    "number, bool, None, list, dict, datetime or pandas Series")


def _is_pandas_series(value: Any) -> bool:
    return type(value).__name__ == "Series" and type(value).__module__.startswith("pandas")


Show = Callable[[list[Any]], None]


class RJResult(list[Any]):
    """What ``%rj`` returns: the output as Python values, shown as PowerShell shows it
    (through ``show``, the kernel's Out-Default: job tables stay live)."""

    def __init__(self, values: list[Any], original: list[Any], show: Show | None = None
                 ) -> None:
        super().__init__(values)
        self._original = original
        self._show = show

    @classmethod
    def of(cls, output: list[Any], show: Show | None = None) -> RJResult:
        return cls([to_python(v) for v in output], output, show)

    def _ipython_display_(self) -> None:
        """IPython shows a result this way; nothing at all for an empty one."""
        if not self._original:
            return
        if self._show is not None:
            self._show(self._original)
        else:
            from IPython.display import display

            display(self._repr_mimebundle_(), raw=True)

    def to_pandas(self) -> Any:
        """One row per item, a column per property: lines give PSComputerName, Stream,
        Line, JobId, ParentJobId and Timestamp; dicts their keys; jobs and sessions
        their properties; anything else a ``Value`` column."""
        try:
            import pandas
        except ImportError as exc:
            raise ImportError(PANDAS_MISSING) from exc
        return pandas.DataFrame([_row(item) for item in self])

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        displays = format_default(self._original)
        return {"text/plain": render_text(displays).strip("\n"),
                "text/html": render_html(displays)}


def _row(item: Any) -> dict[str, Any]:
    if isinstance(item, RJLine):
        return item.row()
    if isinstance(item, dict):
        return item
    if isinstance(item, RJLive):
        return item.to_dict()
    return {"Value": item}
