"""The kernel's agent client: against a scripted fake agent (no processes), against the
bootstrap path run locally by ``/bin/sh`` (SSH without SSH), and over the suite's sshd."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

import pytest

from rjkernel.agent.bundle import MISSING_PYTHON, bootstrap_command, bundle_bytes
from rjkernel.agent.protocol import (
    VERSION,
    Hello,
    JobRecord,
    encode_event,
    encode_hello,
    encode_ok,
)
from rjkernel.transport.agent_client import (
    AgentClient,
    AgentClosed,
    AgentProcess,
    AgentRequestError,
    AgentTimeout,
    AgentUnavailable,
    JobEvent,
)
from tests.fixtures.sshd import SshdFixture

T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T], timeout: float = 60.0) -> T:
    async def bounded() -> T:
        return await asyncio.wait_for(coro, timeout)

    return asyncio.run(bounded())


HELLO = Hello(VERSION, 0, "fake", 4242, "web01", "alice", "/home/alice", "3.11.0", "/s", "b")
JOB = {
    "runspace": "r",
    "id": 1,
    "child_id": 2,
    "name": "Job1",
    "command": "true",
    "type_name": "BackgroundJob",
    "location": "localhost",
    "cwd": "/",
    "state": "Completed",
    "begin": 1.0,
}


class FakeAgent:
    """Both ends of an in-memory connection: the test plays the agent."""

    def __init__(self) -> None:
        self.output: asyncio.Queue[bytes] = asyncio.Queue()  # agent → client
        self.requests: asyncio.Queue[dict[str, Any]] = asyncio.Queue()  # client → agent
        self.exited = asyncio.Event()
        self.killed = False
        self.process = AgentProcess(self, self, None, self.wait, self.kill)

    # the client's stdout
    async def read(self, n: int = -1) -> bytes:
        return await self.output.get()

    # the client's stdin
    def write(self, data: bytes) -> None:
        for line in data.splitlines():
            self.requests.put_nowait(json.loads(line))

    async def drain(self) -> None:
        pass

    def write_eof(self) -> None:
        self.say(b"")  # our "agent" exits when its input ends

    async def wait(self) -> int:
        await self.exited.wait()
        return 0

    def kill(self) -> None:
        self.killed = True
        self.say(b"")

    def say(self, data: bytes) -> None:
        if not data:
            self.exited.set()
        self.output.put_nowait(data)

    async def request(self) -> dict[str, Any]:
        return await asyncio.wait_for(self.requests.get(), 10)


async def connected(fake: FakeAgent, **kw: Any) -> AgentClient:
    fake.say(encode_hello(HELLO))
    return await AgentClient.connect(fake.process, **kw)


def test_hello_is_read_and_requests_are_answered_by_id() -> None:
    async def body() -> None:
        fake = FakeAgent()
        client = await connected(fake)
        assert client.hello == HELLO
        listing = asyncio.ensure_future(client.list_jobs("r"))
        ping = asyncio.ensure_future(client.ping())
        first, second = await fake.request(), await fake.request()
        assert (first["op"], second["op"]) == ("list_jobs", "ping")
        fake.say(encode_ok(second["id"], {"time": 0}))  # answered out of order
        fake.say(encode_ok(first["id"], [JOB]))
        assert await ping >= 0
        assert [job.name for job in await listing] == ["Job1"]
        await client.close()
        assert await client.closed

    run(body())


def test_another_protocol_version_is_refused_clearly() -> None:
    async def body() -> None:
        fake = FakeAgent()
        wire = json.loads(encode_hello(HELLO))
        fake.say(json.dumps({**wire, "version": VERSION + 1}).encode() + b"\n")
        with pytest.raises(AgentUnavailable) as info:
            await AgentClient.connect(fake.process)
        assert f"version {VERSION + 1}" in str(info.value) and "web01" in str(info.value)
        assert fake.killed

    run(body())


def test_a_request_without_reply_times_out_and_is_cancelled_on_the_agent() -> None:
    async def body() -> None:
        fake = FakeAgent()
        client = await connected(fake, request_timeout=0.2)
        with pytest.raises(AgentTimeout):
            await client.stop_job("r", 1)
        stop = await fake.request()
        cancel = await fake.request()
        assert cancel == {"id": cancel["id"], "op": "cancel", "request": stop["id"]}
        fake.say(encode_ok(stop["id"], JOB))  # a late reply is dropped quietly
        fake.say(encode_ok(cancel["id"], {"cancelled": True}))
        await client.close()

    run(body())


def test_the_end_of_the_connection_fails_pending_requests_with_its_reason() -> None:
    async def body() -> None:
        fake = FakeAgent()
        client = await connected(fake)
        pending = asyncio.ensure_future(client.list_runspaces())
        await fake.request()
        fake.say(b"")
        with pytest.raises(AgentClosed):
            await pending
        assert "exited" in await client.closed
        with pytest.raises(AgentClosed):
            await client.ping()

    run(body())


def test_a_malformed_message_closes_the_connection_with_a_reason() -> None:
    async def body() -> None:
        fake = FakeAgent()
        client = await connected(fake)
        fake.say(b"this is not json\n")
        assert "malformed" in await client.closed
        await client.close()

    run(body())


def test_events_reach_every_listener_until_it_unregisters() -> None:
    async def body() -> None:
        fake = FakeAgent()
        client = await connected(fake)
        seen: list[object] = []
        stop = client.on_event(seen.append)

        def failing(event: object) -> None:
            raise RuntimeError("a failing listener does not stop the others")

        client.on_event(failing)

        async def ping_after(*messages: bytes) -> None:
            """Messages are handled in order: once a later ping returns, they were."""
            pinging = asyncio.ensure_future(client.ping())
            request = await fake.request()
            for message in messages:
                fake.say(message)
            fake.say(encode_ok(request["id"], {"time": 0}))
            await pinging

        await ping_after(encode_event("job", JOB), encode_event("from_the_future", {"x": 1}))
        assert seen == [JobEvent(JobRecord.from_wire(JOB))]
        stop()
        await ping_after(encode_event("job", JOB))
        assert len(seen) == 1
        await client.close()

    run(body())


def test_the_remote_bootstrap_works_through_sh(tmp_path: Path) -> None:
    """What over_ssh does, with /bin/sh instead of an SSH server."""

    async def body() -> None:
        proc = await asyncio.create_subprocess_exec(
            "/bin/sh",
            "-c",
            bootstrap_command(),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env={**os.environ, "RJKERNEL_STATE_DIR": str(tmp_path)},
            start_new_session=True,
        )
        assert proc.stdin and proc.stdout
        proc.stdin.write(bundle_bytes())
        client = await AgentClient.connect(
            AgentProcess(proc.stdout, proc.stdin, proc.stderr, proc.wait, proc.kill)
        )
        try:
            await client.attach_runspace("s")
            job = await client.start_job("s", "echo remote")
            assert job.state == "Running"
            assert client.hello is not None and client.hello.state_dir == str(tmp_path)
        finally:
            await client.close()
        assert await proc.wait() == 0

    run(body())


def test_a_host_without_python3_is_unavailable_with_its_own_words(tmp_path: Path) -> None:
    async def body() -> None:
        proc = await asyncio.create_subprocess_exec(
            "/bin/sh",
            "-c",
            bootstrap_command(),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env={"PATH": str(tmp_path)},
        )
        assert proc.stdin and proc.stdout
        proc.stdin.write(bundle_bytes())
        with pytest.raises(AgentUnavailable) as info:
            await AgentClient.connect(
                AgentProcess(proc.stdout, proc.stdin, proc.stderr, proc.wait, proc.kill)
            )
        assert str(info.value) == MISSING_PYTHON

    run(body())


def test_request_arguments_are_checked_before_sending(tmp_path: Path) -> None:
    async def body() -> None:
        fake = FakeAgent()
        client = await connected(fake)
        with pytest.raises(AgentRequestError) as info:
            await client.alloc_ids("r", 0)
        assert info.value.code == "InvalidArgument"
        assert fake.requests.empty()
        await client.close()

    run(body())


def test_start_local_keeps_the_agent_out_of_the_kernels_process_group(tmp_path: Path) -> None:
    async def body() -> None:
        client = await AgentClient.start_local(tmp_path)
        try:
            assert client.hello is not None
            assert os.getpgid(client.hello.pid) != os.getpgid(0)
            assert os.getsid(client.hello.pid) != os.getsid(0)
            assert client.hello.python == ".".join(map(str, sys.version_info[:3]))
        finally:
            await client.close()

    run(body())


def test_over_ssh_runs_the_agent_on_the_host(sshd: SshdFixture) -> None:
    import asyncssh

    async def body() -> None:
        async with asyncssh.connect(
            "Server01",
            config=[str(sshd.config_path)],
            known_hosts=str(sshd.known_hosts_path),
            client_keys=[str(sshd.client_key_path)],
            agent_path=None,
        ) as conn:
            client = await AgentClient.over_ssh(conn)
            try:
                assert client.hello is not None
                home = sshd.hosts["Server01"].home
                assert client.hello.state_dir == f"{home}/.local/state/rjkernel"
                await client.attach_runspace("s1", computer="Server01")
                finished = asyncio.Event()

                def on_event(event: object) -> None:
                    if isinstance(event, JobEvent) and event.job.finished:
                        finished.set()

                client.on_event(on_event)
                job = await client.start_job("s1", "echo over ssh; echo err >&2")
                if not (await client.list_jobs("s1"))[0].finished:
                    await asyncio.wait_for(finished.wait(), 30)
                frames = [f async for f in client.receive("s1", job.id)]
                assert [(f.stream, f.data) for f in frames] == [
                    ("o", b"over ssh\n"),
                    ("e", b"err\n"),
                ]
            finally:
                await client.close()

    run(body())
