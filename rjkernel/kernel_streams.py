"""The kernel process's ``sys.stdout``/``sys.stderr``: ipykernel's, minus idle flushes.

ipykernel flushes both streams twice per request (after the handler and before the
idle status), and each flush is a round trip to the IOPub thread: schedule a send,
schedule an event, block the main thread until the IOPub thread has run both. rjkernel
shows a cell's output through iopub messages, not through ``sys.stdout``, so these
flushes almost never have anything to send — yet on a 2-core machine each one waits
for the IOPub thread to be scheduled, and right after a remote command (sshd and the
remote shell are runnable then) that wait is longest: four of them were most of what
``Invoke-Command -Session $s { true }`` cost over an empty cell beyond the command's
own work (benchmarks/README.md, issue 11).

A flush with nothing written since the last one is skipped. Ordering is unchanged:
iopub messages (outputs, the idle status) are queued on the same IOPub thread in the
order they are sent, so skipping an empty flush cannot let the idle status overtake
an output; and text that was written is flushed as before.
"""

from __future__ import annotations

from ipykernel.iostream import OutStream


class IdleFlushOutStream(OutStream):
    """An ``OutStream`` whose ``flush`` returns at once when nothing is buffered."""

    def flush(self) -> None:
        # Both flags are set by ``write`` (the second from a forked child) and cleared
        # by ``_flush`` on the IOPub thread once the buffer has been sent.
        if self._flush_pending or self._subprocess_flush_pending:
            super().flush()
