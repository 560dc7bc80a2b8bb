"""Jobs kept by a job agent (Start-Job here, or inside a session on a host).

:class:`AgentJobs` is the kernel's view of one agent: it attaches runspaces, turns the
agent's job records into :class:`~rjkernel.jobs.model.Job` objects (a parent with its
one child, as PowerShell's Start-Job makes), applies the events the agent pushes to
them, and is their :class:`~rjkernel.jobs.model.JobBackend`: receive, stop and
remove go back to the agent. To a runspace it is its place's
:class:`~rjkernel.jobs.host.JobHost`.

Receiving commits only what was delivered: frames are handed on one by one and the
consumed cursor moves to the end of the last frame handed on, even if the receive is
cut short (an interrupt, ``Select-Object -First``, a dropped connection), so output is
never lost or repeated. The kernel's cursor is authoritative: it moves before the commit
is sent, and a commit the agent did not hear (the connection dropped) is sent again when
the runspace is re-attached.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from datetime import datetime

from rjkernel.agent.protocol import ErrorCode, JobRecord
from rjkernel.agent.spool import HEADER
from rjkernel.errors import ErrorRecord, PSError
from rjkernel.jobs.host import JobHome
from rjkernel.jobs.model import Job, OutputChunk
from rjkernel.jobs.states import JobState
from rjkernel.transport.agent_client import (
    AgentClient,
    AgentClosed,
    AgentError,
    AgentRequestError,
    AgentTimeout,
    JobEvent,
    RunspaceEvent,
)
from rjkernel.values.decoding import OutputDecoder


def failure_reason(record: JobRecord, computer: str | None) -> ErrorRecord | None:
    """Why a Failed job failed, as the error Receive-Job re-emits on every call."""
    if record.state != "Failed":
        return None
    if record.reason:
        message = record.reason
    elif record.signal:
        message = f"The job's command was killed by signal {record.signal}."
    else:
        message = f"The job's command exited with status {record.exit_code}."
    return ErrorRecord(
        message=message, error_id="JobStateFailed", category="InvalidResult",
        command="Receive-Job", target=f"Job{record.child_id}",
        computer=None if computer in (None, "localhost") else computer,
    )


def taken_over(computer: str, name: str, kind: str = "session") -> ErrorRecord:
    """What the loser of a takeover (``Connect-PSSession -Force`` elsewhere) reads."""
    what, back = (
        ("This kernel's local runspace", "Restart this kernel for a new local runspace.")
        if kind == "local" else
        (f"The session {name}", "To take it back, run Connect-PSSession -Force on this session."))
    return ErrorRecord(
        message=f"[{computer}] {what} was taken over by another client "
        f"(Connect-PSSession -Force); its jobs belong to that client now. {back}",
        error_id="PSSessionTakenOver", category="ResourceUnavailable", target=name,
        computer=None if computer == "localhost" else computer,
    )


def in_use(computer: str, name: str) -> ErrorRecord:
    """Connect-PSSession to a session another live client holds (Availability Busy):
    PowerShell's text for a session it cannot connect, and the way out."""
    return ErrorRecord(
        message=f'Cannot connect PSSession "{name}", either because it is not in the '
        "Disconnected state, or it is not available for connection. Another live client "
        f"holds it on {computer}; Connect-PSSession -Force takes it over.",
        error_id="PSSessionConnectFailed", category="InvalidOperation", target=name,
    )


def _time(stamp: float | None) -> datetime | None:
    return None if stamp is None else datetime.fromtimestamp(stamp)


