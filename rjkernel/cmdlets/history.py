"""Get-History and Clear-History over the notebook's journal (``rjkernel/journal/``).

PowerShell keeps history in memory per session; here it is the journal, so the history
of a notebook survives kernel restarts. Selection follows PowerShell's
``GetHistoryCommand``/``ClearHistoryCommand``: entries come oldest first; ``-Count``
takes the newest N (Get-History) or the oldest N (Clear-History, ``-Newest`` for the
newest); with one ``-Id``, ``-Count`` takes N entries ending at that Id (or starting
there, for Clear-History ``-Newest``). With the journal turned off there is no history.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from rjkernel.cmdlets.base import Invocation, implements
from rjkernel.errors import PSError
from rjkernel.journal.entries import HistoryInfo, history
from rjkernel.journal.store import Journal
from rjkernel.values import operators as ops


def _entries(inv: Invocation) -> tuple[Journal | None, list[HistoryInfo]]:
    journal = inv.runspaces.journal
    return journal, ([] if journal is None else history(journal.lines()))


def _ids(inv: Invocation) -> list[int]:
    return [int(x) for x in ops.to_list(inv.get("Id"))]


def _not_found(inv: Invocation, wanted: int) -> None:
    inv.write_error(inv.error_record(
        f"Cannot locate the history for Id {wanted}.", "GetHistoryNoHistoryForId",
        "ObjectNotFound", target=wanted, exception="System.ArgumentException"))


def _by_ids(inv: Invocation, entries: list[HistoryInfo]) -> list[HistoryInfo]:
    by_id = {e.id: e for e in entries}
    found = []
    for wanted in _ids(inv):
        if wanted in by_id:
            found.append(by_id[wanted])
        else:
            _not_found(inv, wanted)
    return found


def _around(inv: Invocation, entries: list[HistoryInfo], *, forward: bool) -> list[HistoryInfo]:
    """``-Id N -Count C``: C entries ending at N (starting there when ``forward``)."""
    ids = _ids(inv)
    if len(ids) > 1:
        raise PSError(inv.error_record(
            "The count cannot be combined with multiple Ids.",
            "GetHistoryNoCountWithMultipleIds", "InvalidArgument",
            exception="System.ArgumentException"))
    count = int(inv.get("Count"))
    if forward:
        return [e for e in entries if e.id >= ids[0]][:count]
    before = [e for e in entries if e.id <= ids[0]]
    return before[-count:] if count else []


@implements("Get-History", per_record=True)
async def get_history(inv: Invocation) -> AsyncIterator[Any]:
    _, entries = _entries(inv)
    if inv.has("Id") and not inv.has("Count"):
        selected = _by_ids(inv, entries)
    elif inv.has("Id"):
        selected = _around(inv, entries, forward=False)
    elif inv.has("Count"):
        count = int(inv.get("Count"))
        selected = entries[-count:] if count else []
    else:
        selected = entries
    for entry in selected:
        yield entry


@implements("Clear-History")
async def clear_history(inv: Invocation) -> AsyncIterator[Any]:
    journal, entries = _entries(inv)
    newest = inv.switch("Newest")
    if inv.has("CommandLine"):
        patterns = [ops.to_string(p) for p in ops.to_list(inv.get("CommandLine"))]
        matching = [e for e in entries
                    if any(ops.like(e.command_line.strip(), p) for p in patterns)]
        if inv.has("Count"):
            count = int(inv.get("Count"))
            matching = matching[-count:] if newest else matching[:count]
        doomed = matching
    elif inv.has("Id") and not inv.has("Count"):
        doomed = _by_ids(inv, entries)
    elif inv.has("Id"):
        doomed = _around(inv, entries, forward=newest)
    elif inv.has("Count"):
        count = int(inv.get("Count"))
        doomed = entries[-count:] if newest else entries[:count]
    else:
        doomed = entries
    if journal is not None and doomed:
        gone = {e.id for e in doomed}
        journal.rewrite([line for line in journal.lines()
                         if line.get("kind") in ("cell", "job") and line.get("id") not in gone])
    return
    yield  # pragma: no cover - async generator
