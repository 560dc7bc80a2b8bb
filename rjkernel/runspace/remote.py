"""Remote places and PSSessions over SSH: connect, enter, reconnect, disconnect.

One SSH connection per host (the transport's pool) carries everything for that host:
each PSSession's persistent shell, the host's one job agent (shared by every runspace
on it), ``-AsJob`` exec channels, and temporary shells for ``Invoke-Command
-ComputerName``.

Connections live as long as something needs them: an open place (a PSSession, or the
temporary runspace of one ``Invoke-Command -ComputerName``) and a running ``-AsJob``
child hold a lease on theirs; a connection nobody holds is closed after the pool's
idle grace, and the job agent on it exits with it (its runspaces become Disconnected
in the host's store; their jobs keep running under their supervisors).

Jobs are durable (design.md): a session that ends — Remove-PSSession, Exit-PSSession
of a temporary session, a dropped network — leaves its runspace's jobs running in the
agent's store. A dropped connection is retried by itself (the session shows ``Broken``
meanwhile); when it comes back the runspace is re-attached and its jobs show their true
states again, with nothing lost. A new kernel finds old runspaces with
``Get-PSSession -ComputerName host`` and takes them over with ``Connect-PSSession``.
"""

from __future__ import annotations

import asyncio
import contextlib
import shlex
from collections.abc import AsyncIterator, Callable
from typing import Any

from rjkernel.agent.protocol import ATTACHED
from rjkernel.backends.agent_jobs import AgentJobs
from rjkernel.errors import ErrorRecord, PSError
from rjkernel.jobs.model import Job
from rjkernel.runspace.files import checked_path, file_error, resolved_path
from rjkernel.runspace.local import ShellSeat
from rjkernel.runspace.runspace import Runspace
from rjkernel.runspace.sessions import (
    BROKEN,
    CLOSED,
    DISCONNECTED,
    OPENED,
    PSSession,
    SessionTable,
)
from rjkernel.timeouts import within
from rjkernel.transport.agent_client import (
    AgentClient,
    AgentError,
    AgentRequestError,
    AgentUnavailable,
)
from rjkernel.transport.failures import SSHConnectError, SSHConnectionLost
from rjkernel.transport.hosts import HostSpec
from rjkernel.transport.shell import PersistentShell, ShellError
from rjkernel.transport.ssh import DEFAULT_IDLE_CLOSE, ConnectionPool, HostConnection, Lease

RECONNECT_DELAYS = (0.5, 1, 2, 4, 8, 15)
RECONNECT_FOR = 240.0  # seconds: PowerShell's robust connection retries for 4 minutes
RECONNECT_WAIT = 30.0  # how long a command for a Broken session waits for it to be back


