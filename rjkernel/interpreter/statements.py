"""Statements: one registered handler per statement node, yielding its output.

- a :class:`~rjkernel.language.ast.ShellChunk` runs in the runspace's shell, its
  output streaming (a one-line command ending in ``&`` becomes a job);
- a pipeline runs as a chain of async generators (``pipelines.py``);
- an assignment captures output: none → ``$null``, one → the object, more → an array;
  ``$i++``/``--$i`` are assignments too (an expression handler here).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from rjkernel.errors import ErrorRecord, PSError
from rjkernel.interpreter.code import Code, code, combine, finished, kept
from rjkernel.interpreter.evaluator import Evaluator
from rjkernel.interpreter.expressions import assigned_code, lone_expression, output_of
from rjkernel.interpreter.native import (
    background_job,
    block_shell_text,
    set_env,
    shell_stream,
)
from rjkernel.interpreter.pipelines import pipeline_stream
from rjkernel.interpreter.shell_text import BACKGROUND_LINE
from rjkernel.interpreter.tables import expression, immediate, statement
from rjkernel.interpreter.validation import VariableConstraint, constrained, declared
from rjkernel.language import ast
from rjkernel.values import operators as ops
from rjkernel.values import types
from rjkernel.values.conversion import dotnet_type_of
from rjkernel.values.objects import Hashtable, PSObject


@statement(ast.ShellChunk)
def shell_chunk(ev: Evaluator, stmt: ast.ShellChunk) -> AsyncIterator[Any]:
    background = BACKGROUND_LINE.match(stmt.text)
    if background is not None:
        return background_job(ev, background.group(1))
    return shell_stream(ev, block_shell_text(ev, stmt.text))


@statement(ast.Pipeline)
def pipeline(ev: Evaluator, stmt: ast.Pipeline) -> AsyncIterator[Any]:
    if stmt.background:
        return background_job(ev, stmt.text.rstrip().removesuffix("&"))
    return pipeline_stream(ev, stmt)


@statement(ast.Assignment)
async def assignment(ev: Evaluator, stmt: ast.Assignment) -> AsyncIterator[Any]:
    await assignment_code(stmt).later(ev)
    return
    yield  # pragma: no cover - makes this an async generator


@immediate(ast.Assignment)
def assignment_code(stmt: ast.Assignment) -> Code:
    """``$x = …``, ``$a, $b = …``, ``$x += …`` (about_Assignment_Operators); the
    statement outputs nothing. ``$x ??= …`` assigns, and runs its right side, only
    when ``$x`` is ``$null`` (about_Operators)."""
    if len(stmt.targets) > 1:
        return _spread(stmt)
    if stmt.op == "??=":
        return _coalescing_assignment(stmt)
    target = stmt.targets[0]
    value = assigned_code(stmt.value)
    if stmt.op != "=":
        op = stmt.op[0]
        value = combine([value, code(target)],
                        lambda _ev, right, left: ops.arithmetic(op, left, right))
    store = assigner(target)

    async def later(ev: Evaluator) -> list[Any]:
        await store.later(ev, await value.later(ev))
        return []

    compute, put = value.now, store.now
    if compute is not None and put is not None:
        def now(ev: Evaluator) -> list[Any]:
            put(ev, compute(ev))
            return []

        return Code(now, later)
    return Code(later=later)


def _coalescing_assignment(stmt: ast.Assignment) -> Code:
    target = stmt.targets[0]
    current, value, store = code(target), assigned_code(stmt.value), assigner(target)

    async def later(ev: Evaluator) -> list[Any]:
        if await current.later(ev) is None:
            await store.later(ev, await value.later(ev))
        return []

    return Code(later=later)


def _spread(stmt: ast.Assignment) -> Code:
    """``$a, $b = …``: one item to each target, the rest (as an array) to the last."""
    value = assigned_code(stmt.value)
    last = len(stmt.targets) - 1

    async def later(ev: Evaluator) -> list[Any]:
        items = ops.to_list(await value.later(ev))
        for i, target in enumerate(stmt.targets):
            if i == last:
                rest = items[i:]
                part = None if not rest else rest[0] if len(rest) == 1 else rest
            else:
                part = items[i] if i < len(items) else None
            await set_target(ev, target, part)
        return []

    return Code(later=later)


@statement(ast.PipelineChain)
async def pipeline_chain(ev: Evaluator, stmt: ast.PipelineChain) -> AsyncIterator[Any]:
    """``a && b``, ``a || b`` (about_Pipeline_Chain_Operators): the right pipeline runs
    when ``$?`` after the left one is True (``&&``) or False (``||``); the chain's
    ``$?`` is that of the last pipeline that ran. With ``&`` the chain is one job."""
    if stmt.background:
        async for job in background_job(ev, stmt.text):
            yield job
        return
    async for obj in ev.statement_stream(stmt.left):
        yield obj
    if ev.statement_ok != (stmt.op == "&&"):
        return
    ev.statement_ok = True
    async for obj in ev.statement_stream(stmt.right):
        yield obj


@immediate(ast.Pipeline)
def pipeline_code(stmt: ast.Pipeline) -> Code | None:
    """A pipeline of one expression (``$x``, ``'text'``, ``$i++``) outputs its values
    at once; any other pipeline streams."""
    expr = lone_expression(stmt)
    if expr is None:
        return None
    outputs = output_of(expr)
    return combine([code(expr)], lambda _ev, value: outputs(value))


@expression(ast.AttributedExpression)
def attributed(e: ast.AttributedExpression) -> Code:
    """An attribute outside an assignment changes nothing: the operand's value."""
    return code(e.operand)


