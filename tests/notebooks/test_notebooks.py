"""The notebooks in ``notebooks/``, executed headless with nbclient as a reader would run
them top to bottom: a real rjkernel, the suite's real sshd hosts (Server01–03; Server04
is in no ssh config, the runbook's unreachable host), shell script blocks.

Each notebook runs once per module (the fixtures below); the tests check what its cells
show. nbclient itself fails a run whose untagged cell answers with an error (a
terminating one); the tests add that exactly the cells expected to show a
non-terminating error write to stderr. Files that cells write on Server01
land in this machine's /tmp, where the test reads them.

The last test runs ``rjkernel demo --headless`` on the tour, against the demo's own
hosts.
"""

from __future__ import annotations

import re
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from rjkernel.demo import run as demo_run
from tests.fixtures.kernel import kernel_env
from tests.fixtures.notebooks import (
    cell,
    cells_exactly,
    code_cells,
    header,
    rows,
    stderr,
    stdout,
    tables,
    tags,
)
from tests.fixtures.sshd import SshdFixture

pytestmark = pytest.mark.timeout(240)

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
NAMES = ("about_remote_jobs", "ops_runbook", "teaching_lab")
CELL_TIMEOUT = 120
KERNELSPEC = {"name": "rjkernel", "display_name": "Remote Jobs (PowerShell syntax)",
              "language": "powershell"}


@dataclass
class Executed:
    nb: Any
    work_dir: Path  # the kernel's cwd: where local files go
    written: dict[str, str]  # the watched files the run wrote (path → content)


def execute(name: str, sshd: SshdFixture, base: Path, *, watch: tuple[str, ...] = ()
            ) -> Executed:
    """Run ``notebooks/<name>.ipynb`` in a kernel that sees the sshd hosts, cwd
    ``base/work``; read each file of ``watch`` the run wrote (as soon as it ends: the
    demo test writes the same files on its own hosts)."""
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    work = base / "work"
    work.mkdir()
    env = kernel_env(Path(sshd.env["HOME"]), base / "state", sshd.env)
    started = time.time()
    client = NotebookClient(nb, kernel_name="rjkernel", timeout=CELL_TIMEOUT,
                            resources={"metadata": {"path": str(work)}})
    client.execute(env=env)
    written = {path: Path(path).read_text() for path in watch
               if Path(path).exists() and Path(path).stat().st_mtime >= started}
    return Executed(nb, work, written)


@pytest.fixture(scope="module")
def about(sshd: SshdFixture, tmp_path_factory: pytest.TempPathFactory) -> Executed:
    # Written on Server01, which is this machine: its /tmp is ours.
    return execute("about_remote_jobs", sshd, tmp_path_factory.mktemp("about"),
                   watch=("/tmp/PsLog.txt", "/tmp/pslog.txt"))


@pytest.fixture(scope="module")
def runbook(sshd: SshdFixture, tmp_path_factory: pytest.TempPathFactory) -> Executed:
    return execute("ops_runbook", sshd, tmp_path_factory.mktemp("runbook"))


@pytest.fixture(scope="module")
def lab(sshd: SshdFixture, tmp_path_factory: pytest.TempPathFactory) -> Executed:
    return execute("teaching_lab", sshd, tmp_path_factory.mktemp("lab"))


# ---------------------------------------------------------------------- all notebooks


@pytest.mark.parametrize("name", NAMES)
def test_stored_without_outputs_for_rjkernel(name: str) -> None:
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec == KERNELSPEC
    assert nb.metadata.language_info.name == "powershell"
    for c in code_cells(nb):
        assert c.outputs == [] and c.execution_count is None, c.source


# The cells that show an error, each a non-terminating one (a failed job's reason, a host
# that does not answer): PowerShell shows it and goes on, and the cell replies ok. A
# terminating error would reply error and nbclient would stop the run there; no cell is
# tagged raises-exception to allow one.
SHOWS_AN_ERROR = {
    "about": ["Receive-Job $fail"],
    "runbook": ["Invoke-Command -ComputerName $fleet -ScriptBlock",
                "$children | Where-Object State -eq Failed | Receive-Job -Keep"],
    "lab": ["Receive-Job $bad"],
}


@pytest.mark.parametrize("name", ["about", "runbook", "lab"])
def test_errors_only_where_expected(name: str, request: pytest.FixtureRequest) -> None:
    executed: Executed = request.getfixturevalue(name)
    for c in code_cells(executed.nb):
        assert c.execution_count is not None, c.source
        assert "raises-exception" not in tags(c), c.source
    showing = [c for c in code_cells(executed.nb) if stderr(c)]
    assert [cell(executed.nb, s) for s in SHOWS_AN_ERROR[name]] == showing, \
        [(c.source, stderr(c)) for c in showing]


