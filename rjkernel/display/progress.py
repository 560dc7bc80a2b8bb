"""Progress while a cell waits on several jobs (Wait-Job, Receive-Job -Wait).

A one-line text bar updated in place through a display id, e.g.
``Wait-Job: 3 of 10 jobs done, 1 failed  [######--------------]``; it is cleared when the
wait ends, however it ends (finished, timed out, interrupted). Updates are coalesced to
a few per second so a thousand jobs finishing together cost a handful of messages.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

BAR_WIDTH = 20
MIN_INTERVAL = 0.25  # seconds between two updates of the same bar

Publish = Callable[[dict[str, Any], str, bool], None]  # (data, display_id, is_update)


def progress_line(activity: str, done: int, total: int, failed: int) -> str:
    filled = BAR_WIDTH * done // total if total else BAR_WIDTH
    bar = "#" * filled + "-" * (BAR_WIDTH - filled)
    tail = f", {failed} failed" if failed else ""
    return f"{activity}: {done} of {total} jobs done{tail}  [{bar}]"


class TextProgress:
    def __init__(self, publish: Publish, activity: str, total: int) -> None:
        self.publish = publish
        self.activity = activity
        self.display_id = uuid.uuid4().hex
        self._last = 0.0
        self._state = (0, total, 0)
        self.publish(self._data(), self.display_id, False)

    def _data(self) -> dict[str, Any]:
        line = progress_line(self.activity, *self._state)
        return {"text/plain": line}

    def update(self, done: int, total: int, failed: int) -> None:
        state = (done, total, failed)
        if state == self._state:
            return
        self._state = state
        now = time.monotonic()
        if now - self._last >= MIN_INTERVAL or done == total:
            self._last = now
            self.publish(self._data(), self.display_id, True)

    def close(self) -> None:
        self.publish({"text/plain": ""}, self.display_id, True)