class RemotePlace:
    """One SSH host as the place of a runspace."""

    over_ssh = True

    def __init__(self, remoting: Remoting, spec: HostSpec, conn: HostConnection) -> None:
        self.remoting = remoting
        self.spec = spec
        self.conn = conn
        self.seat = ShellSeat(self._open_shell)
        self.home = ""
        self._lease: Lease | None = None

    def hold(self, conn: HostConnection) -> None:
        """Use ``conn`` from now on, and keep it open while this place is in use."""
        self.release()
        self.conn = conn
        self._lease = conn.hold()

    def release(self) -> None:
        """The place is no longer in use: its connection may close when idle."""
        if self._lease is not None:
            self._lease.release()
            self._lease = None

    @property
    def computer_name(self) -> str:
        return self.spec.host

    @property
    def user(self) -> str:
        return self.conn.user

    @property
    def cwd(self) -> str:
        return self.seat.cwd

    async def _open_shell(self, cwd: str | None) -> PersistentShell:
        try:
            shell = await self.conn.open_shell()
        except ShellError as exc:
            raise PSError(ErrorRecord(
                message=f"[{self.computer_name}] Could not open a shell: {exc}",
                error_id="PSSessionStateBroken", category="OpenError",
                computer=self.computer_name,
            )) from None
        self.home = shell.home
        if cwd:
            await shell.run(f"cd {shlex.quote(cwd)} 2>/dev/null")
        return shell

    async def open(self) -> None:
        """Open the persistent shell now (New-PSSession), so the first command is fast."""
        await self.seat.get()

    async def run_shell(self, text: str, on_stdout: Callable[[bytes], None],
                        on_stderr: Callable[[bytes], None]) -> int:
        self.remoting.reached.add(self.computer_name)
        return await self.seat.run(text, on_stdout, on_stderr)

    async def interrupt(self) -> None:
        await self.seat.interrupt()

    async def jobs_backend(self) -> AgentJobs:
        self.remoting.reached.add(self.computer_name)
        return await self.remoting.agent_jobs(self.conn)

    async def read_file(self, path: str) -> AsyncIterator[bytes]:
        """Through the host's job agent (it has the file access an SSH user has)."""
        client = (await self.jobs_backend()).client
        try:
            async for data in client.read_file(self._path(path)):
                yield data
        except AgentRequestError as exc:
            raise file_error(exc.code, self._shown(path), detail=str(exc)) from None

    async def write_file(self, path: str, chunks: AsyncIterator[bytes], append: bool) -> None:
        client = (await self.jobs_backend()).client
        try:
            await client.write_file(self._path(path), chunks, append=append)
        except AgentRequestError as exc:
            raise file_error(exc.code, self._shown(path), writing=True,
                             detail=str(exc)) from None

    def _shown(self, path: str) -> str:
        return resolved_path(path, self.cwd or self.home, self.home)

    def _path(self, path: str) -> str:
        """Relative paths are relative to the shell's cwd (the agent's are to $HOME)."""
        checked_path(path)
        if path.startswith("~/"):
            return path[2:]
        if path.startswith("/") or not self.cwd:
            return path
        return self.cwd.rstrip("/") + "/" + path

    async def close(self) -> None:
        await self.seat.close()


