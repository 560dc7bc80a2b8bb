"""Turning a stream of output objects into displays: Out-Default, Format-Table, Format-List,
Format-Wide.

PowerShell's rules (format-default and OutCommandInner, PowerShell 7 source):

- ``$null`` prints nothing. Arrays are enumerated; a hashtable is enumerated into its
  entries, which have their own ``Name``/``Value`` view.
- Scalars (strings, numbers, booleans, enums…) and objects with nothing but remoting
  properties print as text, wherever they come.
- The first other object opens a *document* (one table or list) that stays open for
  the rest of the output. Its shape: the object's format view if it has one (Job,
  PSSession, hashtable entry); else a table of its properties if it has at most 4
  (at most 10 columns), a list if it has more.
- Later objects join the open document if they belong to it: any object joins a
  document built from properties (missing properties show empty), only objects of the
  view's types join a view's table. The others are shown inside it "out of band"
  (see :mod:`rjkernel.display.documents`). PowerShell never starts a second table in
  one output; ``Get-Job; Get-PSSession`` shows the sessions as list entries under the
  jobs, exactly as PowerShell 7 does.
- ``Format-Table`` / ``Format-List`` force the shape; ``-Property`` picks the columns
  (wildcards allowed; a Format-Table name that matches nothing still gets its empty
  column). ``-AutoSize`` sizes every column to its content, ``-HideTableHeaders`` drops
  the header, ``-Wrap`` lets values spill onto more lines. ``Format-Wide`` shows one
  property of each object, several to a row; like the other two it prints scalars
  (strings, numbers) as plain lines (without ``-Force``, PowerShell formats them out of
  band as their text).
- Their result is a list of ready displays; fed back into Out-Default they pass through
  unchanged and close whatever document was open.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from rjkernel.display.documents import (
    CustomDisplay,
    Display,
    ListDisplay,
    TableDisplay,
    TextDisplay,
    WideDisplay,
)
from rjkernel.display.properties import (
    Selection,
    display_property_names,
    property_columns,
    select_columns,
)
from rjkernel.display.table import DEFAULT_WIDTH
from rjkernel.display.valuetext import custom_text, has_display_properties, is_scalar
from rjkernel.display.views import list_view_for, table_view_for
from rjkernel.values.members import properties_of
from rjkernel.values.objects import MISSING, Hashtable

PROPERTY_COUNT_FOR_TABLE = 4
MAX_TABLE_COLUMNS = 10


class Shape(enum.Enum):
    DEFAULT = "default"
    TABLE = "table"
    LIST = "list"
    WIDE = "wide"


@dataclass(frozen=True)
class FormatOptions:
    """What Format-Table / Format-List were asked for (Out-Default: the defaults)."""

    shape: Shape = Shape.DEFAULT
    properties: Selection | None = None
    autosize: bool = False
    hide_headers: bool = False
    wrap: bool = False
    columns: int | None = None  # Format-Wide -Column
    group_by: str | None = None  # Format-Table -GroupBy


def expand(obj: Any) -> Iterator[Any]:
    """The objects the formatter sees for one output object."""
    if obj is None or obj is MISSING:
        return
    if isinstance(obj, (list, tuple)):
        for item in obj:
            yield from expand(item)
    elif isinstance(obj, Hashtable):
        yield from obj.entries()
    else:
        yield obj


class Formatter:
    """Feeds objects, one at a time, into displays (:attr:`displays` grows as they come).

    A display already in :attr:`displays` may still gain rows, so a caller that shows
    them as they come re-renders the last one (or shows it once the output ends).
    """

    def __init__(self, options: FormatOptions | None = None) -> None:
        self.options = options or FormatOptions()
        self.displays: list[Display] = []
        self._document: TableDisplay | ListDisplay | WideDisplay | None = None
        self._text: TextDisplay | None = None
        self._custom: CustomDisplay | None = None

    def add(self, obj: Any) -> None:
        for item in expand(obj):
            self._add_one(item)

    def add_all(self, objects: Iterable[Any]) -> Formatter:
        for obj in objects:
            self.add(obj)
        return self

    def _add_one(self, obj: Any) -> None:
        if isinstance(obj, Display):
            self.displays.append(obj)
            self._document = self._text = self._custom = None
        elif self._document is None and self.options.shape is Shape.DEFAULT and \
                custom_text(obj) is not None:
            if self._custom is None:
                self._custom = CustomDisplay()
                self.displays.append(self._custom)
                self._text = None
            self._custom.add(obj)
        elif is_scalar(obj) or not has_display_properties(obj):
            if self._document is not None:
                self._document.add_out_of_band(obj)
                return
            if self._text is None:
                self._text = TextDisplay()
                self.displays.append(self._text)
                self._custom = None
            self._text.add(obj)
        else:
            if self._document is None:
                self._document = self._open(obj)
                self.displays.append(self._document)
                self._text = self._custom = None
            if self._document.accepts(obj):
                self._document.add(obj)
            else:
                self._document.add_out_of_band(obj)

    def _open(self, first: Any) -> TableDisplay | ListDisplay | WideDisplay:
        options = self.options
        if options.shape is Shape.WIDE:
            return WideDisplay(selection=options.properties, columns=options.columns,
                               autosize=options.autosize)
        if options.shape is Shape.LIST:
            list_view = list_view_for(first) if options.properties is None else None
            return ListDisplay(selection=options.properties, view=list_view)
        if options.properties is not None:
            columns = select_columns(first, options.properties, keep_unresolved=True)
        elif (view := table_view_for(first)) is not None:
            table = TableDisplay.for_view(
                view,
                first,
                autosize=options.autosize,
                hide_header=options.hide_headers,
                wrap=options.wrap,
            )
            table.group_by = options.group_by
            return table
        elif options.shape is Shape.DEFAULT and (
            list_view := list_view_for(first, default=True)) is not None:
            return ListDisplay(view=list_view)
        elif (
            options.shape is Shape.DEFAULT and len(properties_of(first)) > PROPERTY_COUNT_FOR_TABLE
        ):
            return ListDisplay()
        else:
            columns = property_columns(first, display_property_names(first)[:MAX_TABLE_COLUMNS])
        return TableDisplay(
            columns,
            autosize=options.autosize,
            hide_header=options.hide_headers,
            wrap=options.wrap,
            group_by=options.group_by,
        )


def format_default(objects: Iterable[Any]) -> list[Display]:
    """Out-Default: what a cell prints for these output objects."""
    return Formatter().add_all(objects).displays


def format_table(
    objects: Iterable[Any],
    properties: Selection | None = None,
    *,
    autosize: bool = False,
    hide_headers: bool = False,
    wrap: bool = False,
    group_by: str | None = None,
) -> list[Display]:
    """Format-Table (``group_by``: a header line each time that property's value changes)."""
    options = FormatOptions(Shape.TABLE, properties, autosize, hide_headers, wrap,
                            group_by=group_by)
    return Formatter(options).add_all(objects).displays


def format_list(objects: Iterable[Any], properties: Selection | None = None) -> list[Display]:
    """Format-List (``properties=["*"]`` for ``-Property *``)."""
    return Formatter(FormatOptions(Shape.LIST, properties)).add_all(objects).displays


def format_wide(
    objects: Iterable[Any],
    properties: Selection | None = None,
    *,
    columns: int | None = None,
    autosize: bool = False,
) -> list[Display]:
    """Format-Wide: one property per object, several objects to a row."""
    options = FormatOptions(Shape.WIDE, properties, autosize, columns=columns)
    return Formatter(options).add_all(objects).displays


def render_text(displays: Iterable[Display], width: int = DEFAULT_WIDTH) -> str:
    """All displays as one text (Out-String, text/plain of a whole output)."""
    return "".join(display.text(width) for display in displays)


def render_html(displays: Iterable[Display]) -> str:
    return "".join(display.html() for display in displays)
