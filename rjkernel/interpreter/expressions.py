"""Expressions: one registered handler per expression node, returning its value.

What the operators, members, methods and casts *do* to values is the value model's
(``rjkernel/values``); here is only *when* they apply and in which order operands are
evaluated (``-and``/``-or`` short-circuit), and where an error points.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rjkernel.cmdlets.joboutput import stream_values
from rjkernel.errors import ErrorRecord, PSError
from rjkernel.interpreter import intrinsics
from rjkernel.interpreter.blocks import invoke_block
from rjkernel.interpreter.evaluator import Evaluator
from rjkernel.interpreter.functions import invoke_block_value
from rjkernel.interpreter.native import get_env, place_query
from rjkernel.interpreter.tables import IMMEDIATE, expression
from rjkernel.jobs.model import JobStream
from rjkernel.language import ast
from rjkernel.values import members, numbers, regexes, types
from rjkernel.values import operators as ops
from rjkernel.values.builtins import call_method, cast_value, format_operator, index_value
from rjkernel.values.objects import (
    MISSING,
    Hashtable,
    ScriptBlockValue,
    TextChunk,
    get_property,
)
from rjkernel.values.reference import REF, PSReference
from rjkernel.values.system import PlaceQuery

_BITWISE = frozenset({"-band", "-bor", "-bxor", "-shl", "-shr"})


@expression(ast.StringLiteral, ast.NumberLiteral)
async def literal(ev: Evaluator, e: ast.StringLiteral | ast.NumberLiteral) -> Any:
    return e.value


@expression(ast.ExpandableString)
async def expandable_string(ev: Evaluator, e: ast.ExpandableString) -> Any:
    """``"… $x …"``; an array expands to its items joined by ``$OFS`` (a space when it
    is unset, about_Preference_Variables)."""
    parts: list[str] = []
    for part in e.parts:
        if isinstance(part, str):
            parts.append(part)
        else:
            value = await ev.eval(part)
            if isinstance(value, list):
                separator = ev.lookup("OFS")
                parts.append(ops.join(value, " " if separator is None else separator))
            else:
                parts.append(ops.to_string(value))
    return "".join(parts)


@expression(ast.Variable)
async def variable(ev: Evaluator, e: ast.Variable) -> Any:
    if e.scope == "using":
        return (ev.caller or ev).lookup(e.name)
    if e.scope == "env":
        return await get_env(ev, e.name)
    if e.scope in ("global", "script", "local", "private"):
        return ev.scope.get(e.name, prefix=e.scope)
    return ev.lookup(e.name)


@expression(ast.ArrayLiteral)
async def array_literal(ev: Evaluator, e: ast.ArrayLiteral) -> Any:
    return [await ev.eval(item) for item in e.items]


@expression(ast.ArrayExpression)
async def array_expression(ev: Evaluator, e: ast.ArrayExpression) -> Any:
    return list((await ev.capture(e.statements)).items)


@expression(ast.SubExpression)
async def sub_expression(ev: Evaluator, e: ast.SubExpression) -> Any:
    """``( … )`` is the value of what it holds (``($i++)`` the old value, ``(@())`` an
    empty array); ``$( … )`` is the output of its statements — of one expression
    (``"$($j.Name)"``) without a capture."""
    if len(e.statements) == 1:
        if not e.dollar:
            return await assigned_value(ev, e.statements[0])
        run = IMMEDIATE.get(type(e.statements[0]))
        values = None if run is None else await run(ev, e.statements[0])
        if values is not None and not any(isinstance(v, TextChunk) for v in values):
            return None if not values else values[0] if len(values) == 1 else list(values)
    return (await ev.capture(e.statements)).value()


@expression(ast.HashLiteral)
async def hash_literal(ev: Evaluator, e: ast.HashLiteral) -> Any:
    table = Hashtable()
    for key_expr, value_stmt in e.pairs:
        key = await ev.eval(key_expr)
        table[key] = (await ev.capture([value_stmt])).value()
    return table


async def assigned_value(ev: Evaluator, stmt: ast.Statement) -> Any:
    """The value ``$x = …`` stores (about_Assignment_Operators): an expression's value as
    it is — ``$a = @()`` an empty array, ``$a = @(1)`` an array of one — a pipeline's
    output captured (none → ``$null``, one → the object, more → an array), and an
    assignment's value, what it stored (``$a = $b = 0``, ``($x = 5)``)."""
    expr = lone_expression(stmt)
    if expr is not None:
        return await ev.eval(expr)
    if type(stmt) is ast.Assignment:
        async for _ in ev.statement_stream(stmt):
            pass
        return await ev.eval(stmt.targets[0])
    return (await ev.capture([stmt])).value()


