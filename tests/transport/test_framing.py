"""The persistent shell's framing, without a shell: quoting and the marker scanner."""

from __future__ import annotations

import random

import pytest

from rjkernel.transport.framing import MARK, Marker, MarkerScanner, new_token, parse_status, wrap

TOKEN = "rj" + "ab" * 16


def _stdout_marker(status: int, cwd: bytes) -> bytes:
    return MARK + TOKEN.encode() + b"[" + str(status).encode() + b" " + cwd + b"]" + TOKEN.encode()


def _feed_all(scanner: MarkerScanner, pieces: list[bytes]) -> list[bytes | Marker]:
    """Feed ``pieces`` and merge adjacent output, so results do not depend on the split."""
    merged: list[bytes | Marker] = []
    for piece in pieces:
        for event in scanner.feed(piece):
            if isinstance(event, bytes) and merged and isinstance(merged[-1], bytes):
                merged[-1] += event
            else:
                merged.append(event)
    return merged


def test_tokens_are_fresh_and_need_no_quoting() -> None:
    tokens = {new_token() for _ in range(100)}
    assert len(tokens) == 100
    assert all(token.isalnum() and token.isascii() for token in tokens)


def test_wrap_quotes_every_single_quote() -> None:
    wrapped = wrap("echo 'it''s'", TOKEN).decode()
    assert "; do command eval 'echo '\\''it'\\'''\\''s'\\'''; done <" in wrapped


def test_wrap_refuses_nul() -> None:
    with pytest.raises(ValueError):
        wrap("echo a\0b", TOKEN)


def test_output_then_marker_then_more() -> None:
    scanner = MarkerScanner(TOKEN)
    events = scanner.feed(b"hello\n" + _stdout_marker(0, b"/tmp") + b"next")
    assert events == [b"hello\n", Marker(b"0 /tmp"), b"next"]


def test_output_without_final_newline() -> None:
    scanner = MarkerScanner(TOKEN)
    assert scanner.feed(b"abc" + _stdout_marker(3, b"/")) == [b"abc", Marker(b"3 /")]


@pytest.mark.parametrize("seed", range(20))
def test_any_split_gives_the_same_events(seed: int) -> None:
    stream = b"out\x1e\x1erj" + _stdout_marker(0, b"/a b") + MARK + b"[]" + _stdout_marker(1, b"/")
    rng = random.Random(seed)
    cuts = sorted(rng.sample(range(1, len(stream)), 6))
    pieces = [stream[i:j] for i, j in zip([0, *cuts], [*cuts, len(stream)], strict=True)]
    expected = [b"out\x1e\x1erj", Marker(b"0 /a b"), MARK + b"[]", Marker(b"1 /")]
    assert _feed_all(MarkerScanner(TOKEN), pieces) == expected


def test_only_a_possible_marker_start_is_held_back() -> None:
    scanner = MarkerScanner(TOKEN)
    assert scanner.feed(b"line\n") == [b"line\n"]
    assert scanner.feed(b"x" + MARK + TOKEN[:5].encode()) == [b"x"]
    assert scanner.feed(b"!") == [MARK + TOKEN[:5].encode() + b"!"]


def test_parse_status() -> None:
    assert parse_status(b"127 /home/alice/my dir") == (127, "/home/alice/my dir")
    assert parse_status(b"0 /caf\xc3\xa9") == (0, "/café")
