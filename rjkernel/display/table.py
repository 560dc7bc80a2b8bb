"""PowerShell's table writer: strings in, lines out (TableWriter + ColumnWidthManager).

Rules, all from PowerShell 7's source (ps-semantics §3.1):

- Columns are separated by one space. A requested width of 0 means "not fixed".
- Fitting (ColumnWidthManager): if every column is fixed and the sum fits the screen
  width, the widths stand. Unfixed columns start at 1 cell and the room left is handed
  out one cell at a time, left to right, among them. Too wide: the last visible column
  shrinks; one that would drop below 1 cell is hidden (width -1) and the next one to
  its left shrinks instead. Hidden columns are therefore always a suffix.
- The header row holds the labels, each wrapped inside its column when it is wider than
  it; the underline holds dashes as long as the label (or the column, if narrower, or the
  whole column for an empty label).
- A value is cut at its first CR/LF with ``…`` appended; then, if still too wide, it
  keeps width-1 cells and gets ``…`` (right-aligned: ``…`` and the *last* width-1
  cells); a 1-cell column just keeps 1 cell. Shorter values are padded — but the last
  column is never padded on the right, so lines carry no trailing spaces.
- Two code paths, as in PowerShell: the label row and ``-Wrap`` rows are built column
  by column over the *visible* columns (a value spills onto more lines); the underline
  and ordinary rows are one line built over *all* columns, where "last" means the last
  declared column. So when the last column is hidden, the underline and ordinary rows
  pad the last visible one. That is PowerShell's output, reproduced byte for byte.
- Screens narrower than 5 cells, or with every column hidden, print no table lines.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence

from rjkernel.display.cells import (
    ELLIPSIS,
    cell_width,
    head_fitting,
    tail_start,
    truncate_at_newline,
    wrap_lines,
)

SEPARATOR = 1
MIN_COLUMN_WIDTH = 1
MIN_SCREEN_WIDTH = 5
DEFAULT_WIDTH = 120
HIDDEN = -1


class Align(enum.Enum):
    LEFT = "left"
    RIGHT = "right"
    CENTER = "center"


def _table_width(widths: Sequence[int]) -> int:
    visible = [w for w in widths if w > 0]
    return sum(visible) + SEPARATOR * (len(visible) - 1)


def fit_widths(requested: Sequence[int], screen_width: int) -> list[int]:
    """Final column widths for ``screen_width`` cells; hidden columns get ``HIDDEN``."""
    widths = list(requested)
    if all(w > 0 for w in widths):
        if _table_width(widths) <= screen_width:
            return widths
        return _trim(widths, screen_width)
    fixed = [w > 0 for w in widths]
    widths = [w if w > 0 else MIN_COLUMN_WIDTH for w in widths]
    available = screen_width - _table_width(widths)
    if available < 0:
        return _trim(widths, screen_width)
    while available > 0:
        for index, is_fixed in enumerate(fixed):
            if not is_fixed and available > 0:
                widths[index] += 1
                available -= 1
    return widths


def _trim(widths: list[int], screen_width: int) -> list[int]:
    while (excess := _table_width(widths) - screen_width) > 0:
        last = next((i - 1 for i, w in enumerate(widths) if w < 0), len(widths) - 1)
        if last < 0:
            break
        shrunk = widths[last] - excess
        widths[last] = shrunk if shrunk >= MIN_COLUMN_WIDTH else HIDDEN
    return widths


def autosize_widths(labels: Sequence[str], rows: Sequence[Sequence[str]]) -> list[int]:
    """Widths that fit every label and value (``-AutoSize``, and views without widths)."""
    widths = [cell_width(label) for label in labels]
    for row in rows:
        for index, value in enumerate(row):
            widths[index] = max(widths[index], cell_width(value))
    return widths


def format_field(value: str, width: int, align: Align, pad: bool) -> str:
    """One cell of a one-line row: cut at newline, truncated with ``…`` or padded."""
    text = truncate_at_newline(value)
    length = cell_width(text)
    if length < width:
        fill = width - length
        if align is Align.RIGHT:
            text = " " * fill + text
        elif align is Align.CENTER:
            text = " " * (fill // 2) + text + (" " * (fill - fill // 2) if pad else "")
        elif pad:
            text += " " * fill
    elif length > width:
        keep = width - len(ELLIPSIS)
        if keep <= 0:
            # no room for the ellipsis: plain cut
            keep_right = text[tail_start(text, width) :]
            text = keep_right if align is Align.RIGHT else text[: head_fitting(text, width)]
        elif align is Align.RIGHT:
            text = ELLIPSIS + text[tail_start(text, keep) :]
        else:
            text = text[: head_fitting(text, keep)] + ELLIPSIS
    if cell_width(text) < width:
        # cutting a two-cell character left one cell empty (or this is the unpadded
        # last column): right-aligned text is pushed back to the edge
        if align is Align.RIGHT:
            text = " " + text
        elif pad:
            text += " "
    return text


class TableWriter:
    """Lays out one table: fixed column widths, then header and row lines on demand."""

    def __init__(
        self,
        labels: Sequence[str],
        widths: Sequence[int],
        aligns: Sequence[Align],
        *,
        screen_width: int = DEFAULT_WIDTH,
        hide_header: bool = False,
    ) -> None:
        self.labels = list(labels)
        self.aligns = list(aligns)
        self.hide_header = hide_header
        self.widths = fit_widths(widths, screen_width) if labels else []
        self.disabled = screen_width < MIN_SCREEN_WIDTH or not any(
            w >= MIN_COLUMN_WIDTH for w in self.widths
        )

    def header_lines(self) -> list[str]:
        """The label row(s) and the dashes under them."""
        if self.disabled or self.hide_header:
            return []
        dashes = [
            "" if width <= 0 else "-" * (min(cell_width(label), width) if label else width)
            for label, width in zip(self.labels, self.widths, strict=True)
        ]
        return [*self._wrapped_row(self.labels), self._one_line_row(dashes)]

    def row_lines(self, values: Sequence[str], *, wrap: bool = False) -> list[str]:
        """One data row: a single line, or with ``wrap`` as many lines as it needs."""
        if self.disabled:
            return []
        return self._wrapped_row(values) if wrap else [self._one_line_row(values)]

    def _one_line_row(self, values: Sequence[str]) -> str:
        parts: list[str] = []
        last = len(self.widths) - 1
        for index, width in enumerate(self.widths):
            if width <= 0:
                continue
            if index > 0:
                parts.append(" " * SEPARATOR)
            parts.append(format_field(values[index], width, self.aligns[index], index != last))
        return "".join(parts)

    def _wrapped_row(self, values: Sequence[str]) -> list[str]:
        visible = [i for i, w in enumerate(self.widths) if w > 0]
        columns: list[list[str]] = []
        for position, index in enumerate(visible):
            width, align = self.widths[index], self.aligns[index]
            pad = position != len(visible) - 1
            lines = [
                format_field(line, width, align, pad)
                if (pad or align is not Align.LEFT) and cell_width(line) < width
                else line
                for line in wrap_lines(values[index], width, width)
            ]
            if position > 0:
                lines = [" " * SEPARATOR + line for line in lines]
            columns.append(lines)
        height = max(len(lines) for lines in columns)
        last_filled = [
            max(c for c, lines in enumerate(columns) if len(lines) > row) for row in range(height)
        ]
        for position, lines in enumerate(columns):
            blank = ""
            if position < len(columns) - 1:
                blank = " " * (self.widths[visible[position]] + (SEPARATOR if position else 0))
            for row in range(len(lines), height):
                lines.append("" if position > last_filled[row] else blank)
        out: list[str] = []
        for row in range(height):
            cells = [
                lines[row].rstrip() if position == last_filled[row] and height > 1 else lines[row]
                for position, lines in enumerate(columns)
            ]
            out.append("".join(cells))
        return out
