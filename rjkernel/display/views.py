"""Format views: which columns a type shows, PowerShell's ``*.format.ps1xml`` in code.

A view names the types it applies to (PowerShell type names, most specific first on
the object, as ``PSObject.type_names``); objects of other layers declare theirs with a
``type_names`` attribute. ``Deserialized.``-prefixed names (remote snapshots) match the
view of the original type, as in PowerShell.

The built-in views are PowerShell 7's, byte for byte in the text face:

- ``Job`` (System.Management.Automation.Job): Id 6, Name 15, PSJobTypeName 15,
  State 13, HasMoreData 15, Location 20, Command 25, all left-aligned.
- ``PSSession``: Id 3 right, Name 15, Transport 9, ComputerName 15, ComputerType 15,
  State 13, ConfigurationName 20, Availability 13 right.
- ``Dictionary`` (a hashtable's entries): Name 30, Value taking the rest of the line.
- ``CommandInfo`` (Get-Command, Get-Alias): CommandType 15, Name 50 (an alias's
  ``DisplayName``), Version 10, Source.
- ``childrenWithUnixStat`` (Get-ChildItem, Get-Item on Linux): grouped by directory
  (``    Directory: /tmp``), UnixMode 10, User 10 right, Group 10, LastWriteTime 16
  right, Size 12 right, Name. ``PathInfo`` (Get-Location): Path. ``FileHashInfo``:
  Algorithm 15, Hash 70, Path.

rjkernel's ``ExitCode`` (design.md: a non-zero exit makes a job Failed and is kept) is
deliberately *not* a text column: the Job table stays byte-identical to PowerShell's.
It shows in ``Format-List`` (it is one of the job's properties) and as a column of the
rich faces (HTML, widgets), which read :attr:`TableViewSpec.rich_columns`. Those faces
also show when a job started, how long it ran (or has been running, as of the
rendering) and how much output it spooled — calculated columns, so ``Format-List *``
stays PowerShell's.

Objects returned by a remote command carry ``PSComputerName``; a view-based table then
gets a trailing ``PSComputerName`` column of unfixed width (PowerShell's
``PrepareForRemoteObjects``), so the former last column is truncated and padded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from rjkernel.display.table import Align
from rjkernel.display.valuetext import cell_text
from rjkernel.values.conversion import dotnet_type_of
from rjkernel.values.dates import format_timespan
from rjkernel.values.members import properties_of
from rjkernel.values.objects import MISSING, DictionaryEntry

DESERIALIZED = "Deserialized."
COMPUTER_NAME = "PSComputerName"
SHOW_COMPUTER_NAME = "PSShowComputerName"


@dataclass(frozen=True)
class Column:
    """One column: its label, where its value comes from, its width and alignment.

    ``property_name`` defaults to the label. ``getter(obj, props)`` replaces the property
    lookup (a calculated property of ``Format-Table @{n=…;e={…}}``, the rich faces'
    Elapsed); ``props`` are the object's properties, read once per row. ``width`` 0 means
    unfixed.
    ``align`` None means undecided: a column chosen with ``-Property`` then aligns by its
    first value (numbers right), a view's column is left-aligned.
    ``role`` tells the rich faces what the value means (``state``, ``exitcode``,
    ``availability``, ``reason``) so they can style it; the text face ignores it.
    ``optional`` columns of the rich faces show only when some row has a value (ExitCode
    before any job ended, the reason of a failure when none failed are noise).
    ``html_width`` (in characters) fixes the column's width in the HTML face, so that
    consecutive tables of a view line up whatever their rows hold (longer values are
    clipped, with the whole value as the cell's title). ``detail`` columns of the HTML
    face are not cells: they show in the row's title (hover) to keep the table narrow.
    """

    label: str
    width: int = 0
    align: Align | None = None
    property_name: str | None = None
    role: str | None = None
    getter: Callable[[Any, Mapping[str, Any]], Any] | None = None
    optional: bool = False
    html_width: int = 0
    detail: bool = False

    @property
    def alignment(self) -> Align:
        return self.align or Align.LEFT

    def value(self, obj: Any, props: Mapping[str, Any]) -> Any:
        """The raw value for ``obj`` (whose properties are ``props``)."""
        if self.getter is not None:
            return self.getter(obj, props)
        return props.get(self.property_name or self.label, MISSING)


@dataclass(frozen=True)
class TableViewSpec:
    name: str
    type_names: tuple[str, ...]
    columns: tuple[Column, ...]
    rich_columns: tuple[Column, ...] | None = None
    css_class: str = ""
    group_by: str | None = None  # a property whose change starts a new group header
    # The group header's text for a value of ``group_by`` (default ``   Name: value``).
    group_header: Callable[[Any], str] | None = None


@dataclass(frozen=True)
class ListViewSpec:
    name: str
    type_names: tuple[str, ...]
    properties: tuple[str, ...]


STATE_ROLE = "state"


def _begin_time(props: Mapping[str, Any]) -> datetime | None:
    value = props.get("PSBeginTime")
    return value if isinstance(value, datetime) else None


def started_text(_obj: Any, props: Mapping[str, Any], now: datetime | None = None) -> str:
    """When a job started: the time of day, with the date when it was not today."""
    begin = _begin_time(props)
    if begin is None:
        return ""
    now = now or datetime.now()
    return begin.strftime("%H:%M:%S" if begin.date() == now.date() else "%Y-%m-%d %H:%M:%S")


def elapsed(_obj: Any, props: Mapping[str, Any], now: datetime | None = None
            ) -> timedelta | None:
    """How long a job ran, to the second: until its end, or until ``now`` while it runs."""
    begin, end = _begin_time(props), props.get("PSEndTime")
    if begin is None:
        return None
    until = end if isinstance(end, datetime) else (now or datetime.now())
    return timedelta(seconds=max(0, int((until - begin).total_seconds())))


def size_text(size: int) -> str:
    """A byte count as people read it: ``0 B``, ``512 B``, ``1.5 KB``, ``2.0 MB``."""
    if size < 1024:
        return f"{size} B"
    value = float(size)
    for unit in ("KB", "MB", "GB"):
        value /= 1024
        if value < 1024 or unit == "GB":
            break
    return f"{value:.1f} {unit}"


def failure_reason(_obj: Any, props: Mapping[str, Any]) -> str:
    """Why a Failed job failed (its StatusMessage), for the rich faces' Reason column."""
    message = props.get("StatusMessage")
    return message if isinstance(message, str) else ""


def output_size(obj: Any, _props: Mapping[str, Any]) -> str:
    """Bytes of output a job (with its children) has spooled; empty for other objects."""
    size = getattr(obj, "total_size", None)
    return size_text(size) if isinstance(size, int) else ""


JOB_VIEW = TableViewSpec(
    name="Job",
    type_names=("System.Management.Automation.Job",),
    columns=(
        Column("Id", 6),
        Column("Name", 15),
        Column("PSJobTypeName", 15),
        Column("State", 13, role=STATE_ROLE),
        Column("HasMoreData", 15),
        Column("Location", 20),
        Column("Command", 25),
    ),
    # PowerShell's columns, then how long a job ran and, when some row has one, its
    # ExitCode and why it failed: a fan-out to four hosts fits 1,000 px. When it started
    # and how much output it spooled show on hover.
    rich_columns=(
        Column("Id", html_width=6),  # room for a child row's "└ " indent
        Column("Name", html_width=10),
        Column("PSJobTypeName", html_width=13),
        Column("State", role=STATE_ROLE, html_width=12),
        Column("HasMoreData", html_width=11),
        Column("Location", html_width=20),
        Column("Command", html_width=26),
        Column("Elapsed", align=Align.RIGHT, getter=elapsed, html_width=8),
        Column("ExitCode", role="exitcode", optional=True, html_width=8),
        Column("Reason", role="reason", getter=failure_reason, optional=True, html_width=30),
        Column("Started", getter=started_text, detail=True),
        Column("Output", getter=output_size, detail=True),
    ),
    css_class="rj-jobs",
)

PSSESSION_VIEW = TableViewSpec(
    name="PSSession",
    type_names=("System.Management.Automation.Runspaces.PSSession",),
    columns=(
        Column("Id", 3, Align.RIGHT),
        Column("Name", 15),
        Column("Transport", 9),
        Column("ComputerName", 15),
        Column("ComputerType", 15),
        Column("State", 13, role=STATE_ROLE),
        Column("ConfigurationName", 20),
        Column("Availability", 13, Align.RIGHT, role="availability"),
    ),
    css_class="rj-sessions",
)

DICTIONARY_TYPE = DictionaryEntry.type_names[0]

DICTIONARY_VIEW = TableViewSpec(
    name="Dictionary",
    type_names=(DICTIONARY_TYPE,),
    columns=(Column("Name", 30), Column("Value")),
    css_class="rj-dictionary",
)

DICTIONARY_LIST_VIEW = ListViewSpec(
    name="Dictionary", type_names=(DICTIONARY_TYPE,), properties=("Name", "Value")
)

# PowerShellCore.format.ps1xml / DotNetTypes.format.ps1xml
GROUP_INFO_VIEW = TableViewSpec(
    name="Microsoft.PowerShell.Commands.GroupInfo",
    type_names=("Microsoft.PowerShell.Commands.GroupInfo",),
    columns=(Column("Count", 5, Align.RIGHT), Column("Name", 25), Column("Group")),
)

GROUP_INFO_NO_ELEMENT_VIEW = TableViewSpec(
    name="Microsoft.PowerShell.Commands.GroupInfoNoElement",
    type_names=("Microsoft.PowerShell.Commands.GroupInfoNoElement",),
    columns=(Column("Count", 5, Align.RIGHT), Column("Name", 25)),
)

GUID_VIEW = TableViewSpec(  # DotNetTypes.format.ps1xml "System.Guid"
    name="System.Guid", type_names=("System.Guid",), columns=(Column("Guid"),),
)

VARIABLE_VIEW = TableViewSpec(  # Get-Variable (PowerShellCore.format.ps1xml "Variable")
    name="Variable",
    type_names=("System.Management.Automation.PSVariable",),
    columns=(Column("Name", 30), Column("Value")),
)

GROUP_INFO_LIST_VIEW = ListViewSpec(  # Format-List of Group-Object's output
    name="Microsoft.PowerShell.Commands.GroupInfo",
    type_names=("Microsoft.PowerShell.Commands.GroupInfo",),
    properties=("Name", "Count", "Group", "Values"),
)

GROUP_INFO_NO_ELEMENT_LIST_VIEW = ListViewSpec(
    name="Microsoft.PowerShell.Commands.GroupInfoNoElement",
    type_names=("Microsoft.PowerShell.Commands.GroupInfoNoElement",),
    properties=("Name", "Count", "Values"),
)

RUNTIME_TYPE_VIEW = TableViewSpec(
    name="System.RuntimeType",
    type_names=("System.RuntimeType",),
    columns=(Column("IsPublic", 8), Column("IsSerial", 8, property_name="IsSerializable"),
             Column("Name", 40), Column("BaseType")),
)

MEMBER_DEFINITION_VIEW = TableViewSpec(
    name="Microsoft.PowerShell.Commands.MemberDefinition",
    type_names=("Microsoft.PowerShell.Commands.MemberDefinition",),
    columns=(Column("Name"), Column("MemberType"), Column("Definition")),
    group_by="TypeName",
)

VERSION_VIEW = TableViewSpec(
    name="System.Version", type_names=("System.Version",),
    columns=(Column("Major", 6), Column("Minor", 6), Column("Build", 6),
             Column("Revision", 8)),
)

SEMANTIC_VERSION_VIEW = TableViewSpec(  # $PSVersionTable.PSVersion
    name="System.Management.Automation.SemanticVersion",
    type_names=("System.Management.Automation.SemanticVersion",),
    columns=(Column("Major", 6), Column("Minor", 6), Column("Patch", 6),
             Column("PreReleaseLabel", 15), Column("BuildLabel", 11)),
)

TIMESPAN_LIST_VIEW = ListViewSpec(
    name="System.TimeSpan", type_names=("System.TimeSpan",),
    properties=("Days", "Hours", "Minutes", "Seconds", "Milliseconds", "Ticks", "TotalDays",
                "TotalHours", "TotalMinutes", "TotalSeconds", "TotalMilliseconds"),
)

def history_duration(_obj: Any, props: Mapping[str, Any]) -> str:
    """The history view's Duration: ``s.fff``, ``m:ss.fff``, ``h:mm:ss.fff``, or whole
    hours past ten (PowerShellCore_format_ps1xml.cs)."""
    value = props.get("Duration")
    if not isinstance(value, timedelta):
        return ""
    hours = value.total_seconds() / 3600
    if hours >= 10:
        return f"{int(hours)}:{format_timespan(value, 'mm')}:{format_timespan(value, 'ss')}." \
               f"{format_timespan(value, 'fff')}"
    fmt = "h\\:mm\\:ss\\.fff" if hours >= 1 else "m\\:ss\\.fff" if hours * 60 >= 1 \
        else "s\\.fff"
    return format_timespan(value, fmt)


HISTORY_VIEW = TableViewSpec(
    name="history",
    type_names=("Microsoft.PowerShell.Commands.HistoryInfo",),
    columns=(Column("Id", 4, Align.RIGHT),
             Column("Duration", 12, Align.RIGHT, getter=history_duration),
             Column("CommandLine")),
)



def command_name(_obj: Any, props: Mapping[str, Any]) -> Any:
    """The CommandInfo view's Name: an alias shows as ``gjb -> Get-Job``."""
    if str(props.get("CommandType")) == "Alias":
        return props.get("DisplayName")
    return props.get("Name")


COMMAND_INFO_VIEW = TableViewSpec(
    name="CommandInfo",
    type_names=("System.Management.Automation.AliasInfo",
                "System.Management.Automation.ApplicationInfo",
                "System.Management.Automation.CmdletInfo",
                "System.Management.Automation.FunctionInfo",
                "System.Management.Automation.FilterInfo"),
    columns=(Column("CommandType", 15), Column("Name", 50, getter=command_name),
             Column("Version", 10), Column("Source")),
)

def last_write_time(_obj: Any, props: Mapping[str, Any]) -> Any:
    """``'{0:d} {0:HH}:{0:mm}' -f $_.LastWriteTime`` in en-US (``12/3/2026 09:40``)."""
    when = props.get("LastWriteTime")
    if not isinstance(when, datetime):
        return when
    return f"{when.month}/{when.day}/{when.year} {when:%H:%M}"


def directory_header(parent_path: Any) -> str:
    """FileSystem_format_ps1xml's group header: the parent without the provider."""
    return "    Directory: " + str(parent_path).replace("Microsoft.PowerShell.Core\\FileSystem::",
                                                       "")


FILE_SYSTEM_VIEW = TableViewSpec(
    name="childrenWithUnixStat",
    type_names=("System.IO.DirectoryInfo", "System.IO.FileInfo"),
    columns=(Column("UnixMode", 10), Column("User", 10, Align.RIGHT), Column("Group", 10),
             Column("LastWriteTime", 16, Align.RIGHT, getter=last_write_time),
             Column("Size", 12, Align.RIGHT), Column("Name", property_name="NameString")),
    group_by="PSParentPath",
    group_header=directory_header,
)

FILE_HASH_VIEW = TableViewSpec(
    name="Microsoft.PowerShell.Commands.FileHashInfo",
    type_names=("Microsoft.PowerShell.Commands.FileHashInfo",),
    columns=(Column("Algorithm", 15), Column("Hash", 70), Column("Path")),
)

PATH_INFO_VIEW = TableViewSpec(
    name="PathInfo",
    type_names=("System.Management.Automation.PathInfo",),
    columns=(Column("Path"),),
)

TABLE_VIEWS: tuple[TableViewSpec, ...] = (
    JOB_VIEW, PSSESSION_VIEW, DICTIONARY_VIEW, GROUP_INFO_VIEW, GROUP_INFO_NO_ELEMENT_VIEW,
    RUNTIME_TYPE_VIEW, MEMBER_DEFINITION_VIEW, HISTORY_VIEW, COMMAND_INFO_VIEW,
    SEMANTIC_VERSION_VIEW, VERSION_VIEW, VARIABLE_VIEW, GUID_VIEW,
    FILE_SYSTEM_VIEW, PATH_INFO_VIEW, FILE_HASH_VIEW,
)
LIST_VIEWS: tuple[ListViewSpec, ...] = (
    DICTIONARY_LIST_VIEW, TIMESPAN_LIST_VIEW, GROUP_INFO_LIST_VIEW,
    GROUP_INFO_NO_ELEMENT_LIST_VIEW,
)
DEFAULT_LIST_VIEWS: tuple[ListViewSpec, ...] = (TIMESPAN_LIST_VIEW,)
"""List views that are their type's first view, so Out-Default uses them."""


def group_text(view: TableViewSpec, key: Any) -> str:
    """The header of a view's group of rows (``   TypeName: …``, ``    Directory: …``)."""
    if view.group_header is not None:
        return view.group_header(key)
    return f"   {view.group_by}: {cell_text(key)}"


def type_names_of(obj: Any) -> tuple[str, ...]:
    """The PowerShell type names of ``obj``: declared (custom objects, other layers) or
    its .NET type's (a DateTime, a TimeSpan)."""
    declared = getattr(obj, "type_names", None)
    if declared:
        return tuple(declared)
    return () if obj is None else (dotnet_type_of(obj),)


def applies_to(view_types: Iterable[str], obj: Any) -> bool:
    """Does a view for ``view_types`` apply to ``obj`` (directly or deserialized)?"""
    wanted = {name.lower() for name in view_types}
    names = [name.lower() for name in type_names_of(obj)]
    if any(name in wanted for name in names):
        return True
    prefix = DESERIALIZED.lower()
    return any(name[len(prefix) :] in wanted for name in names if name.startswith(prefix))


def _view_for(views: Iterable[Any], obj: Any) -> Any:
    """The view of ``obj``'s most specific type name that has one (PowerShell looks the
    type names up in order: GroupInfoNoElement before GroupInfo)."""
    names = [name.lower().removeprefix(DESERIALIZED.lower()) for name in type_names_of(obj)]
    best = None
    for view in views:
        wanted = {t.lower() for t in view.type_names}
        rank = next((i for i, name in enumerate(names) if name in wanted), None)
        if rank is not None and (best is None or rank < best[0]):
            best = (rank, view)
    return best[1] if best else None


def table_view_for(obj: Any) -> TableViewSpec | None:
    view: TableViewSpec | None = _view_for(TABLE_VIEWS, obj)
    return view


def list_view_for(obj: Any, *, default: bool = False) -> ListViewSpec | None:
    """The list view for ``obj`` (Format-List), or — ``default`` — only one that is its
    type's first view (Out-Default)."""
    view: ListViewSpec | None = _view_for(DEFAULT_LIST_VIEWS if default else LIST_VIEWS, obj)
    return view


def shows_computer_name(obj: Any) -> bool:
    """Remote output: has ``PSComputerName`` and ``PSShowComputerName`` is not false.

    PowerShell stamps both on every object a remote command returns
    (``-HideComputerName`` sets the flag false); an object carrying only the name is
    treated as flagged.
    """
    props = properties_of(obj)
    if props.get(COMPUTER_NAME, MISSING) is MISSING:
        return False
    return bool(props.get(SHOW_COMPUTER_NAME, True))


def view_columns(view: TableViewSpec, obj: Any, *, rich: bool = False) -> tuple[Column, ...]:
    """A view's columns for a table whose first row is ``obj``."""
    columns = view.rich_columns if rich and view.rich_columns else view.columns
    if shows_computer_name(obj):
        # As wide as its label, so a notebook (which, unlike a console, has no width to
        # respect) shows the whole column; see TableDisplay.natural_width.
        columns = (*columns, Column(COMPUTER_NAME, width=len(COMPUTER_NAME)))
    return columns
