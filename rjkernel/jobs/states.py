"""Job states, exactly PowerShell's ``System.Management.Automation.JobState`` enum.

The numeric values are PowerShell's, so ``-State 2`` binds as ``Completed`` just as it
does there. *Finished* states end a job for good; *persistent* states are where
``Wait-Job`` and ``Receive-Job -Wait`` stop waiting unless ``-Force`` is given
(ps-semantics §2.2).
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
