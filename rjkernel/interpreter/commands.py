"""Which command a word names, and so whether a line is ours or the shell's; what
binding a command's arguments needs (the converters, a peek at its input).

:func:`is_ours` (through :func:`router`, with the runspace's functions) is the parser's
one question about command words (the line rule's "a command the runspace knows");
:func:`command_not_found` is PowerShell's answer to a ``Verb-Noun`` word that names
nothing: CommandNotFoundException, with the nearest known command as a suggestion.
"""

from __future__ import annotations

import functools
from collections import ChainMap
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any

from rjkernel.cmdlets import catalog
from rjkernel.cmdlets.base import CONVERTERS
from rjkernel.cmdlets.signature import CmdletSpec
from rjkernel.errors import ErrorRecord, PSError, SourceSpan
from rjkernel.runspace.variables import Variables
from rjkernel.values.conversion import default_converters
from rjkernel.values.objects import MISSING

_NOT_FOUND = (
    "The term '{0}' is not recognized as a name of a cmdlet, function, script file, or "
    "executable program.\nCheck the spelling of the name, or if a path was included, "
    "verify that the path is correct and try again."
)

# Parameter types the binder converts to: the value model's, and those cmdlet families
# register (Job, PSSession) as their modules load.
BINDER_CONVERTERS = ChainMap(CONVERTERS, default_converters())


def resolve_command(word: str) -> CmdletSpec | None:
    """The cmdlet a command word names (``exit`` is Exit-PSSession), or None (native)."""
    if word.lower() == "exit":
        return catalog.resolve("Exit-PSSession")
    return catalog.resolve(word)


def is_ours(word: str) -> bool:
    """Whether a command word starts a line of ours (the parser's line rule)."""
    return resolve_command(word) is not None


def resolve_alias(scope: Variables, name: str) -> str | None:
    """The command a user alias (Set-Alias) stands for, through aliases of aliases; None
    when ``name`` is no user alias. A loop is an error, as in PowerShell."""
    target = scope.alias(name)
    seen = [name]
    while target is not None:
        if target.lower() in (s.lower() for s in seen):
            raise PSError(ErrorRecord(
                message=f"The alias '{name}' refers to itself: {' -> '.join([*seen, target])}."
                        " Remove one of them with Remove-Alias.",
                error_id="AliasLoop", category="InvalidOperation", target=name))
        seen.append(target)
        further = scope.alias(target)
        if further is None:
            return target
        target = further
    return None


@functools.lru_cache(maxsize=64)
def router(functions: frozenset[str]) -> Callable[[str], bool]:
    """The parser's line rule for a runspace whose user functions and aliases are
    ``functions`` (lower-cased): a cmdlet, a built-in alias or one of them. One callable
    per set of names, so parses cached by it stay valid until one is defined."""
    if not functions:
        return is_ours
    return lambda word: word.lower() in functions or is_ours(word)


def command_not_found(name: str, position: SourceSpan | None,
                      functions: Iterable[str] = ()) -> PSError:
    """PowerShell's CommandNotFoundException for ``name``, suggesting the known command
    — a cmdlet or one of ``functions`` — nearest to it by edit distance (``Get-Jobb`` →
    "Did you mean Get-Job?")."""
    suggestion = nearest_command(name, functions)
    return PSError(ErrorRecord(
        message=_NOT_FOUND.format(name),
        error_id="CommandNotFoundException", category="ObjectNotFound", command=name,
        target=name, position=position,
        exception="System.Management.Automation.CommandNotFoundException",
        recommended_action=f"Did you mean {suggestion}?" if suggestion else None,
    ))


def nearest_command(name: str, functions: Iterable[str] = ()) -> str | None:
    """The cmdlet or function name closest to ``name`` (case-insensitive edit distance),
    if it is close enough to be a typo: at most a third of the name's letters differ."""
    low = name.lower()
    best: tuple[int, str] | None = None
    for candidate in (*(spec.name for spec in catalog.CATALOG.values()), *functions):
        distance = edit_distance(low, candidate.lower())
        if best is None or (distance, candidate) < best:
            best = (distance, candidate)
    if best is None or best[0] > max(1, len(name) // 3):
        return None
    return best[1]


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, with a swap of two neighbours counting as one edit."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


async def peek(stream: AsyncIterator[Any]) -> tuple[AsyncIterator[Any], Any]:
    """Take the first item of a stream (MISSING if empty) and give back the whole stream."""
    try:
        first = await stream.__anext__()
    except StopAsyncIteration:
        async def empty() -> AsyncIterator[Any]:
            return
            yield  # pragma: no cover

        return empty(), MISSING

    async def chained() -> AsyncIterator[Any]:
        yield first
        async for item in stream:
            yield item

    return chained(), first
