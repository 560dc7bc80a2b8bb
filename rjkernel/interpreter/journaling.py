"""The engine's side of the journal: watch one cell, then write its line.

A :class:`CellWatch` is made when a cell starts. It notes the time, the jobs that
already exist and the runspace the cell runs in, and wraps the cell's host to count
the bytes shown (only the count: the text itself is never kept, see
``journal/entries.py``). When the cell ends, :meth:`CellWatch.finish` writes the
``cell`` line — unless ``$RJJournal`` is ``$false`` in the runspace the cell ran in or
in the local one — and follows each job the cell started until it is finished, then
writes that job's ``job`` line.
"""

from __future__ import annotations

import contextlib
import getpass
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from rjkernel.display.errors import render_error
from rjkernel.errors import ErrorRecord
from rjkernel.jobs.model import Job
from rjkernel.journal.entries import VERSION, job_note, timestamp
from rjkernel.journal.store import Journal
from rjkernel.runspace.host import Display, Host, Progress
from rjkernel.runspace.runspace import Runspace
from rjkernel.runspace.runspaces import Runspaces

SWITCH_VARIABLE = "RJJournal"
_USER = getpass.getuser()


class CountingHost:
    """A Host that passes everything on and counts the bytes of what is shown."""

    def __init__(self, host: Host) -> None:
        self.host = host
        self.bytes = 0

    def write_text(self, text: str, stream: str = "stdout") -> None:
        self.bytes += len(text.encode())
        self.host.write_text(text, stream)

    def write_display(self, display: Display) -> None:
        self.bytes += len(display.text().encode())
        self.host.write_display(display)

    def write_error(self, record: ErrorRecord) -> None:
        self.bytes += len(render_error(record).encode())
        self.host.write_error(record)

    def write_warning(self, message: str) -> None:
        self.bytes += len(message.encode())
        self.host.write_warning(message)

    async def read_password(self, prompt: str) -> str:
        return await self.host.read_password(prompt)

    async def read_line(self, prompt: str) -> str:
        return await self.host.read_line(prompt)

    def start_progress(self, activity: str, total: int) -> Progress:
        return self.host.start_progress(activity, total)

    def changing(self, objects: Sequence[object], command: str) -> None:
        self.host.changing(objects, command)


def _all_jobs(runspaces: Runspaces) -> list[tuple[Runspace, Job]]:
    return [(r, job) for r in runspaces.all() for job in r.jobs.top_level()]


def _runspace_label(runspace: Runspace) -> str:
    return runspace.name or runspace.kind


class CellWatch:
    """One cell, from its start to its journal line."""

    def __init__(self, journal: Journal, runspaces: Runspaces, host: Host,
                 *, cell_id: str | None) -> None:
        self.journal = journal
        self.runspaces = runspaces
        self.runspace = runspaces.current
        self.host = CountingHost(host)
        self.cell_id = cell_id
        self.start = datetime.now()
        self._before = {id(job) for _, job in _all_jobs(runspaces)}
        runspaces.take_reached()  # what earlier cells (or idle reconnects) reached

    def enabled(self) -> bool:
        """``$RJJournal = $false`` in the cell's runspace or the local one turns it off."""
        return all(r.variables.get(SWITCH_VARIABLE, True) is not False
                   for r in (self.runspace, self.runspaces.local))

    def finish(self, code: str, errors: list[ErrorRecord], status: str) -> None:
        """Write the cell's line; ``status`` is PowerShell's PipelineState name."""
        if not self.enabled():
            return
        started = [(r, job) for r, job in _all_jobs(self.runspaces)
                   if id(job) not in self._before]
        hosts = self.runspaces.take_reached()
        hosts.update(loc for _, job in started for loc in job.location.split(",") if loc)
        history_id = self.journal.next_id()
        try:
            self._append_cell(history_id, code, errors, status, hosts, started)
        except OSError as exc:  # an unsafe store (a link), a full disk: say so, run on
            self.host.write_warning(f"The journal was not written: {exc.strerror or exc}")
            return
        for runspace, job in started:
            if not job.finished:
                self._follow(history_id, runspace, job)

    def _append_cell(self, history_id: int, code: str, errors: list[ErrorRecord],
                     status: str, hosts: set[str], started: list[tuple[Runspace, Job]]
                     ) -> None:
        self.journal.append({
            "v": VERSION, "kind": "cell", "id": history_id, "cellId": self.cell_id,
            "start": timestamp(self.start), "end": timestamp(datetime.now()),
            "status": status, "code": code, "user": _USER,
            "notebook": self.journal.notebook, "kernel": self.journal.kernel_id,
            "runspace": _runspace_label(self.runspace),
            "computer": self.runspace.computer_name, "hosts": sorted(hosts),
            "jobs": [job_note(job, _runspace_label(r)) for r, job in started],
            "errors": [e.fully_qualified_error_id for e in errors],
            "outputBytes": self.host.bytes,
        })

    def _follow(self, history_id: int, runspace: Runspace, job: Job) -> None:
        """Write the job's final state when it gets there (the cell's line has its state
        at the cell's end, usually Running)."""
        journal = self.journal

        def changed(_job: Any) -> None:
            if job.finished:
                unsubscribe()
                with contextlib.suppress(OSError):  # the cell's line said if it can't
                    journal.append({"v": VERSION, "kind": "job", "id": history_id,
                                    "job": job_note(job, _runspace_label(runspace))})

        unsubscribe = job.subscribe(changed)
