"""A runspace's job table (PowerShell's JobRepository).

``Get-Job`` shows the top-level jobs of the current runspace only, sorted by Id;
``-Id``/``-InstanceId`` also find children; ``-Name`` matches top-level jobs only for
removal but any job for lookup (ps-semantics §1.2, §1.6). Ids are unique within a
runspace, never reused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rjkernel.jobs.model import Job


class JobRepository:
    def __init__(self) -> None:
        self._top: dict[int, Job] = {}
        self._all: dict[int, Job] = {}  # parents and children, by Id: lookups stay O(1)

    def add(self, job: Job) -> None:
        self._top[job.id] = job
        for member in job.walk():
            self._all[member.id] = member

    def remove(self, job: Job) -> None:
        self._top.pop(job.id, None)
        for member in job.walk():
            if self._all.get(member.id) is member:
                del self._all[member.id]
        job.mark_removed()

    def top_level(self) -> list[Job]:
        return sorted(self._top.values(), key=lambda j: j.id)

    def everything(self) -> list[Job]:
        """Parents and children, sorted by Id (``Get-Job -IncludeChildJob``)."""
        return sorted(self._all.values(), key=lambda j: j.id)

    def by_id(self, job_id: int) -> Job | None:
        return self._all.get(job_id)

    def by_instance_id(self, instance_id: str) -> Job | None:
        low = instance_id.lower()
        for job in self.everything():
            if job.instance_id.lower() == low:
                return job
        return None

    def matching(self, predicate: Callable[[Job], bool], *, children: bool = True) -> list[Job]:
        pool: Iterable[Job] = self.everything() if children else self.top_level()
        return [j for j in pool if predicate(j)]

    def __contains__(self, job: Job) -> bool:
        return self._all.get(job.id) is job

    def __len__(self) -> int:
        return len(self._top)
