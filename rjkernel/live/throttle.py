"""Coalescing bursts of changes into a few refreshes a second.

A live table hears about every change of every job it shows — a thousand jobs changing
state at once are a thousand calls. Each call only *pokes* a :class:`Throttle`; the
throttle runs its flush once, on its event loop, no sooner than ``interval`` seconds
after the previous flush. So the frontend receives at most ``1 / interval`` refreshes a
second per display, each carrying the latest state, whatever the rate of changes.

Rules:

* everything runs on the loop the throttle was created on (the kernel's main loop:
  traitlets and comm sends are not thread-safe); a poke from another thread is handed
  to that loop with ``call_soon_threadsafe``;
* the first change after a quiet period is flushed after :data:`SETTLE` (30 ms), so the
  changes of one event — a job's last output and its end — go out together instead of
  the second waiting a whole interval; later ones wait for the interval to pass —
  counted from the end of the previous flush, and
  at least :data:`COST_FACTOR` times as long as that flush took, so rendering a table of
  thousands of rows never takes more than a quarter of the loop's time;
* :meth:`flush_now` runs a pending flush immediately (the end of a cell, so what
  happened during it is parented to it); :meth:`cancel` drops it.
"""

from __future__ import annotations

import asyncio
import math
import threading
from collections.abc import Callable

COST_FACTOR = 3.0
SETTLE = 0.03  # seconds


class Throttle:
    def __init__(self, flush: Callable[[], None], interval: float,
                 loop: asyncio.AbstractEventLoop | None = None, settle: float = SETTLE) -> None:
        self.interval = interval
        self.settle = min(settle, interval)
        self.flushes = 0
        self._flush = flush
        self._loop = loop or asyncio.get_running_loop()
        self._thread = threading.get_ident()
        self._handle: asyncio.TimerHandle | None = None
        self._next = -math.inf  # the loop time before which no flush starts

    @property
    def pending(self) -> bool:
        return self._handle is not None

    def poke(self) -> None:
        """Something changed: make sure a flush is scheduled."""
        if threading.get_ident() != self._thread:
            self._loop.call_soon_threadsafe(self.poke)
            return
        if self._handle is not None:
            return
        delay = max(self.settle, self._next - self._loop.time())
        self._handle = self._loop.call_later(delay, self._fire)

    def flush_now(self) -> None:
        """Run a pending flush now (nothing happens when none is pending)."""
        if self._handle is not None:
            self._handle.cancel()
            self._fire()

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def _fire(self) -> None:
        self._handle = None
        self.flushes += 1
        started = self._loop.time()
        try:
            self._flush()
        finally:
            ended = self._loop.time()
            self._next = ended + max(self.interval, COST_FACTOR * (ended - started))
