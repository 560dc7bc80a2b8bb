"""Start-Job, Get-Job, Receive-Job, Wait-Job, Stop-Job, Remove-Job.

Semantics are PowerShell's (ps-semantics §1.1–1.6, §2), with design.md's differences:
script blocks are POSIX shell run by the job agent of the current runspace's place
(this machine, or the host of an entered/invoked session), a non-zero exit status makes
a job Failed, and jobs outlive sessions and kernels.

Waiting (Wait-Job, Receive-Job -Wait) is event-driven: jobs tell their listeners about
every change and the wait re-checks its condition then; an interrupt cancels the wait,
never the jobs.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rjkernel.cmdlets.base import Invocation, converts, implements
from rjkernel.cmdlets.joboutput import ErrorLines, origin_of
from rjkernel.cmdlets.jobselect import select_jobs
from rjkernel.cmdlets.objects import input_lines
from rjkernel.errors import ErrorRecord, PSError
from rjkernel.jobs.model import Job, RemoteJobRef
from rjkernel.jobs.states import JobState
from rjkernel.timeouts import within
from rjkernel.transport.shell_text import with_stdin
from rjkernel.values import operators as ops
from rjkernel.values.conversion import ConversionError
from rjkernel.values.objects import PSObject, ScriptBlockValue, TextChunk

if TYPE_CHECKING:
    from rjkernel.runspace.runspace import Runspace
    from rjkernel.runspace.runspaces import Runspaces

# ====================================================================== Start-Job


@implements("Start-Job")
async def start_job(inv: Invocation) -> AsyncIterator[Any]:
    block: ScriptBlockValue = inv.get("ScriptBlock")
    init: ScriptBlockValue | None = inv.get("InitializationScript")
    command = inv.context.shell_text(block.text)
    lines = await input_lines(inv)
    job = await inv.runspace.start_job(
        command=command if lines is None else with_stdin(command, lines),
        display_command=block.text,
        name=inv.get("Name"),
        args=[ops.to_string(a) for a in ops.to_list(inv.get("ArgumentList"))],
        working_directory=inv.get("WorkingDirectory"),
        init_script=inv.context.shell_text(init.text) if init is not None else None,
    )
    yield job


# ====================================================================== Get-Job


@implements("Get-Job")
async def get_job(inv: Invocation) -> AsyncIterator[Any]:
    repo = inv.runspace.jobs
    explicit = any(inv.has(p) for p in ("Id", "Name", "InstanceId", "State", "Command", "Job"))
    if explicit or inv.input is not None:
        jobs = await select_jobs(inv)
        if inv.has("State") and not any(inv.has(p) for p in ("Id", "Name", "InstanceId")):
            jobs = [j for j in jobs if j.parent is None]
    else:
        jobs = repo.top_level()
    if inv.switch("IncludeChildJob") and not inv.has("ChildJobState"):
        jobs = jobs + [c for j in jobs for c in j.children]
    if inv.has("ChildJobState"):
        wanted = inv.get("ChildJobState")
        jobs = jobs + [c for j in jobs for c in j.children if c.state == wanted]
    if inv.has("HasMoreData"):
        flag = bool(inv.get("HasMoreData"))
        jobs = [j for j in jobs if j.has_more_data == flag]
    if inv.has("Before"):
        before: datetime = inv.get("Before")
        jobs = [j for j in jobs if j.end_time is not None and j.end_time < before]
    if inv.has("After"):
        after: datetime = inv.get("After")
        jobs = [j for j in jobs if j.end_time is not None and j.end_time > after]
    unique: dict[int, Job] = {id(j): j for j in jobs}
    result = sorted(unique.values(), key=lambda j: j.id)
    if inv.has("Newest"):
        result = sorted(result, key=lambda j: j.end_time or datetime.max, reverse=True)
        result = result[: int(inv.get("Newest"))]
    for job in result:
        yield job


# ====================================================================== waiting


async def wait_until(jobs: Sequence[Job], condition: Callable[[], bool],
                     timeout: float | None = None) -> bool:
    """Wait until ``condition()`` holds, re-checking on every change of ``jobs``.

    Returns False if ``timeout`` (seconds) expires first. Cancelling the caller (an
    interrupt) just stops waiting.
    """
    changed = asyncio.Event()
    unsubscribe = [job.subscribe(lambda _j: changed.set()) for job in jobs]
    deadline = None if timeout is None else asyncio.get_running_loop().time() + timeout
    try:
        while not condition():
            changed.clear()
            if deadline is None:
                await changed.wait()
                continue
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                return False
            try:
                await within(changed.wait(), remaining)
            except asyncio.TimeoutError:
                return condition()
        return True
    finally:
        for undo in unsubscribe:
            undo()


def _done(job: Job, force: bool) -> bool:
    return job.state.finished if force else job.state.persistent


class _WaitProgress:
    """Progress over several jobs while a wait runs (closed however the wait ends)."""

    def __init__(self, inv: Invocation, jobs: Sequence[Job], activity: str) -> None:
        self.jobs = list(jobs)
        self.progress = inv.host.start_progress(activity, len(jobs)) if len(jobs) > 1 else None
        self._unsub = [j.subscribe(lambda _j: self.update()) for j in self.jobs] if \
            self.progress else []
        self.update()

    def update(self) -> None:
        if self.progress is not None:
            done = sum(1 for j in self.jobs if j.finished)
            failed = sum(1 for j in self.jobs if j.state is JobState.Failed)
            self.progress.update(done, len(self.jobs), failed)

    def close(self) -> None:
        for undo in self._unsub:
            undo()
        if self.progress is not None:
            self.progress.close()


def _blocked_error(inv: Invocation) -> PSError:
    return inv.terminate(
        "The Wait-Job cmdlet cannot finish working, because one or more jobs are blocked "
        "waiting for user interaction.  Process interactive job output by using the "
        "Receive-Job cmdlet, and then try again.",
        "BlockedJobsDeadlockWithWaitJob", "DeadlockDetected",
    )


# ====================================================================== Wait-Job


@implements("Wait-Job")
async def wait_job(inv: Invocation) -> AsyncIterator[Any]:
    jobs = await select_jobs(inv)
    force = inv.switch("Force")
    timeout = inv.get("Timeout", -1)
    timeout_s = None if timeout is None or int(timeout) < 0 else float(timeout)
    any_mode = inv.switch("Any")

    def first_done() -> Job | None:
        return next((j for j in jobs if _done(j, force)), None)

    def condition() -> bool:
        if any(j.state is JobState.Blocked for j in jobs) and not any_mode:
            raise _blocked_error(inv)
        return first_done() is not None if any_mode else all(_done(j, force) for j in jobs)

    if not jobs:
        return
    progress = _WaitProgress(inv, jobs, "Wait-Job")
    try:
        ok = condition() if timeout_s == 0 else await wait_until(jobs, condition, timeout_s)
    finally:
        progress.close()
    if not ok:
        return
    if any(j.state in (JobState.Suspended, JobState.Disconnected) for j in jobs) and not force:
        inv.host.write_warning(
            "One or more jobs are in a suspended or disconnected state, and cannot continue "
            "without additional user input.  Specify the -Force parameter to continue to a "
            "completed, failed, or stopped state."
        )
    if any_mode:
        job = first_done()
        if job is not None:
            yield job
        return
    for job in jobs:
        yield job


# ====================================================================== Stop-Job


async def stop_jobs(jobs: Sequence[Job]) -> None:
    """Stop jobs (all children of each) and return once every one is finished."""

    async def stop_one(job: Job) -> None:
        children = [c for c in job.walk() if not c.children and not c.finished]
        for parent in (j for j in job.walk() if j.children):
            parent.request_stop()
        await asyncio.gather(*(c.backend.stop(c) for c in children if c.backend is not None))

    await asyncio.gather(*(stop_one(j) for j in jobs if not j.finished))


@implements("Stop-Job")
async def stop_job(inv: Invocation) -> AsyncIterator[Any]:
    jobs = await select_jobs(inv)
    inv.changing([j for j in jobs if not j.finished])
    await stop_jobs(jobs)
    if inv.switch("PassThru"):
        for job in jobs:
            yield job


# ====================================================================== Remove-Job


async def remove_jobs(runspaces: Runspaces, jobs: Sequence[Job], fallback: Runspace | None = None
                      ) -> None:
    """Remove finished top-level jobs (their spools too) from the runspaces that hold
    them (``fallback`` for a job no runspace holds; with none, it is just marked
    removed)."""
    for job in jobs:
        for child in (c for c in job.walk() if not c.children):
            if child.backend is not None:
                await child.backend.remove(child)
        owner = runspaces.runspace_of(job) or fallback
        if owner is None:
            job.mark_removed()
        else:
            owner.jobs.remove(job)


def child_removal_error(job: Job) -> ErrorRecord:
    return ErrorRecord(
        message="The command cannot remove the job because it does not exist or because it "
        "is a child job. Child jobs can be removed only by removing the parent job.",
        error_id="CannotRemoveJob", category="InvalidOperation", command="Remove-Job",
        target=job.id,
    )


def unfinished_removal_error(job: Job, *, by_name: bool = False) -> ErrorRecord:
    what = f"the job ID {job.id} and the name {job.name}" if by_name else f"the job ID {job.id}"
    return ErrorRecord(
        message=f"The command cannot remove the job with {what} because the job is not "
        "finished. To remove the job, first stop the job, or use the Force parameter.",
        error_id="JobObjectNotFinishedCannotBeRemoved", category="InvalidOperation",
        command="Remove-Job", target=job.id, exception="System.ArgumentException",
    )


@implements("Remove-Job")
async def remove_job(inv: Invocation) -> AsyncIterator[Any]:
    jobs = await select_jobs(inv, name_searches_children=False)
    force = inv.switch("Force")
    silent_stop = inv.has("State") or inv.has("Command")
    removable: list[Job] = []
    for job in jobs:
        if job.parent is not None:
            inv.write_error(child_removal_error(job))
            continue
        if not job.finished and not (force or silent_stop):
            inv.write_error(unfinished_removal_error(job, by_name=inv.has("Name")))
            continue
        removable.append(job)
    inv.changing(removable)
    await stop_jobs([j for j in removable if not j.finished])
    await remove_jobs(inv.runspaces, removable, inv.runspace)
    return
    yield  # pragma: no cover - async generator


# ====================================================================== Receive-Job


def _require_wait(inv: Invocation) -> None:
    if inv.switch("Wait"):
        return
    texts = {
        "AutoRemoveJob": "The -AutoRemoveJob parameter cannot be used without the -Wait parameter",
        "Force": "The -Force parameter cannot be used without the -Wait parameter.",
        "WriteEvents": "The WriteEvents parameter cannot be used without the Wait parameter.",
        "WriteJobInResults":
            "The -WriteJobInResults parameter cannot be used without the -Wait parameter",
    }
    for name, text in texts.items():
        if inv.switch(name):
            raise inv.terminate(text, "InvalidOperation", "InvalidOperation")


def _data_jobs(inv: Invocation, job: Job) -> list[Job]:
    """The children whose data a receive of ``job`` reads, depth first, filtered."""
    if inv.switch("NoRecurse"):
        return [] if job.children else [job]
    leaves = [j for j in job.walk() if not j.children]
    locations = [ops.to_string(x) for x in ops.to_list(inv.get("Location"))]
    computers = [ops.to_string(x) for x in ops.to_list(inv.get("ComputerName"))]
    sessions = [s.computer_name for s in ops.to_list(inv.get("Session"))]
    wanted = locations + computers + sessions
    if wanted:
        leaves = [j for j in leaves if any(ops.like(j.location, w) for w in wanted)]
    return leaves


async def _receive_once(
    inv: Invocation, job: Job, keep: bool, positions: dict[int, int] | None = None
) -> AsyncIterator[Any]:
    """What is buffered for one data job now: stdout as text, stderr as native error
    records, one per line, in the order the job's spool has them.

    ``positions`` (Receive-Job -Wait -Keep) remembers where this receive got to, since
    a kept receive does not move the job's own cursor.
    """
    if job.backend is None:
        return
    start = positions.get(id(job)) if positions is not None else None
    parent = job.parent
    computer = job.location if parent is not None and parent.type_name == "RemoteJob" else None
    label = parent is not None and len(parent.children) > 1
    errors = ErrorLines(job, inv.write_errors, command=inv.spec.name,
                        invocation=inv.position)
    async for chunk in job.backend.receive(job, keep=keep, start=start):
        if positions is not None:
            positions[id(job)] = chunk.end
        if chunk.stream == "o":
            yield TextChunk(chunk.text, computer, label, chunk.data,
                            origin_of(job, "Output", chunk.time))
        else:
            errors.feed(chunk.text, origin_of(job, "Error", chunk.time))
    errors.flush()


def _failure(inv: Invocation, job: Job) -> None:
    """A Failed child's reason, re-emitted on every receive (ps-semantics §2.4)."""
    if job.state is JobState.Failed and job.reason is not None:
        inv.write_error(job.reason)


