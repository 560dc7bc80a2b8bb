"""Evaluate parsed statements in a runspace.

The evaluator walks the tree the parser made and does what PowerShell would:

- a :class:`ShellChunk` runs in the runspace's persistent shell, its output streaming;
- a pipeline runs its elements as a chain of async generators, so objects flow (and
  ``Receive-Job -Wait`` streams) as they are made; a cmdlet is bound by the binder and
  run by its implementation (``cmdlets/``); any other command is a *native* command,
  run by the runspace's shell with its arguments evaluated here (``$x`` is ours) and
  quoted for the shell (bare words are passed as written, so globs still expand);
- an assignment captures output: none → ``$null``, one → the object, more → an array;
- redirections write where the statement runs (the runspace's place — a remote host in
  an entered session or an ``Invoke-Command -Session`` block).

Errors follow PowerShell: a statement-terminating error (binding, or one a cmdlet
throws) stops that statement and the cell goes on with the next one; ``$?`` tells.
Every error record shown is counted so the kernel can answer the cell with
``status: error`` and the first error's id.

An :class:`Evaluator` is made per cell (and per nested script block), bound to one
runspace and one host; ``caller`` links a script block's evaluator to the one that
invoked it, for ``$using:``.
"""

from __future__ import annotations

import asyncio
import codecs
import functools
import logging
import re
import shlex
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from rjkernel.cmdlets.base import IMPLEMENTATIONS, Invocation
from rjkernel.errors import ErrorRecord, PSError, SourceSpan, record_for
from rjkernel.jobs.model import JobStream
from rjkernel.language import ast
from rjkernel.language.parser import parse
from rjkernel.runspace.binder import ParamArg, ValueArg, bind
from rjkernel.transport.shell_text import with_stdin
from rjkernel.values import operators as ops
from rjkernel.values.builtins import call_method, cast_value, format_operator, index_value
from rjkernel.values.objects import (
    MISSING,
    Hashtable,
    PSObject,
    ScriptBlockValue,
    TextChunk,
    TextLines,
    get_property,
)

if TYPE_CHECKING:
    from rjkernel.runspace.engine import Engine
    from rjkernel.runspace.host import Host
    from rjkernel.runspace.runspace import Runspace


log = logging.getLogger(__name__)


def internal_error(exc: BaseException) -> ErrorRecord:
    """An unexpected failure inside rjkernel, shown as an error rather than a crash."""
    return ErrorRecord(
        message=f"rjkernel internal error: {type(exc).__name__}: {exc}. The kernel is still "
        "running; please report this with the cell that caused it.",
        error_id="RJKernelInternalError", category="NotSpecified",
    )


STATEMENT_END: Any = object()  # in Evaluator.outputs: the statement before it has ended


class Sink(Protocol):
    """Where a statement's output objects go: the notebook, a variable, or a file."""

    async def emit(self, obj: Any) -> None: ...

    async def boundary(self) -> None:
        """A top-level statement ended (the notebook formats each one on its own)."""

    async def close(self) -> None: ...


class ListSink:
    """Captures output as PowerShell values: text chunks become lines (strings)."""

    def __init__(self) -> None:
        self.items: list[Any] = []
        self._lines = TextLines()

    async def emit(self, obj: Any) -> None:
        if isinstance(obj, TextChunk):
            self.items.extend(self._lines.feed(obj))
        else:
            self.items.extend(self._lines.flush())
            self.items.append(obj)

    async def boundary(self) -> None:
        return None

    async def close(self) -> None:
        self.items.extend(self._lines.flush())

    def value(self) -> Any:
        """``$x = …``: nothing → ``$null``, one object → it, several → an array."""
        if not self.items:
            return None
        return self.items[0] if len(self.items) == 1 else list(self.items)


@dataclass
class CellState:
    """What one cell's evaluation accumulates across nested evaluators."""

    errors: list[ErrorRecord] = field(default_factory=list)


def _span(source: str, span: ast.Span) -> SourceSpan:
    return SourceSpan(source, span.start.offset, span.end)


