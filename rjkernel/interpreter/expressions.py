"""Expressions: one registered compiler per expression node, building its :class:`Code`.

What the operators, members, methods and casts *do* to values is the value model's
(``rjkernel/values``); here is only *when* they apply and in which order operands are
evaluated (``-and``/``-or`` short-circuit), and where an error points. Each compiler
runs once per node (``code.py``): what can be decided from the tree alone — which
operator, which automatic variable, whether a member read may need I/O — is decided
there, not on every evaluation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rjkernel.cmdlets.joboutput import stream_values
from rjkernel.errors import ErrorRecord, PSError, SourceSpan
from rjkernel.interpreter import intrinsics
from rjkernel.interpreter.blocks import invoke_block
from rjkernel.interpreter.code import Code, code, combine, constant, immediate_code, now_for
from rjkernel.interpreter.evaluator import Evaluator, reader
from rjkernel.interpreter.functions import invoke_block_value
from rjkernel.interpreter.native import get_env, place_query
from rjkernel.interpreter.sinks import ListSink
from rjkernel.interpreter.strict import (
    UnsetVariableError,
    check_index,
    check_property,
    check_singleton_count,
    unset_variable,
)
from rjkernel.interpreter.tables import expression
from rjkernel.jobs.model import JobStream
from rjkernel.language import ast
from rjkernel.values import members, numbers, regexes, types
from rjkernel.values import operators as ops
from rjkernel.values.builtins import call_method, cast_value, format_operator, index_value
from rjkernel.values.members import get_property
from rjkernel.values.objects import MISSING, Hashtable, ScriptBlockValue, TextChunk
from rjkernel.values.reference import REF, PSReference
from rjkernel.values.system import PlaceQuery


@expression(ast.StringLiteral, ast.NumberLiteral)
def literal(e: ast.StringLiteral | ast.NumberLiteral) -> Code:
    return constant(e.value)


@expression(ast.ExpandableString)
def expandable_string(e: ast.ExpandableString) -> Code:
    """``"… $x …"``; an array expands to its items joined by ``$OFS`` (a space when it
    is unset, about_Preference_Variables)."""
    exprs = [part for part in e.parts if not isinstance(part, str)]
    layout = [part if isinstance(part, str) else None for part in e.parts]

    def expand(ev: Evaluator, *values: Any) -> str:
        found = iter(values)
        texts: list[str] = []
        for part in layout:
            if part is not None:
                texts.append(part)
                continue
            value = next(found)
            if isinstance(value, list):
                separator = ev.scope.get("OFS")  # unset is no strict-mode error: ours
                texts.append(ops.join(value, " " if separator is None else separator))
            else:
                texts.append(ops.to_string(value))
        return "".join(texts)

    return combine([_in_string(x) for x in exprs], expand)


def _in_string(part: ast.Expr) -> Code:
    """The code of an expression in a string: under strict mode version 1 a variable
    never set reads as ``$null`` there (about_StrictMode), from version 2 it is the
    error it is anywhere."""
    compiled = code(part)
    if not isinstance(part, ast.Variable) or compiled.now is None:
        return compiled
    now = compiled.now

    def read(ev: Evaluator) -> Any:
        try:
            return now(ev)
        except UnsetVariableError:
            if ev.scope.strict_version() != 1:
                raise
            return None

    return Code(read)


@expression(ast.Variable)
def variable(e: ast.Variable) -> Code:
    name, scope = e.name, e.scope
    if scope == "using":
        return Code(lambda ev: (ev.caller or ev).lookup(name))
    if scope == "env":
        return Code(later=lambda ev: get_env(ev, name))
    if scope in ("global", "script", "local", "private"):
        def scoped(ev: Evaluator) -> Any:
            value = ev.scope.get(name, MISSING, prefix=scope)
            return unset_variable(ev.scope, name) if value is MISSING else value

        return Code(scoped)
    return Code(reader(name))


@expression(ast.ArrayLiteral)
def array_literal(e: ast.ArrayLiteral) -> Code:
    return combine([code(item) for item in e.items], lambda _ev, *items: list(items))


@expression(ast.ArrayExpression)
def array_expression(e: ast.ArrayExpression) -> Code:
    async def later(ev: Evaluator) -> Any:
        return list((await ev.capture(e.statements)).items)

    return Code(later=later)


@expression(ast.SubExpression)
def sub_expression(e: ast.SubExpression) -> Code:
    """``( … )`` is the value of what it holds (``($i++)`` the old value, ``(@())`` an
    empty array); ``$( … )`` is the output of its statements."""
    if len(e.statements) == 1:
        if not e.dollar:
            return assigned_code(e.statements[0])
        return output_code(e.statements[0])

    async def later(ev: Evaluator) -> Any:
        return (await ev.capture(e.statements)).value()

    return Code(later=later)


@expression(ast.HashLiteral)
def hash_literal(e: ast.HashLiteral) -> Code:
    """``@{ k = v … }``; a computed key given twice is PowerShell's error when it runs
    (a constant one already when it parses, about_Hash_Tables)."""
    keys = [code(key) for key, _ in e.pairs]
    values = [output_code(value) for _, value in e.pairs]
    pairs = [c for pair in zip(keys, values, strict=True) for c in pair]
    key_spans = [key.span for key, _ in e.pairs]

    def build(ev: Evaluator, *flat: Any) -> Hashtable:
        table = Hashtable()
        for i in range(0, len(flat), 2):
            key = flat[i]
            if key in table:  # MiscOps.AddKeyValuePair
                raise _duplicate_key(key, ev.span(key_spans[i // 2]))
            table[key] = flat[i + 1]
        return table

    return combine(pairs, build)


def _duplicate_key(key: Any, position: SourceSpan) -> PSError:
    text = ops.to_string(key)
    return PSError(ErrorRecord(
        message=f"Duplicate keys '{text[:40] + '…' if len(text) > 40 else text}' are not "
                "allowed in hash literals.",
        error_id="DuplicateKeyInHashLiteral", category="InvalidOperation",
        position=position))


def assigned_code(stmt: ast.Statement) -> Code:
    """The value ``$x = …`` stores (about_Assignment_Operators): an expression's value as
    it is — ``$a = @()`` an empty array, ``$a = @(1)`` an array of one — a pipeline's
    output captured (none → ``$null``, one → the object, more → an array), and an
    assignment's value, what it stored (``$a = $b = 0``, ``($x = 5)``,
    ``if ($j = Get-Job 1)``)."""
    expr = lone_expression(stmt)
    if expr is not None:
        return code(expr)
    if type(stmt) is ast.Assignment:
        assignment = immediate_code(stmt)
        assert assignment is not None  # an assignment always has one (statements.py)
        return combine([assignment, code(stmt.targets[0])], lambda _ev, _none, value: value)
    return _captured(stmt)


async def assigned_value(ev: Evaluator, stmt: ast.Statement) -> Any:
    """:func:`assigned_code`'s value."""
    compiled = assigned_code(stmt)
    now = now_for(ev, compiled)
    return now(ev) if now is not None else await compiled.later(ev)