def lone_expression(stmt: ast.Statement) -> ast.Expr | None:
    """The expression a statement is, if it is one alone (``$x -gt 3``, ``'text'``):
    a pipeline of one expression, not redirected, not in the background."""
    if type(stmt) is not ast.Pipeline or len(stmt.elements) != 1 or stmt.background:
        return None
    element = stmt.elements[0]
    if type(element) is not ast.CommandExpression or element.redirections:
        return None
    return element.expr


@expression(ast.ScriptBlock)
async def script_block(ev: Evaluator, e: ast.ScriptBlock) -> Any:
    return ScriptBlockValue(e.text, ev.source, e.body.offset)


@expression(ast.MemberAccess)
async def member_access(ev: Evaluator, e: ast.MemberAccess) -> Any:
    if e.static:
        return await _static(ev, e, lambda name: members.static_member(name, e.member))
    target = await ev.eval(e.target)
    if target is None and e.null_conditional:
        return None  # ${x}?.Name (about_Operators, null-conditional operators)
    return await member(target, e.member)


async def _static(ev: Evaluator, e: ast.MemberAccess | ast.MethodCall,
                  get: Callable[[str], Any]) -> Any:
    """``[type]::Name``: the value model's static members, errors pointing at ``e``; a
    member that describes the machine is read at the runspace's place."""
    assert isinstance(e.target, ast.TypeLiteral)
    try:
        value = get(e.target.name)
    except PSError as exc:
        raise PSError(exc.record.with_position(ev.span(e.span))) from None
    if isinstance(value, PlaceQuery):
        try:
            return await place_query(ev, value)
        except PSError as exc:
            raise PSError(exc.record.with_position(ev.span(e.span))) from None
    return None if value is MISSING else value


async def member(target: Any, name: str) -> Any:
    """``target.Name``: an array's Count/Length, else each element's member (member
    enumeration), a hashtable's keys, an object's properties; a job's stream reads it."""
    if isinstance(target, list):
        if name.lower() in ("count", "length"):
            return len(target)
        if type(target) is not list:  # a .NET collection's own properties come first
            own = get_property(target, name)
            if own is not MISSING:
                return own
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
        return await stream_values(value)
    return value


@expression(ast.MethodCall)
async def method_call(ev: Evaluator, e: ast.MethodCall) -> Any:
    if e.static:
        args = [await ev.eval(a) for a in e.args]
        return await _static(ev, e, lambda name: members.call_static(name, e.method, args))
    target = await ev.eval(e.target)
    if target is None and e.null_conditional:
        return None  # ${x}?.Method(): the arguments are not evaluated either
    args = [await ev.eval(a) for a in e.args]
    if isinstance(target, ScriptBlockValue) and e.method.lower() in ("invoke",
                                                                      "invokereturnasis"):
        output = await invoke_block_value(ev, target, args, ev.span(e.span))
        if e.method.lower() == "invoke":
            return output
        return None if not output else output[0] if len(output) == 1 else output
    if intrinsics.applies(target, e.method, args):
        return await intrinsics.call(ev, target, e.method, args, ev.span(e.span))
    return call_method(target, e.method, args, ev.span(e.span))


@expression(ast.IndexAccess)
async def index_access(ev: Evaluator, e: ast.IndexAccess) -> Any:
    target = await ev.eval(e.target)
    if target is None and e.null_conditional:
        return None  # ${x}?[0]
    return index_value(target, await ev.eval(e.index))


@expression(ast.BinaryOp)
async def binary_op(ev: Evaluator, e: ast.BinaryOp) -> Any:
    op = e.op.lower()
    if op in ("-and", "-or"):
        left = ops.is_true(await ev.eval(e.left))
        if op == "-and":
            return left and ops.is_true(await ev.eval(e.right))
        return left or ops.is_true(await ev.eval(e.right))
    if op == "??":  # about_Operators: the right side runs only when the left is $null
        left = await ev.eval(e.left)
        return await ev.eval(e.right) if left is None else left
    left = await ev.eval(e.left)
    right = await ev.eval(e.right)
    try:
        if _replaces_with_block(op, right):
            return await _replace_with_block(ev, op, left, right)
        return _binary(ev, op, left, right)
    except PSError as exc:
        raise PSError(exc.record.with_position(ev.span(e.span))) from None


