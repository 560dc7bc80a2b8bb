"""Helpers for tests that run real job agents (``AgentClient.start_local``).

Each test gets its own state directory under ``tmp_path``. Jobs that must still be
running at some point block on a FIFO the test opens when it wants them to go on — the
tests never sleep to synchronise. Agents are closed by the helpers; jobs left blocked on
a FIFO are released by :func:`release` or stopped by the agent.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

from rjkernel.agent.protocol import JobRecord
from rjkernel.transport.agent_client import AgentClient, AgentEvent, JobEvent

T = TypeVar("T")
TIMEOUT = 30.0
RUNSPACE = "local"


def run(coro: Coroutine[Any, Any, T], timeout: float = 120.0) -> T:
    """Run an async test body with an overall time limit."""

    async def bounded() -> T:
        return await asyncio.wait_for(coro, timeout)

    return asyncio.run(bounded())


class Events:
    """Every event of one client, with a way to wait for a condition on jobs."""

    def __init__(self, client: AgentClient) -> None:
        self.client = client
        self.seen: list[AgentEvent] = []
        self._changed = asyncio.Event()
        client.on_event(self._add)

    def _add(self, event: AgentEvent) -> None:
        self.seen.append(event)
        self._changed.set()

    def job_states(self, job: int) -> list[str]:
        return [e.job.state for e in self.seen if isinstance(e, JobEvent) and e.job.id == job]

    async def until(self, check: Callable[[], Awaitable[T | None]], timeout: float = TIMEOUT) -> T:
        """Re-check ``check`` after every event until it returns something."""

        async def poll() -> T:
            while True:
                self._changed.clear()
                result = await check()
                if result is not None:
                    return result
                await self._changed.wait()

        return await asyncio.wait_for(poll(), timeout)

    async def job(
        self, job: int, predicate: Callable[[JobRecord], bool], runspace: str = RUNSPACE
    ) -> JobRecord:
        """The job's record once ``predicate`` holds for it (read from the agent)."""

        async def check() -> JobRecord | None:
            for record in await self.client.list_jobs(runspace):
                if record.id == job and predicate(record):
                    return record
            return None

        return await self.until(check)

    async def finished(self, job: int, runspace: str = RUNSPACE) -> JobRecord:
        return await self.job(job, lambda r: r.finished, runspace)


@contextlib.asynccontextmanager
async def local_agent(
    state_dir: Path, runspace: str | None = RUNSPACE
) -> AsyncIterator[tuple[AgentClient, Events]]:
    """A local agent on ``state_dir``, with ``runspace`` attached (unless None)."""
    client = await AgentClient.start_local(state_dir)
    events = Events(client)
    try:
        if runspace is not None:
            await client.attach_runspace(runspace, name="Local", computer="localhost")
        yield client, events
    finally:
        await client.close()


async def receive_all(
    client: AgentClient, job: int, *, commit: bool, runspace: str = RUNSPACE
) -> tuple[bytes, bytes, int]:
    """One receive: (stdout bytes, stderr bytes, end offset), committed if asked."""
    out, err = bytearray(), bytearray()
    stream = client.receive(runspace, job)
    async for frame in stream:
        (out if frame.stream == "o" else err).extend(frame.data)
    assert stream.result is not None
    if commit:
        await client.commit(runspace, job, stream.result.end)
    return bytes(out), bytes(err), stream.result.end


def make_fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


async def release(fifo: Path, line: str = "go") -> None:
    """Let a job blocked on ``read < fifo`` go on (opening blocks until it reads)."""

    def write() -> None:
        with open(fifo, "w") as f:
            f.write(line + "\n")

    await asyncio.wait_for(asyncio.to_thread(write), TIMEOUT)
