"""The ipywidgets of live tables and progress bars: stock widgets only, and only for what
must be interactive.

A live table itself is an HTML display updated in place (:mod:`~rjkernel.live.tables`):
that is what a saved notebook, nbconvert, GitHub or a frontend without the widget
manager (VS Code) shows. The widget is the table's **action bar**, a second display
under it: which job to act on (a dropdown of the table's rows), the buttons that job's
state allows, the toggle of its child rows (and, for a parent of many, their next
page), and a message line for an action's error.

Why a dropdown rather than buttons on every row: a row's buttons would be widgets
beside an HTML table they cannot be part of, and a thousand rows changing state would
cost a message per button. The bar's messages follow the *selected* job only.

The bar also hides the table's snapshot note while it is shown (a ``<style>`` in it):
the note ("as of 17:28:57, still running") is for readers without the kernel.

Stable CSS hooks, for stylesheets and browser tests: the bar has class ``rj-live``;
the dropdown ``rj-action-job``; each button ``rj-action rj-action-<action>``
(``receive``, ``stop``, ``remove``, ``expand``, ``page``).

Everything here must run on the kernel's main loop, as every widget change does.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import ipywidgets
from ipywidgets.widgets.widget_string import HTMLStyle

from rjkernel.display.html import NO_MATH

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

ACTION_LABELS = {"receive": "Receive", "stop": "Stop", "remove": "Remove"}
ACTION_COMMANDS = {"receive": "Receive-Job", "stop": "Stop-Job", "remove": "Remove-Job"}
EXPAND = "expand"
PAGE = "page"

OnAction = Callable[[str, str], None]  # (action, row key)
OnSelect = Callable[[], None]


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
class Choice:
    """One row the bar can act on: its key, its label in the dropdown, the actions its
    state allows now (with, for the others, why not), and its child rows' toggle."""

    key: str
    label: str
    allowed: frozenset[str]
    why_not: tuple[tuple[str, str], ...] = ()
    expandable: bool = False
    expanded: bool = False
    pageable: bool = False


class ActionBar:
    """Dropdown + buttons + message line of one live job table."""

    def __init__(self, on_action: OnAction, on_select: OnSelect, *,
                 choices: Sequence[Choice], hide_css: str, message: str) -> None:
        self.on_action = on_action
        self.button_layout = ipywidgets.Layout(width="auto")
        self.select = ipywidgets.Dropdown(
            options=[(c.label, c.key) for c in choices], value=choices[0].key if choices else None,
            description="Job", layout=ipywidgets.Layout(width="22em"),
            _dom_classes=["rj-action-job"])
        self._choices = {c.key: c for c in choices}
        first = self._choices.get(str(self.select.value))
        self.buttons = {action: self._button(action, first)
                        for action in (*ACTION_LABELS, EXPAND, PAGE)}
        self.html_style = HTMLStyle()
        self.hide = ipywidgets.HTML(hide_css, style=self.html_style)
        self.message = ipywidgets.HTML(message, style=self.html_style,
                                       _dom_classes=["rj-live-message"])
        bar = ipywidgets.HBox([self.select, *self.buttons.values(), self.hide],
                              _dom_classes=["rj-action-bar"])
        self.root = ipywidgets.VBox([bar, self.message], _dom_classes=["rj-live"])
        self.on_select = on_select
        self.select.observe(self._selected, "value")

    def _selected(self, change: dict[str, Any]) -> None:
        """Another row chosen: its buttons at once (from what the last refresh knew),
        then the table refreshes them from the row's state."""
        self._apply(self._choices.get(str(change["new"])))
        self.on_select()

    def _button(self, action: str, choice: Choice | None) -> ipywidgets.Button:
        """A button built as ``choice`` wants it (publishing it costs no update)."""
        button = ipywidgets.Button(layout=self.button_layout,
                                   _dom_classes=["rj-action", f"rj-action-{action}"],
                                   **_looks(action, choice))
        button.on_click(lambda _b: self.on_action(action, str(self.select.value)))
        return button

    @property
    def selected(self) -> str | None:
        return None if self.select.value is None else str(self.select.value)

    def show(self, choices: Sequence[Choice], message: str) -> None:
        """Bring the bar up to date; unchanged parts send nothing."""
        self._choices = {c.key: c for c in choices}
        options = tuple((c.label, c.key) for c in choices)
        if options != tuple(self.select.options):
            keep = self.select.value if self.select.value in self._choices else None
            self.select.options = options
            self.select.value = keep if keep is not None else (options[0][1] if options
                                                              else None)
        self._apply(self._choices.get(str(self.select.value)))
        if self.message.value != message:
            self.message.value = message

    def _apply(self, choice: Choice | None) -> None:
        """The buttons as the selected row's state wants them."""
        for action, button in self.buttons.items():
            looks = _looks(action, choice)
            changed = {name: value for name, value in looks.items()
                       if getattr(button, name) != value}
            if changed:
                with button.hold_sync():
                    for name, value in changed.items():
                        setattr(button, name, value)

    def view_data(self) -> dict[str, Any]:
        return view_data(self.root)

    def close(self) -> None:
        close_tree(self.root)
        for shared in (self.button_layout, self.html_style):
            shared.close()


def _looks(action: str, choice: Choice | None) -> dict[str, Any]:
    """A button's label, tooltip and whether it is off, for the selected row: only the
    actions its state allows are on; the tooltip of the others says why not."""
    if action == PAGE:
        return {"description": "Next children ▸",
                "tooltip": "The next page of the selected job's child jobs (Failed first)",
                "disabled": choice is None or not choice.pageable}
    if action == EXPAND:
        expanded = choice is not None and choice.expanded
        return {"description": "▾ Child jobs" if expanded else "▸ Child jobs",
                "tooltip": "Show or hide the child jobs of the selected job",
                "disabled": choice is None or not choice.expandable}
    why_not = dict(choice.why_not) if choice else {}
    return {"description": ACTION_LABELS[action],
            "tooltip": why_not.get(action, ACTION_COMMANDS[action]),
            "disabled": choice is None or action not in choice.allowed}


def _words(text: str) -> str:
    return f'<span class="{NO_MATH}">{html.escape(text)}</span>'


class ProgressWidget:
    """A progress bar with its line of text (``Wait-Job: 3 of 10 jobs done…``)."""

    def __init__(self, total: int, text: str) -> None:
        self.bar = ipywidgets.IntProgress(value=0, min=0, max=max(total, 1))
        self.label = ipywidgets.HTML(_words(text))  # HTML: a Label would typeset $…$
        self.root = ipywidgets.HBox([self.bar, self.label], _dom_classes=["rj-progress"])

    def show(self, done: int, total: int, failed: int, text: str) -> None:
        with self.bar.hold_sync():
            self.bar.max = max(total, 1)
            self.bar.value = done
            self.bar.bar_style = "danger" if failed else ""
        self.label.value = _words(text)

    def view_data(self) -> dict[str, Any]:
        return view_data(self.root)

    def close(self) -> None:
        close_tree(self.root)
