"""The kernel's client of a job agent (rjkernel.agent), over any pair of byte streams.

One :class:`AgentClient` per agent process: a local one started as a subprocess
(:meth:`AgentClient.start_local`), or one per SSH host, bootstrapped over an exec channel
(:meth:`AgentClient.over_ssh`). The protocol is ``rjkernel.agent.protocol``; this module
adds what the kernel needs around it:

* one reader task owns the agent's output: it resolves replies by request id, feeds
  bulk data to the transfer it belongs to, and calls the event listeners (on the event
  loop, in arrival order). A reply wakes its awaiting task before later messages are
  handled, so a caller that records a started job sees it before any event about it.
* memory stays flat: a transfer (``receive``, ``read_file``) is flow-controlled by
  credit (protocol rule 5), so at most ``TRANSFER_WINDOW`` bytes of it are ever
  buffered here, and a consumer that stalls holds up only its own transfer — the reader
  goes on, and a ``stop_job`` is answered meanwhile.
* every request has a timeout (``request_timeout``; for transfers, per chunk); a
  request that times out is cancelled on the agent. Nothing waits forever.
* ``closed`` resolves with a human-readable reason when the connection ends for any
  reason; every request still pending then fails with :class:`AgentClosed`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

import asyncssh

from rjkernel.agent.bundle import bootstrap_command, bundle_bytes, local_argv
from rjkernel.agent.protocol import (
    CHUNK_SIZE,
    DataHeader,
    ErrorCode,
    Event,
    Hello,
    JobRecord,
    ProtocolError,
    Reply,
    RunspaceInfo,
    encode_data_header,
    encode_request,
    parse_agent_line,
)
from rjkernel.agent.store import STATE_DIR_ENV

from .agent_calls import ByteReader, Call, LineReader, ReadStream, ReceiveResult, ReceiveStream
from .agent_channel import AgentChannel
from .agent_errors import (
    AgentClosed,
    AgentError,
    AgentProtocolError,
    AgentRequestError,
    AgentTimeout,
    AgentUnavailable,
)
from .shell_text import refuse_nul

log = logging.getLogger(__name__)

STDERR_TAIL = 64 * 1024


class ByteWriter(Protocol):
    def write(self, data: bytes) -> None: ...

    async def drain(self) -> None: ...

    def write_eof(self) -> None: ...


@dataclass(frozen=True)
class AttachResult:
    runspace: RunspaceInfo
    jobs: list[JobRecord]


@dataclass(frozen=True)
class JobEvent:
    """A job of an attached runspace changed state or spooled more output."""

    job: JobRecord


@dataclass(frozen=True)
class RunspaceEvent:
    """This agent lost a runspace (``state`` "TakenOver": another agent attached it)."""

    runspace: str
    state: str
    by: str | None


AgentEvent = JobEvent | RunspaceEvent
EventListener = Callable[[AgentEvent], None]


@dataclass
class AgentProcess:
    """The agent's end of the connection, however it was started."""

    stdout: ByteReader
    stdin: ByteWriter
    stderr: ByteReader | None
    wait: Callable[[], Awaitable[int | None]]
    """Waits for the agent (or its channel) to end; returns its exit status."""
    kill: Callable[[], None]