_SAFE_BARE = re.compile(r"^[A-Za-z0-9_@%+=:,./*?\[\]~^-]+$")
_USING = re.compile(
    r"\$(?:\{using:([A-Za-z_][A-Za-z0-9_]*)\}|using:([A-Za-z_][A-Za-z0-9_]*))", re.I
)
_BACKGROUND_LINE = re.compile(r"\A\s*([^\n]*?[^&\s])\s*(?<!&)&\s*\Z")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# The redirection target ``$null`` (``2>$null``, ``> $null``): output dropped, errors
# not shown. Compared by identity: a path named "$null" is a different tuple.
_DISCARD: tuple[str, bool] = ("$null", False)


class Evaluator:
    def __init__(
        self,
        engine: Engine,
        runspace: Runspace,
        host: Host,
        *,
        source: str,
        cell: CellState | None = None,
        caller: Evaluator | None = None,
        args: Sequence[Any] = (),
    ) -> None:
        self.engine = engine
        self.runspace = runspace
        self.host = host
        self.source = source
        self.cell = cell or CellState()
        self.caller = caller
        self.args = list(args)
        self._underscore: list[Any] = []
        self._error_file_records: list[ErrorRecord] = []
        self.statement_ok = True  # becomes $? when the current statement ends
        self.input_lines: list[str] | None = None  # -InputObject: the block's stdin

    # ================================================================== errors

    def failed(self) -> None:
        """The current statement (and the statements that invoked it) did not succeed:
        ``$?`` will be False once it ends."""
        evaluator: Evaluator | None = self
        while evaluator is not None:
            evaluator.statement_ok = False
            evaluator = evaluator.caller

    def record_error(self, record: ErrorRecord, *, show: bool = True) -> None:
        """Keep an error in ``$Error``, fail the statement, and show it (counted for
        the cell).

        Text a native command wrote to stderr is shown but does not fail the statement
        (PowerShell 7.2+): shell tools write progress and warnings there. An error not
        shown (``-ErrorAction SilentlyContinue``) is not counted for the cell either: a
        cell answered ``status: error`` must have shown why.
        """
        if record.native:
            if show:
                self.host.write_error(record)
            return
        history = self.runspace.variables.get("Error") or []
        self.runspace.variables.set("Error", [record, *history][:256])
        self.failed()
        if show:
            self.cell.errors.append(record)
            self.host.write_error(record)

    def child(self, runspace: Runspace, *, source: str | None = None,
              args: Sequence[Any] = ()) -> Evaluator:
        """An evaluator for a script block run in ``runspace`` on behalf of this one."""
        return Evaluator(
            self.engine, runspace, self.host, source=source or self.source, cell=self.cell,
            caller=self, args=args,
        )

    # ================================================================== statements

    async def run_statements(self, statements: Sequence[ast.Statement], sink: Sink) -> None:
        """Run statements one by one into ``sink``, telling it where each one ends."""
        async for obj in self.outputs(statements):
            if obj is STATEMENT_END:
                await sink.boundary()
            else:
                await sink.emit(obj)

    async def outputs(self, statements: Sequence[ast.Statement]) -> AsyncIterator[Any]:
        """The statements' output objects, each statement followed by STATEMENT_END.

        A terminating error ends only its statement; ``$?`` is set as each one ends.
        """
        for stmt in statements:
            self.statement_ok = True
            try:
                async for obj in self.statement_stream(stmt):
                    yield obj
            except PSError as exc:
                self.record_error(exc.record)
            except Exception as exc:  # nothing a host sends may take the kernel down
                record = record_for(exc)
                if record is None:
                    log.exception("internal error in a statement")
                    record = internal_error(exc)
                self.record_error(record)
            self.runspace.variables.set("?", self.statement_ok)
            yield STATEMENT_END

    async def run_statement(self, stmt: ast.Statement, sink: Sink) -> None:
        async for obj in self.statement_stream(stmt):
            await sink.emit(obj)

    async def statement_stream(self, stmt: ast.Statement) -> AsyncIterator[Any]:
        if isinstance(stmt, ast.ShellChunk):
            background = _BACKGROUND_LINE.match(stmt.text)
            if background is not None:
                stream = self.background(background.group(1))
            else:
                stream = self.shell_stream(self.block_shell_text(stmt.text))
        elif isinstance(stmt, ast.Assignment):
            await self.assign(stmt)
            return
        elif isinstance(stmt, ast.Pipeline):
            if stmt.background:
                stream = self.background(stmt.text.rstrip().removesuffix("&"))
            else:
                stream = self.pipeline_stream(stmt)
        else:  # pragma: no cover - the parser makes no other statements
            raise TypeError(stmt)
        async for obj in stream:
            yield obj

    @staticmethod
    async def _pump(stream: AsyncIterator[Any], sink: Sink) -> None:
        async for obj in stream:
            await sink.emit(obj)

    async def capture(self, statements: Sequence[ast.Statement]) -> ListSink:
        """Run statements collecting their output (``$( … )``, ``$x = …``)."""
        sink = ListSink()
        for stmt in statements:
            await self.run_statement(stmt, sink)
        await sink.close()
        return sink

    async def assign(self, stmt: ast.Assignment) -> None:
        captured = await self.capture([stmt.value])
        value = captured.value()
        if len(stmt.targets) > 1:
            items = ops.to_list(value)
            for i, target in enumerate(stmt.targets):
                if i == len(stmt.targets) - 1:
                    rest = items[i:]
                    part = None if not rest else rest[0] if len(rest) == 1 else rest
                else:
                    part = items[i] if i < len(items) else None
                await self.set_target(target, part)
            return
        target = stmt.targets[0]
        if stmt.op != "=":
            current = await self.eval(target)
            value = ops.arithmetic(stmt.op[0], current, value)
        await self.set_target(target, value)

    async def set_target(self, target: ast.Expr, value: Any) -> None:
        if isinstance(target, ast.Variable):
            if target.scope == "env":
                await self.set_env(target.name, value)
            else:
                self.runspace.variables.set(target.name, value)
            return
        if isinstance(target, ast.IndexAccess):
            container = await self.eval(target.target)
            key = await self.eval(target.index)
            if isinstance(container, (Hashtable, list)):
                container[key] = value  # type: ignore[index]
                return
        if isinstance(target, ast.MemberAccess):
            container = await self.eval(target.target)
            if isinstance(container, Hashtable):
                container[target.member] = value
                return
            if isinstance(container, PSObject):
                container.properties[target.member] = value
                return
        raise PSError(ErrorRecord(
            message="The assignment expression is not valid. The input to an assignment "
            "operator must be an object that is able to accept assignments, such as a "
            "variable or a property.",
            error_id="InvalidLeftHandSide", category="ParserError",
            position=_span(self.source, target.span),
        ))

    # ================================================================== pipelines

    def pipeline_stream(self, pipe: ast.Pipeline) -> AsyncIterator[Any]:
        stream: AsyncIterator[Any] | None = None
        for element in pipe.elements:
            stream = self.element_stream(element, stream)
        assert stream is not None
        return stream

    async def element_stream(
        self, element: ast.PipelineElement, upstream: AsyncIterator[Any] | None
    ) -> AsyncIterator[Any]:
        errors: list[ErrorRecord] = []  # the element's errors, when it redirects them
        if isinstance(element, ast.CommandExpression):
            if upstream is not None:
                raise PSError(ErrorRecord(
                    message="Expressions are only allowed as the first element of a pipeline.",
                    error_id="ExpressionsMustBeFirstInPipeline", category="ParserError",
                    position=_span(self.source, element.span),
                ))
            stream = self._expression_output(element.expr)
        else:
            stream = await self.command_stream(
                element, upstream, errors if element.redirections else None)
        if element.redirections:
            stream = self.redirect(stream, element.redirections, errors)
        async for obj in stream:
            yield obj

    async def _expression_output(self, expr: ast.Expr) -> AsyncIterator[Any]:
        value = await self.eval(expr)
        if isinstance(value, list) and not isinstance(expr, ast.ScriptBlock):
            for item in value:
                yield item
        elif value is not None:
            yield value

    async def command_stream(
        self, cmd: ast.Command, upstream: AsyncIterator[Any] | None,
        errors: list[ErrorRecord] | None,
    ) -> AsyncIterator[Any]:
        spec = self.engine.resolve_command(cmd.name)
        if spec is None:
            return self.native_stream(cmd, upstream)
        args = await self.command_arguments(cmd)
        pipeline_input: list[Any] | None = None
        if upstream is not None:
            upstream, first = await _peek(upstream)
            pipeline_input = [] if first is MISSING else [first]
        bound = bind(
            spec, args, pipeline_input=pipeline_input, converters=self.engine.converters,
            command_span=_span(self.source, cmd.span),
        )
        inv = Invocation(
            spec=spec, bound=bound, evaluator=self, position=_span(self.source, cmd.span),
            input=upstream,
        )
        inv.redirected_errors = errors
        impl = IMPLEMENTATIONS.get(spec.name.lower())
        if impl is None:
            raise PSError(ErrorRecord(
                message=f"The command '{spec.name}' is known to rjkernel but not available "
                "in this version.", error_id="CommandNotImplemented", command=spec.name,
            ))
        return _attributed(impl(inv), spec.name)

    async def command_arguments(self, cmd: ast.Command) -> list[ParamArg | ValueArg]:
        args: list[ParamArg | ValueArg] = []
        for el in cmd.elements:
            span = _span(self.source, el.span)
            if isinstance(el, ast.Parameter):
                if el.colon and el.argument is not None:
                    args.append(ParamArg(el.name, span, await self.eval(el.argument)))
                else:
                    args.append(ParamArg(el.name, span))
            elif isinstance(el, ast.Argument):
                args.append(ValueArg(await self.eval(el.value), span))
            else:  # Splat
                value = self.lookup(el.name, span)
                if isinstance(value, Hashtable):
                    for key, item in value.items():
                        args.append(ParamArg(str(key), span, True if item is True else item))
                else:
                    args.extend(ValueArg(v, span) for v in ops.to_list(value))
        return args

    async def redirect(
        self, stream: AsyncIterator[Any], redirections: Sequence[ast.Redirection],
        errors: list[ErrorRecord],
    ) -> AsyncIterator[Any]:
        """Apply ``>``, ``>>``, ``2>``, ``2>&1``, ``*>`` to one pipeline element."""
        out_target: tuple[str, bool] | None = None
        err_target: tuple[str, bool] | None = None
        merge = False
        for r in redirections:
            if r.merge_into is not None:
                merge = merge or r.stream in ("2", "*")
                continue
            assert r.target is not None
            value = await self.eval(r.target)
            target = _DISCARD if value is None else (ops.to_string(value), r.append)
            if r.stream in ("1", "*"):
                out_target = target
            if r.stream in ("2", "*"):
                err_target = target
        if out_target is _DISCARD:
            stream = self._discarded(stream)
            out_target = None
        if out_target is None:
            async for obj in stream:
                for record in _drain(errors):
                    if merge:
                        yield record
                    else:
                        self._route_error(record, err_target)
                yield obj
            for record in _drain(errors):
                if merge:
                    yield record
                else:
                    self._route_error(record, err_target)
            await self._flush_error_file(err_target)
            return
        await self.engine.write_output_file(
            self, out_target[0],
            self._with_errors(stream, errors, merge or err_target == out_target),
            append=out_target[1],
        )
        for record in _drain(errors):
            self._route_error(record, err_target if err_target != out_target else None)
        await self._flush_error_file(err_target if err_target != out_target else None)
        return
        yield  # pragma: no cover - makes this an async generator

    async def _with_errors(
        self, stream: AsyncIterator[Any], errors: list[ErrorRecord], merge: bool
    ) -> AsyncIterator[Any]:
        async for obj in stream:
            if merge:
                for record in _drain(errors):
                    yield record
            yield obj
        if merge:
            for record in _drain(errors):
                yield record

    @staticmethod
    async def _discarded(stream: AsyncIterator[Any]) -> AsyncIterator[Any]:
        """``> $null``: run the element to its end, keep nothing."""
        async for _ in stream:
            pass
        return
        yield  # pragma: no cover - makes this an async generator

    def _route_error(self, record: ErrorRecord, target: tuple[str, bool] | None) -> None:
        if target is None:
            self.record_error(record)
        else:
            if target is not _DISCARD:
                self._error_file_records.append(record)
            self.failed()

    async def _flush_error_file(self, target: tuple[str, bool] | None) -> None:
        if target is None or target is _DISCARD:
            return
        records = _drain(self._error_file_records)

        async def items() -> AsyncIterator[Any]:
            for r in records:
                yield r

        await self.engine.write_output_file(self, target[0], items(), append=target[1])

    # ================================================================== shell

    async def shell_stream(self, text: str) -> AsyncIterator[TextChunk]:
        """Run shell text in the runspace's shell, yielding stdout as it arrives.

        stderr goes straight to the host's stderr (it is text for people, not an error
        record: PowerShell 7.2+ no longer fails a statement on native stderr). The exit
        status sets ``$LASTEXITCODE`` and ``$?``.
        """
        queue: asyncio.Queue[str | None] = asyncio.Queue()
        out_dec = codecs.getincrementaldecoder("utf-8")("replace")
        err_dec = codecs.getincrementaldecoder("utf-8")("replace")

        def on_stdout(data: bytes) -> None:
            text = out_dec.decode(data)
            if text:
                queue.put_nowait(text)

        def on_stderr(data: bytes) -> None:
            text = err_dec.decode(data)
            if text:
                self.host.write_text(text, "stderr")

        place = self.runspace.place
        task = asyncio.ensure_future(place.run_shell(text, on_stdout, on_stderr))
        task.add_done_callback(lambda _: queue.put_nowait(None))
        try:
            while True:
                item = await queue.get()
                if item is None:
                    break
                yield TextChunk(item)
            status = await task
        except BaseException:
            if not task.done():
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
            raise
        tail = out_dec.decode(b"", final=True)
        if tail:
            yield TextChunk(tail)
        self.runspace.variables.set("LASTEXITCODE", status)
        if status != 0:
            self.failed()

    async def native_stream(
        self, cmd: ast.Command, upstream: AsyncIterator[Any] | None
    ) -> AsyncIterator[TextChunk]:
        if upstream is not None:
            raise PSError(ErrorRecord(
                message=f"Piping objects into the native command '{cmd.name}' is not supported "
                "by rjkernel. Write them to a file first (Out-File), or run the whole "
                "pipeline as shell lines.",
                error_id="NativePipelineInputNotSupported", category="NotImplemented",
                position=_span(self.source, cmd.span),
            ))
        line = await self.native_command_line(cmd)
        async for chunk in self.shell_stream(line):
            yield chunk

    async def native_command_line(self, cmd: ast.Command) -> str:
        """The shell command line for a native command: our values quoted, bare words as is."""
        words = [cmd.name]
        for el in cmd.elements:
            if isinstance(el, ast.Parameter):
                word = "-" + el.name
                if el.colon and el.argument is not None:
                    word += ":" + _shell_word(await self.eval(el.argument), el.argument)
                words.append(word)
            elif isinstance(el, ast.Argument):
                words.append(_shell_word(await self.eval(el.value), el.value))
            else:
                for value in ops.to_list(self.lookup(el.name, _span(self.source, el.span))):
                    words.append(shlex.quote(ops.to_string(value)))
        return " ".join(words)

    async def background(self, text: str) -> AsyncIterator[Any]:
        """``cmd &``: PowerShell 6+ makes it a job (ps-semantics §1.1). A one-line shell
        command ending in ``&`` becomes a job too, rather than a shell background process
        whose output nobody would ever see."""
        text = text.strip()
        job = await self.engine.start_job(self, command=self.block_shell_text(text),
                                          display_command=text)
        yield job

    def block_shell_text(self, text: str) -> str:
        """Shell lines of a script block run for a caller: ``$using:`` values filled in,
        ``-ArgumentList`` values as ``$1 $2 …``."""
        if self.caller is None:
            return text
        text = self.substitute_using(text)
        if self.args:
            words = " ".join(shlex.quote(ops.to_string(a)) for a in self.args)
            text = f"set -- {words}\n{text}"
        return text if self.input_lines is None else with_stdin(text, self.input_lines)

    def substitute_using(self, text: str) -> str:
        """Give shell text the caller's ``$using:name`` values.

        Each ``$using:name`` becomes the shell variable ``${__using_name}``, assigned the
        caller's value (shell-quoted) on a line before the text. A variable rather than
        the quoted value in place, so it reads the same inside double quotes, where
        quoting would not work; and no value ever becomes shell syntax.
        """
        scope = self.caller or self
        names: dict[str, str] = {}

        def repl(m: re.Match[str]) -> str:
            name = m.group(1) or m.group(2)
            names.setdefault(name.lower(), name)
            return "${__using_" + name.lower() + "}"

        body = _USING.sub(repl, text)
        if not names:
            return text
        assignments = []
        for low, name in names.items():
            value = scope.lookup(name)
            text_value = ops.join(value, " ") if isinstance(value, list) else \
                ops.to_string(value)
            assignments.append(f"__using_{low}={shlex.quote(text_value)}")
        return " ".join(assignments) + "\n" + body

    # ================================================================== script blocks

    def parse_block(self, block: ScriptBlockValue, *, powershell_only: bool = False
                    ) -> ast.Script:
        """A block's statements: by the cell's line rule (shell lines and ours), or —
        ``powershell_only`` — every line as PowerShell (other commands are native)."""
        return _parse_block(self.engine.is_ours, block.source, block.start, block.end,
                            powershell_only)

    async def invoke_block(
        self, block: ScriptBlockValue, *, underscore: Any = MISSING, args: Sequence[Any] = ()
    ) -> list[Any]:
        """Run a block here as PowerShell (Where-Object, ForEach-Object, calculated
        properties), capturing output. Its lines are PowerShell, as in PowerShell:
        ``{ "$($_.Name): ok" }`` is a string, not a shell line."""
        script = self.parse_block(block, powershell_only=True)
        runner = Evaluator(self.engine, self.runspace, self.host, source=block.source,
                           cell=self.cell, caller=self.caller, args=args)
        runner._underscore = [*self._underscore]
        if underscore is not MISSING:
            runner._underscore.append(underscore)
        sink = await runner.capture(script.statements)
        return sink.items

    async def block_outputs(
        self, runspace: Runspace, block: ScriptBlockValue, *,
        args: Sequence[Any] = (), input_lines: list[str] | None = None,
    ) -> AsyncIterator[Any]:
        """Evaluate a script block's statements in a runspace (Invoke-Command), yielding
        their output.

        Shell lines go to that runspace's shell (with ``$using:``, ``-ArgumentList`` and
        ``-InputObject`` applied), our statements run there as if typed in it.
        """
        script = self.parse_block(block)
        child = self.child(runspace, source=block.source, args=args)
        child.input_lines = input_lines
        async for obj in child.outputs(script.statements):
            if obj is not STATEMENT_END:
                yield obj

    # ================================================================== expressions

    def lookup(self, name: str, span: SourceSpan | None = None) -> Any:
        low = name.lower()
        if low == "_" or low == "psitem":
            return self._underscore[-1] if self._underscore else None
        if low == "args":
            return list(self.args)
        if low == "pwd":
            return self.runspace.place.cwd
        if low == "home" and "home" not in self.runspace.variables:
            return self.engine.home_of(self.runspace)
        return self.runspace.variables.get(name)

    async def eval(self, expr: ast.Expr) -> Any:
        method = getattr(self, "_eval_" + type(expr).__name__)
        return await method(expr)

    async def _eval_StringLiteral(self, e: ast.StringLiteral) -> Any:
        return e.value

    async def _eval_NumberLiteral(self, e: ast.NumberLiteral) -> Any:
        return e.value

    async def _eval_ExpandableString(self, e: ast.ExpandableString) -> Any:
        parts: list[str] = []
        for part in e.parts:
            if isinstance(part, str):
                parts.append(part)
            else:
                value = await self.eval(part)
                parts.append(ops.join(value, " ") if isinstance(value, list) else
                             ops.to_string(value))
        return "".join(parts)

    async def _eval_Variable(self, e: ast.Variable) -> Any:
        if e.scope == "using":
            scope = self.caller or self
            return scope.lookup(e.name)
        if e.scope == "env":
            return await self.get_env(e.name)
        return self.lookup(e.name, _span(self.source, e.span))

    async def get_env(self, name: str) -> Any:
        if not _ENV_NAME.match(name):
            return None
        sink = ListSink()
        await self._pump(self.shell_stream(f'printf "%s" "${{{name}-}}"'), sink)
        await sink.close()
        value = "\n".join(sink.items)
        return value or None

    async def set_env(self, name: str, value: Any) -> None:
        if not _ENV_NAME.match(name):
            raise PSError(ErrorRecord(
                message=f"Cannot set environment variable '{name}': not a valid name.",
                error_id="InvalidEnvironmentVariableName", category="InvalidArgument",
            ))
        text = f"export {name}={shlex.quote(ops.to_string(value))}"
        if value is None:
            text = f"unset {name}"
        async for _ in self.shell_stream(text):
            pass

    async def _eval_ArrayLiteral(self, e: ast.ArrayLiteral) -> Any:
        return [await self.eval(item) for item in e.items]

    async def _eval_ArrayExpression(self, e: ast.ArrayExpression) -> Any:
        return list((await self.capture(e.statements)).items)

    async def _eval_SubExpression(self, e: ast.SubExpression) -> Any:
        return (await self.capture(e.statements)).value()

    async def _eval_HashLiteral(self, e: ast.HashLiteral) -> Any:
        table = Hashtable()
        for key_expr, value_stmt in e.pairs:
            key = await self.eval(key_expr)
            table[key] = (await self.capture([value_stmt])).value()
        return table

    async def _eval_ScriptBlock(self, e: ast.ScriptBlock) -> Any:
        return ScriptBlockValue(e.text, self.source, e.body.offset)

    async def _eval_MemberAccess(self, e: ast.MemberAccess) -> Any:
        target = await self.eval(e.target)
        return await self.member(target, e.member)

    async def member(self, target: Any, name: str) -> Any:
        if isinstance(target, list):
            if name.lower() in ("count", "length"):
                return len(target)
            values = [await self.member(item, name) for item in target]
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

    async def _eval_MethodCall(self, e: ast.MethodCall) -> Any:
        target = await self.eval(e.target)
        args = [await self.eval(a) for a in e.args]
        return call_method(target, e.method, args, _span(self.source, e.span))

    async def _eval_IndexAccess(self, e: ast.IndexAccess) -> Any:
        target = await self.eval(e.target)
        index = await self.eval(e.index)
        return index_value(target, index)

    async def _eval_BinaryOp(self, e: ast.BinaryOp) -> Any:
        op = e.op.lower()
        if op in ("-and", "-or"):
            left = ops.is_true(await self.eval(e.left))
            if op == "-and":
                return left and ops.is_true(await self.eval(e.right))
            return left or ops.is_true(await self.eval(e.right))
        left = await self.eval(e.left)
        right = await self.eval(e.right)
        try:
            return self._binary(op, left, right)
        except PSError as exc:
            raise PSError(exc.record.with_position(_span(self.source, e.span))) from None

    def _binary(self, op: str, left: Any, right: Any) -> Any:
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
                self.runspace.variables.set("Matches", matches)
            return result
        return ops.compare(op, left, right)

    async def _eval_UnaryOp(self, e: ast.UnaryOp) -> Any:
        value = await self.eval(e.operand)
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
                                  position=_span(self.source, e.span)))

    async def _eval_TypeLiteral(self, e: ast.TypeLiteral) -> Any:
        return e.name

    async def _eval_Cast(self, e: ast.Cast) -> Any:
        value = await self.eval(e.operand)
        return cast_value(e.type.name, value, _span(self.source, e.span))


