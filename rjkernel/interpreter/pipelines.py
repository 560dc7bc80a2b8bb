"""Pipelines and commands: elements chained as async generators, so objects flow (and
``Receive-Job -Wait`` streams) as they are made.

An element is an expression (first in its pipeline only) or a command. A command the
catalog knows is a cmdlet: its arguments are evaluated, bound by the binder against
its signature (with the first upstream object peeked, so pipeline binding can choose a
parameter set), and its implementation runs over an :class:`Invocation`. Any other
command is native (``native.py``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import replace
from typing import Any, cast

from rjkernel.cmdlets.base import IMPLEMENTATIONS, PER_RECORD, Invocation
from rjkernel.cmdlets.signature import Bound, CmdletSpec
from rjkernel.errors import BindingError, ErrorRecord, PSError, SourceSpan
from rjkernel.interpreter import functions
from rjkernel.interpreter.binder import ParamArg, ValueArg, bind
from rjkernel.interpreter.commands import (
    BINDER_CONVERTERS,
    peek,
    resolve_alias,
    resolve_command,
)
from rjkernel.interpreter.context import EvaluationContext
from rjkernel.interpreter.evaluator import Evaluator
from rjkernel.interpreter.expressions import output_of
from rjkernel.interpreter.native import native_stream
from rjkernel.interpreter.redirection import redirect
from rjkernel.interpreter.strict import check_method_syntax
from rjkernel.language import ast
from rjkernel.values import operators as ops
from rjkernel.values.conversion import element_type
from rjkernel.values.objects import MISSING, Hashtable, ScriptBlockValue


def pipeline_stream(ev: Evaluator, pipe: ast.Pipeline) -> AsyncIterator[Any]:
    stream: AsyncIterator[Any] | None = None
    for element in pipe.elements:
        stream = element_stream(ev, element, stream)
    assert stream is not None
    return stream


async def element_stream(
    ev: Evaluator, element: ast.PipelineElement, upstream: AsyncIterator[Any] | None
) -> AsyncIterator[Any]:
    errors: list[ErrorRecord] = []  # the element's errors, when it redirects them
    if isinstance(element, ast.CommandExpression):
        if upstream is not None:
            raise PSError(ErrorRecord(
                message="Expressions are only allowed as the first element of a pipeline.",
                error_id="ExpressionsMustBeFirstInPipeline", category="ParserError",
                position=ev.span(element.span),
            ))
        stream = _expression_output(ev, element.expr)
    else:
        stream = await command_stream(ev, element, upstream,
                                      errors if element.redirections else None)
    if element.redirections:
        stream = redirect(ev, stream, element.redirections, errors)
    async for obj in stream:
        yield obj


async def _expression_output(ev: Evaluator, expr: ast.Expr) -> AsyncIterator[Any]:
    for item in await expression_values(ev, expr):
        yield item


async def expression_values(ev: Evaluator, expr: ast.Expr) -> list[Any]:
    """An expression as a pipeline's source (:func:`~.expressions.output_of`)."""
    return output_of(expr)(await ev.eval(expr))


