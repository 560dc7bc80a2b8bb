"""The agent's side of the protocol, spoken raw: bad requests, cancel, files."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Any

import pytest

from rjkernel.agent.bundle import local_argv
from rjkernel.agent.protocol import CHUNK_SIZE, MAX_LINE, ErrorCode
from rjkernel.transport.agent_client import AgentRequestError

from .conftest import local_agent, run


class RawAgent:
    """A local agent on pipes, with nothing between the test and the protocol."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        assert proc.stdin is not None and proc.stdout is not None
        self.stdin = proc.stdin
        self.stdout = proc.stdout

    @classmethod
    async def start(cls, state_dir: Path) -> RawAgent:
        proc = await asyncio.create_subprocess_exec(
            *local_argv(),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            env={**os.environ, "RJKERNEL_STATE_DIR": str(state_dir)},
            start_new_session=True,
            limit=16 << 20,
        )
        agent = cls(proc)
        assert (await agent.message())["type"] == "hello"
        return agent

    def send(self, raw: bytes) -> None:
        self.stdin.write(raw)

    async def message(self) -> dict[str, Any]:
        line = await asyncio.wait_for(self.stdout.readline(), 30)
        assert line, "the agent closed its output"
        return json.loads(line)  # type: ignore[no-any-return]

    async def reply(self) -> dict[str, Any]:
        """The next reply (skipping events)."""
        while "event" in (message := await self.message()):
            pass
        return message

    async def close(self) -> int:
        self.stdin.close()
        return await asyncio.wait_for(self.proc.wait(), 30)


@pytest.mark.parametrize(
    ("raw", "reply_id", "code"),
    [
        (b"hello?\n", None, ErrorCode.BAD_REQUEST),
        (b'{"id": 5, "op": "launch_missiles"}\n', 5, ErrorCode.UNKNOWN_OP),
        (b'{"id": 6, "op": "ping", "verbose": true}\n', 6, ErrorCode.INVALID_ARGUMENT),
        (b'{"id": 7, "op": "list_jobs", "runspace": "../.."}\n', 7, ErrorCode.INVALID_ARGUMENT),
        (b'{"id": 8, "op": "list_jobs", "runspace": "nope"}\n', 8, ErrorCode.RUNSPACE_NOT_FOUND),
        (b'{"id": 9, "data": 3}\nabc', 9, ErrorCode.UNEXPECTED_DATA),
        (b'{"id": "x", "op": "ping"}\n', None, ErrorCode.BAD_REQUEST),
        (
            b'{"id": 10, "op": "receive", "runspace": "r", "job": 1}\n',
            10,
            ErrorCode.RUNSPACE_NOT_FOUND,
        ),
    ],
)
def test_a_bad_request_gets_an_error_reply_and_the_agent_goes_on(
    tmp_path: Path, raw: bytes, reply_id: int | None, code: str
) -> None:
    async def body() -> None:
        agent = await RawAgent.start(tmp_path)
        agent.send(raw)
        reply = await agent.reply()
        assert (reply["id"], reply["ok"], reply["error"]["code"]) == (reply_id, False, code)
        agent.send(b'{"id": 100, "op": "ping"}\n')
        assert (await agent.reply())["ok"]
        assert await agent.close() == 0

    run(body())


def test_an_over_long_line_is_refused_unread(tmp_path: Path) -> None:
    async def body() -> None:
        agent = await RawAgent.start(tmp_path)
        agent.send(b'{"id": 1, "op": "ping", "x": "' + b"y" * (MAX_LINE + 10) + b'"}\n')
        agent.send(b'{"id": 2, "op": "ping"}\n')
        first = await agent.reply()
        assert (first["id"], first["error"]["code"]) == (None, ErrorCode.BAD_REQUEST)
        assert (await agent.reply())["id"] == 2
        await agent.close()

    run(body())


