"""Invoke-Command: run a script block here, in sessions, or on hosts — now or as a job.

- No target (``InProcess``): the block runs in the current runspace.
- ``-Session``: the block's statements run in each session's runspace — shell lines in
  its persistent shell, our cmdlets against its job store. That is how
  ``Invoke-Command -Session $s { Start-Job … }`` / ``{ Get-Job }`` /
  ``{ Receive-Job -Id 2 -Keep }`` (about_Remote_Jobs, method 3) work with no PowerShell
  on the host. Jobs that come back are live references shown with a trailing
  ``PSComputerName`` column.
- ``-ComputerName``/``-HostName``: a temporary runspace per host over the pooled
  connection, at most ``-ThrottleLimit`` (32) at a time; a host that fails is a
  non-terminating ``[host] …`` error and the others go on.
- ``-AsJob``/``-JobName`` (method 2): a local ``RemoteJob`` parent with one child per
  target, in argument order, run over SSH exec channels (``backends/exec_jobs.py``).

With more than one target, streamed text is labelled ``[host]`` line by line unless
``-HideComputerName``; captured output stays bare, as in PowerShell.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from rjkernel.backends.agent_jobs import taken_over
from rjkernel.cmdlets.base import Invocation, implements
from rjkernel.cmdlets.objects import input_lines
from rjkernel.cmdlets.sessions import (
    DEFAULT_THROTTLE,
    connect_error,
    connect_timeout,
    credential_password,
    host_specs,
    jobs_left_running,
    target_names,
)
from rjkernel.errors import ErrorRecord, PSError
from rjkernel.jobs.model import Job, RemoteJobRef
from rjkernel.runspace.runspace import Runspace
from rjkernel.runspace.sessions import OPENED, PSSession
from rjkernel.transport.failures import SSHConnectError
from rjkernel.transport.hosts import HostSpec
from rjkernel.transport.shell_text import shell_command, with_stdin
from rjkernel.transport.ssh import HostConnection
from rjkernel.values import operators as ops
from rjkernel.values.objects import ScriptBlockValue, TextChunk


@dataclass
class Target:
    """One place a block runs: an open session, or a host to connect to."""

    name: str
    session: PSSession | None = None
    spec: HostSpec | None = None


def _tagged(obj: Any, computer: str, label: bool) -> Any:
    """A target's output as the caller sees it: text labelled with its host when several
    answer, jobs as live references to their session's job (method 3)."""
    if isinstance(obj, TextChunk):
        return TextChunk(obj.text, computer, label, obj.data)
    if isinstance(obj, Job):
        return RemoteJobRef(obj, computer)
    return obj


@implements("Invoke-Command")
async def invoke_command(inv: Invocation) -> AsyncIterator[Any]:
    block: ScriptBlockValue = inv.get("ScriptBlock")
    args = list(ops.to_list(inv.get("ArgumentList")))
    as_job = inv.switch("AsJob") or inv.has("JobName")
    if inv.switch("InDisconnectedSession"):
        if as_job:
            raise inv.terminate(
                "You cannot use the Invoke-Command cmdlet with both the AsJob and "
                "Disconnected parameters in the same command.",
                "System.InvalidOperationException")
        raise inv.terminate(
            "rjkernel does not support -InDisconnectedSession; start the work with "
            "Invoke-Command -Session $s { Start-Job { … } } and reach it later with "
            "Get-PSSession -ComputerName <host> | Connect-PSSession.",
            "InDisconnectedSessionNotSupported", "NotImplemented")
    if inv.has("SessionName"):
        raise inv.terminate(
            "The SessionName parameter can only be used with the Disconnected switch "
            "parameter.", "System.InvalidOperationException")
    if inv.set_name == "InProcess":
        async for item in _run_here(inv, block, args):
            yield item
        return
    targets = await _targets(inv, sync=not as_job)
    if as_job:
        if any(t.session is not None and not t.session.runspace.place.over_ssh for t in targets):
            raise inv.terminate(
                "Invoke-Command -AsJob runs its children over SSH channels, and a localhost "
                "session has none. Start the job inside the session instead: "
                "Invoke-Command -Session $s { Start-Job { … } }.", "AsJobNeedsSSHSession",
                "InvalidOperation")
        yield await _start_asjob(inv, block, args, targets)
        return
    async for item in _fan_out(inv, block, args, targets):
        yield item


