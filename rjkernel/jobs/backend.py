"""Where a child job's data and control live.

A child job's output is in a spool (on the host that ran it, or on this machine for
``-AsJob`` children whose output streamed back over SSH); stopping and removing it
means talking to whoever runs it. :class:`JobBackend` is that seam: the job cmdlets
call it without knowing which kind of job they hold.

Receive contract (the heart of "no output lost or duplicated"): ``receive`` yields the
chunks between the job's consumed cursor and what is spooled now, in production order;
without ``keep`` it advances the cursor only past chunks that were actually delivered
to the consumer, so an interrupted receive neither loses nor repeats output.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from rjkernel.jobs.model import Job


@dataclass(frozen=True)
class OutputChunk:
    """Text a job wrote: ``stream`` is ``"o"`` (stdout) or ``"e"`` (stderr); ``end`` is
    the spool offset just past it (where the next receive starts)."""

    stream: str
    text: str
    end: int


class JobBackend(Protocol):
    def receive(
        self, job: Job, *, keep: bool, start: int | None = None
    ) -> AsyncIterator[OutputChunk]:
        """Output of a child job from ``start`` (default: its consumed cursor) to what is
        spooled now."""

    async def stop(self, job: Job) -> None:
        """Stop a child; returns once it is finished."""

    async def remove(self, job: Job) -> None:
        """Forget a finished child and delete its spool."""
