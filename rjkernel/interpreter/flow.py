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
immediate handlers (an ``if`` of such bodies is one too, and a ``switch`` of such bodies
whose clauses test constants), so a pass costs no chain of generators; that is what
keeps a loop over a hundred jobs within milliseconds.
"""

from __future__ import annotations

import re
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from typing import Any

from rjkernel.errors import PSError
from rjkernel.interpreter.blocks import invoke_block
from rjkernel.interpreter.code import Code, code, combine, immediate_code, kept, now_for
from rjkernel.interpreter.evaluator import Evaluator
from rjkernel.interpreter.expressions import assigned_code, lone_expression
from rjkernel.interpreter.signals import (
    BreakSignal,
    ContinueSignal,
    FlowSignal,
    ReturnSignal,
    ScriptHalted,
    carry,
)
from rjkernel.interpreter.statements import assigner
from rjkernel.interpreter.tables import immediate, statement
from rjkernel.language import ast
from rjkernel.values import operators as ops
from rjkernel.values.objects import Enumerator, Hashtable, ScriptBlockValue

Passes = AsyncGenerator[None, None]
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def condition_code(condition: ast.Statement) -> Code:
    """What ``( … )`` of a keyword statement yields: an expression's value, a
    pipeline's output, or the value an assignment stored (``if ($j = Get-Job 1)``)."""
    return assigned_code(condition)


async def condition_value(ev: Evaluator, condition: ast.Statement) -> Any:
    compiled = condition_code(condition)
    now = now_for(ev, compiled)
    return now(ev) if now is not None else await compiled.later(ev)


Step = Callable[[Evaluator], list[Any]]


def body_steps(block: ast.StatementBlock) -> list[Step] | None:
    """The compiled code of a block's statements when none of it waits (each one's
    ``Code.now``), else None; worked out once and kept on the block."""
    return kept(block, "_steps", _steps)


def _steps(block: ast.StatementBlock) -> list[Step] | None:
    codes = [None if block.streams else immediate_code(stmt) for stmt in block.statements]
    steps = [c.now for c in codes if c is not None and c.now is not None]
    return steps if len(steps) == len(codes) else None


def _ran(ev: Evaluator, steps: list[Step], items: list[Any]) -> FlowSignal | None:
    """:func:`run_now` of a block whose statements never wait, without a coroutine."""
    try:
        ev.outputs_now(steps, items)
    except FlowSignal as signal:
        return signal
    return None


async def run_now(ev: Evaluator, block: ast.StatementBlock, items: list[Any]
                  ) -> FlowSignal | None:
    """Run a block that does not stream, its output appended to ``items`` (which keeps
    what was made if anything ends the block early); the signal that ended it."""
    steps = body_steps(block)
    if steps is not None and not ev.scope.shared.checks_wait:
        return _ran(ev, steps, items)
    try:
        await ev.outputs_into(block.statements, items)
    except FlowSignal as signal:
        return signal
    return None


class _Outcome:
    """How a loop's or switch clause's body ended: ``signal`` if a break or continue
    ended it; ``stop`` a ``return``, a halted script or a terminating error a ``try``
    around will take, raised again by :meth:`resume` once the output made before it
    has been handed on."""

    def __init__(self) -> None:
        self.signal: FlowSignal | None = None
        self.stop: ReturnSignal | ScriptHalted | PSError | None = None

    def resume(self) -> None:
        if self.stop is not None:
            raise self.stop


async def _at_once(ev: Evaluator, block: ast.StatementBlock, outcome: _Outcome
                   ) -> list[Any]:
    """A body that does not stream, run to its end: its output (a plain list, so a
    pass costs no generator)."""
    items: list[Any] = []
    try:
        outcome.signal = await run_now(ev, block, items)
    except (ReturnSignal, ScriptHalted, PSError) as stop:  # output before it still shows
        outcome.stop = stop
    return items


def _at_once_now(ev: Evaluator, steps: list[Step], outcome: _Outcome) -> list[Any]:
    """:func:`_at_once` of a body whose statements never wait: no coroutine at all."""
    items: list[Any] = []
    try:
        outcome.signal = _ran(ev, steps, items)
    except (ReturnSignal, ScriptHalted, PSError) as stop:
        outcome.stop = stop
    return items


async def _streamed(ev: Evaluator, block: ast.StatementBlock, outcome: _Outcome
                    ) -> AsyncIterator[Any]:
    """A body that streams: its output as it is made."""
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
        if ops.is_true(await condition_value(ev, condition)):
            return body
    return stmt.otherwise


@statement(ast.If)
async def if_statement(ev: Evaluator, stmt: ast.If) -> AsyncIterator[Any]:
    body = await _chosen(ev, stmt)
    if body is not None:
        async for obj in ev.outputs(body.statements, boundaries=False):
            yield obj


