"""Live tables: job and session tables that keep refreshing after their cell ended.

Every table of jobs (``Get-Job``, ``$job``, ``Start-Job``'s and ``Wait-Job``'s output…)
or sessions (``Get-PSSession``) that can still change is published as ONE display with
a display id and three faces (kernel-notes D.3)::

    application/vnd.jupyter.widget-view+json   the live widget (rows update in place)
    text/html                                   the static table
    text/plain                                  PowerShell's text table

How it stays live, batched, and ends (the rules of this module):

1. **Listening.** The table subscribes to every job (children included) and session it
   shows. A change only pokes the table's :class:`~.throttle.Throttle`; the table is
   re-rendered at most every ``interval`` seconds (0.25 s): one comm message for the
   table's HTML, whatever the number of rows that changed.
2. **Re-parenting.** Each refresh first adopts the latest execute request as parent
   (:class:`~.publisher.Publisher`), so headless clients record it. At the end of every
   cell the kernel calls :meth:`LiveTables.flush_all`: what changed during the cell is
   sent before its ``idle``, parented to it.
3. **Terminal transitions.** When a row reaches its final state (or is removed, or
   children are expanded), the refresh also sends ``update_display_data`` with the
   widget and fresh static faces, so nbclient/papermill and text UIs hold the final
   table.
4. **Freezing.** When every row is final, the display is updated *without* the widget
   (the static table: saved notebooks, nbconvert, GitHub-style viewers) and the widget
   is closed; the table unsubscribes and forgets itself. A table that is final when
   published is never a widget at all.
5. **Actions** (job tables): a button click is marshalled onto the main loop
   (``call_soon_threadsafe``; ipykernel < 7.4 ran widget callbacks on subshell threads)
   and runs there as a task (:mod:`~.actions`); its error shows in the table, in
   ConciseView. A table does not freeze while one of its actions runs.
6. **Elapsed.** While a job of the table runs, its Elapsed cell moves with the clock:
   the table refreshes every second, or every ``rows / 100`` seconds for big tables.

:class:`LiveTables` holds strong references to the live tables (and each table to its
timers and tasks) until they freeze.
"""

from __future__ import annotations

import asyncio
import contextvars
import html
import logging
import math
import uuid
from collections.abc import Callable
from typing import Any, Protocol

from rjkernel.display.documents import TableDisplay
from rjkernel.display.errors import render_error
from rjkernel.display.html import no_typesetting
from rjkernel.display.views import JOB_VIEW
from rjkernel.errors import PSError
from rjkernel.jobs.model import Job
from rjkernel.live.publisher import Publisher
from rjkernel.live.rows import LIVE_STYLE, LiveRows, Received, is_live
from rjkernel.live.throttle import Throttle
from rjkernel.live.widgets import (
    ACTION_COMMANDS,
    WIDGET_VIEW,
    ActionRow,
    LiveTableWidget,
)

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = 0.25  # seconds between two refreshes of one table
TICK = 1.0  # seconds between Elapsed refreshes, per 100 rows
ACTION_ROWS_LIMIT = 100  # rows beyond this get no buttons (cmdlets still work)
RECEIVED_KEPT = 10  # Receive results shown under a table (the latest)
ACTIONS = ("receive", "stop", "remove")
CHILD_ACTIONS = ("receive", "stop")  # a child job is removed with its parent


class Actions(Protocol):
    async def receive(self, job: Job) -> Received: ...

    async def stop(self, job: Job) -> None: ...

    async def remove(self, job: Job) -> None: ...


