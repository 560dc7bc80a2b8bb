"""Jobs on a real local agent: states, Ids, exit codes, stop, remove, how jobs run."""

from __future__ import annotations

import os
from pathlib import Path

import psutil
import pytest

from rjkernel.agent.protocol import ErrorCode
from rjkernel.transport.agent_client import AgentRequestError

from .conftest import RUNSPACE, local_agent, make_fifo, receive_all, release, run


def test_a_job_is_running_at_once_then_completed_with_its_output(tmp_path: Path) -> None:
    async def body() -> None:
        async with local_agent(tmp_path) as (client, events):
            fifo = make_fifo(tmp_path / "fifo")
            job = await client.start_job(
                RUNSPACE, 'read x < "$1"; echo "out $x"; echo oops >&2', argv=[str(fifo)]
            )
            assert (job.id, job.child_id, job.name, job.state) == (1, 2, "Job1", "Running")
            assert job.type_name == "BackgroundJob" and job.location == "localhost"
            await release(fifo, "1")
            done = await events.finished(job.id)
            assert (done.state, done.exit_code, done.end is not None) == ("Completed", 0, True)
            assert events.job_states(job.id)[-1] == "Completed"
            assert await receive_all(client, job.id, commit=False) == (
                b"out 1\n",
                b"oops\n",
                done.size,
            )

    run(body())


def test_ids_come_from_the_runspace_counter_parent_then_child(tmp_path: Path) -> None:
    async def body() -> None:
        async with local_agent(tmp_path) as (client, _):
            first = await client.start_job(RUNSPACE, "true")
            second = await client.start_job(RUNSPACE, "true", name="Mine")
            assert (first.id, first.child_id) == (1, 2)
            assert (second.id, second.child_id, second.name, second.child_name) == (
                3,
                4,
                "Mine",
                "Job4",
            )
            assert await client.alloc_ids(RUNSPACE, 3) == 5
            assert (await client.start_job(RUNSPACE, "true")).id == 8
            # Another runspace counts on its own.
            await client.attach_runspace("other")
            assert (await client.start_job("other", "true")).id == 1

    run(body())


def test_a_non_zero_exit_status_fails_the_job_and_keeps_the_code(tmp_path: Path) -> None:
    async def body() -> None:
        async with local_agent(tmp_path) as (client, events):
            job = await client.start_job(RUNSPACE, "echo partial; exit 3")
            done = await events.finished(job.id)
            assert (done.state, done.exit_code, done.signal) == ("Failed", 3, None)
            assert done.reason == "The job's command exited with status 3."
            assert (await receive_all(client, job.id, commit=False))[0] == b"partial\n"

    run(body())


@pytest.mark.parametrize("pipes", ["kept", "closed"])
def test_stop_ends_the_job_and_every_process_of_it(tmp_path: Path, pipes: str) -> None:
    """A background child that ignores SIGTERM too is ended after the grace period,
    whether it keeps the job's output open or not."""
    redirect = "" if pipes == "kept" else ">/dev/null 2>&1"

    async def body() -> None:
        async with local_agent(tmp_path) as (client, events):
            job = await client.start_job(
                RUNSPACE, f"(trap '' TERM; sleep 600) {redirect} & echo $$ $!; sleep 600"
            )
            await events.job(job.id, lambda r: r.size > 0)
            out, _, _ = await receive_all(client, job.id, commit=False)
            pids = [int(p) for p in out.split()]
            assert all(psutil.pid_exists(p) for p in pids)
            stopped = await client.stop_job(RUNSPACE, job.id)
            assert stopped.state == "Stopped" and stopped.finished
            for pid in pids:  # killed: gone at once, or as soon as they are done exiting
                try:
                    psutil.Process(pid).wait(timeout=10)
                except psutil.NoSuchProcess:
                    pass
                except psutil.TimeoutExpired:
                    assert psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
            assert events.job_states(job.id)[-1] == "Stopped"
            # Stopping a finished job changes nothing.
            assert (await client.stop_job(RUNSPACE, job.id)).state == "Stopped"

    run(body())


