"""Live tables: job and session tables that keep refreshing after their cell ended.

Every table of jobs (``Get-Job``, ``$job``, ``Start-Job``'s and ``Wait-Job``'s output…)
or sessions (``Get-PSSession``) that can still change is published as an HTML display
with a display id, **updated in place** (``update_display_data``, kernel-notes D.3)::

    text/html    the table (rjkernel's rich face), then a snapshot note while it can
                 still change: "as of 17:28:57, still running"
    text/plain   PowerShell's text table

That display is the record: what a saved notebook, nbconvert, GitHub and frontends
without the widget manager (VS Code) show — the last known table, marked as a
snapshot while it was still changing. A job table also gets an **action bar** widget
(:class:`~.widgets.ActionBar`) in a second display under it; the bar hides the note
while it is shown.

How it stays live, batched, and ends (the rules of this module):

1. **Listening.** The table subscribes to every job (children included) and session it
   shows. A change only pokes the table's :class:`~.throttle.Throttle`; the table is
   re-rendered at most every ``interval`` seconds (0.25 s; 0.5 s for a table of more
   than :data:`BIG_TABLE` jobs), and its faces sent only when they changed: one message
   whatever the number of rows that changed.
2. **Re-parenting.** Each refresh first adopts the latest execute request as parent
   (:class:`~.publisher.Publisher`), so headless clients record it. At the end of every
   cell the kernel calls :meth:`LiveTables.flush_all`: what changed during the cell is
   sent before its ``idle``, parented to it.
3. **Freezing.** When every row is final, the table is sent once more without the note,
   the action bar's display is emptied and its widget closed; the table unsubscribes
   and forgets itself. A table that is final when published is never live at all.
4. **Actions** (job tables): a button click is marshalled onto the main loop
   (``call_soon_threadsafe``; ipykernel < 7.4 ran widget callbacks on subshell threads)
   and runs there as a task (:mod:`~.actions`); its error shows in the bar's message
   line, in ConciseView. A table does not freeze while one of its actions runs.
5. **Elapsed.** While a job of the table runs, its Elapsed cell moves with the clock:
   the table refreshes every second, or every ``rows / 100`` seconds for big tables.
6. **Forgetting.** Re-running the cell that made a table (the frontend cleared its
   outputs) and shutting the kernel down detach it: no listener, timer or widget is
   left, and nothing is sent to a display that no longer exists.

:class:`LiveTables` holds strong references to the live tables (and each table to its
timers and tasks) until they freeze or are forgotten.
"""

from __future__ import annotations

import asyncio
import contextvars
import html
import logging
import math
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Protocol

from rjkernel.display.documents import TableDisplay
from rjkernel.display.errors import render_error
from rjkernel.display.views import JOB_VIEW
from rjkernel.errors import PSError
from rjkernel.jobs.model import Job
from rjkernel.live.publisher import Publisher
from rjkernel.live.rows import NOTE_STYLE, LiveRows, Received, allowed_actions, is_live
from rjkernel.live.throttle import Throttle
from rjkernel.live.widgets import (
    ACTION_COMMANDS,
    EXPAND,
    PAGE,
    WIDGET_VIEW,
    ActionBar,
    Choice,
)

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = 0.25  # seconds between two refreshes of one table
BIG_TABLE = 100  # jobs and sessions a table watches beyond which it refreshes half as often
TICK = 1.0  # seconds between Elapsed refreshes, per 100 rows
ACTION_ROWS_LIMIT = 100  # rows beyond this are not offered by the bar (cmdlets still work)
RECEIVED_KEPT = 10  # Receive results shown under a table (the latest)


class Actions(Protocol):
    async def receive(self, job: Job) -> Received: ...

    async def stop(self, job: Job) -> None: ...

    async def remove(self, job: Job) -> None: ...


