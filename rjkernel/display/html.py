"""The static HTML face of displays (``text/html`` in notebooks and nbconvert).

Each rendering is self-contained: a small ``<style>`` block scoped to ``rj-`` classes,
then the markup, so one display_data message renders the same wherever it lands.
Colours stay readable in light and dark themes: text and background are inherited
from the page, rules are translucent grey, and a state shows as a coloured dot before
its (uncoloured) word. The cell says what it holds — ``class="rj-state"
data-state="Failed" data-tone="bad"`` — so any stylesheet can restyle it; the tones are
``active``, ``good``, ``bad`` and ``waiting``. A non-zero ``ExitCode`` is set in red.

Cells show the full value, not the text face's truncation (long ones are clipped by
CSS and carry the value in ``title``); a multi-line value shows its first line that is
not blank, with ``…`` when more follow. Everything that comes from an object is escaped.

Rows of a view's table say which object they show: ``<tr data-id="5">`` (the object's
``Id``), a stable hook for stylesheets, scripts and browser tests; the live table
(:mod:`rjkernel.live.rows`) adds its own row attributes the same way.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any

from rjkernel.display.cells import first_text_line
from rjkernel.display.outofband import OutOfBand
from rjkernel.display.properties import entry, row_values
from rjkernel.display.table import Align
from rjkernel.display.valuetext import as_text, cell_text
from rjkernel.display.views import Column, TableViewSpec, group_text
from rjkernel.values.members import properties_of
from rjkernel.values.objects import MISSING

_TITLE_OVER = 48
_PAD_PX = 10  # a cell's padding on the right
NO_MATH = "tex2jax_ignore mathjax_ignore"  # MathJax 2's and MathJax 3's opt-out classes

RowAttributes = Callable[[Any], Sequence[tuple[str, str]]]

# A state word → the tone its dot is drawn in (one CSS rule per tone).
_TONES = {
    **dict.fromkeys(("Running", "Opened", "Opening", "Connecting"), "active"),
    **dict.fromkeys(("Completed", "Available"), "good"),
    **dict.fromkeys(("Failed", "Broken"), "bad"),
    **dict.fromkeys(
        (
            "Blocked",
            "Suspended",
            "Suspending",
            "Disconnected",
            "Disconnecting",
            "Stopping",
            "Busy",
            "AtBreakpoint",
        ),
        "waiting",
    ),
}
_TONE_COLOURS = {"active": "#3b82f6", "good": "#2ea043", "bad": "#e5534b", "waiting": "#d29922"}
_DOTTED_ROLES = ("state", "availability")

# The table's own rules repeat its class: JupyterLab's rendered-HTML rules
# (``:not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon td``, specificity 0-2-1) would
# otherwise right-align every cell and fix the table's layout.
_T = ".rj-table.rj-table"

STYLE = (
    "<style>"
    f"{_T}{{border-collapse:collapse;margin:.25em 0;table-layout:auto;"
    "font-family:var(--jp-code-font-family,monospace);font-size:var(--jp-code-font-size,inherit)}"
    f"{_T} th,{_T} td{{padding:1px {_PAD_PX}px 1px 0;text-align:left;vertical-align:top;"
    "white-space:pre;border-bottom:1px solid rgba(128,128,128,.25)}"
    ".rj-table thead th{font-weight:600;border-bottom:1px solid rgba(128,128,128,.6)}"
    f"{_T} .rj-right{{text-align:right}}"
    ".rj-table tr.rj-child td:first-child{padding-left:1.2em}"
    ".rj-table tr.rj-child td:first-child::before{content:'\\2514\\00A0';opacity:.6}"
    f".rj-table td{{max-width:{_TITLE_OVER}ch;overflow:hidden;text-overflow:ellipsis}}"
    f"{_T}.rj-fixed{{table-layout:fixed}}{_T}.rj-fixed th{{overflow:hidden;text-overflow:clip}}"
    f".rj-list {_T}{{margin-bottom:.6em}}.rj-list {_T} td{{white-space:pre-wrap}}"
    + ",".join(f".rj-table td.rj-{role}::before" for role in _DOTTED_ROLES)
    + "{content:'\\25CF\\00A0';color:#8b949e}"
    + "".join(
        f'.rj-table td[data-tone="{tone}"]::before{{color:{colour}}}'
        for tone, colour in _TONE_COLOURS.items()
    )
    + f'.rj-table td.rj-exitcode[data-tone="bad"]{{color:{_TONE_COLOURS["bad"]};font-weight:600}}'
    ".rj-text{margin:0;white-space:pre-wrap}"
    f'.rj-table td.rj-reason{{color:{_TONE_COLOURS["bad"]}}}'
    ".rj-table tr.rj-group th{font-weight:400;padding-top:.5em;opacity:.8}"
    "</style>"
)


def _tone(role: str, text: str) -> str | None:
    if role == "exitcode":
        return "bad" if text not in ("", "0") else None
    return _TONES.get(text) if role in _DOTTED_ROLES else None


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def _attributes(pairs: Sequence[tuple[str, str]]) -> str:
    return "".join(f' {name}="{_escape(value)}"' for name, value in pairs)


def _header_cell(column: Column) -> str:
    attrs = [("class", "rj-right")] if column.alignment is Align.RIGHT else []
    return f"<th{_attributes(attrs)}>{_escape(column.label)}</th>"


def _cell(column: Column, value: Any) -> str:
    full = cell_text(value)
    shown = first_text_line(full)
    classes = ["rj-right"] if column.alignment is Align.RIGHT else []
    attrs: list[tuple[str, str]] = []
    if column.role:
        classes.append(f"rj-{column.role}")
        attrs.append((f"data-{column.role}", full))
        tone = _tone(column.role, full)
        if tone:
            attrs.append(("data-tone", tone))
    if shown != full or len(full) > (column.html_width or _TITLE_OVER):
        attrs.append(("title", full))
    if classes:
        attrs.insert(0, ("class", " ".join(classes)))
    return f"<td{_attributes(attrs)}>{_escape(shown)}</td>"


def id_attribute(obj: Any) -> list[tuple[str, str]]:
    """``data-id``: the row's object by its ``Id`` (none for objects without one)."""
    value = properties_of(obj).get("Id", MISSING)
    return [] if value is MISSING or value is None else [("data-id", cell_text(value))]