@expression(ast.Increment)
def increment(e: ast.Increment) -> Code:
    """``$i++`` and ``++$i``: ``$i = $i + 1`` (``$null`` counts as 0); the value is the
    old one for the postfix form, the new one for the prefix form."""
    operand, store = code(e.operand), assigner(e.operand)
    delta, postfix = e.delta, e.postfix

    def step(old: Any) -> tuple[Any, Any]:
        new = ops.arithmetic("+", 0 if old is None else old, delta)
        return new, old if postfix else new

    async def later(ev: Evaluator) -> Any:
        new, value = step(await operand.later(ev))
        await store.later(ev, new)
        return value

    read, write = operand.now, store.now
    if read is not None and write is not None:
        def now(ev: Evaluator) -> Any:
            new, value = step(read(ev))
            write(ev, new)
            return value

        return Code(now, later)
    return Code(later=later)


async def set_target(ev: Evaluator, target: ast.Expr, value: Any) -> None:
    """Assign to a variable, a hashtable key or element, or an object's property
    (:func:`assigner`)."""
    store = assigner(target)
    if store.now is not None and not ev.scope.shared.checks_wait:
        store.now(ev, value)
    else:
        await store.later(ev, value)


Store = Callable[[Evaluator, Any], None]


class Assigner:
    """A compiled assignment target: ``now(ev, value)`` if storing never waits (all
    but ``$env:``), and always ``later`` — built on its own, not on ``now``, when
    ``now`` could meet a declared check (see ``Code``)."""

    __slots__ = ("later", "now")

    def __init__(self, now: Store | None = None,
                 later: Callable[[Evaluator, Any], Awaitable[None]] | None = None) -> None:
        self.now = now
        if later is None:
            assert now is not None

            async def later(ev: Evaluator, value: Any) -> None:
                now(ev, value)

        self.later = later


def assigner(target: ast.Expr) -> Assigner:
    """How to assign to ``target``, compiled once per node (as ``code.code``)."""
    return kept(target, "_assigner", _assigner)


def _assigner(target: ast.Expr) -> Assigner:
    """Assign to a variable, a hashtable key or element, or an object's property;
    ``[int]$n = '5'`` and ``[ValidateRange(1, 5)]$n = 3`` declare what the variable
    takes from then on (about_Variables: type constraints, validation attributes)."""
    if isinstance(target, (ast.Cast, ast.AttributedExpression)):
        return _declaring(target)
    if isinstance(target, ast.Variable):
        return _variable_assigner(target)
    if isinstance(target, ast.IndexAccess):
        return _into(target, [code(target.target), code(target.index)], _set_item)
    if isinstance(target, ast.MemberAccess):
        member = target.member
        return _into(target, [code(target.target)],
                     lambda container, value: _set_member(container, member, value))
    if isinstance(target, ast.DynamicMember):  # $o.$name = … (the parser refuses a call)
        return _into(target, [code(target.target), code(target.name)],
                     lambda container, name, value:
                     _set_member(container, ops.to_string(name), value))

    def invalid(ev: Evaluator, _value: Any) -> None:
        raise _invalid_target(ev, target)

    return Assigner(invalid)


def _declaring(target: ast.Cast | ast.AttributedExpression) -> Assigner:
    async def later(ev: Evaluator, value: Any) -> None:
        variable, constraint = declared(target, ev.source)
        value = await _constrained(ev, variable, constraint, value, target)
        ev.scope.set(variable.name, value, prefix=variable.scope)
        ev.scope.constrain(variable.name, constraint, prefix=variable.scope)

    return Assigner(later=later)


