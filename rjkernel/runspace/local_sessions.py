"""Local sessions: runspaces of this machine's job store that this kernel does not hold.

A kernel that dies (``kill -9``, a crash) leaves its local runspace in the store, with
its jobs running or finished on disk. The next kernel with the same HOME reaches them
the way it reaches a host's runspaces: ``Get-PSSession -ComputerName localhost`` lists
them (``Disconnected``; ``Busy`` while another live kernel holds one), and
``Connect-PSSession`` or ``Receive-PSSession`` attach one as a PSSession on this
machine, whose jobs ``Invoke-Command -Session $s { Get-Job }`` (or ``Enter-PSSession``)
show. They share the kernel's local job agent; each has its own local shell.
"""

from __future__ import annotations

from rjkernel.agent.protocol import ATTACHED, RunspaceInfo
from rjkernel.runspace.local import LocalAgent, LocalPlace
from rjkernel.runspace.runspace import Runspace
from rjkernel.runspace.sessions import DISCONNECTED, OPENED, PSSession, SessionTable
from rjkernel.transport.hosts import HostSpec

LOCAL_NAMES = frozenset({"localhost", ".", "127.0.0.1", "::1"})


def is_this_machine(spec: HostSpec) -> bool:
    """``-ComputerName localhost`` with nothing that asks for an SSH login."""
    return (spec.host.lower() in LOCAL_NAMES and spec.user is None and spec.port is None
            and not spec.key_files)


class LocalSessions:
    """Lists, connects and ends the local sessions of one kernel."""

    def __init__(self, agent: LocalAgent, sessions: SessionTable, *, own: Runspace,
                 user: str) -> None:
        self.agent = agent
        self.sessions = sessions
        self.own = own  # the kernel's local runspace: never listed
        self.user = user

    async def stored(self) -> list[PSSession]:
        """Every runspace of the local store but the kernel's own, as PSSessions."""
        jobs = await self.agent.jobs()
        known = {s.runspace.id: s for s in self.sessions}
        return [known.get(info.id) or self._adopt(info)
                for info in await jobs.client.list_runspaces() if info.id != self.own.id]

    def _adopt(self, info: RunspaceInfo) -> PSSession:
        runspace = Runspace(LocalPlace(self.agent), kind=info.kind, name=info.name,
                            runspace_id=info.id)
        session_id, _ = self.sessions.next_numbers()
        session = PSSession(id=session_id, name=info.name, computer_name="localhost",
                            user=self.user, runspace=runspace)
        session.state = OPENED if info.attached_here else DISCONNECTED
        session.held_elsewhere = info.state == ATTACHED and not info.attached_here
        return session

    async def connect_session(self, session: PSSession, *, takeover: bool = False) -> None:
        """Attach the runspace to this kernel's local agent (its jobs come with it)."""
        jobs = await self.agent.jobs()
        await jobs.attach(session.runspace, takeover=takeover)
        session.taken_over = session.held_elsewhere = False
        session.set_state(OPENED)

    async def end_session(self, session: PSSession, *, state: str) -> list[int]:
        """Close the session's shell and let go of its runspace; its jobs run on."""
        runspace = session.runspace
        running = [j.id for j in runspace.jobs.top_level() if not j.finished]
        await runspace.place.close()
        jobs = await self.agent.jobs()
        if jobs.holds(runspace):
            await jobs.release(runspace, keep=state == DISCONNECTED)
        session.set_state(state)
        return running