# ---------------------------------------------------------------------- about_remote_jobs


def test_method1_a_job_in_an_interactive_session(about: Executed) -> None:
    nb = about.nb
    assert re.fullmatch(r"\[Server01\]: PS /\S*> \n",
                        stdout(cell(nb, "Enter-PSSession -ComputerName Server01")))
    (job,) = rows(tables(cell(nb, "Get-Job $job")))
    assert job[:3] == ["1", "Job1", "BackgroundJob"] and job[5] == "localhost"
    (waited,) = rows(tables(cell(nb, "Wait-Job $job")))
    assert waited[3] == "Completed"
    assert stdout(cell(nb, "Exit-PSSession")).endswith(f"PS {about.work_dir}> \n")

    content = about.written["/tmp/PsLog.txt"]
    assert content.startswith(f"== /var/log on {socket.gethostname()} ==\ntotal ")
    assert stdout(cell(nb, "Get-Content /tmp/PsLog.txt")) == content


def test_method2_asjob_results_come_back(about: Executed) -> None:
    nb = about.nb
    (job,) = rows(tables(cell(nb, "df -h / } -AsJob")))
    assert job[:3] == ["1", "Job1", "RemoteJob"] and job[5] == "Server01"
    listed = rows(tables(cell(nb, "Get-Job | Wait-Job | Out-Null")))
    assert [(r[0], r[1], r[3]) for r in listed] == [("1", "Job1", "Completed"),
                                                   ("3", "kernels", "Completed")]
    children = rows(tables(cell(nb, "Get-Job -Name kernels -IncludeChildJob")))
    assert [(r[0], r[-2]) for r in children[1:]] == [("4", "Server01"), ("5", "Server02"),
                                                     ("6", "Server03")]
    results, _ = cells_exactly(nb, "$results")
    assert stdout(results).startswith("Filesystem")
    kernels = stdout(cell(nb, "Receive-Job -Name kernels")).splitlines()
    assert [line.split("]")[0] for line in kernels] == ["[Server01", "[Server02", "[Server03"]


def test_method3_the_job_stays_on_server01(about: Executed) -> None:
    nb = about.nb
    started = tables(cell(nb, "Start-Job -ScriptBlock { ls -lt /var/log | head -n 5 }"))
    assert header(started)[-1] == "PSComputerName"
    (job,) = rows(started)
    assert job[:3] == ["1", "Job1", "BackgroundJob"]
    assert job[5] == "localhost" and job[-1] == "Server01"
    (listed,) = rows(tables(cell(nb, "-ScriptBlock { Get-Job }")))
    assert listed[0] == "1" and listed[-1] == "Server01"

    _, results = cells_exactly(nb, "$results")
    kept = stdout(results)
    assert kept.startswith("total ") and len(kept.splitlines()) == 5
    assert about.written["/tmp/pslog.txt"] == kept == stdout(cell(nb, "Get-Content /tmp/pslog.txt"))


def test_rjkernel_differences_and_clean_up(about: Executed) -> None:
    nb = about.nb
    failed = tables(cell(nb, "Wait-Job $fail | Select-Object Id, State, ExitCode"))
    assert re.search(r"\b7 Failed +2\b", failed)
    assert "exited with status 2" in stderr(cell(nb, "Receive-Job $fail"))
    # Session tables are live: the saved one shows the session's last state (Closed by
    # the clean-up), not Disconnected.
    (session,) = rows(tables(cell(nb, "Disconnect-PSSession $d")))
    assert session[1:4] == ["durable", "SSH", "Server02"]
    assert stdout(cell(nb, "Connect-PSSession $d")) == "still here\n"
    assert code_cells(nb)[-1].outputs == []  # Get-Job; Get-PSSession: nothing left


# ---------------------------------------------------------------------- ops_runbook


def test_runbook_the_unreachable_host_fails_the_others_complete(runbook: Executed) -> None:
    nb = runbook.nb
    assert "[Server04]" in stderr(cell(nb, "cut -d' ' -f1-3 /proc/loadavg"))
    listed = rows(tables(cell(nb, "Get-Job -Name disk, logs -IncludeChildJob")))
    parents = [(r[1], r[3]) for r in listed if r[2] == "RemoteJob"]
    children = [(r[5], r[3]) for r in listed if r[2] == ""]
    assert parents == [("disk", "Failed"), ("logs", "Failed")]
    one_check = [("Server01", "Completed"), ("Server02", "Completed"),
                 ("Server03", "Completed"), ("Server04", "Failed")]
    assert children == one_check * 2
    failed = tables(cell(nb, "$children | Where-Object State -eq Failed | Select-Object"))
    assert re.findall(r"Server0\d +\w+", failed) == ["Server04 Failed"] * 2
    assert stdout(cell(nb, "$down = ")) == "Server04\n"


