"""The job model as the kernel sees it: parents, children, states, HasMoreData.

Rules (ps-semantics §2, design.md), all in this file and nowhere else:

1. Every job is a parent with children; each takes an Id from its runspace's counter.
   ``Start-Job`` → parent ``JobN`` + one child; ``Invoke-Command -AsJob`` on N hosts → a
   parent + N children, in argument order. Names default to ``Job<Id>``; ``-Name`` /
   ``-JobName`` renames the parent only.
2. Data lives with children. A child's output is an append-only spool (stdout and
   stderr frames in production order) with a *consumed* cursor: ``Receive-Job`` without
   ``-Keep`` moves it; ``-Keep`` does not; ``.Output``/``.Error`` always read it all.
3. Child state comes from outside (the job agent's events, or the SSH channel that
   runs an ``-AsJob`` child). A child's ``HasMoreData`` is "not finished, or unread
   bytes remain".
4. A parent's state is computed from its children by :func:`aggregate_state` (the table
   of PSRemotingJob.SetStatusToParent, written as one function) over the states its
   children are in — counted as they change, so a 1,000-host job's child updates cost
   O(1) each, not a pass over every child (issue 11); a parent's
   ``HasMoreData`` is True until it is finished, then the OR of its children's, and once
   False it stays False.
5. ``PSBeginTime`` is set the first time a job runs (a parent at creation);
   ``PSEndTime`` once, when it first finishes.
6. rjkernel's difference: a non-zero exit status makes a child ``Failed``; ``ExitCode``
   is kept on the child, and on the parent when all children agree.

7. A state moves only as :data:`~rjkernel.jobs.states.TRANSITIONS` allows; any other
   state news is older than what the job knows and is ignored (finished is final).

Nothing here does I/O: the :class:`JobBackend` a child holds does (the backends live in
``rjkernel/backends/``). Listeners registered on a job hear every change, which is how
tables stay live.

Receive contract (the heart of "no output lost or duplicated"): a backend's ``receive``
yields the chunks between the job's consumed cursor and what is spooled now, in
production order; without ``keep`` it advances the cursor past every chunk it handed
to the consumer, so an interrupted receive neither loses nor repeats output.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from rjkernel.errors import ErrorRecord
from rjkernel.jobs.states import JobState, may_move

Listener = Callable[["Job"], None]


@dataclass(frozen=True)
class OutputChunk:
    """Text a job wrote: ``stream`` is ``"o"`` (stdout) or ``"e"`` (stderr); ``end`` is
    the spool offset just past it (where the next receive starts); ``time`` is when the
    spool got it (Unix seconds, from the frame header), which Receive-Job puts on each
    line as ``Timestamp``; ``data`` the bytes of ``text`` when they were not UTF-8
    (values/decoding.py)."""

    stream: str
    text: str
    end: int
    time: float
    data: bytes | None = None


class JobBackend(Protocol):
    """Where a child job's data and control live: the job cmdlets call it without
    knowing which kind of job they hold."""

    def receive(
        self, job: Job, *, keep: bool, start: int | None = None
    ) -> AsyncIterator[OutputChunk]:
        """Output of a child job from ``start`` (default: its consumed cursor) to what is
        spooled now."""

    async def stop(self, job: Job) -> None:
        """Stop a child; returns once it is finished."""

    async def remove(self, job: Job) -> None:
        """Forget a finished child and delete its spool."""


def aggregate_state(children: Sequence[JobState], stop_requested: bool) -> JobState:
    """A parent's state from its children's (PSRemotingJob rules, ps-semantics §2.2)."""
    if not children:
        return JobState.Stopped if stop_requested else JobState.Completed
    if JobState.Blocked in children:
        return JobState.Blocked
    if JobState.AtBreakpoint in children:
        return JobState.AtBreakpoint
    unfinished = [s for s in children if not s.finished]
    if unfinished:
        if all(s is JobState.Disconnected for s in unfinished):
            return JobState.Disconnected
        return JobState.Running
    if JobState.Failed in children:
        return JobState.Failed
    if stop_requested or JobState.Stopped in children:
        return JobState.Stopped
    return JobState.Completed


class Job:
    """One job object: a parent (``children`` non-empty) or a child (holds the data)."""

    type_names = ("System.Management.Automation.PSRemotingJob", "System.Management.Automation.Job")

    def __init__(
        self,
        *,
        id: int,
        name: str | None = None,
        command: str,
        location: str,
        type_name: str = "",
        instance_id: str | None = None,
        backend: JobBackend | None = None,
    ) -> None:
        self.id = id
        self.name = name or f"Job{id}"
        self.command = command
        self.location = location
        self.type_name = type_name
        self.instance_id = instance_id or str(uuid.uuid4())
        self.backend = backend
        self.parent: Job | None = None
        self.children: list[Job] = []
        self._state = JobState.NotStarted
        self.begin_time: datetime | None = None
        self.end_time: datetime | None = None
        self.exit_code: int | None = None
        self.reason: ErrorRecord | None = None
        self.stop_requested = False
        self.size = 0  # bytes spooled so far (children)
        self.consumed = 0  # bytes Receive-Job has consumed (children)
        self.removed = False
        self._parent_more_data = True
        self._child_states: Counter[JobState] = Counter()  # parents: children per state
        self._listeners: list[Listener] = []

    # ------------------------------------------------------------------ structure

    @classmethod
    def parent_of(
        cls,
        children: Iterable[Job],
        *,
        id: int,
        name: str | None,
        command: str,
        type_name: str,
        instance_id: str | None = None,
    ) -> Job:
        """A parent over ``children``: Running at creation, Location joined with ``,``."""
        kids = list(children)
        parent = cls(
            id=id,
            name=name,
            command=command,
            location=",".join(dict.fromkeys(c.location for c in kids)),
            type_name=type_name,
            instance_id=instance_id,
        )
        parent.children = kids
        for child in kids:
            child.parent = parent
        parent._child_states.update(child.state for child in kids)
        parent._state = JobState.Running
        parent.begin_time = datetime.now()
        parent._recompute()
        return parent

    def walk(self) -> Iterable[Job]:
        """This job and all its descendants, depth first (Receive-Job's order)."""
        yield self
        for child in self.children:
            yield from child.walk()

    # ------------------------------------------------------------------ state

    @property
    def state(self) -> JobState:
        return self._state

    @property
    def finished(self) -> bool:
        return self._state.finished

    @property
    def has_more_data(self) -> bool:
        if self.children:
            if not self.finished:
                return True
            if self._parent_more_data:
                self._parent_more_data = any(c.has_more_data for c in self.children)
            return self._parent_more_data
        return not self.finished or self.size > self.consumed

    def update(
        self,
        *,
        state: JobState | None = None,
        exit_code: int | None = None,
        reason: ErrorRecord | None = None,
        size: int | None = None,
        consumed: int | None = None,
        begin_time: datetime | None = None,
        end_time: datetime | None = None,
    ) -> None:
        """Apply what the backend learned about this child, then tell everyone.

        The state moves only along :data:`~rjkernel.jobs.states.TRANSITIONS`: events
        can arrive out of order after a reconnect, and a job must not go back to
        NotStarted, run again after Stop-Job, or come back to life in a table. Data facts
        (size, consumed, exit code) are taken whatever the state.
        """
        changed = False
        before = self._state
        if state is not None and may_move(self._state, state):
            self._state = state
            changed = True
            if state is not JobState.NotStarted and self.begin_time is None:
                self.begin_time = begin_time or datetime.now()
            if state.finished and self.end_time is None:
                self.end_time = end_time or datetime.now()
        if self._state is JobState.Stopped:
            # the status a stopped command dies with (143 for SIGTERM) is the stop's, not
            # the command's: a stopped job shows Stopped and no ExitCode
            exit_code = None
            if self.exit_code is not None:
                self.exit_code, changed = None, True
        for attr, value in (
            ("exit_code", exit_code),
            ("reason", reason),
            ("size", size),
            ("consumed", consumed),
        ):
            if value is not None and getattr(self, attr) != value:
                setattr(self, attr, value)
                changed = True
        if begin_time is not None and self.begin_time != begin_time:
            self.begin_time, changed = begin_time, True
        if end_time is not None and self.finished and self.end_time != end_time:
            self.end_time, changed = end_time, True
        if changed:
            self._notify()
            parent = self.parent
            if parent is None:
                return
            if self._state is not before:
                parent._child_states[before] -= 1
                parent._child_states[self._state] += 1
            if self._state is not before or exit_code is not None or reason is not None:
                parent._recompute(reasons=reason is not None)
            else:
                parent._notify()  # only data facts moved: HasMoreData, output size

    def _recompute(self, *, reasons: bool = True) -> None:
        """Derive the parent's state, end time, exit code and reason from its children
        (the reason — the first child's that has one — only when ``reasons``: a child's
        changed).

        Listeners are told even when the state did not move (a child's exit code or
        reason shows on the parent).
        """
        present = [state for state, count in self._child_states.items() if count]
        new = aggregate_state(present, self.stop_requested)
        if may_move(self._state, new):
            self._state = new
            if new.finished:
                ends = [c.end_time for c in self.children if c.end_time]
                self.end_time = max(ends) if ends else datetime.now()
        if self.finished:
            codes = {c.exit_code for c in self.children}
            self.exit_code = codes.pop() if len(codes) == 1 else None
        if reasons:
            self.reason = next((c.reason for c in self.children if c.reason is not None),
                               None)
        self._notify()

    def request_stop(self) -> None:
        """Stop-Job was called on this parent: its final state will be Stopped unless
        a child failed (Failed takes precedence, ps-semantics §0.4)."""
        self.stop_requested = True
        self._recompute()

    # ------------------------------------------------------------------ data facts

    @property
    def total_size(self) -> int:
        """Bytes of output spooled by this job and its children."""
        return self.size + sum(c.total_size for c in self.children)

    @property
    def unread(self) -> int:
        return max(0, self.size - self.consumed)

    # ------------------------------------------------------------------ listeners

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(job)`` after each change; returns an unsubscribe function."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _notify(self) -> None:
        for listener in list(self._listeners):
            listener(self)

    def mark_removed(self) -> None:
        """Remove-Job dropped it: tables showing it should drop the row."""
        for job in self.walk():
            job.removed = True
            job._notify()

    # ------------------------------------------------------------------ PowerShell view

    @property
    def status_message(self) -> str:
        """Why a Failed job failed (its reason's message), else empty.

        PowerShell leaves ``StatusMessage`` empty for remoting jobs and keeps the reason
        in ``JobStateInfo.Reason``; rjkernel also puts it here so that ``Format-List *``
        and the tables say why a job failed without a second command."""
        if self.state is JobState.Failed and self.reason is not None:
            return self.reason.message
        return ""

    def ps_properties(self) -> dict[str, Any]:
        """Properties in ``Format-List *`` order (ps-semantics §2.1), plus ExitCode."""
        return {name: read(self) for name, read in _JOB_PROPERTIES.items()}

    def ps_property(self, name: str) -> tuple[str, Any] | None:
        """One property (as named in :meth:`ps_properties`, and its value), found
        case-insensitively, or None: ``$j.State`` in a loop reads one, not all."""
        found = _JOB_PROPERTY_NAMES.get(name.lower())
        return None if found is None else (found, _JOB_PROPERTIES[found](self))

    def __repr__(self) -> str:
        return f"<Job {self.id} {self.name} {self.state.name}>"


_JOB_PROPERTIES: dict[str, Callable[[Job], Any]] = {
    "State": lambda job: job.state,
    "HasMoreData": lambda job: job.has_more_data,
    "StatusMessage": lambda job: job.status_message,
    "Location": lambda job: job.location,
    "Command": lambda job: job.command,
    "JobStateInfo": lambda job: JobStateInfo(job.state, job.reason),
    "InstanceId": lambda job: job.instance_id,
    "Id": lambda job: job.id,
    "Name": lambda job: job.name,
    "ChildJobs": lambda job: list(job.children),
    "PSBeginTime": lambda job: job.begin_time,
    "PSEndTime": lambda job: job.end_time,
    "PSJobTypeName": lambda job: job.type_name,
    "ExitCode": lambda job: job.exit_code,
    "Output": lambda job: JobStream(job, "o"),
    "Error": lambda job: JobStream(job, "e"),
}
_JOB_PROPERTY_NAMES = {name.lower(): name for name in _JOB_PROPERTIES}


class JobStateInfo:
    """``$job.JobStateInfo``: the state, and for a Failed job the ``Reason`` (the error
    Receive-Job re-emits). Shown as the state's name, as PowerShell shows it."""

    def __init__(self, state: JobState, reason: ErrorRecord | None) -> None:
        self.state = state
        self.reason = reason

    def ps_properties(self) -> dict[str, Any]:
        return {"State": self.state, "Reason": self.reason.message if self.reason else None}

    def __str__(self) -> str:
        return self.state.name


class JobStream:
    """``$job.Output`` / ``$job.Error``: everything the job ever wrote on that stream.

    Reading it needs I/O (the spool may be on a remote host), so the evaluator resolves
    it when a cell asks for it (``cmdlets/joboutput.py``: lines and error records that
    know their origin, as Receive-Job returns them); receiving never clears it
    (MicrosoftDocs #3725).
    """

    def __init__(self, job: Job, stream: str) -> None:
        self.job = job
        self.stream = stream

    def __repr__(self) -> str:
        return "{}"


class RemoteJobRef:
    """A job of another runspace, as returned by ``Invoke-Command -Session $s { … }``.

    PowerShell returns a dead deserialized snapshot whose table gets a trailing
    ``PSComputerName`` column. rjkernel returns this live reference instead (the
    "better" of ps-semantics §9.15): it shows that same column, its State keeps
    updating, and local job cmdlets accept it (``Receive-Job $j`` reaches the job in its
    session).
    """

    type_names = (
        "Deserialized.System.Management.Automation.PSRemotingJob",
        "Deserialized.System.Management.Automation.Job",
    )

    def __init__(self, job: Job, computer: str) -> None:
        self.job = job
        self.computer = computer

    def ps_properties(self) -> dict[str, Any]:
        props = self.job.ps_properties()
        props["PSComputerName"] = self.computer
        return props

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        return self.job.subscribe(lambda _job: listener(self.job))

    @property
    def total_size(self) -> int:
        """The referenced job's spooled output (the rich tables' Output column)."""
        return self.job.total_size

    def __repr__(self) -> str:
        return f"<RemoteJobRef {self.computer} {self.job!r}>"
