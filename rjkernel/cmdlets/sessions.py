"""The PSSession cmdlets: New-, Get-, Remove-, Enter-, Exit-, and (over SSH, which
PowerShell never offered) Disconnect-, Connect-, Receive-PSSession.

Behaviour follows ps-semantics §1.8–1.15 with design.md's differences: sessions are SSH
connections with a persistent shell; ending a session never ends its jobs, and the
cmdlet that ends it says which jobs keep running and how to reach them again.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Sequence
from dataclasses import replace
from typing import Any

from rjkernel.cmdlets.base import Invocation, converts, implements
from rjkernel.cmdlets.jobs import receive_all
from rjkernel.errors import ErrorRecord, PSError
from rjkernel.runspace.local_sessions import is_this_machine
from rjkernel.runspace.sessions import CLOSED, DISCONNECTED, OPENED, PSSession
from rjkernel.transport.failures import SSHConnectError
from rjkernel.transport.hosts import (
    HostSpec,
    bad_user_name,
    parse_host_spec,
    valid_port,
    valid_user,
)
from rjkernel.values import operators as ops
from rjkernel.values.conversion import ConversionError

DEFAULT_THROTTLE = 32
WARM_AGENTS_UP_TO = 8  # New-PSSession to more hosts starts their job agents on first use


@converts("PSSession")
def session_converter(value: Any) -> PSSession:
    """Binder conversion to ``PSSession``: session objects only, returned as they are."""
    if isinstance(value, PSSession):
        return value
    raise ConversionError()


# ---------------------------------------------------------------------- targets


def host_specs(inv: Invocation, names: Sequence[Any]) -> list[HostSpec]:
    """``-ComputerName``/``-HostName`` values with ``-UserName``/``-Port``/``-KeyFilePath``.

    A user or port written into the name (``alice@web01:2222``) wins over the
    parameters, as in PowerShell. User names and ports are checked as OpenSSH checks
    its command line (hosts.py): a bad one is refused before any connection is tried.
    """
    user = ops.to_string(inv.get("UserName")) if inv.has("UserName") else None
    if user is not None and not valid_user(user):
        raise bad_user_name("UserName", user)
    port = int(inv.get("Port")) if inv.has("Port") else None
    if port is not None and not valid_port(port):
        raise inv.terminate(
            f"Cannot validate argument on parameter 'Port'. The {port} argument is not in "
            "the range of TCP ports. Supply an argument from 1 to 65535 and then try the "
            "command again.", "ParameterArgumentValidationError", "InvalidData")
    key_file = _key_file(inv) if inv.has("KeyFilePath") else None
    specs = []
    for name in names:
        spec = parse_host_spec(ops.to_string(name))
        if spec.user is None and user is not None:
            spec = replace(spec, user=user)
        if spec.port is None and port is not None:
            spec = replace(spec, port=port)
        if key_file is not None:
            spec = replace(spec, key_files=(key_file,))
        specs.append(spec)
    return specs


def _key_file(inv: Invocation) -> str:
    """``-KeyFilePath`` resolved as PowerShell resolves it, against the current location
    (the kernel reads it, so the local runspace's). A file that is not there is
    PowerShell's terminating PathNotFound before any connection is tried
    (PSRemotingCmdlet's ResolveProviderAndPath), not a per-host connection error."""
    path = os.path.expanduser(ops.to_string(inv.get("KeyFilePath")))
    resolved = os.path.join(inv.runspaces.local.place.cwd or os.getcwd(), path)
    if not os.path.isfile(resolved):
        raise PSError(inv.error_record(
            f"Cannot find path '{resolved}' because it does not exist.", "PathNotFound",
            "ObjectNotFound", target=resolved,
            exception="System.Management.Automation.ItemNotFoundException"))
    return resolved


def target_names(inv: Invocation) -> list[Any]:
    return ops.to_list(inv.get("ComputerName")) + ops.to_list(inv.get("HostName"))


def connect_timeout(inv: Invocation) -> float | None:
    """``-ConnectingTimeout`` is in milliseconds (PowerShell 7.2+)."""
    value = inv.get("ConnectingTimeout")
    return None if value is None else max(0.001, int(value) / 1000)


async def credential_password(inv: Invocation, spec: HostSpec) -> tuple[HostSpec, str | None]:
    """``-Credential user``: ask for the password through the frontend, never echoed.

    The password lives only in this call and the connection attempt it is handed to.
    """
    credential = inv.get("Credential")
    if credential is None:
        return spec, None
    user = ops.to_string(getattr(credential, "user", None) or credential)
    if "\\" in user:
        user = user.split("\\", 1)[1]
    if user and not valid_user(user):
        raise bad_user_name("Credential", user)
    spec = replace(spec, user=user or spec.user)
    try:
        password = await inv.host.read_password(f"Password for {spec.user}@{spec.host}: ")
    except RuntimeError as exc:
        raise inv.terminate(str(exc), "CredentialPromptUnavailable") from None
    return spec, password


def connect_error(inv: Invocation, exc: SSHConnectError) -> ErrorRecord:
    return exc.record(inv.spec.name)


# ---------------------------------------------------------------------- New-PSSession


@implements("New-PSSession")
async def new_pssession(inv: Invocation) -> AsyncIterator[Any]:
    specs = host_specs(inv, target_names(inv))
    names = [ops.to_string(n) for n in ops.to_list(inv.get("Name"))]
    gate = asyncio.Semaphore(int(inv.get("ThrottleLimit") or DEFAULT_THROTTLE) or
                             DEFAULT_THROTTLE)
    remoting = inv.runspaces.remoting

    async def open_one(i: int, spec: HostSpec) -> PSSession | ErrorRecord:
        async with gate:
            spec, password = await credential_password(inv, spec)
            try:
                return await remoting.open_session(
                    spec, name=names[i] if i < len(names) else None,
                    timeout=connect_timeout(inv), password=password,
                    warm_agent=len(specs) <= WARM_AGENTS_UP_TO,
                )
            except SSHConnectError as exc:
                return connect_error(inv, exc)
            except PSError as exc:
                return exc.record

    results = await asyncio.gather(*(open_one(i, s) for i, s in enumerate(specs)))
    for result in results:
        if isinstance(result, PSSession):
            inv.runspaces.sessions.add(result)
            yield result
        else:
            inv.write_error(result)


# ---------------------------------------------------------------------- lookups


def not_available_by_id(inv: Invocation, session_id: int) -> None:
    inv.write_error(inv.error_record(
        f"The remote session with the session ID {session_id} is not available.",
        "RemoteRunspaceNotAvailableForSpecifiedSessionId", "InvalidArgument",
        target=session_id, exception="System.ArgumentException",
    ))


def not_available_by_name(inv: Invocation, name: str) -> None:
    inv.write_error(inv.error_record(
        f"The remote session with the name {name}  is not available.",
        "RemoteRunspaceNotAvailableForSpecifiedName", "InvalidArgument", target=name,
        exception="System.ArgumentException",
    ))


async def select_sessions(inv: Invocation) -> list[PSSession]:
    """Sessions named by ``-Session`` (or pipeline), ``-Id``, ``-Name``, ``-InstanceId``,
    ``-ComputerName`` (a local filter for Remove-PSSession), in the order given."""
    table = inv.runspaces.sessions
    found: list[PSSession] = list(ops.to_list(inv.get("Session")))
    for item in await inv.collect_input():
        if isinstance(item, PSSession):
            found.append(item)
    for session_id in ops.to_list(inv.get("Id")):
        session = table.by_id(int(session_id))
        if session is None:
            not_available_by_id(inv, int(session_id))
        else:
            found.append(session)
    for name in (ops.to_string(n) for n in ops.to_list(inv.get("Name"))):
        hits = [s for s in table if ops.like(s.name, name)]
        if not hits and not ops.has_wildcards(name):
            not_available_by_name(inv, name)
        found.extend(hits)
    for instance in (str(i) for i in ops.to_list(inv.get("InstanceId"))):
        hits = [s for s in table if s.instance_id.lower() == instance.lower()]
        if not hits:
            inv.write_error(inv.error_record(
                f"Remote session is not available for {instance}.",
                "RemoteRunspaceNotAvailableForSpecifiedRunspaceId", "InvalidArgument",
                target=instance,
            ))
        found.extend(hits)
    unique: list[PSSession] = []
    for session in found:
        if all(session is not s for s in unique):
            unique.append(session)
    return unique


# ---------------------------------------------------------------------- Get-PSSession


@implements("Get-PSSession")
async def get_pssession(inv: Invocation) -> AsyncIterator[Any]:
    if inv.set_name == "ComputerName":
        async for session in _stored_sessions(inv):
            yield session
        return
    if inv.has("Id") or inv.has("InstanceId") or inv.has("Name"):
        for session in await select_sessions(inv):
            yield session
        return
    for session in inv.runspaces.sessions:
        yield session


async def _stored_sessions(inv: Invocation) -> AsyncIterator[PSSession]:
    """Get-PSSession -ComputerName: the runspaces the host's job agent keeps, including
    those of kernels that are gone (State Disconnected) and those another live kernel
    holds (Disconnected, Availability Busy): PowerShell's disconnected sessions, over
    SSH. ``localhost`` lists this machine's store (a killed kernel's local runspace)."""
    wanted = inv.get("State")
    names = [ops.to_string(n) for n in ops.to_list(inv.get("Name"))]
    for spec in host_specs(inv, ops.to_list(inv.get("ComputerName"))):
        try:
            found = await _stored_on(inv, spec)
        except SSHConnectError as exc:
            inv.write_error(connect_error(inv, exc))
            continue
        except PSError as exc:
            inv.write_error(exc.record)
            continue
        for session in found:
            if names and not any(ops.like(session.name, n) for n in names):
                continue
            if wanted is not None and str(wanted) != "All" and session.state != str(wanted):
                continue
            yield session


async def _stored_on(inv: Invocation, spec: HostSpec) -> list[PSSession]:
    if is_this_machine(spec):
        return await inv.runspaces.local_sessions.stored()
    remoting = inv.runspaces.remoting
    stored = await remoting.stored_runspaces(spec, timeout=connect_timeout(inv))
    known = {s.runspace.id: s for s in inv.runspaces.sessions}
    return [known.get(info.id) or remoting.adopt_stored(spec, conn, info)
            for conn, info in stored if info.kind == "session"]


# ---------------------------------------------------------------------- ending sessions


def jobs_left_running(inv: Invocation, session: PSSession, running: Sequence[int]) -> None:
    """Tell where the jobs of an ended session went (design.md: jobs are durable)."""
    if not running:
        return
    ids = ", ".join(str(i) for i in running)
    noun = "Job" if len(running) == 1 else "Jobs"
    verb = "keeps" if len(running) == 1 else "keep"
    inv.host.write_warning(
        f"{noun} {ids} of session {session.name} {verb} running on {session.computer_name}. "
        f"To reach {'it' if len(running) == 1 else 'them'} again: "
        f"Get-PSSession -ComputerName {session.computer_name} -Name {session.name} | "
        "Connect-PSSession"
    )


async def close_session(inv: Invocation, session: PSSession) -> None:
    if session in inv.runspaces.entered:
        inv.runspaces.entered.remove(session)
    running = await inv.runspaces.session_host(session).end_session(session, state=CLOSED)
    inv.runspaces.sessions.remove(session)
    jobs_left_running(inv, session, running)


@implements("Remove-PSSession")
async def remove_pssession(inv: Invocation) -> AsyncIterator[Any]:
    if inv.set_name == "ComputerName":
        patterns = [ops.to_string(c) for c in ops.to_list(inv.get("ComputerName"))]
        sessions = [s for s in inv.runspaces.sessions
                    if any(ops.like(s.computer_name, p) for p in patterns)]
        for p in patterns:
            if not any(ops.like(s.computer_name, p) for s in sessions):
                inv.write_error(inv.error_record(
                    f"Remote session is not available for ComputerName {p}.",
                    "RemoteRunspaceNotAvailableForSpecifiedComputer", "InvalidArgument",
                    target=p,
                ))
    else:
        sessions = await select_sessions(inv)
    inv.changing([s for s in sessions if s.state != CLOSED])
    for session in sessions:
        await close_session(inv, session)
    return
    yield  # pragma: no cover


# ---------------------------------------------------------------------- Enter/Exit


@implements("Enter-PSSession")
async def enter_pssession(inv: Invocation) -> AsyncIterator[Any]:
    runspaces = inv.runspaces
    if inv.set_name in ("ComputerName", "SSHHost"):
        [spec] = host_specs(inv, target_names(inv))
        spec, password = await credential_password(inv, spec)
        try:
            session = await runspaces.remoting.open_session(
                spec, timeout=connect_timeout(inv), password=password, temporary=True
            )
        except SSHConnectError as exc:
            raise PSError(connect_error(inv, exc)) from None
    else:
        sessions = await select_sessions(inv)
        if not sessions:
            return
        if len(sessions) > 1:
            what = inv.get("Name") if inv.has("Name") else inv.get("Id")
            kind = "name" if inv.has("Name") else "session ID"
            raise inv.terminate(f"Multiple matches found for {kind} {what}.",
                                "RemoteRunspaceHasMultipleMatchesForSpecifiedName")
        session = sessions[0]
        if session.state != OPENED:
            raise inv.terminate(
                f"Cannot enter session {session.name} because it is not in the disconnected "
                "state or is not available for connection. Reconnect using Connect-PSSession "
                "or Receive-PSSession.", "EnterPSSessionDisconnected")
    runspaces.entered.append(session)
    inv.host.write_text(runspaces.prompt() + "\n")
    return
    yield  # pragma: no cover


@implements("Exit-PSSession")
async def exit_pssession(inv: Invocation) -> AsyncIterator[Any]:
    runspaces = inv.runspaces
    if not runspaces.entered:
        return  # PowerShell: silently nothing
    session = runspaces.entered.pop()
    if session.temporary:
        running = await runspaces.remoting.end_session(session, state=CLOSED)
        jobs_left_running(inv, session, running)
    inv.host.write_text(runspaces.prompt() + "\n")
    return
    yield  # pragma: no cover


# ---------------------------------------------------------------------- (dis)connecting


@implements("Disconnect-PSSession")
async def disconnect_pssession(inv: Invocation) -> AsyncIterator[Any]:
    for session in await select_sessions(inv):
        if session.state != OPENED:
            inv.write_error(inv.error_record(
                f'Cannot disconnect PSSession "{session.name}" because it is not in the '
                "Opened state.", "CannotDisconnectSessionWhenNotOpened", "InvalidOperation",
                target=session.name,
            ))
            continue
        if session in inv.runspaces.entered:
            inv.runspaces.entered.remove(session)
        inv.changing([session])
        await inv.runspaces.session_host(session).end_session(session, state=DISCONNECTED)
        yield session


async def _connect(inv: Invocation, session: PSSession) -> bool:
    if session.state == OPENED:
        return True
    if session.state not in (DISCONNECTED,):
        inv.write_error(inv.error_record(
            f'Cannot connect PSSession "{session.name}", either because it is not in the '
            "Disconnected state, or it is not available for connection.",
            "PSSessionConnectFailed", "InvalidOperation", target=session.name,
        ))
        return False
    inv.changing([session])
    try:
        await inv.runspaces.session_host(session).connect_session(
            session, takeover=inv.switch("Force"))
    except SSHConnectError as exc:
        inv.write_error(connect_error(inv, exc))
        return False
    except PSError as exc:
        inv.write_error(exc.record)
        return False
    if all(session is not s for s in inv.runspaces.sessions):
        inv.runspaces.sessions.add(session)
    return True


async def _sessions_to_connect(inv: Invocation) -> list[PSSession]:
    if inv.has("ComputerName"):
        return [s async for s in _stored_sessions(inv) if s.state == DISCONNECTED]
    return await select_sessions(inv)


@implements("Connect-PSSession")
async def connect_pssession(inv: Invocation) -> AsyncIterator[Any]:
    for session in await _sessions_to_connect(inv):
        if await _connect(inv, session):
            yield session


@implements("Receive-PSSession")
async def receive_pssession(inv: Invocation) -> AsyncIterator[Any]:
    """Connect, then hand back what the session's jobs produced since last received."""
    for session in await _sessions_to_connect(inv):
        if await _connect(inv, session):
            async for item in receive_all(inv, session.runspace.jobs.top_level()):
                yield item
