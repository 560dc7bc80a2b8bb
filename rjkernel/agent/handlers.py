"""One handler per op: what each request does, and what its reply's ``result`` holds.

A handler gets the agent's :class:`Context`, the request id (for bulk data it streams)
and the request's validated arguments (protocol.OPS), and returns a JSON-able result or
raises :class:`~.protocol.OpFailed`, which becomes the error reply. Ops that change a
runspace (start, stop, remove, commit, alloc) need this agent to hold it
(``attach_runspace``); reading ops only need it to exist.
"""

from __future__ import annotations

import asyncio
import errno
import os
import stat
import time
from dataclasses import dataclass
from typing import Any, AsyncIterator, Awaitable, Callable, Dict, Optional

from . import notify, supervisor
from .launcher import Launcher
from .output import OutputChannel
from .protocol import (
    CHUNK_SIZE,
    ErrorCode,
    JobRecord,
    OpFailed,
    encode_data_header,
)
from .store import Store, make_owner
from .watch import JobWatch

Args = Dict[str, Any]


class Upload:
    """The chunks a client sends after an upload request (protocol rule 6)."""

    def __init__(self) -> None:
        self._queue: asyncio.Queue[Optional[bytes]] = asyncio.Queue(maxsize=8)
        self.abandoned = False

    async def put(self, chunk: bytes) -> None:
        if not self.abandoned:
            await self._queue.put(chunk)

    async def end(self) -> None:
        if not self.abandoned:
            await self._queue.put(None)

    def abandon(self) -> None:
        """The handler is done with it: drop queued chunks, discard those still coming."""
        self.abandoned = True
        while not self._queue.empty():
            self._queue.get_nowait()

    async def chunks(self) -> AsyncIterator[bytes]:
        while True:
            chunk = await self._queue.get()
            if chunk is None:
                return
            yield chunk


@dataclass
class Context:
    """What handlers work with: the store, the output, the job watch, the launcher of
    supervisors, and who we are."""

    store: Store
    output: OutputChannel
    watch: JobWatch
    launcher: Launcher
    agent: str
    socket_name: str
    home: str

    def path(self, path: str) -> str:
        """A request path made absolute (relative ones are relative to the home dir)."""
        return os.path.normpath(os.path.join(self.home, os.path.expanduser(path)))

    def require_attached(self, runspace: str) -> None:
        if runspace not in self.watch.attached:
            self.store.runspace_meta(runspace)  # RunspaceNotFound, if that is what it is
        owner = self.store.owner(runspace)
        if runspace not in self.watch.attached or owner is None or owner.agent != self.agent:
            self.watch.detach(runspace)
            raise OpFailed(
                ErrorCode.RUNSPACE_NOT_ATTACHED,
                f"runspace {runspace!r} is not attached to this agent (attach it first)",
            )


Handler = Callable[[Context, int, Args, Optional[Upload]], Awaitable[Any]]


async def ping(ctx: Context, rid: int, args: Args, upload: Upload | None) -> Any:
    return {"time": time.time()}


async def attach_runspace(ctx: Context, rid: int, args: Args, upload: Upload | None) -> Any:
    """Create or take over a runspace; result: ``{"runspace": info, "jobs": [records]}``."""
    runspace = args["runspace"]
    store = ctx.store
    store.ensure_runspace(runspace, args["name"], args["computer"], args["kind"])
    with store.runspace_lock(runspace):
        owner = store.owner(runspace)
        if owner is not None and owner.attached and owner.agent != ctx.agent and owner.alive():
            if not args["takeover"]:
                raise OpFailed(
                    ErrorCode.RUNSPACE_IN_USE,
                    f"runspace {runspace!r} is attached by another agent "
                    f"(pid {owner.pid} on {owner.host})",
                )
            notify.send(owner.socket, {"lost": runspace, "by": ctx.agent}, timeout=1.0)
        store.set_owner(runspace, make_owner(ctx.agent, ctx.socket_name, attached=True))
    records = [store.job_record(runspace, job, check_alive=True) for job in store.job_ids(runspace)]
    ctx.watch.attach(runspace, records)
    return {
        "runspace": store.runspace_info(runspace, ctx.agent).to_wire(),
        "jobs": [record.to_wire() for record in records],
    }


async def detach_runspace(ctx: Context, rid: int, args: Args, upload: Upload | None) -> Any:
    """Mark the runspace Disconnected (its jobs run on); result: its info."""
    runspace = args["runspace"]
    ctx.require_attached(runspace)
    release_runspace(ctx, runspace)
    return ctx.store.runspace_info(runspace, ctx.agent).to_wire()


def release_runspace(ctx: Context, runspace: str) -> None:
    """Stop holding ``runspace`` (unless another agent has taken it meanwhile)."""
    ctx.watch.detach(runspace)
    with ctx.store.runspace_lock(runspace):
        owner = ctx.store.owner(runspace)
        if owner is not None and owner.agent == ctx.agent:
            ctx.store.set_owner(runspace, make_owner(ctx.agent, ctx.socket_name, attached=False))


