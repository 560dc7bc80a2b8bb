"""Which command a word names, and so whether a line is ours or the shell's; what
binding a command's arguments needs (the converters, a peek at its input)."""

from __future__ import annotations

import functools
from collections import ChainMap
from collections.abc import AsyncIterator, Callable
from typing import Any

from rjkernel.cmdlets import catalog
from rjkernel.cmdlets.base import CONVERTERS
from rjkernel.cmdlets.signature import CmdletSpec
from rjkernel.values.conversion import default_converters
from rjkernel.values.objects import MISSING

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


@functools.lru_cache(maxsize=64)
def router(functions: frozenset[str]) -> Callable[[str], bool]:
    """The parser's line rule for a runspace whose user functions are ``functions``
    (lower-cased): a cmdlet, an alias or one of them. One callable per set of names, so
    parses cached by it stay valid until a function is defined."""
    if not functions:
        return is_ours
    return lambda word: word.lower() in functions or is_ours(word)


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
