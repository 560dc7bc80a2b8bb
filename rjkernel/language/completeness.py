"""Whether a cell is ready to run: the answer to Jupyter's ``is_complete_request``.

``jupyter console`` sends the lines typed so far and keeps prompting while the kernel
answers ``incomplete``, pre-filling the next line with the indent we return. A cell is
incomplete when more text could complete it:

- a parse error the parser marked incomplete: an open ``{``, ``(``, ``[``, ``@{``, string,
  here-string or comment, a trailing ``|``, ``,``, backtick or binary operator, a ``=``
  with nothing after it;
- a final shell chunk the shell would read on from: inside a quote or here-document, an
  ``if`` without ``fi`` and the like, after a trailing ``\\``, ``|``, ``&&`` or ``||``.

Any other parse error is ``invalid``. The indent is four spaces per open bracket (or open
shell compound), at least the current line's own; none inside a string or here-document,
where it would become part of the text.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import ParseError
from .parser import CellParser

# Incomplete errors whose continuation lines are text, not code: no indent.
_INSIDE_TEXT = frozenset(
    {"TerminatorExpectedAtEndOfString", "IncompleteDollarVariableReference",
     "MissingTerminatorMultiLineComment"}
)


def is_complete(source: str, *, is_ours: Callable[[str], bool]) -> tuple[str, str]:
    """``("complete" | "incomplete" | "invalid", indent)`` for ``source``."""
    parser = CellParser(source, is_ours)
    try:
        parser.parse()
    except ParseError as error:
        if not error.incomplete:
            return "invalid", ""
        if error.record.error_id in _INSIDE_TEXT:
            return "incomplete", ""
        return "incomplete", _indent(source, parser.open_depth)
    tail = parser.shell_tail
    if tail is None or tail.open is None:
        return "complete", ""
    if tail.open in ("quote", "heredoc"):
        return "incomplete", ""
    return "incomplete", _indent(source, tail.depth)


def _indent(source: str, depth: int) -> str:
    """Four spaces per level, or the indentation of the last line typed if that is more."""
    typed = [line for line in source.split("\n") if line.strip()]
    line = typed[-1] if typed else ""
    current = line[: len(line) - len(line.lstrip(" \t"))]
    return current if len(current) >= 4 * depth else " " * (4 * depth)