def output_code(stmt: ast.Statement) -> Code:
    """The value of one statement's output (``$( … )``, a hashtable entry): none →
    ``$null``, one object → it, more → an array; a lone expression's without a capture."""
    expr = lone_expression(stmt)
    if expr is None:
        return _captured(stmt)
    outputs = output_of(expr)
    return combine([code(expr)], lambda _ev, value: output_value(outputs(value)))


def _captured(stmt: ast.Statement) -> Code:
    async def later(ev: Evaluator) -> Any:
        return (await ev.capture([stmt])).value()

    return Code(later=later)


def output_value(items: list[Any]) -> Any:
    """Output objects as one value, text chunks as lines (as a capture makes them)."""
    if any(isinstance(item, TextChunk) for item in items):
        sink = ListSink()
        for item in items:
            sink.add(item)
        sink.finish()
        items = sink.items
    return None if not items else items[0] if len(items) == 1 else list(items)


def output_of(expr: ast.Expr) -> Callable[[Any], list[Any]]:
    """What an expression outputs as a pipeline's source, from its value: an array is
    enumerated (not a script block's text), ``$null`` is nothing, and ``$i++`` as a
    statement outputs nothing (about_Assignment_Operators)."""
    if isinstance(expr, ast.Increment):
        return lambda _value: []
    enumerates = not isinstance(expr, ast.ScriptBlock)

    def outputs(value: Any) -> list[Any]:
        if enumerates and isinstance(value, list):
            return value
        return [] if value is None else [value]

    return outputs


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
def script_block(e: ast.ScriptBlock) -> Code:
    return Code(lambda ev: ScriptBlockValue(e.text, ev.source, e.body.offset))