class LiveTable:
    """One live display. Create it on the kernel's main loop (it publishes itself)."""

    def __init__(self, display: TableDisplay, publisher: Publisher, actions: Actions, *,
                 interval: float, on_frozen: Callable[[LiveTable], None]) -> None:
        self.rows = LiveRows(display)
        self.display_id = uuid.uuid4().hex
        self.frozen = False
        self._publisher = publisher
        self._actions = actions
        self._on_frozen = on_frozen
        self._loop = asyncio.get_running_loop()
        self._throttle = Throttle(self._flush, interval, self._loop)
        self._milestones = self.rows.milestones()
        self._message = ""
        self._busy: set[str] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._tick: asyncio.TimerHandle | None = None
        self._with_actions = display.view == JOB_VIEW
        table = self.rows.table_html()
        self.widget = LiveTableWidget(self._clicked, header=not display.hide_header,
                                      actions=self._with_actions, **self._content(table))
        self._unsubscribe = [obj.subscribe(self._changed) for obj in self.rows.watched()]
        publisher.send_display(self._bundle(table), self.display_id)
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
            table = self.rows.table_html()
            self.widget.show(**self._content(table))
            milestones = self.rows.milestones()
            if milestones != self._milestones:
                self._milestones = milestones
                self._publisher.send_display(self._bundle(table), self.display_id, update=True)
            self._schedule_tick()
        except Exception:  # a timer callback: log it, never kill the loop's other work
            log.exception("live table %s: refresh failed", self.display_id)

    def _bundle(self, table_html: str) -> dict[str, Any]:
        return {WIDGET_VIEW: self.widget.view_data(), **self.rows.faces(table_html)}

    def _content(self, table_html: str) -> dict[str, Any]:
        """What the widget shows now (``table_html``: the rows' table): the table, the
        action rows, the message line and the received output."""
        entries = self.rows.entries()
        action_rows = []
        if self._with_actions:
            for entry in entries[:ACTION_ROWS_LIMIT]:
                # buttons change only when the user acts (busy), never with a job's state:
                # a storm of state changes must not cost a message per button
                busy = frozenset(ACTIONS) if entry.key in self._busy else frozenset()
                action_rows.append(ActionRow(
                    entry.key, entry.row_id, CHILD_ACTIONS if entry.depth else ACTIONS,
                    entry.expandable, entry.expanded, busy))
        message = self._message
        if self._with_actions and len(entries) > ACTION_ROWS_LIMIT:
            message += (f"\nButtons are shown for the first {ACTION_ROWS_LIMIT} rows; use "
                        "Receive-Job, Stop-Job and Remove-Job for the others.")
        message = message.strip()
        return {
            "table_html": no_typesetting(LIVE_STYLE + table_html),
            "rows": action_rows,
            "message": f"<pre>{html.escape(message)}</pre>" if message else "",
            "received_html": no_typesetting(self.rows.received_html()),
        }

    def _schedule_tick(self) -> None:
        if self._tick is None and self.rows.running:
            period = TICK * max(1, math.ceil(len(self.rows.entries()) / 100))
            self._tick = self._loop.call_later(period, self._ticked)

    def _ticked(self) -> None:
        self._tick = None
        self._throttle.poke()

    def _freeze(self) -> None:
        self.frozen = True
        self._throttle.cancel()
        if self._tick is not None:
            self._tick.cancel()
        for undo in self._unsubscribe:
            undo()
        self._publisher.send_display(self.rows.faces(), self.display_id, update=True)
        self.widget.close()
        self._on_frozen(self)

    # ------------------------------------------------------------------ actions

    def _clicked(self, action: str, key: str) -> None:
        """A button's callback: whatever thread ipykernel runs it on, the work is done
        on the main loop."""
        self._loop.call_soon_threadsafe(self._start, action, key)

    def _start(self, action: str, key: str) -> None:
        if self.frozen:
            return
        if action == "expand":
            self.rows.toggle(key)
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

    def publish(self, display: object) -> bool:
        """Show ``display`` as a live table if it can still change; False otherwise
        (the caller shows its static faces)."""
        if not is_live(display):
            return False
        table = LiveTable(display, self.publisher, self.actions, interval=self.interval,
                          on_frozen=self._tables.discard)
        self._tables.add(table)
        return True

    def flush_all(self) -> None:
        """Send what every table has pending (the end of a cell). Each refresh runs in a
        copy of the caller's context: re-parenting must not touch the request being
        answered (its ``idle`` status reads the parent from that context)."""
        for table in list(self._tables):
            contextvars.copy_context().run(table.flush)

    def __len__(self) -> int:
        return len(self._tables)
