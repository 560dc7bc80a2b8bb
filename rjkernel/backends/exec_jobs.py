"""``Invoke-Command -AsJob`` children: one SSH exec channel each, output spooled here.

about_Remote_Jobs' second method keeps the job object *and its results* on the local
computer. So each child runs its block as ``sh -c`` over an exec channel of its host's
pooled connection — the cheapest way there is (it is what a raw asyncssh fan-out does,
and the fan-out benchmark measures us against exactly that) — and its stdout/stderr
stream back into a spool file in the local state directory, in the same frame format
the job agent uses. Receive-Job reads that file, so a child that writes gigabytes never
grows the kernel's memory.

Children queue behind ``-ThrottleLimit`` in argument order and stay ``NotStarted``
until their turn. A host that cannot be reached fails its child with the connection
error (PowerShell's ``[host] …`` text) while the others run. Stop sends SIGTERM to the
remote command's process group, then SIGKILL after a grace period. It does so with
``kill`` over a second exec channel, not with a channel ``signal`` request: sshd honours
those only in its privilege-separated child, which root logins do not get. The command
announces its process group (sshd makes each session a group leader) as the first line
of its stderr, which is taken off before the rest is spooled.

Unlike jobs started with Start-Job, these children live as long as their channel: a
dropped connection fails them (PowerShell's behaviour for -AsJob, ps-semantics §7.3).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from pathlib import Path

import asyncssh

from rjkernel.agent.private import open_file, private_tree
from rjkernel.agent.spool import HEADER, STDERR, STDOUT, FrameParser, FrameWriter
from rjkernel.errors import ErrorRecord, PSError, store_error
from rjkernel.jobs.model import Job, OutputChunk
from rjkernel.jobs.states import JobState
from rjkernel.transport.failures import SSHConnectError
from rjkernel.transport.ssh import HostConnection
from rjkernel.values.decoding import OutputDecoder

READ_SIZE = 1 << 20
STOP_GRACE = 2.0
PID_MARK = b"rjkernel-pid "
ANNOUNCE_PID = "printf 'rjkernel-pid %s\\n' $$ >&2; "  # $$ survives the exec that follows
Connector = Callable[[], Awaitable[HostConnection]]


def _failed(computer: str, message: str, error_id: str) -> ErrorRecord:
    return ErrorRecord(message=f"[{computer}] {message}", error_id=error_id,
                       category="OpenError" if "State" in error_id else "InvalidResult",
                       command="Invoke-Command", computer=computer)


class _ProcessGroup:
    """The remote command's process group, learned from its first stderr line."""

    def __init__(self) -> None:
        self.pgid: int | None = None
        self._head = b""  # stderr held until the announcement line is complete
        self._seen = False

    def take_announcement(self, data: bytes) -> bytes:
        """Strip the announcement from the start of stderr; return what is left
        (at the end of stderr, ``data`` is empty and whatever was held comes back)."""
        if self._seen:
            return data
        self._head += data
        line, newline, rest = self._head.partition(b"\n")
        if not newline and data:
            return b""
        self._seen, self._head = True, b""
        if line.startswith(PID_MARK) and line[len(PID_MARK):].isdigit():
            self.pgid = int(line[len(PID_MARK):])
            return rest
        return line + newline + rest

    async def kill(self, host: HostConnection,
                   process: asyncssh.SSHClientProcess[bytes] | None) -> None:
        """SIGTERM to the group, SIGKILL after the grace period, then close the channel."""
        if process is None:
            return
        with contextlib.suppress(asyncssh.Error, OSError):
            if self.pgid is not None:
                await host.conn.run(f"kill -TERM -{self.pgid}", check=False)
            try:
                await asyncio.wait_for(process.wait_closed(), STOP_GRACE)
            except asyncio.TimeoutError:
                if self.pgid is not None:
                    await host.conn.run(f"kill -KILL -{self.pgid}", check=False)
            process.close()


