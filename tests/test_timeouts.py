"""``within``: a timeout on an await that keeps the caller's cancellation (an interrupt)
even when the awaited thing finishes in the same loop iteration as the cancel — the
case where Python 3.11's ``asyncio.wait_for`` returned the result and dropped it."""

from __future__ import annotations

import asyncio

import pytest

from rjkernel.timeouts import within


async def _cancel_as_it_completes() -> bool:
    """True if the waiter went on after a cancel that raced its event."""
    event = asyncio.Event()
    went_on = asyncio.Event()

    async def waiter() -> None:
        await within(event.wait(), 10)
        went_on.set()

    task = asyncio.ensure_future(waiter())
    await asyncio.sleep(0)  # the waiter is waiting
    event.set()
    for _ in range(3):  # the event's callbacks ran; the task's wake-up is queued
        await asyncio.sleep(0)
        task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    return went_on.is_set()


def test_a_cancel_racing_completion_is_kept() -> None:
    assert not asyncio.run(_cancel_as_it_completes())


def test_timeout_and_result() -> None:
    async def main() -> tuple[str, bool]:
        result = await within(asyncio.sleep(0, "done"), 1)
        never = asyncio.Event()
        try:
            await within(never.wait(), 0.01)
        except asyncio.TimeoutError:
            return result, True
        return result, False

    assert asyncio.run(main()) == ("done", True)
