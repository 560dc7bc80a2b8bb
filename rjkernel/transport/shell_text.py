"""Shell command text that rjkernel builds around a user's script block.

The block itself is the user's shell code; everything rjkernel adds — arguments, input
lines — is quoted with :func:`shlex.quote` or passed as a quoted variable, so no value
ever becomes syntax.

No shell text, argument or directory may hold a NUL character: the operating system
passes command lines as C strings, so NUL cannot be sent, quoted or not. Every way text
leaves for a shell — the persistent shell, an exec channel, a job agent — checks with
:func:`refuse_nul`, and the failure is a PowerShell error that says where the NUL is.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Sequence

from rjkernel.errors import ErrorRecord

_CONTEXT = 24  # characters shown before the NUL


class NulInShellText(ValueError):
    """Shell text holding a NUL character; ``where`` says where, for the user."""

    def __init__(self, where: str) -> None:
        self.where = where
        super().__init__(f"shell text contains a NUL character {where}")

    @classmethod
    def in_text(cls, text: str) -> NulInShellText:
        """The error for ``text``, located by the characters before its first NUL."""
        at = text.index("\0")
        before = text[max(text.rfind("\n", 0, at) + 1, at - _CONTEXT):at].lstrip()
        return cls(f'after "{before}"' if before else "at the start of a line")

    def as_error_record(self) -> ErrorRecord:
        return ErrorRecord(
            message="Cannot run the command because its text contains a NUL character "
            f"(`0) {self.where}. No shell command, argument, job name or directory can "
            "carry NUL. Remove the character; to pass binary data, write it to a file "
            "and give the command the file's name.",
            error_id="NulCharacterInShellCommand", category="InvalidArgument",
        )


def refuse_nul(texts: Iterable[str | None]) -> None:
    """Raise :class:`NulInShellText` if any of ``texts`` holds a NUL character."""
    for text in texts:
        if text is not None and "\0" in text:
            raise NulInShellText.in_text(text)


def shell_command(block: str, args: Sequence[str]) -> str:
    """The exec request's command: the block as ``sh -c`` text, arguments as ``$1 $2 …``."""
    refuse_nul([block, *args])
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