class Remoting:
    """The kernel's SSH side: the pool, the agents per connection, reconnection."""

    def __init__(self, sessions: SessionTable) -> None:
        self.sessions = sessions
        self.pool = ConnectionPool.from_environment(idle_close=DEFAULT_IDLE_CLOSE)
        self._agents: dict[int, asyncio.Future[AgentJobs]] = {}
        self._places: list[RemotePlace] = []
        self._reconnecting: dict[tuple[Any, ...], asyncio.Task[None]] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        self.reached: set[str] = set()  # hosts used since the engine last looked (journal)

    # ------------------------------------------------------------------ connections

    async def connect(self, spec: HostSpec, *, timeout: float | None = None,
                      password: str | None = None) -> HostConnection:
        """The pooled connection to ``spec`` (raises SSHConnectError)."""
        self.reached.add(spec.host)
        conn = await self.pool.connect(spec, password=password,
                                       timeout=timeout if timeout else 10.0)
        conn.add_lost_callback(self._lost)
        return conn

    async def agent_jobs(self, conn: HostConnection) -> AgentJobs:
        """The job agent on ``conn``'s host, started over the connection on first use."""
        future = self._agents.get(id(conn))
        if future is None or (future.done() and not future.exception() and
                              future.result().closed):
            future = asyncio.ensure_future(self._start_agent(conn))
            self._agents[id(conn)] = future
        try:
            return await asyncio.shield(future)
        except PSError:
            self._agents.pop(id(conn), None)
            raise

    async def _start_agent(self, conn: HostConnection) -> AgentJobs:
        try:
            client = await AgentClient.over_ssh(conn.conn)
        except AgentUnavailable as exc:
            raise PSError(ErrorRecord(
                message=f"[{conn.computer}] {exc.message}", error_id="JobAgentUnavailable",
                category="ResourceUnavailable", computer=conn.computer,
            )) from None
        except (AgentError, OSError) as exc:
            raise PSError(ErrorRecord(
                message=f"[{conn.computer}] The job agent could not be started: {exc}",
                error_id="JobAgentUnavailable", category="ResourceUnavailable",
                computer=conn.computer,
            )) from None
        jobs = AgentJobs(client, computer=conn.computer)
        jobs.on_lost(self.sessions.lose)
        return jobs

    def start_agent_soon(self, conn: HostConnection) -> None:
        """Warm the host's agent in the background (so a first Start-Job is fast)."""
        self.spawn(self._quietly(self.agent_jobs(conn)))

    @staticmethod
    def hold_while_running(conn: HostConnection, job: Job) -> None:
        """Keep ``conn`` open until ``job`` (an -AsJob child running on it) finishes."""
        lease = conn.hold()
        if job.finished:
            lease.release()
            return

        def finished(changed: Job) -> None:
            if changed.finished:
                lease.release()
                unsubscribe()

        unsubscribe = job.subscribe(finished)

    @staticmethod
    async def _quietly(coro: Any) -> None:
        with contextlib.suppress(PSError, AgentError, OSError):
            await coro

    def spawn(self, coro: Any) -> asyncio.Task[Any]:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    # ------------------------------------------------------------------ sessions

    async def open_session(
        self, spec: HostSpec, *, name: str | None = None, timeout: float | None = None,
        password: str | None = None, temporary: bool = False, warm_agent: bool = True,
    ) -> PSSession:
        """New-PSSession / Enter-PSSession -ComputerName: connect, open the shell, attach.

        ``warm_agent`` starts the host's job agent in the background, so that a first
        Start-Job is fast; New-PSSession to many hosts leaves that to first use (an
        agent is a Python process on each host).
        """
        conn = await self.connect(spec, timeout=timeout, password=password)
        place = self.place(spec, conn)
        try:
            await place.open()
        except BaseException:
            self._drop_place(place)
            raise
        if warm_agent:
            self.start_agent_soon(conn)
        session_id, default_name = self.sessions.next_numbers()
        runspace = Runspace(place, kind="session", name=name or default_name)
        return PSSession(id=session_id, name=name or default_name, computer_name=spec.host,
                         user=conn.user, runspace=runspace, temporary=temporary)

    def place(self, spec: HostSpec, conn: HostConnection) -> RemotePlace:
        """A place in use on ``conn`` (it holds the connection until the session ends)."""
        place = RemotePlace(self, spec, conn)
        place.hold(conn)
        self._places.append(place)
        return place

    def _drop_place(self, place: RemotePlace) -> None:
        place.release()
        self._places = [p for p in self._places if p is not place]

    async def end_session(self, session: PSSession, *, state: str = CLOSED) -> list[int]:
        """Close a session's shell and let go of its runspace; its jobs keep running.

        Returns the Ids of its jobs that are still running, for the caller to tell the
        user where they went.
        """
        runspace = session.runspace
        place = runspace.place
        assert isinstance(place, RemotePlace)
        running = [j.id for j in runspace.jobs.top_level() if not j.finished]
        await place.close()
        if state == DISCONNECTED:  # the host's store must know it, to list it later
            with contextlib.suppress(PSError, AgentError):
                await (await place.jobs_backend()).attach(runspace)
        agent = self._agents.get(id(place.conn))
        if agent is not None and agent.done() and not agent.exception():
            jobs = agent.result()
            if jobs.holds(runspace):
                await jobs.release(runspace, keep=state == DISCONNECTED)
        self._drop_place(place)
        session.set_state(state)
        return running

    async def connect_session(self, session: PSSession, *, takeover: bool = False) -> None:
        """Connect-PSSession: attach the runspace (its jobs come back with it); one that
        another live client holds only with ``takeover`` (-Force)."""
        place = session.runspace.place
        assert isinstance(place, RemotePlace)
        conn = await self.connect(place.spec)
        place.hold(conn)
        if place not in self._places:
            self._places.append(place)
        try:
            await place.open()
            jobs = await self.agent_jobs(conn)
            await jobs.attach(session.runspace, takeover=takeover)
        except BaseException:
            self._drop_place(place)
            raise
        session.taken_over = session.held_elsewhere = False
        session.set_state(OPENED)

    async def stored_runspaces(self, spec: HostSpec, *, timeout: float | None = None
                               ) -> list[tuple[HostConnection, Any]]:
        """Runspaces the host's agent keeps (for Get-PSSession -ComputerName)."""
        conn = await self.connect(spec, timeout=timeout)
        lease = conn.hold()  # nothing else may hold it yet: no idle close mid-listing
        try:
            jobs = await self.agent_jobs(conn)
            infos = await jobs.client.list_runspaces()
        finally:
            lease.release()
        return [(conn, info) for info in infos]

    def adopt_stored(self, spec: HostSpec, conn: HostConnection, info: Any) -> PSSession:
        """A PSSession object for a runspace found in a host's store (not attached yet)."""
        place = RemotePlace(self, spec, conn)
        runspace = Runspace(place, kind=info.kind, name=info.name, runspace_id=info.id)
        session_id, _ = self.sessions.next_numbers()
        session = PSSession(id=session_id, name=info.name, computer_name=spec.host,
                            user=conn.user, runspace=runspace)
        session.state = DISCONNECTED if not info.attached_here else OPENED
        session.held_elsewhere = info.state == ATTACHED and not info.attached_here
        return session

    # ------------------------------------------------------------------ reconnection

    async def wait_reconnected(self, session: PSSession,
                               timeout: float = RECONNECT_WAIT) -> None:
        """A command for a session that is reconnecting waits (a while) for it.

        The session shows Broken while its host is retried; a command typed meanwhile
        runs once it is back rather than failing, or fails with PowerShell's
        session-state error if the wait runs out.
        """
        if session.state != BROKEN:
            return
        task = self._reconnecting.get(session.runspace.place.conn.key)  # type: ignore[attr-defined]
        if task is None:
            return
        with contextlib.suppress(asyncio.TimeoutError):
            await within(asyncio.shield(task), timeout)

    def _lost(self, conn: HostConnection, lost: SSHConnectionLost | None) -> None:
        agent = self._agents.pop(id(conn), None)  # (ids of dead objects get reused)
        if lost is None:
            return  # closed on purpose: idle, or the kernel is ending
        previous = None
        if agent is not None and agent.done() and not agent.exception():
            agent.result().mark_disconnected()
            hello = agent.result().client.hello
            previous = hello.pid if hello is not None else None
        places = [p for p in self._places if p.conn is conn]
        for session in self.sessions:
            if session.runspace.place in places and session.state == OPENED:
                session.set_state(BROKEN)
        if places and conn.key not in self._reconnecting:
            task = self.spawn(self._reconnect(conn.spec, places, previous))
            self._reconnecting[conn.key] = task
            task.add_done_callback(lambda _t: self._reconnecting.pop(conn.key, None))

    async def _reconnect(self, spec: HostSpec, places: list[RemotePlace],
                         previous: int | None) -> None:
        """Retry the host until it answers (or RECONNECT_FOR passes), then re-attach;
        ``previous`` is the pid of the agent the dropped connection ran."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + RECONNECT_FOR
        attempt = 0
        while loop.time() < deadline:
            await asyncio.sleep(RECONNECT_DELAYS[min(attempt, len(RECONNECT_DELAYS) - 1)])
            attempt += 1
            try:
                conn = await self.connect(spec, timeout=10.0)
                jobs = await self.agent_jobs(conn)
            except (SSHConnectError, PSError, OSError):
                continue
            for place in places:
                place.hold(conn)
                await place.seat.close()  # the old shell died with the connection
                session = next((s for s in self.sessions
                                if s.runspace.place is place), None)
                if session is None:
                    continue
                with contextlib.suppress(PSError, AgentError, OSError):
                    await self._reattach(jobs, session, previous)
            return

    async def _reattach(self, jobs: AgentJobs, session: PSSession, previous: int | None
                        ) -> None:
        """Hold a session's runspace again after a reconnect. The agent of the dropped
        connection may still be alive for a moment, and is taken over; a runspace that
        another client took meanwhile (Connect-PSSession -Force) is left to it."""
        owners = {i.id: i.owner_pid for i in await jobs.client.list_runspaces()}
        owner = owners.get(session.runspace.id)
        if owner is not None and owner != previous:
            self.sessions.lose(session.runspace)
            return
        await jobs.attach(session.runspace, takeover=True)
        session.set_state(OPENED)

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        for place in list(self._places):
            with contextlib.suppress(Exception):
                await place.close()
        for future in list(self._agents.values()):
            if future.done() and not future.exception():
                with contextlib.suppress(Exception):
                    await future.result().close()
        await self.pool.close()
