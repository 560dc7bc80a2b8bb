"""Progress while a cell waits on several jobs (Wait-Job, Receive-Job -Wait).

Two faces in one display: a progress bar widget (done/total, red once a job failed)
with its words beside it (``Wait-Job: 3 of 10 jobs done, 1 failed``), and for frontends
without widgets those words with a bar drawn in text, as ``text/plain``
(``… 1 failed  [######--------------]``).

Job listeners call :meth:`WidgetProgress.update` on every change; the bar is refreshed
through a :class:`~rjkernel.live.throttle.Throttle`, so a thousand jobs finishing
together cost a handful of messages. :meth:`close` — called however the wait ends
(finished, timed out, interrupted) — empties the display (no output is left behind)
and closes the widget.
"""

from __future__ import annotations

import uuid

from rjkernel.live.publisher import Publisher
from rjkernel.live.throttle import Throttle
from rjkernel.live.widgets import WIDGET_VIEW, ProgressWidget

BAR_WIDTH = 20
MIN_INTERVAL = 0.25  # seconds between two refreshes of the same bar


def progress_words(activity: str, done: int, total: int, failed: int) -> str:
    tail = f", {failed} failed" if failed else ""
    return f"{activity}: {done} of {total} jobs done{tail}"


def progress_line(activity: str, done: int, total: int, failed: int) -> str:
    """The words with a bar in text, for frontends that show no widget."""
    filled = BAR_WIDTH * done // total if total else BAR_WIDTH
    bar = "#" * filled + "-" * (BAR_WIDTH - filled)
    return f"{progress_words(activity, done, total, failed)}  [{bar}]"


class WidgetProgress:
    def __init__(self, publisher: Publisher, activity: str, total: int,
                 interval: float = MIN_INTERVAL) -> None:
        self.publisher = publisher
        self.activity = activity
        self.display_id = uuid.uuid4().hex
        self._state = (0, total, 0)
        line = progress_line(activity, *self._state)
        self.widget = ProgressWidget(total, progress_words(activity, *self._state))
        self._throttle = Throttle(self._flush, interval)
        publisher.send_display({WIDGET_VIEW: self.widget.view_data(), "text/plain": line},
                               self.display_id)

    def update(self, done: int, total: int, failed: int) -> None:
        state = (done, total, failed)
        if state != self._state:
            self._state = state
            self._throttle.poke()

    def _flush(self) -> None:
        self.publisher.adopt_latest_parent()
        self.widget.show(*self._state, progress_words(self.activity, *self._state))

    def close(self) -> None:
        self._throttle.cancel()
        self.publisher.send_display({}, self.display_id, update=True)
        self.widget.close()
