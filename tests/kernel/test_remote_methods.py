"""The three methods of about_Remote_Jobs, end to end: a real kernel process, the suite's
real OpenSSH sshd on loopback addresses, shell script blocks — each step as the seed
document shows it (with /tmp paths instead of c:\\logs)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.fixtures.kernel import KernelDriver
from tests.fixtures.kernel import job_rows as rows
from tests.fixtures.sshd import SshdFixture

pytestmark = pytest.mark.timeout(240)


def host_home(sshd: SshdFixture, name: str) -> Path:
    return Path(sshd.hosts[name].home)


def test_method1_job_in_an_interactive_session(remote_kernel: KernelDriver,
                                               sshd: SshdFixture) -> None:
    k = remote_kernel
    log = f"/tmp/PsLog-{id(k)}.txt"
    entered = k.run("Enter-PSSession -ComputerName Server01")
    assert entered.status == "ok", entered.stderr
    assert re.search(r"\[Server01\]: PS /\S*> ", entered.stdout)
    started = k.run("$job = Start-Job -ScriptBlock {\n  hostname; echo remote-$HOME\n}")
    assert started.status == "ok", started.stderr
    assert "[Server01]: PS" in started.stdout
    shown = k.run("Get-Job $job")
    (row,) = rows(shown.text)
    assert row[2] == "BackgroundJob" and row[5] == "localhost"
    k.run("Wait-Job $job | Out-Null")
    assert k.run(f"Receive-Job $job > {log}").status == "ok"
    assert k.run("Exit-PSSession").status == "ok"
    k.run("$s = New-PSSession -ComputerName Server01")
    content = k.run(f"Invoke-Command -Session $s -ScriptBlock {{\n  Get-Content {log}}}")
    assert f"remote-{host_home(sshd, 'Server01')}" in content.stdout


def test_method2_asjob_results_come_back(remote_kernel: KernelDriver) -> None:
    k = remote_kernel
    cell = k.run("Invoke-Command -ComputerName Server01,Server02,Dead01 "
                 "-ScriptBlock { echo from-$(hostname) } -AsJob -JobName fan")
    assert cell.status == "ok", cell.stderr
    (row,) = rows(cell.text)
    assert row[1:3] == ["fan", "RemoteJob"]
    assert row[5] == "Server01,Server02,D…"  # Location, 20 wide
    k.run("$j = Get-Job -Name fan; Wait-Job $j | Out-Null")
    children = rows(k.run("Get-Job -Name fan -IncludeChildJob").text)
    parent_id = int(row[0])
    assert [int(r[0]) for r in children] == [parent_id, parent_id + 1, parent_id + 2,
                                            parent_id + 3]
    assert [r[-2] for r in children[1:]] == ["Server01", "Server02", "Dead01"]
    assert rows(k.run("$j").text)[0][3] == "Failed"
    child_states = k.run("$j.ChildJobs | ForEach-Object { $_.State }").stdout.split()
    assert child_states == ["Completed", "Completed", "Failed"]
    received = k.run("Receive-Job -Id $j.Id")
    assert received.stdout.count("from-") == 2
    assert "[Dead01]" in received.stderr


def test_method3_job_stays_on_the_remote_host(remote_kernel: KernelDriver) -> None:
    k = remote_kernel
    k.run("$s3 = New-PSSession -ComputerName Server03")
    started = k.run("Invoke-Command -Session $s3 -ScriptBlock { Start-Job -ScriptBlock { "
                    "echo kept-remotely } }")
    assert started.status == "ok", started.stderr
    assert "PSComputerName" in started.text and "Server03" in started.text
    job_id = rows(started.text)[0][0]
    listed = k.run("Invoke-Command -Session $s3 -ScriptBlock {get-job}")
    assert job_id in listed.text
    k.run(f"Invoke-Command -Session $s3 {{ Wait-Job -Id {job_id} }} | Out-Null")
    kept = k.run(f"$results = Invoke-Command -Session $s3 -ScriptBlock {{\n"
                 f"  receive-job -sessionid {job_id} -keep}}")
    assert kept.status == "ok", kept.stderr
    assert k.run("$results").stdout == "kept-remotely\n"
    log = f"/tmp/pslog-{id(k)}.txt"
    k.run(f"invoke-command -session $s3 -command {{\n  receive-job -sessionid {job_id} > {log}}}")
    assert k.run(f"Invoke-Command -Session $s3 {{ cat {log} }}").stdout == "kept-remotely\n"
    assert k.run("Get-Job").text.count("kept") == 0  # the job object is not local