class ExecJobs:
    """Runs -AsJob children and is their JobBackend."""

    def __init__(self, store: str, name: str) -> None:
        self.store = store
        self.spool_dir = Path(store, "asjob", name)
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._paths: dict[int, Path] = {}

    def launch(self, children: Sequence[tuple[Job, Connector]], command: str,
               throttle: int) -> None:
        """Start the children, at most ``throttle`` at a time, in the order given."""
        try:
            private_tree(self.store, "asjob", self.spool_dir.name)
        except OSError as exc:
            raise PSError(store_error(exc)) from None
        gate = asyncio.Semaphore(throttle)
        for job, connect in children:
            job.backend = self
            self._paths[id(job)] = self.spool_dir / f"{job.instance_id}.spool"
            task = asyncio.ensure_future(self._run(job, connect, ANNOUNCE_PID + command, gate))
            self._tasks[id(job)] = task

    async def _run(self, job: Job, connect: Connector, command: str,
                   gate: asyncio.Semaphore) -> None:
        async with gate:
            if job.finished:  # stopped while queued
                return
            try:
                host = await connect()
            except SSHConnectError as exc:
                job.update(state=JobState.Failed, reason=exc.record("Invoke-Command"))
                return
            fd = open_file(str(self._paths[id(job)]), os.O_WRONLY | os.O_CREAT | os.O_APPEND)
            writer = FrameWriter(fd)
            process: asyncssh.SSHClientProcess[bytes] | None = None
            group = _ProcessGroup()
            try:
                process = await host.conn.create_process(command, encoding=None)
                process.stdin.write_eof()
                job.update(state=JobState.Running)
                await asyncio.gather(
                    self._pump(job, writer, process.stdout, STDOUT),
                    self._pump(job, writer, process.stderr, STDERR, group),
                )
                await process.wait_closed()
                self._finish(job, process, host.computer)
            except asyncio.CancelledError:
                await group.kill(host, process)
                job.update(state=JobState.Stopped)
            except (asyncssh.Error, OSError) as exc:
                job.update(state=JobState.Failed, reason=_failed(
                    host.computer,
                    "The SSH transport process has abruptly terminated causing this remote "
                    f"session to break. ({exc})", "PSSessionStateBroken"))
            finally:
                for stream in (STDOUT, STDERR):
                    writer.flush(stream)
                job.update(size=writer.size)
                os.close(fd)

    @staticmethod
    async def _pump(job: Job, writer: FrameWriter, reader: asyncssh.SSHReader[bytes],
                    stream: str, group: _ProcessGroup | None = None) -> None:
        while True:
            data = await reader.read(READ_SIZE)
            kept = data if group is None else group.take_announcement(data)
            if kept and writer.feed(stream, kept):
                job.update(size=writer.size)
            if not data:
                writer.flush(stream)
                job.update(size=writer.size)
                return

    @staticmethod
    def _finish(job: Job, process: asyncssh.SSHClientProcess[bytes], computer: str) -> None:
        status = process.exit_status
        if status == 0:
            job.update(state=JobState.Completed, exit_code=0)
            return
        signal = process.exit_signal
        message = (f"The command was killed by signal {signal[0]}." if signal else
                   f"The command exited with status {status}.")
        job.update(state=JobState.Failed, exit_code=status if status is not None and
                   status >= 0 else None, reason=_failed(computer, message, "JobStateFailed"))


    # ------------------------------------------------------------------ JobBackend

    async def receive(self, job: Job, *, keep: bool, start: int | None = None
                      ) -> AsyncIterator[OutputChunk]:
        offset = job.consumed if start is None else start
        end = job.size
        path = self._paths.get(id(job))
        if path is None or end <= offset:
            return
        parser = FrameParser(offset)
        position = offset
        decoders = {s: OutputDecoder() for s in (STDOUT, STDERR)}
        with os.fdopen(open_file(str(path), os.O_RDONLY), "rb") as spool:
            spool.seek(offset)
            while parser.offset < end:
                data = await asyncio.to_thread(spool.read, min(READ_SIZE, end - parser.offset
                                                             - parser.pending))
                if not data:
                    break
                for frame in parser.feed(data):
                    text, raw = decoders[frame.stream].decode(frame.data)
                    position += HEADER.size + len(frame.data)
                    if not keep:
                        job.update(consumed=max(job.consumed, position))
                    if text:
                        yield OutputChunk(frame.stream, text, position, frame.time, raw)


    async def stop(self, job: Job) -> None:
        task = self._tasks.get(id(job))
        if task is None or task.done():
            if not job.finished:
                job.update(state=JobState.Stopped)
            return
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        if not job.finished:
            job.update(state=JobState.Stopped)

    async def remove(self, job: Job) -> None:
        self._tasks.pop(id(job), None)
        path = self._paths.pop(id(job), None)
        if path is not None:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()

    async def close(self) -> None:
        for task in self._tasks.values():
            task.cancel()
        await asyncio.gather(*self._tasks.values(), return_exceptions=True)