# Members whose reading needs I/O: a job's Output and Error (``JobStream``).
_STREAM_MEMBERS = ("output", "error")
# Methods that may run a script block: a block's own, and the intrinsic .Where()/.ForEach()
_INVOKE = ("invoke", "invokereturnasis")
_AWAITED_METHODS = (*_INVOKE, "where", "foreach")


@expression(ast.MemberAccess)
def member_access(e: ast.MemberAccess) -> Code:
    name = e.member
    if e.static:
        return _static(e, lambda type_name: members.static_member(type_name, name))
    target = code(e.target)
    nullable = e.null_conditional  # ${x}?.Name (about_Operators, null-conditional operators)
    if name.lower() in _STREAM_MEMBERS:
        async def later(ev: Evaluator) -> Any:
            value = await target.later(ev)
            if value is None and nullable:
                return None
            return _present(ev, value, name, await member(value, name))

        return Code(later=later)
    if nullable:
        return combine([target], lambda ev, value:
                       None if value is None else _present(ev, value, name,
                                                           member_now(value, name)))
    return combine([target], lambda ev, value: _present(ev, value, name,
                                                        member_now(value, name)))


def _static(e: ast.MemberAccess | ast.MethodCall, get: Callable[..., Any],
            args: Sequence[Code] = ()) -> Code:
    """``[type]::Name`` and ``[type]::Name(args)``: ``get(type name, *argument values)``
    from the value model's static members, errors pointing at ``e``. The statics of a
    type that describes the machine (``[Environment]``, ``[System.IO.File]`` …) are read
    at the runspace's place, a shell command to wait for; any other is a plain call."""
    assert isinstance(e.target, ast.TypeLiteral)
    type_name = e.target.name

    def value(ev: Evaluator, *values: Any) -> Any:
        try:
            found = get(type_name, *values)
        except PSError as exc:
            raise PSError(exc.record.with_position(ev.span(e.span))) from None
        return None if found is MISSING else found

    if not members.statics_read_place(type_name):
        return combine(args, value)

    async def later(ev: Evaluator) -> Any:
        found = value(ev, *[await a.later(ev) for a in args])
        if not isinstance(found, PlaceQuery):
            return found
        try:
            return await place_query(ev, found)
        except PSError as exc:
            raise PSError(exc.record.with_position(ev.span(e.span))) from None

    return Code(later=later)


def _present(ev: Evaluator, target: Any, name: str, value: Any) -> Any:
    """``value``, the member ``name`` of ``target`` — unless strict mode says a member
    that came back empty is not there."""
    if value is None or (type(value) is list and not value and isinstance(target, list)):
        check_property(ev.scope, target, name)
    elif type(value) is int and value == 1 and name.lower() in ("count", "length"):
        check_singleton_count(ev.scope, target, name)
    return value


async def member(target: Any, name: str) -> Any:
    """``target.Name`` (see :func:`member_now`), a job's stream read."""
    if isinstance(target, list) and name.lower() not in ("count", "length") and \
            _enumerates(target, name):
        return _enumerated([await member(item, name) for item in target])
    value = member_now(target, name)
    if isinstance(value, JobStream):
        return await stream_values(value)
    return value