# ====================================================================== helpers


async def _peek(stream: AsyncIterator[Any]) -> tuple[AsyncIterator[Any], Any]:
    """Take the first item of a stream (MISSING if empty) and give back the whole stream."""
    try:
        first = await stream.__anext__()
    except StopAsyncIteration:
        async def empty() -> AsyncIterator[Any]:
            return
            yield  # pragma: no cover

        return empty(), MISSING

    async def chained() -> AsyncIterator[Any]:
        yield first
        async for item in stream:
            yield item

    return chained(), first


async def _attributed(stream: AsyncIterator[Any], command: str) -> AsyncIterator[Any]:
    """A cmdlet's output; a terminating error from below it is shown as the cmdlet's
    (``Invoke-Command: One or more computer names are not valid…``)."""
    try:
        async for item in stream:
            yield item
    except PSError as exc:
        raise PSError(exc.record.with_command(command)) from None


@functools.lru_cache(maxsize=256)
def _parse_block(is_ours: Callable[[str], bool], source: str, start: int, end: int,
                 powershell_only: bool) -> ast.Script:
    """Parse a block body once: the same block runs again for every pipeline object
    (Where-Object) and every time a cell invokes it (Invoke-Command in a loop)."""
    if powershell_only:
        return parse(source, is_ours=lambda _word: True, start=start, end=end)
    return parse(source, is_ours=is_ours, start=start, end=end)


def _drain(errors: list[ErrorRecord]) -> list[ErrorRecord]:
    taken = list(errors)
    errors.clear()
    return taken


def _shell_word(value: Any, expr: ast.Expr) -> str:
    """A native command argument: bare words as written (globs expand), values quoted."""
    if isinstance(expr, ast.StringLiteral) and not expr.quoted and _SAFE_BARE.match(expr.value):
        return expr.value
    if isinstance(value, list):
        return " ".join(shlex.quote(ops.to_string(v)) for v in value)
    return shlex.quote(ops.to_string(value))
