"""Redirection (``>``, ``>>``, ``2>``) and ``Out-File``: output written as text where the
statement runs.

Items are formatted as Out-Default would show them (``display.outdefault``) and written
by the runspace's place — a file on this machine, or on the host of an entered session
or ``Invoke-Command -Session`` block.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from rjkernel.display.outdefault import format_for_file
from rjkernel.errors import ErrorRecord, PSError
from rjkernel.runspace.runspace import Runspace


async def write_output_file(
    runspace: Runspace, path: str, items: AsyncIterator[Any], *, append: bool
) -> None:
    """Format ``items`` as text and write them to ``path`` at ``runspace``'s place."""

    try:
        await runspace.place.write_file(path, format_for_file(items), append)
    except PSError:
        raise
    except OSError as exc:
        raise PSError(ErrorRecord(
            message=f"Could not write '{path}': {exc.strerror or exc}.",
            error_id="FileOpenFailure", category="OpenError", target=path,
        )) from None
