"""Live tables without a kernel: which tables are live, their rows and faces, batching,
freezing, actions and the progress bar — real job-model objects, real ipywidgets (their
comms are no-ops outside a kernel), a publisher that records what would be sent."""

from __future__ import annotations

import asyncio
import re
import threading
from functools import partial
from typing import Any

import ipywidgets

from rjkernel.cmdlets.jobs import unfinished_removal_error
from rjkernel.display import TableDisplay, format_default, format_table
from rjkernel.errors import PSError
from rjkernel.jobs.model import Job
from rjkernel.jobs.states import JobState
from rjkernel.live.progress import WidgetProgress
from rjkernel.live.rows import LiveRows, Received, is_live, static_faces
from rjkernel.live.tables import LiveTable, LiveTables
from rjkernel.live.throttle import Throttle
from rjkernel.live.widgets import WIDGET_VIEW
from rjkernel.runspace.sessions import CLOSED, PSSession
from tests.fixtures.aio import run

INTERVAL = 0.05


class Recorder:
    """A Publisher that keeps every message and counts re-parentings."""

    def __init__(self) -> None:
        self.sent: list[tuple[dict[str, Any], str | None, bool]] = []
        self.adopted = 0

    def send_display(self, data: dict[str, Any], display_id: str | None = None,
                     update: bool = False) -> None:
        self.sent.append((data, display_id, update))

    def adopt_latest_parent(self) -> None:
        self.adopted += 1

    @property
    def updates(self) -> list[dict[str, Any]]:
        return [data for data, _, update in self.sent if update]


def child(job_id: int, location: str, state: JobState = JobState.Running) -> Job:
    job = Job(id=job_id, command=" sleep 60", location=location)
    job.update(state=state)
    return job


def fan_out(first: int = 1, hosts: tuple[str, ...] = ("web01", "web02")) -> Job:
    kids = [child(first + 1 + i, host) for i, host in enumerate(hosts)]
    return Job.parent_of(kids, id=first, name=None, command=" sleep 60", type_name="RemoteJob")


def start_job(job_id: int, state: JobState = JobState.Running) -> Job:
    return Job.parent_of([child(job_id + 1, "localhost", state)], id=job_id, name=None,
                         command=" sleep 60", type_name="BackgroundJob")


def table_of(*objects: Any) -> TableDisplay:
    """The one table Out-Default makes of ``objects``."""
    (display,) = format_default(list(objects))
    assert isinstance(display, TableDisplay)
    return display


def states(markup: str) -> dict[str, str]:
    """Row Id → State, read from a table's HTML."""
    rows = re.findall(r'<tr class="rj-(?:row|child)" data-id="(\d+)"[^>]*>(.*?)</tr>', markup)
    return {row_id: re.search(r'data-state="(\w+)"', cells).group(1)  # type: ignore[union-attr]
            for row_id, cells in rows}


def button(table: LiveTable, action: str, job_id: int) -> ipywidgets.Button:
    """The bar's button for ``action``, with job ``job_id`` selected (as a user does)."""
    assert table.bar is not None
    key = next(e.key for e in table.rows.entries() if e.row_id == str(job_id))
    table.bar.select.value = key
    return table.bar.buttons[action]


class Updates:
    """Waits for the next update_display_data of one display."""

    def __init__(self, recorder: Recorder, display_id: str) -> None:
        self.recorder = recorder
        self.display_id = display_id
        self.seen = len(self.all())

    def all(self) -> list[dict[str, Any]]:
        return [d for d, i, update in self.recorder.sent if update and i == self.display_id]

    async def next(self) -> dict[str, Any]:
        async def arrived() -> dict[str, Any]:
            while len(self.all()) <= self.seen:
                await asyncio.sleep(0)  # yields to the loop's timers: no wall-clock wait
            self.seen += 1
            return self.all()[self.seen - 1]
        return await asyncio.wait_for(arrived(), 5)


class Changes:
    """Counts value changes of an HTML part (each is one comm message) and lets a test
    wait for the next one."""

    def __init__(self, part: ipywidgets.HTML) -> None:
        self.count = 0
        self.event = asyncio.Event()
        part.observe(self._changed, "value")

    def _changed(self, _change: Any) -> None:
        self.count += 1
        self.event.set()

    async def next(self) -> None:
        await asyncio.wait_for(self.event.wait(), 5)
        self.event.clear()


# ====================================================================== which tables


def test_only_tables_that_can_still_change_are_live() -> None:
    (running,) = format_default([start_job(1)])
    (finished,) = format_default([start_job(3, JobState.Completed)])
    (picked,) = format_table([start_job(5)], ["Id", "State"])
    session = PSSession(id=2, name="Runspace1", computer_name="web01", user="",
                        runspace=None)  # type: ignore[arg-type]
    (sessions,) = format_default([session])
    assert is_live(running) and not is_live(finished) and not is_live(picked)
    assert is_live(sessions)
    session.set_state(CLOSED)
    assert not is_live(sessions)


