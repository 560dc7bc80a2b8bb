"""A SIGINT cancels the awaited cell at once, whichever of the kernel's threads the OS
hands it to (kernel-notes A.4; the signal module's docs: Python's handlers run in the
main thread, so a signal another thread takes only wakes the event loop through its
wakeup fd). Without that an interrupt of a quiet remote command waited for the loop's
next timer, an SSH keepalive up to 15 s away."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import threading
import time

from rjkernel.jupyter_host import cancel_on_sigint


def test_sigint_taken_by_another_thread_cancels_at_once() -> None:
    def interrupt_from_a_thread() -> None:
        time.sleep(0.2)  # the loop is asleep in its selector by now: nothing else is due
        signal.pthread_kill(threading.get_ident(), signal.SIGINT)  # to this thread

    async def main() -> float:
        task = asyncio.ensure_future(asyncio.sleep(20))
        before = signal.getsignal(signal.SIGINT)
        with cancel_on_sigint(task):
            helper = threading.Thread(target=interrupt_from_a_thread)
            start = time.monotonic()
            helper.start()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            took = time.monotonic() - start
        helper.join(5)
        assert signal.getsignal(signal.SIGINT) is before  # the handler before is back
        return took

    assert asyncio.run(main()) < 5.0
