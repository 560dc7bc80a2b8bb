"""The client side of one connection's traffic: lines in, requests in flight, transfers.

:class:`LineReader` cuts the agent's byte stream into lines and data blocks;
:class:`Call` is one request waiting for its reply; a transfer's data goes through a
:class:`TransferBuffer`, which grants the agent credit as its consumer takes the data
(protocol rule 5), and comes out of a :class:`ReceiveStream` (frames of a job's spool)
or a :class:`ReadStream` (a file's bytes).
"""

from __future__ import annotations

import asyncio
import collections
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any, Protocol

from rjkernel.agent.protocol import TRANSFER_WINDOW, JobRecord, Reply, encode_credit
from rjkernel.agent.spool import Frame, FrameParser
from rjkernel.timeouts import within

from .agent_errors import (
    AgentClosed,
    AgentError,
    AgentProtocolError,
    AgentRequestError,
    AgentTimeout,
)

CREDIT_STEP = TRANSFER_WINDOW // 2
"""Credit is granted back in steps of this many bytes taken by a consumer.

Half the window: the agent always has at least that much it may send ahead (2 MiB, a
few ms of a bulk receive), and each credit costs a line to the agent — two SSH packets
(asyncssh puts a MSG_IGNORE before each), an sshd wake-up and an agent wake-up. A quarter
window (twice the credits) cost 4.9 s of kernel CPU per GiB received against 4.4 (one
kernel, receives interleaved; benchmarks/README.md)."""
READ_SIZE = 256 * 1024
MAX_AGENT_LINE = 256 << 20
"""Longest line accepted from an agent (a list of many thousand jobs is one line)."""


class ByteReader(Protocol):
    async def read(self, n: int = -1) -> bytes: ...


class LineReader:
    """Lines and exact-length blocks from a stream that only offers ``read(n)``."""

    def __init__(self, source: ByteReader) -> None:
        self._source = source
        self._buf = bytearray()

    async def line(self) -> bytes | None:
        """The next line (without its newline), or None at the end of the stream."""
        searched = 0
        while True:
            cut = self._buf.find(b"\n", searched)
            if cut >= 0:
                line = bytes(self._buf[:cut])
                del self._buf[: cut + 1]
                return line
            if len(self._buf) > MAX_AGENT_LINE:
                raise AgentProtocolError(f"the agent sent a line longer than {MAX_AGENT_LINE}")
            searched = len(self._buf)
            chunk = await self._source.read(READ_SIZE)
            if not chunk:
                return None
            self._buf += chunk

    async def block(self, count: int) -> AsyncIterator[bytes]:
        """The next ``count`` bytes, in pieces as they arrive."""
        if self._buf:
            piece = bytes(self._buf[:count])
            del self._buf[:count]
            count -= len(piece)
            yield piece
        while count:
            piece = await self._source.read(min(count, READ_SIZE))
            if not piece:
                raise AgentClosed("the agent's output ended inside a data block")
            count -= len(piece)
            yield piece


class TransferBuffer:
    """A transfer's data between the reader task and its consumer.

    The agent sends at most TRANSFER_WINDOW bytes beyond what the consumer has taken
    (protocol rule 5); taking data grants credit back. So the reader task only ever
    appends here, never waits, and one slow consumer holds up nothing else.
    """

    def __init__(self, grant: Callable[[int], None]) -> None:
        self._grant = grant
        self._pieces: collections.deque[bytes] = collections.deque()
        self._size = 0
        self._taken = 0
        self._end: BaseException | bool = False
        self._waiter: asyncio.Future[None] | None = None
        self.abandoned = False

    def put(self, piece: bytes) -> None:
        if self.abandoned:
            return
        self._size += len(piece)
        if self._size > TRANSFER_WINDOW:
            raise AgentProtocolError("the agent sent more transfer data than it was granted")
        self._pieces.append(piece)
        self._wake()

    def end(self, error: BaseException | None = None) -> None:
        self._end = error or True
        self._wake()

    def _wake(self) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)

    def abandon(self) -> None:
        self.abandoned = True
        self._pieces.clear()

    async def get(self, timeout: float) -> bytes | None:
        """The next piece; None at the end of the transfer."""
        while not self._pieces:
            if isinstance(self._end, BaseException):
                raise self._end
            if self._end:
                return None
            await self._wait(timeout)
        piece = self._pieces.popleft()
        self._size -= len(piece)
        self._taken += len(piece)
        if self._taken >= CREDIT_STEP and not self._end:
            self._grant(self._taken)
            self._taken = 0
        return piece

    async def _wait(self, timeout: float) -> None:
        """Until the reader task puts a piece or ends the transfer, at most ``timeout``.

        A future and a timer rather than ``within``: this wait happens for nearly every
        piece of a bulk transfer, and ``within`` costs a task and ``asyncio.wait`` each
        time. A cancel of the waiting task cancels the plain await, so none is lost.
        """
        loop = asyncio.get_running_loop()
        waiter = self._waiter = loop.create_future()
        timer = loop.call_later(timeout, _expire, waiter, timeout)
        try:
            await waiter
        finally:
            timer.cancel()
            self._waiter = None