class AgentClient:
    """A connection to one job agent. Create it with :meth:`start_local`, :meth:`over_ssh`
    or :meth:`connect`; end it with :meth:`close`."""

    def __init__(self, process: AgentProcess, *, request_timeout: float = 30.0) -> None:
        self.process = process
        self.request_timeout = request_timeout
        self.hello: Hello | None = None
        self.closed: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        self._input = LineReader(process.stdout)
        self._calls: dict[int, Call] = {}
        self._next_id = 1
        self._listeners: list[EventListener] = []
        self._stderr_tail = bytearray()
        self._stderr_task = (
            asyncio.ensure_future(self._drain_stderr(process.stderr)) if process.stderr else None
        )
        self._reader_task: asyncio.Task[None] | None = None
        self._closing = False

    # -- starting ------------------------------------------------------------------------

    @classmethod
    async def start_local(
        cls,
        state_dir: str | os.PathLike[str] | None = None,
        *,
        timeout: float = 10.0,
        request_timeout: float = 30.0,
    ) -> AgentClient:
        """Start the agent on this machine, in its own session (a SIGINT to the kernel's
        process group never reaches it). ``state_dir`` overrides the job store's place."""
        env = dict(os.environ)
        if state_dir is not None:
            env[STATE_DIR_ENV] = os.fspath(state_dir)
        proc = await asyncio.create_subprocess_exec(
            *local_argv(),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            start_new_session=True,
            env=env,
            limit=1 << 20,
        )
        assert proc.stdin is not None and proc.stdout is not None
        process = AgentProcess(proc.stdout, proc.stdin, proc.stderr, proc.wait, proc.kill)
        return await cls.connect(process, timeout=timeout, request_timeout=request_timeout)

    @classmethod
    async def over_ssh(
        cls,
        conn: asyncssh.SSHClientConnection,
        *,
        timeout: float = 30.0,
        request_timeout: float = 30.0,
    ) -> AgentClient:
        """Start the agent on the host of ``conn`` (an ``asyncssh.SSHClientConnection``),
        sending its code over the channel. Raises :class:`AgentUnavailable` with the
        host's own words when it cannot run there (e.g. no python3)."""
        session, channel = await AgentChannel.open(conn, bootstrap_command())

        async def wait() -> int | None:
            await channel.wait_closed()
            return channel.get_exit_status()

        process = AgentProcess(session.stdout, session, session.stderr, wait, channel.close)
        with contextlib.suppress(ConnectionError, OSError, asyncssh.Error):
            session.write(bundle_bytes())
        return await cls.connect(process, timeout=timeout, request_timeout=request_timeout)

    @classmethod
    async def connect(
        cls, process: AgentProcess, *, timeout: float = 10.0, request_timeout: float = 30.0
    ) -> AgentClient:
        """Wait for the agent's hello on ``process`` and start serving the connection."""
        client = cls(process, request_timeout=request_timeout)
        try:
            client.hello = await asyncio.wait_for(client._read_hello(), timeout)
        except BaseException as exc:
            await client._abort()
            if isinstance(exc, asyncio.TimeoutError):
                raise AgentUnavailable(
                    f"the job agent did not start within {timeout} s{client._stderr_note()}"
                ) from None
            raise
        client._reader_task = asyncio.ensure_future(client._read_loop())
        return client

    async def _read_hello(self) -> Hello:
        line = await self._input.line()
        if line is None:
            status = await self.process.wait()
            if self._stderr_task is not None:
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(asyncio.shield(self._stderr_task), 2)
            text = self._stderr_text()
            raise AgentUnavailable(text or f"the job agent exited with status {status}")
        try:
            message = parse_agent_line(line)
        except ProtocolError as exc:
            raise AgentUnavailable(exc.message) from None
        if not isinstance(message, Hello):
            raise AgentUnavailable(f"the job agent did not say hello but {line[:200]!r}")
        return message

    async def _abort(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.process.wait(), 5)
        if self._stderr_task is not None:
            self._stderr_task.cancel()

    # -- the connection ------------------------------------------------------------------

    def on_event(self, listener: EventListener) -> Callable[[], None]:
        """Call ``listener`` for every event; returns a function that unregisters it."""
        self._listeners.append(listener)

        def unregister() -> None:
            with contextlib.suppress(ValueError):
                self._listeners.remove(listener)

        return unregister

    @property
    def is_closed(self) -> bool:
        return self.closed.done()

    async def close(self, timeout: float = 5.0) -> None:
        """End the connection: the agent lets go of its runspaces (jobs run on) and exits."""
        if not self.closed.done():
            self._closing = True
            with contextlib.suppress(Exception):
                self.process.stdin.write_eof()
            try:
                await asyncio.wait_for(asyncio.shield(self.closed), timeout)
            except asyncio.TimeoutError:
                with contextlib.suppress(Exception):
                    self.process.kill()
                self._finish("closed (the agent did not exit in time and was killed)")
        if self._reader_task is not None:
            with contextlib.suppress(BaseException):
                await self._reader_task
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.process.wait(), timeout)
        if self._stderr_task is not None:
            self._stderr_task.cancel()

    async def _read_loop(self) -> None:
        reason = "the job agent closed the connection"
        try:
            while (line := await self._input.line()) is not None:
                message = parse_agent_line(line)
                if isinstance(message, DataHeader):
                    await self._route_data(message)
                elif isinstance(message, Reply):
                    self._take_reply(message)
                    await asyncio.sleep(0)  # let the caller see its reply before later events
                elif isinstance(message, Event):
                    self._emit(message)
        except ProtocolError as exc:
            reason = f"the job agent sent a malformed message: {exc.message}"
        except AgentError as exc:
            reason = str(exc)
        except asyncio.CancelledError:
            reason = "closed"
        except Exception as exc:  # OSError, asyncssh's errors: the transport broke
            reason = f"the connection to the job agent broke: {exc}"
        status = None
        with contextlib.suppress(Exception):
            status = await asyncio.wait_for(self.process.wait(), 2)
        if self._closing:
            reason = "closed by the kernel"
        elif status is not None and reason == "the job agent closed the connection":
            reason = f"the job agent exited (status {status})"
        self._finish(reason + self._stderr_note())

    def _finish(self, reason: str) -> None:
        if self.closed.done():
            return
        self.closed.set_result(reason)
        error = AgentClosed(reason)
        for call in list(self._calls.values()):
            call.resolve(error)
            if call.chunks is not None:
                call.chunks.end(error)
        self._calls.clear()

    async def _route_data(self, header: DataHeader) -> None:
        call = self._calls.get(header.id) if header.id is not None else None
        async for piece in self._input.block(header.size):
            if call is not None and call.chunks is not None:
                call.chunks.put(piece)

    def _take_reply(self, reply: Reply) -> None:
        if reply.id is None:
            log.error("the job agent could not read a request: %s", reply.message)
            return
        call = self._calls.pop(reply.id, None)
        if call is not None:
            call.resolve(reply)
            if call.chunks is not None:
                call.chunks.end()

    def _emit(self, event: Event) -> None:
        parsed: AgentEvent
        if event.kind == "job":
            parsed = JobEvent(JobRecord.from_wire(event.fields))
        elif event.kind == "runspace":
            fields = event.fields
            parsed = RunspaceEvent(
                str(fields.get("runspace")), str(fields.get("state")), fields.get("by")
            )
        else:
            return  # a newer minor version's event: not for us
        for listener in list(self._listeners):
            try:
                listener(parsed)
            except Exception:
                log.exception("a job agent event listener failed")

    async def _drain_stderr(self, stderr: ByteReader) -> None:
        with contextlib.suppress(Exception):
            while chunk := await stderr.read(65536):
                self._stderr_tail += chunk
                del self._stderr_tail[:-STDERR_TAIL]
                if self.hello is not None:
                    log.warning("job agent: %s", chunk.decode(errors="replace").rstrip())

    def _stderr_text(self) -> str:
        return self._stderr_tail.decode(errors="replace").strip()

    def _stderr_note(self) -> str:
        text = self._stderr_text()
        return f": {text.splitlines()[-1]}" if text else ""

    # -- requests ------------------------------------------------------------------------

    def _start(self, op: str, args: dict[str, Any], *, transfer: bool = False) -> Call:
        if self.closed.done():
            raise AgentClosed(self.closed.result())
        rid = self._next_id
        self._next_id += 1
        try:
            line = encode_request(rid, op, args)
        except ProtocolError as exc:
            raise AgentRequestError(op, exc.code, exc.message) from None
        call = self._calls[rid] = Call(
            rid, op, transfer=transfer, send=self._send, cancel=self._cancel
        )
        try:
            self.process.stdin.write(line)
        except Exception as exc:  # the transport is gone; the reader will say why
            del self._calls[rid]
            raise AgentClosed(f"cannot write to the job agent: {exc}") from exc
        return call

    async def _drain(self) -> None:
        """Wait for room in the transport (flow control), as an AgentClosed if it broke."""
        try:
            await self.process.stdin.drain()
        except Exception as exc:
            raise AgentClosed(f"cannot write to the job agent: {exc}") from exc

    async def _request(self, op: str, **args: Any) -> Any:
        call = self._start(op, args)
        await self._drain()
        return await call.result(self.request_timeout)

    def _send(self, line: bytes) -> None:
        """Write what needs no reply of its own (a credit, upload data), unless the
        connection is gone (then the pending request fails with the reason)."""
        if not self.closed.done():
            with contextlib.suppress(Exception):
                self.process.stdin.write(line)

    def _cancel(self, rid: int) -> None:
        self._calls.pop(rid, None)
        if not self.closed.done():
            with contextlib.suppress(Exception):
                self._start("cancel", {"request": rid})

    async def ping(self) -> float:
        """Round-trip time to the agent, in seconds."""
        begin = time.monotonic()
        await self._request("ping")
        return time.monotonic() - begin

    async def attach_runspace(
        self,
        runspace: str,
        *,
        name: str = "",
        computer: str = "localhost",
        kind: str = "session",
        takeover: bool = True,
    ) -> AttachResult:
        """Create or take over ``runspace``; returns it with all its jobs."""
        result = await self._request(
            "attach_runspace",
            runspace=runspace,
            name=name,
            computer=computer,
            kind=kind,
            takeover=takeover,
        )
        return AttachResult(
            RunspaceInfo.from_wire(result["runspace"]),
            [JobRecord.from_wire(job) for job in result["jobs"]],
        )

    async def detach_runspace(self, runspace: str) -> RunspaceInfo:
        return RunspaceInfo.from_wire(await self._request("detach_runspace", runspace=runspace))

    async def list_runspaces(self) -> list[RunspaceInfo]:
        return [RunspaceInfo.from_wire(info) for info in await self._request("list_runspaces")]

    async def remove_runspace(self, runspace: str, *, force: bool = False) -> None:
        await self._request("remove_runspace", runspace=runspace, force=force)

    async def alloc_ids(self, runspace: str, count: int) -> int:
        """Reserve ``count`` consecutive job Ids in ``runspace``; returns the first."""
        return int((await self._request("alloc_ids", runspace=runspace, count=count))["first"])

    async def start_job(
        self,
        runspace: str,
        command: str,
        *,
        argv: Iterable[str] = (),
        name: str | None = None,
        cwd: str | None = None,
        init: str | None = None,
        env: dict[str, str] | None = None,
        display_command: str | None = None,
        type_name: str = "BackgroundJob",
        location: str = "localhost",
    ) -> JobRecord:
        """Start ``command`` (POSIX shell text; ``argv`` are its ``$1 $2 …``) as a job."""
        argv = list(argv)
        refuse_nul([command, *argv, name, cwd, init, *(env or {}).values()])
        result = await self._request(
            "start_job",
            runspace=runspace,
            command=command,
            argv=argv,
            name=name,
            cwd=cwd,
            init=init,
            env=env or {},
            display_command=display_command,
            type_name=type_name,
            location=location,
        )
        return JobRecord.from_wire(result)

    async def list_jobs(self, runspace: str) -> list[JobRecord]:
        return [
            JobRecord.from_wire(job) for job in await self._request("list_jobs", runspace=runspace)
        ]

    def receive(self, runspace: str, job: int, *, offset: int | None = None) -> ReceiveStream:
        """The job's output from ``offset`` (default: what was not consumed yet) up to what
        is spooled now, as frames. Nothing is consumed until :meth:`commit`."""
        call = self._start(
            "receive", {"runspace": runspace, "job": job, "offset": offset}, transfer=True
        )
        return ReceiveStream(call, self.request_timeout)

    async def commit(self, runspace: str, job: int, offset: int) -> JobRecord:
        """Mark the job's output up to ``offset`` consumed (Receive-Job without -Keep)."""
        return JobRecord.from_wire(
            await self._request("commit", runspace=runspace, job=job, offset=offset)
        )

    async def stop_job(self, runspace: str, job: int) -> JobRecord:
        """Stop the job; returns once it has finished."""
        return JobRecord.from_wire(await self._request("stop_job", runspace=runspace, job=job))

    async def remove_job(self, runspace: str, job: int, *, force: bool = False) -> None:
        await self._request("remove_job", runspace=runspace, job=job, force=force)

    def read_file(self, path: str) -> ReadStream:
        """A file's bytes, streamed (relative paths are relative to the agent's home)."""
        return ReadStream(
            self._start("read_file", {"path": path}, transfer=True), self.request_timeout
        )

    async def write_file(
        self,
        path: str,
        data: bytes | Iterable[bytes] | AsyncIterable[bytes],
        *,
        append: bool = False,
    ) -> int:
        """Create (or extend) a file on the agent's host from ``data``; returns its size."""
        call = self._start("write_file", {"path": path, "append": append})
        try:
            async for chunk in _chunked(data):
                if call.reply.done() or self.closed.done():
                    break  # the agent failed already: its reply says why
                self._send(encode_data_header(call.id, len(chunk)) + chunk)
                await self._drain()
        finally:
            self._send(encode_data_header(call.id, 0))
        await self._drain()
        return int((await call.result(self.request_timeout))["size"])


async def _blocks(data: bytes | Iterable[bytes] | AsyncIterable[bytes]) -> AsyncIterator[bytes]:
    if isinstance(data, bytes | bytearray | memoryview):
        yield bytes(data)
    elif isinstance(data, AsyncIterable):
        async for block in data:
            yield block
    else:
        for block in data:
            yield block


async def _chunked(data: bytes | Iterable[bytes] | AsyncIterable[bytes]) -> AsyncIterator[bytes]:
    """``data`` as pieces of at most CHUNK_SIZE bytes."""
    async for block in _blocks(data):
        for start in range(0, len(block), CHUNK_SIZE):
            yield bytes(block[start : start + CHUNK_SIZE])


__all__ = [
    "AgentClient",
    "AgentClosed",
    "AgentError",
    "AgentEvent",
    "AgentProcess",
    "AgentProtocolError",
    "AgentRequestError",
    "AgentTimeout",
    "AgentUnavailable",
    "AttachResult",
    "ErrorCode",
    "JobEvent",
    "ReadStream",
    "ReceiveResult",
    "ReceiveStream",
    "RunspaceEvent",
]
