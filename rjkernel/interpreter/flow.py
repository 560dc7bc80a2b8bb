"""Keyword statements: ``if``, ``switch``, the loops, ``break`` and ``continue``.

Each is one registered statement handler yielding the statement's output as it is
made, so ``$r = foreach (…) {…}`` collects it and a loop at the top of a cell streams
it to the notebook as one statement (about_If, about_Switch, about_Foreach, about_For,
about_While, about_Do). A body runs statement by statement as a cell does: a
terminating error ends the body's statement, not the loop, and a shell line runs in
the runspace's shell.

A condition is true by PowerShell's rules (``ops.is_true``): output of one ``$false``
or ``0`` is false, of several objects true. ``break``/``continue`` raise the signals
of ``signals.py``; each loop (and a switch) stops those it is the target of.

Speed: a body that does not stream (``StatementBlock.streams``: no command, no shell
line) runs to its end before its output is handed on, its statements by their
immediate handlers (an ``if`` of such bodies is one too), so a pass costs no chain of
generators; that is what keeps a loop over a hundred jobs within milliseconds.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any

from rjkernel.interpreter.blocks import invoke_block
from rjkernel.interpreter.evaluator import Evaluator
from rjkernel.interpreter.expressions import assigned_value, lone_expression
from rjkernel.interpreter.signals import (
    BreakSignal,
    ContinueSignal,
    FlowSignal,
    ReturnSignal,
    ScriptHalted,
)
from rjkernel.interpreter.statements import set_target
from rjkernel.interpreter.tables import immediate, statement
from rjkernel.language import ast
from rjkernel.values import operators as ops
from rjkernel.values.objects import Enumerator, Hashtable, ScriptBlockValue

Passes = AsyncGenerator[None, None]
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


async def _is_true(ev: Evaluator, condition: ast.Statement) -> bool:
    return ops.is_true(await assigned_value(ev, condition))


async def run_now(ev: Evaluator, block: ast.StatementBlock, items: list[Any]
                  ) -> FlowSignal | None:
    """Run a block that does not stream, its output appended to ``items`` (which keeps
    what was made if anything ends the block early); the signal that ended it."""
    try:
        await ev.outputs_into(block.statements, items)
    except FlowSignal as signal:
        return signal
    return None


class _Outcome:
    """How a block run by :func:`_run_block` ended: ``signal`` if a break or continue
    ended it."""

    def __init__(self) -> None:
        self.signal: FlowSignal | None = None


async def _run_block(ev: Evaluator, block: ast.StatementBlock, outcome: _Outcome
                     ) -> AsyncIterator[Any]:
    """A loop's or switch clause's body: its output as it is made if it streams, else
    all at once when it has run; the signal that ended it goes to ``outcome``."""
    if not block.streams:
        items: list[Any] = []
        try:
            outcome.signal = await run_now(ev, block, items)
        except (ReturnSignal, ScriptHalted):  # the output made before it still shows
            for obj in items:
                yield obj
            raise
        for obj in items:
            yield obj
        return
    outcome.signal = None
    try:
        async for obj in ev.outputs(block.statements, boundaries=False):
            yield obj
    except FlowSignal as signal:
        outcome.signal = signal


def _settles(signal: FlowSignal, label: str | None) -> bool:
    """A signal reached a loop or switch labelled ``label``: whether it ends it (a
    ``break`` aimed here) rather than its pass (a ``continue``); a signal aimed
    further out, or one that is not a loop's (``return``, ``exit``), goes on."""
    if not isinstance(signal, (BreakSignal, ContinueSignal)) or not signal.targets(label):
        raise signal
    return isinstance(signal, BreakSignal)


# --------------------------------------------------------------------------- if


async def _chosen(ev: Evaluator, stmt: ast.If) -> ast.StatementBlock | None:
    """The body whose condition is true first, else the ``else`` body, if any."""
    for condition, body in stmt.clauses:
        if ops.is_true(await assigned_value(ev, condition)):
            return body
    return stmt.otherwise


