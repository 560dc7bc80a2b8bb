"""The journal (issue 10, part 3) through real kernels and the suite's real sshd.

Each cell's line is read back from the file the kernel wrote; Get-History reads the same
file after a restart; nothing typed at a prompt ever reaches it.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.kernel import wait_until
from tests.fixtures.sshd import SshdFixture

pytestmark = pytest.mark.timeout(240)
NOTEBOOK = "ops/fleet check.ipynb"


def journal_file(state: Path) -> Path:
    return state / "journal" / "ops%2Ffleet%20check.ipynb.jsonl"


def lines(state: Path, kind: str = "cell") -> list[dict[str, Any]]:
    text = journal_file(state).read_text()
    return [json.loads(t) for t in text.splitlines() if json.loads(t)["kind"] == kind]


def test_cells_local_remote_fan_out_and_failed(start_kernel, sshd: SshdFixture,
                                               tmp_path: Path) -> None:
    state, gate = tmp_path / "state", tmp_path / "gate"
    env = {**sshd.env, "JPY_SESSION_NAME": NOTEBOOK}
    k = start_kernel(env, home=Path(sshd.env["HOME"]), state=state)
    assert k.run("echo local-hi", cell_id="c-local").status == "ok"
    k.run("$s = New-PSSession web01; Invoke-Command -Session $s { echo remote-hi }",
          cell_id="c-remote")
    k.run("$fj = Invoke-Command -ComputerName web02,db01 -AsJob -ScriptBlock "
          f"{{ while [ ! -e {gate} ]; do sleep 0.02; done; exit 3 }}", cell_id="c-fan")
    # a non-terminating error: shown, the cell ran to its end (PipelineState Completed)
    assert k.run("Get-Job -Id 999", cell_id="c-shown").status == "ok"
    # -ErrorAction Stop makes it script-terminating: the cell failed (about_CommonParameters)
    assert k.run("Get-Job -Id 999 -ErrorAction Stop", cell_id="c-failed").status == "error"
    k.run("Enter-PSSession $s", cell_id="c-enter")
    k.run("echo inside", cell_id="c-inside")
    k.run("Exit-PSSession")

    cells = {c["cellId"]: c for c in lines(state)}
    local, remote, fan = cells["c-local"], cells["c-remote"], cells["c-fan"]
    assert (local["code"], local["status"], local["runspace"], local["computer"],
            local["hosts"], local["outputBytes"]) == (
        "echo local-hi", "Completed", "local", "localhost", [], len("local-hi\n"))
    assert local["notebook"] == NOTEBOOK and local["user"] and local["kernel"]
    assert local["start"] <= local["end"]
    assert remote["hosts"] == ["web01"] and remote["status"] == "Completed"
    assert fan["hosts"] == ["db01", "web02"]
    (job,) = fan["jobs"]
    assert (job["State"], job["Location"], job["Runspace"]) == ("Running", "web02,db01", "local")
    missing = ["JobWithSpecifiedSessionNotFound,Microsoft.PowerShell.Commands.GetJobCommand"]
    shown, failed = cells["c-shown"], cells["c-failed"]
    assert (shown["status"], shown["errors"]) == ("Completed", missing)
    assert (failed["status"], failed["errors"]) == ("Failed", missing)
    inside = cells["c-inside"]
    assert (inside["computer"], inside["runspace"], inside["hosts"]) == (
        "web01", k.run("$s.Name").stdout.strip(), ["web01"])
    ids = [c["id"] for c in lines(state)]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)

    gate.touch()
    wait_until(lambda: any(j["id"] == fan["id"] for j in lines(state, "job")),
               what="the fan-out job's final line")
    (final,) = [j["job"] for j in lines(state, "job") if j["id"] == fan["id"]]
    assert (final["Id"], final["State"], final["ExitCode"]) == (job["Id"], "Failed", 3)
    mode = os.stat(journal_file(state)).st_mode
    assert stat.S_IMODE(mode) == 0o600
    assert stat.S_IMODE(os.stat(journal_file(state).parent).st_mode) == 0o700
    k.run("Remove-PSSession $s")


def test_get_history_reads_across_a_restart(start_kernel, tmp_path: Path) -> None:
    state = tmp_path / "state"
    k = start_kernel({"JPY_SESSION_NAME": NOTEBOOK}, state=state)
    k.run("echo one")
    k.run("Get-Job -Id 999")
    k.run("throw 'deploy failed'")
    k.km.restart_kernel(now=False)
    k.kc.wait_for_ready(timeout=60)
    table = k.run("Get-History").text.splitlines()
    assert table[1:3] == ["  Id     Duration CommandLine", "  --     -------- -----------"]
    assert [(row[:4], row[17:]) for row in table[3:6]] == [
        ("   1", " echo one"), ("   2", " Get-Job -Id 999"), ("   3", " throw 'deploy failed'")]
    status = k.run("Get-History | ForEach-Object { \"$($_.Id) $($_.ExecutionStatus) "
                   "$($_.Duration.GetType().Name) $($_.Errors.Count)\" }")
    # HistoryInfo.ExecutionStatus is the pipeline's state: a non-terminating error leaves
    # it Completed, a throw (script-terminating, about_Throw) makes it Failed
    assert status.stdout == ("1 Completed TimeSpan 0\n2 Completed TimeSpan 1\n"
                             "3 Failed TimeSpan 1\n4 Completed TimeSpan 0\n")
    assert k.run("(Get-History -Id 2).CommandLine").stdout == "Get-Job -Id 999\n"
    k.run("Clear-History -Id 1")
    assert k.run("Get-History | ForEach-Object Id").stdout == "2\n3\n4\n5\n6\n7\n"
    k.run("Clear-History")
    assert k.run("Get-History | ForEach-Object Id").stdout == "9\n"


def test_turned_off_by_variable_or_environment(start_kernel, tmp_path: Path) -> None:
    state = tmp_path / "state"
    k = start_kernel({"JPY_SESSION_NAME": NOTEBOOK}, state=state)
    k.run("$RJJournal = $false")
    k.run("echo unrecorded")
    k.run("$RJJournal = $true")
    k.run("echo recorded")
    assert [c["code"] for c in lines(state)] == ["$RJJournal = $true", "echo recorded"]
    off_state = tmp_path / "off-state"
    off = start_kernel({"JPY_SESSION_NAME": NOTEBOOK, "RJKERNEL_JOURNAL": "off"},
                       state=off_state)
    off.run("echo nothing")
    assert not (off_state / "journal").exists()
    assert off.run("Get-History").stdout == ""


def test_secrets_typed_at_prompts_never_reach_it(start_kernel, tmp_path: Path) -> None:
    secret = "typed-secret-7f3a"
    state = tmp_path / "state"
    k = start_kernel({"JPY_SESSION_NAME": NOTEBOOK}, state=state)
    cell = k.submit("$pw = Read-Host 'Vault' -AsSecureString; $pw", allow_stdin=True)
    assert k.kc.get_stdin_msg(timeout=30)["content"]["password"] is True
    k.kc.input(secret)
    k.collect(cell)
    cell = k.submit("$t = Read-Host 'Token'", allow_stdin=True)
    k.kc.get_stdin_msg(timeout=30)
    k.kc.input(secret + "-plain")
    k.collect(cell)
    text = journal_file(state).read_text()
    assert "Read-Host 'Vault' -AsSecureString" in text
    assert secret not in text
