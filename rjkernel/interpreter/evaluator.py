"""The evaluator: one run of statements in one runspace, for one host.

An :class:`Evaluator` is made per cell and per script block run on a caller's behalf
(``caller`` links them, for ``$using:`` and for ``$?``). It holds what the run needs —
the runspace, the host, the cell's source (error positions), ``-ArgumentList`` values,
the ``$_`` stack — and does the three things every construct relies on:

- run statements one by one, each as a stream of output objects, dispatching on the
  node's class through :mod:`.tables` (the handlers live in ``statements.py``,
  ``pipelines.py`` …) — a statement that need not stream by its compiled immediate
  code (``code.py``); a terminating error ends its statement, not the run;
- evaluate an expression by its compiled code (``code.py``);
- keep PowerShell's error bookkeeping: ``$Error``, ``$?``, the cell's list of shown
  errors, and apart from it the terminating errors no ``try`` or ``trap`` took — the
  ones :meth:`Evaluator.terminated` sees, the same that ``try`` catches — from which the
  kernel answers ``status: error`` (issue 7: a non-terminating error is shown and the
  cell goes on and replies ``ok``, as a PowerShell script goes on).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from rjkernel.errors import ErrorRecord, PSError, SourceSpan, internal_error, record_for
from rjkernel.interpreter.code import code, immediate_code, now_for
from rjkernel.interpreter.signals import (
    BreakSignal,
    ContinueSignal,
    FlowSignal,
    ReturnSignal,
    ScriptHalted,
    take_output,
)
from rjkernel.interpreter.sinks import STATEMENT_END, ListSink, Sink
from rjkernel.interpreter.strict import unset_variable
from rjkernel.interpreter.tables import STATEMENTS
from rjkernel.language import ast
from rjkernel.runspace.host import Host
from rjkernel.runspace.runspace import Runspace
from rjkernel.runspace.runspaces import Runspaces
from rjkernel.runspace.variables import CONSTANTS, Variables
from rjkernel.values.exceptions import catches
from rjkernel.values.objects import MISSING, ArrayList

log = logging.getLogger(__name__)

ERROR_HISTORY = 256  # $MaximumErrorCount's default


@dataclass
class CellState:
    """What one cell's evaluation accumulates across nested evaluators."""

    errors: list[ErrorRecord] = field(default_factory=list)  # every error it showed
    # the terminating errors that reached the top uncaught (about_Try_Catch_Finally:
    # exactly those a try would have caught): the cell replies error
    uncaught: list[ErrorRecord] = field(default_factory=list)
    halted: bool = False  # a script-terminating one ended the cell (about_Throw)


