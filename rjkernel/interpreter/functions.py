"""User functions and script blocks as commands (about_Functions, about_Script_Blocks).

``function Name { … }`` stores a :class:`FunctionInfo` in the scope it runs in (or the
global one for ``function global:Name``); a command word that names it calls it, ahead
of a cmdlet of the same name, as PowerShell's command precedence has it. A script block
value runs the same way through ``& $block`` (a new scope), ``. $block`` (the caller's
scope) and ``$block.Invoke()``.

A call binds its arguments with the cmdlet binder against the signature its param
block declares (``parameters.py``), asking the user through the frontend for missing
mandatory parameters as PowerShell's host does; sets the parameters, ``$args``,
``$PSBoundParameters`` and ``$input`` in its scope; then runs ``begin`` once, ``process``
once per pipeline object with ``$_`` (or once without input) and ``end`` once, streaming
what they write. ``return`` leaves the block it is in.
"""

from __future__ import annotations

import functools
from collections import ChainMap
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from rjkernel.cmdlets.signature import Bound, ParameterSpec
from rjkernel.errors import BindingError, ErrorRecord, PSError, SourceSpan
from rjkernel.interpreter.binder import NO_VALUE, ParamArg, ValueArg, bind, resolve_parameter
from rjkernel.interpreter.blocks import parse_block, scope_functions
from rjkernel.interpreter.commands import BINDER_CONVERTERS, peek
from rjkernel.interpreter.evaluator import Evaluator
from rjkernel.interpreter.parameters import REMAINING, Signature, signature, validate
from rjkernel.interpreter.pscmdlet import FunctionCommand, InvocationValue, PSCmdletValue
from rjkernel.interpreter.signals import ExitSignal, ReturnSignal
from rjkernel.interpreter.sinks import STATEMENT_END
from rjkernel.interpreter.tables import statement
from rjkernel.interpreter.validation import VariableConstraint
from rjkernel.language import ast
from rjkernel.runspace.variables import Variables
from rjkernel.values import types
from rjkernel.values.conversion import element_type
from rjkernel.values.objects import MISSING, Hashtable, ScriptBlockValue

Args = list[ParamArg | ValueArg]
# Nested calls a cell may make: each is a few Python frames of async generators, and
# PowerShell's own limit is its thread's stack (ScriptCallDepthException).
MAX_CALL_DEPTH = 100


@dataclass
class FunctionInfo:
    """A function (or a script block about to run): its name, parsed body and source."""

    name: str
    body: ast.Script
    definition: str
    filter: bool = False

    @functools.cached_property
    def signature(self) -> Signature:
        return signature(self.name, self.body.param, self.body.source)


@statement(ast.FunctionDefinition)
async def define_function(ev: Evaluator, stmt: ast.FunctionDefinition) -> AsyncIterator[Any]:
    prefix, _, name = stmt.name.rpartition(":")
    ev.scope.define_function(name, FunctionInfo(name, stmt.body, stmt.text, stmt.filter),
                             prefix=prefix.lower() or None)
    return
    yield  # pragma: no cover - makes this an async generator


@statement(ast.Return)
async def return_statement(ev: Evaluator, stmt: ast.Return) -> AsyncIterator[Any]:
    if stmt.value is not None:
        async for obj in ev.statement_stream(stmt.value):
            yield obj
    raise ReturnSignal


@statement(ast.Exit)
async def exit_statement(ev: Evaluator, stmt: ast.Exit) -> AsyncIterator[Any]:
    """about_Language_Keywords ``exit``: the value, as ``[int]``, is the exit code."""
    code = types.cast("int", (await ev.capture([stmt.value])).value())
    raise ExitSignal(code)
    yield  # pragma: no cover - makes this an async generator


def block_function(ev: Evaluator, block: ScriptBlockValue) -> FunctionInfo:
    """A script block value as an anonymous function (its lines by the cell rule)."""
    return FunctionInfo("", parse_block(block, functions=scope_functions(ev)), block.text)


async def invoke_block_value(ev: Evaluator, block: ScriptBlockValue, values: Sequence[Any],
                             position: SourceSpan) -> list[Any]:
    """``$block.Invoke(a, b)``: run it in a new scope with positional arguments and
    return what it wrote."""
    args: Args = [ValueArg(value, position) for value in values]
    return [obj async for obj in call(ev, block_function(ev, block), args, None, position)]


