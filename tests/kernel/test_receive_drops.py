"""Issue 8 item 1: a receive cut by a dropped connection is never repeated.

What reached the user (here: a file that ``Receive-Job … > file`` wrote) counts as
delivered even when the commit of the cursor cannot reach the job agent at that moment.
The connection is dropped by killing the sshd processes that serve it (the suite's own
sshd, by PID) at random points of a receive; the parts received before and after each
drop, put together, must be exactly the job's output — every line once.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.fixtures.kernel import Gate, KernelDriver, wait_for_file, wait_until
from tests.fixtures.sshd import SshdFixture

pytestmark = pytest.mark.timeout(300)

HOST = "Server01"
IN_FLIGHT = 16 << 20
"""More than what can be on its way to the kernel when a drop lands (the agent's credit
window, the SSH window, socket buffers): a drop this far from the end cuts the receive."""


def numbered(first: int, last: int) -> bytes:
    return "".join(f"{i}\n" for i in range(first, last + 1)).encode()


def size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0


def reopened(k: KernelDriver) -> None:
    """Wait for the session's automatic reconnection (a session command waits for it)."""
    cell = k.run("Invoke-Command -Session $s { true }; $s.State", timeout=120)
    assert cell.stdout.strip() == "Opened", cell.text


def test_receives_cut_by_drops_deliver_every_line_once(
        start_kernel, sshd: SshdFixture, tmp_path: Path) -> None:
    count = 4_000_000
    expected = numbered(1, count)
    rng = random.Random()
    k = start_kernel(sshd.env)
    k.run(f"$s = New-PSSession -ComputerName {HOST}")
    done = k.run(f"$j = Invoke-Command -Session $s {{ Start-Job {{ seq 1 {count} }} }}; "
                 "Wait-Job $j | Out-Null; $j.State")
    assert done.stdout == "Completed\n", done.text
    parts: list[Path] = []
    cut = 0
    for drop in range(3):
        left = len(expected) - sum(size(p) for p in parts)
        if left <= IN_FLIGHT:
            break
        part = tmp_path / f"part{drop}.txt"
        parts.append(part)
        at = rng.randrange(1, left - IN_FLIGHT)
        cell = k.submit(f"Receive-Job $j > '{part}'")
        wait_until(lambda p=part, a=at: size(p) >= a, 60, f"{at} bytes in {part.name}")
        sshd.drop_connections(sshd.hosts[HOST].address)
        k.collect(cell, timeout=120)
        cut += cell.status == "error"
        reopened(k)
    last = tmp_path / "last.txt"
    assert k.run(f"Receive-Job $j > '{last}'; $j.HasMoreData").stdout == "False\n"
    got = b"".join(p.read_bytes() for p in [*parts, last])
    assert cut >= 1, "no drop landed inside a receive"
    assert len(got) == len(expected)
    assert got == expected


def test_receive_wait_across_a_drop_repeats_nothing(
        start_kernel, sshd: SshdFixture, tmp_path: Path, gates: Gate) -> None:
    host = sshd.hosts[HOST]
    count = 4_000_000
    head = numbered(1, count)
    ready, gate = Path(f"{host.home}/ready-wait"), gates(f"{host.home}/go-wait")
    k = start_kernel(sshd.env)
    k.run(f"$s = New-PSSession -ComputerName {HOST}")
    k.run(f"$j = Invoke-Command -Session $s {{ Start-Job {{ seq 1 {count}; touch {ready}; "
          f"while [ ! -e {gate} ]; do sleep 0.05; done; seq {count + 1} {count + 1000} }} }}")
    wait_for_file(ready)
    first = tmp_path / "wait1.txt"
    cell = k.submit(f"Receive-Job $j -Wait > '{first}'")
    at = random.randrange(1, len(head) - IN_FLIGHT)
    wait_until(lambda: size(first) >= at, 60, f"{at} bytes received")
    sshd.drop_connections(host.address)
    k.collect(cell, timeout=120)
    assert cell.status == "error" and size(first) < len(head), "the drop missed the receive"
    reopened(k)
    gate.touch()
    second = tmp_path / "wait2.txt"
    k.run(f"Receive-Job $j -Wait > '{second}'", timeout=120)
    assert first.read_bytes() + second.read_bytes() == numbered(1, count + 1000)
