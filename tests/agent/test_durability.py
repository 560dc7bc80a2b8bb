"""Jobs outlive their agent and their kernel: disconnect, reattach, take over, list."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from rjkernel.agent.protocol import ErrorCode
from rjkernel.transport.agent_client import (
    AgentClient,
    AgentRequestError,
    AgentUnavailable,
    RunspaceEvent,
)

from .conftest import RUNSPACE, local_agent, make_fifo, receive_all, release, run


def test_a_job_survives_its_agent_being_killed(tmp_path: Path) -> None:
    async def body() -> None:
        fifo = make_fifo(tmp_path / "fifo")
        async with local_agent(tmp_path / "state") as (client, events):
            assert client.hello is not None
            job = await client.start_job(
                RUNSPACE,
                'echo before; read x < "$1"; echo "after $x"; echo err >&2',
                argv=[str(fifo)],
            )
            await events.job(job.id, lambda r: r.size > 0)
            os.kill(client.hello.pid, signal.SIGKILL)
            reason = await client.closed
            assert "exited" in reason or "closed" in reason
        await release(fifo, "the agent died")
        async with local_agent(tmp_path / "state", runspace=None) as (again, events):
            attached = await again.attach_runspace(RUNSPACE)
            assert [j.id for j in attached.jobs] == [job.id]
            done = await events.finished(job.id)
            assert (done.state, done.exit_code) == ("Completed", 0)
            assert await receive_all(again, job.id, commit=True) == (
                b"before\nafter the agent died\n",
                b"err\n",
                done.size,
            )

    run(body())


def test_closing_the_kernel_side_disconnects_the_runspace_and_jobs_run_on(
    tmp_path: Path,
) -> None:
    async def body() -> None:
        fifo = make_fifo(tmp_path / "fifo")
        async with local_agent(tmp_path / "state") as (client, _):
            job = await client.start_job(RUNSPACE, 'read x < "$1"; echo "$x"', argv=[str(fifo)])
        assert client.is_closed and await client.closed
        async with local_agent(tmp_path / "state", runspace=None) as (other, events):
            [info] = await other.list_runspaces()
            assert (info.id, info.name, info.computer) == (RUNSPACE, "Local", "localhost")
            assert (info.state, info.job_states) == ("Disconnected", {"Running": 1})
            await release(fifo, "still here")
            await other.attach_runspace(RUNSPACE)
            done = await events.finished(job.id)
            assert done.state == "Completed"
            assert (await receive_all(other, job.id, commit=False))[0] == b"still here\n"

    run(body())


def test_a_killed_agents_runspace_is_listed_disconnected(tmp_path: Path) -> None:
    async def body() -> None:
        async with local_agent(tmp_path) as (client, _):
            assert client.hello is not None
            os.kill(client.hello.pid, signal.SIGKILL)
            await client.closed
        async with local_agent(tmp_path, runspace=None) as (other, _):
            [info] = await other.list_runspaces()
            assert (info.state, info.owner_pid, info.attached_here) == ("Disconnected", None, False)

    run(body())


def test_a_second_agent_takes_a_runspace_over_and_the_first_is_told(tmp_path: Path) -> None:
    async def body() -> None:
        async with (
            local_agent(tmp_path) as (first, first_events),
            local_agent(tmp_path, runspace=None) as (second, second_events),
        ):
            job = await first.start_job(RUNSPACE, "true")
            with pytest.raises(AgentRequestError) as info:
                await second.attach_runspace(RUNSPACE, takeover=False)
            assert info.value.code == ErrorCode.RUNSPACE_IN_USE
            [listed] = await second.list_runspaces()
            assert listed.state == "Attached" and not listed.attached_here
            taken = await second.attach_runspace(RUNSPACE)
            assert taken.runspace.attached_here and [j.id for j in taken.jobs] == [job.id]

            async def told() -> RunspaceEvent | None:
                lost = [e for e in first_events.seen if isinstance(e, RunspaceEvent)]
                return lost[0] if lost else None

            event = await first_events.until(told)
            assert (event.runspace, event.state) == (RUNSPACE, "TakenOver")
            with pytest.raises(AgentRequestError) as info:
                await first.start_job(RUNSPACE, "true")
            assert info.value.code == ErrorCode.RUNSPACE_NOT_ATTACHED
            # The Id counter is the runspace's, whoever holds it.
            assert (await second.start_job(RUNSPACE, "true")).id == job.id + 2
            await second_events.finished(job.id + 2)

    run(body())


def test_runspaces_are_removed_only_without_running_jobs_unless_forced(tmp_path: Path) -> None:
    async def body() -> None:
        async with local_agent(tmp_path) as (client, _events):
            await client.start_job(RUNSPACE, "sleep 600")
            with pytest.raises(AgentRequestError) as info:
                await client.remove_runspace(RUNSPACE)
            assert info.value.code == ErrorCode.RUNSPACE_HAS_RUNNING_JOBS
            await client.remove_runspace(RUNSPACE, force=True)
            assert await client.list_runspaces() == []
            with pytest.raises(AgentRequestError) as info:
                await client.list_jobs(RUNSPACE)
            assert info.value.code == ErrorCode.RUNSPACE_NOT_FOUND

    run(body())


def test_the_state_directory_is_private(tmp_path: Path) -> None:
    async def body() -> None:
        state = tmp_path / "state"
        async with local_agent(state) as (client, _):
            assert client.hello is not None and client.hello.state_dir == str(state)
            assert state.stat().st_mode & 0o777 == 0o700

    run(body())


def test_a_state_directory_that_cannot_be_made_is_a_clear_error(tmp_path: Path) -> None:
    async def body() -> None:
        blocker = tmp_path / "file"
        blocker.write_text("not a directory")
        with pytest.raises(AgentUnavailable) as info:
            await AgentClient.start_local(blocker / "state")
        assert f"the job store {blocker / 'state'} cannot be used" in str(info.value)

    run(body())


def test_events_only_reach_the_agent_holding_the_runspace(tmp_path: Path) -> None:
    async def body() -> None:
        async with (
            local_agent(tmp_path) as (holder, holder_events),
            local_agent(tmp_path, runspace="elsewhere") as (_, other_events),
        ):
            job = await holder.start_job(RUNSPACE, "echo hi")
            await holder_events.finished(job.id)
            assert holder_events.job_states(job.id)[-1] == "Completed"
            assert other_events.job_states(job.id) == []

    run(body())
