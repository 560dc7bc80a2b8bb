"""A job's spooled output as PowerShell values: what ``Receive-Job`` returns and what
``$job.Output`` / ``$job.Error`` hold.

Every value keeps where it was written (a :class:`~rjkernel.values.objects.LineOrigin`:
host, stream, spool time, the child job and the job the user started). stdout stays
text chunks until a consumer needs lines (``TextLines`` cuts them); stderr is one
native error record per line, as PowerShell returns a remote job's error stream.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from rjkernel.errors import ErrorRecord, SourceSpan
from rjkernel.jobs.model import Job, JobStream
from rjkernel.values.objects import LineOrigin, LineSplitter, TextChunk, TextLines


def origin_of(job: Job, stream: str, time: float) -> LineOrigin:
    """Where a chunk of ``job``'s ``stream`` (``Output``/``Error``) was written."""
    top = job
    while top.parent is not None:
        top = top.parent
    return LineOrigin(job.location or "localhost", stream, datetime.fromtimestamp(time),
                      job.id, top.id)


class ErrorLines:
    """A data job's stderr as error records, one per line, each carrying its origin
    (``2>&1 | Where-Object Stream -eq 'Error'``), handed to ``write`` a spool frame at
    a time. A line cut across two frames waits for the frame that ends it; what is left
    unterminated at :meth:`flush` is a record of its own."""

    def __init__(self, job: Job, write: Callable[[list[ErrorRecord]], None], *,
                 command: str | None = None, invocation: SourceSpan | None = None) -> None:
        self._job = job
        self._write = write
        self._command = command
        self._invocation = invocation
        self._lines = LineSplitter()
        self._origin: LineOrigin | None = None

    def feed(self, text: str, origin: LineOrigin) -> None:
        self._origin = origin
        self._records(self._lines.feed(text))

    def flush(self) -> None:
        self._records(self._lines.flush())

    def _records(self, lines: list[str]) -> None:
        if lines:
            self._write([ErrorRecord(
                message=line, error_id="NativeCommandError", category="NotSpecified",
                command=self._command, native=True, computer=self._job.location,
                invocation=self._invocation, origin=self._origin,
            ) for line in lines])


async def stream_values(stream: JobStream) -> list[Any]:
    """``$job.Output`` / ``$job.Error``: all its data jobs ever wrote on that stream,
    as Receive-Job returns it (output lines, or error records), never consuming."""
    out: list[Any] = []
    for job in stream.job.walk():
        if job.backend is None or job.children:
            continue
        lines = TextLines()
        errors = ErrorLines(job, out.extend)
        async for chunk in job.backend.receive(job, keep=True, start=0):
            if chunk.stream != stream.stream:
                continue
            if chunk.stream == "o":
                out.extend(lines.feed(TextChunk(chunk.text, origin=origin_of(
                    job, "Output", chunk.time))))
            else:
                errors.feed(chunk.text, origin_of(job, "Error", chunk.time))
        out.extend(lines.flush())
        errors.flush()
    return out
