"""Error, warning and verbose records as PowerShell 7 prints them (ps-semantics §3.4, §4).

``$ErrorView`` picks the form of an error record:

- ``ConciseView`` (PowerShell 7's default): ``<label>: <message>``. The label is
  ``Exception`` for ``throw``, else the command that failed (``Get-Job``), else the
  error category (``ParserError``, ``InvalidOperation``). Text a native command wrote to
  stderr prints bare. rjkernel then shows *where* the error is — PowerShell's
  position lines (``At line:2 char:9`` / ``+ Get-Job -Foo`` / ``+         ~~~~``) — in
  the cases PowerShell 7 shows its position box: parse errors, and errors on any line
  after the first of the cell; and also for parameter-binding errors, so a mistyped
  parameter is pointed at wherever it is. A recommended action follows as
  ``  Recommendation: …``.
- ``NormalView`` (Windows PowerShell's form): ``Get-Job : <message>``, the position
  lines, ``+ CategoryInfo          : ObjectNotFound: (99:Int32) [Get-Job], PSArgumentException``,
  ``+ FullyQualifiedErrorId : …`` and, for remote errors, ``+ PSComputerName        : …``.
  A parse error starts with its position (it is part of a ParseException's message).
  PowerShell 7 no longer indents these ``+`` lines; neither do we.
- ``CategoryView``: just the CategoryInfo line.

Transport errors of a remote host read ``[web01] …`` (PowerShell puts the host in the
message of a PSRemotingTransportException); the prefix is added when a record from a
host lacks it.

Renderings carry no final newline: the caller writes each record as a line (and
Jupyter tracebacks take them as they are).
"""

from __future__ import annotations

from rjkernel.errors import ErrorRecord, SourceSpan
from rjkernel.values.conversion import dotnet_type_of, value_text

CONCISE_VIEW = "ConciseView"
NORMAL_VIEW = "NormalView"
CATEGORY_VIEW = "CategoryView"

PARSER_ERROR = "ParserError"
_TRANSPORT_EXCEPTION = "PSRemotingTransportException"
_MAX_POSITION_LINE = 69
_ELLIPSIZE_OVER = 40
_ELLIPSIZE_HALF = 19


def render_error(record: ErrorRecord, view: str = CONCISE_VIEW) -> str:
    """``record`` in the ``$ErrorView`` named ``view`` (unknown names give NormalView)."""
    if record.native:
        return record.message
    if view.lower() == CONCISE_VIEW.lower():
        return concise_view(record)
    if view.lower() == CATEGORY_VIEW.lower():
        return category_info(record)
    return normal_view(record)


def warning_line(message: str) -> str:
    return f"WARNING: {message}"


def verbose_line(message: str) -> str:
    return f"VERBOSE: {message}"


def _short(type_name: str) -> str:
    return type_name.rsplit(".", 1)[-1]


def _is_parse_error(record: ErrorRecord) -> bool:
    return record.category == PARSER_ERROR


def _activity(record: ErrorRecord) -> str:
    return record.command if record.command and record.command != PARSER_ERROR else ""


def message_text(record: ErrorRecord) -> str:
    """The message, with ``[host] `` in front of a remote transport error."""
    if (
        record.computer
        and _short(record.exception) == _TRANSPORT_EXCEPTION
        and not record.message.startswith(f"[{record.computer}]")
    ):
        return f"[{record.computer}] {record.message}"
    return record.message


def _shows_position(record: ErrorRecord) -> bool:
    position = record.position
    if position is None:
        return False
    binding = "ParameterBinding" in _short(record.exception)
    return _is_parse_error(record) or binding or position.line > 1


def concise_view(record: ErrorRecord) -> str:
    if record.native:
        return record.message
    label = "Exception" if record.thrown else record.command or record.category or "Error"
    lines = [f"{label}: {message_text(record)}"]
    if record.position is not None and _shows_position(record):
        lines.append(position_message(record.position))
    if record.recommended_action:
        lines.append(f"  Recommendation: {record.recommended_action}")
    return "\n".join(lines)