def _expire(waiter: asyncio.Future[None], timeout: float) -> None:
    if not waiter.done():
        waiter.set_exception(AgentTimeout(f"no data from the agent for {timeout} s"))


class Call:
    """One request in flight: its final reply and, for transfers, its data chunks."""

    def __init__(
        self,
        rid: int,
        op: str,
        *,
        transfer: bool,
        send: Callable[[bytes], None],
        cancel: Callable[[int], None],
    ) -> None:
        self.id = rid
        self.op = op
        self.reply: asyncio.Future[Reply | AgentError] = asyncio.get_running_loop().create_future()
        self.chunks = TransferBuffer(self._grant) if transfer else None
        self._send = send
        self._cancel = cancel

    def _grant(self, size: int) -> None:
        self._send(encode_credit(self.id, size))

    def resolve(self, outcome: Reply | AgentError) -> None:
        if not self.reply.done():
            self.reply.set_result(outcome)

    async def result(self, timeout: float) -> Any:
        """The reply's result; raises the agent's error, a timeout or the closing reason."""
        try:
            outcome = await within(asyncio.shield(self.reply), timeout)
        except asyncio.TimeoutError:
            self.abandon()
            raise AgentTimeout(f"{self.op}: no reply from the agent in {timeout} s") from None
        if isinstance(outcome, AgentError):
            raise outcome
        if not outcome.ok:
            raise AgentRequestError(self.op, outcome.code, outcome.message)
        return outcome.result

    async def pieces(self, timeout: float) -> AsyncIterator[bytes]:
        assert self.chunks is not None
        while (piece := await self.chunks.get(timeout)) is not None:
            yield piece

    def abandon(self) -> None:
        """Nobody waits for this request any more: drop its data, cancel it on the agent."""
        if self.chunks is not None:
            self.chunks.abandon()
        if not self.reply.done():
            self._cancel(self.id)


@dataclass(frozen=True)
class ReceiveResult:
    """Where a receive ended: commit ``end`` once its frames are delivered."""

    start: int
    end: int
    job: JobRecord


class ReceiveStream:
    """The frames of one ``receive``, then (in ``result``) where it ended.

    Iterate it once with ``async for``. ``result`` is set when the iteration completes;
    commit ``result.end`` after the frames are delivered. Leaving the loop early cancels
    the transfer on the agent.
    """

    def __init__(self, call: Call, timeout: float) -> None:
        self._call = call
        self._timeout = timeout
        self.result: ReceiveResult | None = None

    def __aiter__(self) -> AsyncIterator[Frame]:
        return self._frames()

    async def _frames(self) -> AsyncIterator[Frame]:
        parser = FrameParser()
        try:
            async for piece in self._call.pieces(self._timeout):
                for frame in parser.feed(piece):
                    yield frame
            reply = await self._call.result(self._timeout)
            result = ReceiveResult(reply["start"], reply["end"], JobRecord.from_wire(reply["job"]))
            if parser.pending or result.start + parser.offset != result.end:
                raise AgentProtocolError("the agent's spool data does not end on a frame boundary")
            self.result = result
        finally:
            if self.result is None:
                self._call.abandon()


class ReadStream:
    """The bytes of one ``read_file``, then (in ``size``) how many there were."""

    def __init__(self, call: Call, timeout: float) -> None:
        self._call = call
        self._timeout = timeout
        self.size: int | None = None

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self._bytes()

    async def _bytes(self) -> AsyncIterator[bytes]:
        try:
            async for piece in self._call.pieces(self._timeout):
                yield piece
            self.size = (await self._call.result(self._timeout))["size"]
        finally:
            if self.size is None:
                self._call.abandon()
