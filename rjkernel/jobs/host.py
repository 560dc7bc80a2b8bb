"""What a runspace and the job agent of its place know of each other.

A runspace starts its jobs through its place's job host (the job agent on that machine);
the host keeps the runspace's jobs in the runspace's job table. Both sides are named
here as protocols, so the runspace layer does not name a backend class and the backends
(``rjkernel/backends/``) do not import the runspace layer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from rjkernel.jobs.model import Job
from rjkernel.jobs.repository import JobRepository


class JobHome(Protocol):
    """A runspace as a job host sees it: who it is and the job table it fills."""

    id: str
    name: str
    kind: str
    jobs: JobRepository

    @property
    def computer_name(self) -> str: ...


class JobHost(Protocol):
    """The job agent of a place, as a runspace uses it."""

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
        """Start a BackgroundJob in ``runspace`` and return its parent job."""

    async def alloc_ids(self, runspace: JobHome, count: int) -> int:
        """Reserve ``count`` consecutive job Ids in ``runspace``; return the first."""
