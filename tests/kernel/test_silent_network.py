"""Issue 8 item 13: a network that goes silent (packets dropped, no reset).

The host is an sshd in a network namespace the test creates, behind a veth pair whose
far end the test sets down: nothing answers and nothing says so. The session must go
Broken within the keepalive window the ssh config sets (ServerAliveInterval ×
ServerAliveCountMax), reconnect by itself when the path returns, and the job that ran
on through the outage must be received whole: nothing lost, nothing repeated.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.fixtures.kernel import Gate, KernelDriver, wait_for_file
from tests.fixtures.netns import (
    ALIVE_COUNT,
    ALIVE_INTERVAL,
    NAME,
    namespaces_unavailable,
    silent_host,
)
from tests.fixtures.sshd import SshdFixture

pytestmark = pytest.mark.timeout(300)

WHY_NOT = namespaces_unavailable()
SLACK = 6.0  # seconds beyond the keepalive window: a loaded 2-core machine, one poll


def state_after(k: KernelDriver, wanted: str, timeout: float) -> float:
    """Seconds until ``$s.State`` reads ``wanted`` (polled through the kernel)."""
    start = time.monotonic()
    while k.run("$s.State").stdout.strip() != wanted:
        if time.monotonic() - start > timeout:
            raise TimeoutError(f"the session did not become {wanted} within {timeout} s")
        time.sleep(0.2)
    return time.monotonic() - start


@pytest.mark.skipif(WHY_NOT is not None, reason=f"no network namespace here: {WHY_NOT}")
def test_a_silent_network_breaks_the_session_which_comes_back_whole(
        start_kernel, sshd: SshdFixture, tmp_path: Path, gates: Gate) -> None:
    with silent_host(sshd, tmp_path) as host:
        ready, gate = host.home / "ready", gates(host.home / "gate")
        k = start_kernel(host.env)
        opened = k.run(f"$s = New-PSSession -ComputerName {NAME}; $s.State")
        assert opened.stdout == "Opened\n", opened.stderr
        k.run(f"$j = Invoke-Command -Session $s {{ Start-Job {{ seq 1 1000; touch {ready}; "
              f"while [ ! -e {gate} ]; do sleep 0.05; done; seq 1001 2000 }} }}")
        wait_for_file(ready)
        first = tmp_path / "part1.txt"
        k.run(f"Receive-Job $j > '{first}'")

        host.cut()
        gate.touch()  # the job runs on through the outage
        noticed = state_after(k, "Broken", 60)
        assert noticed <= ALIVE_INTERVAL * ALIVE_COUNT + SLACK

        host.restore()
        state_after(k, "Opened", 120)
        second = tmp_path / "part2.txt"
        k.run(f"Wait-Job $j | Out-Null; Receive-Job $j > '{second}'", timeout=120)
        whole = first.read_bytes() + second.read_bytes()
        assert whole == "".join(f"{i}\n" for i in range(1, 2001)).encode()