async def command_stream(
    ev: Evaluator, cmd: ast.Command, upstream: AsyncIterator[Any] | None,
    errors: list[ErrorRecord] | None,
) -> AsyncIterator[Any]:
    """A command's output stream; ``errors`` takes its non-terminating errors when the
    element redirects them."""
    position = ev.span(cmd.span)
    check_method_syntax(ev.scope, cmd)
    name, elements = cmd.name, cmd.elements
    if name in ("&", ".") and elements and isinstance(elements[0], ast.Argument):
        target = await ev.eval(elements[0].value)
        if isinstance(target, ScriptBlockValue):
            return functions.call(ev, functions.block_function(ev, target),
                                  await command_arguments(ev, elements[1:]), upstream,
                                  position, dot=name == ".")
        if name == "&":  # & 'Get-Job' -Id 1, & $tool --version
            name, elements = ops.to_string(target), elements[1:]
            cmd = replace(cmd, name=name, elements=elements)
    target = resolve_alias(ev.scope, name)
    if target is not None:  # the user's alias (Set-Alias): the command it stands for
        name = target
        cmd = replace(cmd, name=name)
    function = ev.scope.function(name)
    if function is not None:
        return functions.call(ev, function, await command_arguments(ev, elements), upstream,
                              position)
    spec = resolve_command(name)
    if spec is None:
        return native_stream(ev, cmd, upstream)
    args = await command_arguments(ev, elements)
    impl = IMPLEMENTATIONS.get(spec.name.lower())
    if impl is None:
        raise PSError(ErrorRecord(
            message=f"The command '{spec.name}' is known to rjkernel but not available "
            "in this version.", error_id="CommandNotImplemented", command=spec.name,
        ))
    pipeline_input: list[Any] | None = None
    if upstream is not None:
        if spec.name.lower() in PER_RECORD:
            return _attributed(_per_record(ev, spec, args, upstream, position, errors),
                               spec.name)
        upstream, first = await peek(upstream)
        pipeline_input = [] if first is MISSING else [first]
    bound = bind(spec, args, pipeline_input=pipeline_input, converters=BINDER_CONVERTERS,
                 command_span=position)
    inv = Invocation(spec=spec, bound=bound, context=EvaluationContext(ev), position=position,
                     input=upstream, redirected_errors=errors)
    return _attributed(impl(inv), spec.name)


async def _per_record(
    ev: Evaluator, spec: CmdletSpec, args: list[ParamArg | ValueArg],
    upstream: AsyncIterator[Any], position: SourceSpan,
    errors: list[ErrorRecord] | None,
) -> AsyncIterator[Any]:
    """A per-record cmdlet over piped objects: each bound on its own and run, as
    PowerShell's ProcessRecord; one that binds to no parameter is that object's
    non-terminating error, and the next objects still run."""
    impl = IMPLEMENTATIONS[spec.name.lower()]
    context = EvaluationContext(ev)

    def invocation(bound: Bound) -> Invocation:
        return Invocation(spec=spec, bound=bound, context=context, position=position,
                          input=None, redirected_errors=errors)

    base = invocation(bind(spec, args, pipeline_input=[], converters=BINDER_CONVERTERS,
                           command_span=position))
    async for item in upstream:
        try:
            bound = bind(spec, args, pipeline_input=[item], converters=BINDER_CONVERTERS,
                         command_span=position)
        except BindingError as exc:
            base.write_error(replace(exc.record, target=item))
            continue
        param = spec.parameter(bound.pipeline_parameter or "")
        if param is not None and element_type(param.type) is None:  # a scalar: the object
            bound.values[param.name] = cast(list[Any], bound.values[param.name])[0]
        async for out in impl(invocation(bound)):
            yield out


async def command_arguments(
    ev: Evaluator, elements: Sequence[ast.CommandElement]
) -> list[ParamArg | ValueArg]:
    """A command's elements evaluated, for the binder; ``@splat`` spread out."""
    args: list[ParamArg | ValueArg] = []
    for el in elements:
        span = ev.span(el.span)
        if isinstance(el, ast.Parameter):
            if el.colon and el.argument is not None:
                args.append(ParamArg(el.name, span, await ev.eval(el.argument)))
            else:
                args.append(ParamArg(el.name, span))
        elif isinstance(el, ast.Argument):
            args.append(ValueArg(await ev.eval(el.value), span))
        else:  # Splat
            value = ev.lookup(el.name)
            if isinstance(value, Hashtable):
                for key, item in value.items():
                    args.append(ParamArg(str(key), span, True if item is True else item))
            else:
                args.extend(ValueArg(v, span) for v in ops.to_list(value))
    return args


async def _attributed(stream: AsyncIterator[Any], command: str) -> AsyncIterator[Any]:
    """A cmdlet's output; a terminating error from below it is shown as the cmdlet's
    (``Invoke-Command: One or more computer names are not valid…``)."""
    try:
        async for item in stream:
            yield item
    except PSError as exc:
        raise PSError(exc.record.with_command(command)) from None