async def call(
    ev: Evaluator, fn: FunctionInfo, args: Args, upstream: AsyncIterator[Any] | None,
    position: SourceSpan, *, dot: bool = False,
) -> AsyncIterator[Any]:
    """Run ``fn`` with evaluated ``args`` and pipeline input ``upstream``."""
    if ev.call_depth >= MAX_CALL_DEPTH:
        raise PSError(ErrorRecord(
            message="The script failed due to call depth overflow.",
            error_id="CallDepthOverflow", category="InvalidOperation",
            target=ev.call_depth + 1, position=position,
            exception="System.Management.Automation.ScriptCallDepthException"))
    sig = fn.signature
    if not sig.advanced:
        args = _simple_arguments(sig, args)
    by_pipeline = upstream is not None and sig.takes_pipeline
    first: Any = MISSING
    if by_pipeline:
        assert upstream is not None
        upstream, first = await peek(upstream)
    pipeline_input = None if not by_pipeline else [] if first is MISSING else [first]
    try:
        bound, args = await _bind_or_ask(ev, sig, args, pipeline_input, position)
    except BindingError as exc:
        raise _qualified(exc, fn.name) from None
    scope = ev.scope if dot else ev.scope.child()
    runner = Evaluator(ev.runspaces, ev.runspace, ev.host, source=fn.body.source,
                       cell=ev.cell, caller=ev, scope=scope,
                       args=bound.remaining if REMAINING in bound.values else ())
    runner.function_name = fn.name
    runner.call_depth = ev.call_depth + 1
    await _set_parameters(runner, sig, bound)
    if fn.name:
        scope.set("MyInvocation", InvocationValue(
            FunctionCommand(fn.name, fn.definition), fn.name,
            scope.get("PSBoundParameters"), list(runner.args), position))
    _set_preferences(scope, bound)
    if sig.advanced:
        scope.set("PSCmdlet", PSCmdletValue(fn.name, bound.set_name,
                                            bool(bound.common.get("WhatIf")), ev.host))
    body = fn.body
    async for obj in _run(runner, body.begin):
        yield obj
    if body.process is not None:
        if upstream is None:
            runner.underscore.append(None)
            async for obj in _run(runner, body.process):
                yield obj
        else:
            async for item in upstream:
                if by_pipeline and not await _bind_item(runner, sig, args, item, position):
                    continue
                runner.underscore.append(item)
                scope.set("input", [item])
                async for obj in _run(runner, body.process):
                    yield obj
                runner.underscore.pop()
        scope.set("input", [])
    elif upstream is not None:
        scope.set("input", [item async for item in upstream])
    async for obj in _run(runner, body.statements):
        yield obj


async def _run(runner: Evaluator, statements: Sequence[ast.Statement] | None
               ) -> AsyncIterator[Any]:
    """One named block; ``return`` ends it."""
    if statements is None:
        return
    try:
        async for obj in runner.outputs(statements):
            if obj is not STATEMENT_END:
                yield obj
    except ReturnSignal:
        return


def _simple_arguments(sig: Signature, args: Args) -> Args:
    """A simple function takes ``-Unknown`` as a plain argument for ``$args``."""
    result: Args = []
    for arg in args:
        if isinstance(arg, ParamArg):
            try:
                resolve_parameter(sig.spec, arg.name, arg.span)
            except BindingError as exc:
                if exc.record.error_id != "NamedParameterNotFound":
                    raise
                result.append(ValueArg(f"-{arg.name}", arg.span))
                if arg.value is not NO_VALUE:
                    result.append(ValueArg(arg.value, arg.span))
                continue
        result.append(arg)
    return result


def _qualified(exc: BindingError, name: str) -> BindingError:
    """A function's binding error: its FullyQualifiedErrorId ends with the function's
    name (``NamedParameterNotFound,Get-Up``), not a cmdlet class."""
    if not name or "," in exc.record.error_id:
        return exc
    return BindingError(replace(exc.record, error_id=f"{exc.record.error_id},{name}"))


def _bind(sig: Signature, args: Args, pipeline_input: list[Any] | None, position: SourceSpan,
          *, relaxed: bool = False) -> Bound:
    return bind(sig.relaxed if relaxed else sig.spec, args, pipeline_input=pipeline_input,
                converters=ChainMap(dict(sig.converters), BINDER_CONVERTERS),
                command_span=position)


async def _bind_valid(ev: Evaluator, sig: Signature, args: Args,
                      pipeline_input: list[Any] | None, position: SourceSpan) -> Bound:
    """Bind, then apply the parameters' validation attributes — to a pipeline object
    as its parameter takes it (``$null`` piped to a mandatory parameter is refused)."""
    bound = _bind(sig, args, pipeline_input, position)
    values = bound.values
    piped = bound.pipeline_parameter
    if piped is not None and piped in values:
        values = {**values, piped: _parameter_value(sig, piped, bound, piped=True)}
    await validate(ev, sig, values, position)
    return bound


