"""How fast the job agent starts jobs and streams their output, on this machine.

Starts a local agent (``AgentClient.start_local``, as the kernel does) on a temporary
state directory and measures, from the kernel's side:

* start latency: ``start_job`` request → Running reply, one job at a time;
* 200 ``start_job`` requests sent at once: until every reply, and until every job has
  been reported Completed;
* receiving 1 GiB of spooled output (a finished job): MB/s, and the peak RSS of this
  client process and of the agent while receiving (VmHWM, reset before the transfer).

The load average is printed before and after: on a shared 2-core box other work skews
every figure.

    .venv/bin/python benchmarks/agent_jobs.py [--rounds N] [--gib G]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rjkernel.transport.agent_client import AgentClient, AgentEvent, JobEvent

RUNSPACE = "bench"


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def hwm_mib(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0]) / 1024


def reset_hwm(pid: int) -> None:
    Path(f"/proc/{pid}/clear_refs").write_text("5")


class Finished:
    """Counts the jobs reported finished by events."""

    def __init__(self, client: AgentClient) -> None:
        self.ids: set[int] = set()
        self.changed = asyncio.Event()
        client.on_event(self.add)

    def add(self, event: AgentEvent) -> None:
        if isinstance(event, JobEvent) and event.job.finished:
            self.ids.add(event.job.id)
            self.changed.set()

    async def wait(self, ids: set[int]) -> None:
        while not ids <= self.ids:
            self.changed.clear()
            await self.changed.wait()


async def start_latency(client: AgentClient, rounds: int) -> None:
    samples = []
    for _ in range(rounds):
        begin = time.perf_counter()
        job = await client.start_job(RUNSPACE, "true")
        samples.append((time.perf_counter() - begin) * 1000)
        assert job.state == "Running"
    samples.sort()
    print(
        f"start latency (request -> Running reply), {rounds} jobs one by one: "
        f"median {statistics.median(samples):.2f} ms, "
        f"p95 {samples[int(len(samples) * 0.95) - 1]:.2f} ms, max {samples[-1]:.2f} ms"
    )


async def many_starts(client: AgentClient, finished: Finished, count: int) -> None:
    begin = time.perf_counter()
    jobs = await asyncio.gather(*(client.start_job(RUNSPACE, "true") for _ in range(count)))
    replied = time.perf_counter() - begin
    await asyncio.wait_for(finished.wait({job.id for job in jobs}), 120)
    done = time.perf_counter() - begin
    print(
        f"{count} start_job requests at once: all Running replies in {replied:.3f} s, "
        f"all reported Completed in {done:.3f} s"
    )


async def receive_throughput(client: AgentClient, finished: Finished, gib: float) -> None:
    size = int(gib * (1 << 30))
    job = await client.start_job(RUNSPACE, f"head -c {size} /dev/zero")
    await asyncio.wait_for(finished.wait({job.id}), 600)
    assert client.hello is not None
    pids = {"client": os.getpid(), "agent": client.hello.pid}
    before = {name: hwm_mib(pid) for name, pid in pids.items()}
    for pid in pids.values():
        reset_hwm(pid)
    received = 0
    begin = time.perf_counter()
    cpu = time.process_time()
    async for frame in client.receive(RUNSPACE, job.id):
        received += len(frame.data)
    elapsed = time.perf_counter() - begin
    cpu = time.process_time() - cpu
    assert received == size, received
    peaks = ", ".join(
        f"{name} {hwm_mib(pid):.0f} MiB (before: {before[name]:.0f} MiB)"
        for name, pid in pids.items()
    )
    print(
        f"receive {gib:g} GiB: {elapsed:.2f} s = {size / elapsed / 1e6:.0f} MB/s, "
        f"client CPU {cpu:.2f} s; peak RSS while receiving: {peaks}"
    )


async def main(rounds: int, gib: float) -> None:
    with tempfile.TemporaryDirectory(prefix="rjkernel-bench-") as state:
        client = await AgentClient.start_local(state)
        try:
            await client.attach_runspace(RUNSPACE)
            finished = Finished(client)
            await start_latency(client, rounds)
            await many_starts(client, finished, 200)
            await receive_throughput(client, finished, gib)
            await client.remove_runspace(RUNSPACE, force=True)
        finally:
            await client.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--gib", type=float, default=1.0)
    options = parser.parse_args()
    print(f"load average before: {load()}")
    asyncio.run(main(options.rounds, options.gib))
    print(f"load average after: {load()}")
