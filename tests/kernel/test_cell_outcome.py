"""What a cell's outcome is (issue 7 §2, issue 10 §3), through a real kernel.

A cell replies ``error`` when a terminating error reached the top uncaught — exactly the
errors ``try { … } catch { }`` would catch (about_Try_Catch_Finally: "a terminating
error … stops a statement from running"; a non-terminating error is not caught without
``-ErrorAction Stop``). A non-terminating error is shown on stderr, kept in ``$Error``,
sets ``$?``, and the cell goes on and replies ``ok``, so Run All and papermill go on as
a PowerShell script does. ``Get-History``'s ExecutionStatus is the pipeline state of
PowerShell's HistoryInfo: Failed only when a terminating error ended the cell.
"""

from __future__ import annotations

import pytest

from tests.fixtures.kernel import KernelDriver
from tests.kernel.test_interrupt import interrupt_when

pytestmark = pytest.mark.timeout(120)

MISSING_JOB = ("Get-Job: The command cannot find a job with the job ID 99. Verify the "
               "value of the Id parameter and then try the command again.\n")

# (statement, its shown error text, its FullyQualifiedErrorId)
NON_TERMINATING = [
    # about_Try_Catch_Finally / Write-Error's reference: Write-Error is non-terminating
    ('Write-Error "boom"', "Write-Error: boom\n",
     "Microsoft.PowerShell.Commands.WriteErrorException,"
     "Microsoft.PowerShell.Commands.WriteErrorCommand"),
    # Get-Job's reference (ps-semantics §4): a job that is not there is written, not thrown
    ("Get-Job -Id 99", MISSING_JOB,
     "JobWithSpecifiedSessionNotFound,Microsoft.PowerShell.Commands.GetJobCommand"),
    ("Get-Job -Name nope",
     "Get-Job: The command cannot find the job because the job name nope was not found. "
     "Verify the value of the Name parameter, and then try the command again.\n",
     "JobWithSpecifiedNameNotFound,Microsoft.PowerShell.Commands.GetJobCommand"),
]

# (statement, FullyQualifiedErrorId, whether it ends the cell)
TERMINATING = [
    ("throw 'deploy failed'", "deploy failed", True),  # about_Throw: script-terminating
    # about_CommonParameters: -ErrorAction Stop makes a non-terminating error terminating
    ("Get-Job -Id 99 -ErrorAction Stop",
     "JobWithSpecifiedSessionNotFound,Microsoft.PowerShell.Commands.GetJobCommand", True),
    # statement-terminating (about_Try_Catch_Finally): the next statement still runs
    ("1/0", "RuntimeException", False),  # "Attempted to divide by zero."
    ("$nothing = $null; $nothing.Trim()", "InvokeMethodOnNull", False),
    ("Get-Jobb", "CommandNotFoundException", False),  # about_Command_Precedence
    ("Get-Job -Bogus",  # about_Parameters: a binding error
     "NamedParameterNotFound,Microsoft.PowerShell.Commands.GetJobCommand", False),
]


@pytest.mark.parametrize(("statement", "shown", "error_id"), NON_TERMINATING)
def test_a_non_terminating_error_is_shown_and_the_cell_replies_ok(
        local_kernel: KernelDriver, statement: str, shown: str, error_id: str) -> None:
    k = local_kernel
    cell = k.run(f"{statement}\n$?\n'after'")
    assert (cell.status, cell.stderr, cell.stdout) == ("ok", shown, "False\nafter\n")
    assert k.run("$Error[0].FullyQualifiedErrorId").stdout == error_id + "\n"
    # not caught by try without -ErrorAction Stop: the same classification
    assert k.run(f"try {{ {statement} }} catch {{ 'caught' }}").stdout == ""


@pytest.mark.parametrize(("statement", "error_id", "ends_cell"), TERMINATING)
def test_a_terminating_error_makes_the_reply_error(
        local_kernel: KernelDriver, statement: str, error_id: str, ends_cell: bool) -> None:
    k = local_kernel
    cell = k.run(f"'before'\n{statement}\n'after'")
    assert (cell.status, cell.ename) == ("error", error_id)
    assert cell.stdout == ("before\n" if ends_cell else "before\nafter\n")
    assert cell.stderr and cell.reply["traceback"]
    # caught by try: the reply follows what try/catch takes
    caught = k.run(f"try {{ {statement} }} catch {{ 'caught' }}")
    assert (caught.status, caught.stdout, caught.stderr) == ("ok", "caught\n", "")


