"""PSSession objects and the kernel's session table.

A PSSession is a remote runspace plus the state of its connection, shown exactly as
PowerShell's PSSession view (ps-semantics §3.2): Transport ``SSH``, ComputerType
``RemoteMachine``, ConfigurationName ``DefaultShell``, State/Availability pairs
``Opened/Available``, ``Opened/Busy``, ``Broken/None``, ``Closed/None``,
``Disconnected/None``, and ``Disconnected/Busy`` for a session another live client
holds (PowerShell's view of a session connected elsewhere: Connect-PSSession refuses it).

Numbering reproduces PowerShell 7 over SSH: session Ids and default names share one
counter, and SSH ``New-PSSession`` takes one number for the name and the next for the
Id — so the first session is ``Id 2, Name Runspace1`` and the next ``Id 4, Name
Runspace3`` (issue #10966 shows ``Id 17 / Name Runspace16``).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rjkernel.runspace.runspace import Runspace

OPENED, BROKEN, CLOSED, DISCONNECTED = "Opened", "Broken", "Closed", "Disconnected"


class PSSession:
    type_names = ("System.Management.Automation.Runspaces.PSSession",)

    def __init__(
        self,
        *,
        id: int,
        name: str,
        computer_name: str,
        user: str,
        runspace: Runspace,
        temporary: bool = False,
    ) -> None:
        self.id = id
        self.name = name
        self.instance_id = str(uuid.uuid4())
        self.computer_name = computer_name
        self.user = user
        self.runspace = runspace
        self.temporary = temporary
        self.state = OPENED
        self.busy = False
        self.held_elsewhere = False  # Disconnected here, attached by another live client
        self.taken_over = False  # this kernel lost it to Connect-PSSession -Force elsewhere
        self._listeners: list[Any] = []

    @property
    def availability(self) -> str:
        if self.state == DISCONNECTED and self.held_elsewhere:
            return "Busy"
        if self.state != OPENED:
            return "None"
        return "Busy" if self.busy else "Available"

    def set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            for listener in list(self._listeners):
                listener(self)

    def subscribe(self, listener: Any) -> Any:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def label(self, local_user: str) -> str:
        """``web01``, or ``alice@web01`` when the SSH user differs from the local one."""
        if self.user and self.user != local_user:
            return f"{self.user}@{self.computer_name}"
        return self.computer_name

    def ps_properties(self) -> dict[str, Any]:
        return {
            "Id": self.id,
            "Name": self.name,
            "Transport": "SSH",
            "ComputerName": self.computer_name,
            "ComputerType": "RemoteMachine",
            "State": self.state,
            "ConfigurationName": "DefaultShell",
            "Availability": self.availability,
            "InstanceId": self.instance_id,
            "UserName": self.user,
            "IdleTimeout": -1,
        }

    def __str__(self) -> str:
        return f"[PSSession]{self.name}"

    def __repr__(self) -> str:
        return f"<PSSession {self.id} {self.name} {self.computer_name} {self.state}>"


class SessionTable:
    """The sessions of this kernel, in creation order (Get-PSSession's order)."""

    def __init__(self) -> None:
        self._sessions: list[PSSession] = []
        self._counter = 0

    def next_numbers(self) -> tuple[int, str]:
        """(Id, default name) for a new SSH session — PowerShell's two-number quirk."""
        self._counter += 2
        return self._counter, f"Runspace{self._counter - 1}"

    def add(self, session: PSSession) -> None:
        self._sessions.append(session)

    def lose(self, runspace: object) -> None:
        """Another client took ``runspace`` over (Connect-PSSession -Force): its session
        is Disconnected here, Busy (the other client holds it), and says why when used."""
        for session in self._sessions:
            if session.runspace is runspace:
                session.taken_over = session.held_elsewhere = True
                session.set_state(DISCONNECTED)

    def remove(self, session: PSSession) -> None:
        self._sessions = [s for s in self._sessions if s is not session]

    def all(self) -> list[PSSession]:
        return list(self._sessions)

    def by_id(self, session_id: int) -> PSSession | None:
        return next((s for s in self._sessions if s.id == session_id), None)

    def __iter__(self) -> Any:
        return iter(list(self._sessions))
