"""The kernel's runspaces: what lives longer than a cell.

The local runspace, the PSSessions (each a remote runspace), the stack of entered
sessions (``Enter-PSSession`` pushes, ``Exit-PSSession`` pops; the top one is where a
cell runs), and what reaches them: the SSH side (:class:`Remoting`, made on first use)
and the ``-AsJob`` exec channels. Cmdlets that manage sessions and jobs work on this
object; the engine owns it.
"""

from __future__ import annotations

import getpass
import os
from typing import Protocol

from rjkernel.agent.store import default_state_dir
from rjkernel.backends.exec_jobs import ExecJobs
from rjkernel.jobs.model import Job
from rjkernel.journal.store import Journal
from rjkernel.runspace.local import LocalAgent, LocalPlace
from rjkernel.runspace.local_sessions import LocalSessions
from rjkernel.runspace.remote import Remoting
from rjkernel.runspace.runspace import Runspace
from rjkernel.runspace.sessions import PSSession, SessionTable


class SessionHost(Protocol):
    """What connects and ends a PSSession (Remoting for hosts, LocalSessions here)."""

    async def connect_session(self, session: PSSession, *, takeover: bool = False) -> None:
        ...

    async def end_session(self, session: PSSession, *, state: str) -> list[int]: ...


class Runspaces:
    def __init__(self, *, state_dir: str | None = None) -> None:
        self.local_user = getpass.getuser()
        self.state_dir = state_dir or os.environ.get("RJKERNEL_STATE_DIR")
        self.sessions = SessionTable()
        self.local_agent = LocalAgent(self.state_dir, on_lost=self.sessions.lose)
        self.local = Runspace(LocalPlace(self.local_agent), kind="local", name="local")
        self.local_sessions = LocalSessions(self.local_agent, self.sessions, own=self.local,
                                            user=self.local_user)
        self.exec_jobs = ExecJobs(self.state_dir or default_state_dir(os.environ), self.local.id)
        self.entered: list[PSSession] = []
        self._remoting: Remoting | None = None
        self.journal: Journal | None = None  # the notebook's journal (Get-History reads it)

    @property
    def current(self) -> Runspace:
        """Where the next cell runs: the innermost entered session, else the local one."""
        return self.entered[-1].runspace if self.entered else self.local

    @property
    def remoting(self) -> Remoting:
        """SSH connections, remote places and agents (created on first remote use)."""
        if self._remoting is None:
            self._remoting = Remoting(self.sessions)
        return self._remoting

    def session_host(self, session: PSSession) -> SessionHost:
        """Who connects and ends ``session``: this machine's store, or the SSH side."""
        if isinstance(session.runspace.place, LocalPlace):
            return self.local_sessions
        return self.remoting

    def take_reached(self) -> set[str]:
        """The hosts used since the last call (the journal's "hosts reached")."""
        if self._remoting is None:
            return set()
        reached, self._remoting.reached = self._remoting.reached, set()
        return reached

    def all(self) -> list[Runspace]:
        return [self.local, *(s.runspace for s in self.sessions)]

    def runspace_of(self, job: Job) -> Runspace | None:
        """The runspace whose job table holds ``job`` (its parent)."""
        top = job
        while top.parent is not None:
            top = top.parent
        return next((r for r in self.all() if top in r.jobs), None)

    def prompt(self) -> str:
        """``PS /home/alice> ``, or ``[web01]: PS /home/alice> `` in an entered session."""
        if not self.entered:
            return self.local.prompt()
        session = self.entered[-1]
        return session.runspace.prompt(session.label(self.local_user))

    async def close(self) -> None:
        """Kernel shutdown: close connections; jobs started with Start-Job keep running
        (design.md); -AsJob children end with their channels."""
        await self.exec_jobs.close()
        if self._remoting is not None:
            await self._remoting.close()
        for session in self.sessions:
            if isinstance(session.runspace.place, LocalPlace):
                await session.runspace.place.close()
        await self.local.place.close()
        await self.local_agent.close()