def test_remove_deletes_finished_jobs_and_running_ones_only_with_force(tmp_path: Path) -> None:
    async def body() -> None:
        async with local_agent(tmp_path) as (client, events):
            done = await client.start_job(RUNSPACE, "true")
            await events.finished(done.id)
            busy = await client.start_job(RUNSPACE, "sleep 600")
            with pytest.raises(AgentRequestError) as info:
                await client.remove_job(RUNSPACE, busy.id)
            assert info.value.code == ErrorCode.JOB_RUNNING
            await client.remove_job(RUNSPACE, done.id)
            await client.remove_job(RUNSPACE, busy.id, force=True)
            assert await client.list_jobs(RUNSPACE) == []
            with pytest.raises(AgentRequestError) as info:
                await client.remove_job(RUNSPACE, done.id)
            assert info.value.code == ErrorCode.JOB_NOT_FOUND

    run(body())


def test_how_a_job_runs_stdin_cwd_init_argv_env(tmp_path: Path) -> None:
    async def body() -> None:
        async with local_agent(tmp_path) as (client, events):
            work = tmp_path / "work dir"
            work.mkdir()
            job = await client.start_job(
                RUNSPACE,
                'cat; pwd; echo "$GREETING" "$1" "$2" "$0"; greet',
                argv=["first arg", "$HOME"],
                cwd=str(work),
                init='greet() { echo "from init"; }',
                env={"GREETING": "hello"},
                display_command=" cat ",
            )
            assert (job.command, job.cwd) == (" cat ", str(work))
            done = await events.finished(job.id)
            assert done.state == "Completed"  # cat read /dev/null: it ended at once
            out, err, _ = await receive_all(client, job.id, commit=False)
            assert (out.decode(), err) == (
                f"{work}\nhello first arg $HOME rjkernel\nfrom init\n",
                b"",
            )

    run(body())


def test_a_missing_working_directory_is_refused(tmp_path: Path) -> None:
    async def body() -> None:
        async with local_agent(tmp_path) as (client, _):
            with pytest.raises(AgentRequestError) as info:
                await client.start_job(RUNSPACE, "true", cwd=str(tmp_path / "nowhere"))
            assert info.value.code == ErrorCode.DIRECTORY_NOT_FOUND
            assert await client.list_jobs(RUNSPACE) == []

    run(body())


def test_jobs_need_an_attached_runspace(tmp_path: Path) -> None:
    async def body() -> None:
        async with local_agent(tmp_path, runspace=None) as (client, _):
            with pytest.raises(AgentRequestError) as info:
                await client.start_job("never-attached", "true")
            assert info.value.code == ErrorCode.RUNSPACE_NOT_FOUND
            await client.attach_runspace("r")
            await client.detach_runspace("r")
            with pytest.raises(AgentRequestError) as info:
                await client.start_job("r", "true")
            assert info.value.code == ErrorCode.RUNSPACE_NOT_ATTACHED

    run(body())


def test_the_job_keeps_its_own_session_and_process_group(tmp_path: Path) -> None:
    async def body() -> None:
        async with local_agent(tmp_path) as (client, events):
            job = await client.start_job(RUNSPACE, "echo $$")
            await events.finished(job.id)
            shell = int((await receive_all(client, job.id, commit=False))[0])
            assert shell != os.getpid()
            # The shell led its own process group: its pid was its group id (recorded by
            # the shell itself before it exited, as `ps` could not see it any more).
            check = await client.start_job(RUNSPACE, "ps -o pgid= -p $$; ps -o sid= -p $$")
            await events.finished(check.id)
            pgid, sid = map(int, (await receive_all(client, check.id, commit=False))[0].split())
            assert pgid != os.getpgid(0) and sid != os.getsid(0)
            assert sid != os.getsid(client.hello.pid if client.hello else 0)

    run(body())