class Evaluator:
    def __init__(
        self,
        runspaces: Runspaces,
        runspace: Runspace,
        host: Host,
        *,
        source: str,
        cell: CellState | None = None,
        caller: Evaluator | None = None,
        args: Sequence[Any] = (),
        scope: Variables | None = None,
    ) -> None:
        self.runspaces = runspaces
        self.runspace = runspace
        self.host = host
        self.scope = scope or runspace.variables  # the scope variables are read and set in
        self.source = source
        self.cell = cell or CellState()
        self.caller = caller
        self.args = list(args)
        self.underscore: list[Any] = []  # $_ of the enclosing pipelines, innermost last
        self.statement_ok = True  # becomes $? when the current statement ends
        # try blocks (and trap scopes) running here: while any is, here or in a caller,
        # a terminating error goes to them instead of ending its statement.
        self.handlers = 0
        self.function_name = ""  # the user function whose body this runs
        self.call_depth = 0  # functions and script blocks this run is nested in
        self.input_lines: list[str] | None = None  # -InputObject: the block's stdin
        # set on a block run in another runspace (Invoke-Command -Session/-ComputerName):
        # where a terminating error the block does not catch goes — the caller's
        # Invoke-Command writes it as its non-terminating error, as PowerShell reports a
        # remote block's failure; the caller's try does not reach into the block
        self.remote_errors: Callable[[ErrorRecord], None] | None = None

    def child(self, runspace: Runspace, *, source: str | None = None,
              args: Sequence[Any] = ()) -> Evaluator:
        """An evaluator for a script block run in ``runspace`` on behalf of this one."""
        return Evaluator(self.runspaces, runspace, self.host, source=source or self.source,
                         cell=self.cell, caller=self, args=args)

    def span(self, span: ast.Span) -> SourceSpan:
        """A tree position as an error position in this run's source."""
        return SourceSpan(self.source, span.start.offset, span.end)

    # ------------------------------------------------------------------ errors

    def failed(self) -> None:
        """The current statement (and the statements that invoked it) did not succeed:
        ``$?`` will be False once it ends."""
        evaluator: Evaluator | None = self
        while evaluator is not None:
            evaluator.statement_ok = False
            evaluator = evaluator.caller

    def record_error(self, record: ErrorRecord, *, show: bool = True) -> None:
        """Keep an error in ``$Error``, fail the statement, and show it (listed among
        the cell's errors, which the journal keeps).

        Text a native command wrote to stderr is shown but does not fail the statement
        (PowerShell 7.2+): shell tools write progress and warnings there. An error not
        shown (``-ErrorAction SilentlyContinue``) is not listed for the cell either.
        Whether the cell replies ``error`` is :meth:`terminated`'s to say.
        """
        if record.native:
            if show:
                self.host.write_error(record)
            return
        self.keep_error(record)
        self.failed()
        if show:
            self.cell.errors.append(record)
            self.host.write_error(record)

    def keep_error(self, record: ErrorRecord) -> None:
        """Put ``record`` first in ``$Error`` (an ArrayList, newest first, at most 256)."""
        history = self.runspace.variables.get("Error")
        if not isinstance(history, ArrayList):
            history = ArrayList(history or [])
            self.runspace.variables.set("Error", history)
        history.insert(0, record)
        del history[ERROR_HISTORY:]

    # ------------------------------------------------------------------ statements

    async def run_statements(self, statements: Sequence[ast.Statement], sink: Sink) -> None:
        """Run statements one by one into ``sink``, telling it where each one ends; a
        ``return`` at the top ends the run."""
        try:
            async for obj in self.outputs(statements):
                if obj is STATEMENT_END:
                    await sink.boundary()
                else:
                    await sink.emit(obj)
        except ReturnSignal:
            await sink.boundary()
        except ScriptHalted:
            self.cell.halted = True
            await sink.boundary()

    async def outputs(self, statements: Sequence[ast.Statement], *,
                      boundaries: bool = True) -> AsyncIterator[Any]:
        """The statements' output objects, each statement followed by STATEMENT_END
        (unless not ``boundaries``: a statement body's output is one stream).

        A terminating error ends only its statement (see :meth:`terminated`), or goes to
        a ``trap`` among these statements (:meth:`_trapped`); ``$?`` is set as each one
        ends. ``break``/``continue`` (a :class:`FlowSignal`) end the run and propagate to
        the loop they leave, after the output made before them.
        """
        traps = [s for s in statements if type(s) is ast.Trap]
        self.handlers += bool(traps)  # errors of what these statements call come here
        try:
            for stmt in statements:
                self.statement_ok = True
                try:
                    compiled = immediate_code(stmt)
                    if compiled is None:
                        async for obj in self.statement_stream(stmt):
                            yield obj
                    else:
                        for obj in (now(self) if (now := now_for(self, compiled)) is not None
                                    else await compiled.later(self)):
                            yield obj
                except FlowSignal as signal:  # for the enclosing loop, not an error
                    self.runspace.variables.set_status(self.statement_ok)
                    for obj in take_output(signal):
                        yield obj
                    raise
                except Exception as exc:  # nothing a host sends may take the kernel down
                    for obj in take_output(exc):  # made before the error, in its statement
                        yield obj
                    if not traps:
                        self.statement_failed(exc)
                    else:
                        async for obj in self._trapped(self.failure_record(exc), traps):
                            yield obj
                except (ReturnSignal, ScriptHalted) as stop:
                    for obj in take_output(stop):
                        yield obj
                    raise
                self.runspace.variables.set_status(self.statement_ok)
                if boundaries:
                    yield STATEMENT_END
        finally:
            self.handlers -= bool(traps)

    async def _trapped(self, record: ErrorRecord, traps: list[ast.Trap]
                       ) -> AsyncIterator[Any]:
        """about_Trap: the first trap for the error's type (a typed one before a bare
        ``trap``) runs with ``$_`` the error; then ``continue`` goes on silently,
        ``break`` rethrows it, and neither shows it and goes on with the next statement."""
        typed = [t for t in traps if t.type is not None and catches(record, t.type.name)]
        trap = next(iter(typed), None) or next((t for t in traps if t.type is None), None)
        self.handlers -= 1  # not ours to take again, nor the trap body's errors
        try:
            if trap is None:
                self.terminated(record)
                return
            self.underscore.append(record)
            try:
                async for obj in self.outputs(trap.body, boundaries=False):
                    yield obj
            except ContinueSignal:
                self.keep_error(record)
                self.failed()
                return
            except BreakSignal:
                self.terminated(replace(record, halts=True))
                return
            finally:
                self.underscore.pop()
            self.record_error(record)
        finally:
            self.handlers += 1

    async def outputs_into(self, statements: Sequence[ast.Statement], items: list[Any]
                           ) -> None:
        """:meth:`outputs` of statements that do not stream, appended to ``items`` —
        the same steps without a generator, which a loop pays for on every pass. A
        signal leaves ``items`` holding the output made before it. (A ``trap`` is
        among streaming statements: the parser's ``streams`` says so for what it does
        not know to be immediate, and :meth:`outputs` handles traps.)"""
        for stmt in statements:
            self.statement_ok = True
            try:
                compiled = immediate_code(stmt)
                if compiled is None:
                    async for obj in self.statement_stream(stmt):
                        items.append(obj)
                else:
                    items.extend(now(self) if (now := now_for(self, compiled)) is not None
                                 else await compiled.later(self))
            except BaseException as exc:
                self.statement_ended(exc, items)
            self.runspace.variables.set_status(self.statement_ok)

    def outputs_now(self, steps: Sequence[Callable[[Evaluator], list[Any]]],
                    items: list[Any]) -> None:
        """:meth:`outputs_into` of statements whose compiled code never waits
        (``steps``, their ``Code.now``): the same bookkeeping in plain calls, so a
        loop's pass or an ``if``'s body costs no coroutine."""
        status = self.runspace.variables.set_status
        for step in steps:
            self.statement_ok = True
            try:
                items.extend(step(self))
            except BaseException as exc:
                self.statement_ended(exc, items)
            status(self.statement_ok)

    def statement_ended(self, exc: BaseException, items: list[Any]) -> None:
        """What :meth:`outputs_into` and :meth:`outputs_now` do when ``exc`` ends a
        statement: the output it carries joins ``items`` first; a break or continue
        sets ``$?`` and goes on to its loop, a ``return``/halt (or a cancellation) goes
        on, and an error is the statement's failure (:meth:`statement_failed`) —
        nothing a host sends may take the kernel down."""
        items.extend(take_output(exc))
        if isinstance(exc, FlowSignal):
            self.runspace.variables.set_status(self.statement_ok)
            raise exc
        if not isinstance(exc, Exception):
            raise exc
        self.statement_failed(exc)

    def statement_failed(self, exc: Exception) -> None:
        """A statement ended by an error (a PowerShell error, or anything else, which
        must not take the kernel down): see :meth:`terminated`."""
        self.terminated(self.failure_record(exc))

    @staticmethod
    def failure_record(exc: Exception) -> ErrorRecord:
        """The record of what ended a statement; an exception that is not PowerShell's
        is rjkernel's internal error."""
        record = exc.record if isinstance(exc, PSError) else record_for(exc)
        if record is None:
            log.error("internal error in a statement", exc_info=exc)
            record = internal_error(exc)
        return record

    def terminated(self, record: ErrorRecord) -> None:
        """A terminating error reached its statement. A ``try`` or ``trap`` running here
        or in a caller takes it (it is raised on); otherwise it is shown, and a
        script-terminating one (``throw``, ``-ErrorAction Stop``) ends the cell — as
        does any under ``$ErrorActionPreference = 'Stop'`` (about_Preference_Variables:
        PowerShell rethrows a statement-terminating error then)."""
        if self.handled():
            raise PSError(record)
        remote = self._remote_block()
        if remote is None:
            self.record_error(record)
            self.cell.uncaught.append(record)
        else:  # the caller's non-terminating error (terminating with its -ErrorAction Stop)
            self.keep_error(record)
            remote(record)
        if record.ends_script or self._stops():
            raise ScriptHalted

    def _stops(self) -> bool:
        """Is ``$ErrorActionPreference`` ``Stop`` where this statement runs?"""
        return str(self.lookup("ErrorActionPreference") or "").lower() == "stop"

    def handled(self) -> bool:
        """Whether a try block or trap scope is running here or in a caller (not past
        a block run in another runspace)."""
        evaluator: Evaluator | None = self
        while evaluator is not None:
            if evaluator.handlers:
                return True
            if evaluator.remote_errors is not None:
                return False
            evaluator = evaluator.caller
        return False

    def _remote_block(self) -> Callable[[ErrorRecord], None] | None:
        """Where the uncaught errors of the remote block this runs in go, if it runs in
        one."""
        evaluator: Evaluator | None = self
        while evaluator is not None:
            if evaluator.remote_errors is not None:
                return evaluator.remote_errors
            evaluator = evaluator.caller
        return None

    def statement_stream(self, stmt: ast.Statement) -> AsyncIterator[Any]:
        """One statement's output objects, by its registered handler."""
        return STATEMENTS[type(stmt)](self, stmt)

    async def capture(self, statements: Sequence[ast.Statement]) -> ListSink:
        """Run statements collecting their output (``$( … )``, ``$x = …``)."""
        sink = ListSink()
        for stmt in statements:
            compiled = immediate_code(stmt)
            if compiled is None:
                async for obj in self.statement_stream(stmt):
                    sink.add(obj)
            else:
                for obj in (now(self) if (now := now_for(self, compiled)) is not None
                            else await compiled.later(self)):
                    sink.add(obj)
        sink.finish()
        return sink

    # ------------------------------------------------------------------ expressions

    async def eval(self, expr: ast.Expr) -> Any:
        """An expression's value, by its compiled code (``code.py``)."""
        compiled = code(expr)
        now = now_for(self, compiled)
        return now(self) if now is not None else await compiled.later(self)

    def lookup(self, name: str) -> Any:
        """A variable's value (see :func:`reader`)."""
        return reader(name)(self)


@functools.lru_cache(maxsize=1024)
def reader(name: str) -> Callable[[Evaluator], Any]:
    """How ``$name`` is read, decided once per name: ``$true``/``$false``/``$null`` are
    constants; ``$_``, ``$args``, ``$PWD`` and ``$HOME`` are automatic; any other is
    looked up through the scopes."""
    low = name.lower()
    if low in CONSTANTS:
        value = CONSTANTS[low]
        return lambda _ev: value
    if low == "_" or low == "psitem":
        return lambda ev: ev.underscore[-1] if ev.underscore else None
    if low == "args":
        return lambda ev: list(ev.args)
    if low == "pwd":
        return lambda ev: ev.runspace.place.cwd
    if low == "home":
        return lambda ev: ev.scope.read(low, ev.runspace.home)
    return lambda ev: _read(ev, name, low)


def _read(ev: Evaluator, name: str, low: str) -> Any:
    """A variable through the scopes; one never set is ``$null``, or strict mode's error."""
    value = ev.scope.read(low, MISSING)
    return unset_variable(ev.scope, name) if value is MISSING else value
