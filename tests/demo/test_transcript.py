"""The headless demo's printout of cells, from nbformat outputs alone."""

from __future__ import annotations

from rjkernel.demo.transcript import format_cell, format_input, format_output, strip_ansi


def test_input_prompt_and_continuation_indent() -> None:
    assert format_input("Get-Job\n| Format-Table\n", 3) == (
        "In [3]: Get-Job\n        | Format-Table\n"
    )


def test_stream_text_is_shown_exactly() -> None:
    assert format_output({"output_type": "stream", "name": "stdout", "text": "a\nb"}, 1) == "a\nb"
    assert format_output({"output_type": "stream", "text": ["a\n", "b\n"]}, 1) == "a\nb\n"


def test_execute_result_gets_out_prompt() -> None:
    output = {"output_type": "execute_result", "data": {"text/plain": "42"}}
    assert format_output(output, 7) == "Out[7]: 42\n"


def test_display_data_without_plain_text_is_named() -> None:
    output = {
        "output_type": "display_data",
        "data": {"application/vnd.jupyter.widget-view+json": {"model_id": "x"}},
    }
    assert format_output(output, 1) == "[application/vnd.jupyter.widget-view+json output]\n"


def test_error_prints_traceback_or_name_and_value() -> None:
    with_tb = {"output_type": "error", "ename": "E", "evalue": "v", "traceback": ["l1", "l2"]}
    assert format_output(with_tb, 1) == "l1\nl2\n"
    bare = {"output_type": "error", "ename": "PSError", "evalue": "no job", "traceback": []}
    assert format_output(bare, 1) == "PSError: no job\n"


def test_cell_ends_with_a_blank_line_even_after_partial_stream() -> None:
    outputs: list[dict[str, str]] = [
        {"output_type": "stream", "name": "stdout", "text": "no newline"}
    ]
    assert format_cell("echo -n x", None, outputs) == "In [ ]: echo -n x\nno newline\n\n"


def test_result_after_partial_stream_starts_a_new_line() -> None:
    outputs: list[dict[str, object]] = [
        {"output_type": "stream", "name": "stdout", "text": "x"},
        {"output_type": "execute_result", "data": {"text/plain": "42"}},
    ]
    assert format_cell("6 * 7", 3, outputs) == "In [3]: 6 * 7\nx\nOut[3]: 42\n\n"


def test_strip_ansi_removes_colour_sequences() -> None:
    assert strip_ansi("\x1b[31mZeroDivisionError\x1b[39m: x\x1b[0;32m") == "ZeroDivisionError: x"
