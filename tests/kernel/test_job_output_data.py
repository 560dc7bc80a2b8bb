"""Receive-Job output as data (issue 10, part 2), through a real kernel and real sshd.

Each line a job wrote comes back as a string that also carries the host, the stream,
the time its spool got it and the job that wrote it; the notebook still prints it as a
plain line.
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pytest

from tests.fixtures.kernel import KernelDriver

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
