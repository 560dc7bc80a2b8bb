"""What a cell shows: tables, lists and plain text, each with a text and an HTML face.

A display holds *objects*, not strings: its faces read the objects' properties when
they render, so rendering again later shows live values (a job's State moving on).
That is also the seam for further faces: a widget face reads ``columns`` /
``html_columns`` and ``items`` exactly as :mod:`rjkernel.display.html` does, and neither
the text nor the HTML face changes.

Text faces reproduce PowerShell's console output byte for byte: every line ends with
``\\n``; a table is preceded and followed by one empty line; a list is preceded by one
and each entry is followed by one (PowerShell's format start/end markers).

Objects that arrive while a table or list is open but do not fit it are shown *inside*
it, where they arrived (:mod:`~rjkernel.display.outofband`): a string as its own
line, an object of another type as a list entry framed by empty lines. So
``Get-Job; "done"`` prints ``done`` right under the job rows, before the closing empty
line, as PowerShell does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rjkernel.display import html as html_face
from rjkernel.display.cells import cell_width, split_lines
from rjkernel.display.listing import list_entry_lines
from rjkernel.display.outofband import OutOfBand
from rjkernel.display.properties import (
    Selection,
    display_property_names,
    entry,
    row_cells,
    select_columns,
)
from rjkernel.display.table import DEFAULT_WIDTH, SEPARATOR, Align, TableWriter, autosize_widths
from rjkernel.display.valuetext import REMOTING_PROPERTIES, as_text, cell_text, custom_text
from rjkernel.display.views import (
    Column,
    ListViewSpec,
    TableViewSpec,
    applies_to,
    group_text,
    view_columns,
)
from rjkernel.values.members import properties_of
from rjkernel.values.objects import MISSING
from rjkernel.values.operators import wildcard_regex


def _join(lines: Sequence[str]) -> str:
    return "".join(line + "\n" for line in lines)


def _out_of_band_lines(item: OutOfBand, width: int) -> list[str]:
    if item.is_text:
        return split_lines(as_text(item.obj))
    return ["", *list_entry_lines(*entry(item.obj), width), ""]


@dataclass
class TextDisplay:
    """Lines printed as they are: strings and other scalars outside any table."""

    lines: list[str] = field(default_factory=list)

    def add(self, obj: Any) -> None:
        self.lines.extend(split_lines(as_text(obj)))

    def text(self, width: int = DEFAULT_WIDTH) -> str:
        return _join(self.lines)

    def html(self) -> str:
        return html_face.text_html(self.lines)


@dataclass
class CustomDisplay(TextDisplay):
    """Objects whose view is a custom control (DateTime, MatchInfo): their texts, one
    after another, between two empty lines, as PowerShell's ComplexWriter frames a
    group (``Get-Date`` prints an empty line, the date, an empty line)."""

    def add(self, obj: Any) -> None:
        self.lines.extend(split_lines(custom_text(obj) or ""))

    def text(self, width: int = DEFAULT_WIDTH) -> str:
        return _join(["", *self.lines, ""])


class _Document:
    """A table or list: once opened, it takes every later object of the output.

    Objects its view applies to (any object, for a document built from properties)
    become rows or entries; the others are kept as out-of-band items where they came.
    """

    view: TableViewSpec | ListViewSpec | None
    items: list[Any]

    def accepts(self, obj: Any) -> bool:
        return self.view is None or applies_to(self.view.type_names, obj)

    def add(self, obj: Any) -> None:
        self.items.append(obj)

    def add_out_of_band(self, obj: Any) -> None:
        self.items.append(OutOfBand(obj))


@dataclass
class TableDisplay(_Document):
    """One table: its columns, then rows (objects) and out-of-band items in arrival order.

    ``view`` is the format view the table was opened with (None for a table built from
    an object's own properties); it decides which later objects belong here and gives
    the rich faces their columns (``rich_columns``: the Job view adds ExitCode there).
    Widths are the columns', or — with ``autosize``, or when the first column has no
    width — computed from all rows.
    """

    columns: tuple[Column, ...]
    view: TableViewSpec | None = None
    rich_columns: tuple[Column, ...] | None = None
    autosize: bool = False
    hide_header: bool = False
    wrap: bool = False
    group_by: str | None = None  # Format-Table -GroupBy (else the view's grouping)
    items: list[Any] = field(default_factory=list)

    @classmethod
    def for_view(
        cls,
        view: TableViewSpec,
        first: Any,
        *,
        autosize: bool = False,
        hide_header: bool = False,
        wrap: bool = False,
    ) -> TableDisplay:
        """A table in ``view``'s columns, opened by the object ``first``."""
        return cls(
            view_columns(view, first),
            view=view,
            rich_columns=view_columns(view, first, rich=True),
            autosize=autosize,
            hide_header=hide_header,
            wrap=wrap,
        )

    @property
    def rows(self) -> list[Any]:
        return [item for item in self.items if not isinstance(item, OutOfBand)]

    @property
    def html_columns(self) -> tuple[Column, ...]:
        return self.rich_columns or self.columns

    @property
    def natural_width(self) -> int:
        """The width the table needs when every column has a fixed width, else 0.

        A notebook shows such a table at ``max(120, natural_width)``: a remote job table
        (the PowerShell view plus PSComputerName) is 130 wide, and a console wider than
        that would show it whole, which is what people expect to see.
        """
        widths = [column.width for column in self.columns]
        if self.autosize or not widths or 0 in widths:
            return 0
        return sum(widths) + len(widths) - 1

    def text(self, width: int = DEFAULT_WIDTH) -> str:
        labels = [column.label for column in self.columns]
        cells = [row_cells(self.columns, row) for row in self.rows]
        widths = [column.width for column in self.columns]
        if self.autosize or (widths and widths[0] == 0):
            widths = autosize_widths(labels, cells)
        writer = TableWriter(
            labels,
            widths,
            [column.alignment for column in self.columns],
            screen_width=width,
            hide_header=self.hide_header,
        )
        group_by = self.group_by or (self.view.group_by if self.view is not None else None)
        lines: list[str] = []
        group: Any = MISSING
        if group_by is None:
            lines = ["", *writer.header_lines()]
        row_texts = iter(cells)
        for item in self.items:
            if isinstance(item, OutOfBand):
                lines.extend(_out_of_band_lines(item, width))
                continue
            if group_by is not None:
                key = properties_of(item).get(group_by)
                if key != group:
                    # PowerShell's group header: the property and its value, indented,
                    # after one empty line (the format start's, or the new line
                    # InnerFormatShapeCommand writes before every later group).
                    header = group_text(self.view, key) if self.view is not None and \
                        not self.group_by else f"   {group_by}: {cell_text(key)}"
                    lines.extend(["", header, "", *writer.header_lines()])
                    group = key
            lines.extend(writer.row_lines(next(row_texts), wrap=self.wrap))
        lines.append("")
        return _join(lines)

    def html(self) -> str:
        return html_face.table_html(
            self.html_columns, self.items, view=self.view, hide_header=self.hide_header
        )


@dataclass
class ListDisplay(_Document):
    """Objects as ``Label : value`` entries (Format-List, and objects with 5+ properties).

    Each object is listed with its own properties (``selection`` patterns resolved per
    object), so one list happily mixes types.
    """

    selection: Selection | None = None
    view: ListViewSpec | None = None
    items: list[Any] = field(default_factory=list)

    def entries(self) -> list[tuple[list[str], list[str]] | OutOfBand]:
        """Each item as ``(labels, values)``, or the out-of-band item itself."""
        return [
            item if isinstance(item, OutOfBand) else entry(item, self.selection, self.view)
            for item in self.items
        ]

    def text(self, width: int = DEFAULT_WIDTH) -> str:
        lines = [""]
        for item in self.entries():
            if isinstance(item, OutOfBand):
                lines.extend(_out_of_band_lines(item, width))
            else:
                lines.extend(list_entry_lines(*item, width))
                lines.append("")
        return _join(lines)

    def html(self) -> str:
        return html_face.list_html(self.entries())


_WIDE_NAME_PATTERNS = ("name", "id", "key", "*key", "*name", "*id")
"""PSObjectHelper.GetDisplayNameExpression: the property Format-Wide shows by default."""


def wide_column(obj: Any, selection: Selection | None) -> Column | None:
    """The one property ``obj`` shows in a wide view (WideViewGenerator.SetUpActiveProperty):
    the first ``-Property`` it resolves, else the first property matching ``name``, ``id``,
    ``key``, ``*key``, ``*name``, ``*id`` (remoting properties aside), else its first."""
    if selection is not None:
        columns = select_columns(obj, selection, keep_unresolved=False)
        return columns[0] if columns else None
    names = [name for name in display_property_names(obj)
             if name.lower() not in REMOTING_PROPERTIES]
    for pattern in _WIDE_NAME_PATTERNS:
        regex = wildcard_regex(pattern)
        found = next((name for name in names if regex.fullmatch(name)), None)
        if found is not None:
            return Column(found)
    return Column(names[0]) if names else None


def wide_items_per_row(longest: int, screen_width: int) -> int:
    """How many values of ``longest`` cells fit a row, with a separator between them
    (TableWriter.ComputeWideViewBestItemsPerRowFit, for ``Format-Wide -AutoSize``)."""
    if longest <= 0 or screen_width < 1 or longest >= screen_width:
        return 1
    count = 1
    while longest * (count + 1) + count * SEPARATOR < screen_width:
        count += 1
    return count


@dataclass
class WideDisplay(_Document):
    """Format-Wide: one property of each object, ``columns`` to a row (2 unless told;
    ``autosize``: as many as the longest value allows), the screen shared evenly between
    the columns, framed by empty lines like a table (OutCommandInner's WideOutputContext)."""

    selection: Selection | None = None
    columns: int | None = None
    autosize: bool = False
    view: None = None
    items: list[Any] = field(default_factory=list)

    def values(self) -> list[str | OutOfBand]:
        out: list[str | OutOfBand] = []
        for item in self.items:
            if isinstance(item, OutOfBand):
                out.append(item)
                continue
            column = wide_column(item, self.selection)
            out.append("" if column is None else row_cells((column,), item)[0])
        return out

    def text(self, width: int = DEFAULT_WIDTH) -> str:
        values = self.values()
        texts = [value for value in values if isinstance(value, str)]
        if self.autosize:
            per_row = wide_items_per_row(max(map(cell_width, texts), default=0), width)
        else:
            per_row = self.columns if self.columns and self.columns > 0 else 2
        writer = TableWriter([""] * per_row, [0] * per_row, [Align.LEFT] * per_row,
                             screen_width=width, hide_header=True)
        lines, row = [""], []
        for value in values:
            if isinstance(value, OutOfBand):
                lines.extend(_out_of_band_lines(value, width))
                continue
            row.append(value)
            if len(row) == per_row:
                lines.extend(writer.row_lines(row))
                row = []
        if row:
            lines.extend(writer.row_lines(row + [""] * (per_row - len(row))))
        lines.append("")
        return _join(lines)

    def html(self) -> str:
        return html_face.text_html(self.text().split("\n")[:-1])


Display = TextDisplay | CustomDisplay | TableDisplay | ListDisplay | WideDisplay
