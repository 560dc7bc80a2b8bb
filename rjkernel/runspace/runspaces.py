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
from pathlib import Path

from rjkernel.agent.store import default_state_dir
from rjkernel.backends.exec_jobs import ExecJobs
from rjkernel.jobs.model import Job
from rjkernel.runspace.local import LocalPlace
from rjkernel.runspace.remote import Remoting
from rjkernel.runspace.runspace import Runspace
from rjkernel.runspace.sessions import PSSession, SessionTable


class Runspaces:
    def __init__(self, *, state_dir: str | None = None) -> None:
        self.local_user = getpass.getuser()
        self.state_dir = state_dir or os.environ.get("RJKERNEL_STATE_DIR")
        self.local = Runspace(LocalPlace(state_dir=self.state_dir), kind="local", name="local")
        self.exec_jobs = ExecJobs(
            Path(self.state_dir or default_state_dir(os.environ)) / "asjob" / self.local.id
        )
        self.sessions = SessionTable()
        self.entered: list[PSSession] = []
        self._remoting: Remoting | None = None

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
        await self.local.place.close()