async def _run_here(inv: Invocation, block: ScriptBlockValue, args: list[Any]
                    ) -> AsyncIterator[Any]:
    lines = await input_lines(inv)
    async for item in inv.context.block_outputs(inv.runspace, block, args=args,
                                                  input_lines=lines):
        yield item


async def _targets(inv: Invocation, *, sync: bool) -> list[Target]:
    if inv.set_name == "Session":
        targets: list[Target] = []
        for session in ops.to_list(inv.get("Session")):
            await inv.runspaces.remoting.wait_reconnected(session)
            if session.taken_over and sync:
                inv.write_error(taken_over(session.computer_name, session.name))
                continue
            if session.state != OPENED and sync:
                inv.write_error(inv.error_record(
                    f"Because the session state for session {session.name}, "
                    f"{session.instance_id}, {session.computer_name} is not equal to Open, "
                    "you cannot run a command in the session.  The session state is "
                    f"{session.state}.", "InvokeCommandCommandInvalidSessionState",
                    "InvalidOperation", target=session.name,
                ))
                continue
            targets.append(Target(session.computer_name, session=session))
        if not targets and sync:
            raise inv.terminate(
                "No valid sessions were specified.  Ensure you provide valid sessions that "
                "are in the Opened state and are available to run commands.",
                "ICMNoValidRunspaces")
        return targets
    if inv.runspace.is_remote:
        raise inv.terminate(
            "Invoke-Command -ComputerName from inside a remote session would be a second "
            "hop, which rjkernel does not make. Use Exit-PSSession first, or run the "
            "command in the session's shell.", "SecondHopNotSupported", "NotImplemented")
    names = target_names(inv) or ["localhost"]
    return [Target(spec.host, spec=spec) for spec in host_specs(inv, names)]


def _throttle(inv: Invocation) -> int:
    value = int(inv.get("ThrottleLimit") or 0)
    return value if value > 0 else DEFAULT_THROTTLE


async def _connect(inv: Invocation, target: Target) -> HostConnection:
    """The connection a target runs on (a session's own, or the host's pooled one)."""
    if target.session is not None:
        place = target.session.runspace.place
        return place.conn  # type: ignore[attr-defined, no-any-return]
    assert target.spec is not None
    spec, password = await credential_password(inv, target.spec)
    return await inv.runspaces.remoting.connect(spec, timeout=connect_timeout(inv),
                                             password=password)


# ---------------------------------------------------------------------- synchronous


async def _target_outputs(inv: Invocation, target: Target, block: ScriptBlockValue,
                          args: list[Any], lines: list[str] | None) -> AsyncIterator[Any]:
    """The block's output on one target; a host that cannot be reached is an error."""
    if target.session is not None:
        async for obj in inv.context.block_outputs(target.session.runspace, block,
                                                     args=args, input_lines=lines,
                                                     remote_errors=_remote_error(inv)):
            yield obj
        return
    try:
        conn = await _connect(inv, target)
    except SSHConnectError as exc:
        inv.write_error(connect_error(inv, exc))
        return
    assert target.spec is not None
    async for obj in _temporary_outputs(inv, target.spec, conn, block, args, lines):
        yield obj


def _remote_error(inv: Invocation) -> Callable[[ErrorRecord], None]:
    """A remote block's uncaught terminating error, as PowerShell reports it: this
    Invoke-Command's non-terminating error (a ``try`` around it catches it only with
    ``-ErrorAction Stop``), the record as the host wrote it."""
    return functools.partial(inv.write_error, own=False)


