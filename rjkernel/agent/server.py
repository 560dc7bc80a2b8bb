"""The agent's side of a connection: read requests, run their handlers, reply.

Every request line is validated (protocol.parse_client_line) before anything acts on
it; a bad one gets an error reply and the connection goes on. Each valid request runs as
its own task, so a slow one (a Stop-Job waiting for its grace period, a long receive)
never holds up the others. Upload chunks are routed here, while reading, to the upload
of their request. ``cancel`` is answered at once: it cancels the named request's task,
whose reply is then a ``Cancelled`` error.
"""

from __future__ import annotations

import asyncio
import sys
import traceback
from typing import Dict, Optional

from .handlers import HANDLERS, Context, Upload
from .protocol import (
    MAX_LINE,
    UPLOAD_OPS,
    Credit,
    DataHeader,
    ErrorCode,
    OpFailed,
    ProtocolError,
    Request,
    encode_error,
    encode_ok,
    parse_client_line,
)

_PIECE = 256 * 1024


class Server:
    def __init__(self, ctx: Context, reader: asyncio.StreamReader) -> None:
        self.ctx = ctx
        self.reader = reader
        self._tasks: Dict[int, asyncio.Task[None]] = {}
        self._uploads: Dict[int, Upload] = {}
        self._last_active = asyncio.get_event_loop().time()

    def idle_for(self) -> float:
        """Seconds since the last request ended (0 while one is in flight)."""
        if self._tasks or self._uploads:
            return 0.0
        return asyncio.get_event_loop().time() - self._last_active

    async def serve(self) -> None:
        """Handle requests until the client closes its side; then cancel what is left."""
        try:
            while True:
                line = await self._read_line()
                if line is None:
                    return
                try:
                    message = parse_client_line(line)
                except ProtocolError as exc:
                    self._error(exc.request_id, exc.code, exc.message)
                    continue
                if isinstance(message, DataHeader):
                    await self._take_data(message)
                elif isinstance(message, Credit):
                    self.ctx.output.grant(message.id, message.size)
                else:
                    self._dispatch(message)
                    # Let the request's task and other I/O (supervisors' datagrams) run
                    # before the next request, even when many are already buffered.
                    await asyncio.sleep(0)
        finally:
            for task in list(self._tasks.values()):
                task.cancel()
            if self._tasks:
                await asyncio.wait(list(self._tasks.values()))

    async def _read_line(self) -> Optional[bytes]:
        """The next line, or None at the end of input. Over-long lines are refused."""
        while True:
            try:
                return await self.reader.readuntil(b"\n")
            except asyncio.IncompleteReadError:
                return None
            except asyncio.LimitOverrunError as exc:
                await self.reader.readexactly(exc.consumed)
                await self._skip_line()
                self._error(None, ErrorCode.BAD_REQUEST, f"a line is longer than {MAX_LINE} bytes")

    async def _skip_line(self) -> None:
        while True:
            try:
                await self.reader.readuntil(b"\n")
                return
            except asyncio.LimitOverrunError as exc:
                await self.reader.readexactly(exc.consumed)

    def _dispatch(self, request: Request) -> None:
        rid = request.id
        if rid in self._tasks or rid in self._uploads:
            self._error(rid, ErrorCode.DUPLICATE_ID, f"request {rid} is still in flight")
            return
        if request.op == "cancel":
            task = self._tasks.get(request.args["request"])
            if task is not None:
                task.cancel()
            self.ctx.output.send(encode_ok(rid, {"cancelled": task is not None}))
            return
        upload = None
        if request.op in UPLOAD_OPS:
            upload = self._uploads[rid] = Upload()
        self._tasks[rid] = asyncio.ensure_future(self._run(request, upload))

    async def _run(self, request: Request, upload: Optional[Upload]) -> None:
        rid = request.id
        try:
            result = await HANDLERS[request.op](self.ctx, rid, request.args, upload)
        except OpFailed as exc:
            self._error(rid, exc.code, exc.message)
        except asyncio.CancelledError:
            self._error(rid, ErrorCode.CANCELLED, f"request {rid} ({request.op}) was cancelled")
        except Exception as exc:  # a bug: say so, keep serving
            traceback.print_exc(file=sys.stderr)
            self._error(rid, ErrorCode.INTERNAL, f"{request.op} failed: {exc!r}")
        else:
            self.ctx.output.send(encode_ok(rid, result))
        finally:
            del self._tasks[rid]
            self._last_active = asyncio.get_event_loop().time()
            if upload is not None:
                upload.abandon()

    async def _take_data(self, header: DataHeader) -> None:
        """Route one upload chunk (or the empty chunk that ends an upload)."""
        upload = self._uploads.get(header.id)
        if header.size == 0:
            if upload is not None:
                del self._uploads[header.id]
                await upload.end()
            return
        remaining = header.size
        try:
            while remaining:
                piece = await self.reader.readexactly(min(remaining, _PIECE))
                remaining -= len(piece)
                if upload is not None:
                    await upload.put(piece)
        except asyncio.IncompleteReadError:
            return
        if upload is None:
            self._error(header.id, ErrorCode.UNEXPECTED_DATA, f"no upload {header.id} is open")

    def _error(self, rid: Optional[int], code: str, message: str) -> None:
        self.ctx.output.send(encode_error(rid, code, message))