def _enumerates(target: list[Any], name: str) -> bool:
    """Whether ``target.Name`` (not Count/Length) is member enumeration: a .NET
    collection's own properties come first."""
    return type(target) is list or get_property(target, name) is MISSING


def member_now(target: Any, name: str) -> Any:
    """``target.Name``: an array's Count/Length, else each element's member (member
    enumeration), a hashtable's keys, an object's properties — a job's stream as the
    :class:`JobStream` that :func:`member` reads."""
    if isinstance(target, list):
        if name.lower() in ("count", "length"):
            return len(target)
        if _enumerates(target, name):
            return _enumerated([member_now(item, name) for item in target])
    value = get_property(target, name)
    if value is MISSING:
        if name.lower() == "count":
            return 0 if target is None else 1
        if isinstance(target, Hashtable) and name.lower() in ("keys", "values"):
            return list(target.keys() if name.lower() == "keys" else target.values())
        return None
    return value


def _enumerated(values: list[Any]) -> list[Any]:
    """Member enumeration's result: the elements' values, arrays flattened, nulls gone."""
    flat: list[Any] = []
    for v in values:
        if isinstance(v, list):
            flat.extend(v)
        elif v is not None:
            flat.append(v)
    return flat


@expression(ast.MethodCall)
def method_call(e: ast.MethodCall) -> Code:
    args = [code(a) for a in e.args]
    method = e.method
    if e.static:
        return _static(e, lambda type_name, *values:
                       members.call_static(type_name, method, list(values)), args)
    target = code(e.target)
    if method.lower() not in _AWAITED_METHODS and not e.null_conditional:
        return combine([target, *args], lambda ev, value, *values: call_method(
            value, method, list(values), ev.span(e.span)))

    async def later(ev: Evaluator) -> Any:
        value = await target.later(ev)
        if value is None and e.null_conditional:
            return None  # ${x}?.Method(): the arguments are not evaluated either
        return await _call(ev, value, method, [await a.later(ev) for a in args], e.span)

    return Code(later=later)


async def _call(ev: Evaluator, target: Any, method: str, args: list[Any],
                span: ast.Span) -> Any:
    """``target.method(args)``: a block's Invoke, the intrinsic Where/ForEach, or the
    value model's method."""
    if isinstance(target, ScriptBlockValue) and method.lower() in _INVOKE:
        output = await invoke_block_value(ev, target, args, ev.span(span))
        if method.lower() == "invoke":
            return output
        return None if not output else output[0] if len(output) == 1 else output
    if intrinsics.applies(target, method, args):
        return await intrinsics.call(ev, target, method, args, ev.span(span))
    return call_method(target, method, args, ev.span(span))


@expression(ast.DynamicMember)
def dynamic_member(e: ast.DynamicMember) -> Code:
    """``$o.$name``, ``$o.($expr)``, ``$o."$prefix"`` and ``$o.$method(…)``: the member
    named by the value of ``e.name`` (about_Operators, member-access operator). Which
    member it is is known only when it runs (a job's Output is read over the network),
    so its code is a coroutine."""
    target, name = code(e.target), code(e.name)
    args = None if e.args is None else [code(a) for a in e.args]

    async def later(ev: Evaluator) -> Any:
        value = await target.later(ev)
        if value is None and e.null_conditional:
            return None
        member_name = ops.to_string(await name.later(ev))
        if args is None:
            return await member(value, member_name)
        return await _call(ev, value, member_name, [await a.later(ev) for a in args], e.span)

    return Code(later=later)


@expression(ast.IndexAccess)
def index_access(e: ast.IndexAccess) -> Code:
    target, index = code(e.target), code(e.index)
    if not e.null_conditional:
        return combine([target, index], _indexed)

    async def later(ev: Evaluator) -> Any:  # ${x}?[0]: the index is not evaluated either
        value = await target.later(ev)
        return None if value is None else _indexed(ev, value, await index.later(ev))

    return Code(later=later)