async def _bind_or_ask(ev: Evaluator, sig: Signature, args: Args,
                       pipeline_input: list[Any] | None, position: SourceSpan
                       ) -> tuple[Bound, Args]:
    """Bind; if mandatory parameters are missing, ask for them as PowerShell's host does
    (``Supply values for the following parameters:``) and bind again."""
    try:
        return await _bind_valid(ev, sig, args, pipeline_input, position), args
    except BindingError as exc:
        if exc.record.error_id != "MissingMandatoryParameter":
            raise
        missing_error = exc
    partial = _bind(sig, args, pipeline_input, position, relaxed=True)
    missing = sig.mandatory_missing(partial.set_name, partial.values)
    try:
        answers = await _ask(ev, sig.spec.name, missing, position)
    except RuntimeError:  # the frontend cannot prompt: PowerShell's non-interactive error
        raise missing_error from None
    args = [*args, *answers]
    return await _bind_valid(ev, sig, args, pipeline_input, position), args


async def _ask(ev: Evaluator, name: str, missing: list[ParameterSpec], position: SourceSpan
               ) -> list[ParamArg]:
    ev.host.write_text(f"cmdlet {name} at command pipeline position 1\n"
                       "Supply values for the following parameters:\n")
    answers: list[ParamArg] = []
    for param in missing:
        if element_type(param.type) is not None:
            items: list[str] = []
            while answer := await ev.host.read_line(f"{param.name}[{len(items)}]: "):
                items.append(answer)
            answers.append(ParamArg(param.name, position, items))
            continue
        answer = await ev.host.read_line(f"{param.name}: ")  # '' is refused when bound
        answers.append(ParamArg(param.name, position, answer))
    return answers


async def _bind_item(runner: Evaluator, sig: Signature, args: Args, item: Any,
                     position: SourceSpan) -> bool:
    """Bind one pipeline object to the pipeline parameter (a non-terminating error if it
    does not fit, as PowerShell writes one per object)."""
    assert runner.caller is not None
    try:
        bound = await _bind_valid(runner.caller, sig, args, [item], position)
    except PSError as exc:
        runner.caller.record_error(exc.record)
        return False
    name = bound.pipeline_parameter
    if name is not None:
        runner.scope.set(name, _parameter_value(sig, name, bound, piped=True))
    return True


def _parameter_value(sig: Signature, name: str, bound: Bound, *, piped: bool) -> Any:
    value = bound.values[name]
    param = next(p for p in sig.spec.parameters if p.name == name)
    if piped and isinstance(value, list) and element_type(param.type) is None:
        return value[0] if value else None
    return value


async def set_cell_parameters(ev: Evaluator, script: ast.Script) -> None:
    """A cell's own ``param( … )``: the cell runs as a script given no arguments, so
    each parameter is its default (or what its type makes of ``$null``), keeping its
    type and validation attributes (about_Scripts, "Parameters")."""
    if script.param is not None:
        sig = signature("", script.param, script.source)
        await _set_parameters(ev, sig, Bound(sig.spec.default_set, {}))


async def _set_parameters(runner: Evaluator, sig: Signature, bound: Bound) -> None:
    """Each declared parameter as a variable of the call's scope: bound, else its
    default (evaluated there, in order), else what its type makes of ``$null``. Its
    type and validation attributes stay on the variable (``$n = 9`` in the body is
    checked as the argument was)."""
    scope = runner.scope
    for declared, param in zip(sig.declared, sig.spec.parameters, strict=False):
        if param.name in bound.values:
            value = _parameter_value(sig, param.name, bound,
                                     piped=param.name == bound.pipeline_parameter)
        elif declared.default is not None:
            value = await runner.eval(declared.default)
            if declared.type_name is not None:
                value = types.cast(declared.type_name, value)
        elif param.is_switch:
            value = False
        else:
            value = _empty(declared.type_name)
        scope.set(param.name, value)
        if declared.checks or (declared.type_name is not None and not param.is_switch):
            scope.constrain(param.name, VariableConstraint(declared.type_name, declared.checks))
    given = Hashtable()
    for name in bound.values:
        if name != REMAINING:
            given[name] = _parameter_value(sig, name, bound,
                                           piped=name == bound.pipeline_parameter)
    scope.set("PSBoundParameters", given)


def _set_preferences(scope: Variables, bound: Bound) -> None:
    """``-ErrorAction``/``-Verbose`` … of an advanced function become its preference
    variables (about_CommonParameters)."""
    for parameter, variable in (("ErrorAction", "ErrorActionPreference"),
                                ("WarningAction", "WarningPreference"),
                                ("InformationAction", "InformationPreference")):
        if parameter in bound.common:
            scope.set(variable, str(bound.common[parameter]))
    for switch, variable in (("Verbose", "VerbosePreference"), ("Debug", "DebugPreference")):
        if switch in bound.common:
            scope.set(variable, "Continue" if bound.common[switch] else "SilentlyContinue")


def _empty(type_name: str | None) -> Any:
    """``[int]$n`` unbound is 0 and ``[string]$s`` is '' — a constrained variable holds
    its type's conversion of ``$null``."""
    if type_name is None:
        return None
    try:
        return types.cast(type_name, None)
    except PSError:
        return None