@statement(ast.If)
async def if_statement(ev: Evaluator, stmt: ast.If) -> AsyncIterator[Any]:
    body = await _chosen(ev, stmt)
    if body is not None:
        async for obj in ev.outputs(body.statements, boundaries=False):
            yield obj


@immediate(ast.If)
async def if_now(ev: Evaluator, stmt: ast.If) -> list[Any] | None:
    """An ``if`` whose bodies do not stream, at once; a signal from its body carries
    the output made before it."""
    if stmt.streams:
        return None
    body = await _chosen(ev, stmt)
    if body is None:
        return []
    items: list[Any] = []
    signal = await run_now(ev, body, items)
    if signal is not None:
        signal.carry(items)
        raise signal
    return items


# --------------------------------------------------------------------------- loops


async def _loop(ev: Evaluator, label: str | None, body: ast.StatementBlock, passes: Passes
                ) -> AsyncIterator[Any]:
    """Run ``body`` once for each item of ``passes`` — which does the loop's own work:
    its variable, condition and step. A ``continue`` aimed here ends a pass, a
    ``break`` aimed here the loop; other signals go on out, after the output made
    before them."""
    outcome = _Outcome()
    try:
        async for _ in passes:
            async for obj in _run_block(ev, body, outcome):
                yield obj
            if outcome.signal is not None and _settles(outcome.signal, label):
                return
    finally:
        await passes.aclose()  # a loop left early ends its passes now ($foreach's too)


@statement(ast.ForEach)
def foreach_statement(ev: Evaluator, stmt: ast.ForEach) -> AsyncIterator[Any]:
    """``$null`` is no iteration (PowerShell 3+), a scalar one, an array each item;
    ``$foreach`` is the loop's enumerator while it runs."""

    async def passes() -> Passes:
        items = Enumerator(ops.to_list(await assigned_value(ev, stmt.collection)))
        async with _enumerating(ev, "foreach", items):
            while items.move_next():
                await set_target(ev, stmt.variable, items.current)
                yield None

    return _loop(ev, stmt.label, stmt.body, passes())


@contextlib.asynccontextmanager
async def _enumerating(ev: Evaluator, name: str, items: Enumerator) -> AsyncIterator[None]:
    """``$foreach``/``$switch`` is ``items`` while the statement runs, and what it was
    (an enclosing loop's) after it."""
    outer = ev.scope.get(name)
    ev.scope.set(name, items)
    try:
        yield
    finally:
        if outer is None:
            ev.scope.remove(name)
        else:
            ev.scope.set(name, outer)


@statement(ast.For)
def for_statement(ev: Evaluator, stmt: ast.For) -> AsyncIterator[Any]:
    """A missing condition is true: ``for (;;) { … break }`` loops until a break. The
    initializer's and the step's output is dropped (PowerShell captures them as it
    captures an assignment's value): ``for ($i = 0; …; $i++, $j++)`` shows nothing."""

    async def passes() -> Passes:
        if stmt.init is not None:
            await _dropped(ev, stmt.init)
        while stmt.condition is None or await _is_true(ev, stmt.condition):
            yield None
            if stmt.step is not None:
                await _dropped(ev, stmt.step)

    return _loop(ev, stmt.label, stmt.body, passes())


@statement(ast.While)
def while_statement(ev: Evaluator, stmt: ast.While) -> AsyncIterator[Any]:
    async def passes() -> Passes:
        while await _is_true(ev, stmt.condition):
            yield None

    return _loop(ev, stmt.label, stmt.body, passes())


@statement(ast.DoLoop)
def do_statement(ev: Evaluator, stmt: ast.DoLoop) -> AsyncIterator[Any]:
    """The body runs at least once; ``until`` loops while the condition is false."""

    async def passes() -> Passes:
        yield None
        while await _is_true(ev, stmt.condition) != stmt.until:
            yield None

    return _loop(ev, stmt.label, stmt.body, passes())


