"""rjkernel.heap: with the pad, bursts of buffers freed and allocated again stop
faulting pages in (the pattern of a bulk receive; the module docstring says why)."""

from __future__ import annotations

import subprocess
import sys

import pytest

BURSTS = """
import resource, sys
from rjkernel.heap import keep_heap_top
if sys.argv[1] == "pad":
    assert keep_heap_top()
source = bytes(range(256)) * 4096
def burst():
    held = [source[i:i + 65536] for i in range(0, 8 * 65536, 65536)]
    return len(held)
for _ in range(50):
    burst()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(2000):
    burst()
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def _faults(mode: str) -> int:
    done = subprocess.run([sys.executable, "-c", BURSTS, mode], capture_output=True,
                          text=True, check=True, timeout=60)
    return int(done.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_the_pad_keeps_freed_buffers_paged_in() -> None:
    assert _faults("default") > 10_000  # glibc's trimming: the cost the pad removes
    assert _faults("pad") < 1_000