def test_a_fan_out_starts_expanded_and_toggles() -> None:
    rows = LiveRows(table_of(fan_out()))
    assert [(e.row_id, e.depth) for e in rows.entries()] == [("1", 0), ("2", 1), ("3", 1)]
    rows.toggle(rows.entries()[0].key)
    assert [e.row_id for e in rows.entries()] == ["1"]
    assert [e.row_id for e in LiveRows(table_of(fan_out(1), fan_out(4))).entries()] == ["1", "4"]


def test_removed_jobs_leave_every_face() -> None:
    kept, gone = start_job(1), start_job(3, JobState.Completed)
    rows = LiveRows(table_of(kept, gone))
    gone.mark_removed()
    assert [e.row_id for e in rows.entries()] == ["1"]
    text = rows.faces()["text/plain"]
    assert re.search(r"^1 +Job1 ", text, re.M) and not re.search(r"^3 +Job3 ", text, re.M)
    assert not rows.settled
    kept.children[0].update(state=JobState.Completed)
    assert rows.settled


def test_static_faces_show_the_children_and_what_was_received() -> None:
    table = table_of(fan_out())
    rows = LiveRows(table)
    rows.received.append(Received("Receive-Job 2", [("o", "[web01] hi <there>\n")]))
    faces = rows.faces()
    assert states(faces["text/html"]) == {"1": "Running", "2": "Running", "3": "Running"}
    assert "[web01] hi &lt;there&gt;" in faces["text/html"]
    text = faces["text/plain"]
    assert re.search(r"^1 +Job1 +RemoteJob +Running", text, re.M)
    assert "Job2" not in text and text.endswith("[web01] hi <there>\n")
    assert states(static_faces(table)["text/html"]) == states(faces["text/html"])


def test_rich_columns_show_start_elapsed_and_output_size() -> None:
    job = start_job(1)
    job.children[0].update(size=1536, state=JobState.Completed)
    (table,) = format_default([job])
    markup = table.html()
    assert "<th>Started</th>" not in markup  # details: in the row's title
    assert re.search(r'<tr data-id="1" title="Started: \d\d:\d\d:\d\d\nOutput: 1.5 KB">', markup)
    assert re.search(r'<td class="rj-right">00:00:0\d</td>', markup)


# ====================================================================== throttle


def test_throttle_coalesces_a_burst_and_spaces_flushes() -> None:
    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        times: list[float] = []
        flushed = asyncio.Event()

        def flush() -> None:
            times.append(loop.time())
            flushed.set()

        throttle = Throttle(flush, INTERVAL)
        for _ in range(1000):
            throttle.poke()
        await asyncio.wait_for(flushed.wait(), 5)
        flushed.clear()
        assert len(times) == 1
        threading.Thread(target=throttle.poke).start()  # from another thread
        await asyncio.wait_for(flushed.wait(), 5)
        assert len(times) == 2 and times[1] - times[0] >= INTERVAL * 0.99
        throttle.poke()
        throttle.flush_now()
        assert len(times) == 3 and not throttle.pending
        throttle.poke()
        throttle.cancel()
        assert not throttle.pending and throttle.flushes == 3

    run(scenario)


# ====================================================================== live tables


def test_a_thousand_changes_cost_one_refresh_then_the_table_freezes() -> None:
    async def scenario() -> None:
        jobs = [start_job(i) for i in range(1, 2001, 2)]
        (display,) = format_default(jobs)
        recorder = Recorder()
        tables = LiveTables(recorder, actions=None, interval=INTERVAL)  # type: ignore[arg-type]
        assert tables.publish(display) and len(tables) == 1
        (table,) = tables._tables
        (data, display_id, update), (bar, bar_id, _) = recorder.sent
        assert not update and set(data) == {"text/plain", "text/html"}  # the record
        assert 'class="rj-snapshot"' in data["text/html"]  # marked as changing
        assert set(bar) == {WIDGET_VIEW, "text/plain"} and bar_id == table.bar_id
        updates = Updates(recorder, display_id)
        for job in jobs[:-1]:
            job.children[0].update(state=JobState.Completed)
        first = await updates.next()
        assert len(updates.all()) == 1
        assert "1,000 rows: 999 Completed, 1 Running" in first["text/html"]
        assert next(iter(states(first["text/html"]))) == "1"  # no failure: table order
        assert first["text/plain"].count("Completed") == 999
        jobs[-1].children[0].update(state=JobState.Completed)
        tables.flush_all()  # the end of a cell: no waiting for the interval
        frozen = updates.all()[-1]
        assert set(frozen) == {"text/plain", "text/html"}
        assert "rj-snapshot" not in frozen["text/html"]  # final: no note
        assert recorder.sent[-1] == ({}, bar_id, True) and len(tables) == 0  # bar emptied
        assert table.bar is not None and table.bar.root.comm is None  # closed
        assert recorder.adopted >= 2  # every refresh re-parented first

    run(scenario)