class LiveTable:
    """One live display. Create it on the kernel's main loop (it publishes itself).
    ``owner`` is the id of the cell that made it (None when the frontend sends none)."""

    def __init__(self, display: TableDisplay, publisher: Publisher, actions: Actions, *,
                 interval: float, on_frozen: Callable[[LiveTable], None],
                 owner: str | None = None, count: int = 0) -> None:
        self.rows = LiveRows(display)
        self.display_id = uuid.uuid4().hex
        self.owner = owner
        self.count = count
        self.frozen = False
        self._publisher = publisher
        self._actions = actions
        self._on_frozen = on_frozen
        self._loop = asyncio.get_running_loop()
        watched = self.rows.watched()
        if len(watched) > BIG_TABLE:
            interval *= 2  # a thousand jobs in a storm: at most 2 refreshes a second
        self._throttle = Throttle(self._flush, interval, self._loop)
        self._message = ""
        self._busy: set[str] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._tick: asyncio.TimerHandle | None = None
        self._sent = self._faces()
        publisher.send_display(self._sent, self.display_id)
        self.bar: ActionBar | None = None
        self.bar_id = uuid.uuid4().hex
        if display.view == JOB_VIEW:
            self.bar = ActionBar(self._clicked, self._selected, choices=self._choices(),
                                 hide_css=self._hide_css(), message=self._message_html())
            publisher.send_display({WIDGET_VIEW: self.bar.view_data(), "text/plain": ""},
                                   self.bar_id)
        self._unsubscribe = [obj.subscribe(self._changed) for obj in watched]
        self._schedule_tick()

    # ------------------------------------------------------------------ changes

    def _changed(self, _obj: Any) -> None:
        if not self.frozen:
            self._throttle.poke()

    def flush(self) -> None:
        """Send what is pending now (end of a cell)."""
        self._throttle.flush_now()

    def _flush(self) -> None:
        if self.frozen:
            return
        self._publisher.adopt_latest_parent()
        try:
            if self.rows.settled and not self._tasks:
                self._freeze()
                return
            faces = self._faces()
            if faces != self._sent:
                self._sent = faces
                self._publisher.send_display(faces, self.display_id, update=True)
            if self.bar is not None:
                self.bar.show(self._choices(), self._message_html())
            self._schedule_tick()
        except Exception:  # a timer callback: log it, never kill the loop's other work
            log.exception("live table %s: refresh failed", self.display_id)

    def _faces(self) -> dict[str, str]:
        """The table as it reads now, with the snapshot note while it can change."""
        what = "still running" if self.rows.display.view == JOB_VIEW else "still open"
        note = (f'<div class="rj-snapshot" data-rj-live="{self.display_id}">as of '
                f"{datetime.now():%H:%M:%S}, {what} — a snapshot: it changes only while "
                "the kernel that made it runs</div>")
        return self.rows.faces(NOTE_STYLE + self._orphan_css() + note)

    def _orphan_css(self) -> str:
        """Hides the action bar's output when it holds no bar: a notebook saved while
        the table was live and reopened after its kernel is gone would show JupyterLab's
        "Error displaying widget: model not found" there (a widget cannot outlive its
        kernel). The bar's output is the one right after the table's; the rule is part
        of the snapshot, so it goes with the note when the table freezes."""
        if self.rows.display.view != JOB_VIEW:
            return ""
        table = f'.jp-OutputArea-child:has(.rj-snapshot[data-rj-live="{self.display_id}"])'
        return f"<style>{table} + .jp-OutputArea-child:not(:has(.rj-live)){{display:none}}</style>"

    def _hide_css(self) -> str:
        return f'<style>.rj-snapshot[data-rj-live="{self.display_id}"]{{display:none}}</style>'

    def _choices(self) -> list[Choice]:
        """The rows the action bar offers (the first :data:`ACTION_ROWS_LIMIT`), with what
        each one's state allows; every action is off while one runs on the row."""
        choices = []
        for entry in self.rows.entries()[:ACTION_ROWS_LIMIT]:
            job = entry.job
            if job is None or entry.summary:
                continue
            allowed, why_not = allowed_actions(entry)
            if entry.key in self._busy:
                allowed = frozenset()
            label = f"{'└ ' if entry.depth else ''}{job.id} {job.name} ({job.location})"
            choices.append(Choice(entry.key, label, allowed, why_not, entry.expandable,
                                  entry.expanded, entry.pageable))
        return choices

    def _message_html(self) -> str:
        message = self._message
        if len(self.rows.entries()) > ACTION_ROWS_LIMIT:
            message += (f"\nThe first {ACTION_ROWS_LIMIT} rows are offered here; use "
                        "Receive-Job, Stop-Job and Remove-Job for the others.")
        message = message.strip()
        return f"<pre>{html.escape(message)}</pre>" if message else ""

    def _schedule_tick(self) -> None:
        if self._tick is None and self.rows.running:
            period = TICK * max(1, math.ceil(len(self.rows.entries()) / 100))
            self._tick = self._loop.call_later(period, self._ticked)

    def _ticked(self) -> None:
        self._tick = None
        self._throttle.poke()

    def _freeze(self) -> None:
        self._detach()
        self._publisher.send_display(self.rows.faces(), self.display_id, update=True)
        if self.bar is not None:
            self._publisher.send_display({}, self.bar_id, update=True)  # nothing left to show
            self.bar.close()
        self._on_frozen(self)

    def _detach(self) -> None:
        """Stop listening and ticking (nothing more will be sent)."""
        self.frozen = True
        self._throttle.cancel()
        if self._tick is not None:
            self._tick.cancel()
        for undo in self._unsubscribe:
            undo()
        self._unsubscribe = []

    def forget(self) -> None:
        """The display is gone (its cell re-ran): detach and close the bar, silently."""
        self._detach()
        for task in self._tasks:
            task.cancel()
        if self.bar is not None:
            self.bar.close()
        self._on_frozen(self)

    def hand_over(self, count: int, command: str) -> None:
        """A later cell's command changes what this table shows: it stays as it reads
        now (before the change), saying where to look for the new state."""
        self._detach()
        self._publisher.adopt_latest_parent()
        note = (f'<div class="rj-snapshot rj-handed-over">as of {datetime.now():%H:%M:%S}; '
                f"then changed by {html.escape(command)} in cell [{count}], whose output "
                "shows the new state</div>")
        faces = self.rows.faces(NOTE_STYLE + note)
        faces["text/plain"] += (f"(as of {datetime.now():%H:%M:%S}; then changed by "
                                f"{command} in cell [{count}])\n")
        self._publisher.send_display(faces, self.display_id, update=True)
        if self.bar is not None:
            self._publisher.send_display({}, self.bar_id, update=True)
            self.bar.close()
        self._on_frozen(self)

    def end(self) -> None:
        """The kernel is shutting down: the table stays as its last snapshot (note
        included), the bar's display is emptied so a saved notebook holds no widget."""
        self._detach()
        self._publisher.adopt_latest_parent()
        self._publisher.send_display(self._faces(), self.display_id, update=True)
        if self.bar is not None:
            self._publisher.send_display({}, self.bar_id, update=True)  # nothing left to show
            self.bar.close()
        self._on_frozen(self)

    # ------------------------------------------------------------------ actions

    def _clicked(self, action: str, key: str) -> None:
        """A button's callback: whatever thread ipykernel runs it on, the work is done
        on the main loop."""
        self._loop.call_soon_threadsafe(self._start, action, key)

    def _selected(self) -> None:
        """Another row was chosen in the bar: its buttons follow its state."""
        self._loop.call_soon_threadsafe(self._throttle.poke)

    def _start(self, action: str, key: str) -> None:
        if self.frozen:
            return
        if action in (EXPAND, PAGE):
            (self.rows.toggle if action == EXPAND else self.rows.next_page)(key)
            self._throttle.poke()
            return
        entry = self.rows.find(key)
        if entry is None or entry.job is None or key in self._busy:
            return
        self._busy.add(key)
        self._throttle.poke()
        task = self._loop.create_task(self._run(action, entry.job, key))
        self._tasks.add(task)
        task.add_done_callback(self._action_done)

    async def _run(self, action: str, job: Job, key: str) -> None:
        try:
            if action == "receive":
                received = await self._actions.receive(job)
                self.rows.received = [*self.rows.received, received][-RECEIVED_KEPT:]
            elif action == "stop":
                await self._actions.stop(job)
            else:
                await self._actions.remove(job)
            self._message = ""
        except PSError as exc:
            self._message = render_error(exc.record)
        except Exception as exc:  # shown in the table, never as a traceback
            log.exception("live table %s: %s failed", self.display_id, action)
            self._message = f"{ACTION_COMMANDS[action]}: {exc}"
        finally:
            self._busy.discard(key)

    def _action_done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        self._throttle.poke()


