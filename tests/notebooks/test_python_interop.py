"""``notebooks/python_interop.ipynb``: rjkernel's magics in a Python notebook, executed
headless by nbclient in ipykernel's own Python kernel against the suite's real sshd
hosts, as CI runs it. nbclient fails the run on an error in an untagged cell; the
tests check what the cells show."""

from __future__ import annotations

from ast import literal_eval
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from tests.fixtures.kernel import kernel_env
from tests.fixtures.notebooks import cell, code_cells, rows, stderr, tables, tags
from tests.fixtures.sshd import SshdFixture

pytestmark = pytest.mark.timeout(240)
NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "python_interop.ipynb"


@pytest.fixture(scope="module")
def interop(sshd: SshdFixture, tmp_path_factory: pytest.TempPathFactory) -> Any:
    base = tmp_path_factory.mktemp("interop")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    env = kernel_env(Path(sshd.env["HOME"]), base / "state",
                     {**sshd.env, "JPY_SESSION_NAME": "python_interop.ipynb"})
    NotebookClient(nb, kernel_name="python3", timeout=120,
                   resources={"metadata": {"path": str(base)}}).execute(env=env)
    return nb


def result(c: Any) -> str:
    """The text/plain of a cell's Out[] (execute_result)."""
    return "".join(o.data.get("text/plain", "") for o in c.outputs
                   if o.output_type == "execute_result")


def test_stored_without_outputs_for_the_python_kernel() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    assert all(c.outputs == [] and c.execution_count is None for c in code_cells(nb))


def test_errors_only_where_tagged(interop: Any) -> None:
    for c in code_cells(interop):
        if "raises-exception" in tags(c):
            assert [o.ename for o in c.outputs if o.output_type == "error"] == ["RJError"]
        else:  # a cell that catches the error still shows it as it happened
            assert not [o for o in c.outputs if o.output_type == "error"], c.source
            assert ("except Exception" in c.source) == bool(stderr(c)), c.source


def test_the_fan_out_table_and_lines_that_know_their_host(interop: Any) -> None:
    (job,) = rows(tables(cell(interop, "%%rj -i hosts -i limit -o disk")))
    assert job[2:4] == ["RemoteJob", "Completed"]
    shown = literal_eval(result(cell(interop, "sorted((line.PSComputerName")))
    assert [host for host, _ in shown] == ["Server01", "Server02"]
    assert all(used.endswith("%") for _, used in shown)  # df's Capacity column


def test_to_pandas_groups_by_host(interop: Any) -> None:
    frame = cell(interop, "lines = (%rj Receive-Job $j -Keep).to_pandas()")
    (html,) = [o.data["text/html"] for o in frame.outputs if o.output_type == "execute_result"]
    assert "<th>PSComputerName</th>" in html and "<th>JobId</th>" in html
    sizes = result(cell(interop, "lines.groupby('PSComputerName').size()")).splitlines()
    assert sizes[1:3] == ["Server01    1", "Server02    1"]


def test_stderr_rows_with_2_redirect(interop: Any) -> None:
    frame = cell(interop, "both = (%rj Receive-Job $both -Keep 2>&1).to_pandas()")
    (text,) = [o.data["text/plain"] for o in frame.outputs if o.output_type == "execute_result"]
    rows = sorted(line.split()[1:4] for line in text.splitlines()[1:])
    assert [r[:2] for r in rows] == [["Server01", "Error"], ["Server01", "Output"],
                                     ["Server02", "Error"], ["Server02", "Output"]]
    assert stderr(cell(interop, "%rj $both = Invoke-Command")) == ""


def test_live_objects_errors_and_history(interop: Any) -> None:
    assert result(cell(interop, "job = (%rj $j)[0]")) == (
        "('Completed', 'Server01,Server02', ['Server01', 'Server02'])")
    assert result(cell(interop, "caught = error")) == (
        "('RJError', 'JobWithSpecifiedNameNotFound')")
    # the two cells that started jobs on the hosts: the %%rj fan-out and the stderr one
    entries = literal_eval(result(cell(interop, "entry['Hosts']")))
    assert [hosts for _, hosts in entries] == [["Server01", "Server02"]] * 2
