"""PowerShell's list writer (``Format-List``): one ``Label : value`` line per property.

Rules from PowerShell 7's ListWriter:

- Labels are padded to the longest label of *this* object (each object is measured on
  its own), then `` : `` follows; a label longer than ``width - 4`` cells is clipped.
- A value is split at its newlines; continuation lines are indented under the first
  value character. A line too wide for the room left is word-wrapped into it.
- An empty value still prints its label and separator, so such a line ends in
  ``": "`` — PowerShell writes that trailing space too.
- Screens narrower than 5 cells print nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from rjkernel.display.cells import cell_width, head_fitting, split_lines, wrap_lines

SEPARATOR = " : "
_MIN_LABEL_WIDTH = 1
_MIN_FIELD_WIDTH = 1


def list_entry_lines(labels: Sequence[str], values: Sequence[str], width: int) -> list[str]:
    """The lines of one object's list entry (no blank lines around it)."""
    if not labels or width - len(SEPARATOR) - _MIN_FIELD_WIDTH - _MIN_LABEL_WIDTH < 0:
        return []
    label_width = min(
        max(cell_width(label) for label in labels), width - len(SEPARATOR) - _MIN_FIELD_WIDTH
    )
    prefix_width = label_width + len(SEPARATOR)
    indent = " " * prefix_width
    field_width = width - prefix_width
    out: list[str] = []
    for label, value in zip(labels, values, strict=True):
        if cell_width(label) > label_width:
            prefix = label[: head_fitting(label, label_width)] + SEPARATOR
        else:
            prefix = label + " " * (label_width - cell_width(label)) + SEPARATOR
        for number, line in enumerate(split_lines(value)):
            pieces = wrap_lines(line, field_width, field_width)
            out.append((prefix if number == 0 else indent) + pieces[0])
            out.extend(indent + piece for piece in pieces[1:])
    return out