def test_request_ids_must_be_unique_while_in_flight(tmp_path: Path) -> None:
    async def body() -> None:
        agent = await RawAgent.start(tmp_path)
        agent.send(b'{"id": 1, "op": "write_file", "path": "%s"}\n' % str(tmp_path / "f").encode())
        agent.send(b'{"id": 1, "op": "ping"}\n')
        duplicate = await agent.reply()
        assert (duplicate["id"], duplicate["error"]["code"]) == (1, ErrorCode.DUPLICATE_ID)
        agent.send(b'{"id": 1, "data": 2}\nhi{"id": 1, "data": 0}\n')
        assert (await agent.reply())["result"] == {"size": 2}
        assert (tmp_path / "f").read_bytes() == b"hi"
        await agent.close()

    run(body())


def test_cancel_ends_a_transfer_with_a_cancelled_error(tmp_path: Path) -> None:
    async def body() -> None:
        big = tmp_path / "big"
        big.write_bytes(b"z" * (CHUNK_SIZE * 20))
        agent = await RawAgent.start(tmp_path / "state")
        agent.send(b'{"id": 1, "op": "read_file", "path": "%s"}\n' % str(big).encode())
        header = await agent.message()
        assert header == {"id": 1, "data": CHUNK_SIZE}
        agent.send(b'{"id": 2, "op": "cancel", "request": 1}\n')
        got = await agent.stdout.readexactly(CHUNK_SIZE)
        assert got == b"z" * CHUNK_SIZE
        replies: dict[int, dict[str, Any]] = {}
        while len(replies) < 2:
            message = await agent.message()
            if "data" in message:  # chunks sent before the cancel arrived (the window)
                await agent.stdout.readexactly(message["data"])
            else:
                replies[message["id"]] = message
        assert replies[2]["result"] == {"cancelled": True}
        assert replies[1]["error"]["code"] == ErrorCode.CANCELLED
        await agent.close()

    run(body())


def test_files_are_read_and_written_with_clear_errors(tmp_path: Path) -> None:
    async def body() -> None:
        async with local_agent(tmp_path / "state", runspace=None) as (client, _):
            target = tmp_path / "PsLog.txt"
            data = os.urandom(3 * CHUNK_SIZE + 5)
            assert await client.write_file(str(target), data) == len(data)
            assert await client.write_file(str(target), [b"more", b"!"], append=True) == 5
            stream = client.read_file(str(target))
            assert b"".join([piece async for piece in stream]) == data + b"more!"
            assert stream.size == len(data) + 5
            for path, code in [
                (tmp_path / "missing", ErrorCode.PATH_NOT_FOUND),
                (tmp_path, ErrorCode.IS_A_DIRECTORY),
                (Path("/dev/null"), ErrorCode.NOT_A_FILE),
            ]:
                with pytest.raises(AgentRequestError) as info:
                    async for _ in client.read_file(str(path)):
                        pass
                assert info.value.code == code
            for path, code in [
                (tmp_path / "no" / "dir" / "f", ErrorCode.PATH_NOT_FOUND),
                (tmp_path, ErrorCode.IS_A_DIRECTORY),
            ]:
                with pytest.raises(AgentRequestError) as info:
                    await client.write_file(str(path), b"x" * (5 * CHUNK_SIZE))
                assert info.value.code == code
            assert await client.ping() >= 0

    run(body())


@pytest.mark.skipif(os.geteuid() == 0, reason="root may read anything")
def test_an_unreadable_file_is_permission_denied(tmp_path: Path) -> None:
    async def body() -> None:
        secret = tmp_path / "secret"
        secret.write_text("x")
        secret.chmod(0)
        async with local_agent(tmp_path / "state", runspace=None) as (client, _):
            with pytest.raises(AgentRequestError) as info:
                async for _ in client.read_file(str(secret)):
                    pass
            assert info.value.code == ErrorCode.PERMISSION_DENIED

    run(body())
