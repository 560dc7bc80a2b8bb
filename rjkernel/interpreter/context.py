"""The interpreter's side of :class:`~rjkernel.cmdlets.context.CmdletContext`: what a
cmdlet invoked by a statement may reach, bound to the evaluator running it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

from rjkernel.errors import ErrorRecord
from rjkernel.interpreter import blocks, expressions
from rjkernel.interpreter.evaluator import Evaluator
from rjkernel.interpreter.shell_text import substitute_using
from rjkernel.runspace.host import Host
from rjkernel.runspace.runspace import Runspace
from rjkernel.runspace.runspaces import Runspaces
from rjkernel.runspace.variables import Variables
from rjkernel.values.objects import MISSING, ScriptBlockValue


class EvaluationContext:
    def __init__(self, evaluator: Evaluator) -> None:
        self._ev = evaluator

    @property
    def runspace(self) -> Runspace:
        return self._ev.runspace

    @property
    def function_name(self) -> str:
        return self._ev.function_name

    @property
    def variables(self) -> Variables:
        return self._ev.scope

    @property
    def host(self) -> Host:
        return self._ev.host

    @property
    def runspaces(self) -> Runspaces:
        return self._ev.runspaces

    def record_error(self, record: ErrorRecord, *, show: bool = True) -> None:
        self._ev.record_error(record, show=show)

    async def invoke_block(
        self, block: ScriptBlockValue, *, underscore: Any = MISSING, args: Sequence[Any] = ()
    ) -> list[Any]:
        return await blocks.invoke_block(self._ev, block, underscore=underscore, args=args)

    def block_outputs(
        self, runspace: Runspace, block: ScriptBlockValue, *, args: Sequence[Any] = (),
        input_lines: list[str] | None = None,
        remote_errors: Callable[[ErrorRecord], None] | None = None,
    ) -> AsyncIterator[Any]:
        return blocks.block_outputs(self._ev, runspace, block, args=args,
                                    input_lines=input_lines, remote_errors=remote_errors)

    async def member(self, target: Any, name: str) -> Any:
        return await expressions.member(target, name)

    def shell_text(self, text: str) -> str:
        return substitute_using(text, (self._ev.caller or self._ev).lookup)