@immediate(ast.If)
def if_code(stmt: ast.If) -> Code | None:
    """An ``if`` whose bodies do not stream, at once; a signal from its body carries
    the output made before it. When neither its conditions nor its bodies wait, a
    plain function."""
    if stmt.streams:
        return None
    tests = [condition_code(condition) for condition, _ in stmt.clauses]
    bodies = [body_steps(body) for _, body in stmt.clauses]
    ready = [steps for steps in bodies if steps is not None]
    otherwise = [] if stmt.otherwise is None else body_steps(stmt.otherwise)
    checks = [t.now for t in tests if t.now is not None]

    async def later(ev: Evaluator) -> list[Any]:
        body = await _chosen(ev, stmt)
        if body is None:
            return []
        items: list[Any] = []
        try:
            signal = await run_now(ev, body, items)
            if signal is not None:
                raise signal
        except BaseException as exc:
            carry(exc, items)
            raise
        return items

    if otherwise is not None and len(ready) == len(bodies) and len(checks) == len(tests):
        clauses = list(zip(checks, ready, strict=True))
        last: list[Step] = otherwise

        def now(ev: Evaluator) -> list[Any]:
            chosen = last
            for test, body in clauses:
                if ops.is_true(test(ev)):
                    chosen = body
                    break
            return handed_on(ev, chosen)

        return Code(now, later)
    return Code(later=later)


def handed_on(ev: Evaluator, steps: list[Step]) -> list[Any]:
    """The output of plain steps run for a statement that hands its output on at once;
    whatever ends them early carries the output made before it (``signals.carry``)."""
    items: list[Any] = []
    try:
        ev.outputs_now(steps, items)
    except BaseException as exc:
        carry(exc, items)
        raise
    return items


# --------------------------------------------------------------------------- loops


async def _loop(ev: Evaluator, label: str | None, body: ast.StatementBlock, passes: Passes
                ) -> AsyncIterator[Any]:
    """Run ``body`` once for each item of ``passes`` — which does the loop's own work:
    its variable, condition and step. A ``continue`` aimed here ends a pass, a
    ``break`` aimed here the loop; other signals go on out, after the output made
    before them."""
    outcome = _Outcome()
    steps = body_steps(body)
    try:
        async for _ in passes:
            if body.streams:
                async for obj in _streamed(ev, body, outcome):
                    yield obj
            else:
                for obj in (_at_once_now(ev, steps, outcome)
                            if steps is not None and not ev.scope.shared.checks_wait else
                            await _at_once(ev, body, outcome)):
                    yield obj
                outcome.resume()
            if outcome.signal is not None and _settles(outcome.signal, label):
                return
    finally:
        await passes.aclose()  # a loop left early ends its passes now ($foreach's too)


@statement(ast.ForEach)
def foreach_statement(ev: Evaluator, stmt: ast.ForEach) -> AsyncIterator[Any]:
    """``$null`` is no iteration (PowerShell 3+), a scalar one, an array each item;
    ``$foreach`` is the loop's enumerator while it runs."""
    store = assigner(stmt.variable)

    async def passes() -> Passes:
        items = Enumerator(ops.to_list(await condition_value(ev, stmt.collection)))
        with _Enumerating(ev, "foreach", items):
            while items.move_next():
                if store.now is not None and not ev.scope.shared.checks_wait:
                    store.now(ev, items.current)
                else:
                    await store.later(ev, items.current)
                yield None

    return _loop(ev, stmt.label, stmt.body, passes())


class _Enumerating:
    """``$foreach``/``$switch`` is ``items`` while the statement runs, and what it was
    (an enclosing loop's) after it. A plain context manager: a switch in a loop's body
    enters one on every pass."""

    __slots__ = ("ev", "items", "name", "outer")

    def __init__(self, ev: Evaluator, name: str, items: Enumerator) -> None:
        self.ev, self.name, self.items = ev, name, items
        self.outer: Any = None

    def __enter__(self) -> None:
        scope = self.ev.scope
        self.outer = scope.get(self.name)
        scope.set(self.name, self.items)

    def __exit__(self, *_exc: object) -> None:
        scope = self.ev.scope
        if self.outer is None:
            scope.remove(self.name)
        else:
            scope.set(self.name, self.outer)


