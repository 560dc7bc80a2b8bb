"""The journal file on its own: names, permissions, torn lines, Ids across a clear."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from rjkernel.agent.private import UnsafeStore
from rjkernel.journal.entries import history
from rjkernel.journal.store import Journal, journal_enabled, journal_path


def cell(history_id: int, code: str = "echo hi", **extra: object) -> dict[str, object]:
    return {"v": 1, "kind": "cell", "id": history_id, "code": code,
            "start": "2026-12-03T06:00:00.000000+00:00",
            "end": "2026-12-03T06:00:01.500000+00:00", **extra}


def test_the_notebook_names_the_file_under_the_state_dir(tmp_path: Path) -> None:
    env = {"RJKERNEL_STATE_DIR": str(tmp_path), "JPY_SESSION_NAME": "ops/a b.ipynb"}
    assert journal_path(env, "k1") == tmp_path / "journal" / "ops%2Fa%20b.ipynb.jsonl"
    assert journal_path({"HOME": str(tmp_path)}, "k1").parts[-4:] == (
        "state", "rjkernel", "journal", "k1.jsonl")
    assert journal_enabled({}) and not journal_enabled({"RJKERNEL_JOURNAL": "Off"})


def test_append_is_private_and_a_torn_line_is_skipped(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j" / "nb.jsonl", notebook=None, kernel_id="k")
    journal.append(cell(journal.next_id()))
    with open(journal.path, "a") as f:
        f.write('{"v":1,"kind":"cell","id":2,"co')  # a crash mid-write
    assert [line["id"] for line in journal.lines()] == [1]
    assert stat.S_IMODE(os.stat(journal.path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(journal.path.parent).st_mode) == 0o700


def test_ids_count_on_after_a_clear_and_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "nb.jsonl"
    journal = Journal(path, notebook=None, kernel_id="k")
    for _ in range(3):
        journal.append(cell(journal.next_id()))
    journal.rewrite([])
    assert list(history(journal.lines())) == []
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert Journal(path, notebook=None, kernel_id="k2").next_id() == 4


def test_a_jobs_final_line_replaces_its_state_at_the_cells_end() -> None:
    job = {"Id": 5, "Runspace": "local", "State": "Running", "ExitCode": None}
    lines = [cell(1, jobs=[job]),
             {"v": 1, "kind": "job", "id": 1, "job": {**job, "State": "Failed", "ExitCode": 3}}]
    (entry,) = history(lines)
    props = entry.ps_properties()
    assert [(j.properties["State"], j.properties["ExitCode"]) for j in props["Jobs"]] == [
        ("Failed", 3)]
    assert props["Duration"].total_seconds() == 1.5 and str(entry) == "echo hi"


def test_a_linked_journal_is_refused_and_nothing_written_through_it(tmp_path: Path) -> None:
    """The journal is part of the job store and keeps its rules (issue 8 items 7, 8)."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    store = tmp_path / "store"
    store.mkdir(mode=0o700)
    (store / "journal").symlink_to(elsewhere)
    journal = Journal(store / "journal" / "nb.jsonl", notebook=None, kernel_id="k")
    with pytest.raises(UnsafeStore, match="is a symbolic link"):
        journal.append(cell(journal.next_id()))
    assert list(elsewhere.iterdir()) == []
