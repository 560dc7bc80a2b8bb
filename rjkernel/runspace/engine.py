"""The engine: the kernel's one collaborator.

It owns everything that lives longer than a cell — the local runspace, the PSSessions
and the stack of entered ones, the SSH connection pool, the job agents — and runs a
cell: parse (``language/``), evaluate in the current runspace (``evaluator.py``),
format what comes out (``display/``). The kernel calls :meth:`execute`,
:meth:`complete`, :meth:`inspect`; everything else here serves the cmdlets.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rjkernel.agent.store import default_state_dir
from rjkernel.cmdlets import catalog, load_implementations
from rjkernel.cmdlets.signature import CmdletSpec
from rjkernel.display.outdefault import OutDefault, format_for_file
from rjkernel.errors import ErrorRecord, ParseError, PSError
from rjkernel.jobs.exec_jobs import ExecJobs
from rjkernel.jobs.model import Job
from rjkernel.language.parser import parse
from rjkernel.runspace.evaluator import CellState, Evaluator
from rjkernel.runspace.host import Host
from rjkernel.runspace.local import LocalPlace
from rjkernel.runspace.runspace import Runspace
from rjkernel.runspace.services import LanguageServices
from rjkernel.runspace.sessions import OPENED, PSSession, SessionTable
from rjkernel.values.conversion import Converter, default_converters


@dataclass
class CellResult:
    """What the kernel needs to answer an execute request."""

    errors: list[ErrorRecord] = field(default_factory=list)
    parse_error: bool = False  # the cell did not run at all (shown like a SyntaxError)


class Engine:
    def __init__(self, *, state_dir: str | None = None) -> None:
        load_implementations()
        self.local_user = getpass.getuser()
        self.state_dir = state_dir or os.environ.get("RJKERNEL_STATE_DIR")
        self.local = Runspace(LocalPlace(state_dir=self.state_dir), kind="local", name="local")
        self.exec_jobs = ExecJobs(
            Path(self.state_dir or default_state_dir(os.environ)) / "asjob" / self.local.id
        )
        self.sessions = SessionTable()
        self.entered: list[PSSession] = []
        self.converters: dict[str, Converter] = default_converters()
        self._remote: Any = None  # rjkernel.runspace.remote.Remoting, created on first use
        self.language = LanguageServices(self)
        from rjkernel.cmdlets.jobs import job_converter
        from rjkernel.cmdlets.sessions import session_converter

        self.converters["Job"] = job_converter
        self.converters["PSSession"] = session_converter

    # ------------------------------------------------------------------ runspaces

    @property
    def current(self) -> Runspace:
        return self.entered[-1].runspace if self.entered else self.local

    @property
    def remoting(self) -> Any:
        """SSH connections, remote places and agents (created on first remote use)."""
        if self._remote is None:
            from rjkernel.runspace.remote import Remoting

            self._remote = Remoting(self)
        return self._remote

    def runspaces(self) -> list[Runspace]:
        return [self.local, *(s.runspace for s in self.sessions)]

    def runspace_of(self, job: Job) -> Runspace | None:
        """The runspace whose job table holds ``job`` (its parent)."""
        top = job
        while top.parent is not None:
            top = top.parent
        return next((r for r in self.runspaces() if top in r.jobs), None)

    def home_of(self, runspace: Runspace) -> str:
        return getattr(runspace.place, "home", "") or os.path.expanduser("~")

    def prompt(self) -> str:
        if not self.entered:
            return self.local.prompt()
        session = self.entered[-1]
        return session.runspace.prompt(session.label(self.local_user))

    # ------------------------------------------------------------------ commands

    def resolve_command(self, word: str) -> CmdletSpec | None:
        if word.lower() == "exit":
            return catalog.resolve("Exit-PSSession")
        return catalog.resolve(word)

    def is_ours(self, word: str) -> bool:
        return self.resolve_command(word) is not None

    # ------------------------------------------------------------------ cells

    async def execute(self, code: str, host: Host) -> CellResult:
        """Run one cell in the current runspace."""
        runspace = self.current
        if self.entered:
            session = self.entered[-1]
            await self.remoting.wait_reconnected(session)
            if session.state != OPENED:
                record = ErrorRecord(
                    message=f"Command '{code.strip().splitlines()[0] if code.strip() else ''}'"
                    " was not run as the session in which it was intended to run was either "
                    "closed or broken.", error_id="RunspaceStateNotOpen",
                    category="InvalidOperation")
                host.write_error(record)
                # PowerShell's host pops back to the local prompt when a pushed
                # runspace breaks; the session stays in Get-PSSession to reconnect.
                self.entered.pop()
                host.write_text(self.prompt() + "\n")
                return CellResult(errors=[record])
            host.write_text(self.prompt() + "\n")
        try:
            script = parse(code, is_ours=self.is_ours)
        except ParseError as exc:
            return CellResult(errors=[exc.record], parse_error=True)
        cell = CellState()
        evaluator = Evaluator(self, runspace, host, source=code, cell=cell)
        sink = OutDefault(host)
        try:
            await evaluator.run_statements(script.statements, sink)
        finally:
            await sink.close()
        return CellResult(errors=[e for e in cell.errors if not e.native])

    def complete(self, code: str, cursor: int) -> tuple[list[str], int, int, dict[str, Any]]:
        return self.language.complete(code, cursor)

    def inspect(self, code: str, cursor: int, *, detail: bool = False) -> str | None:
        return self.language.inspect(code, cursor, detail=detail)

    # ------------------------------------------------------------------ services for cmdlets

    async def start_job(
        self,
        evaluator: Evaluator,
        *,
        command: str,
        display_command: str,
        name: str | None = None,
        args: Sequence[str] = (),
        working_directory: str | None = None,
        init_script: str | None = None,
    ) -> Job:
        """Start a BackgroundJob in the evaluator's runspace (Start-Job, trailing ``&``)."""
        runspace = evaluator.runspace
        jobs = await runspace.place.jobs_backend()
        cwd = working_directory or runspace.place.cwd or None
        return await jobs.start(
            runspace,
            command=command,
            display_command=display_command,
            name=name,
            args=list(args),
            working_directory=cwd,
            init_script=init_script,
        )

    async def write_output_file(
        self, evaluator: Evaluator, path: str, items: AsyncIterator[Any], *, append: bool
    ) -> None:
        """Redirection and Out-File: format items as text and write them where the
        statement runs (the evaluator's runspace place)."""

        async def chunks() -> AsyncIterator[bytes]:
            async for text in format_for_file(items):
                yield text.encode("utf-8")

        try:
            await evaluator.runspace.place.write_file(path, chunks(), append)
        except PSError:
            raise
        except OSError as exc:
            raise PSError(ErrorRecord(
                message=f"Could not write '{path}': {exc.strerror or exc}.",
                error_id="FileOpenFailure", category="OpenError", target=path,
            )) from None

    async def close(self) -> None:
        """Kernel shutdown: close connections; jobs started with Start-Job keep running
        (design.md); -AsJob children end with their channels."""
        await self.exec_jobs.close()
        if self._remote is not None:
            await self._remote.close()
        await self.local.place.close()

