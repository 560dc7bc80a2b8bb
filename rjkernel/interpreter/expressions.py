"""Expressions: one registered handler per expression node, returning its value.

What the operators, members, methods and casts *do* to values is the value model's
(``rjkernel/values``); here is only *when* they apply and in which order operands are
evaluated (``-and``/``-or`` short-circuit), and where an error points.
"""

from __future__ import annotations

from typing import Any

from rjkernel.errors import ErrorRecord, PSError
from rjkernel.interpreter.evaluator import Evaluator
from rjkernel.interpreter.native import get_env
from rjkernel.interpreter.tables import expression
from rjkernel.jobs.model import JobStream
from rjkernel.language import ast
from rjkernel.values import operators as ops
from rjkernel.values.builtins import call_method, cast_value, format_operator, index_value
from rjkernel.values.objects import MISSING, Hashtable, ScriptBlockValue, get_property


@expression(ast.StringLiteral, ast.NumberLiteral)
async def literal(ev: Evaluator, e: ast.StringLiteral | ast.NumberLiteral) -> Any:
    return e.value


@expression(ast.ExpandableString)
async def expandable_string(ev: Evaluator, e: ast.ExpandableString) -> Any:
    parts: list[str] = []
    for part in e.parts:
        if isinstance(part, str):
            parts.append(part)
        else:
            value = await ev.eval(part)
            parts.append(ops.join(value, " ") if isinstance(value, list) else
                         ops.to_string(value))
    return "".join(parts)


@expression(ast.Variable)
async def variable(ev: Evaluator, e: ast.Variable) -> Any:
    if e.scope == "using":
        return (ev.caller or ev).lookup(e.name)
    if e.scope == "env":
        return await get_env(ev, e.name)
    return ev.lookup(e.name)


@expression(ast.ArrayLiteral)
async def array_literal(ev: Evaluator, e: ast.ArrayLiteral) -> Any:
    return [await ev.eval(item) for item in e.items]


@expression(ast.ArrayExpression)
async def array_expression(ev: Evaluator, e: ast.ArrayExpression) -> Any:
    return list((await ev.capture(e.statements)).items)


@expression(ast.SubExpression)
async def sub_expression(ev: Evaluator, e: ast.SubExpression) -> Any:
    return (await ev.capture(e.statements)).value()


@expression(ast.HashLiteral)
async def hash_literal(ev: Evaluator, e: ast.HashLiteral) -> Any:
    table = Hashtable()
    for key_expr, value_stmt in e.pairs:
        key = await ev.eval(key_expr)
        table[key] = (await ev.capture([value_stmt])).value()
    return table


@expression(ast.ScriptBlock)
async def script_block(ev: Evaluator, e: ast.ScriptBlock) -> Any:
    return ScriptBlockValue(e.text, ev.source, e.body.offset)


@expression(ast.MemberAccess)
async def member_access(ev: Evaluator, e: ast.MemberAccess) -> Any:
    return await member(await ev.eval(e.target), e.member)


async def member(target: Any, name: str) -> Any:
    """``target.Name``: an array's Count/Length, else each element's member (member
    enumeration), a hashtable's keys, an object's properties; a job's stream reads it."""
    if isinstance(target, list):
        if name.lower() in ("count", "length"):
            return len(target)
        values = [await member(item, name) for item in target]
        flat: list[Any] = []
        for v in values:
            if isinstance(v, list):
                flat.extend(v)
            elif v is not None:
                flat.append(v)
        return flat
    value = get_property(target, name)
    if value is MISSING:
        if name.lower() == "count":
            return 0 if target is None else 1
        if isinstance(target, Hashtable) and name.lower() in ("keys", "values"):
            return list(target.keys() if name.lower() == "keys" else target.values())
        return None
    if isinstance(value, JobStream):
        return await value.lines()
    return value


@expression(ast.MethodCall)
async def method_call(ev: Evaluator, e: ast.MethodCall) -> Any:
    target = await ev.eval(e.target)
    args = [await ev.eval(a) for a in e.args]
    return call_method(target, e.method, args, ev.span(e.span))


@expression(ast.IndexAccess)
async def index_access(ev: Evaluator, e: ast.IndexAccess) -> Any:
    target = await ev.eval(e.target)
    return index_value(target, await ev.eval(e.index))


@expression(ast.BinaryOp)
async def binary_op(ev: Evaluator, e: ast.BinaryOp) -> Any:
    op = e.op.lower()
    if op in ("-and", "-or"):
        left = ops.is_true(await ev.eval(e.left))
        if op == "-and":
            return left and ops.is_true(await ev.eval(e.right))
        return left or ops.is_true(await ev.eval(e.right))
    left = await ev.eval(e.left)
    right = await ev.eval(e.right)
    try:
        return _binary(ev, op, left, right)
    except PSError as exc:
        raise PSError(exc.record.with_position(ev.span(e.span))) from None


def _binary(ev: Evaluator, op: str, left: Any, right: Any) -> Any:
    if op in ("+", "-", "*", "/", "%"):
        return ops.arithmetic(op, left, right)
    if op == "..":
        a, b = int(ops.to_number(left)), int(ops.to_number(right))
        return list(range(a, b + 1)) if a <= b else list(range(a, b - 1, -1))
    if op == "-join":
        return ops.join(left, right)
    name, case = ops.split_op(op)
    if name == "split":
        return ops.split(left, right, case)
    if name == "replace":
        return ops.replace(left, right, case)
    if op == "-f":
        return format_operator(left, right)
    if name in ("match", "notmatch"):
        matches = Hashtable()
        result = ops.compare(op, left, right, matches)
        if name == "match" and not isinstance(left, list) and result:
            ev.runspace.variables.set("Matches", matches)
        return result
    return ops.compare(op, left, right)


@expression(ast.UnaryOp)
async def unary_op(ev: Evaluator, e: ast.UnaryOp) -> Any:
    value = await ev.eval(e.operand)
    op = e.op.lower()
    if op in ("-not", "!"):
        return not ops.is_true(value)
    if op == "-":
        return -ops.to_number(value)
    if op == "+":
        return ops.to_number(value)
    if op == "-join":
        return ops.join(value)
    if op == "-split":
        return ops.split(value)
    if op == ",":
        return [value]
    raise PSError(ErrorRecord(message=f"Unexpected operator '{e.op}'.",
                              error_id="UnexpectedOperator", category="ParserError",
                              position=ev.span(e.span)))


@expression(ast.TypeLiteral)
async def type_literal(ev: Evaluator, e: ast.TypeLiteral) -> Any:
    return e.name


@expression(ast.Cast)
async def cast(ev: Evaluator, e: ast.Cast) -> Any:
    return cast_value(e.type.name, await ev.eval(e.operand), ev.span(e.span))
