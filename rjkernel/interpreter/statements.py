"""Statements: one registered handler per statement node, yielding its output.

- a :class:`~rjkernel.language.ast.ShellChunk` runs in the runspace's shell, its
  output streaming (a one-line command ending in ``&`` becomes a job);
- a pipeline runs as a chain of async generators (``pipelines.py``);
- an assignment captures output: none → ``$null``, one → the object, more → an array;
  ``$i++``/``--$i`` are assignments too (an expression handler here).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from rjkernel.errors import ErrorRecord, PSError
from rjkernel.interpreter.evaluator import Evaluator
from rjkernel.interpreter.expressions import assigned_value, lone_expression
from rjkernel.interpreter.native import (
    background_job,
    block_shell_text,
    set_env,
    shell_stream,
)
from rjkernel.interpreter.pipelines import expression_values, pipeline_stream
from rjkernel.interpreter.shell_text import BACKGROUND_LINE
from rjkernel.interpreter.tables import expression, immediate, statement
from rjkernel.interpreter.validation import VariableConstraint, constrained, declared
from rjkernel.language import ast
from rjkernel.values import operators as ops
from rjkernel.values import types
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
    await assign(ev, stmt)
    return
    yield  # pragma: no cover - makes this an async generator


@immediate(ast.Assignment)
async def assignment_now(ev: Evaluator, stmt: ast.Assignment) -> list[Any]:
    await assign(ev, stmt)
    return []


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
async def pipeline_now(ev: Evaluator, stmt: ast.Pipeline) -> list[Any] | None:
    """A pipeline of one expression (``$x``, ``'text'``, ``$i++``) outputs its values
    at once; any other pipeline streams."""
    expr = lone_expression(stmt)
    return None if expr is None else await expression_values(ev, expr)


async def assign(ev: Evaluator, stmt: ast.Assignment) -> None:
    """``$x = …``, ``$a, $b = …``, ``$x += …`` (about_Assignment_Operators); ``$x ??= …``
    assigns, and runs its right side, only when ``$x`` is ``$null`` (about_Operators)."""
    if stmt.op == "??=" and await ev.eval(stmt.targets[0]) is not None:
        return
    value = await assigned_value(ev, stmt.value)
    if len(stmt.targets) > 1:
        items = ops.to_list(value)
        for i, target in enumerate(stmt.targets):
            if i == len(stmt.targets) - 1:
                rest = items[i:]
                part = None if not rest else rest[0] if len(rest) == 1 else rest
            else:
                part = items[i] if i < len(items) else None
            await set_target(ev, target, part)
        return
    target = stmt.targets[0]
    if stmt.op not in ("=", "??="):
        value = ops.arithmetic(stmt.op[0], await ev.eval(target), value)
    await set_target(ev, target, value)


async def _constrained(ev: Evaluator, variable: ast.Variable, constraint: VariableConstraint,
                       value: Any, at: ast.Expr) -> Any:
    try:
        return await constrained(ev, variable.name, constraint, value)
    except PSError as exc:
        raise PSError(exc.record.with_position(ev.span(at.span))) from None


@expression(ast.AttributedExpression)
async def attributed(ev: Evaluator, e: ast.AttributedExpression) -> Any:
    """An attribute outside an assignment changes nothing: the operand's value."""
    return await ev.eval(e.operand)


@expression(ast.Increment)
async def increment(ev: Evaluator, e: ast.Increment) -> Any:
    """``$i++`` and ``++$i``: ``$i = $i + 1`` (``$null`` counts as 0); the value is the
    old one for the postfix form, the new one for the prefix form."""
    old = await ev.eval(e.operand)
    new = ops.arithmetic("+", 0 if old is None else old, e.delta)
    await set_target(ev, e.operand, new)
    return old if e.postfix else new


async def set_target(ev: Evaluator, target: ast.Expr, value: Any) -> None:
    """Assign to a variable, a hashtable key or element, or an object's property;
    ``[int]$n = '5'`` and ``[ValidateRange(1, 5)]$n = 3`` declare what the variable
    takes from then on (about_Variables: type constraints, validation attributes)."""
    if isinstance(target, (ast.Cast, ast.AttributedExpression)):
        variable, constraint = declared(target, ev.source)
        value = await _constrained(ev, variable, constraint, value, target)
        ev.scope.set(variable.name, value, prefix=variable.scope)
        ev.scope.constrain(variable.name, constraint, prefix=variable.scope)
        return
    if isinstance(target, ast.Variable):
        if target.scope == "env":
            await set_env(ev, target.name, value)
            return
        constraint = ev.scope.constraint(target.name, target.scope)
        if constraint is not None:
            value = await _constrained(ev, target, constraint, value, target)
        ev.scope.set(target.name, value, prefix=target.scope)
        return
    if isinstance(target, ast.IndexAccess):
        container = await ev.eval(target.target)
        key = await ev.eval(target.index)
        if isinstance(container, (Hashtable, list)):
            container[key] = value  # type: ignore[index]
            return
    if isinstance(target, ast.MemberAccess):
        container = await ev.eval(target.target)
        if isinstance(container, Hashtable):
            container[target.member] = value
            return
        if isinstance(container, PSObject):
            container.properties[target.member] = value
            return
        settable = getattr(container, "ps_set", None)  # a value's settable property
        if settable is not None and settable(target.member, value):
            return
    raise PSError(ErrorRecord(
        message="The assignment expression is not valid. The input to an assignment "
        "operator must be an object that is able to accept assignments, such as a "
        "variable or a property.",
        error_id="InvalidLeftHandSide", category="ParserError",
        position=ev.span(target.span),
    ))


@immediate(ast.UsingNamespace)
async def using_namespace(ev: Evaluator, stmt: ast.UsingNamespace) -> list[Any]:
    """``using namespace X``: later type names may leave ``X.`` out (about_Using)."""
    types.use_namespace(stmt.name)
    return []
