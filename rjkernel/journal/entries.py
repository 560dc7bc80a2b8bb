"""What a journal line holds, and the HistoryInfo objects Get-History makes of them.

Three kinds of line (``"kind"``), each with ``"v": 1``:

* ``cell`` — one per executed cell: ``id`` (the history Id), ``cellId`` (JupyterLab's,
  from the execute request), ``start``/``end`` (ISO 8601 with the UTC offset),
  ``status`` (PowerShell's PipelineState: Completed, Failed, Stopped), ``code``,
  ``user``, ``notebook``, ``kernel``, ``runspace`` and ``computer`` (where the cell ran),
  ``hosts`` (every host it reached), ``jobs`` (those it started, as they were when it
  ended), ``errors`` (FullyQualifiedErrorIds) and ``outputBytes``;
* ``job`` — a job a cell started reached its final state: ``id`` is that cell's, ``job``
  the job as in ``jobs``; Get-History shows the cell's jobs with these states;
* ``cleared`` — written first by Clear-History; its ``id`` keeps Ids counting on.

A job is recorded by Id, name, location, state, exit code, instance id and the runspace
that holds it: its output stays in that runspace's job store and is reached from there
(``Receive-Job``), the journal only points at it. Nothing a cell printed is recorded,
only how many bytes it printed, so what is typed at a prompt (passwords,
``Read-Host -AsSecureString``) can never reach the journal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from rjkernel.jobs.model import Job
from rjkernel.values.objects import PSObject

VERSION = 1
HISTORY_TYPE = "Microsoft.PowerShell.Commands.HistoryInfo"


def timestamp(moment: datetime) -> str:
    """A journal time: local time with its UTC offset, so files read the same anywhere."""
    return moment.astimezone().isoformat(timespec="microseconds")


def local_time(text: str) -> datetime:
    """A journal time as the naive local DateTime PowerShell values use."""
    return datetime.fromisoformat(text).astimezone().replace(tzinfo=None)


def job_note(job: Job, runspace: str) -> dict[str, Any]:
    return {"Id": job.id, "Name": job.name, "Location": job.location,
            "State": job.state.name, "ExitCode": job.exit_code,
            "InstanceId": job.instance_id, "Runspace": runspace}


class HistoryInfo:
    """One cell as Get-History returns it: PowerShell's six properties first, then the
    journal's own (CellId, Notebook, User, Runspace, ComputerName, Hosts, Jobs, Errors,
    OutputBytes, KernelId)."""

    type_names = (HISTORY_TYPE, "System.Object")

    def __init__(self, line: Mapping[str, Any], jobs: list[dict[str, Any]]) -> None:
        self.line = line
        self.jobs = jobs

    @property
    def id(self) -> int:
        return int(self.line["id"])

    @property
    def command_line(self) -> str:
        return str(self.line.get("code", ""))

    def ps_properties(self) -> dict[str, Any]:
        line = self.line
        start, end = local_time(line["start"]), local_time(line["end"])
        duration: timedelta = end - start
        return {
            "Id": self.id,
            "CommandLine": self.command_line,
            "ExecutionStatus": line.get("status", "Completed"),
            "StartExecutionTime": start,
            "EndExecutionTime": end,
            "Duration": duration,
            "CellId": line.get("cellId"),
            "Notebook": line.get("notebook"),
            "User": line.get("user"),
            "Runspace": line.get("runspace"),
            "ComputerName": line.get("computer"),
            "Hosts": list(line.get("hosts", [])),
            "Jobs": [PSObject(job.items()) for job in self.jobs],
            "Errors": list(line.get("errors", [])),
            "OutputBytes": line.get("outputBytes", 0),
            "KernelId": line.get("kernel"),
        }

    def __str__(self) -> str:  # HistoryInfo.ToString() is the command line
        return self.command_line


def history(lines: Iterable[Mapping[str, Any]]) -> list[HistoryInfo]:
    """The cells of a journal, oldest first, each with its jobs' latest known states."""
    cells: dict[int, HistoryInfo] = {}
    for line in lines:
        kind = line.get("kind")
        if kind == "cell" and {"id", "start", "end"} <= line.keys():
            cells[int(line["id"])] = HistoryInfo(line, [dict(j) for j in line.get("jobs", [])])
        elif kind == "job" and int(line.get("id", 0)) in cells:
            final = dict(line.get("job", {}))
            jobs = cells[int(line["id"])].jobs
            same = [i for i, job in enumerate(jobs) if _job_key(job) == _job_key(final)]
            if same:
                jobs[same[0]] = final
            else:
                jobs.append(final)
    return sorted(cells.values(), key=lambda h: h.id)


def _job_key(job: Mapping[str, Any]) -> tuple[Any, Any]:
    return job.get("Runspace"), job.get("Id")
