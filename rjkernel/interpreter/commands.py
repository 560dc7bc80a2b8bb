"""Which command a word names, and so whether a line is ours or the shell's."""

from __future__ import annotations

from rjkernel.cmdlets import catalog
from rjkernel.cmdlets.signature import CmdletSpec


def resolve_command(word: str) -> CmdletSpec | None:
    """The cmdlet a command word names (``exit`` is Exit-PSSession), or None (native)."""
    if word.lower() == "exit":
        return catalog.resolve("Exit-PSSession")
    return catalog.resolve(word)


def is_ours(word: str) -> bool:
    """Whether a command word starts a line of ours (the parser's line rule)."""
    return resolve_command(word) is not None
