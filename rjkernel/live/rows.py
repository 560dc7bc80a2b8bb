"""What a live table shows, and when it is done — the pure half of a live table.

A live table is a :class:`~rjkernel.display.documents.TableDisplay` in the Job or
PSSession view whose rows are live objects (jobs, references to jobs of another
runspace, sessions). Its faces read those objects whenever they render, so the model
only decides *which* rows show and *when* the table stops changing:

* a row whose job was removed (Remove-Job) disappears from every face;
* a parent job's children (one per host) can be expanded under it (the action bar's
  toggle); the result of a fan-out (a table of one parent with several children) starts
  expanded. Children that are rows of the table already are not repeated;
* the table is *settled* when every row is finished (a job Completed/Failed/Stopped or
  removed, a session Closed): nothing it shows can change any more, so it freezes;
* what the Receive button received is shown under the table, and stays there when the
  table freezes (it was output the user asked for).

The faces — what every frontend shows and what a saved notebook keeps — are
PowerShell's text table of the rows still there, and an HTML table of the same rows
(expanded children included), each followed by that received output.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field, replace
from typing import Any, TypeGuard

from rjkernel.display import html as html_face
from rjkernel.display.documents import Display, TableDisplay
from rjkernel.display.errors import render_error
from rjkernel.display.outdefault import notebook_text
from rjkernel.display.outofband import OutOfBand
from rjkernel.display.views import JOB_VIEW, PSSESSION_VIEW
from rjkernel.errors import ErrorRecord
from rjkernel.jobs.model import Job, RemoteJobRef
from rjkernel.jobs.states import JobState
from rjkernel.runspace.sessions import CLOSED, PSSession

MORE_WAITING = "… more output is waiting: Receive again, or use Receive-Job.\n"
AUTO_EXPAND_LIMIT = 20  # a fan-out of more hosts than this starts collapsed
PAGE = 20  # child rows of one parent shown at a time, when it has more
TOP_LIMIT = 100  # rows of a table shown at all (the text face lists every one)

NOTE_STYLE = (
    "<style>.rj-snapshot{opacity:.75;font-style:italic;margin:.15em 0;"
    "font-size:var(--jp-ui-font-size0,11px)}</style>"
)
RECEIVED_STYLE = (
    "<style>"
    ".rj-received{margin:.25em 0}"
    ".rj-received pre{margin:0;white-space:pre-wrap;"
    "font-family:var(--jp-code-font-family,monospace)}"
    ".rj-received .rj-stderr{color:var(--jp-error-color1,#e5534b)}"
    ".rj-received .rj-received-title{font-weight:600;opacity:.8}"
    "</style>"
)


def live_object(obj: Any) -> Job | PSSession | None:
    """The object behind a row that can change: a job (a remote reference's job) or a
    session; None for anything else."""
    if isinstance(obj, RemoteJobRef):
        return obj.job
    if isinstance(obj, (Job, PSSession)):
        return obj
    return None


def is_finished(obj: Job | PSSession) -> bool:
    if isinstance(obj, Job):
        return obj.finished or obj.removed
    return obj.state == CLOSED


def is_live_view(display: Any) -> TypeGuard[TableDisplay]:
    """Is ``display`` a Job or PSSession table of live objects (whatever their state)?"""
    if not isinstance(display, TableDisplay) or display.view not in (JOB_VIEW, PSSESSION_VIEW):
        return False
    return bool(display.rows) and all(live_object(row) is not None for row in display.rows)


def is_live(display: Any) -> TypeGuard[TableDisplay]:
    """Is ``display`` a table that can still change (and so is published live)?"""
    return is_live_view(display) and not LiveRows(display).settled


def static_faces(display: Display) -> dict[str, str]:
    """``text/plain`` and ``text/html`` of any display, as it reads now."""
    if is_live_view(display):
        return LiveRows(display).faces()
    return {"text/plain": notebook_text(display), "text/html": display.html()}


def failed_first(jobs: list[Job]) -> list[Job]:
    """``jobs`` with the Failed ones first, each group in its own order. Only a failure
    moves a row: the rows shown (and the bar's list) stay put while jobs run and end."""
    return sorted(jobs, key=lambda job: job.state is not JobState.Failed)


def state_counts(jobs: list[Job]) -> str:
    """``812 Completed, 3 Failed, 185 Running``: most frequent state first."""
    counts: dict[str, int] = {}
    for job in jobs:
        counts[job.state.name] = counts.get(job.state.name, 0) + 1
    return ", ".join(f"{n:,} {state}" for state, n in
                     sorted(counts.items(), key=lambda item: -item[1]))


@dataclass(frozen=True)
class Entry:
    """One row of the HTML table: ``obj`` is what its cells show, ``depth`` 1 for a child
    listed under its expanded parent. ``key`` identifies it across renderings."""

    obj: Any
    live: Job | PSSession
    key: str
    depth: int = 0
    expandable: bool = False
    expanded: bool = False
    summary: bool = False  # a line of counts (``obj`` is its OutOfBand text), not a job
    pageable: bool = False  # a parent whose shown children are one page of many

    @property
    def job(self) -> Job | None:
        return self.live if isinstance(self.live, Job) else None

    @property
    def row_id(self) -> str:
        return str(getattr(self.live, "id", ""))


def allowed_actions(entry: Entry) -> tuple[frozenset[str], tuple[tuple[str, str], ...]]:
    """What a row's state allows (Receive while it has data, Stop while it runs, Remove
    once a top-level job finished), and for each other action why not."""
    job = entry.job
    if job is None:
        return frozenset(), ()
    allowed: set[str] = set()
    why_not: list[tuple[str, str]] = []
    if job.has_more_data:
        allowed.add("receive")
    else:
        why_not.append(("receive", f"Job {job.id} has no more data to receive"))
    if not job.finished:
        allowed.add("stop")
    else:
        why_not.append(("stop", f"Job {job.id} is {job.state.name}: nothing to stop"))
    if entry.depth or job.parent is not None:
        why_not.append(("remove", "A child job is removed with its parent job"))
    elif not job.finished:
        why_not.append(("remove", f"Job {job.id} is still running: Stop it first"))
    else:
        allowed.add("remove")
    return frozenset(allowed), tuple(why_not)


@dataclass
class Received:
    """What one click on Receive brought back: text per stream, and whether output was
    left for later (a click shows a bounded amount)."""

    title: str
    parts: list[tuple[str, str]] = field(default_factory=list)  # ("o" | "e", text)
    errors: list[ErrorRecord] = field(default_factory=list)
    more: bool = False

    def text(self) -> str:
        body = "".join(text for _, text in self.parts)
        body += "".join(render_error(record) + "\n" for record in self.errors)
        if self.more:
            body += MORE_WAITING
        return body or "(no output)\n"

    def html(self) -> str:
        pieces = [
            f'<span class="rj-stderr">{html.escape(t)}</span>' if s == "e" else html.escape(t)
            for s, t in self.parts
        ]
        pieces += [f'<span class="rj-stderr">{html.escape(render_error(r))}\n</span>'
                   for r in self.errors]
        if self.more:
            pieces.append(html.escape(MORE_WAITING))
        body = "".join(pieces) or "(no output)\n"
        return (f'<div class="rj-received"><div class="rj-received-title">'
                f"{html.escape(self.title)}</div><pre>{body}</pre></div>")


class LiveRows:
    """The rows of one live table, their expansion, and the faces of its current state."""

    def __init__(self, display: TableDisplay) -> None:
        self.display = display
        self.received: list[Received] = []
        self._expanded: set[str] = set()
        self._pages: dict[str, int] = {}  # parent key → the first child shown
        top = self._top()
        if len(top) == 1 and 2 <= len(self._children(top[0][1], set())) <= AUTO_EXPAND_LIMIT:
            self._expanded.add(str(id(top[0][1])))  # the first entry's key

    # ------------------------------------------------------------------ rows

    def _top(self) -> list[tuple[Any, Job | PSSession]]:
        """(row object, live object) of the rows not removed, in the table's order."""
        pairs = [(row, live_object(row)) for row in self.display.rows]
        return [(row, live) for row, live in pairs
                if live is not None and not (isinstance(live, Job) and live.removed)]

    @staticmethod
    def _children(live: Job | PSSession, shown: set[int]) -> list[Job]:
        """A job's children that are not rows of the table (``shown``: their ids)."""
        if not isinstance(live, Job):
            return []
        return [child for child in live.children if id(child) not in shown]

    def entries(self) -> list[Entry]:
        """The HTML table's rows. Keys are the live object's identity (with ``#n`` for a
        repeat of the same object), so they survive rows above being removed.

        A big table stays usable: past :data:`TOP_LIMIT` rows it shows that many, Failed
        first, then a line of counts; a parent with more than :data:`PAGE` children
        gets a line of its children's counts under it and, expanded, shows them a page
        at a time, Failed first."""
        entries: list[Entry] = []
        seen: dict[int, int] = {}
        top = self._top()
        shown = {id(live) for _, live in top}
        if len(top) > TOP_LIMIT:
            jobs = [live for _, live in top if isinstance(live, Job)]
            order = {id(job): i for i, job in enumerate(failed_first(jobs))}
            kept = sorted(top, key=lambda pair: order.get(id(pair[1]), len(order)))
        else:
            kept = top
        for row, live in kept[:TOP_LIMIT]:
            repeat = seen[id(live)] = seen.get(id(live), -1) + 1
            key = str(id(live)) + (f"#{repeat}" if repeat else "")
            children = self._children(live, shown)
            expanded = bool(children) and key in self._expanded
            many = len(children) > PAGE
            entries.append(Entry(row, live, key, 0, bool(children), expanded,
                                 pageable=many and expanded))
            if many:
                children = failed_first(children)
                first = self._pages.get(key, 0) % len(children)
                page = children[first:first + PAGE] if expanded else []
                entries.append(self._summary(live, key, len(children), first, len(page)))
            else:
                page = children if expanded else []
            entries.extend(Entry(child, child, f"{key}/{id(child)}", 1) for child in page)
        if len(top) > TOP_LIMIT:
            jobs = [live for _, live in top if isinstance(live, Job)]
            text = (f"{len(top):,} rows: {state_counts(jobs)}; the first {TOP_LIMIT} show, "
                    "Failed first (the text face lists every row)")
            entries.append(Entry(OutOfBand(text), top[0][1], "summary", 0, summary=True))
        return entries

    @staticmethod
    def _summary(live: Job | PSSession, key: str, total: int, first: int, shown: int
                 ) -> Entry:
        """The line of a parent's child counts, and which of them show."""
        jobs = live.children if isinstance(live, Job) else []
        which = (f"showing {first + 1:,}–{first + shown:,}, Failed first" if shown else
                 "Child jobs shows them, Failed first")
        text = f"{total:,} child jobs: {state_counts(list(jobs))}; {which}"
        return Entry(OutOfBand(text), live, f"{key}/summary", 1, summary=True)

    def next_page(self, key: str) -> None:
        """Show the next page of the children of the row ``key`` (back to the first
        after the last)."""
        self._pages[key] = self._pages.get(key, 0) + PAGE

    def toggle(self, key: str) -> None:
        """Expand or collapse the children of the row ``key``."""
        self._expanded ^= {key}

    def watched(self) -> list[Job | PSSession]:
        """Every object whose changes can change the table (children included)."""
        out: list[Job | PSSession] = []
        for row in self.display.rows:
            live = live_object(row)
            if isinstance(live, Job):
                out.extend(live.walk())
            elif live is not None:
                out.append(live)
        return out

    def find(self, key: str) -> Entry | None:
        return next((e for e in self.entries() if e.key == key), None)

    # ------------------------------------------------------------------ state

    @property
    def settled(self) -> bool:
        """Nothing shown can change any more: time to freeze."""
        return all(is_finished(live) for _, live in self._top())

    @property
    def running(self) -> bool:
        """Some job is running: its Elapsed cell moves with the clock."""
        return any(isinstance(e.live, Job) and not e.live.finished for e in self.entries())

    # ------------------------------------------------------------------ faces

    def current(self) -> TableDisplay:
        """The display over the rows still there (removed jobs dropped)."""
        keep = [row for row, _ in self._top()]
        kept = {id(row) for row in keep}
        items = [item for item in self.display.items
                 if isinstance(item, OutOfBand) or id(item) in kept]
        return replace(self.display, items=items)

    def faces(self, note: str = "") -> dict[str, str]:
        """``text/plain`` and ``text/html`` of the current state: the static table, then
        ``note`` (the live table's snapshot note) and what Receive brought back."""
        return {
            "text/plain": notebook_text(self.current()) + "".join(
                r.text() for r in self.received),
            "text/html": self.table_html() + note + self.received_html(),
        }

    def table_html(self) -> str:
        """Entries with their children, then out-of-band items."""
        entries = self.entries()
        # table_html asks for each job row's attributes in order (not a summary line's)
        order = iter([e for e in entries if not e.summary])

        def attributes(_obj: Any) -> list[tuple[str, str]]:
            entry = next(order)
            return [("class", "rj-child" if entry.depth else "rj-row"),
                    ("data-id", entry.row_id)]

        out_of_band = [item for item in self.display.items if isinstance(item, OutOfBand)]
        return html_face.table_html(
            self.display.html_columns,
            [e.obj for e in entries] + out_of_band,
            view=self.display.view,
            hide_header=self.display.hide_header,
            row_attributes=attributes,
        )

    def received_html(self) -> str:
        if not self.received:
            return ""
        return RECEIVED_STYLE + "".join(r.html() for r in self.received)
