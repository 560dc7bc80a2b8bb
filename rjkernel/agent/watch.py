"""Job events for the client: what changed in the runspaces this agent holds.

The agent remembers the last record it told the client about for every job of its
attached runspaces. Supervisors' datagrams (notify.py) mark jobs dirty; a flush, run
once per burst of datagrams, re-reads each dirty job from the store and pushes a ``job``
event when the record differs. Nothing runs when nothing happens, except a slow sweep
while some job is Running: it catches supervisors that vanished and datagrams that
were lost, and re-reads those jobs checking the supervisor's lock.

Whenever a handler reads a job, the record goes through :meth:`JobWatch.report` too,
so an event about a change always goes out before any reply that shows it.

It also owns the other direction of the socket: a datagram saying another agent took
over one of our runspaces drops that runspace and tells the client with a
``runspace`` event.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from typing import Dict, Optional, Set, Tuple

from . import notify
from .output import OutputChannel
from .protocol import JobRecord, OpFailed, encode_event
from .store import Store

SWEEP_INTERVAL = 5.0
STOP_POLL = 0.25
"""How often a pending stop re-reads a job whose datagrams may not reach us."""

_Key = Tuple[str, int]


class JobWatch:
    def __init__(self, store: Store, output: OutputChannel, sock: socket.socket) -> None:
        self.store = store
        self.output = output
        self.sock = sock
        self.attached: Set[str] = set()
        self._last: Dict[_Key, JobRecord] = {}
        self._dirty: Set[_Key] = set()
        self._changed: Dict[_Key, asyncio.Event] = {}
        self._loop = asyncio.get_running_loop()
        self._flush_scheduled = False
        self._sweep: Optional[asyncio.TimerHandle] = None
        self._loop.add_reader(sock.fileno(), self._on_datagrams)

    def close(self) -> None:
        self._loop.remove_reader(self.sock.fileno())
        if self._sweep is not None:
            self._sweep.cancel()

    # -- what the handlers tell us -------------------------------------------------------

    def attach(self, runspace: str, records: list[JobRecord]) -> None:
        """Start watching ``runspace``; the client got ``records`` in the attach reply."""
        self.attached.add(runspace)
        for record in records:
            self.track(record)

    def detach(self, runspace: str) -> None:
        self.attached.discard(runspace)
        for key in [k for k in self._last if k[0] == runspace]:
            self.forget(*key)

    def track(self, record: JobRecord) -> None:
        """The client knows ``record`` (a reply carried it): events report changes from it."""
        self._last[(record.runspace, record.id)] = record
        if not record.finished:
            self._arm_sweep()

    def forget(self, runspace: str, job: int) -> None:
        self._last.pop((runspace, job), None)
        self._dirty.discard((runspace, job))

    def report(self, record: JobRecord) -> JobRecord:
        """A handler read ``record``: if the client has not been told, push the event now,
        before the reply that carries it (so events never lag behind replies)."""
        self._report((record.runspace, record.id), record)
        return record

    def _mark_dirty(self, runspace: str, job: int) -> None:
        """Re-read the job soon and push an event if it changed."""
        self._dirty.add((runspace, job))
        if not self._flush_scheduled:
            self._flush_scheduled = True
            self._loop.call_soon(self._flush)

    async def until_finished(self, runspace: str, job: int) -> JobRecord:
        """Wait until the job has finished (a Stop-Job is under way) and return it."""
        key = (runspace, job)
        while True:
            record = self.store.job_record(runspace, job, check_alive=True)
            if record.finished:
                self._report(key, record)
                return record
            changed = self._changed.setdefault(key, asyncio.Event())
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(changed.wait(), STOP_POLL)

    # -- datagrams ------------------------------------------------------------------------

    def _on_datagrams(self) -> None:
        while True:
            try:
                datagram = self.sock.recv(notify.MAX_DATAGRAM)
            except BlockingIOError:
                return
            except OSError:
                return
            message = notify.decode(datagram)
            if message is None:
                continue
            job = message.get("job")
            if isinstance(job, list) and len(job) == 2 and job[0] in self.attached:
                self._mark_dirty(str(job[0]), int(job[1]))
            lost = message.get("lost")
            if isinstance(lost, str) and lost in self.attached:
                self.detach(lost)
                by = message.get("by")
                fields = {"runspace": lost, "state": "TakenOver", "by": by}
                self.output.send(encode_event("runspace", fields))

    def _flush(self) -> None:
        self._flush_scheduled = False
        dirty, self._dirty = self._dirty, set()
        for runspace, job in sorted(dirty):
            if runspace in self.attached:
                self._refresh(runspace, job, check_alive=False)

    def _refresh(self, runspace: str, job: int, *, check_alive: bool) -> None:
        try:
            record = self.store.job_record(runspace, job, check_alive=check_alive)
        except OpFailed:  # removed meanwhile
            self.forget(runspace, job)
            return
        self._report((runspace, job), record)

    def _report(self, key: _Key, record: JobRecord) -> None:
        if key[0] in self.attached and self._last.get(key) != record:
            self._last[key] = record
            self.output.send(encode_event("job", record.to_wire()))
        changed = self._changed.pop(key, None)
        if changed is not None:
            changed.set()

    # -- the safety sweep ---------------------------------------------------------------

    def _arm_sweep(self) -> None:
        if self._sweep is None:
            self._sweep = self._loop.call_later(SWEEP_INTERVAL, self._run_sweep)

    def _run_sweep(self) -> None:
        self._sweep = None
        running = [key for key, record in self._last.items() if not record.finished]
        for runspace, job in running:
            self._refresh(runspace, job, check_alive=True)
        if any(not record.finished for record in self._last.values()):
            self._arm_sweep()
