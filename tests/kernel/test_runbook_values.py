"""Values and cmdlets of issue 7 that cross the process: Read-Host through the
frontend's input, the DateTimes of real jobs, Export-/Import-Csv where the statement
runs (a remote session's host), through real kernels and the suite's sshd."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from tests.fixtures.kernel import KernelDriver
from tests.fixtures.sshd import SshdFixture

pytestmark = pytest.mark.timeout(240)


def test_read_host_asks_through_the_frontend(local_kernel: KernelDriver) -> None:
    k = local_kernel
    cell = k.submit("$ticket = Read-Host 'Change ticket'; Write-Output \"got $ticket\"",
                    allow_stdin=True)
    request = k.kc.get_stdin_msg(timeout=30)
    assert request["msg_type"] == "input_request"
    assert request["content"] == {"prompt": "Change ticket: ", "password": False}
    k.kc.input("CHG-42")
    k.collect(cell)
    assert cell.status == "ok", cell.stderr
    assert cell.stdout == "got CHG-42\n"


def test_read_host_secure_string_is_hidden(local_kernel: KernelDriver) -> None:
    k = local_kernel
    cell = k.submit("$pw = Read-Host 'Password' -AsSecureString; $pw", allow_stdin=True)
    request = k.kc.get_stdin_msg(timeout=30)
    assert request["content"]["password"] is True
    k.kc.input("s3cret-value")
    k.collect(cell)
    assert cell.stdout == "System.Security.SecureString\n"
    assert "s3cret-value" not in json.dumps([m["content"] for m in cell.messages + k.late])


def test_read_host_without_input_is_an_error(local_kernel: KernelDriver) -> None:
    cell = local_kernel.run("$x = Read-Host 'Name'")
    assert cell.status == "error"
    assert "Read-Host: This frontend cannot prompt for input" in cell.stderr


def test_job_times_are_datetimes(local_kernel: KernelDriver) -> None:
    k = local_kernel
    k.run("$j = Start-Job { sleep 1 }; Wait-Job $j | Out-Null")
    took = k.run("$took = $j.PSEndTime - $j.PSBeginTime; $took.TotalSeconds")
    assert took.status == "ok", took.stderr
    assert 0.9 <= float(took.stdout) < 60
    year = k.run("Get-Date -Date $j.PSBeginTime -Format yyyy")
    assert year.stdout == f"{datetime.now().year}\n"
    shown = k.run("$j.PSBeginTime")
    assert shown.stdout.startswith("\n") and shown.stdout.rstrip().endswith(("AM", "PM"))


def test_export_csv_writes_on_the_session_host(remote_kernel: KernelDriver,
                                               sshd: SshdFixture) -> None:
    k = remote_kernel
    home = Path(sshd.hosts["web01"].home)
    name = f"runbook-{id(k)}.csv"
    k.run("$s = New-PSSession -ComputerName web01")
    out = k.run(f"Invoke-Command -Session $s {{ Get-Date -Date '2026-12-02' | "
                f"Select-Object Year, Month | Export-Csv {name} }}")
    assert out.status == "ok", out.stderr
    assert (home / name).read_text() == '"Year","Month"\n"2026","12"\n'
    back = k.run(f"$rows = Invoke-Command -Session $s {{ Import-Csv {name} }}; $rows.Year")
    assert back.stdout == "2026\n"
