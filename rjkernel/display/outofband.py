"""Objects shown inside a table or list they do not belong to ("out of band").

PowerShell prints such objects where they arrive, inside the open table or list: a
scalar (or an object with nothing but remoting properties) as its text, anything else as
a list entry of all its properties, framed by empty lines; an object whose view is a
custom control (a date) as its custom text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rjkernel.display.valuetext import custom_text, has_display_properties, is_scalar


@dataclass(frozen=True)
class OutOfBand:
    """One such object, kept in its table's or list's items where it arrived."""

    obj: Any

    @property
    def is_text(self) -> bool:
        return is_scalar(self.obj) or custom_text(self.obj) is not None or \
            not has_display_properties(self.obj)
