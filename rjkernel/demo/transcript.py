"""How a headless demo run prints a notebook: each code cell's source, then what it showed.

The form is IPython's terminal one, so it reads like a session typed by hand::

    In [3]: Get-Job
            | Format-Table
    <stream text, exactly as written>
    Out[3]: <text/plain of the execute result>

Display data print their ``text/plain``; an output with no plain-text face (a widget with
nothing else) prints ``[<mime type> output]`` so that it is not silently missing. Errors
print the kernel's traceback lines (its own rendering of the error), or ``ename: evalue``
when it sent none. Colour sequences are for terminals only: ``strip_ansi`` removes them
when the printout goes anywhere else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

_PLAIN = "text/plain"
_ANSI_SEQUENCE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")


def format_input(source: str, number: int | None) -> str:
    """``In [n]: `` before the first line, later lines indented under it."""
    prompt = f"In [{number if number is not None else ' '}]: "
    lines = source.rstrip("\n").split("\n")
    indent = " " * len(prompt)
    return "\n".join([prompt + lines[0], *(indent + line for line in lines[1:])]) + "\n"


def format_output(output: Mapping[str, Any], number: int | None) -> str:
    """One nbformat output as the terminal would show it; always ends with a newline
    unless it is stream text (which is shown exactly, partial lines included)."""
    kind = output.get("output_type")
    if kind == "stream":
        return _text(output.get("text", ""))
    if kind == "error":
        traceback = output.get("traceback") or [f"{output.get('ename')}: {output.get('evalue')}"]
        return "\n".join(traceback) + "\n"
    data = output.get("data", {})
    if _PLAIN in data:
        text = _text(data[_PLAIN])
    else:
        text = " ".join(f"[{mime} output]" for mime in data) or "[empty output]"
    if kind == "execute_result":
        return f"Out[{number if number is not None else ' '}]: {text}\n"
    return text + "\n"


def format_cell(source: str, number: int | None, outputs: Iterable[Mapping[str, Any]]) -> str:
    """A code cell's input and all its outputs, followed by one blank line; an output that
    is not stream text starts on a line of its own."""
    shown = ""
    for output in outputs:
        if shown and not shown.endswith("\n") and output.get("output_type") != "stream":
            shown += "\n"
        shown += format_output(output, number)
    if shown and not shown.endswith("\n"):
        shown += "\n"
    return format_input(source, number) + shown + "\n"


def strip_ansi(text: str) -> str:
    """The text without terminal colour and cursor sequences (for output that is not a
    terminal: kernels colour their tracebacks)."""
    return _ANSI_SEQUENCE.sub("", text)


def _text(value: str | list[str]) -> str:
    """nbformat stores multi-line strings either whole or as a list of lines."""
    return value if isinstance(value, str) else "".join(value)
