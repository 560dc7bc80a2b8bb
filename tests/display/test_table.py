"""PowerShell's table writer at the string level: widths, cells, wrapping."""

from __future__ import annotations

import pytest

from rjkernel.display.cells import cell_width, truncate_at_newline, wrap_lines
from rjkernel.display.listing import list_entry_lines
from rjkernel.display.table import HIDDEN, Align, TableWriter, fit_widths, format_field
from tests.display.support import assert_text

L, R, C = Align.LEFT, Align.RIGHT, Align.CENTER


@pytest.mark.parametrize(
    ("requested", "screen", "expected"),
    [
        ([6, 15, 15, 13, 15, 20, 25], 120, [6, 15, 15, 13, 15, 20, 25]),
        ([6, 15, 15, 13, 15, 20, 25], 115, [6, 15, 15, 13, 15, 20, 25]),
        ([6, 15, 15, 13, 15, 20, 25], 114, [6, 15, 15, 13, 15, 20, 24]),
        ([6, 15, 15, 13, 15, 20, 25], 91, [6, 15, 15, 13, 15, 20, 1]),
        ([6, 15, 15, 13, 15, 20, 25], 90, [6, 15, 15, 13, 15, 20, HIDDEN]),
        ([6, 15, 15, 13, 15, 20, 25], 89, [6, 15, 15, 13, 15, 20, HIDDEN]),
        ([6, 15, 15, 13, 15, 20, 25], 80, [6, 15, 15, 13, 15, 11, HIDDEN]),
        ([6, 15, 15, 13, 15, 20, 25], 6, [6, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN]),
        ([30, 0], 120, [30, 89]),
        ([5, 0, 0], 20, [5, 7, 6]),
        ([10, 0], 10, [10, HIDDEN]),
    ],
)
def test_fit_widths(requested: list[int], screen: int, expected: list[int]) -> None:
    assert fit_widths(requested, screen) == expected


@pytest.mark.parametrize(
    ("value", "width", "align", "pad", "expected"),
    [
        ("abc", 6, L, True, "abc   "),
        ("abc", 6, L, False, "abc"),
        ("abc", 6, R, False, "   abc"),
        ("abc", 6, C, True, " abc  "),
        ("abc", 6, C, False, " abc"),
        ("abcdefgh", 6, L, True, "abcde…"),
        ("abcdefgh", 6, R, True, "…defgh"),
        ("abcdefgh", 1, L, True, "a"),
        ("abcdefgh", 1, R, True, "h"),
        ("ab\ncd", 6, L, True, "ab…   "),
        ("\nabc", 6, L, False, "…"),
        ("日本語テキスト", 6, L, True, "日本… "),
        ("日本語テキスト", 6, R, True, " …スト"),
    ],
)
def test_format_field(value: str, width: int, align: Align, pad: bool, expected: str) -> None:
    assert_text(format_field(value, width, align, pad), expected)


def test_cell_width_counts_wide_and_astral_characters_twice() -> None:
    assert cell_width("abc") == 3
    assert cell_width("日本") == 4
    assert cell_width("a\U0001f600") == 3


def test_truncate_at_newline() -> None:
    assert truncate_at_newline("one") == "one"
    assert truncate_at_newline("one\r\ntwo") == "one…"
    assert truncate_at_newline("") == ""


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("", 5, [""]),
        ("short", 5, ["short"]),
        ("one two three", 8, ["one two ", "three"]),
        ("PSComputerName", 4, ["PSCo", "mput", "erNa", "me"]),
        ("a\r\nb", 5, ["a", "b"]),
        ("ab cdefghij", 4, ["ab c", "defg", "hij"]),
        ("soft\u00adhyphen", 5, ["soft-", "hyphe", "n"]),
        ("no\u00a0break here", 6, ["no", "break ", "here"]),
    ],
)
def test_wrap_lines(text: str, width: int, expected: list[str]) -> None:
    assert wrap_lines(text, width, width) == expected


def test_header_row_wraps_a_label_wider_than_its_column() -> None:
    writer = TableWriter(["Id", "Availability"], [3, 5], [R, R])
    assert writer.header_lines() == [" Id Avail", "    abili", "       ty", " -- -----"]


def test_rows_without_wrap_are_one_line() -> None:
    writer = TableWriter(["A", "B"], [3, 3], [L, L])
    assert writer.row_lines(["abcdef", "x y z w"]) == ["ab… x …"]
    assert writer.row_lines(["abcdef", "x y z w"], wrap=True) == ["abc x", "def y", "    z w"]


def test_hidden_header() -> None:
    writer = TableWriter(["A"], [3], [L], hide_header=True)
    assert writer.header_lines() == []


def test_empty_label_gets_dashes_across_its_column() -> None:
    writer = TableWriter(["", "B"], [4, 1], [L, L])
    assert writer.header_lines() == ["     B", "---- -"]


def test_disabled_writer_prints_nothing() -> None:
    writer = TableWriter(["A"], [3], [L], screen_width=4)
    assert writer.header_lines() == []
    assert writer.row_lines(["x"]) == []


def test_list_entry_pads_labels_and_wraps_values() -> None:
    assert list_entry_lines(["Id", "Command"], ["1", "echo one two"], 15) == [
        "Id      : 1",
        "Command : echo ",
        "          one ",
        "          two",
    ]


def test_list_entry_clips_a_label_too_wide_for_the_screen() -> None:
    assert list_entry_lines(["VeryLongLabel"], ["x"], 10) == ["VeryLo : x"]
    assert list_entry_lines(["A"], ["x"], 4) == []
