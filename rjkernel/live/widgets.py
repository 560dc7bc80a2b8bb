"""The ipywidgets of live tables and progress bars: stock widgets only.

Stock ipywidgets (no frontend extension beyond jupyterlab_widgets) cannot put a button
inside an HTML table, so a live table is built from two columns that line up row by
row: a column of action rows (a small HBox of Buttons per table row) beside one HTML
widget holding the whole table. Rows of both have the same fixed height
(:data:`~rjkernel.live.rows.ROW_HEIGHT`, set by the table's own stylesheet).

Why one HTML widget for the whole table: a refresh is then one comm message whatever
the number of rows that changed, which is what makes batching pay off (a thousand jobs
changing state cost one message per flush, not a thousand). Buttons are real widgets,
so they are created only for the rows that get actions, and they share one Layout and
one ButtonStyle (a widget costs a comm per model: sharing keeps a row at 1 + its
buttons).

Stable CSS hooks, for stylesheets and browser tests: the root has class ``rj-live``;
each button ``rj-action rj-action-<action> rj-id-<Id>`` (``<action>`` is ``receive``,
``stop``, ``remove`` or ``expand``); the table's rows are ``tr[data-id="<Id>"]``.

Everything here must run on the kernel's main loop, as every widget change does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import ipywidgets
from ipywidgets.widgets.widget_string import HTMLStyle

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

ACTION_LABELS = {"receive": "Receive", "stop": "Stop", "remove": "Remove"}
ACTION_COMMANDS = {"receive": "Receive-Job", "stop": "Stop-Job", "remove": "Remove-Job"}
EXPAND = "expand"

OnAction = Callable[[str, str], None]  # (action, row key)


def view_data(widget: ipywidgets.Widget) -> dict[str, Any]:
    """The ``application/vnd.jupyter.widget-view+json`` value that shows ``widget``."""
    return dict(widget._repr_mimebundle_()[WIDGET_VIEW])


def close_tree(widget: ipywidgets.Widget) -> None:
    """Close a widget, its children, and the layout/style models it owns."""
    for child in getattr(widget, "children", ()):
        close_tree(child)
    for part in (getattr(widget, "layout", None), getattr(widget, "style", None)):
        if isinstance(part, ipywidgets.Widget):
            part.close()
    widget.close()


@dataclass(frozen=True)
class ActionRow:
    """The buttons beside one table row. ``disabled`` lists actions that cannot run
    now (all of them while an action on the row runs)."""

    key: str
    row_id: str
    actions: tuple[str, ...]
    expandable: bool = False
    expanded: bool = False
    disabled: frozenset[str] = frozenset()


class _Row:
    """The widgets of one action row (classes given at construction: no extra message)."""

    def __init__(self, owner: LiveTableWidget, row: ActionRow) -> None:
        self.key = row.key
        self.buttons: dict[str, ipywidgets.Button] = {}
        first: ipywidgets.Widget = owner.spacer
        if row.expandable:
            first = self._button(owner, EXPAND, row, _expand_label(row),
                                 f"Show the child jobs of job {row.row_id}")
        for action in row.actions:
            self._button(owner, action, row, ACTION_LABELS[action],
                         f"{ACTION_COMMANDS[action]} {row.row_id}")
        self.box = ipywidgets.HBox([first, *(self.buttons[a] for a in row.actions)],
                                   layout=owner.row_layout, _dom_classes=["rj-action-row"])

    def _button(self, owner: LiveTableWidget, action: str, row: ActionRow, label: str,
                tooltip: str) -> ipywidgets.Button:
        button = ipywidgets.Button(
            description=label, tooltip=tooltip, disabled=action in row.disabled,
            layout=owner.button_layout, style=owner.button_style,
            _dom_classes=["rj-action", f"rj-action-{action}", f"rj-id-{row.row_id}"],
        )
        key = row.key
        button.on_click(lambda _b: owner.on_action(action, key))
        self.buttons[action] = button
        return button

    def update(self, row: ActionRow) -> None:
        for action, button in self.buttons.items():
            disabled = action in row.disabled
            if button.disabled != disabled:
                button.disabled = disabled
        expand = self.buttons.get(EXPAND)
        if expand is not None and expand.description != _expand_label(row):
            expand.description = _expand_label(row)

    def close(self) -> None:
        for button in self.buttons.values():
            button.close()
        self.box.close()


def _expand_label(row: ActionRow) -> str:
    return "▾" if row.expanded else "▸"


class LiveTableWidget:
    """Action column + table, then a message line and what Receive brought back.

    Built with its first content, so publishing it costs one comm_open per model and
    no updates; :meth:`show` then sends only what changed.
    """

    def __init__(self, on_action: OnAction, *, header: bool, actions: bool, table_html: str,
                 rows: Sequence[ActionRow], message: str, received_html: str) -> None:
        self.on_action = on_action
        self.plain_layout = ipywidgets.Layout()  # shared by every part with no own layout
        self.row_layout = ipywidgets.Layout()
        self.button_layout = ipywidgets.Layout()
        self.button_style = ipywidgets.ButtonStyle()
        self.html_style = HTMLStyle()
        self.spacer = ipywidgets.Box(layout=self.plain_layout, _dom_classes=["rj-spacer"])
        self._head = (ipywidgets.Box(layout=self.row_layout, _dom_classes=["rj-action-row"])
                      if header else None)
        self._rows = {row.key: _Row(self, row) for row in rows}
        self.column = ipywidgets.VBox(self._column_children(rows),
                                      **self._part("rj-live-actions"))
        self.table = ipywidgets.HTML(table_html, style=self.html_style,
                                     **self._part("rj-live-table"))
        self.message = ipywidgets.HTML(message, style=self.html_style,
                                       **self._part("rj-live-message"))
        self.received = ipywidgets.HTML(received_html, style=self.html_style, **self._part())
        main = ipywidgets.HBox([self.column, self.table] if actions else [self.table],
                               **self._part())
        self.root = ipywidgets.VBox([main, self.message, self.received],
                                    layout=self.plain_layout, _dom_classes=["rj-live"])

    def _part(self, *classes: str) -> dict[str, Any]:
        return {"layout": self.plain_layout, "_dom_classes": ["rj-live-part", *classes]}

    def _column_children(self, rows: Sequence[ActionRow]) -> list[ipywidgets.Widget]:
        head = [] if self._head is None else [self._head]
        return head + [self._rows[row.key].box for row in rows]

    def show(self, table_html: str, rows: Sequence[ActionRow], message: str,
             received_html: str) -> None:
        """Bring every part up to date; unchanged parts send nothing."""
        _set(self.table, table_html)
        _set(self.message, message)
        _set(self.received, received_html)
        wanted = {row.key for row in rows}
        for key in [k for k in self._rows if k not in wanted]:
            self._rows.pop(key).close()
        for row in rows:
            existing = self._rows.get(row.key)
            if existing is None:
                self._rows[row.key] = _Row(self, row)
            else:
                existing.update(row)
        children = self._column_children(rows)
        if tuple(children) != tuple(self.column.children):
            self.column.children = children

    def view_data(self) -> dict[str, Any]:
        return view_data(self.root)

    def close(self) -> None:
        close_tree(self.root)  # the action rows are children of the column
        close_tree(self.spacer)
        for shared in (self.plain_layout, self.row_layout, self.button_layout,
                       self.button_style, self.html_style):
            shared.close()
        self._rows.clear()


def _set(widget: ipywidgets.HTML, value: str) -> None:
    if widget.value != value:
        widget.value = value


class ProgressWidget:
    """A progress bar with its line of text (``Wait-Job: 3 of 10 jobs done…``)."""

    def __init__(self, total: int, text: str) -> None:
        self.bar = ipywidgets.IntProgress(value=0, min=0, max=max(total, 1))
        self.label = ipywidgets.Label(text)
        self.root = ipywidgets.HBox([self.bar, self.label], _dom_classes=["rj-progress"])

    def show(self, done: int, total: int, failed: int, text: str) -> None:
        with self.bar.hold_sync():
            self.bar.max = max(total, 1)
            self.bar.value = done
            self.bar.bar_style = "danger" if failed else ""
        self.label.value = text

    def view_data(self) -> dict[str, Any]:
        return view_data(self.root)

    def close(self) -> None:
        close_tree(self.root)
