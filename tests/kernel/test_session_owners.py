"""Who holds a runspace: issue 8 items 2 and 3, with real kernel processes.

Item 2: the local jobs of a kernel killed with SIGKILL are reached from a new kernel
with the same HOME, through ``Get-PSSession -ComputerName localhost`` and
``Connect-PSSession``/``Receive-PSSession`` (no SSH involved).

Item 3: a session that a live kernel holds shows ``Disconnected``/``Busy`` to a second
kernel and is not connected without ``-Force``; after a takeover the first kernel's
session is Disconnected and says it was taken over, never the agent's internal text.
"""

from __future__ import annotations

import signal
from pathlib import Path

import psutil
import pytest

from tests.fixtures.kernel import Gate, KernelDriver, wait_for_file, wait_until
from tests.fixtures.sshd import SshdFixture

pytestmark = pytest.mark.timeout(240)

INTERNAL = "attach it first"


def kill_kernel(k: KernelDriver) -> None:
    """SIGKILL the kernel process (ours, by PID) and wait until it is gone."""
    process = psutil.Process(k.km.provisioner.pid)  # type: ignore[union-attr]
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)


def test_local_jobs_of_a_killed_kernel_are_reachable(start_kernel, tmp_path: Path,
                                                     gates: Gate) -> None:
    home, state = tmp_path / "home", tmp_path / "state"
    gate, ready = gates(tmp_path / "gate"), tmp_path / "ready"
    first = start_kernel(home=home, state=state)
    first.run("Start-Job { echo finished-before } | Wait-Job | Out-Null")
    first.run(f"Start-Job {{ touch {ready}; while [ ! -e {gate} ]; do sleep 0.05; done; "
              "echo finished-after } | Out-Null")
    wait_for_file(ready)
    kill_kernel(first)
    gate.touch()

    second = start_kernel(home=home, state=state)
    assert second.run("Get-Job").text == ""
    listed = second.run("Get-PSSession -ComputerName localhost")
    assert listed.status == "ok", listed.stderr
    row = [line for line in listed.text.splitlines() if "localhost" in line]
    assert len(row) == 1 and "Disconnected" in row[0] and row[0].rstrip().endswith("None")
    back = second.run("$s = Get-PSSession -ComputerName localhost | Connect-PSSession; "
                      "$s.State")
    assert back.stdout == "Opened\n", back.stderr
    jobs = second.run("Invoke-Command -Session $s { Get-Job | Wait-Job | "
                      "ForEach-Object { $_.Name } }")
    assert jobs.stdout == "Job1\nJob3\n", jobs.stderr
    out = second.run("Receive-PSSession -Session $s")
    assert out.stdout == "finished-before\nfinished-after\n", out.stderr
    assert second.run("Invoke-Command -Session $s { (Get-Job).HasMoreData }").stdout == \
        "False\nFalse\n"
    no_channel = second.run("Invoke-Command -Session $s { true } -AsJob")
    assert "a localhost session has none" in no_channel.stderr
    assert "internal error" not in no_channel.stderr
    # it is an ordinary local session now: it can be left for a later kernel again
    assert second.run("Disconnect-PSSession $s | Out-Null; $s.State").stdout == \
        "Disconnected\n"


def test_a_live_kernels_session_is_busy_and_taken_over_only_with_force(
        start_kernel, sshd: SshdFixture) -> None:
    a = start_kernel(sshd.env)
    b = start_kernel(sshd.env)
    assert a.run("$s = New-PSSession -ComputerName web02 -Name owned; "
                 "Invoke-Command -Session $s { Start-Job { echo from-a } | Wait-Job } | "
                 "Out-Null").stderr == ""

    seen = b.run("Get-PSSession -ComputerName web02 -Name owned")
    row = [line for line in seen.text.splitlines() if "owned" in line]
    assert len(row) == 1, seen.text
    assert "Disconnected" in row[0] and row[0].rstrip().endswith("Busy")

    refused = b.run("Get-PSSession -ComputerName web02 -Name owned | Connect-PSSession")
    assert refused.status == "ok"  # non-terminating (ps-semantics §4), shown
    assert 'Cannot connect PSSession "owned"' in refused.stderr
    assert "Connect-PSSession -Force" in refused.stderr
    assert a.run("Invoke-Command -Session $s { Receive-Job -Id 1 -Keep }").stdout == \
        "from-a\n"  # A is undisturbed

    taken = b.run("$t = Get-PSSession -ComputerName web02 -Name owned | "
                  "Connect-PSSession -Force; $t.State; "
                  "Invoke-Command -Session $t { Receive-Job -Id 1 }")
    assert taken.stdout == "Opened\nfrom-a\n", taken.stderr

    wait_until(lambda: a.run("$s.State").stdout == "Disconnected\n", 30,
               "A's session to show Disconnected")
    assert a.run("$s.Availability").stdout == "Busy\n"
    lost = a.run("Invoke-Command -Session $s { Start-Job { true } }")
    assert lost.status == "error"
    assert "was taken over by another client" in lost.stderr
    assert INTERNAL not in lost.stderr
    again = a.run("Connect-PSSession -Session $s")
    assert "taken over" in again.stderr and INTERNAL not in again.stderr

    back = a.run("Connect-PSSession -Session $s -Force | Out-Null; $s.State; "
                 "Invoke-Command -Session $s { (Get-Job).Count }")
    assert back.stdout == "Opened\n1\n", back.stderr
    wait_until(lambda: b.run("$t.State").stdout == "Disconnected\n", 30,
               "B's session to show Disconnected")


def test_a_live_kernels_local_runspace_is_busy_to_another_kernel(
        start_kernel, tmp_path: Path) -> None:
    home, state = tmp_path / "home", tmp_path / "state"
    a = start_kernel(home=home, state=state)
    assert a.run("Start-Job { echo mine } | Wait-Job | Out-Null").status == "ok"
    b = start_kernel(home=home, state=state)
    listed = b.run("Get-PSSession -ComputerName localhost")
    row = [line for line in listed.text.splitlines() if "localhost" in line]
    assert len(row) == 1 and row[0].rstrip().endswith("Busy"), listed.text
    refused = b.run("Get-PSSession -ComputerName localhost | Connect-PSSession")
    assert "Connect-PSSession -Force takes it over" in refused.stderr
    taken = b.run("$s = Get-PSSession -ComputerName localhost | Connect-PSSession -Force; "
                  "Receive-PSSession -Session $s")
    assert taken.stdout == "mine\n", taken.stderr
    lost = a.run("Start-Job { true }")
    assert "This kernel's local runspace was taken over" in lost.stderr
    assert INTERNAL not in lost.stderr