def _variable_assigner(target: ast.Variable) -> Assigner:
    """``$x = …``: a variable declared with a type or validation (in the scope the
    assignment writes to) converts and checks the value first — as a plain call only
    while no check of the runspace may wait (``code.now_for``), so it never does."""
    name, prefix = target.name, target.scope
    if prefix == "env":
        return Assigner(later=lambda ev, value: set_env(ev, name, value))

    def now(ev: Evaluator, value: Any) -> None:
        scope = ev.scope
        constraint = scope.constraint(name, prefix)
        if constraint is not None:
            value = finished(_constrained(ev, target, constraint, value, target))
        scope.set(name, value, prefix=prefix)

    async def later(ev: Evaluator, value: Any) -> None:
        scope = ev.scope
        constraint = scope.constraint(name, prefix)
        if constraint is not None:
            value = await _constrained(ev, target, constraint, value, target)
        scope.set(name, value, prefix=prefix)

    return Assigner(now, later)


async def _constrained(ev: Evaluator, variable: ast.Variable, constraint: VariableConstraint,
                       value: Any, at: ast.Expr) -> Any:
    try:
        return await constrained(ev, variable.name, constraint, value)
    except PSError as exc:
        raise PSError(exc.record.with_position(ev.span(at.span))) from None


def _into(target: ast.Expr, operands: list[Code], put: Callable[..., bool]) -> Assigner:
    """Store into what ``operands`` evaluate to (a container, and a key) with
    ``put(*operand values, value)``, which says whether the container took it (or
    raises the container's own error, pointed here)."""
    def store(ev: Evaluator, values: list[Any], value: Any) -> None:
        try:
            took = put(*values, value)
        except PSError as exc:
            raise PSError(exc.record.with_position(ev.span(target.span))) from None
        if not took:
            raise _invalid_target(ev, target)

    async def later(ev: Evaluator, value: Any) -> None:
        store(ev, [await c.later(ev) for c in operands], value)

    if all(c.now is not None for c in operands):
        reads = [c.now for c in operands]

        def now(ev: Evaluator, value: Any) -> None:
            store(ev, [read(ev) for read in reads], value)  # type: ignore[misc]

        return Assigner(now, later)
    return Assigner(later=later)


def _set_item(container: Any, key: Any, value: Any) -> bool:
    """``$h[k] = v``, ``$a[i] = v``: an array's element from the end when ``i`` is
    negative, as .NET sets it; past either end is IndexOutOfRange, and what cannot be
    indexed says so (about_Arrays)."""
    if isinstance(container, Hashtable):
        container[key] = value
        return True
    if not isinstance(container, list):
        raise PSError(ErrorRecord(
            message="Cannot index into a null array." if container is None else
            f'Unable to index into an object of type "{dotnet_type_of(container)}".',
            error_id="NullArray" if container is None else "CannotIndex",
            category="InvalidOperation"))
    index = int(ops.to_number(key))
    if not -len(container) <= index < len(container):
        raise PSError(ErrorRecord(message="Index was outside the bounds of the array.",
                                  error_id="System.IndexOutOfRangeException",
                                  category="OperationStopped",
                                  exception="System.IndexOutOfRangeException"))
    container[index] = value
    return True


def _set_member(container: Any, member: str, value: Any) -> bool:
    if isinstance(container, Hashtable):
        container[member] = value
        return True
    if isinstance(container, PSObject):
        container.properties[member] = value
        return True
    settable = getattr(container, "ps_set", None)  # a value's settable property
    if settable is not None and settable(member, value):
        return True
    raise PSError(ErrorRecord(  # $null.x = 1, 'text'.Foo = 1: PowerShell's runtime error
        message=f"The property '{member}' cannot be found on this object. Verify that the "
        "property exists and can be set.", error_id="PropertyNotFound",
        category="InvalidOperation"))


def _invalid_target(ev: Evaluator, target: ast.Expr) -> PSError:
    return PSError(ErrorRecord(
        message="The assignment expression is not valid. The input to an assignment "
        "operator must be an object that is able to accept assignments, such as a "
        "variable or a property.",
        error_id="InvalidLeftHandSide", category="ParserError",
        position=ev.span(target.span),
    ))


@immediate(ast.UsingNamespace)
def using_namespace(stmt: ast.UsingNamespace) -> Code:
    """``using namespace X``: later type names may leave ``X.`` out (about_Using)."""
    name = stmt.name

    def now(_ev: Evaluator) -> list[Any]:
        types.use_namespace(name)
        return []

    return Code(now)