class LiveTables:
    """The kernel's live tables, kept alive until they freeze."""

    def __init__(self, publisher: Publisher, actions: Actions,
                 interval: float = DEFAULT_INTERVAL) -> None:
        self.publisher = publisher
        self.actions = actions
        self.interval = interval
        self._tables: set[LiveTable] = set()

    def publish(self, display: object, owner: str | None = None, count: int = 0) -> bool:
        """Show ``display`` as a live table if it can still change; False otherwise
        (the caller shows its static faces). ``owner``: the id of the running cell,
        ``count`` its execution count."""
        if not is_live(display):
            return False
        table = LiveTable(display, self.publisher, self.actions, interval=self.interval,
                          on_frozen=self._tables.discard, owner=owner, count=count)
        self._tables.add(table)
        return True

    def forget_cell(self, cell_id: str | None) -> None:
        """The cell ``cell_id`` runs again: the frontend cleared its outputs, so its
        tables stop (no listener, timer or widget of theirs is left)."""
        if cell_id is None:
            return
        for table in [t for t in self._tables if t.owner == cell_id]:
            table.forget()

    def changed_by(self, objects: Sequence[object], count: int, command: str) -> None:
        """Cell ``count``'s ``command`` is about to change ``objects``: the tables of
        earlier cells that show one of them keep their state, with a note naming it."""
        targets = {id(obj) for obj in objects}
        for table in list(self._tables):
            if table.count < count and targets & {id(o) for o in table.rows.watched()}:
                table.hand_over(count, command)

    def end_all(self) -> None:
        """The kernel shuts down: every table stays as its last snapshot."""
        for table in list(self._tables):
            table.end()

    def flush_all(self) -> None:
        """Send what every table has pending (the end of a cell). Each refresh runs in a
        copy of the caller's context: re-parenting must not touch the request being
        answered (its ``idle`` status reads the parent from that context)."""
        for table in list(self._tables):
            contextvars.copy_context().run(table.flush)

    def __len__(self) -> int:
        return len(self._tables)
