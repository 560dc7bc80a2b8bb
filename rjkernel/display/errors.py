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

from rjkernel.errors import ErrorRecord, position_message
from rjkernel.values.exceptions import activity as _activity
from rjkernel.values.exceptions import category_info_text as category_info

__all__ = ["category_info", "position_message", "render_error"]

CONCISE_VIEW = "ConciseView"
NORMAL_VIEW = "NormalView"
CATEGORY_VIEW = "CategoryView"

PARSER_ERROR = "ParserError"
_TRANSPORT_EXCEPTION = "PSRemotingTransportException"


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
    # ConciseView's $reason: the command, else the category — except NotSpecified, the
    # enum's 0, which PowerShell reads as false, falling to the exception's type name
    # ("MethodInvocationException: Exception calling …", "RuntimeException: …").
    category = record.category if record.category != "NotSpecified" else \
        _short(record.exception)
    label = "Exception" if record.thrown else record.command or category or "Error"
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
