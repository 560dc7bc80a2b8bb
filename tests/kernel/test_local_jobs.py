"""PowerShell's own job behaviours (ps-semantics §0–§2), through a real kernel process.

Every cell runs in a real rjkernel started by jupyter_client; jobs are local shell
script blocks run by the real job agent. Jobs that must still be running while a test
looks at them wait for a file the test creates (never a sleep).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures.kernel import Gate, KernelDriver, wait_for_file
from tests.fixtures.kernel import job_rows as rows

pytestmark = pytest.mark.timeout(180)

JOB_HEADER = (
    "Id     Name            PSJobTypeName   State         HasMoreData     Location"
    "             Command"
)


def test_ids_come_from_one_counter_parent_then_child(local_kernel: KernelDriver) -> None:
    k = local_kernel
    k.run("Get-Job | Remove-Job -Force")
    first = k.run("Start-Job { true }")
    second = k.run("Start-Job { true }")
    assert JOB_HEADER in first.text
    id1, id2 = int(rows(first.text)[0][0]), int(rows(second.text)[0][0])
    assert id2 == id1 + 2
    children = k.run(f"Get-Job -Id {id1} -IncludeChildJob | Wait-Job | Out-Null; "
                     f"Get-Job -Id {id1 + 1}")
    assert rows(children.text)[0][:2] == [str(id1 + 1), f"Job{id1 + 1}"]


def test_start_job_table_is_powershells(local_kernel: KernelDriver) -> None:
    cell = local_kernel.run("$j = Start-Job -Name nightly-backup-job { sleep 0; true }; $j")
    text = cell.displays[0]["data"]["text/plain"]
    assert text.startswith("\n" + JOB_HEADER + "\n--     ----")
    assert "nightly-backup… BackgroundJob   Running       True            localhost" \
        "             sleep 0; true " in text or "Completed" in text
    assert "<table" in cell.displays[0]["data"]["text/html"]


def test_keep_and_hasmoredata(local_kernel: KernelDriver) -> None:
    k = local_kernel
    k.run("$j = Start-Job { echo 1; echo 2; echo 3 }; Wait-Job $j | Out-Null")
    assert k.run("$j.HasMoreData").stdout == "True\n"
    assert k.run("Receive-Job $j -Keep").stdout == "1\n2\n3\n"
    assert k.run("$j.HasMoreData").stdout == "True\n"
    assert k.run("Receive-Job $j").stdout == "1\n2\n3\n"
    assert k.run("$j.HasMoreData").stdout == "False\n"
    assert k.run("Receive-Job $j").stdout == ""
    assert k.run("$j.ChildJobs[0].Output").stdout == "1\n2\n3\n"


def test_receive_of_many_lines_loses_and_repeats_nothing(local_kernel: KernelDriver,
                                                         tmp_path: Path, gates: Gate) -> None:
    k = local_kernel
    gate, ready = gates(tmp_path / "gate"), tmp_path / "ready"
    k.run(f"$j = Start-Job {{ i=1; while [ $i -le 500 ]; do echo line$i; i=$((i+1)); done; "
          f"touch {ready}; while [ ! -e {gate} ]; do sleep 0.02; done; "
          f"i=501; while [ $i -le 1000 ]; do echo line$i; i=$((i+1)); done }}")
    wait_for_file(ready)
    first = k.run("$first = Receive-Job $j; $first.Count")
    gate.touch()
    k.run("Wait-Job $j | Out-Null")
    k.run("$second = Receive-Job $j")
    seen = k.run("(@($first) + @($second)) -join ','").stdout.strip().split(",")
    assert seen == [f"line{i}" for i in range(1, 1001)]
    assert int(first.stdout) >= 1  # some lines came before the gate opened


def test_wait_job_timeout_returns_nothing_and_no_error(local_kernel: KernelDriver,
                                                       tmp_path: Path, gates: Gate) -> None:
    k = local_kernel
    gate = gates(tmp_path / "gate")
    k.run(f"$slow = Start-Job {{ while [ ! -e {gate} ]; do sleep 0.02; done }}")
    cell = k.run("Wait-Job $slow -Timeout 1")
    assert cell.status == "ok" and cell.text == ""
    gate.touch()
    done = k.run("Wait-Job $slow")
    assert rows(done.text)[0][3] == "Completed"


def test_wait_job_any_returns_the_first_finished_in_argument_order(
        local_kernel: KernelDriver, tmp_path: Path, gates: Gate) -> None:
    k = local_kernel
    gate = gates(tmp_path / "gate")
    k.run(f"$a = Start-Job {{ while [ ! -e {gate} ]; do sleep 0.02; done }}; "
          "$b = Start-Job { true }; $c = Start-Job { true }")
    k.run("Wait-Job $b, $c | Out-Null")
    cell = k.run("Wait-Job $a, $c, $b -Any")
    assert len(rows(cell.text)) == 1
    assert rows(cell.text)[0][0] == k.run("$c.Id").stdout.strip()
    gate.touch()
    k.run("Wait-Job $a | Out-Null")


def test_remove_running_job_needs_force(local_kernel: KernelDriver, tmp_path: Path,
                                        gates: Gate) -> None:
    k = local_kernel
    gate = gates(tmp_path / "gate")
    k.run(f"$r = Start-Job {{ while [ ! -e {gate} ]; do sleep 0.02; done }}")
    cell = k.run("Remove-Job $r")
    job_id = k.run("$r.Id").stdout.strip()
    # non-terminating (ps-semantics §4): shown, the cell replies ok, $Error has it
    assert cell.status == "ok"
    assert k.run("$Error[0].FullyQualifiedErrorId").stdout == (
        "JobObjectNotFinishedCannotBeRemoved,Microsoft.PowerShell.Commands.RemoveJobCommand\n")
    assert (f"Remove-Job: The command cannot remove the job with the job ID {job_id} because "
            "the job is not finished. To remove the job, first stop the job, or use the "
            "Force parameter.") in cell.stderr
    assert k.run(f"Get-Job -Id {job_id}").text.count("Running") == 1
    assert k.run("Remove-Job $r -Force").status == "ok"
    gone = k.run(f"Get-Job -Id {job_id}")
    assert gone.status == "ok" and "cannot find a job" in gone.stderr


def test_nonzero_exit_fails_the_job_and_keeps_exit_code(local_kernel: KernelDriver) -> None:
    k = local_kernel
    k.run("$f = Start-Job { echo partial; exit 3 }; Wait-Job $f | Out-Null")
    assert rows(k.run("$f").text)[0][3] == "Failed"
    assert k.run("$f.ChildJobs[0].ExitCode").stdout == "3\n"
    first = k.run("Receive-Job $f")
    assert first.stdout == "partial\n"
    # Receive-Job of a Failed job writes its reason as a non-terminating error
    assert "exited with status 3" in first.stderr and first.status == "ok"
    again = k.run("Receive-Job $f")  # the failure is re-emitted on every receive
    assert "exited with status 3" in again.stderr and again.stdout == ""


def test_get_job_not_found_is_powershells_error(local_kernel: KernelDriver) -> None:
    cell = local_kernel.run("Get-Job -Id 99")
    assert cell.stderr == (
        "Get-Job: The command cannot find a job with the job ID 99. Verify the value of the "
        "Id parameter and then try the command again.\n")
    assert cell.status == "ok"  # non-terminating (ps-semantics §4)
    assert local_kernel.run("$Error[0].FullyQualifiedErrorId").stdout == (
        "JobWithSpecifiedSessionNotFound,Microsoft.PowerShell.Commands.GetJobCommand\n")


def test_stop_job_stops_and_passthru(local_kernel: KernelDriver) -> None:
    k = local_kernel
    cell = k.run("$s = Start-Job { sleep 300 }; Stop-Job $s -PassThru")
    assert rows(cell.text)[0][3] == "Stopped"


def test_seed_forms_are_accepted(local_kernel: KernelDriver) -> None:
    k = local_kernel
    k.run("$job = Start-Job { echo seed }; Wait-Job $job | Out-Null")
    assert rows(k.run("Get-Job $job").text)[0][3] == "Completed"
    job_id = k.run("$job.Id").stdout.strip()
    assert k.run(f"Receive-Job -SessionId {job_id} -Keep").stdout == "seed\n"


def test_redirection_writes_received_output(local_kernel: KernelDriver, tmp_path: Path) -> None:
    k = local_kernel
    target = tmp_path / "PsLog.txt"
    k.run("$job = Start-Job { echo logged }; Wait-Job $job | Out-Null")
    assert k.run(f"Receive-Job $job > {target}").text == ""
    assert target.read_text() == "logged\n"
    assert k.run(f"Get-Content {target}").stdout == "logged\n"


def test_background_ampersand_starts_a_job(local_kernel: KernelDriver) -> None:
    cell = local_kernel.run("echo amp &")
    assert "BackgroundJob" in cell.text and "echo amp" in cell.text


def test_where_and_select_on_jobs(local_kernel: KernelDriver) -> None:
    k = local_kernel
    k.run("Get-Job | Remove-Job -Force; $w = Start-Job { true }; Wait-Job $w | Out-Null")
    assert k.run("(Get-Job | Where-Object State -eq Completed).Count").stdout == "1\n"
    assert k.run("Get-Job | Where-Object { $_.State -eq 'Completed' } | "
                 "Select-Object -ExpandProperty Name").stdout.strip().startswith("Job")


def test_input_object_is_the_jobs_stdin(local_kernel: KernelDriver) -> None:
    k = local_kernel
    k.run("$up = 'a', \"b'c\" | Start-Job { tr a-z A-Z }; Wait-Job $up | Out-Null")
    assert k.run("Receive-Job $up").stdout == "A\nB'C\n"
    assert k.run("Invoke-Command -InputObject x,y { cat -n }").stdout == "     1\tx\n     2\ty\n"


def test_filter_and_write_events(local_kernel: KernelDriver) -> None:
    k = local_kernel
    k.run("Get-Job | Remove-Job -Force; $ok = Start-Job -Name filtered { true }")
    k.run("Wait-Job $ok | Out-Null")
    assert k.run("(Get-Job -Filter @{Name='filtered'; State='Completed'}).Id").stdout == \
        k.run("$ok.Id").stdout
    events = k.run("$ev = Start-Job { echo x } | Receive-Job -Wait -WriteEvents; "
                   "$ev[-1].JobStateInfo")
    assert events.stdout == "Completed\n"


def test_match_sets_matches(local_kernel: KernelDriver) -> None:
    k = local_kernel
    k.run("$uptime = 'web01:up 3 days'")
    assert k.run("$uptime -match '^(\\w+):up (\\d+)'").stdout == "True\n"
    assert k.run("$Matches[1] + '/' + $Matches[2]").stdout == "web01/3\n"
