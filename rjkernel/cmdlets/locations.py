"""Get-Location, Set-Location, Push-Location and Pop-Location: the current directory is
the runspace's shell's (``cd`` is the shell's word), so these read it and move it there
— on the remote host in an entered session — and ``$PWD``, relative paths of the item
cmdlets and the next shell line all agree. Push-Location keeps its stack per runspace.
"""

from __future__ import annotations

import shlex
from collections.abc import AsyncIterator
from typing import Any

from rjkernel.cmdlets.base import Invocation, implements
from rjkernel.cmdlets.items import PathInfo, pipeline_values
from rjkernel.runspace.files import checked_path, provider_path, resolved_path
from rjkernel.values import operators as ops


def current(inv: Invocation) -> str:
    return inv.runspace.place.cwd or inv.runspace.home


async def change_directory(inv: Invocation, path: str) -> bool:
    """``cd`` in the runspace's shell, and whether it went; when there is no such
    directory, PowerShell's (non-terminating) error. ``~`` is the shell user's home."""
    checked_path(path)
    if path == "~" or path.startswith("~/"):
        target = '"$HOME"' + (shlex.quote(path[1:]) if len(path) > 1 else "")
    else:
        target = shlex.quote(path)
    here = current(inv)
    status = await inv.runspace.place.run_shell(f"cd -- {target}", _ignore, _ignore)
    if status != 0:
        full = resolved_path(path, here, inv.runspace.home)
        inv.write_error(inv.error_record(
            f"Cannot find path '{full}' because it does not exist.", "PathNotFound",
            "ObjectNotFound", target=full,
            exception="System.Management.Automation.ItemNotFoundException"))
    return status == 0


def _ignore(_data: bytes) -> None:
    """The shell's own words about a failed cd: PowerShell's error says it instead."""


async def _target(inv: Invocation) -> str:
    given = await pipeline_values(inv, "LiteralPath" if inv.has("LiteralPath") else "Path")
    return provider_path(ops.to_string(given[0])) if given else "~"


@implements("Get-Location")
async def get_location(inv: Invocation) -> AsyncIterator[Any]:
    yield PathInfo(current(inv))


@implements("Set-Location")
async def set_location(inv: Invocation) -> AsyncIterator[Any]:
    if await change_directory(inv, await _target(inv)) and inv.switch("PassThru"):
        yield PathInfo(current(inv))


@implements("Push-Location")
async def push_location(inv: Invocation) -> AsyncIterator[Any]:
    here = current(inv)
    moves = inv.has("Path") or inv.has("LiteralPath") or inv.input is not None
    if moves and not await change_directory(inv, await _target(inv)):
        return
    inv.runspace.locations.append(here)
    if inv.switch("PassThru"):
        yield PathInfo(here)


@implements("Pop-Location")
async def pop_location(inv: Invocation) -> AsyncIterator[Any]:
    """Back to the directory last pushed; with nothing pushed, nothing happens."""
    stack = inv.runspace.locations
    if not stack:
        return
    if await change_directory(inv, stack.pop()) and inv.switch("PassThru"):
        yield PathInfo(current(inv))
