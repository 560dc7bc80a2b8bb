"""The agent's only way to write to its client: an ordered queue drained without blocking.

Rules:

* Messages are queued whole and written in queue order, so no two messages ever
  interleave, and the event loop never blocks on a full pipe (the output is
  non-blocking; the queue drains when the descriptor becomes writable).
* Bulk data is a header line queued together with a *file range*, copied to the output
  by ``os.sendfile`` (no bytes pass through Python), or by pread+write where sendfile
  cannot write to this kind of output.
* The sender of a range waits until it has been written. So each transfer has at most
  one chunk queued: memory stays flat however large the file, and a reply to another
  request (a ``stop_job``) overtakes a long transfer after at most one chunk of it.
* A transfer also waits for the client's credit (protocol rule 5): a :class:`Window`
  per transfer, which credit lines from the client widen.
* A range promises its length in the header already written. If the file turns out
  shorter (it was truncated meanwhile), the rest is filled with zero bytes to keep the
  stream in step, and the sender is told (its final reply then reports the error).
* When the client has gone (EPIPE), ``closed`` is set and everything queued is dropped.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import errno
import fcntl
import os
from typing import Deque, Dict, Union

from .protocol import TRANSFER_WINDOW

_F_SETPIPE_SZ = getattr(fcntl, "F_SETPIPE_SZ", 1031)
_NO_SENDFILE = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSOCK}


class _Range:
    """A file range to copy; ``done`` resolves to whether the file had all its bytes.

    It holds its own duplicate of the file descriptor, so the sender may close its own
    at any time (a cancelled transfer) while the range is still queued.
    """

    def __init__(self, fd: int, offset: int, count: int, done: asyncio.Future[bool]) -> None:
        self.fd = fd
        self.offset = offset
        self.remaining = count
        self.done = done
        self.complete = True
        self.use_sendfile = True
        self.buffer = memoryview(b"")

    def write_some(self, out: int) -> None:
        """Copy what the output takes now; raises BlockingIOError when it takes nothing."""
        if self.use_sendfile and not self.buffer:
            try:
                sent = os.sendfile(out, self.fd, self.offset, self.remaining)
            except OSError as exc:
                if exc.errno not in _NO_SENDFILE:
                    raise
                self.use_sendfile = False
            else:
                if sent == 0:
                    self._pad()
                self._advance(sent)
                return
        if not self.buffer:
            data = os.pread(self.fd, min(self.remaining, 1 << 20), self.offset)
            if not data:
                self._pad()
                return
            self.buffer = memoryview(data)
        sent = os.write(out, self.buffer)
        self.buffer = self.buffer[sent:]
        self._advance(sent)

    def finish(self, complete: bool) -> None:
        os.close(self.fd)
        if not self.done.done():
            self.done.set_result(complete)

    def _advance(self, count: int) -> None:
        self.offset += count
        self.remaining -= count

    def _pad(self) -> None:
        """The file ended early: send zeros for the rest (see the module rules)."""
        self.complete = False
        self.use_sendfile = False
        self.buffer = memoryview(bytes(self.remaining))


_Item = Union[memoryview, _Range]


class Window:
    """How many bytes of one transfer the agent may still send (protocol rule 5)."""

    def __init__(self, size: int) -> None:
        self.available = size
        self._granted = asyncio.Event()

    def grant(self, size: int) -> None:
        self.available += size
        self._granted.set()

    async def reserve(self, size: int) -> None:
        while self.available < size:
            self._granted.clear()
            await self._granted.wait()
        self.available -= size


class OutputChannel:
    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._loop = asyncio.get_running_loop()
        self._queue: Deque[_Item] = collections.deque()
        self._watching = False
        self._windows: Dict[int, Window] = {}
        self.closed = asyncio.Event()
        os.set_blocking(fd, False)
        # Fewer wake-ups for bulk data; only pipes have a size, and only Linux sets it.
        with contextlib.suppress(OSError):
            fcntl.fcntl(fd, _F_SETPIPE_SZ, 1 << 20)

    def open_window(self, request_id: int) -> Window:
        window = self._windows[request_id] = Window(TRANSFER_WINDOW)
        return window

    def close_window(self, request_id: int) -> None:
        self._windows.pop(request_id, None)

    def grant(self, request_id: int, size: int) -> None:
        """Credit from the client; for a transfer that has ended meanwhile it is moot."""
        window = self._windows.get(request_id)
        if window is not None:
            window.grant(size)

    def send(self, message: bytes) -> None:
        if not self.closed.is_set():
            self._queue.append(memoryview(message))
            self._pump()

    async def send_range(self, header: bytes, fd: int, offset: int, count: int) -> bool:
        """Queue ``header`` then ``count`` bytes of ``fd`` from ``offset``; wait until written.

        Returns False if the file had fewer bytes than promised (zeros were sent instead)
        or the client has gone.
        """
        if self.closed.is_set():
            return False
        done: asyncio.Future[bool] = self._loop.create_future()
        self._queue.append(memoryview(header))
        self._queue.append(_Range(os.dup(fd), offset, count, done))
        self._pump()
        return await done

    def _pump(self) -> None:
        try:
            while self._queue:
                item = self._queue[0]
                if isinstance(item, _Range):
                    item.write_some(self._fd)
                    if item.remaining:
                        continue
                    item.finish(item.complete)
                else:
                    sent = os.write(self._fd, item)
                    if sent < len(item):
                        self._queue[0] = item[sent:]
                        continue
                self._queue.popleft()
        except BlockingIOError:
            pass
        except OSError:
            self._close()
            return
        self._watch(bool(self._queue))

    def _watch(self, on: bool) -> None:
        if on != self._watching:
            self._watching = on
            if on:
                self._loop.add_writer(self._fd, self._pump)
            else:
                self._loop.remove_writer(self._fd)

    def _close(self) -> None:
        self._watch(False)
        for item in self._queue:
            if isinstance(item, _Range):
                item.finish(False)
        self._queue.clear()
        self.closed.set()
