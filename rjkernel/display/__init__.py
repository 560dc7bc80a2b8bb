"""What a cell shows, in PowerShell's text form and as HTML — pure, no I/O.

- :mod:`~rjkernel.display.formatter`: output objects → displays (Out-Default,
  Format-Table, Format-List).
- :mod:`~rjkernel.display.documents`: the displays (table, list, text), each with
  ``text(width)`` and ``html()`` faces over live objects.
- :mod:`~rjkernel.display.views`: the format views (Job, PSSession, hashtable entries);
  :mod:`~rjkernel.display.properties`: which properties an object shows otherwise.
- :mod:`~rjkernel.display.table`, :mod:`~rjkernel.display.listing`,
  :mod:`~rjkernel.display.cells`: PowerShell's table and list writers, string-level.
- :mod:`~rjkernel.display.errors`: error records in ConciseView / NormalView.

Nothing here sends a message, holds a widget or runs a cmdlet: the live faces of these
displays (job and session tables that keep refreshing, progress bars, row actions) are
:mod:`rjkernel.live`, one layer up.
"""

from rjkernel.display.documents import Display, ListDisplay, TableDisplay, TextDisplay
from rjkernel.display.errors import render_error, verbose_line, warning_line
from rjkernel.display.formatter import (
    Formatter,
    format_default,
    format_list,
    format_table,
    render_html,
    render_text,
)
from rjkernel.display.table import Align
from rjkernel.display.views import JOB_VIEW, PSSESSION_VIEW, Column

__all__ = [
    "JOB_VIEW",
    "PSSESSION_VIEW",
    "Align",
    "Column",
    "Display",
    "Formatter",
    "ListDisplay",
    "TableDisplay",
    "TextDisplay",
    "format_default",
    "format_list",
    "format_table",
    "render_error",
    "render_html",
    "render_text",
    "verbose_line",
    "warning_line",
]