async def _dropped(ev: Evaluator, stmt: ast.Statement) -> None:
    """Run a ``for`` loop's initializer or step, its output dropped."""
    await ev.capture([stmt])


# --------------------------------------------------------------------------- break, continue


async def _label(ev: Evaluator, label: ast.Expr | None) -> str | None:
    return None if label is None else ops.to_string(await ev.eval(label))


@immediate(ast.Break)
async def break_statement(ev: Evaluator, stmt: ast.Break) -> list[Any]:
    raise BreakSignal(await _label(ev, stmt.label))


@immediate(ast.Continue)
async def continue_statement(ev: Evaluator, stmt: ast.Continue) -> list[Any]:
    raise ContinueSignal(await _label(ev, stmt.label))


# --------------------------------------------------------------------------- switch


@statement(ast.Switch)
async def switch_statement(ev: Evaluator, stmt: ast.Switch) -> AsyncIterator[Any]:
    """Every input value is tested against every clause in order and every matching
    clause runs; ``default`` runs when none did. ``$_`` is the value and ``$switch``
    the enumerator over them; ``continue`` goes on with the next value, ``break``
    leaves the switch."""
    values = Enumerator(await _switch_values(ev, stmt))
    outcome = _Outcome()
    ev.underscore.append(None)
    try:
        async with _enumerating(ev, "switch", values):
            while values.move_next():
                value = values.current
                ev.underscore[-1] = value
                matched = False
                for clause in stmt.clauses:
                    if outcome.signal is None and \
                            await _clause_matches(ev, stmt, clause.condition, value):
                        matched = True
                        async for obj in _run_block(ev, clause.body, outcome):
                            yield obj
                if not matched and stmt.default is not None:
                    async for obj in _run_block(ev, stmt.default, outcome):
                        yield obj
                if outcome.signal is not None:
                    if _settles(outcome.signal, stmt.label):
                        return
                    outcome.signal = None
    finally:
        ev.underscore.pop()


async def _switch_values(ev: Evaluator, stmt: ast.Switch) -> list[Any]:
    """An array is switched on item by item; ``$null`` once, as a value; a command
    that outputs nothing not at all; ``-File`` the lines of the file, read where the
    statement runs."""
    subject = stmt.subject
    if stmt.from_file:
        return await _file_lines(ev, ops.to_string(await assigned_value(ev, subject)))
    expression = lone_expression(subject)
    if expression is not None:
        value = await ev.eval(expression)
        return value if isinstance(value, list) else [value]
    return list((await ev.capture([subject])).items)


async def _file_lines(ev: Evaluator, path: str) -> list[str]:
    """A file's lines as .NET's ReadLine splits them (``\\n``, ``\\r\\n`` or ``\\r``)."""
    data = b"".join([chunk async for chunk in ev.runspace.place.read_file(path)])
    lines = _LINE_BREAK.split(data.decode("utf-8", "replace"))
    return lines[:-1] if lines[-1] == "" else lines


async def _clause_matches(ev: Evaluator, stmt: ast.Switch, condition: ast.Expr,
                          value: Any) -> bool:
    """PowerShell's test of one clause (SwitchOps): a script block is run with ``$_``;
    ``$null`` equals only ``$null``; otherwise the value as text is compared with the
    condition as text — ``-Regex`` (setting ``$Matches``), ``-Wildcard``, or equal —
    ignoring case unless ``-CaseSensitive``."""
    pattern = await ev.eval(condition)
    if isinstance(pattern, ScriptBlockValue):
        return ops.is_true(await invoke_block(ev, pattern, underscore=value))
    if pattern is None:
        return value is None
    case = stmt.case_sensitive
    if stmt.mode == "regex":
        matches = Hashtable()
        found = ops.match(value, pattern, case, matches)
        if found:
            ev.runspace.variables.set("Matches", matches)
        return found
    if stmt.mode == "wildcard":
        return ops.like(value, pattern, case)
    text, wanted = ops.to_string(value), ops.to_string(pattern)
    return text == wanted if case else text.lower() == wanted.lower()
