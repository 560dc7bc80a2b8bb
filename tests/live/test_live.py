"""Live tables without a kernel: which tables are live, their rows and faces, batching,
freezing, actions and the progress bar — real job-model objects, real ipywidgets (their
comms are no-ops outside a kernel), a publisher that records what would be sent."""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Iterator
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
    rows = re.findall(r'<tr class="rj-(?:row|child)" data-id="(\d+)">(.*?)</tr>', markup)
    return {row_id: re.search(r'data-state="(\w+)"', cells).group(1)  # type: ignore[union-attr]
            for row_id, cells in rows}


def buttons(widget: ipywidgets.Widget) -> Iterator[ipywidgets.Button]:
    if isinstance(widget, ipywidgets.Button):
        yield widget
    for part in getattr(widget, "children", ()):
        yield from buttons(part)


def button(table: LiveTable, action: str, job_id: int) -> ipywidgets.Button:
    classes = {f"rj-action-{action}", f"rj-id-{job_id}"}
    (found,) = [b for b in buttons(table.widget.root) if classes <= set(b._dom_classes)]
    return found


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
    assert "<th>Started</th>" in markup and "1.5 KB" in markup
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
        (data, display_id, update), = recorder.sent
        assert not update and set(data) == {WIDGET_VIEW, "text/plain", "text/html"}
        (table,) = tables._tables
        changes = Changes(table.widget.table)
        for job in jobs[:-1]:
            job.children[0].update(state=JobState.Completed)
        await changes.next()
        assert changes.count == 1
        assert list(states(table.widget.table.value).values()).count("Completed") == 999
        (final,) = recorder.updates  # terminal transitions: the static faces again
        assert WIDGET_VIEW in final and final["text/plain"].count("Completed") == 999
        jobs[-1].children[0].update(state=JobState.Completed)
        tables.flush_all()  # the end of a cell: no waiting for the interval
        frozen = recorder.updates[-1]
        assert set(frozen) == {"text/plain", "text/html"}
        assert recorder.sent[-1][1] == display_id and len(tables) == 0
        assert table.widget.root.comm is None  # closed
        assert recorder.adopted >= 2  # every refresh re-parented first

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


def test_buttons_act_on_their_row_and_errors_show_in_the_table() -> None:
    async def scenario() -> None:
        display = table_of(start_job(1))
        recorder, actions = Recorder(), FakeActions()
        frozen = asyncio.Event()
        table = LiveTable(display, recorder, actions, interval=INTERVAL,
                          on_frozen=lambda _t: frozen.set())
        messages = Changes(table.widget.message)
        button(table, "remove", 1).click()
        await messages.next()
        assert ("Remove-Job: The command cannot remove the job with the job ID 1 because the "
                "job is not finished.") in table.widget.message.value
        received = Changes(table.widget.received)
        button(table, "receive", 1).click()
        await received.next()
        assert "hello" in table.widget.received.value
        button(table, "stop", 1).click()
        await asyncio.wait_for(frozen.wait(), 5)
        assert actions.calls == [("remove", 1), ("receive", 1), ("stop", 1)]
        final = recorder.updates[-1]
        assert WIDGET_VIEW not in final and "Stopped" in final["text/plain"]
        assert final["text/plain"].endswith("hello\n") and "hello" in final["text/html"]

    run(scenario)


def test_the_expand_button_shows_and_hides_the_children() -> None:
    async def scenario() -> None:
        table = LiveTable(table_of(fan_out()), Recorder(), FakeActions(), interval=INTERVAL,
                          on_frozen=lambda _t: None)
        changes = Changes(table.widget.table)
        assert set(states(table.widget.table.value)) == {"1", "2", "3"}
        button(table, "expand", 1).click()
        await changes.next()
        assert set(states(table.widget.table.value)) == {"1"}
        assert [b.description for b in buttons(table.widget.root)] == \
            ["▸", "Receive", "Stop", "Remove"]

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
        assert "1000 of 1000 jobs done, 10 failed" in progress.widget.label.value
        progress.close()
        assert recorder.sent[-1] == ({"text/plain": ""}, display_id, True)
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
