"""Asking a runspace's machine about its files (the item cmdlets' one way in).

``fs_probe.py`` answers; this module carries the request there. On this machine it is a
call in a thread, against the shell's directory. On an SSH host it is the probe's source
run by the host's ``python3`` in the session's persistent shell — the shell the user's
lines run in, so relative paths and ``~`` mean what they mean there — with the request
as one quoted argument; nothing to install, and no job agent needed. A remote answer
that is not the probe's JSON (no ``python3``, a broken shell) is a PowerShell error
naming the host, never a silent local answer.
"""

from __future__ import annotations

import asyncio
import json
import os
import shlex
from pathlib import Path
from typing import Any

from rjkernel.errors import ErrorRecord, PSError
from rjkernel.runspace import fs_probe
from rjkernel.runspace.runspace import Place

_PROBE_SOURCE = Path(fs_probe.__file__).read_text(encoding="utf-8")


async def ask(place: Place, request: dict[str, Any]) -> list[dict[str, Any]]:
    """One result per path of ``request`` (see ``fs_probe``), from ``place``'s machine."""
    if not place.over_ssh:
        local = {**request, "cwd": place.cwd or os.getcwd()}
        answer = await asyncio.to_thread(fs_probe.answer, local)
        return list(answer["results"])
    out: list[bytes] = []
    err: list[bytes] = []
    command = (f"python3 -I -S -c {shlex.quote(_PROBE_SOURCE)} "
               f"{shlex.quote(json.dumps(request))}")
    status = await place.run_shell(command, out.append, err.append)
    try:
        if status != 0:
            raise ValueError
        return list(json.loads(b"".join(out))["results"])
    except (ValueError, KeyError, TypeError):
        detail = b"".join(err).decode("utf-8", "replace").strip() or f"exit status {status}"
        raise PSError(ErrorRecord(
            message=f"[{place.computer_name}] Could not read the host's file system: "
                    f"{detail}. The file cmdlets (Get-ChildItem, Test-Path, New-Item …) "
                    "need python3 on the host.",
            error_id="RemoteFileSystemUnavailable", category="ResourceUnavailable",
            computer=place.computer_name,
        )) from None
