"""``notebooks/runbook_language.ipynb`` executed headless against the suite's sshd hosts
(issue 7's proof): a runbook written in PowerShell — a function with a param block,
try/catch around the remote calls, foreach/if, Group-Object, dates, Export-Csv — whose
every cell answers ok because it handles the unreachable Server04 itself."""

from __future__ import annotations

import csv
import io

import nbformat
import pytest

from tests.fixtures.notebooks import cell, code_cells, stderr, stdout, tables
from tests.fixtures.sshd import SshdFixture
from tests.notebooks.test_notebooks import KERNELSPEC, NOTEBOOKS, Executed, execute

pytestmark = pytest.mark.timeout(240)


@pytest.fixture(scope="module")
def language(sshd: SshdFixture, tmp_path_factory: pytest.TempPathFactory) -> Executed:
    return execute("runbook_language", sshd, tmp_path_factory.mktemp("language"))


def test_stored_without_outputs() -> None:
    nb = nbformat.read(NOTEBOOKS / "runbook_language.ipynb", as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec == KERNELSPEC
    for c in code_cells(nb):
        assert c.outputs == [] and c.execution_count is None, c.source


def test_every_cell_runs_without_an_error(language: Executed) -> None:
    for c in code_cells(language.nb):
        assert c.execution_count is not None, c.source
        assert stderr(c) == "", f"{c.source}\n{stderr(c)}"


def test_the_function_reports_each_host(language: Executed) -> None:
    nb = language.nb
    lines = _lines(tables(cell(nb, "$health = $fleet | Get-HostHealth")))
    assert lines[0].split() == ["Host", "Status", "Load"]
    hosts = {line.split()[0]: line.split()[1] for line in lines[2:]}
    assert hosts == {"Server01": "Up", "Server02": "Up", "Server03": "Up",
                     "Server04": "Down"}


def test_decisions_groups_and_errors(language: Executed) -> None:
    nb = language.nb
    # The alerts follow from the loads the health table showed (a busy machine's load
    # average may pass the threshold of 8): the loaded hosts in order, then Server04.
    health = [line.split() for line in _lines(tables(cell(nb, "$health = $fleet")))[2:]]
    loaded = [f"{row[0]} has load {row[2]}" for row in health
              if row[1] == "Up" and float(row[2]) > 8.0]
    expected = [*loaded, "Server04 is not reachable"]
    assert _lines(stdout(cell(nb, "$alerts = @()"))) == [f"{len(expected)} alert(s)", *expected]
    why = cell(nb, "Group-Object Status")
    assert _lines(stdout(why))[0].startswith("[Server04] ")  # the Down row's error
    counts = [line.split() for line in _lines(tables(why))[2:]]
    assert counts == [["1", "Down"], ["3", "Up"]]
    usage = tables(cell(nb, "$usage = foreach"))
    rows = {line.split()[0]: line.split()[1] for line in _lines(usage)[2:]}
    assert rows["Server04"] == "n/a"
    assert all(rows[h].endswith("%") for h in ("Server01", "Server02", "Server03"))
    assert stdout(cell(nb, "$Error[0].Exception.Message")) == "True\n"
    assert _lines(stdout(cell(nb, "$took = "))) == ["True", "True"]


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def test_the_csv_report(language: Executed) -> None:
    written = (language.work_dir / "fleet-health.csv").read_text()
    assert stdout(cell(language.nb, "Get-Content $csv")) == written
    rows = list(csv.DictReader(io.StringIO(written)))
    assert [(r["Host"], r["Status"]) for r in rows] == [
        ("Server01", "Up"), ("Server02", "Up"), ("Server03", "Up"), ("Server04", "Down")]
    assert rows[3]["Load"] == "" and float(rows[0]["Load"]) >= 0
