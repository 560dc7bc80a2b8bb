"""Which properties an object shows, and how a row or list entry of it reads.

PowerShell's AssociationManager rules: without ``-Property`` an object shows all its
properties except the remoting flag ``PSShowComputerName`` (and ``PSComputerName`` too
when that flag is false); ``-Property`` names and wildcard patterns are resolved against
the object in the order given. A column picked this way aligns by the first object's
value: numbers, booleans and enums right, everything else left.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from rjkernel.display.table import Align
from rjkernel.display.valuetext import cell_text, is_numeric
from rjkernel.display.views import (
    COMPUTER_NAME,
    SHOW_COMPUTER_NAME,
    STATE_ROLE,
    Column,
    ListViewSpec,
    shows_computer_name,
)
from rjkernel.values.members import properties_of
from rjkernel.values.objects import MISSING
from rjkernel.values.operators import has_wildcards, wildcard_regex

Selection = Sequence[str | Column]
"""``-Property`` of Format-Table / Format-List: names, wildcard patterns, or ready columns."""


def display_property_names(obj: Any) -> list[str]:
    """All properties, minus the remoting flags PowerShell hides (HandleComputerNameProperties).

    ``PSShowComputerName`` never shows; ``PSComputerName`` shows only when that flag is
    absent or true.
    """
    props = properties_of(obj)
    names = [name for name in props if name.lower() != SHOW_COMPUTER_NAME.lower()]
    if SHOW_COMPUTER_NAME in props and not props[SHOW_COMPUTER_NAME]:
        names = [name for name in names if name.lower() != COMPUTER_NAME.lower()]
    return names


def default_alignment(value: Any) -> Align:
    """Numbers and booleans line up right; text, enums (a job's State), dates and
    objects left (FormatViewGenerator_Table.ComputeDefaultAlignment: right only for
    DefaultScalarTypes other than String)."""
    return Align.RIGHT if is_numeric(value) else Align.LEFT


def property_columns(obj: Any, names: Sequence[str]) -> tuple[Column, ...]:
    """Unfixed columns for ``names``, aligned by the first object's values."""
    props = properties_of(obj)
    return tuple(
        Column(
            name,
            align=default_alignment(props.get(name, MISSING)),
            role=STATE_ROLE if name.lower() == "state" else None,
        )
        for name in names
    )


def select_columns(obj: Any, selection: Selection, *, keep_unresolved: bool) -> tuple[Column, ...]:
    """Resolve ``-Property`` against ``obj``, in the order given.

    A pattern expands to the matching properties in the object's order; a plain name
    that matches nothing stays as an empty column when ``keep_unresolved`` (Format-Table)
    and is dropped otherwise (Format-List), as PowerShell's AssociationManager does.
    """
    props = properties_of(obj)
    names = list(props)
    columns: list[Column] = []
    for item in selection:
        if isinstance(item, Column):
            if item.align is None:
                first = item.value(obj, props)
                item = replace(item, align=default_alignment(first))
            columns.append(item)
            continue
        if has_wildcards(item):
            pattern = wildcard_regex(item)
            matched = [name for name in names if pattern.match(name)]
        else:
            matched = [name for name in names if name.lower() == item.lower()]
            if not matched and keep_unresolved:
                matched = [item]
        columns.extend(property_columns(obj, matched))
    return tuple(columns)


def entry_columns(
    obj: Any, selection: Selection | None, view: ListViewSpec | None
) -> tuple[Column, ...]:
    """The lines of ``obj``'s list entry: the selection, the list view, or all properties."""
    if selection is not None:
        return select_columns(obj, selection, keep_unresolved=False)
    names = list(view.properties) if view else display_property_names(obj)
    if view and shows_computer_name(obj):
        names.append(COMPUTER_NAME)
    return property_columns(obj, names)


def entry(
    obj: Any,
    selection: Selection | None = None,
    view: ListViewSpec | None = None,
) -> tuple[list[str], list[str]]:
    """``(labels, values)`` of ``obj`` as a list entry."""
    columns = entry_columns(obj, selection, view)
    return [c.label for c in columns], row_cells(columns, obj)


def row_cells(columns: Sequence[Column], obj: Any) -> list[str]:
    """The cell texts of one row (the object's properties are read once)."""
    props = properties_of(obj)
    return [cell_text(column.value(obj, props)) for column in columns]


def row_values(columns: Sequence[Column], obj: Any) -> list[Any]:
    """The raw values of one row, for faces that style by value."""
    props = properties_of(obj)
    return [column.value(obj, props) for column in columns]
