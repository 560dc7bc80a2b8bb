"""The job agent's SSH channel as the byte streams :class:`AgentClient` reads and writes.

asyncssh's process streams (``create_process``: an SSHProcess over an SSHStreamSession,
read with ``stdout.read``) pass every 32 KiB packet through two more layers of Python
before a reader sees it; on a bulk ``Receive-Job`` that costs about a sixth of the
client's CPU (perf-anchors finding 7: session callbacks beat ``stdout.read``). Here the
channel's session callbacks append the packets to a queue per stream, and ``read(n)``
hands out what is queued, joined up to ``n`` bytes.

Flow control stays end to end: when more than ``HIGH_WATER`` bytes wait unread on
stdout, the channel stops reading (asyncssh then stops granting SSH window, and the
agent's writes block), and it reads again once the reader has taken the queue below
``LOW_WATER``. (A transfer is also bounded by its credit, protocol rule 5; this bounds
everything else.) Writes wait in :meth:`AgentChannel.drain` while asyncssh's send
buffer is over its limit.
"""

from __future__ import annotations

import asyncio
import collections
from collections.abc import Callable

import asyncssh

HIGH_WATER = 4 << 20
LOW_WATER = 1 << 20


class ChannelReader:
    """One stream of the channel (stdout or stderr): ``read(n)`` as asyncio's readers."""

    def __init__(self, pause: Callable[[], None], resume: Callable[[], None]) -> None:
        self._pieces: collections.deque[bytes] = collections.deque()
        self._size = 0
        self._end: BaseException | bool = False
        self._waiter: asyncio.Future[None] | None = None
        self._pause = pause
        self._resume = resume
        self._paused = False

    def feed(self, data: bytes) -> None:
        self._pieces.append(data)
        self._size += len(data)
        if self._size > HIGH_WATER and not self._paused:
            self._paused = True
            self._pause()
        self._wake()

    def end(self, error: BaseException | None = None) -> None:
        if self._end is False:
            self._end = error or True
        self._wake()

    def _wake(self) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)

    async def read(self, n: int = -1) -> bytes:
        """Up to ``n`` bytes (all that is queued when ``n`` < 0); b"" at the end of the
        stream. Raises the error the channel was lost with, once its data is read."""
        while not self._pieces:
            if isinstance(self._end, BaseException):
                raise self._end
            if self._end:
                return b""
            self._waiter = asyncio.get_running_loop().create_future()
            try:
                await self._waiter
            finally:
                self._waiter = None
        data = self._take(n)
        self._size -= len(data)
        if self._paused and self._size < LOW_WATER:
            self._paused = False
            self._resume()
        return data

    def _take(self, n: int) -> bytes:
        pieces = self._pieces
        first = pieces[0]
        if n < 0:
            n = self._size
        if len(first) >= n:
            if len(first) == n:
                return pieces.popleft()
            pieces[0] = first[n:]
            return first[:n]
        taken = [pieces.popleft()]
        room = n - len(first)
        while pieces and len(pieces[0]) <= room:
            room -= len(pieces[0])
            taken.append(pieces.popleft())
        return b"".join(taken)


class AgentChannel(asyncssh.SSHClientSession[bytes]):
    """The session callbacks of the agent's channel, and its stdin as a writer."""

    def __init__(self) -> None:
        self._chan: asyncssh.SSHClientChannel[bytes] | None = None
        self.stdout = ChannelReader(self._pause_reading, self._resume_reading)
        self.stderr = ChannelReader(self._pause_reading, self._resume_reading)
        self._drained: asyncio.Future[None] | None = None
        self._lost: BaseException | None = None
        self._paused_readers = 0

    @classmethod
    async def open(cls, conn: asyncssh.SSHClientConnection, command: str
                   ) -> tuple[AgentChannel, asyncssh.SSHClientChannel[bytes]]:
        """Run ``command`` on a new session channel of ``conn``."""
        channel, session = await conn.create_session(cls, command, encoding=None)
        assert isinstance(session, AgentChannel)
        return session, channel

    # -- asyncssh's callbacks ------------------------------------------------------------

    def connection_made(self, chan: asyncssh.SSHClientChannel[bytes]) -> None:  # type: ignore[override]
        self._chan = chan

    def data_received(self, data: bytes, datatype: asyncssh.DataType) -> None:
        (self.stderr if datatype == asyncssh.EXTENDED_DATA_STDERR else self.stdout).feed(data)

    def eof_received(self) -> bool:
        self.stdout.end()
        self.stderr.end()
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self._lost = exc or ConnectionResetError("the channel to the job agent was closed")
        self.stdout.end(exc)
        self.stderr.end(exc)
        self._release_writer()

    def pause_writing(self) -> None:
        if self._drained is None:
            self._drained = asyncio.get_running_loop().create_future()

    def resume_writing(self) -> None:
        self._release_writer()

    # -- the writer ----------------------------------------------------------------------

    def write(self, data: bytes) -> None:
        assert self._chan is not None
        self._chan.write(data)

    async def drain(self) -> None:
        """Wait while asyncssh's send buffer is full; raise if the channel was lost."""
        if self._drained is not None:
            await asyncio.shield(self._drained)
        if self._lost is not None:
            raise self._lost

    def write_eof(self) -> None:
        assert self._chan is not None
        self._chan.write_eof()

    def _release_writer(self) -> None:
        drained, self._drained = self._drained, None
        if drained is not None and not drained.done():
            drained.set_result(None)

    def _pause_reading(self) -> None:
        """A stream has too much unread: the channel stops reading (both streams)."""
        self._paused_readers += 1
        if self._paused_readers == 1 and self._chan is not None:
            self._chan.pause_reading()

    def _resume_reading(self) -> None:
        """A stream was read down: the channel reads again unless the other still waits."""
        self._paused_readers -= 1
        if self._paused_readers == 0 and self._chan is not None:
            self._chan.resume_reading()
