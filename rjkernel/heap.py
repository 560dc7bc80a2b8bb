"""The kernel process's heap, tuned for streaming: glibc keeps 4 MiB spare at its top.

A bulk receive (``Receive-Job`` of a large job) allocates and frees buffers of a few
KiB to 64 KiB — SSH packets, decrypted payloads, spool frames, decoded text — tens of
thousands of times per GiB. With glibc's defaults the top of the heap is handed back
to the system after a burst of frees and taken again by the next allocations, its
pages faulted in and zeroed anew: 60,000–150,000 minor page faults per GiB received
(getrusage), about a fifth of the client's CPU on a 1 GiB receive. With ``M_TOP_PAD``
every growth and trim of the heap keeps 4 MiB spare, which the next allocations
reuse: under 300 faults per GiB, at the same peak RSS. The pad bounds what is kept, so
memory stays flat. (Setting it also fixes glibc's mmap threshold at its 128 KiB
default instead of letting it float.)

Only glibc's ``mallopt`` takes this; elsewhere this does nothing.
"""

from __future__ import annotations

import ctypes
import sys

M_TOP_PAD = -2
TOP_PAD = 4 << 20


def keep_heap_top() -> bool:
    """Set glibc's ``M_TOP_PAD`` for this process; whether it took effect."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False  # a C library without mallopt
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_TOP_PAD, TOP_PAD))  # musl's stub answers 0