@implements("Receive-Job")
async def receive_job(inv: Invocation) -> AsyncIterator[Any]:
    _require_wait(inv)
    jobs = await select_jobs(inv)
    keep = inv.switch("Keep")
    if inv.has("ComputerName"):
        for _ in (j for j in jobs if j.type_name != "RemoteJob"):
            inv.write_error(inv.error_record(
                "The command cannot retrieve the jobs of the specified computers. The "
                "ComputerName parameter can be used only with jobs created by using "
                "PowerShell remoting.", "ComputerNameParameterNotSupported", "InvalidArgument",
            ))
        jobs = [j for j in jobs if j.type_name == "RemoteJob"]
    if not keep:
        inv.changing([j for j in jobs if j.has_more_data])
    if not inv.switch("Wait"):
        async for item in receive_all(inv, jobs, keep=keep):
            yield item
        return
    force = inv.switch("Force")
    if inv.switch("WriteJobInResults"):
        for job in jobs:
            yield job
    progress = _WaitProgress(inv, jobs, "Receive-Job")
    try:
        async for item in _receive_waiting(inv, jobs, keep, force):
            yield item
    finally:
        progress.close()
    if inv.switch("AutoRemoveJob"):
        await remove_jobs(inv.runspaces, [j for j in jobs if j.finished and j.parent is None],
                          inv.runspace)