def test_rerunning_the_cell_or_shutting_down_stops_its_tables() -> None:
    async def scenario() -> None:
        recorder = Recorder()
        tables = LiveTables(recorder, actions=None, interval=INTERVAL)  # type: ignore[arg-type]
        mine, other = start_job(1), start_job(3)
        tables.publish(table_of(mine), owner="cell-a")
        tables.publish(table_of(other), owner="cell-b")
        tables.forget_cell("cell-a")
        assert len(tables) == 1 and not mine._listeners and not mine.children[0]._listeners
        sent = len(recorder.sent)
        mine.children[0].update(state=JobState.Completed)
        tables.flush_all()
        assert len(recorder.sent) == sent  # nothing to a display that is gone
        tables.end_all()
        assert len(tables) == 0 and not other.children[0]._listeners
        snapshot, bar = recorder.sent[-2:]
        assert "rj-snapshot" in snapshot[0]["text/html"] and snapshot[2]
        assert bar[0] == {} and bar[2]

    run(scenario)


class FakeActions:
    def __init__(self) -> None:
        self.calls: list[tuple[str, int]] = []

    async def receive(self, job: Job) -> Received:
        self.calls.append(("receive", job.id))
        return Received(f"Receive-Job {job.id}", [("o", "hello\n")])

    async def stop(self, job: Job) -> None:
        self.calls.append(("stop", job.id))
        for leaf in job.walk():
            leaf.update(state=JobState.Stopped)

    async def remove(self, job: Job) -> None:
        self.calls.append(("remove", job.id))
        raise PSError(unfinished_removal_error(job))


def test_buttons_act_on_the_selected_row_and_errors_show_in_the_bar() -> None:
    async def scenario() -> None:
        display = table_of(start_job(1))
        recorder, actions = Recorder(), FakeActions()
        frozen = asyncio.Event()
        table = LiveTable(display, recorder, actions, interval=INTERVAL,
                          on_frozen=lambda _t: frozen.set())
        assert table.bar is not None
        remove = button(table, "remove", 1)
        assert remove.disabled and remove.tooltip == "Job 1 is still running: Stop it first"
        table._start("remove", table.bar.selected or "")  # as a stale frontend could
        messages = Changes(table.bar.message)
        await messages.next()
        assert ("Remove-Job: The command cannot remove the job with the job ID 1 because the "
                "job is not finished.") in table.bar.message.value
        updates = Updates(recorder, table.display_id)
        button(table, "receive", 1).click()
        while "hello" not in (await updates.next())["text/html"]:
            pass
        button(table, "stop", 1).click()
        await asyncio.wait_for(frozen.wait(), 5)
        assert actions.calls == [("remove", 1), ("receive", 1), ("stop", 1)]
        final = updates.all()[-1]
        assert "Stopped" in final["text/plain"]
        assert final["text/plain"].endswith("hello\n") and "hello" in final["text/html"]

    run(scenario)


def test_the_bar_offers_what_the_selected_rows_state_allows() -> None:
    async def scenario() -> None:
        job = fan_out()
        recorder = Recorder()
        table = LiveTable(table_of(job), recorder, FakeActions(), interval=INTERVAL,
                          on_frozen=lambda _t: None)
        assert table.bar is not None
        assert [o[0] for o in table.bar.select.options] == \
            ["1 Job1 (web01,web02)", "└ 2 Job2 (web01)", "└ 3 Job3 (web02)"]
        assert not button(table, "stop", 2).disabled
        assert button(table, "remove", 2).tooltip == "A child job is removed with its parent job"
        job.children[0].update(state=JobState.Completed)
        table.flush()
        assert button(table, "stop", 2).disabled and not button(table, "receive", 1).disabled
        updates = Updates(recorder, table.display_id)
        button(table, "expand", 1).click()
        assert set(states((await updates.next())["text/html"])) == {"1"}
        assert table.bar.buttons["expand"].description == "▸ Child jobs"
        assert [o[0] for o in table.bar.select.options] == ["1 Job1 (web01,web02)"]

    run(scenario)


