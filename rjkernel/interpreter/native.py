"""Native commands: what the interpreter hands to the runspace's shell.

- Shell text (a chunk of shell lines, a native command line) runs in the runspace's
  persistent shell; stdout streams back as text chunks, stderr goes straight to the
  host (text for people, not an error record: PowerShell 7.2+ no longer fails a
  statement on native stderr), the exit status sets ``$LASTEXITCODE`` and ``$?``; with
  ``$PSNativeCommandUseErrorActionPreference`` on, a non-zero one is also an error.
- A native command inside PowerShell (``Get-Job; ls -l``, ``$x = hostname``) has its
  arguments evaluated here and quoted; bare words are passed as written, so globs
  still expand.
- ``$env:NAME`` reads and writes the shell's environment.
- A script block's shell lines run for a caller get its ``$using:`` values and
  ``-ArgumentList`` (``$1 $2 …``), and ``-InputObject`` as stdin.
"""

from __future__ import annotations

import asyncio
import codecs
import re
import shlex
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

from rjkernel.errors import ErrorRecord, PSError
from rjkernel.interpreter.commands import command_not_found
from rjkernel.interpreter.evaluator import Evaluator
from rjkernel.interpreter.shell_text import shell_word, substitute_using, with_arguments
from rjkernel.interpreter.sinks import ListSink
from rjkernel.language import ast
from rjkernel.transport.shell_text import with_stdin
from rjkernel.values import operators as ops
from rjkernel.values.decoding import OutputDecoder
from rjkernel.values.objects import TextChunk
from rjkernel.values.system import PlaceQuery
from rjkernel.values.verbs import is_verb_noun

_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_PROGRAM = re.compile(r"[^\s;|&()<>]+")  # the first word of a command line


async def shell_stream(ev: Evaluator, text: str) -> AsyncIterator[TextChunk]:
    """Run shell text in the runspace's shell, yielding stdout as it arrives."""
    queue: asyncio.Queue[TextChunk | None] = asyncio.Queue()
    out_dec = OutputDecoder()
    err_dec = codecs.getincrementaldecoder("utf-8")("replace")

    def on_stdout(data: bytes) -> None:
        text, raw = out_dec.decode(data)
        if text:
            queue.put_nowait(TextChunk(text, data=raw))

    def on_stderr(data: bytes) -> None:
        text = err_dec.decode(data)
        if text:
            ev.host.write_text(text, "stderr")

    place = ev.runspace.place
    task = asyncio.ensure_future(place.run_shell(text, on_stdout, on_stderr))
    task.add_done_callback(lambda _: queue.put_nowait(None))
    try:
        while True:
            item = await queue.get()
            if item is None:
                break
            yield item
        status = await task
    except BaseException:
        if not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        raise
    tail, raw = out_dec.decode(b"", final=True)
    if tail:
        yield TextChunk(tail, data=raw)
    ev.runspace.variables.set("LASTEXITCODE", status)
    if status != 0:
        ev.failed()
        if ops.is_true(ev.lookup("PSNativeCommandUseErrorActionPreference")):
            _exit_error(ev, text, status)


def _exit_error(ev: Evaluator, text: str, status: int) -> None:
    """PowerShell 7.3+'s NativeCommandExitException when
    ``$PSNativeCommandUseErrorActionPreference`` is on: an error subject to
    ``$ErrorActionPreference`` (Stop makes it terminating, so ``try`` sees it)."""
    match = _PROGRAM.search(text)
    program = match.group() if match else text.strip()
    record = ErrorRecord(
        message=f'Program "{program}" ended with non-zero exit code: {status} '
        f"(0x{status:02X}).",
        error_id="ProgramExitedWithNonZeroCode", category="NotSpecified", command=program,
        target=program, exception="System.Management.Automation.NativeCommandExitException")
    action = ops.to_string(ev.lookup("ErrorActionPreference") or "Continue").lower()
    if action == "stop":
        raise PSError(replace(record, stopped=True))
    if action != "ignore":
        ev.record_error(record, show=action != "silentlycontinue")