async def list_runspaces(ctx: Context, rid: int, args: Args, upload: Upload | None) -> Any:
    """Every runspace in the store; result: a list of infos."""
    return [ctx.store.runspace_info(rs, ctx.agent).to_wire() for rs in ctx.store.runspace_ids()]


async def remove_runspace(ctx: Context, rid: int, args: Args, upload: Upload | None) -> Any:
    """Delete a runspace and its jobs; running jobs only with ``force`` (they are stopped)."""
    runspace = args["runspace"]
    store = ctx.store
    store.runspace_meta(runspace)
    owner = store.owner(runspace)
    if owner is not None and owner.attached and owner.agent != ctx.agent and owner.alive():
        raise OpFailed(
            ErrorCode.RUNSPACE_IN_USE,
            f"runspace {runspace!r} is attached by another agent (pid {owner.pid})",
        )
    running = [
        job
        for job in store.job_ids(runspace)
        if not store.job_record(runspace, job, check_alive=True).finished
    ]
    if running and not args["force"]:
        raise OpFailed(
            ErrorCode.RUNSPACE_HAS_RUNNING_JOBS,
            f"runspace {runspace!r} has running jobs ({', '.join(map(str, running))}): "
            "stop them first, or remove with force",
        )
    await asyncio.gather(*(stop(ctx, runspace, job) for job in running))
    ctx.watch.detach(runspace)
    store.delete_runspace(runspace)
    return {}


async def alloc_ids(ctx: Context, rid: int, args: Args, upload: Upload | None) -> Any:
    """Reserve Ids from the runspace's counter; result: ``{"first": n}``."""
    ctx.require_attached(args["runspace"])
    return {"first": ctx.store.alloc_ids(args["runspace"], args["count"])}


async def start_job(ctx: Context, rid: int, args: Args, upload: Upload | None) -> Any:
    """Start a job (parent Id N, child N + 1); result: its record, Running."""
    runspace = args["runspace"]
    store = ctx.store
    ctx.require_attached(runspace)
    cwd = ctx.path(args["cwd"] or ctx.home)
    if not os.path.isdir(cwd):
        raise OpFailed(ErrorCode.DIRECTORY_NOT_FOUND, f"the directory {cwd} does not exist")
    first = store.alloc_ids(runspace, 2)
    command = args["command"]
    meta = {
        "id": first,
        "child_id": first + 1,
        "name": args["name"] or f"Job{first}",
        "command": command if args["display_command"] is None else args["display_command"],
        "type_name": args["type_name"],
        "location": args["location"],
        "cwd": cwd,
        "begin": time.time(),
    }
    paths, spool_fd = store.create_job(runspace, meta)
    spec = supervisor.JobSpec(
        runspace=runspace,
        job=first,
        owner_file=os.path.join(store.runspace_dir(runspace), "owner.json"),
        run_dir=store.run_dir,
        script=command if not args["init"] else f"{args['init']}\n{command}",
        argv=tuple(args["argv"]),
        cwd=cwd,
        env=args["env"],
    )
    try:
        ctx.launcher.launch(paths.dir, spool_fd, spec)
    except OSError as exc:
        store.delete_job(runspace, first)
        raise OpFailed(ErrorCode.INTERNAL, f"cannot start the job: {exc}") from None
    finally:
        os.close(spool_fd)
    record = store.new_job_record(runspace, first)
    ctx.watch.track(record)
    return record.to_wire()


async def list_jobs(ctx: Context, rid: int, args: Args, upload: Upload | None) -> Any:
    """Every job of the runspace, by Id; result: a list of records."""
    runspace = args["runspace"]
    ctx.store.runspace_meta(runspace)
    return [
        ctx.watch.report(ctx.store.job_record(runspace, job, check_alive=True)).to_wire()
        for job in ctx.store.job_ids(runspace)
    ]


async def receive(ctx: Context, rid: int, args: Args, upload: Upload | None) -> Any:
    """Stream the spool from ``offset`` (default: the consumed cursor) to what is there now.

    Result: ``{"start": s, "end": e, "job": record}``; ``end`` is a frame boundary. The
    job's state is read before its size, so a finished state means ``end`` is final.
    """
    runspace, job = args["runspace"], args["job"]
    ctx.store.runspace_meta(runspace)
    record = ctx.watch.report(ctx.store.job_record(runspace, job))
    start = record.consumed if args["offset"] is None else args["offset"]
    if start > record.size:
        raise OpFailed(
            ErrorCode.INVALID_OFFSET,
            f"offset {start} is beyond the {record.size} bytes spooled for job {job}",
        )
    await stream_file(ctx, rid, ctx.store.job_paths(runspace, job).spool, start, record.size)
    return {"start": start, "end": record.size, "job": record.to_wire()}


