"""What the buttons of a live job table do: Receive, Stop and Remove one row's job.

Each button is its cmdlet applied to one job, with the cmdlet's semantics and texts:

* **Receive** is ``Receive-Job`` (consuming, as without ``-Keep``): the output of the
  job's children, depth first, lines labelled ``[host]`` when a parent has several,
  stderr as such, and a Failed child's reason — but bounded: it stops taking output
  after :data:`RECEIVE_LIMIT` characters, and since a backend commits only what it
  handed on, the rest stays for the next Receive (nothing is lost);
* **Stop** is ``Stop-Job`` (:func:`~rjkernel.cmdlets.jobs.stop_jobs`);
* **Remove** is ``Remove-Job`` without ``-Force``: a running job or a child job is
  refused with PowerShell's error, raised as :class:`~rjkernel.errors.PSError` so the
  table can show it in ConciseView.

They run on the kernel's main loop (the loop of the SSH connections and agents).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rjkernel.cmdlets.jobs import (
    child_removal_error,
    remove_jobs,
    stop_jobs,
    unfinished_removal_error,
)
from rjkernel.display.outdefault import HostLabeller
from rjkernel.errors import PSError
from rjkernel.jobs.model import Job
from rjkernel.jobs.states import JobState
from rjkernel.live.rows import Received
from rjkernel.values.objects import TextChunk

if TYPE_CHECKING:
    from rjkernel.runspace.runspaces import Runspaces

RECEIVE_LIMIT = 64 * 1024  # characters one click shows


class JobActions:
    def __init__(self, runspaces: Runspaces) -> None:
        self.runspaces = runspaces

    async def receive(self, job: Job) -> Received:
        received = Received(f"Receive-Job {job.id}")
        labels = HostLabeller()
        shown = 0
        for leaf in (j for j in job.walk() if not j.children):
            several = leaf.parent is not None and len(leaf.parent.children) > 1
            if leaf.backend is not None and shown < RECEIVE_LIMIT:
                async for chunk in leaf.backend.receive(leaf, keep=False):
                    text = labels.feed(TextChunk(chunk.text, leaf.location, label=several))
                    received.parts.append((chunk.stream, text))
                    shown += len(chunk.text)
                    if shown >= RECEIVE_LIMIT:
                        break
                rest = labels.flush()
                if rest:
                    received.parts.append(("o", rest))
            received.more = received.more or leaf.unread > 0
            if leaf.state is JobState.Failed and leaf.reason is not None:
                received.errors.append(leaf.reason)
        return received

    async def stop(self, job: Job) -> None:
        await stop_jobs([job])

    async def remove(self, job: Job) -> None:
        if job.parent is not None:
            raise PSError(child_removal_error(job))
        if not job.finished:
            raise PSError(unfinished_removal_error(job))
        await remove_jobs(self.runspaces, [job])
