"""Live job tables: how soon a row changes after a remote job ends, and what a storm of
changes costs the frontend — each figure beside its peer, measured in the same run.

* ``latency`` — a real rjkernel process (driven through jupyter_client, as a notebook
  frontend drives it) and the test suite's own OpenSSH sshd on loopback. A cell starts
  ``Invoke-Command -ComputerName web01,web02 -AsJob`` whose script blocks wait on a
  FIFO (``read x < fifo``); the kernel is then idle. The clock starts when this process
  writes web01's FIFO (the remote job ends at once) and stops when the table's
  ``update_display_data`` showing web01's row ``Completed`` arrives. Peer: the same job end seen
  by a running ``Wait-Job`` (until its execute_reply) — the kernel learning of the end,
  without the table.
* ``storm`` — in this process: a live table of 1,000 jobs (the real job model, the
  real LiveTables and ipywidgets, comm messages counted as a kernel would send them)
  whose jobs all start running, write output and complete within 2 s, one change at
  a time at random moments on the event loop. Figures: messages the frontend gets
  (comm messages + display updates) per second, and in total, against the unbatched
  design (one message per change the table hears of, counted by a listener on the
  same jobs); plus the time one refresh of the 1,000-row table takes (the loop is busy
  that long).

The load average is printed before and after: the box's other work skews every figure.

    .venv/bin/python benchmarks/live_tables.py [latency|storm ...] [--rounds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import comm  # noqa: E402

from rjkernel.display import format_default  # noqa: E402
from rjkernel.install import KERNEL_NAME, kernelspec_dir  # noqa: E402
from rjkernel.jobs.model import Job  # noqa: E402
from rjkernel.jobs.states import JobState  # noqa: E402
from rjkernel.live.rows import LiveRows  # noqa: E402
from rjkernel.live.tables import LiveTables  # noqa: E402
from tests.fixtures.kernel import Cell, KernelDriver, kernel_env  # noqa: E402
from tests.fixtures.sshd import start_sshd  # noqa: E402

STORM_JOBS = 1000
STORM_SECONDS = 2.0


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def summary(values: list[float], unit: str = "ms") -> str:
    if len(values) == 1:
        return f"{values[0]:.1f} {unit}"
    return (f"median {statistics.median(values):.1f} {unit} "
            f"(min {min(values):.1f}, max {max(values):.1f}, n={len(values)})")


# ====================================================================== latency


def row_state(value: str, job_id: int) -> str | None:
    match = re.search(rf'data-id="{job_id}"[^>]*>.*?data-state="(\w+)"', value)
    return match.group(1) if match else None


def table_display(cell: Cell) -> str:
    """The display id of the cell's table (its first display; the second is the bar)."""
    return str(cell.displays[0]["transient"]["display_id"])


def start_fan_out(k: KernelDriver) -> tuple[Cell, int]:
    """Start the two-host job; returns its cell and web01's child Id (the parent's + 1)."""
    block = 'read x < "$HOME/bench-fifo"; echo done'
    cell = k.run(f"Invoke-Command -ComputerName web01,web02 -ScriptBlock {{ {block} }} -AsJob")
    display = cell.displays[0]
    parent = int(display["data"]["text/plain"].splitlines()[3].split()[0])
    return cell, parent + 1


def shows_completed(display_id: str, job_id: int, msg: dict[str, Any]) -> bool:
    """Is ``msg`` the table's update_display_data showing the job ``job_id`` Completed?"""
    return (msg["msg_type"] == "update_display_data"
            and msg["content"]["transient"].get("display_id") == display_id
            and row_state(msg["content"]["data"].get("text/html", ""), job_id) == "Completed")


def is_busy(msg_id: str, msg: dict[str, Any]) -> bool:
    """Is ``msg`` the kernel's busy status for the request ``msg_id``?"""
    return (msg["msg_type"] == "status" and msg["parent_header"].get("msg_id") == msg_id
            and msg["content"]["execution_state"] == "busy")


