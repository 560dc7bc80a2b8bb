"""A job's output spool: stdout and stderr in one append-only file of frames.

A frame is a 13-byte header — the stream (``o`` stdout, ``e`` stderr), the data length
(unsigned 32-bit, big-endian) and the arrival time (microseconds since the epoch,
unsigned 64-bit) — followed by the data. Rules:

* Frames are appended whole, one ``write`` each, by one writer (the job's supervisor, or
  the kernel for jobs it runs over SSH channels itself). Readers treat a frame that is
  not complete yet as absent, so every offset a reader hands out is a frame boundary.
* A frame holds whole lines where it can: the writer keeps a partial line back until its
  newline, the stream's end, or :data:`MAX_DATA` bytes arrive. The output of the two
  streams keeps its arrival order at line granularity.
* A frame carries at most :data:`MAX_DATA` bytes; anything larger is corruption, so
  neither writer nor reader ever needs more than that much memory at once.

The consumption cursor (how far ``Receive-Job`` without ``-Keep`` has taken the output)
lives next to the spool, in the job store (store.py).
"""

from __future__ import annotations

import os
import struct
import time
from typing import NamedTuple

HEADER = struct.Struct(">cIQ")
MAX_DATA = 64 * 1024
STDOUT = "o"
STDERR = "e"
_STREAMS = {b"o": STDOUT, b"e": STDERR}


class SpoolError(ValueError):
    """Bytes that are not a frame where a frame must start."""


class Frame(NamedTuple):
    stream: str
    time_us: int
    data: bytes

    @property
    def time(self) -> float:
        """Arrival time in Unix seconds."""
        return self.time_us / 1e6


def encode_frame(stream: str, data: bytes, time_us: int | None = None) -> bytes:
    if stream not in (STDOUT, STDERR) or len(data) > MAX_DATA:
        raise SpoolError(f"cannot frame {len(data)} bytes for stream {stream!r}")
    stamp = time.time_ns() // 1000 if time_us is None else time_us
    return HEADER.pack(stream.encode(), len(data), stamp) + data


def _check_header(stream: bytes, length: int) -> str:
    name = _STREAMS.get(stream)
    if name is None or length > MAX_DATA:
        raise SpoolError(f"corrupt frame header (stream {stream!r}, length {length})")
    return name


class FrameParser:
    """Turns bytes arriving in chunks of any size into frames.

    ``offset`` counts the bytes of the complete frames returned so far, so it is always
    a frame boundary; ``pending`` is how many bytes of an unfinished frame are held.
    Only that unfinished frame is ever copied aside: the rest of a chunk is parsed in
    place.
    """

    def __init__(self, offset: int = 0) -> None:
        self.offset = offset
        self._partial = bytearray()

    @property
    def pending(self) -> int:
        return len(self._partial)

    def feed(self, chunk: bytes) -> list[Frame]:
        frames: list[Frame] = []
        size = HEADER.size
        with memoryview(chunk) as view:
            pos = self._complete_partial(view, frames)
            end = len(view)
            while end - pos >= size:
                stream, length, stamp = HEADER.unpack_from(view, pos)
                name = _check_header(stream, length)
                stop = pos + size + length
                if stop > end:
                    break
                frames.append(Frame(name, stamp, bytes(view[pos + size : stop])))
                self.offset += size + length
                pos = stop
            if pos < end:
                self._partial += view[pos:]
        return frames

    def _complete_partial(self, view: memoryview, frames: list[Frame]) -> int:
        """Finish the frame held from earlier chunks; returns how much of ``view`` it took."""
        partial = self._partial
        if not partial:
            return 0
        size = HEADER.size
        taken = min(max(size - len(partial), 0), len(view))
        partial += view[:taken]
        if len(partial) < size:
            return taken
        stream, length, stamp = HEADER.unpack_from(partial)
        name = _check_header(stream, length)
        more: int = min(size + length - len(partial), len(view) - taken)
        partial += view[taken : taken + more]
        taken += more
        if len(partial) == size + length:
            frames.append(Frame(name, stamp, bytes(partial[size:])))
            self.offset += size + length
            partial.clear()
        return taken


class FrameWriter:
    """Appends frames to an open spool file, holding partial lines back per stream.

    ``size`` is the spool's length after the last frame written: a frame boundary.
    """

    def __init__(self, fd: int, size: int = 0) -> None:
        self.fd = fd
        self.size = size
        self._partial = {STDOUT: bytearray(), STDERR: bytearray()}

    def feed(self, stream: str, data: bytes) -> int:
        """Add output of ``stream``; write the whole lines it completes. Returns bytes written."""
        buf = self._partial[stream]
        buf += data
        written = 0
        while len(buf) >= MAX_DATA:
            cut = buf.rfind(b"\n", 0, MAX_DATA)
            written += self._frame(stream, buf, MAX_DATA if cut < 0 else cut + 1)
        cut = buf.rfind(b"\n")
        if cut >= 0:
            written += self._frame(stream, buf, cut + 1)
        return written

    def flush(self, stream: str) -> int:
        """Write what is held back for ``stream`` (at its end): a last line without newline."""
        buf = self._partial[stream]
        return self._frame(stream, buf, len(buf)) if buf else 0

    def _frame(self, stream: str, buf: bytearray, length: int) -> int:
        frame = encode_frame(stream, bytes(buf[:length]))
        del buf[:length]
        view = memoryview(frame)
        while view:
            view = view[os.write(self.fd, view) :]
        self.size += len(frame)
        return len(frame)


def scan_boundary(fd: int, start: int, end: int) -> int:
    """The last frame boundary at or after ``start`` within the first ``end`` bytes.

    Reads only headers. Stops at a frame that is incomplete (still being written) or
    corrupt, so the result is always safe to hand to a reader.
    """
    pos = start
    while end - pos >= HEADER.size:
        header = os.pread(fd, HEADER.size, pos)
        if len(header) < HEADER.size:
            break
        stream, length, _ = HEADER.unpack(header)
        try:
            _check_header(stream, length)
        except SpoolError:
            break
        if pos + HEADER.size + length > end:
            break
        pos += HEADER.size + length
    return pos