async def receive_all(inv: Invocation, jobs: Sequence[Job], *, keep: bool = False
                      ) -> AsyncIterator[Any]:
    """What the jobs have buffered now, child by child (ps-semantics §2.4)."""
    for job in jobs:
        for data_job in _data_jobs(inv, job):
            async for item in _receive_once(inv, data_job, keep):
                yield item
            _failure(inv, data_job)


async def _receive_waiting(inv: Invocation, jobs: Sequence[Job], keep: bool, force: bool
                           ) -> AsyncIterator[Any]:
    """Receive-Job -Wait: existing data per child, then new data as it arrives, until
    every job is done and everything spooled has been delivered."""
    data_jobs = [d for j in jobs for d in _data_jobs(inv, j)]
    positions = {id(j): j.consumed for j in data_jobs}
    reported: set[int] = set()
    changed = asyncio.Event()
    unsubscribe = [j.subscribe(lambda _j: changed.set()) for j in [*jobs, *data_jobs]]
    try:
        while True:
            changed.clear()
            for job in data_jobs:
                async for item in _receive_once(inv, job, keep, positions):
                    yield item
                if job.finished and id(job) not in reported:
                    reported.add(id(job))
                    _failure(inv, job)
                    if inv.switch("WriteEvents"):
                        yield state_event(job)
            drained = all(positions[id(j)] >= j.size for j in data_jobs)
            if drained and all(_done(j, force) for j in jobs) and \
                    all(j.finished for j in data_jobs if _done(j.parent or j, force)):
                break
            await changed.wait()
    finally:
        for undo in unsubscribe:
            undo()


def state_event(job: Job) -> PSObject:
    """``Receive-Job -Wait -WriteEvents``: a JobStateEventArgs-like object per finish."""
    return PSObject([("Job", job.parent or job), ("JobStateInfo", job.state),
                     ("PreviousJobStateInfo", JobState.Running)],
                    ("System.Management.Automation.JobStateEventArgs",))


@converts("Job")
def job_converter(value: Any) -> Job:
    """Binder conversion to ``Job``: job objects (returned as they are) and live remote
    references (unwrapped); nothing else converts."""
    if isinstance(value, Job):
        return value
    if isinstance(value, RemoteJobRef):
        return value.job
    raise ConversionError()
