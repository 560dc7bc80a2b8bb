"""Job states, exactly PowerShell's ``System.Management.Automation.JobState`` enum, and
the moves between them.

The numeric values are PowerShell's, so ``-State 2`` binds as ``Completed`` just as it
does there. *Finished* states end a job for good; *persistent* states are where
``Wait-Job`` and ``Receive-Job -Wait`` stop waiting unless ``-Force`` is given
(ps-semantics §2.2).

:data:`TRANSITIONS` is the life cycle the JobState documentation describes (NotStarted →
Running → Completed/Failed/Stopped, through Stopping, Blocked, Suspending/Suspended,
Disconnected and AtBreakpoint). Job states arrive from outside (agent events, an SSH
channel, a reconnect that replays old records), so a move the table does not allow is
news that is older than what the job already knows: the model ignores it rather than
let a job go back to NotStarted or come back to life after it finished.
"""

from __future__ import annotations

import enum


class JobState(enum.IntEnum):
    NotStarted = 0
    Running = 1
    Completed = 2
    Failed = 3
    Stopped = 4
    Blocked = 5
    Suspended = 6
    Disconnected = 7
    Suspending = 8
    Stopping = 9
    AtBreakpoint = 10

    def __str__(self) -> str:
        return self.name

    @property
    def finished(self) -> bool:
        """Completed, Failed or Stopped: the job will never change again."""
        return self in FINISHED

    @property
    def persistent(self) -> bool:
        """Finished, or parked (Suspended/Disconnected): waits without ``-Force`` end here."""
        return self in PERSISTENT


FINISHED = frozenset({JobState.Completed, JobState.Failed, JobState.Stopped})
PERSISTENT = FINISHED | {JobState.Suspended, JobState.Disconnected}


_S = JobState
_ENDS = FINISHED | {_S.Stopping, _S.Disconnected}  # any live job may end, be stopped, drop
TRANSITIONS: dict[JobState, frozenset[JobState]] = {
    # queued (-AsJob behind -ThrottleLimit): it starts, or is stopped or fails first
    _S.NotStarted: frozenset(_ENDS | {_S.Running, _S.Blocked}),
    _S.Running: frozenset(_ENDS | {_S.Blocked, _S.Suspending, _S.Suspended, _S.AtBreakpoint}),
    _S.Blocked: frozenset(_ENDS | {_S.Running}),
    _S.AtBreakpoint: frozenset(_ENDS | {_S.Running}),
    _S.Suspending: frozenset(_ENDS | {_S.Suspended}),
    _S.Suspended: frozenset(_ENDS | {_S.Running}),
    # reconnected: the job shows where it really is now
    _S.Disconnected: frozenset(FINISHED | {_S.Stopping, _S.Running, _S.Blocked,
                                           _S.Suspended, _S.AtBreakpoint}),
    # Stop-Job was heard: the job ends (or drops); it never runs again
    _S.Stopping: frozenset(FINISHED | {_S.Disconnected}),
    # finished is final
    **{state: frozenset() for state in FINISHED},
}


def may_move(old: JobState, new: JobState) -> bool:
    """Whether a job in ``old`` may go to ``new`` (see :data:`TRANSITIONS`)."""
    return new in TRANSITIONS[old]
