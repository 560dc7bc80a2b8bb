"""``System.Diagnostics.Stopwatch``: how runbooks time a step
(``$sw = [Diagnostics.Stopwatch]::StartNew(); …; $sw.Elapsed.TotalSeconds``).

Elapsed time is read from the monotonic clock of the kernel's process, where the cell's
statements are evaluated. Reference: learn.microsoft.com, System.Diagnostics.Stopwatch.
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from rjkernel.values import dates, numbers, types
from rjkernel.values.membertable import (
    StaticMembers,
    TypeMembers,
    register_members,
    register_statics,
)


class Stopwatch:
    """Accumulated time, plus the running interval when started."""

    type_names = ("System.Diagnostics.Stopwatch", "System.Object")

    def __init__(self) -> None:
        self.total = 0.0
        self.started: float | None = None

    def start(self) -> None:
        if self.started is None:
            self.started = time.monotonic()

    def stop(self) -> None:
        if self.started is not None:
            self.total += time.monotonic() - self.started
            self.started = None

    def reset(self) -> None:
        self.total, self.started = 0.0, None

    def restart(self) -> None:
        self.total, self.started = 0.0, time.monotonic()

    @property
    def seconds(self) -> float:
        running = time.monotonic() - self.started if self.started is not None else 0.0
        return self.total + running

    def elapsed(self) -> timedelta:
        return timedelta(seconds=self.seconds)

    def ps_properties(self) -> dict[str, Any]:
        elapsed = self.elapsed()
        return {"IsRunning": self.started is not None, "Elapsed": elapsed,
                "ElapsedMilliseconds": numbers.Int64(int(self.seconds * 1000)),
                "ElapsedTicks": numbers.Int64(int(self.seconds * dates.TICKS_PER_SECOND))}


def _started() -> Stopwatch:
    watch = Stopwatch()
    watch.start()
    return watch


register_members(Stopwatch, TypeMembers(
    properties={},
    methods={
        "Start": (Stopwatch.start, "void Start()"),
        "Stop": (Stopwatch.stop, "void Stop()"),
        "Reset": (Stopwatch.reset, "void Reset()"),
        "Restart": (Stopwatch.restart, "void Restart()"),
    },
))
types.register(types.PSType("System.Diagnostics.Stopwatch", (),
                            lambda v: isinstance(v, Stopwatch), lambda v: v,
                            new=lambda: Stopwatch()))
register_statics("System.Diagnostics.Stopwatch", StaticMembers(
    properties={"Frequency": lambda: numbers.Int64(10_000_000),
                "IsHighResolution": lambda: True},
    methods={"StartNew": _started}))
