"""Receive-Job output as data (issue 10, part 2), through a real kernel and real sshd.

Each line a job wrote comes back as a string that also carries the host, the stream,
the time its spool got it and the job that wrote it; the notebook still prints it as a
plain line.
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.kernel import Gate, KernelDriver

pytestmark = pytest.mark.timeout(180)


def test_fan_out_lines_carry_host_stream_time_and_job(remote_kernel: KernelDriver) -> None:
    k = remote_kernel
    before = datetime.now().replace(microsecond=0)
    k.run("$fj = Invoke-Command -ComputerName web01,web02 -AsJob "
          "-ScriptBlock { echo one; echo two }; Wait-Job $fj | Out-Null")
    shown = k.run("Receive-Job $fj -Keep")
    assert sorted(shown.stdout.splitlines()) == sorted(
        ["[web01] one", "[web01] two", "[web02] one", "[web02] two"])
    groups = k.run("Receive-Job $fj -Keep | Group-Object PSComputerName | "
                   "Sort-Object Name | ForEach-Object { \"$($_.Name)=$($_.Count)\" }")
    assert groups.stdout == "web01=2\nweb02=2\n"
    ids = k.run("$fj.ChildJobs | ForEach-Object { \"$($_.Location)=$($_.Id)\" }").stdout
    first = k.run("$r = Receive-Job $fj -Keep | Where-Object PSComputerName -eq web02; "
                  "\"$($r[0]) $($r[0].Stream) $($r[0].JobId)\"; "
                  "$r[0].Timestamp.ToString('yyyy-MM-dd HH:mm:ss')")
    line, stamp = first.stdout.splitlines()
    web02_id = dict(p.split("=") for p in ids.split())["web02"]
    assert line == f"one Output {web02_id}"
    assert before <= datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S") <= datetime.now()
    assert k.run("Receive-Job $fj -Keep | Where-Object Stream -eq 'Error'").stdout == ""


def test_lines_export_as_per_host_records(remote_kernel: KernelDriver, tmp_path: Path) -> None:
    k = remote_kernel
    out = tmp_path / "lines.csv"
    k.run("$ej = Invoke-Command -ComputerName web01,db01 -AsJob -ScriptBlock { echo alpha }; "
          f"Wait-Job $ej | Out-Null; Receive-Job $ej | Export-Csv {out}")
    rows = sorted(csv.DictReader(out.open()), key=lambda r: r["PSComputerName"])
    assert [(r["PSComputerName"], r["Stream"], r["Length"]) for r in rows] == [
        ("db01", "Output", "5"), ("web01", "Output", "5")]
    assert all(r["Timestamp"] and r["JobId"].isdigit() for r in rows)


def test_local_job_lines_come_from_localhost(remote_kernel: KernelDriver) -> None:
    local = remote_kernel.run(
        "$lj = Start-Job { echo x; printf y }; Wait-Job $lj | Out-Null; $l = Receive-Job $lj; "
        "$l; \"$($l[0].PSComputerName) $($l[1].Stream) $($l[1].JobId -eq $lj.ChildJobs[0].Id)\"")
    assert local.stdout == "x\ny\nlocalhost Output True\n"


def test_stderr_lines_are_error_records_in_the_order_the_agent_recorded(
        remote_kernel: KernelDriver, gates: Gate, tmp_path: Path) -> None:
    """A job on web01 alternates stdout and stderr, each write waiting for the test to
    have seen the one before, so the spool's order is known; its last stderr line has
    no newline."""
    k = remote_kernel
    g = [gates(tmp_path / f"g{i}") for i in range(3)]
    steps = [f"until [ -e {gate} ]; do sleep 0.02; done" for gate in g]
    k.run("$ij = Invoke-Command -ComputerName web01 -AsJob -ScriptBlock { "
          f"echo o1; {steps[0]}; echo e1 >&2; {steps[1]}; echo o2; {steps[2]}; "
          "printf 'e2 last' >&2 }")
    after = {"o1": g[0], "e1": g[1], "o2": g[2]}

    def open_next(msg: dict[str, Any]) -> None:
        if msg["msg_type"] == "stream":
            for line in msg["content"]["text"].split():
                if line in after:
                    after.pop(line).touch()

    live = k.collect(k.submit("Receive-Job $ij -Wait -Keep"), timeout=60,
                     on_message=open_next)
    assert not after, live.text
    # shown as today: output lines on stdout, each stderr line bare, as it arrived
    assert (live.stdout, live.stderr) == ("o1\no2\n", "e1\ne2 last\n")
    merged = k.run("Receive-Job $ij -Keep 2>&1 | ForEach-Object { "
                   "\"$($_.Stream) $($_.GetType().Name) $_ $($_.PSComputerName)\" }")
    assert merged.stdout.splitlines() == [
        "Output String o1 web01", "Error ErrorRecord e1 web01",
        "Output String o2 web01", "Error ErrorRecord e2 last web01"]
    assert merged.stderr == ""
    errors = k.run("$e = Receive-Job $ij -Keep 2>&1 | Where-Object Stream -eq 'Error'; "
                   "$e.Line -join ','; "
                   "($e[0].JobId -eq $ij.ChildJobs[0].Id), ($e[0].ParentJobId -eq $ij.Id); "
                   "$e[0].FullyQualifiedErrorId; $e[0].Timestamp.GetType().Name")
    assert errors.stdout.splitlines() == [
        "e1,e2 last", "True", "True",
        "NativeCommandError,Microsoft.PowerShell.Commands.ReceiveJobCommand", "DateTime"]
    # without 2>&1 the error lines stay on the error stream (PowerShell's rule): the
    # filter receives output lines only and the errors show as errors
    bare = k.run("$b = @(Receive-Job $ij -Keep | Where-Object Stream -eq 'Error'); $b.Count")
    assert (bare.stdout, bare.stderr) == ("0\n", "e1\ne2 last\n")
    kept = k.run("$o = Receive-Job $ij -Keep -ErrorVariable ev; "
                 "\"$($o -join ',') / $($ev.Line -join ',') / $($ev.Stream -join ',')\"")
    assert kept.stdout == "o1,o2 / e1,e2 last / Error,Error\n"
    hidden = k.run("Receive-Job $ij -Keep 2>$null")
    assert (hidden.stdout, hidden.stderr) == ("o1\no2\n", "")


def test_fan_out_output_and_errors_group_and_export_per_host(
        remote_kernel: KernelDriver, tmp_path: Path) -> None:
    k = remote_kernel
    out = tmp_path / "both.csv"
    k.run("$bj = Invoke-Command -ComputerName web01,web02 -AsJob -ScriptBlock { "
          "echo up; echo 'disk low' >&2; echo done }; Wait-Job $bj | Out-Null")
    groups = k.run("Receive-Job $bj -Keep 2>&1 | Group-Object PSComputerName, Stream | "
                   "Sort-Object Name | ForEach-Object { \"$($_.Name)=$($_.Count)\" }")
    assert groups.stdout.splitlines() == [
        "web01, Error=1", "web01, Output=2", "web02, Error=1", "web02, Output=2"]
    k.run("Receive-Job $bj -Keep 2>&1 | Select-Object PSComputerName, Stream, Line, JobId, "
          f"ParentJobId, Timestamp | Export-Csv {out}")
    ids = k.run("$bj.Id; $bj.ChildJobs | ForEach-Object { \"$($_.Location)=$($_.Id)\" }")
    parent, *children = ids.stdout.split()
    child_ids = dict(c.split("=") for c in children)
    rows = list(csv.DictReader(out.open()))
    assert sorted((r["PSComputerName"], r["Stream"], r["Line"]) for r in rows) == [
        ("web01", "Error", "disk low"), ("web01", "Output", "done"), ("web01", "Output", "up"),
        ("web02", "Error", "disk low"), ("web02", "Output", "done"), ("web02", "Output", "up")]
    assert all(r["JobId"] == child_ids[r["PSComputerName"]] and r["ParentJobId"] == parent
               and r["Timestamp"] for r in rows)
    # the children's .Output / .Error hold the same records, never consumed
    streams = k.run("$bj.ChildJobs.Error | ForEach-Object { \"$($_.PSComputerName) "
                    "$($_.Stream) $($_.Line) $($_.GetType().Name)\" }; "
                    "$bj.ChildJobs.Output | Group-Object PSComputerName, Stream | "
                    "ForEach-Object { \"$($_.Name)=$($_.Count)\" }; $bj.ChildJobs[1].Error")
    assert sorted(streams.stdout.splitlines()) == [
        "web01 Error disk low ErrorRecord", "web01, Output=2", "web02 Error disk low ErrorRecord",
        "web02, Output=2"]
    assert streams.stderr == "disk low\n"


def test_many_stderr_lines_are_records_but_few_messages(remote_kernel: KernelDriver) -> None:
    """20,000 stderr lines are 20,000 records, yet reach the notebook in a few stream
    messages: one per line flooded iopub until it dropped the cell's idle status."""
    k = remote_kernel
    k.run("$mj = Start-Job { seq 1 20000 >&2; echo end }; Wait-Job $mj | Out-Null")
    shown = k.run("Receive-Job $mj -Keep -ErrorVariable ev; $ev.Count; $ev[-1].Line")
    assert shown.stdout == "end\n20000\n20000\n"
    assert shown.stderr.splitlines() == [str(i) for i in range(1, 20001)]
    messages = [m for m in shown.messages if m["msg_type"] == "stream"]
    assert len(messages) < 50, len(messages)
