"""A runspace: where a cell (or a script block) is evaluated.

design.md's one idea: there is one local runspace, and one per PSSession. Each has its
own variables, its own job table, its own job-Id counter (kept by the job agent on the
runspace's machine, so Ids survive the kernel), and a persistent shell whose cwd and
environment survive between cells. What differs between local and remote is only the
:class:`Place` — this machine, or one SSH host — which supplies the shell, the job agent
and file access.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from rjkernel.jobs.repository import JobRepository
from rjkernel.runspace.automatic import automatic_variables
from rjkernel.runspace.variables import Variables

if TYPE_CHECKING:
    from rjkernel.jobs.host import JobHost
    from rjkernel.jobs.model import Job


class Place(Protocol):
    """Where a runspace's commands run."""

    over_ssh: bool
    """Whether the place is reached over SSH (False: this machine)."""

    @property
    def computer_name(self) -> str:
        """``localhost`` for this machine, else the host as the user named it."""

    async def run_shell(
        self, text: str, on_stdout: Callable[[bytes], None], on_stderr: Callable[[bytes], None]
    ) -> int:
        """Run shell text in the runspace's persistent shell; return its exit status."""

    async def interrupt(self) -> None:
        """Send SIGINT to the shell's foreground command (never to jobs)."""

    @property
    def cwd(self) -> str:
        """The shell's current directory, as of its last command."""

    @property
    def user(self) -> str: ...

    async def read_file(self, path: str) -> AsyncIterator[bytes]:
        """Stream a file's bytes (relative paths are relative to the shell's cwd)."""
        yield b""

    async def write_file(self, path: str, chunks: AsyncIterator[bytes], append: bool) -> None:
        """Create (or append to) a file from chunks."""

    async def jobs_backend(self) -> JobHost:
        """The job agent on this place, started on first use."""

    async def close(self) -> None: ...


class Runspace:
    """Variables, jobs and a place. ``kind`` is ``local`` or ``session``."""

    def __init__(self, place: Place, *, kind: str, name: str = "", runspace_id: str | None = None):
        self.id = runspace_id or str(uuid.uuid4())
        self.place = place
        self.kind = kind
        self.name = name
        self.variables = Variables()
        self.jobs = JobRepository()
        self.locations: list[str] = []  # Push-Location's stack
        self.variables.set("PWD", "")
        for variable, value in automatic_variables().items():
            self.variables.set(variable, value)

    @property
    def computer_name(self) -> str:
        return self.place.computer_name

    @property
    def is_remote(self) -> bool:
        return self.kind != "local"

    @property
    def home(self) -> str:
        """``$HOME`` of the place (the remote user's, once its shell has told)."""
        return getattr(self.place, "home", "") or os.path.expanduser("~")

    async def start_job(
        self,
        *,
        command: str,
        display_command: str,
        name: str | None = None,
        args: Sequence[str] = (),
        working_directory: str | None = None,
        init_script: str | None = None,
    ) -> Job:
        """Start a BackgroundJob here (Start-Job, a trailing ``&``), in the shell's
        directory unless told otherwise."""
        jobs = await self.place.jobs_backend()
        return await jobs.start(
            self, command=command, display_command=display_command, name=name,
            args=list(args), working_directory=working_directory or self.place.cwd or None,
            init_script=init_script,
        )

    def prompt(self, session_label: str | None = None) -> str:
        """``PS /home/alice> `` locally; ``[web01]: PS /home/alice> `` in an entered session."""
        inner = f"PS {self.place.cwd or '~'}> "
        return f"[{session_label}]: {inner}" if session_label else inner
