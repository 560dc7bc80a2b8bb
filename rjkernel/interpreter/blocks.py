"""Script blocks the interpreter runs itself (rather than handing to a shell).

A block is kept as text with its place in its cell (``ScriptBlockValue``); running it
parses that text in place, by the cell's line rule, so errors point into the cell. A
parse is cached: the same block runs again for every pipeline object (Where-Object)
and every time a cell invokes it (Invoke-Command in a loop).

- :func:`invoke_block`: here, now, with ``$_`` (Where-Object, ForEach-Object,
  calculated properties), capturing output.
- :func:`block_outputs`: in a runspace on the caller's behalf (Invoke-Command), with
  ``$using:``, ``-ArgumentList`` and ``-InputObject``, streaming output.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

from rjkernel.errors import ErrorRecord
from rjkernel.interpreter.commands import router
from rjkernel.interpreter.evaluator import Evaluator
from rjkernel.interpreter.signals import ExitSignal, ReturnSignal, ScriptHalted
from rjkernel.interpreter.sinks import STATEMENT_END, ListSink
from rjkernel.language import ast
from rjkernel.language.parser import parse_cached
from rjkernel.runspace.runspace import Runspace
from rjkernel.values.objects import MISSING, ScriptBlockValue


def _everything_ours(_word: str) -> bool:
    return True


def parse_block(block: ScriptBlockValue, *, powershell_only: bool = False,
                functions: frozenset[str] = frozenset()) -> ast.Script:
    """A block's statements: by the cell's line rule (shell lines and ours; ``functions``
    are the user functions it may call), or — ``powershell_only`` — every line as
    PowerShell (other commands are native)."""
    rule = _everything_ours if powershell_only else router(functions)
    return parse_cached(block.source, rule, block.start, block.end)


def scope_functions(ev: Evaluator) -> frozenset[str]:
    """The names of the user functions and aliases visible to ``ev`` (for the line
    rule)."""
    return ev.scope.command_names()


async def invoke_block(
    ev: Evaluator, block: ScriptBlockValue, *, underscore: Any = MISSING,
    args: Sequence[Any] = (),
) -> list[Any]:
    """Run a block here as PowerShell (Where-Object, ForEach-Object, calculated
    properties), capturing output. Its lines are PowerShell, as in PowerShell:
    ``{ "$($_.Name): ok" }`` is a string, not a shell line."""
    script = parse_block(block, powershell_only=True)
    runner = Evaluator(ev.runspaces, ev.runspace, ev.host, source=block.source,
                       cell=ev.cell, caller=ev.caller, args=args, scope=ev.scope)
    runner.underscore = [*ev.underscore]
    if underscore is not MISSING:
        runner.underscore.append(underscore)
    sink = ListSink()
    try:
        for stmt in script.statements:
            async for obj in runner.statement_stream(stmt):
                await sink.emit(obj)
    except ReturnSignal:  # 'return' ends the block for this object (about_Return)
        pass
    await sink.close()
    return sink.items


async def block_outputs(
    ev: Evaluator, runspace: Runspace, block: ScriptBlockValue, *,
    args: Sequence[Any] = (), input_lines: list[str] | None = None,
    remote_errors: Callable[[ErrorRecord], None] | None = None,
) -> AsyncIterator[Any]:
    """Evaluate a block's statements in a runspace (Invoke-Command), yielding their
    output: shell lines go to that runspace's shell, our statements run there as if
    typed in it. A block run remotely is given ``remote_errors``: a terminating error
    it does not catch goes there (see ``Evaluator.remote_errors``), and its ``exit``
    ends only the block."""
    child = ev.child(runspace, source=block.source, args=args)
    script = parse_block(block, functions=scope_functions(child))
    child.input_lines = input_lines
    child.remote_errors = remote_errors
    try:
        async for obj in child.outputs(script.statements):
            if obj is not STATEMENT_END:
                yield obj
    except ScriptHalted:  # shown already; Invoke-Command goes on (ps-semantics §4)
        return
    except ExitSignal:
        if remote_errors is None:
            raise
