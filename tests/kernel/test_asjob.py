"""Invoke-Command -AsJob details: throttling, stopping, receiving per child."""

from __future__ import annotations

import re
from pathlib import Path

import psutil
import pytest

from tests.fixtures.kernel import Gate, KernelDriver, wait_for_file, wait_until
from tests.fixtures.sshd import SshdFixture

pytestmark = pytest.mark.timeout(180)


def child_states(k: KernelDriver, var: str) -> list[str]:
    return k.run(f"{var}.ChildJobs | ForEach-Object {{ $_.State }}").stdout.split()


def test_throttle_limit_queues_children_not_started(remote_kernel: KernelDriver,
                                                    tmp_path: Path, gates: Gate) -> None:
    k = remote_kernel
    gate, started = gates(tmp_path / "gate"), tmp_path / "started"
    k.run(f"$t = Invoke-Command -ComputerName web01,web02 -ThrottleLimit 1 -AsJob "
          f"-ScriptBlock {{ touch {started}; while [ ! -e {gate} ]; do sleep 0.02; done }}")
    wait_for_file(started)
    assert child_states(k, "$t") == ["Running", "NotStarted"]
    assert k.run("$t.State").stdout == "Running\n"
    gate.touch()
    k.run("Wait-Job $t | Out-Null")
    assert child_states(k, "$t") == ["Completed", "Completed"]


def test_stop_job_stops_remote_commands(remote_kernel: KernelDriver, tmp_path: Path) -> None:
    k = remote_kernel
    marker = f"rj-stop-{tmp_path.name}"
    ready = tmp_path / "ready"
    # The marker is the block's $1, so it is on the remote shell's command line.
    k.run(f"$st = Invoke-Command -ComputerName web01,web02 -AsJob -ArgumentList {marker} "
          f"-ScriptBlock {{ touch {ready}-$(hostname)-$$; sleep 300 }}")
    wait_until(lambda: len(list(tmp_path.glob("ready-*"))) == 2)

    def marked() -> list[psutil.Process]:
        return [p for p in psutil.process_iter(["cmdline"])
                if marker in " ".join(p.info["cmdline"] or [])]

    # A shell forks before it execs sleep: for a moment the fork carries the marker too.
    wait_until(lambda: len(marked()) == 2)
    shells = marked()
    tree = [q for p in shells for q in [p, *p.children(recursive=True)]]
    cell = k.run("Stop-Job $st -PassThru")
    assert re.search(r"\bStopped\b", cell.text)
    assert child_states(k, "$st") == ["Stopped", "Stopped"]
    _, alive = psutil.wait_procs(tree, timeout=10)
    assert not alive


def test_receive_per_child_and_location(remote_kernel: KernelDriver, sshd: SshdFixture
                                        ) -> None:
    k = remote_kernel
    k.run("$r = Invoke-Command -ComputerName web01,web02,db01 -AsJob { echo $HOME }")
    k.run("Wait-Job $r | Out-Null")
    homes = {name: str(sshd.hosts[name].home) for name in ("web01", "web02", "db01")}
    only_web02 = k.run("Receive-Job $r -Location web02 -Keep")
    assert only_web02.stdout.strip().endswith(homes["web02"])
    everything = k.run("Receive-Job $r")
    lines = everything.stdout.splitlines()
    assert [line.split("] ", 1)[-1] for line in lines] == [homes[h] for h in homes]
    assert k.run("Receive-Job $r").stdout == ""
    assert k.run("$r.HasMoreData").stdout == "False\n"


def test_receiving_a_many_host_job_streams_child_by_child(start_kernel, sshd: SshdFixture
                                                          ) -> None:
    """Receive-Job of a fan-out hands each child's output on as it reads it: the kernel
    never holds the job's output (here 4 x 16 MiB; a 1,000-host job is the same loop)."""
    k = start_kernel(sshd.env)
    hosts = "web01,web02,db01,Server01"
    block = "head -c 16777216 /dev/zero | tr '\\0' x | fold -w 127"
    started = k.run(f"$j = Invoke-Command -ComputerName {hosts} -ScriptBlock {{ {block} }} "
                    "-AsJob; Wait-Job $j | Out-Null; $j.State")
    assert started.stdout.endswith("Completed\n"), started.stderr
    kernel = psutil.Process(k.km.provisioner.pid)  # type: ignore[union-attr]
    before = kernel.memory_info().rss
    received = k.run("Receive-Job $j | Measure-Object -Line | ForEach-Object { $_.Lines }",
                     timeout=120)
    grown = kernel.memory_info().rss - before
    assert received.stdout == f"{4 * -(-16777216 // 127)}\n", received.stderr  # 127 a line
    assert grown < 24 * 2**20, f"kernel RSS grew {grown / 2**20:.1f} MiB for 64 MiB received"
    assert k.run("$j.HasMoreData").stdout == "False\n"
