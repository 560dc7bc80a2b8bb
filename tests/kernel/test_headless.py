"""Headless runs: papermill with parameters, nbclient saving what cells showed."""

from __future__ import annotations

from pathlib import Path

import nbformat
import papermill
import pytest

pytestmark = pytest.mark.timeout(180)


def notebook(path: Path, *cells: tuple[str, list[str]]) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "rjkernel", "display_name": "Remote Jobs",
                                 "language": "powershell"}
    nb.metadata["language_info"] = {"name": "powershell"}
    for source, tags in cells:
        cell = nbformat.v4.new_code_cell(source)
        cell.metadata["tags"] = tags
        nb.cells.append(cell)
    nbformat.write(nb, path)
    return path


def test_papermill_injects_parameters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RJKERNEL_STATE_DIR", str(tmp_path / "state"))
    source = notebook(tmp_path / "in.ipynb",
                      ('$target = "nobody"', ["parameters"]),
                      ('Write-Output "hello $target"', []))
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(str(source), str(out), parameters={"target": "web01"},
                               kernel_name="rjkernel", progress_bar=False)
    executed = nbformat.read(out, as_version=4)
    texts = ["".join(o.get("text", "") for o in c.get("outputs", [])) for c in executed.cells]
    assert "hello web01\n" in texts


def test_nbclient_saves_final_job_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                        ) -> None:
    from nbclient import NotebookClient

    monkeypatch.setenv("RJKERNEL_STATE_DIR", str(tmp_path / "state"))
    nb = nbformat.read(notebook(tmp_path / "jobs.ipynb",
                                ("$j = Start-Job { echo done }", []),
                                ("Wait-Job $j", []),
                                ("Receive-Job $j", [])), as_version=4)
    NotebookClient(nb, kernel_name="rjkernel", timeout=60).execute()
    waited = nb.cells[1].outputs[0]
    assert "Completed" in waited["data"]["text/plain"]
    assert "Completed" in waited["data"]["text/html"]
    assert nb.cells[2].outputs[0]["text"] == "done\n"