def test_error_action_preference_stop_ends_the_cell_at_any_error(
        local_kernel: KernelDriver) -> None:
    # about_Preference_Variables: Stop makes non-terminating and statement-terminating
    # errors alike end the script
    k = local_kernel
    for statement in ("Get-Job -Id 99", "1/0"):
        cell = k.run(f"$ErrorActionPreference = 'Stop'\n{statement}\n'after'")
        k.run("$ErrorActionPreference = 'Continue'")
        assert (cell.status, cell.stdout) == ("error", ""), statement


def test_a_parse_error_replies_error(local_kernel: KernelDriver) -> None:
    cell = local_kernel.run("'before'\nif (")
    assert (cell.status, cell.ename, cell.stdout) == ("error", "IfStatementMissingCondition", "")


def test_a_shell_line_that_fails_replies_ok(local_kernel: KernelDriver) -> None:
    # about_Automatic_Variables $LASTEXITCODE: a native command's exit status is no error
    # record (PowerShell 7.2+), unless $PSNativeCommandUseErrorActionPreference says so
    k = local_kernel
    cell = k.run("ls /nonexistent-rjkernel-dir; $LASTEXITCODE; 'after'")
    assert cell.status == "ok" and cell.stdout == "2\nafter\n"
    assert "No such file or directory" in cell.stderr


def test_get_history_execution_status_is_the_pipeline_state(local_kernel: KernelDriver
                                                            ) -> None:
    # HistoryInfo.ExecutionStatus (Get-History's reference): Completed when the cell ran
    # to its end, errors it showed included; Failed when a terminating error ended it;
    # Stopped when it was interrupted
    k = local_kernel
    k.run("'fine'")
    k.run("Get-Job -Id 99; 'after'")
    k.run("1/0; 'after'")
    k.run("throw 'deploy failed'")
    interrupted, _ = interrupt_when(k, "Write-Host waiting; sleep 30", "waiting")
    assert interrupted.ename == "KeyboardInterrupt"
    shown = k.run("Get-History | Select-Object -Last 5 | "
                  "ForEach-Object { \"$($_.ExecutionStatus) $($_.CommandLine)\" }")
    assert shown.stdout.splitlines() == [
        "Completed 'fine'", "Completed Get-Job -Id 99; 'after'", "Completed 1/0; 'after'",
        "Failed throw 'deploy failed'", "Stopped Write-Host waiting; sleep 30"]


def test_a_remote_blocks_error_is_invoke_commands_non_terminating_error(
        remote_kernel: KernelDriver) -> None:
    # Invoke-Command's reference and about_Remote_Output: what fails in a remote command
    # comes back as Invoke-Command's non-terminating error; a try around it catches it
    # only with -ErrorAction Stop (about_CommonParameters)
    k = remote_kernel
    cell = k.run("Invoke-Command -ComputerName web01 { 'in'; 1/0; throw 'remote failed'; "
                 "'never' }; 'after'")
    assert (cell.status, cell.stdout) == ("ok", "in\nafter\n")
    assert "Attempted to divide by zero." in cell.stderr and "remote failed" in cell.stderr
    assert k.run("$Error[0].Exception.Message").stdout == "remote failed\n"
    k.run("$s = New-PSSession web01")
    uncaught = k.run("try { Invoke-Command -Session $s { throw 'remote failed' } } "
                     "catch { 'caught' }; 'after'")
    assert (uncaught.status, uncaught.stdout) == ("ok", "after\n")
    assert "remote failed" in uncaught.stderr
    stopped = k.run("try { Invoke-Command -Session $s { throw 'remote failed' } "
                    "-ErrorAction Stop } catch { \"caught: $_\" }")
    assert (stopped.status, stopped.stdout, stopped.stderr) == (
        "ok", "caught: remote failed\n", "")
    inside = k.run("Invoke-Command -Session $s { try { 1/0 } catch { 'caught inside' } }")
    assert (inside.status, inside.stdout) == ("ok", "caught inside\n")
    # exit in a remote block ends that block, not the cell (about_Language_Keywords)
    ended = k.run("Invoke-Command -Session $s { 'a'; exit 3; 'b' }; 'after'")
    assert (ended.status, ended.stdout, ended.reply["payload"]) == ("ok", "a\nafter\n", [])
    k.run("Remove-PSSession $s")