def _indexed(ev: Evaluator, target: Any, key: Any) -> Any:
    """``target[key]`` — past the end, ``$null`` or strict mode's error."""
    value = index_value(target, key)
    if value is None:
        check_index(ev.scope, target, key)
    return value


@expression(ast.BinaryOp)
def binary_op(e: ast.BinaryOp) -> Code:
    op = e.op.lower()
    left, right = code(e.left), code(e.right)
    if op in ("-and", "-or"):
        return _logical(op == "-or", left, right)
    if op == "??":
        return _coalescing(left, right)
    apply = _operator(op)

    def positioned(ev: Evaluator, lvalue: Any, rvalue: Any) -> Any:
        try:
            return apply(ev, lvalue, rvalue)
        except PSError as exc:
            raise PSError(exc.record.with_position(ev.span(e.span))) from None

    if ops.split_op(op)[0] != "replace":
        return combine([left, right], positioned)

    async def later(ev: Evaluator) -> Any:  # -replace may run a script block per match
        lvalue, rvalue = await left.later(ev), await right.later(ev)
        if not _replaces_with_block(rvalue):
            return positioned(ev, lvalue, rvalue)
        try:
            return await _replace_with_block(ev, op, lvalue, rvalue)
        except PSError as exc:
            raise PSError(exc.record.with_position(ev.span(e.span))) from None

    return Code(later=later)


def _logical(is_or: bool, left: Code, right: Code) -> Code:
    """``-and``/``-or``: the right operand is evaluated only if the left one does not
    decide (true for ``-or``, false for ``-and``)."""
    async def later(ev: Evaluator) -> Any:
        if ops.is_true(await left.later(ev)) == is_or:
            return is_or
        return ops.is_true(await right.later(ev))

    first, second = left.now, right.now
    if first is not None and second is not None:
        return Code(lambda ev: is_or if ops.is_true(first(ev)) == is_or else
                    ops.is_true(second(ev)), later)
    return Code(later=later)


def _coalescing(left: Code, right: Code) -> Code:
    """``a ?? b`` (about_Operators): the right side runs only when the left is $null."""
    async def later(ev: Evaluator) -> Any:
        value = await left.later(ev)
        return await right.later(ev) if value is None else value

    first, second = left.now, right.now
    if first is not None and second is not None:
        return Code(lambda ev: second(ev) if (value := first(ev)) is None else value, later)
    return Code(later=later)


@expression(ast.Ternary)
def ternary(e: ast.Ternary) -> Code:
    """``condition ? a : b`` (about_Operators, 7.0+): only the chosen branch runs."""
    test, yes, no = code(e.condition), code(e.if_true), code(e.if_false)

    async def later(ev: Evaluator) -> Any:
        chosen = yes if ops.is_true(await test.later(ev)) else no
        return await chosen.later(ev)

    if test.now is not None and yes.now is not None and no.now is not None:
        check, first, second = test.now, yes.now, no.now
        return Code(lambda ev: first(ev) if ops.is_true(check(ev)) else second(ev), later)
    return Code(later=later)


def _replaces_with_block(right: Any) -> bool:
    return isinstance(right, list) and len(right) == 2 and \
        isinstance(right[1], ScriptBlockValue)


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


BinaryFunction = Callable[[Evaluator, Any, Any], Any]