def normal_view(record: ErrorRecord) -> str:
    if record.native:
        return record.message
    position = position_message(record.position) if record.position else ""
    if _is_parse_error(record):
        text = f"{position}\n{message_text(record)}" if position else message_text(record)
    else:
        activity = _activity(record)
        text = (f"{activity} : " if activity else "") + message_text(record)
        if position:
            text += "\n" + position
    lines = [
        text,
        f"+ CategoryInfo          : {category_info(record)}",
        f"+ FullyQualifiedErrorId : {record.fully_qualified_error_id}",
    ]
    if record.computer:
        lines.append(f"+ PSComputerName        : {record.computer}")
    return "\n".join(lines)


def _ellipsize(text: str) -> str:
    if len(text) <= _ELLIPSIZE_OVER:
        return text
    return f"{text[:_ELLIPSIZE_HALF]}\u2026{text[-_ELLIPSIZE_HALF:]}"


def category_info(record: ErrorRecord) -> str:
    """``ObjectNotFound: (99:Int32) [Get-Job], PSArgumentException``."""
    target = record.target
    name = value_text(target)
    type_name = "" if target is None else _short(dotnet_type_of(target))
    return (
        f"{record.category}: ({_ellipsize(name)}:{_ellipsize(type_name)}) "
        f"[{_ellipsize(_activity(record))}], {_short(record.exception)}"
    )


def _end_line_column(span: SourceSpan) -> tuple[int, int]:
    line = span.text.count("\n", 0, span.end) + 1
    column = span.end - (span.text.rfind("\n", 0, span.end) + 1) + 1
    return line, column


def position_message(span: SourceSpan) -> str:
    """``At line:L char:C`` / ``+ <source line>`` / ``+ <spaces>~~~~`` (PositionUtilities).

    Tabs are expanded to four spaces; a source line longer than 69 characters is cut
    around the error with ``…`` marking what was left out.
    """
    header = f"At line:{span.line} char:{span.column}\n+ "
    source = span.line_text.rstrip()
    if not source:
        return header
    before = span.column - 1
    end_line, end_column = _end_line_column(span)
    if end_line == span.line and end_column <= len(source) + 1:
        length = end_column - span.column
    else:
        length = len(source) - span.column + 1
    if "\t" in source:
        head = source[:before].replace("\t", "    ")
        error = source[before : before + length].replace("\t", "    ")
        source = head + error + source[before + length :].replace("\t", "    ")
        before, length = len(head), len(error)
    prefix_dots = suffix_dots = False
    if len(source) > _MAX_POSITION_LINE:
        source, before, length, prefix_dots, suffix_dots = _cut_long_line(source, before, length)
    shown = ("\u2026 " if prefix_dots else "") + source + (" \u2026" if suffix_dots else "")
    squiggle = " " * (before + (2 if prefix_dots else 0)) + "~" * max(length, 1)
    return f"{header}{shown}\n+ {squiggle}"


def _cut_long_line(source: str, before: int, length: int) -> tuple[str, int, int, bool, bool]:
    """Keep up to 12 characters before the error and 8 after, then fill to 69."""
    total_prefix = before
    prefix = min(total_prefix, 12)
    total_suffix = len(source) - length - before
    suffix = min(total_suffix, 8)
    candidate = prefix + length + suffix
    if candidate >= _MAX_POSITION_LINE:
        if prefix + length >= _MAX_POSITION_LINE:
            length = _MAX_POSITION_LINE - prefix
        suffix_dots = True
    else:
        if total_prefix - prefix > 0:
            prefix += min(total_prefix - prefix, _MAX_POSITION_LINE - candidate)
            candidate = prefix + length + suffix
        if candidate < _MAX_POSITION_LINE and total_suffix > 0:
            suffix += min(total_suffix, _MAX_POSITION_LINE - candidate)
        suffix_dots = suffix < total_suffix
    prefix_dots = prefix < total_prefix
    start = max(before - prefix, 0)
    source = source[start : start + _MAX_POSITION_LINE]
    before = min(before, prefix)
    length = min(length, _MAX_POSITION_LINE - before)
    return source, before, length, prefix_dots, suffix_dots
