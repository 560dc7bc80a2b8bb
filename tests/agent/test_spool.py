"""Spool framing: the writer's whole-line frames, the incremental parser, boundary scans."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rjkernel.agent.spool import (
    HEADER,
    MAX_DATA,
    STDERR,
    STDOUT,
    Frame,
    FrameParser,
    FrameWriter,
    SpoolError,
    encode_frame,
    scan_boundary,
)


def split(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts} | {0, len(data)})
    return [data[a:b] for a, b in itertools.pairwise(points)]


frames_st = st.lists(
    st.tuples(st.sampled_from([STDOUT, STDERR]), st.binary(max_size=300), st.integers(0, 2**63)),
    max_size=30,
)


@given(frames=frames_st, cuts=st.lists(st.integers(min_value=0), max_size=40))
def test_the_parser_rebuilds_frames_from_any_chunking(
    frames: list[tuple[str, bytes, int]], cuts: list[int]
) -> None:
    data = b"".join(encode_frame(s, d, t) for s, d, t in frames)
    parser = FrameParser()
    parsed: list[Frame] = []
    fed = 0
    for chunk in split(data, cuts):
        parsed += parser.feed(chunk)
        fed += len(chunk)
        assert parser.offset + parser.pending == fed
    assert [(f.stream, f.data, f.time_us) for f in parsed] == frames
    assert parser.offset == len(data) and parser.pending == 0


def test_the_parser_offset_stays_on_a_frame_boundary() -> None:
    one, two = encode_frame(STDOUT, b"a\n", 1), encode_frame(STDERR, b"bb\n", 2)
    parser = FrameParser(offset=100)
    assert parser.feed(one + two[:5]) == [Frame(STDOUT, 1, b"a\n")]
    assert (parser.offset, parser.pending) == (100 + len(one), 5)
    assert parser.feed(two[5:]) == [Frame(STDERR, 2, b"bb\n")]
    assert (parser.offset, parser.pending) == (100 + len(one) + len(two), 0)


@pytest.mark.parametrize(
    "header",
    [HEADER.pack(b"x", 1, 0), HEADER.pack(b"o", MAX_DATA + 1, 0)],
)
def test_the_parser_refuses_corrupt_headers(header: bytes) -> None:
    with pytest.raises(SpoolError):
        FrameParser().feed(header + b"z")


def write_frames(tmp_path: Path, pieces: list[tuple[str, bytes]]) -> tuple[list[Frame], int]:
    path = tmp_path / "spool"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    writer = FrameWriter(fd)
    for stream, data in pieces:
        writer.feed(stream, data)
    writer.flush(STDOUT)
    writer.flush(STDERR)
    os.close(fd)
    assert writer.size == path.stat().st_size
    return FrameParser().feed(path.read_bytes()), writer.size


def test_the_writer_frames_whole_lines_and_keeps_partial_ones_back(tmp_path: Path) -> None:
    frames, _ = write_frames(
        tmp_path,
        [(STDOUT, b"one\ntw"), (STDERR, b"oops\n"), (STDOUT, b"o\nthree"), (STDERR, b"tail")],
    )
    assert [(f.stream, f.data) for f in frames] == [
        (STDOUT, b"one\n"),
        (STDERR, b"oops\n"),
        (STDOUT, b"two\n"),
        (STDOUT, b"three"),  # flushed at the stream's end
        (STDERR, b"tail"),
    ]


def test_a_long_line_is_cut_at_max_data(tmp_path: Path) -> None:
    long = b"x" * (MAX_DATA * 2 + 10)
    frames, _ = write_frames(tmp_path, [(STDOUT, long + b"\n" + b"y\n" * 5)])
    assert [len(f.data) for f in frames[:2]] == [MAX_DATA, MAX_DATA]
    assert b"".join(f.data for f in frames) == long + b"\n" + b"y\n" * 5
    assert all(len(f.data) <= MAX_DATA for f in frames)


@settings(max_examples=50)
@given(
    st.lists(st.tuples(st.sampled_from([STDOUT, STDERR]), st.binary(max_size=3000)), max_size=20)
)
def test_the_writer_keeps_every_byte_in_order_per_stream(
    tmp_path_factory: pytest.TempPathFactory, pieces: list[tuple[str, bytes]]
) -> None:
    frames, _ = write_frames(tmp_path_factory.mktemp("spool"), pieces)
    for stream in (STDOUT, STDERR):
        written = b"".join(d for s, d in pieces if s == stream)
        assert b"".join(f.data for f in frames if f.stream == stream) == written
    # Every frame but a stream's last holds whole lines (or a full MAX_DATA piece).
    for stream in (STDOUT, STDERR):
        mine = [f.data for f in frames if f.stream == stream]
        assert all(d.endswith(b"\n") or len(d) == MAX_DATA for d in mine[:-1])


def test_scan_boundary_stops_before_an_incomplete_frame(tmp_path: Path) -> None:
    one, two = encode_frame(STDOUT, b"a" * 50), encode_frame(STDERR, b"b" * 50)
    path = tmp_path / "spool"
    path.write_bytes(one + two[:20])
    fd = os.open(path, os.O_RDONLY)
    try:
        assert scan_boundary(fd, 0, path.stat().st_size) == len(one)
        assert scan_boundary(fd, len(one), path.stat().st_size) == len(one)
        with open(path, "ab") as f:
            f.write(two[20:])
        assert scan_boundary(fd, len(one), path.stat().st_size) == len(one + two)
        with open(path, "ab") as f:
            f.write(b"garbage that is not a header")
        assert scan_boundary(fd, 0, path.stat().st_size) == len(one + two)
    finally:
        os.close(fd)
