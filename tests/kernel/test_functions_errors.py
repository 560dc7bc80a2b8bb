"""Functions, scopes and errors of issue 7 across the process: a function defined in one
cell is PowerShell in the next, its mandatory parameters are asked for through the
frontend's input, its name completes; errors reach the execute reply
(about_Functions_Advanced_Parameters, about_Try_Catch_Finally)."""

from __future__ import annotations

import pytest

from tests.fixtures.kernel import KernelDriver
from tests.kernel.test_language_services import complete, reply_to

pytestmark = pytest.mark.timeout(240)


def test_function_defined_in_one_cell_runs_in_the_next(local_kernel: KernelDriver) -> None:
    k = local_kernel
    defined = k.run("function Get-Up { param($HostName, [int]$Times = 2) "
                    "Write-Output \"$HostName up x$Times\" }")
    assert defined.status == "ok" and defined.stdout == ""
    cell = k.run("Get-Up web01 -Times 3")
    assert (cell.status, cell.stdout, cell.stderr) == ("ok", "web01 up x3\n", "")
    assert "Get-Up" in complete(k, "Get-U")["matches"]  # beside Get-Unique, a cmdlet
    assert "-Times" in complete(k, "Get-Up -T")["matches"]
    reply = reply_to(k, k.kc.is_complete("Get-Up web01 |"))
    assert reply["status"] == "incomplete"


def test_mandatory_parameter_prompts_through_the_frontend(local_kernel: KernelDriver) -> None:
    k = local_kernel
    k.run("function Open-Change { param([Parameter(Mandatory)][string]$Ticket) "
          "Write-Output \"opened $Ticket\" }")
    cell = k.submit("Open-Change", allow_stdin=True)
    request = k.kc.get_stdin_msg(timeout=30)
    assert request["content"] == {"prompt": "Ticket: ", "password": False}
    k.kc.input("CHG-7")
    k.collect(cell)
    assert cell.status == "ok", cell.stderr
    assert cell.stdout == ("cmdlet Open-Change at command pipeline position 1\n"
                           "Supply values for the following parameters:\nopened CHG-7\n")


def test_mandatory_parameter_without_input_is_powershells_error(
        local_kernel: KernelDriver) -> None:
    k = local_kernel
    k.run("function Close-Change { param([Parameter(Mandatory)]$Ticket) $Ticket }")
    cell = k.run("Close-Change")
    assert cell.status == "error"
    assert cell.stderr.startswith(
        "Close-Change: Cannot process command because of one or more missing mandatory "
        "parameters: Ticket.")


def test_caught_error_replies_ok_and_uncaught_throw_replies_error(
        local_kernel: KernelDriver) -> None:
    # issue 7: a cell replies error when an uncaught terminating error occurred
    k = local_kernel
    caught = k.run("try { Get-Job -Id 99 -ErrorAction Stop } catch { $_.Exception.Message }")
    assert (caught.status, caught.stderr) == ("ok", "")
    assert caught.stdout == ("The command cannot find a job with the job ID 99. Verify the "
                             "value of the Id parameter and then try the command again.\n")
    thrown = k.run("Write-Output 'step 1'\nthrow 'deploy failed'\nWrite-Output 'step 2'")
    assert thrown.status == "error"
    assert thrown.ename == "deploy failed"
    assert thrown.stdout == "step 1\n"
    message = k.run("$Error[0].Exception.Message")
    assert message.stdout == "deploy failed\n"