def test_runbook_report_collects_the_answering_hosts(runbook: Executed) -> None:
    report = (runbook.work_dir / "fleet-report.txt").read_text()
    assert stdout(cell(runbook.nb, "Get-Content $report")) == report
    sections = re.split(r"^== .* ==$", report, flags=re.M)
    assert re.findall(r"^== .* ==$", report, flags=re.M) == [
        "== disk usage (alert at 80%) ==", "== log lines matching ERROR|WARN ==",
        "== not reachable: Server04 =="]
    disk, logs = sections[1], sections[2]
    hosts = ["-- Server01", "-- Server02", "-- Server03"]
    assert [line for line in disk.splitlines() if line.startswith("--")] == hosts
    assert disk.count("Filesystem") == 3
    assert [line for line in logs.splitlines() if line.startswith("--")] == hosts
    assert logs.count(" ERROR disk quota exceeded") == 3 and logs.count(" WARN ") == 3
    assert code_cells(runbook.nb)[-1].outputs == []  # Remove-Job; Get-Job: no jobs left


# ---------------------------------------------------------------------- teaching_lab


def test_lab_worked_examples_show_their_lessons(lab: Executed) -> None:
    nb = lab.nb
    assert stdout(cell(nb, 'echo "$GREETING from')) == f"/tmp\nhello from {socket.gethostname()}\n"
    assert re.fullmatch(r"\[Server01\]: PS /tmp> \n", stdout(cell(nb, "Enter-PSSession -Session")))
    assert re.fullmatch(r"\d+\n", stdout(cell(nb, "Get-Content /tmp/usr-bin-count.txt")))
    assert stdout(cell(nb, "$kernels.Count")) == "3\n"
    (remote,) = rows(tables(cell(nb, "date -u +%F")))
    assert remote[0] == "3" and remote[-1] == "Server01"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d\n", stdout(cell(nb, "$today = ")))
    # keep or consume
    assert stdout(cell(nb, "$two = Start-Job")) == "True\n"
    assert stdout(cell(nb, "Receive-Job $two -Keep\n$two.HasMoreData")) == "one\ntwo\nTrue\n"
    assert stdout(cell(nb, "Receive-Job $two\n$two.HasMoreData")) == "one\ntwo\nFalse\n"
    (again,) = cells_exactly(nb, "Receive-Job $two")
    assert again.outputs == []
    # failures
    assert re.search(r"\b7 Failed +1\b", tables(cell(nb, "Wait-Job $bad")))
    failed = rows(tables(cell(nb, "-JobName reach")))
    assert [(r[5], r[3]) for r in failed] == [("Server01,Server04", "Failed"),
                                              ("Server04", "Failed")]
    # waiting
    (first,) = rows(tables(cell(nb, "Wait-Job -Job $fast, $slow -Any")))
    assert first[1] == "fast" and first[3] == "Completed"
    assert stdout(cell(nb, "Wait-Job $slow -Timeout 1")) == "Running\n"
    stopped = {r[1]: r[3] for r in rows(tables(cell(nb, "Stop-Job $slow")))}
    assert stopped == {"fast": "Completed", "slow": "Stopped"}
    answers = cells_exactly(nb, "# your answer here")
    assert len(answers) == 8 and all(a.outputs == [] for a in answers)


# ---------------------------------------------------------------------- rjkernel demo


def test_demo_headless_runs_the_tour(
    rjkernel_kernelspec: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``rjkernel demo --headless``: its own demo hosts, the suite's kernelspec (not one
    installed into the venv), the local job store under ``tmp_path``."""
    spec = rjkernel_kernelspec / "kernels" / "rjkernel"
    monkeypatch.setattr(demo_run, "install_kernelspec", lambda: str(spec))
    monkeypatch.setenv("RJKERNEL_STATE_DIR", str(tmp_path / "kernel-state"))
    state = tmp_path / "demo"

    status = demo_run.run_demo(headless=True, notebook=NOTEBOOKS / "about_remote_jobs.ipynb",
                               state_dir=state)

    printed = capsys.readouterr().out
    assert status == 0, printed
    assert "In [1]: Enter-PSSession -ComputerName Server01\n[Server01]: PS /" in printed
    assert re.search(r"^1 +Job1 +RemoteJob +Completed +True +Server01 ", printed, re.M)
    assert "still here\n" in printed
    executed = state / "work" / "about_remote_jobs.executed.ipynb"
    assert f"Executed notebook saved to {executed}" in printed
    assert all(c.execution_count for c in code_cells(nbformat.read(executed, as_version=4)))