def out_of_band_html(item: OutOfBand) -> str:
    if item.is_text:
        return f'<pre class="rj-text">{_escape(as_text(item.obj))}</pre>'
    return _entry_table(*entry(item.obj))


def _row(columns: Sequence[Column], obj: Any, attributes: Sequence[tuple[str, str]] = ()
             ) -> str:
    values = row_values(columns, obj)
    cells = "".join(_cell(c, v) for c, v in zip(columns, values, strict=True))
    return f"<tr{_attributes(attributes)}>{cells}</tr>"


def _entry_table(labels: Sequence[str], values: Sequence[str]) -> str:
    rows = "".join(
        f"<tr><th>{_escape(label)}</th><td>{_escape(value)}</td></tr>"
        for label, value in zip(labels, values, strict=True)
    )
    return f'<table class="rj-table rj-entry"><tbody>{rows}</tbody></table>'


def table_html(
    columns: Sequence[Column],
    items: Sequence[Any],
    *,
    view: TableViewSpec | None = None,
    hide_header: bool = False,
    row_attributes: RowAttributes | None = None,
) -> str:
    """A ``<table class="rj-table …">``: a header row, then one row per object.

    ``row_attributes`` gives each row's ``<tr>`` attributes; by default a view's rows
    carry ``data-id``.
    """
    details = [column for column in columns if column.detail]
    columns = _shown_columns([column for column in columns if not column.detail], items)
    css = "rj-table" + (f" {view.css_class}" if view and view.css_class else "")
    attributes = row_attributes or (id_attribute if view is not None else lambda _obj: ())
    rows = []
    group: Any = MISSING
    for item in items:
        if view is not None and view.group_by and not isinstance(item, OutOfBand):
            key = properties_of(item).get(view.group_by)
            if key != group:  # the text face's group header, as a row across the table
                group = key
                rows.append(f'<tr class="rj-group"><th colspan="{len(columns)}">'
                            f"{_escape(group_text(view, key).strip())}</th></tr>")
        if isinstance(item, OutOfBand):
            rows.append(
                f'<tr class="rj-oob"><td colspan="{len(columns)}">{out_of_band_html(item)}'
                "</td></tr>"
            )
        else:
            rows.append(_row(columns, item, [*attributes(item), *_details(details, item)]))
    head = (
        ""
        if hide_header
        else ("<thead><tr>" + "".join(_header_cell(c) for c in columns) + "</tr></thead>")
    )
    layout, css = _layout(columns, css)
    return f'{STYLE}<table class="{css}"{layout}{head}<tbody>{"".join(rows)}</tbody></table>'


def _details(details: Sequence[Column], item: Any) -> list[tuple[str, str]]:
    """The row's ``title``: its detail columns as ``Label: value`` lines."""
    if not details:
        return []
    values = row_values(details, item)
    lines = [f"{c.label}: {cell_text(v)}" for c, v in zip(details, values, strict=True)
             if cell_text(v)]
    return [("title", "\n".join(lines))] if lines else []


def _layout(columns: Sequence[Column], css: str) -> tuple[str, str]:
    """Fixed column widths (a ``colgroup``) when the columns have them, so consecutive
    tables line up; returns the markup that ends the ``<table`` tag and the classes."""
    if not columns or not all(column.html_width for column in columns):
        return ">", css
    cols = "".join(f'<col style="width:calc({c.html_width}ch + {_PAD_PX}px)"/>'
                   for c in columns)
    total = sum(c.html_width for c in columns)
    width = f"calc({total}ch + {_PAD_PX * len(columns)}px)"
    return f' style="width:{width}"><colgroup>{cols}</colgroup>', css + " rj-fixed"


def _shown_columns(columns: Sequence[Column], items: Sequence[Any]) -> Sequence[Column]:
    """The columns minus the optional ones no row has a value for."""
    if not any(column.optional for column in columns):
        return columns
    rows = [row_values(columns, item) for item in items if not isinstance(item, OutOfBand)]
    return [column for index, column in enumerate(columns)
            if not column.optional or any(cell_text(row[index]) for row in rows)]


def no_typesetting(markup: str) -> str:
    """``markup`` in a block that MathJax skips. A frontend typesets ``$…$`` in text/html
    as LaTeX (JupyterLab 4 and Notebook 7: MathJax 3, class ``mathjax_ignore``;
    nbconvert's pages: MathJax 2, ``tex2jax_ignore``); a command such as
    ``echo "$(hostname) $i"`` must show as typed, so every HTML face is wrapped in this."""
    return f'<div class="rj-output {NO_MATH}">{markup}</div>'


def list_html(entries: Sequence[tuple[list[str], list[str]] | OutOfBand]) -> str:
    """One two-column (label, value) table per object."""
    parts = [
        out_of_band_html(item) if isinstance(item, OutOfBand) else _entry_table(*item)
        for item in entries
    ]
    return f'{STYLE}<div class="rj-list">{"".join(parts)}</div>'


def text_html(lines: Sequence[str]) -> str:
    text = "\n".join(lines)
    return f'{STYLE}<pre class="rj-text">{_escape(text)}</pre>'
