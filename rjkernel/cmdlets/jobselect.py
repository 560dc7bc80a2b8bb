"""Finding the jobs a job cmdlet was asked about, with PowerShell's not-found errors.

Wait-Job, Stop-Job, Remove-Job and Receive-Job share parameter sets (``-Id``, ``-Name``,
``-InstanceId``, ``-State``, ``-Job``/pipeline, ``-Command``); the lookups and their error
texts (ps-semantics §4) live here once. ``-Id``/``-InstanceId`` also find child jobs;
``-Name`` wildcards that match nothing are not an error, plain names are.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from rjkernel.cmdlets.base import Invocation
from rjkernel.jobs.model import Job, RemoteJobRef
from rjkernel.values import operators as ops
from rjkernel.values.members import get_property
from rjkernel.values.objects import MISSING


def as_job(value: Any) -> Job:
    return value.job if isinstance(value, RemoteJobRef) else value


NOT_FOUND = {
    "Id": ("The command cannot find a job with the job ID {0}. Verify the value of the Id "
           "parameter and then try the command again.", "JobWithSpecifiedSessionNotFound"),
    "Name": ("The command cannot find the job because the job name {0} was not found. "
             "Verify the value of the Name parameter, and then try the command again.",
             "JobWithSpecifiedNameNotFound"),
    "InstanceId": ("The command cannot find a job with the instance identifier {0}. Verify "
                   "the value of the InstanceId parameter, and then try the command again.",
                   "JobWithSpecifiedInstanceIdNotFound"),
}


def not_found(inv: Invocation, parameter: str, value: object) -> None:
    """PowerShell's non-terminating error for a job that ``-<parameter> value`` missed."""
    text, error_id = NOT_FOUND[parameter]
    inv.write_error(inv.error_record(
        text.format(value), error_id, "ObjectNotFound", target=value,
        exception="System.Management.Automation.PSArgumentException",
    ))


def _name_is(pattern: str, job: Job) -> bool:
    return ops.like(job.name, pattern)


def _command_is(pattern: str, job: Job) -> bool:
    """PowerShell's GetJobsByCommand: both sides trimmed, a wildcard match ignoring case."""
    return ops.like(job.command.strip(), pattern.strip())


def _unique(jobs: list[Job]) -> list[Job]:
    seen: set[int] = set()
    out: list[Job] = []
    for job in jobs:
        if id(job) not in seen:
            seen.add(id(job))
            out.append(job)
    return out


async def select_jobs(inv: Invocation, *, name_searches_children: bool = True) -> list[Job]:
    """The jobs named by the cmdlet's parameters or pipeline input, in the order given.

    Pipeline input that is a job binds as a job; anything else binds by property name
    to the parameter the binder chose (``[pscustomobject]@{Id=3} | Stop-Job``).
    """
    repo = inv.runspace.jobs
    found: list[Job] = [as_job(j) for j in ops.to_list(inv.get("Job"))]
    ids = [int(i) for i in ops.to_list(inv.get("Id"))]
    names = [ops.to_string(n) for n in ops.to_list(inv.get("Name"))]
    instances = [str(i) for i in ops.to_list(inv.get("InstanceId"))]
    for item in await inv.collect_input():
        if isinstance(item, (Job, RemoteJobRef)):
            found.append(as_job(item))
            continue
        value = get_property(item, inv.bound.pipeline_parameter or "")
        value = item if value is MISSING else value
        if inv.bound.pipeline_parameter == "Id":
            ids.extend(int(ops.to_number(v)) for v in ops.to_list(value))
        elif inv.bound.pipeline_parameter == "Name":
            names.extend(ops.to_string(v) for v in ops.to_list(value))
        elif inv.bound.pipeline_parameter == "InstanceId":
            instances.extend(str(v) for v in ops.to_list(value))
    for job_id in ids:
        job = repo.by_id(job_id)
        if job is None:
            not_found(inv, "Id", job_id)
        else:
            found.append(job)
    for name in names:
        hits = repo.matching(partial(_name_is, name), children=name_searches_children)
        if not hits and not ops.has_wildcards(name):
            not_found(inv, "Name", name)
        found.extend(hits)
    for instance_id in instances:
        job = repo.by_instance_id(instance_id)
        if job is None:
            not_found(inv, "InstanceId", instance_id)
        else:
            found.append(job)
    if inv.has("State"):
        state = inv.get("State")
        found.extend(repo.matching(lambda j: j.state == state, children=False))
    if inv.has("Filter"):
        conditions = inv.get("Filter")
        found.extend(repo.matching(
            lambda j: all(ops.equals(get_property(j, str(k)), v) for k, v in conditions.items()),
            children=False,
        ))
    for command in ops.to_list(inv.get("Command")):
        pattern = ops.to_string(command)
        found.extend(repo.matching(partial(_command_is, pattern), children=False))
    return _unique(found)