def end_job(fifo: Path) -> float:
    """Write the line the job waits for; returns the moment it was written. Opening the
    FIFO blocks until the job's ``read`` has it open, so the job is running by then."""
    with fifo.open("w") as pipe:  # blocks until the job's `read` has the FIFO open
        pipe.write("go\n")
    return time.perf_counter()


def latency(rounds: int) -> None:
    with tempfile.TemporaryDirectory(prefix="rj-live-bench-") as tmp:
        base = Path(tmp)
        kernelspec_dir(base / "jupyter" / "kernels" / KERNEL_NAME)
        os.environ["JUPYTER_PATH"] = str(base / "jupyter")
        sshd = start_sshd(base / "sshd")
        try:
            fifos = {h: Path(str(sshd.hosts[h].home)) / "bench-fifo" for h in ("web01", "web02")}
            for fifo in fifos.values():
                os.mkfifo(fifo)
            k = KernelDriver.start(kernel_env(sshd.home, base / "state", sshd.env),
                                   cwd=str(sshd.home))
            try:
                table, peer = [], []
                for _ in range(rounds):
                    cell, child = start_fan_out(k)
                    display_id = table_display(cell)
                    started = end_job(fifos["web01"])
                    k.iopub_until(partial(shows_completed, display_id, child))
                    table.append((time.perf_counter() - started) * 1000)
                    end_job(fifos["web02"])
                    k.run("Get-Job | Wait-Job | Out-Null")

                    _, child = start_fan_out(k)
                    waiting = k.submit(f"Wait-Job -Id {child} | Out-Null")
                    k.iopub_until(partial(is_busy, waiting.msg_id))
                    started = end_job(fifos["web01"])
                    k.collect(waiting)
                    peer.append((time.perf_counter() - started) * 1000)
                    end_job(fifos["web02"])
                    k.run("Get-Job | Wait-Job | Out-Null; Get-Job | Remove-Job")
                    k.late.clear()
            finally:
                k.stop()
        finally:
            sshd.stop()
    print("latency: a remote -AsJob child ends (its FIFO written) → the frontend sees it")
    print(f"  live table row shows Completed (idle kernel): {summary(table)}")
    print(f"  peer: a running Wait-Job on that child replies: {summary(peer)}")


# ====================================================================== storm


class CountingComm(comm.base_comm.BaseComm):  # type: ignore[misc]
    """A comm that records what a kernel would put on iopub instead of sending it."""

    sent: ClassVar[list[tuple[str, int]]] = []  # (msg_type, bytes of content)

    def publish_msg(self, msg_type: str, data: Any = None, metadata: Any = None,
                    buffers: Any = None, **keys: Any) -> None:
        CountingComm.sent.append((msg_type, len(json.dumps(data or {}))))


@contextmanager
def counted_comms() -> Iterator[list[tuple[str, int]]]:
    saved = comm.create_comm
    CountingComm.sent = []
    comm.create_comm = CountingComm
    try:
        yield CountingComm.sent
    finally:
        comm.create_comm = saved


class Publisher:
    def __init__(self) -> None:
        self.updates: list[int] = []  # bytes of each update_display_data

    def send_display(self, data: dict[str, Any], display_id: str | None = None,
                     update: bool = False) -> None:
        if update:
            self.updates.append(len(json.dumps(data)))

    def adopt_latest_parent(self) -> None:
        """No kernel here: nothing to re-parent."""


def storm_jobs(count: int) -> list[Job]:
    jobs = []
    for index in range(count):
        child = Job(id=2 * index + 2, command=" make -j4", location="localhost")
        jobs.append(Job.parent_of([child], id=2 * index + 1, name=None, command=" make -j4",
                                  type_name="BackgroundJob"))
    return jobs


