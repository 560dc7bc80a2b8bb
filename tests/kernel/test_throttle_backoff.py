"""A large -ThrottleLimit against sshds at their MaxStartups limit (issue 11): the
kernel's connection attempts are dropped before the handshake, backed off and retried,
and every -AsJob child completes once the servers have room — no child fails for a
refused start that a retry would have got through.

The sshd of this module serves a fleet of 4 hosts with ``MaxStartups 2``; both of its
places are held by raw TCP connections that never authenticate, so the kernel's starts
are dropped until this test lets go of them — as soon as sshd has logged the first drop
(it logs only the first of a run of drops), well within the retries' back-off.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures.kernel import wait_until
from tests.fixtures.sshd import SSHD, SshdFixture, start_sshd

pytestmark = [pytest.mark.skipif(not SSHD.exists(), reason=f"{SSHD} is not installed"),
              pytest.mark.timeout(180)]


@pytest.fixture
def busy_fleet(tmp_path: Path) -> Iterator[SshdFixture]:
    fixture = start_sshd(tmp_path / "sshd", fleet=4, max_startups="2")
    yield fixture
    fixture.stop()


def test_children_wait_out_a_full_max_startups_and_complete(start_kernel,
                                                            busy_fleet: SshdFixture) -> None:
    k = start_kernel(busy_fleet.env)
    hosts = ",".join(busy_fleet.fleet)
    held = busy_fleet.fill_startups(busy_fleet.hosts[busy_fleet.fleet[0]].address, 2)
    try:
        dropped = busy_fleet.dropped_starts()
        started = k.run(f"$j = Invoke-Command -ComputerName {hosts} -ThrottleLimit 256 "
                        "-ConnectingTimeout 60000 -AsJob { hostname }")
        assert started.status == "ok", started.stderr
        wait_until(lambda: busy_fleet.dropped_starts() > dropped, 60,
                   "the kernel's starts being dropped past MaxStartups")
    finally:
        for sock in held:
            sock.close()
    assert k.run("Wait-Job $j -Timeout 90 | Out-Null").status == "ok"
    states = k.run("$j.ChildJobs | ForEach-Object { $_.State }")
    assert states.stdout == "Completed\n" * len(busy_fleet.fleet), states.text
    assert k.run("(Receive-Job $j | Measure-Object).Count").stdout == (
        f"{len(busy_fleet.fleet)}\n")
