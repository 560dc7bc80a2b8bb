"""An interrupt stops the wait, not the job: within a second, the kernel stays alive.

Each test submits a cell that announces when it is waiting (a line of output), waits
for that line, interrupts the kernel (a real SIGINT from the KernelManager), and checks
the reply came back fast and that background jobs are untouched.
"""

from __future__ import annotations

import time

import pytest

from tests.fixtures.kernel import Cell, KernelDriver

pytestmark = pytest.mark.timeout(120)


def interrupt_when(k: KernelDriver, code: str, marker: str) -> tuple[Cell, float]:
    """Run ``code``, interrupt once ``marker`` was printed; return the cell and how long
    the kernel took to answer after the interrupt."""
    cell = k.submit(code)
    seen: dict[str, float] = {}

    def watch(msg: dict) -> None:
        if msg["msg_type"] == "stream" and marker in msg["content"]["text"] and not seen:
            k.interrupt()
            seen["at"] = time.monotonic()

    k.collect(cell, timeout=60, on_message=watch)
    assert seen, f"{marker!r} never appeared: {cell.text!r}"
    return cell, time.monotonic() - seen["at"]


def test_interrupt_wait_job_keeps_the_job(local_kernel: KernelDriver) -> None:
    k = local_kernel
    k.run("$j = Start-Job { sleep 60 }")
    try:
        cell, took = interrupt_when(k, "Write-Host waiting; Wait-Job $j", "waiting")
        assert cell.status == "error" and cell.ename == "KeyboardInterrupt"
        assert took < 1.0
        assert k.alive
        assert k.run("$j.State").stdout == "Running\n"
    finally:
        k.run("Remove-Job $j -Force")  # a failed check leaves no job behind


def test_interrupt_receive_job_wait(local_kernel: KernelDriver) -> None:
    k = local_kernel
    k.run("$r = Start-Job { echo first; sleep 60 }")
    try:
        # "first" is shown while the receive is still talking to the job agent (the
        # read's commit), so the interrupt often lands as an agent reply does: the race
        # in which asyncio.wait_for used to drop it (rjkernel.timeouts).
        cell, took = interrupt_when(k, "Receive-Job $r -Wait", "first")
        assert cell.ename == "KeyboardInterrupt" and took < 1.0
        assert k.run("$r.State").stdout == "Running\n"
    finally:
        k.run("Remove-Job $r -Force")


def test_interrupt_foreground_shell_command(local_kernel: KernelDriver) -> None:
    k = local_kernel
    k.run("export KEPT=yes; cd /tmp")
    cell, took = interrupt_when(k, "echo started; sleep 60; echo never", "started")
    assert took < 1.0 and "never" not in cell.text
    after = k.run("echo $KEPT $PWD")
    assert after.stdout == "yes /tmp\n"  # same shell: cwd and environment kept


def test_interrupt_in_an_entered_remote_session(remote_kernel: KernelDriver) -> None:
    k = remote_kernel
    assert k.run("Enter-PSSession -ComputerName web01").status == "ok"
    try:
        k.run("$bg = Start-Job { sleep 60 }")
        cell, took = interrupt_when(k, "echo started; sleep 60; echo never", "started")
        assert took < 1.0 and "never" not in cell.text
        assert k.run("echo still-here").stdout.endswith("still-here\n")
        assert k.run("$bg.State").stdout.strip().endswith("Running")
        k.run("Stop-Job $bg")
    finally:
        k.run("Exit-PSSession")


def test_interrupt_during_start_sleep(local_kernel: KernelDriver) -> None:
    cell, took = interrupt_when(local_kernel, "Write-Host napping; Start-Sleep 60", "napping")
    assert cell.ename == "KeyboardInterrupt" and took < 1.0
    assert local_kernel.run("Write-Output alive").stdout == "alive\n"
