"""The local place: this machine, where the kernel runs.

Shell lines of the local runspace go to a persistent local ``sh`` (its own session, so a
kernel interrupt reaches only the command we aim it at), so ``cd`` and ``export`` in one
cell hold in the next, exactly as in a remote session. Local jobs go through the same
job agent as remote ones, started as a local subprocess.
"""

from __future__ import annotations

import asyncio
import getpass
import os
from collections.abc import AsyncIterator, Callable

from rjkernel.backends.agent_jobs import AgentJobs
from rjkernel.jobs.host import JobHome
from rjkernel.runspace.files import checked_path, os_file_error, resolved_path
from rjkernel.transport.agent_client import AgentClient
from rjkernel.transport.shell import PersistentShell, ShellClosed

READ_SIZE = 1 << 20


class ShellSeat:
    """A persistent shell that is (re)opened on demand.

    If the user's text ends the shell (``exit``), the command reports its status and
    says so, and the next command gets a fresh shell in the same directory.
    """

    def __init__(self, opener: Callable[[str | None], object]) -> None:
        self._opener = opener
        self._shell: PersistentShell | None = None
        self._lock = asyncio.Lock()
        self.last_cwd: str | None = None

    async def get(self) -> PersistentShell:
        async with self._lock:
            if self._shell is None or self._shell.closed:
                self._shell = await self._opener(self.last_cwd)  # type: ignore[misc]
            return self._shell

    @property
    def cwd(self) -> str:
        if self._shell is not None and self._shell.cwd:
            return self._shell.cwd
        return self.last_cwd or ""

    async def run(self, text: str, on_stdout: Callable[[bytes], None],
                  on_stderr: Callable[[bytes], None]) -> int:
        shell = await self.get()
        try:
            status = await shell.run(text, on_stdout, on_stderr)
        except ShellClosed as exc:
            on_stderr(f"The shell ended ({exc.reason}); the next command starts a new one.\n"
                      .encode())
            return exc.exit_status if exc.exit_status is not None else 1
        self.last_cwd = shell.cwd or self.last_cwd
        return status

    async def interrupt(self) -> None:
        if self._shell is not None and not self._shell.closed:
            await self._shell.interrupt()

    async def close(self) -> None:
        if self._shell is not None:
            await self._shell.close()
            self._shell = None


class LocalAgent:
    """The job agent of this machine, started on first use. The local runspace and the
    local sessions (runspaces of a kernel that is gone, taken over with
    Connect-PSSession -ComputerName localhost) share it."""

    def __init__(self, state_dir: str | None, *, on_lost: Callable[[JobHome], None]) -> None:
        self.state_dir = state_dir
        self._on_lost = on_lost  # a runspace was taken over by another kernel
        self._jobs: AgentJobs | None = None
        self._lock = asyncio.Lock()

    async def jobs(self) -> AgentJobs:
        async with self._lock:
            if self._jobs is None or self._jobs.closed:
                client = await AgentClient.start_local(self.state_dir)
                self._jobs = AgentJobs(client, computer="localhost")
                self._jobs.on_lost(self._on_lost)
            return self._jobs

    async def close(self) -> None:
        if self._jobs is not None:
            await self._jobs.close()


class LocalPlace:
    computer_name = "localhost"
    over_ssh = False

    def __init__(self, agent: LocalAgent) -> None:
        self.agent = agent
        self.seat = ShellSeat(self._open_shell)
        self.seat.last_cwd = os.getcwd()
        self.user = getpass.getuser()
        self.home = os.path.expanduser("~")

    async def _open_shell(self, cwd: str | None) -> PersistentShell:
        return await PersistentShell.open_local(cwd=cwd if cwd and os.path.isdir(cwd) else None)

    @property
    def cwd(self) -> str:
        return self.seat.cwd

    async def run_shell(self, text: str, on_stdout: Callable[[bytes], None],
                        on_stderr: Callable[[bytes], None]) -> int:
        return await self.seat.run(text, on_stdout, on_stderr)

    async def interrupt(self) -> None:
        await self.seat.interrupt()

    def _path(self, path: str) -> str:
        path = os.path.expanduser(checked_path(path))
        return path if os.path.isabs(path) else os.path.join(self.cwd or os.getcwd(), path)

    def _shown(self, path: str) -> str:
        return resolved_path(path, self.cwd or os.getcwd(), self.home)

    async def read_file(self, path: str) -> AsyncIterator[bytes]:
        full = self._path(path)
        try:
            handle = await asyncio.to_thread(open, full, "rb")
        except OSError as exc:
            raise os_file_error(exc, self._shown(path)) from None
        try:
            while True:
                data = await asyncio.to_thread(handle.read, READ_SIZE)
                if not data:
                    break
                yield data
        except IsADirectoryError as exc:
            raise os_file_error(exc, self._shown(path)) from None
        finally:
            handle.close()

    async def write_file(self, path: str, chunks: AsyncIterator[bytes], append: bool) -> None:
        full = self._path(path)
        try:
            handle = await asyncio.to_thread(open, full, "ab" if append else "wb")
        except OSError as exc:
            raise os_file_error(exc, self._shown(path), writing=True) from None
        try:
            async for data in chunks:
                await asyncio.to_thread(handle.write, data)
        finally:
            handle.close()

    async def jobs_backend(self) -> AgentJobs:
        return await self.agent.jobs()

    async def close(self) -> None:
        """Close the shell (the shared agent is the runspaces', closed with them)."""
        await self.seat.close()