@statement(ast.For)
def for_statement(ev: Evaluator, stmt: ast.For) -> AsyncIterator[Any]:
    """A missing condition is true: ``for (;;) { … break }`` loops until a break. The
    initializer's and the step's output is dropped (PowerShell captures them as it
    captures an assignment's value): ``for ($i = 0; …; $i++, $j++)`` shows nothing."""
    test = None if stmt.condition is None else condition_code(stmt.condition)

    async def passes() -> Passes:
        if stmt.init is not None:
            await _dropped(ev, stmt.init)
        while test is None or (_holds_now(ev, test) if now_for(ev, test) is not None
                               else await _holds(ev, test)):
            yield None
            if stmt.step is not None:
                await _dropped(ev, stmt.step)

    return _loop(ev, stmt.label, stmt.body, passes())


@statement(ast.While)
def while_statement(ev: Evaluator, stmt: ast.While) -> AsyncIterator[Any]:
    test = condition_code(stmt.condition)

    async def passes() -> Passes:
        while _holds_now(ev, test) if now_for(ev, test) is not None else \
                await _holds(ev, test):
            yield None

    return _loop(ev, stmt.label, stmt.body, passes())


@statement(ast.DoLoop)
def do_statement(ev: Evaluator, stmt: ast.DoLoop) -> AsyncIterator[Any]:
    """The body runs at least once; ``until`` loops while the condition is false."""
    test = condition_code(stmt.condition)

    async def passes() -> Passes:
        yield None
        while (_holds_now(ev, test) if now_for(ev, test) is not None else
               await _holds(ev, test)) != stmt.until:
            yield None

    return _loop(ev, stmt.label, stmt.body, passes())


async def _holds(ev: Evaluator, test: Code) -> bool:
    """Whether a loop's compiled condition is true now."""
    return ops.is_true(await test.later(ev))


def _holds_now(ev: Evaluator, test: Code) -> bool:
    """:func:`_holds` of a condition that never waits, without a coroutine."""
    assert test.now is not None
    return ops.is_true(test.now(ev))


async def _dropped(ev: Evaluator, stmt: ast.Statement) -> None:
    """Run a ``for`` loop's initializer or step, its output dropped."""
    compiled = immediate_code(stmt)
    if compiled is None:
        await ev.capture([stmt])
    elif (now := now_for(ev, compiled)) is not None:
        now(ev)
    else:
        await compiled.later(ev)


# --------------------------------------------------------------------------- break, continue


def _jump(signal: type[FlowSignal], stmt: ast.Break | ast.Continue) -> Code:
    """``break``/``continue`` and their label's value, raised as ``signal``."""

    def jump(_ev: Evaluator, *label: Any) -> list[Any]:
        raise signal(ops.to_string(label[0]) if label else None)

    return combine([] if stmt.label is None else [code(stmt.label)], jump)


@immediate(ast.Break)
def break_statement(stmt: ast.Break) -> Code:
    return _jump(BreakSignal, stmt)


@immediate(ast.Continue)
def continue_statement(stmt: ast.Continue) -> Code:
    return _jump(ContinueSignal, stmt)


# --------------------------------------------------------------------------- switch


@statement(ast.Switch)
async def switch_statement(ev: Evaluator, stmt: ast.Switch) -> AsyncIterator[Any]:
    """Every input value is tested against every clause in order and every matching
    clause runs; ``default`` runs when none did. ``$_`` is the value and ``$switch``
    the enumerator over them; ``continue`` goes on with the next value, ``break``
    leaves the switch."""
    subject, clauses = kept(stmt, "_switch", _switch_code)
    now = now_for(ev, subject)
    values = Enumerator(now(ev) if now is not None else await subject.later(ev))
    outcome = _Outcome()
    ev.underscore.append(None)
    try:
        with _Enumerating(ev, "switch", values):
            while values.move_next():
                value = ev.underscore[-1] = values.current
                matched = False
                for condition, body in clauses:
                    if outcome.signal is not None:
                        break
                    if condition is None:  # default
                        if matched:
                            break
                    else:
                        test = now_for(ev, condition)
                        pattern = test(ev) if test is not None else await condition.later(ev)
                        if isinstance(pattern, ScriptBlockValue):  # run with $_ the value
                            hit = ops.is_true(await invoke_block(ev, pattern, underscore=value))
                        else:
                            hit = _matches(ev, stmt, pattern, value)
                        if not hit:
                            continue
                        matched = True
                    if body.streams:
                        async for obj in _streamed(ev, body, outcome):
                            yield obj
                    else:
                        steps = body_steps(body)
                        for obj in (_at_once_now(ev, steps, outcome)
                                    if steps is not None and not ev.scope.shared.checks_wait
                                    else await _at_once(ev, body, outcome)):
                            yield obj
                        outcome.resume()
                if outcome.signal is not None:
                    if _settles(outcome.signal, stmt.label):
                        return
                    outcome.signal = None
    finally:
        ev.underscore.pop()


