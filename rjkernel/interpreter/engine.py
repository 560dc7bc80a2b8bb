"""The engine: the kernel's one collaborator.

It owns the kernel's runspaces (``runspaces.py``: the local one, the PSSessions, the
stack of entered ones) and runs a cell: parse (``language/``), evaluate in the current
runspace (``interpreter/``), format what comes out (``display/``), and write the cell's
line in the journal when there is one (``journaling.py``). The kernel calls
:meth:`execute`, :meth:`complete`, :meth:`inspect`, :meth:`is_ours` and :meth:`close`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rjkernel.cmdlets import load_implementations
from rjkernel.display.outdefault import OutDefault
from rjkernel.errors import ErrorRecord, ParseError, PSError
from rjkernel.interpreter import CellState, Evaluator
from rjkernel.interpreter.commands import resolve_command, router
from rjkernel.interpreter.functions import set_cell_parameters
from rjkernel.interpreter.journaling import CellWatch
from rjkernel.interpreter.services import LanguageServices
from rjkernel.interpreter.signals import ExitSignal, FlowSignal
from rjkernel.interpreter.sinks import ListSink
from rjkernel.journal.store import Journal
from rjkernel.language import ast
from rjkernel.language.parser import parse_cached
from rjkernel.runspace.host import Host
from rjkernel.runspace.runspaces import Runspaces
from rjkernel.runspace.sessions import OPENED


@dataclass
class CellResult:
    """What the kernel needs to answer an execute request.

    ``errors`` are all the errors the cell showed (the journal keeps their ids);
    ``uncaught`` the terminating ones no ``try`` or ``trap`` took, which make the reply
    ``error`` (issue 7) — a non-terminating error (``Write-Error``, ``Get-Job -Id 99``)
    is shown and the cell replies ``ok``, so Run All goes on as a script would.
    ``halted`` says a terminating error ended the cell (or it never ran): PowerShell's
    pipeline state ``Failed``, where a cell that ran to its end is ``Completed`` even
    after a statement-terminating error, as an interactive PowerShell reports it.
    """

    errors: list[ErrorRecord] = field(default_factory=list)
    uncaught: list[ErrorRecord] = field(default_factory=list)
    halted: bool = False
    exit_code: int | None = None  # ``exit N`` ended the cell …
    closes_host: bool = False  # … outside an entered session: the frontend may close
    parse_error: bool = False  # the cell did not run at all (shown like a SyntaxError)
    output: list[Any] = field(default_factory=list)  # the values, when captured

    @classmethod
    def not_run(cls, record: ErrorRecord, *, parse_error: bool = False) -> CellResult:
        """A cell that did not run (or could not go on) because of ``record``."""
        return cls(errors=[record], uncaught=[record], halted=True, parse_error=parse_error)

    @property
    def pipeline_state(self) -> str:
        """PowerShell's PipelineState of a cell that returned (HistoryInfo's
        ExecutionStatus): ``Failed`` when a terminating error ended it."""
        return "Failed" if self.halted else "Completed"


class Engine:
    def __init__(self, *, state_dir: str | None = None, journal: Journal | None = None
                 ) -> None:
        load_implementations()
        self.runspaces = Runspaces(state_dir=state_dir)
        self.runspaces.journal = journal
        self.language = LanguageServices(self.runspaces)

    def is_ours(self, word: str) -> bool:
        """Whether a command word starts a line of ours (for ``is_complete``): a cmdlet,
        an alias or a function the user defined in the current runspace."""
        return self._router()(word)

    def _router(self) -> Callable[[str], bool]:
        return router(self.runspaces.current.variables.command_names())

    async def execute(self, code: str, host: Host, *, cell_id: str | None = None,
                      capture: bool = False) -> CellResult:
        """Run one cell in the current runspace; journal it (``cell_id`` is the
        frontend's id of the cell, JupyterLab sends one). With ``capture`` the output is
        kept as values in ``CellResult.output`` (as ``$x = …`` would) instead of shown."""
        journal = self.runspaces.journal
        if journal is None:
            return await self._execute(code, host, capture)
        watch = CellWatch(journal, self.runspaces, host, cell_id=cell_id)
        status = "Failed"  # unless it returns (its pipeline state) or is cancelled
        errors: list[ErrorRecord] = []
        try:
            result = await self._execute(code, watch.host, capture)
            errors = result.errors
            status = result.pipeline_state
            return result
        except asyncio.CancelledError:  # interrupted: PowerShell's Stopped
            status = "Stopped"
            raise
        finally:
            watch.finish(code, errors, status)

    async def _execute(self, code: str, host: Host, capture: bool) -> CellResult:
        runspaces = self.runspaces
        runspace = runspaces.current
        if runspaces.entered:
            session = runspaces.entered[-1]
            await runspaces.remoting.wait_reconnected(session)
            if session.state != OPENED:
                first = code.strip().splitlines()[0] if code.strip() else ""
                record = ErrorRecord(
                    message=f"Command '{first}' was not run as the session in which it was "
                    "intended to run was either closed or broken.",
                    error_id="RunspaceStateNotOpen", category="InvalidOperation")
                host.write_error(record)
                # PowerShell's host pops back to the local prompt when a pushed
                # runspace breaks; the session stays in Get-PSSession to reconnect.
                runspaces.entered.pop()
                host.write_text(runspaces.prompt() + "\n")
                return CellResult.not_run(record)
        try:
            script = parse_cached(code, self._router())
        except ParseError as exc:
            if runspaces.entered:
                host.write_text(runspaces.prompt() + "\n")
            return CellResult.not_run(exc.record, parse_error=True)
        if runspaces.entered and not _exits_first(script):
            # the prompt the cell's commands run at; a cell that starts by leaving the
            # session shows only the one Exit-PSSession prints (where the next cell runs)
            host.write_text(runspaces.prompt() + "\n")
        cell = CellState()
        evaluator = Evaluator(runspaces, runspace, host, source=code, cell=cell)
        try:
            await set_cell_parameters(evaluator, script)
        except PSError as exc:  # a default its type refuses: the script does not run
            evaluator.record_error(exc.record)
            return CellResult.not_run(exc.record)
        sink = ListSink() if capture else OutDefault(host)
        exit_code = None
        try:
            await evaluator.run_statements(script.statements, sink)
        except ExitSignal as signal:
            exit_code = signal.code
        except FlowSignal:
            pass  # a break or continue outside any loop ends the cell, as it ends a script
        finally:
            await sink.close()
        closes_host = exit_code is not None and await self._exit(exit_code, host)
        return CellResult(errors=cell.errors, uncaught=cell.uncaught, halted=cell.halted,
                          exit_code=exit_code, closes_host=closes_host,
                          output=sink.items if isinstance(sink, ListSink) else [])

    async def _exit(self, code: int, host: Host) -> bool:
        """``exit N`` ended the cell: ``$LASTEXITCODE`` is N in the local runspace (as a
        script's exit sets it for its caller). In an entered session it leaves the
        session, as ``exit`` does there; otherwise (True) the kernel asks the frontend
        to close, as ``exit N`` at a PowerShell prompt ends the host."""
        self.runspaces.local.variables.set("LASTEXITCODE", code)
        if not self.runspaces.entered:
            return True
        await self._execute("Exit-PSSession", host, capture=False)
        return False

    def complete(self, code: str, cursor: int) -> tuple[list[str], int, int, dict[str, Any]]:
        return self.language.complete(code, cursor)

    def inspect(self, code: str, cursor: int, *, detail: bool = False) -> str | None:
        return self.language.inspect(code, cursor, detail=detail)

    async def close(self) -> None:
        await self.runspaces.close()


def _exits_first(script: ast.Script) -> bool:
    """Does the cell's first statement leave the session: ``Exit-PSSession`` (its alias,
    a bare ``exit``) or ``exit N``?"""
    first = script.statements[0] if script.statements else None
    if isinstance(first, ast.Exit):
        return True
    if not isinstance(first, ast.Pipeline) or not first.elements:
        return False
    command = first.elements[0]
    spec = resolve_command(command.name) if isinstance(command, ast.Command) else None
    return spec is not None and spec.name == "Exit-PSSession"
