"""``try``/``catch``/``finally``, ``throw`` and ``trap`` (about_Try_Catch_Finally,
about_Throw, about_Trap; a trap's handling is ``Evaluator.outputs``').

While a try block runs, its evaluator counts as a handler (``Evaluator.handlers``): a
terminating error anywhere below it — in this block, in a function it calls, in a cmdlet
run with ``-ErrorAction Stop`` — travels up as a :class:`PSError` instead of ending its
statement. The first ``catch`` whose type the error's exception is (or derives from;
no type catches all) runs with ``$_`` the ErrorRecord, which is also kept in ``$Error``;
an error no catch takes goes on up. ``finally`` runs however the block is left.

``throw`` makes a script-terminating error: of a string (the message, which is also the
FullyQualifiedErrorId and TargetObject, as PowerShell does), of an ErrorRecord (thrown
again as it is) or of any other object; a bare ``throw`` inside ``catch`` rethrows the
error being handled, elsewhere it is ``ScriptHalted``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import replace
from typing import Any

from rjkernel.errors import ErrorRecord, PSError
from rjkernel.interpreter.evaluator import Evaluator
from rjkernel.interpreter.sinks import STATEMENT_END
from rjkernel.interpreter.tables import statement
from rjkernel.language import ast
from rjkernel.values import operators as ops
from rjkernel.values.exceptions import ExceptionValue, catches


@statement(ast.Try)
async def try_statement(ev: Evaluator, stmt: ast.Try) -> AsyncIterator[Any]:
    closing = False  # the consumer stopped reading: finally still runs, silently
    try:
        caught: ErrorRecord | None = None
        ev.handlers += 1
        try:
            async for obj in _run(ev, stmt.body):
                yield obj
        except PSError as exc:
            caught = exc.record
        finally:
            ev.handlers -= 1
        if caught is not None:
            clause = next((c for c in stmt.catches if _takes(c, caught)), None)
            if clause is None:
                raise PSError(caught)
            ev.keep_error(caught)  # a caught error is still in $Error; $? is the catch's
            ev.underscore.append(caught)
            try:
                async for obj in _run(ev, clause.body):
                    yield obj
            finally:
                ev.underscore.pop()
    except GeneratorExit:
        closing = True
        raise
    finally:
        if stmt.finally_body is not None:
            async for obj in _run(ev, stmt.finally_body):
                if not closing:
                    yield obj


def _takes(clause: ast.CatchClause, record: ErrorRecord) -> bool:
    return not clause.types or any(catches(record, t.name) for t in clause.types)


async def _run(ev: Evaluator, statements: Sequence[ast.Statement]) -> AsyncIterator[Any]:
    async for obj in ev.outputs(statements):
        if obj is not STATEMENT_END:
            yield obj


@statement(ast.Trap)
async def trap_statement(ev: Evaluator, stmt: ast.Trap) -> AsyncIterator[Any]:
    """A trap does nothing where it stands: it is the handler of its statement list
    (``Evaluator.outputs``), whichever statement of the list fails."""
    return
    yield  # pragma: no cover - makes this an async generator


@statement(ast.Throw)
async def throw_statement(ev: Evaluator, stmt: ast.Throw) -> AsyncIterator[Any]:
    position = ev.span(stmt.span)
    if stmt.value is None:
        handling = ev.underscore[-1] if ev.underscore else None
        if isinstance(handling, ErrorRecord):
            raise PSError(replace(handling, halts=True))
        raise PSError(ErrorRecord(message="ScriptHalted", error_id="ScriptHalted",
                                  category="OperationStopped", position=position, thrown=True))
    value = (await ev.capture([stmt.value])).value()
    raise PSError(thrown_record(value, position))
    yield  # pragma: no cover - makes this an async generator


def thrown_record(value: Any, position: Any) -> ErrorRecord:
    """The record ``throw value`` raises (about_Throw)."""
    if isinstance(value, ErrorRecord):
        return replace(value, halts=True)
    if isinstance(value, ExceptionValue):
        return replace(value.record, halts=True, position=position)
    message = ops.to_string(value) if value is not None else "ScriptHalted"
    return ErrorRecord(message=message, error_id=message, category="OperationStopped",
                       target=value, position=position, thrown=True)