async def _fan_out(inv: Invocation, block: ScriptBlockValue, args: list[Any],
                   targets: list[Target]) -> AsyncIterator[Any]:
    label = len(targets) > 1 and not inv.switch("HideComputerName")
    lines = await input_lines(inv)
    if len(targets) == 1:  # no queue or tasks: the common case, and the fast one
        async for obj in _target_outputs(inv, targets[0], block, args, lines):
            yield _tagged(obj, targets[0].name, label)
        return
    queue: asyncio.Queue[Any] = asyncio.Queue()
    gate = asyncio.Semaphore(_throttle(inv))

    async def run(target: Target) -> None:
        async with gate:
            async for obj in _target_outputs(inv, target, block, args, lines):
                await queue.put(_tagged(obj, target.name, label))

    tasks = [asyncio.ensure_future(run(t)) for t in targets]
    waiter = asyncio.ensure_future(asyncio.gather(*tasks, return_exceptions=True))
    try:
        while not (waiter.done() and queue.empty()):
            getter = asyncio.ensure_future(queue.get())
            await asyncio.wait([getter, waiter], return_when=asyncio.FIRST_COMPLETED)
            if getter.done():
                yield getter.result()
            else:
                getter.cancel()
        for result in waiter.result():
            if isinstance(result, PSError):
                inv.write_error(result.record)
            elif isinstance(result, BaseException):
                raise result
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(waiter, return_exceptions=True)


async def _temporary_outputs(inv: Invocation, spec: HostSpec, conn: HostConnection,
                             block: ScriptBlockValue, args: list[Any],
                             lines: list[str] | None) -> AsyncIterator[Any]:
    """A block on a host without a PSSession: a runspace that lives for this command.

    Its jobs, if the block started any, keep running (design.md) and we say so.
    """
    remoting = inv.runspaces.remoting
    place = remoting.place(spec, conn)
    runspace = Runspace(place, kind="session", name=f"Invoke-Command {spec.host}")
    session = PSSession(id=0, name=runspace.name, computer_name=spec.host, user=conn.user,
                        runspace=runspace, temporary=True)
    try:
        async for obj in inv.context.block_outputs(runspace, block, args=args,
                                                     input_lines=lines,
                                                     remote_errors=_remote_error(inv)):
            yield obj
    finally:
        running = await remoting.end_session(session)
        jobs_left_running(inv, session, running)


# ---------------------------------------------------------------------- -AsJob


async def _start_asjob(inv: Invocation, block: ScriptBlockValue, args: list[Any],
                       targets: list[Target]) -> Job:
    local = inv.runspace
    if local.is_remote:
        raise inv.terminate(
            "Invoke-Command -AsJob from inside a remote session is not supported; run it "
            "from the local runspace (Exit-PSSession first).", "SecondHopNotSupported",
            "NotImplemented")
    backend = await local.place.jobs_backend()
    first = await backend.alloc_ids(local, 1 + len(targets))
    children = [Job(id=first + 1 + i, command=block.text, location=t.name)
                for i, t in enumerate(targets)]
    name = inv.get("JobName")
    parent = Job.parent_of(children, id=first, name=ops.to_string(name) if name else None,
                           command=block.text, type_name="RemoteJob")
    local.jobs.add(parent)
    text = inv.context.shell_text(block.text)
    lines = await input_lines(inv)
    command = shell_command(text if lines is None else with_stdin(text, lines),
                            [ops.to_string(a) for a in args])

    def connector(child: Job, target: Target) -> Callable[[], Awaitable[HostConnection]]:
        async def connect() -> HostConnection:
            conn = await _connect(inv, target)
            inv.runspaces.remoting.hold_while_running(conn, child)
            return conn

        return connect

    pairs = [(child, connector(child, t)) for child, t in zip(children, targets, strict=True)]
    inv.runspaces.exec_jobs.launch(pairs, command, _throttle(inv))
    return parent