def _operator(op: str) -> BinaryFunction:
    """The value model's function for a binary operator (``op`` lower-cased), chosen
    when the node is compiled."""
    if op in ("+", "-", "*", "/", "%"):
        return lambda _ev, left, right: ops.arithmetic(op, left, right)
    if op == "-xor":
        return lambda _ev, left, right: ops.is_true(left) != ops.is_true(right)
    if op in _BITWISE:
        return lambda _ev, left, right: numbers.bitwise(op, ops.to_number(left),
                                                        ops.to_number(right))
    if op == "..":
        return lambda _ev, left, right: ops.range_operator(left, right)
    if op == "-join":
        return lambda _ev, left, right: ops.join(left, right)
    if op in ("-is", "-isnot", "-as"):
        return lambda _ev, left, right: type_operator(op, left, right)
    name, case = ops.split_op(op)
    if name == "split":
        return lambda _ev, left, right: ops.split(left, right, case)
    if name == "replace":
        return lambda _ev, left, right: ops.replace(left, right, case)
    if op == "-f":
        return lambda _ev, left, right: format_operator(left, right)
    compare = ops.comparer(op)
    if name in ("match", "notmatch"):
        return _matching(compare, name == "match")
    return lambda _ev, left, right: compare(left, right, None)


def _matching(compare: ops.Comparer, sets_matches: bool) -> BinaryFunction:
    """``-match``/``-notmatch``: a scalar ``-match`` that matched sets ``$Matches``."""

    def apply(ev: Evaluator, left: Any, right: Any) -> Any:
        matches = Hashtable()
        result = compare(left, right, matches)
        if sets_matches and not isinstance(left, list) and result:
            ev.scope.set("Matches", matches)
        return result

    return apply


_BITWISE = frozenset({"-band", "-bor", "-bxor", "-shl", "-shr"})

_UNARY: dict[str, Callable[[Any], Any]] = {
    "-not": lambda value: not ops.is_true(value),
    "!": lambda value: not ops.is_true(value),
    "-bnot": lambda value: numbers.bitwise_not(ops.to_number(value)),
    "-": lambda value: -ops.to_number(value),
    "+": ops.to_number,
    "-join": ops.join,
    "-split": ops.split,
    ",": lambda value: [value],
}


@expression(ast.UnaryOp)
def unary_op(e: ast.UnaryOp) -> Code:
    apply = _UNARY.get(e.op.lower())
    if apply is None:
        def unknown(ev: Evaluator, _value: Any) -> Any:
            raise PSError(ErrorRecord(message=f"Unexpected operator '{e.op}'.",
                                      error_id="UnexpectedOperator", category="ParserError",
                                      position=ev.span(e.span)))

        return combine([code(e.operand)], unknown)
    return combine([code(e.operand)], lambda _ev, value: apply(value))


def type_operator(op: str, left: Any, right: Any) -> Any:
    """``-is``, ``-isnot``, ``-as`` (about_Type_Operators): the right side is a type
    (``[int]``) or a type name (``'int'``)."""
    name = right.full_name if isinstance(right, types.TypeValue) else ops.to_string(right)
    if op == "-as":
        return types.try_cast(name, left)
    return types.is_instance(left, name) == (op == "-is")


@expression(ast.TypeLiteral)
def type_literal(e: ast.TypeLiteral) -> Code:
    """``[int]`` alone: the type itself (prints PowerShell's RuntimeType table)."""

    def now(ev: Evaluator) -> Any:
        if types.lookup(e.name) is None:
            raise PSError(types.type_not_found(e.name).record.with_position(ev.span(e.span)))
        return types.type_value(e.name)

    return Code(now)


@expression(ast.Cast)
def cast(e: ast.Cast) -> Code:
    name, operand = e.type.name, e.operand
    if isinstance(operand, ast.Variable) and operand.scope not in ("env", "using") and \
            types.lookup(name) is REF:
        return Code(lambda ev: _variable_reference(ev, operand))
    return combine([code(operand)],
                   lambda ev, value: cast_value(name, value, ev.span(e.span)))


def _variable_reference(ev: Evaluator, variable: ast.Variable) -> PSReference:
    """``[ref]$n``: the variable itself, in the scope the cast is written in (about_Ref)."""
    scope, name, prefix = ev.scope, variable.name, variable.scope
    return PSReference(lambda: scope.get(name, prefix=prefix),
                       lambda value: scope.set(name, value, prefix=prefix))