def _replaces_with_block(op: str, right: Any) -> bool:
    return isinstance(right, list) and len(right) == 2 and \
        isinstance(right[1], ScriptBlockValue) and ops.split_op(op)[0] == "replace"


async def _replace_with_block(ev: Evaluator, op: str, left: Any, right: list[Any]) -> Any:
    """``-replace pattern, { … }`` (PowerShell 7): the block runs once per match with
    ``$_`` the Match, and its output (as text) replaces it."""
    case = ops.split_op(op)[1]
    pattern, block = ops.to_string(right[0]), right[1]
    try:
        regex = regexes.compile_regex(pattern, case)
    except regexes.RegexError as exc:
        raise PSError(ErrorRecord(message=exc.message, error_id="InvalidRegularExpression",
                                  category="InvalidOperation")) from None
    results: list[str] = []
    for item in ops.to_list(left):
        text = ops.to_string(item)
        texts = [ops.join(await invoke_block(ev, block, underscore=regexes.MatchValue(m)))
                 for m in regex.finditer(text)]
        results.append(regexes.replace(text, pattern, _in_order(texts), case))
    return results if isinstance(left, list) else results[0]


def _in_order(texts: list[str]) -> Callable[[regexes.MatchValue], str]:
    """The replacements worked out beforehand, handed out match by match."""
    replacements = iter(texts)
    return lambda _match: next(replacements)


def _binary(ev: Evaluator, op: str, left: Any, right: Any) -> Any:
    if op in ("+", "-", "*", "/", "%"):
        return ops.arithmetic(op, left, right)
    if op == "-xor":
        return ops.is_true(left) != ops.is_true(right)
    if op in _BITWISE:
        return numbers.bitwise(op, ops.to_number(left), ops.to_number(right))
    if op == "..":
        return ops.range_operator(left, right)
    if op == "-join":
        return ops.join(left, right)
    if op in ("-is", "-isnot", "-as"):
        return type_operator(op, left, right)
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
            ev.scope.set("Matches", matches)
        return result
    return ops.compare(op, left, right)


@expression(ast.UnaryOp)
async def unary_op(ev: Evaluator, e: ast.UnaryOp) -> Any:
    value = await ev.eval(e.operand)
    op = e.op.lower()
    if op in ("-not", "!"):
        return not ops.is_true(value)
    if op == "-bnot":
        return numbers.bitwise_not(ops.to_number(value))
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


def type_operator(op: str, left: Any, right: Any) -> Any:
    """``-is``, ``-isnot``, ``-as`` (about_Type_Operators): the right side is a type
    (``[int]``) or a type name (``'int'``)."""
    name = right.full_name if isinstance(right, types.TypeValue) else ops.to_string(right)
    if op == "-as":
        return types.try_cast(name, left)
    return types.is_instance(left, name) == (op == "-is")


@expression(ast.Ternary)
async def ternary(ev: Evaluator, e: ast.Ternary) -> Any:
    """``condition ? a : b`` (about_Operators, 7.0+): only the chosen branch runs."""
    chosen = e.if_true if ops.is_true(await ev.eval(e.condition)) else e.if_false
    return await ev.eval(chosen)


@expression(ast.TypeLiteral)
async def type_literal(ev: Evaluator, e: ast.TypeLiteral) -> Any:
    """``[int]`` alone: the type itself (prints PowerShell's RuntimeType table)."""
    if types.lookup(e.name) is None:
        raise PSError(types.type_not_found(e.name).record.with_position(ev.span(e.span)))
    return types.type_value(e.name)


@expression(ast.Cast)
async def cast(ev: Evaluator, e: ast.Cast) -> Any:
    operand = e.operand
    if isinstance(operand, ast.Variable) and operand.scope not in ("env", "using") and \
            types.lookup(e.type.name) is REF:
        return _variable_reference(ev, operand)
    return cast_value(e.type.name, await ev.eval(operand), ev.span(e.span))


def _variable_reference(ev: Evaluator, variable: ast.Variable) -> PSReference:
    """``[ref]$n``: the variable itself, in the scope the cast is written in (about_Ref)."""
    scope, name, prefix = ev.scope, variable.name, variable.scope
    return PSReference(lambda: scope.get(name, prefix=prefix),
                       lambda value: scope.set(name, value, prefix=prefix))