def test_progress_bar_coalesces_and_clears_when_closed() -> None:
    async def scenario() -> None:
        recorder = Recorder()
        progress = WidgetProgress(recorder, "Wait-Job", 1000, interval=INTERVAL)
        (data, display_id, _), = recorder.sent
        assert data["text/plain"].startswith("Wait-Job: 0 of 1000 jobs done")
        values: list[int] = []
        moved = asyncio.Event()

        def bar_moved(change: dict[str, Any]) -> None:
            values.append(change["new"])
            moved.set()

        progress.widget.bar.observe(bar_moved, "value")
        for done in range(1, 1001):
            progress.update(done, 1000, failed=done // 100)
        await asyncio.wait_for(moved.wait(), 5)
        assert values == [1000] and progress.widget.bar.bar_style == "danger"
        assert "1000 of 1000 jobs done, 10 failed</span>" in progress.widget.label.value
        assert "#" not in progress.widget.label.value  # the bar is the widget's, not text
        progress.close()
        assert recorder.sent[-1] == ({}, display_id, True)  # nothing left behind
        assert progress.widget.root.comm is None

    run(scenario)


def test_a_failed_job_says_why_and_a_stopped_one_has_no_exit_code() -> None:
    from rjkernel.display.outdefault import notebook_text
    from rjkernel.errors import ErrorRecord

    reason = ErrorRecord("[db9] ssh: connect to host db9 port 22: Connection refused",
                         "JobStateFailed", "OpenError")
    failed = child(3, "db9")
    failed.update(state=JobState.Failed, reason=reason)
    stopped = child(4, "web01")
    stopped.update(state=JobState.Stopped, exit_code=143)
    assert failed.ps_properties()["StatusMessage"] == reason.message
    assert stopped.exit_code is None and stopped.ps_properties()["StatusMessage"] == ""
    text = notebook_text(table_of(failed, stopped))
    assert text.endswith(f"\nJob3 (db9) failed: {reason.message}\n\n")
    markup = table_of(failed, stopped).html()
    assert 'class="rj-reason"' in markup and "143" not in markup


# ====================================================================== 1,000 children


def big_fan_out(hosts: int = 1000) -> Job:
    return fan_out(1, tuple(f"node{i:04d}" for i in range(1, hosts + 1)))


def test_a_thousand_children_show_as_counts_then_a_page_failed_first() -> None:
    from rjkernel.errors import ErrorRecord

    job = big_fan_out()
    rows = LiveRows(table_of(job))
    html = rows.table_html()
    assert set(states(html)) == {"1"}  # collapsed: the parent and its counts only
    assert "1,000 child jobs: 1,000 Running; Child jobs shows them, Failed first" in html
    for child in job.children[:500]:
        child.update(state=JobState.Completed)
    for child in job.children[700:703]:
        child.update(state=JobState.Failed, reason=ErrorRecord("[x] refused", "JobStateFailed"))
    parent_key = rows.entries()[0].key
    rows.toggle(parent_key)
    html = rows.table_html()
    assert "1,000 child jobs: 500 Completed, 497 Running, 3 Failed; showing 1–20" in html
    page = [e.row_id for e in rows.entries() if e.depth and not e.summary]
    assert page[:4] == ["702", "703", "704", "2"] and len(page) == 20  # Failed first
    assert rows.entries()[0].pageable
    rows.next_page(parent_key)
    assert "showing 21–40" in rows.table_html()
    assert next(e.row_id for e in rows.entries() if e.depth and not e.summary) == "19"
    # the text face is PowerShell's: the parent's row, however many children it has
    text = rows.faces()["text/plain"]
    assert re.search(r"^1 +Job1 +RemoteJob +Running", text, re.M) and "Job2 " not in text


def test_a_table_of_a_thousand_rows_shows_a_hundred_failed_first_and_counts() -> None:
    job = big_fan_out()
    job.children[999].update(state=JobState.Failed)
    rows = LiveRows(table_of(job, *job.children))  # Get-Job -IncludeChildJob
    shown = states(rows.table_html())
    assert len(shown) == 100 and list(shown)[:2] == ["1001", "1"]  # Failed first
    assert "1,001 rows: 1,000 Running, 1 Failed; the first 100 show" in rows.table_html()
    lines = [line for line in rows.faces()["text/plain"].splitlines() if re.match(r"\d", line)]
    assert len(lines) == 1001  # PowerShell's text table lists every row


def test_a_thousand_changing_children_cost_at_most_two_refreshes_a_second() -> None:
    async def scenario() -> None:
        job = big_fan_out()
        recorder = Recorder()
        tables = LiveTables(recorder, actions=FakeActions())  # the kernel's 0.25 s
        tables.publish(table_of(job))
        (table,) = tables._tables
        loop = asyncio.get_running_loop()
        done = asyncio.Event()
        started = loop.time()
        for i, child in enumerate(job.children):  # spread over one second
            loop.call_later(i / 1000, partial(child.update, state=JobState.Completed))
        loop.call_later(1.0, done.set)
        await asyncio.wait_for(done.wait(), 10)
        seconds = loop.time() - started
        sent = [d for d, i, update in recorder.sent if update and i == table.display_id]
        assert 1 <= len(sent) <= seconds / 0.5 + 1  # a big table: every 0.5 s at most
        tables.end_all()

    run(scenario)