@immediate(ast.Switch)
def switch_code(stmt: ast.Switch) -> Code | None:
    """A switch in a loop's body, at once: when its values never wait, its clauses test
    constants (``'Job1?'``, ``'[02468]$'`` — never a script block) and its bodies are
    plain calls, a plain function, so the pass costs no generator; its output comes
    at once, a signal from a body carrying what was made before it. Any other switch
    streams (:func:`switch_statement`)."""
    subject = _switch_values(stmt)
    constants = [_constant(clause.condition) for clause in stmt.clauses]
    bodies = [body_steps(clause.body) for clause in stmt.clauses]
    default = None if stmt.default is None else body_steps(stmt.default)
    read = subject.now
    if read is None or _NOT_CONSTANT in constants or None in bodies or (
            stmt.default is not None and default is None):
        return None
    clauses = list(zip(constants, bodies, strict=True))

    def now(ev: Evaluator) -> list[Any]:
        values = Enumerator(read(ev))
        items: list[Any] = []
        ev.underscore.append(None)
        try:
            with _Enumerating(ev, "switch", values):
                while values.move_next():
                    value = ev.underscore[-1] = values.current
                    signal = _clauses_now(ev, stmt, clauses, default, value, items)
                    if signal is not None and _settles(signal, stmt.label):
                        break
        except BaseException as exc:
            carry(exc, items)
            raise
        finally:
            ev.underscore.pop()
        return items

    async def later(ev: Evaluator) -> list[Any]:
        items: list[Any] = []
        try:
            async for obj in switch_statement(ev, stmt):
                items.append(obj)
        except BaseException as exc:
            carry(exc, items)
            raise
        return items

    return Code(now, later)


_NOT_CONSTANT = object()


def _constant(condition: ast.Expr) -> Any:
    """A clause's condition when it is a literal, else ``_NOT_CONSTANT``."""
    if isinstance(condition, (ast.StringLiteral, ast.NumberLiteral)):
        return condition.value
    return _NOT_CONSTANT


def _clauses_now(ev: Evaluator, stmt: ast.Switch, clauses: list[tuple[Any, Any]],
                 default: list[Step] | None, value: Any, items: list[Any]
                 ) -> FlowSignal | None:
    """One value through :func:`switch_code`'s clauses: every matching one runs, the
    default when none did; the signal that ended a body, if one did."""
    matched = False
    for pattern, steps in clauses:
        if _matches(ev, stmt, pattern, value):
            matched = True
            signal = _ran(ev, steps, items)
            if signal is not None:
                return signal
    if default is not None and not matched:
        return _ran(ev, default, items)
    return None


SwitchCode = tuple[Code, list[tuple[Code | None, ast.StatementBlock]]]


def _switch_code(stmt: ast.Switch) -> SwitchCode:
    """A switch compiled: its values' code, and each clause's condition's code and
    body (``None`` for the default, which comes last)."""
    clauses: list[tuple[Code | None, ast.StatementBlock]] = [
        (code(clause.condition), clause.body) for clause in stmt.clauses]
    if stmt.default is not None:
        clauses.append((None, stmt.default))
    return _switch_values(stmt), clauses


def _switch_values(stmt: ast.Switch) -> Code:
    """What a switch tests: an array item by item; ``$null`` once, as a value; a
    command that outputs nothing not at all; ``-File`` the lines of the file, read
    where the statement runs."""
    subject = stmt.subject
    if stmt.from_file:
        path = assigned_code(subject)

        async def lines(ev: Evaluator) -> list[Any]:
            return await _file_lines(ev, ops.to_string(await path.later(ev)))

        return Code(later=lines)
    expression = lone_expression(subject)
    if expression is not None:
        return combine([code(expression)],
                       lambda _ev, value: value if isinstance(value, list) else [value])

    async def later(ev: Evaluator) -> list[Any]:
        return list((await ev.capture([subject])).items)

    return Code(later=later)


async def _file_lines(ev: Evaluator, path: str) -> list[str]:
    """A file's lines as .NET's ReadLine splits them (``\\n``, ``\\r\\n`` or ``\\r``)."""
    data = b"".join([chunk async for chunk in ev.runspace.place.read_file(path)])
    lines = _LINE_BREAK.split(data.decode("utf-8", "replace"))
    return lines[:-1] if lines[-1] == "" else lines


def _matches(ev: Evaluator, stmt: ast.Switch, pattern: Any, value: Any) -> bool:
    """PowerShell's test of one clause (SwitchOps) but a script block's: ``$null``
    equals only ``$null``; otherwise the value as text is compared with the condition
    as text — ``-Regex`` (setting ``$Matches``), ``-Wildcard``, or equal — ignoring
    case unless ``-CaseSensitive``."""
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
