"""A timeout on an await that never loses the caller's cancellation.

``asyncio.wait_for`` before Python 3.12 returns the awaited result when that result
arrives in the same loop iteration as a cancel of the caller (CPython gh-86296): the
cancel is dropped. A kernel interrupt is such a cancel, so a cell in ``Receive-Job
-Wait`` whose agent reply landed just then lost its interrupt and waited until the job
ended. ``asyncio.wait`` never swallows the caller's cancellation; this wraps it with
wait_for's other behaviour (the inner awaitable is cancelled and awaited on timeout or
cancellation; ``asyncio.TimeoutError`` on timeout).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

T = TypeVar("T")


async def within(awaitable: Awaitable[T], timeout: float | None) -> T:
    """``await awaitable``, raising ``asyncio.TimeoutError`` after ``timeout`` seconds."""
    inner = asyncio.ensure_future(awaitable)
    try:
        done, _ = await asyncio.wait({inner}, timeout=timeout)
    finally:
        if not inner.done():
            inner.cancel()
            await asyncio.wait({inner})
    if not done:
        raise asyncio.TimeoutError
    return inner.result()
