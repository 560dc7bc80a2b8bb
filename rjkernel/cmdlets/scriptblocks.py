"""Invoke-Expression and Measure-Command: PowerShell text or a block run here and now,
in the scope of the statement (as PowerShell dot-sources them), through the same
evaluation Where-Object and ForEach-Object use (``CmdletContext.invoke_block``).
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

from rjkernel.cmdlets.base import Invocation, implements
from rjkernel.cmdlets.items import pipeline_values
from rjkernel.values import operators as ops
from rjkernel.values.objects import ScriptBlockValue


@implements("Invoke-Expression")
async def invoke_expression(inv: Invocation) -> AsyncIterator[Any]:
    """Each command string's output, the string read as PowerShell."""
    for command in await pipeline_values(inv, "Command"):
        text = ops.to_string(command)
        for item in await inv.context.invoke_block(ScriptBlockValue(text, text, 0)):
            yield item


@implements("Measure-Command")
async def measure_command(inv: Invocation) -> AsyncIterator[Any]:
    """How long the block took (a TimeSpan); its output is discarded, as PowerShell's."""
    block = inv.get("Expression")
    inputs = await pipeline_values(inv, "InputObject") if inv.input is not None else [None]
    started = time.perf_counter()
    for item in inputs:
        await inv.context.invoke_block(block, underscore=item)
    yield timedelta(seconds=time.perf_counter() - started)
