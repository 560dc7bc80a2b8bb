"""Shell command text that rjkernel builds around a user's script block.

The block itself is the user's shell code; everything rjkernel adds — arguments, input
lines — is quoted with :func:`shlex.quote` or passed as a quoted variable, so no value
ever becomes syntax.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence


def shell_command(block: str, args: Sequence[str]) -> str:
    """The exec request's command: the block as ``sh -c`` text, arguments as ``$1 $2 …``."""
    return " ".join(["exec", "sh", "-c", shlex.quote(block), "rjkernel",
                     *(shlex.quote(a) for a in args)])


def with_stdin(text: str, lines: Sequence[str]) -> str:
    """Shell text whose standard input is ``lines`` (``-InputObject``), one per line.

    The lines travel as a shell variable assigned a quoted value, so no input can become
    syntax; the text runs in a brace group reading it through a pipe (a subshell, so a
    ``cd`` inside does not outlive the command — as for any piped command).
    """
    data = "".join(line + "\n" for line in lines)
    return f"__rj_input={shlex.quote(data)}\nprintf '%s' \"$__rj_input\" | {{\n{text}\n}}"
