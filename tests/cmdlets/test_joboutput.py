"""A job's stderr as error records, one per line, each with its origin (no kernel)."""

from __future__ import annotations

from rjkernel.cmdlets.joboutput import ErrorLines, origin_of
from rjkernel.errors import ErrorRecord
from rjkernel.jobs.model import Job
from rjkernel.values.members import get_property, properties


def test_lines_cut_across_frames_are_one_record_and_know_their_jobs() -> None:
    child = Job(id=7, command="x", location="web01")
    Job.parent_of([child], id=6, name=None, command="x", type_name="RemoteJob")
    batches: list[list[ErrorRecord]] = []
    lines = ErrorLines(child, batches.append, command="Receive-Job")
    lines.feed("one\ntw", origin_of(child, "Error", 1_700_000_000))
    lines.feed("o\nthree", origin_of(child, "Error", 1_700_000_005))
    lines.flush()
    assert [[r.message for r in batch] for batch in batches] == [["one"], ["two"], ["three"]]
    two = batches[1][0]
    assert two.native and two.fully_qualified_error_id == (
        "NativeCommandError,Microsoft.PowerShell.Commands.ReceiveJobCommand")
    assert [get_property(two, n) for n in ("pscomputername", "Stream", "Line", "JobId",
                                           "ParentJobId")] == ["web01", "Error", "two", 7, 6]
    assert get_property(two, "Timestamp").timestamp() == 1_700_000_005  # the frame that ended it
    assert list(properties(two))[:7] == ["PSComputerName", "Stream", "Line", "Timestamp",
                                         "JobId", "ParentJobId", "Exception"]