@dataclass
class StormFigures:
    seconds: float  # from the first change to the last one sent
    opened: int  # comm_open of publishing the table
    updates: list[int]  # bytes of each comm update and update_display_data during the storm
    # (the freeze excluded: its update and the bar's are counted apart)
    display_updates: int  # of which update_display_data
    closed: int  # comm_close when the table froze
    unbatched: int  # changes the table heard of
    render_ms: float  # one rendering of the table's rows


async def run_storm(count: int, seconds: float) -> StormFigures:
    jobs = storm_jobs(count)
    (display,) = format_default(jobs)
    publisher = Publisher()
    notifications = 0

    def heard(_job: Job) -> None:
        nonlocal notifications
        notifications += 1

    with counted_comms() as sent:
        tables = LiveTables(publisher, actions=None)  # type: ignore[arg-type]
        tables.publish(display)
        opened = len(sent)
        for job in jobs:  # what an unbatched table would send: one message per change
            job.children[0].subscribe(heard)
        loop = asyncio.get_running_loop()
        done = asyncio.Event()
        rng = random.Random(4)
        remaining = count

        def step(child: Job, change: dict[str, Any], last: bool) -> None:
            nonlocal remaining
            child.update(**change)
            if last:
                remaining -= 1
                if remaining == 0:
                    done.set()

        for job in jobs:
            child = job.children[0]
            a, b, c = sorted(rng.uniform(0, seconds) for _ in range(3))
            loop.call_later(a, step, child, {"state": JobState.Running}, False)
            loop.call_later(b, step, child, {"size": 4096}, False)
            loop.call_later(c, step, child, {"state": JobState.Completed, "exit_code": 0}, True)
        started = time.perf_counter()
        await asyncio.wait_for(done.wait(), seconds + 60)
        frozen_before = len(publisher.updates)
        tables.flush_all()  # the end of the cell: the last changes, and the freeze
        elapsed = time.perf_counter() - started
        storm_comms = [size for kind, size in sent[opened:] if kind == "comm_msg"]
        closed = sum(1 for kind, _ in sent[opened:] if kind == "comm_close")
        updates = storm_comms + publisher.updates[:frozen_before]
        renders = []
        for _ in range(5):
            t0 = time.perf_counter()
            LiveRows(display).table_html()  # type: ignore[arg-type]
            renders.append((time.perf_counter() - t0) * 1000)
    return StormFigures(elapsed, opened, updates, frozen_before, closed, notifications,
                        statistics.median(renders))


def storm() -> None:
    f = asyncio.run(run_storm(STORM_JOBS, STORM_SECONDS))
    batched, kib = len(f.updates), sum(f.updates) / 1024
    print(f"storm: {STORM_JOBS} jobs start, write output and complete at random moments "
          f"within {STORM_SECONDS:.0f} s (3 changes each), the table freezing at the end")
    print(f"  batched (rjkernel): {batched} messages in {f.seconds:.2f} s = "
          f"{batched / f.seconds:.1f} messages/s, {kib / f.seconds:.0f} KiB/s "
          f"({f.display_updates} of them update_display_data)")
    print(f"  peer, unbatched (one message per change heard): {f.unbatched} messages = "
          f"{f.unbatched / f.seconds:.0f} messages/s")
    print(f"  once: publishing the table and {f.opened} comm_open (the action bar); "
          f"freezing 2 update_display_data + {f.closed} comm_close")
    print(f"  one rendering of the 1,000-row table (100 rows show): {f.render_ms:.0f} ms "
          "(the loop is busy that long; refreshes are spaced by at least 3x that)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("benchmarks", nargs="*", metavar="latency|storm",
                        help="which to run (default: both)")
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    chosen = set(args.benchmarks or ("latency", "storm"))
    if chosen - {"latency", "storm"}:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(chosen - {'latency', 'storm'}))}")
    print(f"load average before: {load()}")
    if "latency" in chosen:
        latency(args.rounds)
    if "storm" in chosen:
        storm()
    print(f"load average after: {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
