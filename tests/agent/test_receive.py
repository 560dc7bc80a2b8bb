"""Receive and commit: Receive-Job's consumption, exactly once, in flat memory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rjkernel.agent.protocol import ErrorCode
from rjkernel.transport.agent_client import AgentClient, AgentRequestError

from .conftest import RUNSPACE, Events, local_agent, make_fifo, receive_all, release, run

N = 20_000
NUMBERED = """
i=1
while [ $i -le {half} ]; do echo $i; [ $((i % 7)) -eq 0 ] && echo "e$i" >&2; i=$((i+1)); done
read x < "$1"
while [ $i -le {n} ]; do echo $i; [ $((i % 7)) -eq 0 ] && echo "e$i" >&2; i=$((i+1)); done
"""


async def receive_until(
    client: AgentClient, events: Events, job: int, out: list[str], err: list[str], done: object
) -> None:
    """Receive-and-commit rounds (each waits for new output) until ``done(out)`` holds."""

    async def round_() -> bool | None:
        o, e, _ = await receive_all(client, job, commit=True)
        out.extend(o.decode().splitlines())
        err.extend(e.decode().splitlines())
        return True if done(out) else None  # type: ignore[operator]

    await events.until(round_)


def test_rounds_of_receive_and_commit_yield_every_line_exactly_once(tmp_path: Path) -> None:
    async def body() -> None:
        async with local_agent(tmp_path) as (client, events):
            fifo = make_fifo(tmp_path / "fifo")
            job = await client.start_job(
                RUNSPACE, NUMBERED.format(half=N // 2, n=N), argv=[str(fifo)]
            )
            out: list[str] = []
            err: list[str] = []
            # While it runs: rounds until the first half is in (the job then waits).
            await receive_until(client, events, job.id, out, err, lambda o: len(o) >= N // 2)
            assert out == [str(i) for i in range(1, N // 2 + 1)]
            await release(fifo)
            await receive_until(client, events, job.id, out, err, lambda o: len(o) >= N)
            final = await events.finished(job.id)
            o, e, _ = await receive_all(client, job.id, commit=True)
            out += o.decode().splitlines()
            err += e.decode().splitlines()
            assert out == [str(i) for i in range(1, N + 1)]
            assert err == [f"e{i}" for i in range(7, N + 1, 7)]
            record = (await client.list_jobs(RUNSPACE))[0]
            assert record.consumed == record.size == final.size
            assert not record.has_more_data

    run(body())


def test_receive_without_commit_keeps_the_data(tmp_path: Path) -> None:
    async def body() -> None:
        async with local_agent(tmp_path) as (client, events):
            job = await client.start_job(RUNSPACE, "echo one; echo two >&2")
            await events.finished(job.id)
            kept = await receive_all(client, job.id, commit=False)
            assert kept == await receive_all(client, job.id, commit=False)
            assert kept[:2] == (b"one\n", b"two\n")
            assert await receive_all(client, job.id, commit=True) == kept
            assert await receive_all(client, job.id, commit=False) == (b"", b"", kept[2])
            # An explicit offset reads again what was consumed (Receive-Job -Keep style).
            stream = client.receive(RUNSPACE, job.id, offset=0)
            frames = [frame async for frame in stream]
            assert b"".join(f.data for f in frames if f.stream == "o") == b"one\n"
            assert all(f.time > 1e9 for f in frames)

    run(body())


def test_offsets_beyond_the_spool_are_refused(tmp_path: Path) -> None:
    async def body() -> None:
        async with local_agent(tmp_path) as (client, events):
            job = await client.start_job(RUNSPACE, "echo x")
            done = await events.finished(job.id)
            for attempt in (
                client.commit(RUNSPACE, job.id, done.size + 1),
                receive_all_from(client, job.id, done.size + 1),
            ):
                with pytest.raises(AgentRequestError) as info:
                    await attempt
                assert info.value.code == ErrorCode.INVALID_OFFSET
            # Committing backwards does not un-consume anything.
            await client.commit(RUNSPACE, job.id, done.size)
            assert (await client.commit(RUNSPACE, job.id, 0)).consumed == done.size

    run(body())


async def receive_all_from(client: AgentClient, job: int, offset: int) -> None:
    async for _ in client.receive(RUNSPACE, job, offset=offset):
        pass


def vm_hwm_kib(pid: int) -> int:
    """Peak resident memory of ``pid`` since the last reset, in KiB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0])


def reset_hwm(pid: int) -> None:
    Path(f"/proc/{pid}/clear_refs").write_text("5")


BIG = 200_000_000


def test_receiving_a_huge_output_keeps_memory_flat(tmp_path: Path) -> None:
    try:
        reset_hwm(os.getpid())
    except OSError:
        pytest.skip("this kernel cannot reset a process's peak RSS (/proc/PID/clear_refs)")

    async def body() -> None:
        async with local_agent(tmp_path) as (client, events):
            assert client.hello is not None
            agent = client.hello.pid
            line = "0123456789" * 9 + "abcdefghi"  # 100 bytes with the newline
            job = await client.start_job(RUNSPACE, f"yes {line} | head -c {BIG}")
            await events.finished(job.id)
            before = {pid: vm_hwm_kib(pid) for pid in (agent, os.getpid())}
            for pid in before:
                reset_hwm(pid)
            received = 0
            frames = 0
            stream = client.receive(RUNSPACE, job.id)
            async for frame in stream:
                received += len(frame.data)
                frames += 1
            assert received == BIG and stream.result is not None
            for pid, baseline in before.items():
                grown = vm_hwm_kib(pid) - min(baseline, vm_hwm_kib(pid))
                assert vm_hwm_kib(pid) < baseline + 64 * 1024, (pid, grown)
            await client.commit(RUNSPACE, job.id, stream.result.end)
            await client.remove_job(RUNSPACE, job.id)  # 200 MB less left in tmp_path

    run(body(), timeout=300)


def test_a_stop_is_answered_while_a_long_receive_is_in_progress(tmp_path: Path) -> None:
    async def body() -> None:
        async with local_agent(tmp_path) as (client, events):
            big = await client.start_job(RUNSPACE, "head -c 300000000 /dev/zero")
            await events.finished(big.id)
            busy = await client.start_job(RUNSPACE, "sleep 600")
            seen = 0
            async for frame in client.receive(RUNSPACE, big.id):
                seen += len(frame.data)
                # Mid-transfer, with this consumer not taking anything more: the stop
                # is still answered (the transfer waits for credit, nothing else does).
                stopped = await client.stop_job(RUNSPACE, busy.id)
                assert stopped.state == "Stopped"
                break
            assert 0 < seen < 300_000_000
            # Leaving early cancelled the transfer; the connection goes on.
            assert (await client.ping()) >= 0
            assert (await receive_all(client, busy.id, commit=False))[2] == 0
            await client.remove_job(RUNSPACE, big.id)

    run(body(), timeout=300)
