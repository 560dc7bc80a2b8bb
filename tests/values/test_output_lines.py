"""Job output lines: text cut per host and per job, each line keeping its origin."""

from __future__ import annotations

from datetime import datetime

from rjkernel.values.members import get_property
from rjkernel.values.objects import LineOrigin, OutputLine, TextChunk, TextLines


def origin(job_id: int, second: int) -> LineOrigin:
    return LineOrigin("localhost", "Output", datetime(2026, 1, 1, 0, 0, second), job_id,
                      1)


def test_partial_lines_of_two_jobs_on_one_host_stay_apart() -> None:
    lines = TextLines()
    got = lines.feed(TextChunk("a\npart", origin=origin(2, 1)))
    got += lines.feed(TextChunk("b\n", origin=origin(4, 2)))
    got += lines.flush()
    assert got == ["a", "b", "part"]
    assert [line.origin.job_id for line in got if isinstance(line, OutputLine)] == [2, 4, 2]


def test_a_line_split_across_chunks_takes_the_time_it_ended() -> None:
    lines = TextLines()
    assert lines.feed(TextChunk("hel", origin=origin(2, 1))) == []
    (line,) = lines.feed(TextChunk("lo\n", origin=origin(2, 5)))
    assert line == "hello"
    assert get_property(line, "timestamp") == datetime(2026, 1, 1, 0, 0, 5)
    assert get_property(line, "PSComputerName") == "localhost"
    assert get_property(line, "Length") == 5