async def native_stream(
    ev: Evaluator, cmd: ast.Command, upstream: AsyncIterator[Any] | None
) -> AsyncIterator[TextChunk]:
    """A native command of a PowerShell pipeline, run by the shell; an approved-verb
    ``Verb-Noun`` name is PowerShell's, so naming nothing it is CommandNotFound."""
    if is_verb_noun(cmd.name):
        functions = (function.name for function in ev.scope.functions().values())
        raise command_not_found(cmd.name, ev.span(cmd.span), functions)
    if upstream is not None:
        raise PSError(ErrorRecord(
            message=f"Piping objects into the native command '{cmd.name}' is not supported "
            "by rjkernel. Write them to a file first (Out-File), or run the whole "
            "pipeline as shell lines.",
            error_id="NativePipelineInputNotSupported", category="NotImplemented",
            position=ev.span(cmd.span),
        ))
    line = await native_command_line(ev, cmd)
    async for chunk in shell_stream(ev, line):
        yield chunk


async def native_command_line(ev: Evaluator, cmd: ast.Command) -> str:
    """The shell command line for a native command: our values quoted, bare words as is."""
    words = [cmd.name]
    for el in cmd.elements:
        if isinstance(el, ast.Parameter):
            word = "-" + el.name
            if el.colon and el.argument is not None:
                word += ":" + shell_word(await ev.eval(el.argument), el.argument)
            words.append(word)
        elif isinstance(el, ast.Argument):
            words.append(shell_word(await ev.eval(el.value), el.value))
        else:
            for value in ops.to_list(ev.lookup(el.name)):
                words.append(shlex.quote(ops.to_string(value)))
    return " ".join(words)


def block_shell_text(ev: Evaluator, text: str) -> str:
    """Shell lines of a script block run for a caller: ``$using:`` values filled in,
    ``-ArgumentList`` values as ``$1 $2 …``, ``-InputObject`` as stdin. A cell's own
    shell lines (a statement body's included) take ``$using:name`` from the cell."""
    if ev.caller is None:
        return substitute_using(text, ev.lookup)
    text = with_arguments(substitute_using(text, ev.caller.lookup), ev.args)
    return text if ev.input_lines is None else with_stdin(text, ev.input_lines)


async def background_job(ev: Evaluator, text: str) -> AsyncIterator[Any]:
    """``cmd &``: PowerShell 6+ makes it a job (ps-semantics §1.1). A one-line shell
    command ending in ``&`` becomes a job too, rather than a shell background process
    whose output nobody would ever see."""
    text = text.strip()
    yield await ev.runspace.start_job(command=block_shell_text(ev, text),
                                      display_command=text)


async def get_env(ev: Evaluator, name: str) -> Any:
    """``$env:NAME``: the shell's environment variable, ``$null`` when unset or empty."""
    if not _ENV_NAME.match(name):
        return None
    sink = ListSink()
    async for chunk in shell_stream(ev, f'printf "%s" "${{{name}-}}"'):
        await sink.emit(chunk)
    await sink.close()
    return "\n".join(sink.items) or None


async def place_query(ev: Evaluator, query: PlaceQuery) -> Any:
    """A static member read where the statement runs (``[Environment]::MachineName``):
    its shell command's output, parsed."""
    sink = ListSink()
    async for chunk in shell_stream(ev, query.command):
        await sink.emit(chunk)
    await sink.close()
    return query.parse("\n".join(sink.items))


async def set_env(ev: Evaluator, name: str, value: Any) -> None:
    """``$env:NAME = value`` (``$null`` unsets), exported by the shell."""
    if not _ENV_NAME.match(name):
        raise PSError(ErrorRecord(
            message=f"Cannot set environment variable '{name}': not a valid name.",
            error_id="InvalidEnvironmentVariableName", category="InvalidArgument",
        ))
    quoted = shlex.quote(ops.to_string(value))
    text = f"unset {name}" if value is None else f"export {name}={quoted}"
    async for _ in shell_stream(ev, text):
        pass