class AgentJobs:
    """The runspaces and jobs this kernel holds on one agent."""

    def __init__(self, client: AgentClient, *, computer: str) -> None:
        self.client = client
        self.computer = computer
        self._runspaces: dict[str, JobHome] = {}
        self._children: dict[tuple[str, int], Job] = {}
        # Both keyed by (runspace id, the agent's job id = the parent's Id).
        self._keys: dict[int, tuple[str, int]] = {}  # id(child Job) -> key
        self._taken: dict[str, JobHome] = {}  # runspaces another client took over
        self._lost_listeners: list[Callable[[JobHome], None]] = []
        self._unsubscribe = client.on_event(self._on_event)

    @property
    def closed(self) -> bool:
        return self.client.is_closed

    # ------------------------------------------------------------------ runspaces

    async def attach(self, runspace: JobHome, *, takeover: bool = False) -> list[Job]:
        """Attach ``runspace`` (create it in the store, or hold it again) and bring its
        jobs into the runspace's job table.

        A runspace another live client holds is refused unless ``takeover`` (an explicit
        ``Connect-PSSession -Force``); that client is told, and reads :func:`taken_over`.
        """
        if runspace.id in self._runspaces:
            return []
        if not takeover:
            self._refuse_taken(runspace.id)
        try:
            result = await self.client.attach_runspace(
                runspace.id, name=runspace.name, computer=runspace.computer_name,
                kind=runspace.kind, takeover=takeover,
            )
        except AgentRequestError as exc:
            if exc.code != ErrorCode.RUNSPACE_IN_USE:
                raise
            raise PSError(in_use(self.computer, runspace.name)) from None
        self._taken.pop(runspace.id, None)
        self._runspaces[runspace.id] = runspace
        jobs = [self._materialize(runspace, record) for record in result.jobs]
        for record in result.jobs:
            await self._catch_up(record)
        return jobs

    def holds(self, runspace: JobHome) -> bool:
        return runspace.id in self._runspaces

    async def release(self, runspace: JobHome, *, keep: bool) -> None:
        """Let go of a runspace whose session ends.

        With jobs (or ``keep``: Disconnect-PSSession) it stays in the store, disconnected,
        for Connect-PSSession to find; a runspace with nothing left in it is removed, so
        ``Get-PSSession -ComputerName`` does not list sessions that hold nothing.
        """
        if self._runspaces.pop(runspace.id, None) is None or self.closed:
            return
        with contextlib.suppress(AgentError):
            if keep or runspace.jobs.top_level():
                await self.client.detach_runspace(runspace.id)
            else:
                await self.client.remove_runspace(runspace.id)

    async def alloc_ids(self, runspace: JobHome, count: int) -> int:
        await self.attach(runspace)
        with self._holding(runspace.id):
            return await self.client.alloc_ids(runspace.id, count)

    def on_lost(self, listener: Callable[[JobHome], None]) -> None:
        """Call ``listener(runspace)`` when another client takes a runspace over."""
        self._lost_listeners.append(listener)

    def _lose(self, runspace_id: str) -> None:
        """Another client attached the runspace: its jobs are not ours to show as live."""
        runspace = self._runspaces.pop(runspace_id, None)
        if runspace is None:
            return
        self._taken[runspace_id] = runspace
        for (rid, _), child in self._children.items():
            if rid == runspace_id and not child.finished:
                child.update(state=JobState.Disconnected)
        for listener in list(self._lost_listeners):
            listener(runspace)

    def _refuse_taken(self, runspace_id: str) -> None:
        taken = self._taken.get(runspace_id)
        if taken is not None:
            raise PSError(taken_over(self.computer, taken.name, taken.kind))

    @contextlib.contextmanager
    def _holding(self, runspace_id: str) -> Iterator[None]:
        """Around a request that needs the runspace attached here: one that finds it
        taken over (the agent's datagram about it may have been lost) says so."""
        self._refuse_taken(runspace_id)
        try:
            yield
        except AgentRequestError as exc:
            if exc.code != ErrorCode.RUNSPACE_NOT_ATTACHED or runspace_id not in self._runspaces:
                raise
            self._lose(runspace_id)
            taken = self._taken[runspace_id]
            raise PSError(taken_over(self.computer, taken.name, taken.kind)) from None

    # ------------------------------------------------------------------ starting

    async def start(
        self,
        runspace: JobHome,
        *,
        command: str,
        display_command: str,
        name: str | None,
        args: Sequence[str],
        working_directory: str | None,
        init_script: str | None,
    ) -> Job:
        await self.attach(runspace)
        try:
            with self._holding(runspace.id):
                record = await self.client.start_job(
                    runspace.id, command, argv=args, name=name, cwd=working_directory,
                    init=init_script, display_command=display_command,
                )
        except AgentRequestError as exc:
            raise PSError(self._start_error(exc, working_directory)) from None
        return self._materialize(runspace, record)

    @staticmethod
    def _start_error(exc: AgentRequestError, working_directory: str | None) -> ErrorRecord:
        if exc.code == "DirectoryNotFound":
            return ErrorRecord(
                message=f"Cannot find path '{working_directory}' because it does not exist.",
                error_id="DirectoryNotFoundException", category="InvalidArgument",
                command="Start-Job", target=working_directory,
                exception="System.IO.DirectoryNotFoundException",
            )
        return ErrorRecord(message=str(exc), error_id=exc.code, category="InvalidOperation",
                           command="Start-Job")

    def _materialize(self, runspace: JobHome, record: JobRecord) -> Job:
        """The parent Job for an agent record, created on first sight, updated after."""
        key = (record.runspace, record.id)
        child = self._children.get(key) or self._adopt(runspace, record)
        if child is None:
            child = Job(id=record.child_id, command=record.command, location=record.location,
                        backend=self)
            parent = Job.parent_of([child], id=record.id, name=record.name,
                                   command=record.command, type_name=record.type_name)
            parent.begin_time = _time(record.begin)
            self._children[key] = child
            self._keys[id(child)] = key
            runspace.jobs.add(parent)
        self._apply(child, record)
        assert child.parent is not None
        if child.parent not in runspace.jobs:  # a runspace re-attached by a new session
            runspace.jobs.add(child.parent)
        return child.parent

    def _adopt(self, runspace: JobHome, record: JobRecord) -> Job | None:
        """After a reconnect, the Job objects users hold (``$job``) are kept: the new
        agent connection takes over their children instead of making new ones."""
        child = runspace.jobs.by_id(record.child_id)
        if child is None or child.parent is None or child.parent.id != record.id:
            return None
        child.backend = self
        key = (record.runspace, record.id)
        self._children[key] = child
        self._keys[id(child)] = key
        return child

    def _apply(self, child: Job, record: JobRecord) -> None:
        child.update(
            state=JobState[record.state],
            exit_code=record.exit_code,
            reason=failure_reason(record, self.computer),
            size=record.size,
            # the cursor only moves forward: a record older than a receive this kernel
            # made (an event in flight, the store before a missed commit) cannot undo it
            consumed=max(child.consumed, record.consumed),
            begin_time=_time(record.begin),
            end_time=_time(record.end),
        )

    def _on_event(self, event: object) -> None:
        if isinstance(event, RunspaceEvent) and event.state == "TakenOver":
            self._lose(event.runspace)
        elif isinstance(event, JobEvent):
            record = event.job
            child = self._children.get((record.runspace, record.id))
            if child is not None:
                self._apply(child, record)
            elif record.runspace in self._runspaces:
                self._materialize(self._runspaces[record.runspace], record)

    def _key(self, job: Job) -> tuple[str, int]:
        key = self._keys.get(id(job))
        if key is not None:
            return key
        raise PSError(ErrorRecord(message=f"Job {job.id} is not known to the job agent.",
                                  error_id="JobNotFound", category="ObjectNotFound"))

    # ------------------------------------------------------------------ JobBackend

    async def receive(self, job: Job, *, keep: bool, start: int | None = None
                      ) -> AsyncIterator[OutputChunk]:
        runspace, job_id = self._key(job)
        self._refuse_taken(runspace)  # its data is the other client's to consume now
        offset = job.consumed if start is None else start
        stream = self.client.receive(runspace, job_id, offset=offset)
        decoders = {s: OutputDecoder() for s in ("o", "e")}
        delivered = offset
        try:
            async for frame in stream:
                end = delivered + HEADER.size + len(frame.data)
                text, data = decoders[frame.stream].decode(frame.data)
                delivered = end
                if text:
                    yield OutputChunk(frame.stream, text, end, frame.time, data)
            if stream.result is not None:
                self._apply(job, stream.result.job)
        finally:
            if not keep and delivered > offset:
                # What was handed on reached the user: it is delivered whether or not
                # the agent can hear it now. The cursor moves here first; a commit cut
                # by a dropped connection reaches the agent when the runspace is
                # attached again (see attach).
                job.update(consumed=max(job.consumed, delivered))
                with contextlib.suppress(AgentClosed, AgentTimeout):
                    await asyncio.shield(self._commit(job, runspace, job_id, delivered))

    async def _commit(self, job: Job, runspace: str, job_id: int, offset: int) -> None:
        with self._holding(runspace):
            record = await self.client.commit(runspace, job_id, offset)
        self._apply(job, record)

    async def _catch_up(self, record: JobRecord) -> None:
        """Tell the agent of a cursor it missed (this kernel's cursor is the truth: it
        knows what reached the user)."""
        child = self._children.get((record.runspace, record.id))
        if child is not None and child.consumed > record.consumed:
            await self._commit(child, record.runspace, record.id, child.consumed)

    async def stop(self, job: Job) -> None:
        runspace, job_id = self._key(job)
        with self._holding(runspace):
            self._apply(job, await self.client.stop_job(runspace, job_id))

    async def remove(self, job: Job) -> None:
        runspace, job_id = self._key(job)
        with contextlib.suppress(AgentRequestError):
            await self.client.remove_job(runspace, job_id, force=True)
        self._keys.pop(id(self._children.pop((runspace, job_id), job)), None)

    # ------------------------------------------------------------------ lifetime

    def runspaces(self) -> list[JobHome]:
        return list(self._runspaces.values())

    def mark_disconnected(self) -> None:
        """The connection to the agent broke: unfinished jobs show Disconnected until a
        new agent re-attaches their runspace and tells their real state."""
        for child in self._children.values():
            if not child.finished:
                child.update(state=JobState.Disconnected)

    async def close(self) -> None:
        self._unsubscribe()
        await self.client.close()