async def stream_file(ctx: Context, rid: int, path: str, start: int, end: int) -> None:
    """Send bytes ``start``..``end`` of ``path`` as bulk data chunks of request ``rid``,
    within the client's credit."""
    fd = os.open(path, os.O_RDONLY)
    window = ctx.output.open_window(rid)
    try:
        pos = start
        while pos < end:
            count = min(CHUNK_SIZE, end - pos)
            await window.reserve(count)
            complete = await ctx.output.send_range(encode_data_header(rid, count), fd, pos, count)
            if not complete:
                raise OpFailed(ErrorCode.IO_ERROR, f"{path} became shorter while it was read")
            pos += count
    finally:
        ctx.output.close_window(rid)
        os.close(fd)


async def commit(ctx: Context, rid: int, args: Args, upload: Upload | None) -> Any:
    """Advance the consumed cursor (after the client delivered the data); result: record."""
    runspace, job = args["runspace"], args["job"]
    ctx.require_attached(runspace)
    return ctx.watch.report(ctx.store.commit(runspace, job, args["offset"])).to_wire()


async def stop(ctx: Context, runspace: str, job: int) -> JobRecord:
    """Ask the job's supervisor to stop it, and wait until it has finished."""
    record = ctx.watch.report(ctx.store.job_record(runspace, job, check_alive=True))
    if record.finished:
        return record
    supervisor.request_stop(ctx.store.job_paths(runspace, job))
    return await ctx.watch.until_finished(runspace, job)


async def stop_job(ctx: Context, rid: int, args: Args, upload: Upload | None) -> Any:
    """Stop a job; replies when it has finished. Result: its record (Stopped, unless it
    had finished already)."""
    ctx.require_attached(args["runspace"])
    return (await stop(ctx, args["runspace"], args["job"])).to_wire()


async def remove_job(ctx: Context, rid: int, args: Args, upload: Upload | None) -> Any:
    """Delete a finished job (a running one only with ``force``, which stops it first)."""
    runspace, job = args["runspace"], args["job"]
    ctx.require_attached(runspace)
    record = ctx.store.job_record(runspace, job, check_alive=True)
    if not record.finished:
        if not args["force"]:
            raise OpFailed(
                ErrorCode.JOB_RUNNING,
                f"job {job} is still running: stop it first, or remove it with force",
            )
        await stop(ctx, runspace, job)
    ctx.watch.forget(runspace, job)
    ctx.store.delete_job(runspace, job)
    return {}


_OS_ERRORS = {
    errno.ENOENT: ErrorCode.PATH_NOT_FOUND,
    errno.ENOTDIR: ErrorCode.PATH_NOT_FOUND,
    errno.EACCES: ErrorCode.PERMISSION_DENIED,
    errno.EPERM: ErrorCode.PERMISSION_DENIED,
    errno.EISDIR: ErrorCode.IS_A_DIRECTORY,
}


def _file_error(path: str, exc: OSError) -> OpFailed:
    code = _OS_ERRORS.get(exc.errno or 0, ErrorCode.IO_ERROR)
    return OpFailed(code, f"{path}: {exc.strerror or exc}")


async def read_file(ctx: Context, rid: int, args: Args, upload: Upload | None) -> Any:
    """Stream a regular file's bytes; result: ``{"size": n}``."""
    path = ctx.path(args["path"])
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise _file_error(path, exc) from None
    try:
        info = os.fstat(fd)
    finally:
        os.close(fd)
    if stat.S_ISDIR(info.st_mode):
        raise OpFailed(ErrorCode.IS_A_DIRECTORY, f"{path}: Is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise OpFailed(ErrorCode.NOT_A_FILE, f"{path}: not a regular file")
    await stream_file(ctx, rid, path, 0, info.st_size)
    return {"size": info.st_size}


async def write_file(ctx: Context, rid: int, args: Args, upload: Upload | None) -> Any:
    """Create (or with ``append`` extend) a file from the client's chunks; result: size."""
    assert upload is not None
    path = ctx.path(args["path"])
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if args["append"] else os.O_TRUNC)
    try:
        fd = os.open(path, flags, 0o666)
    except OSError as exc:
        raise _file_error(path, exc) from None
    size = 0
    try:
        async for chunk in upload.chunks():
            view = memoryview(chunk)
            while view:
                view = view[os.write(fd, view) :]
            size += len(chunk)
    except OSError as exc:
        raise _file_error(path, exc) from None
    finally:
        os.close(fd)
    return {"size": size}


HANDLERS: dict[str, Handler] = {
    "ping": ping,
    "attach_runspace": attach_runspace,
    "detach_runspace": detach_runspace,
    "list_runspaces": list_runspaces,
    "remove_runspace": remove_runspace,
    "alloc_ids": alloc_ids,
    "start_job": start_job,
    "list_jobs": list_jobs,
    "receive": receive,
    "commit": commit,
    "stop_job": stop_job,
    "remove_job": remove_job,
    "read_file": read_file,
    "write_file": write_file,
}
