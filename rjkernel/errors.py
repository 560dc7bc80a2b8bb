"""Error records, shaped like PowerShell's, shared by every layer.

PowerShell distinguishes non-terminating errors (written to the error stream; the
command goes on) from terminating ones (the statement stops). Both carry an
:class:`ErrorRecord`: the message users read, the error id scripts match on
(``JobWithSpecifiedSessionNotFound``), a category, and where in the cell it happened.
Parse errors and parameter-binding errors always know their position; runtime errors
of a cmdlet know the command that raised them.

``position_message`` is PowerShell's ``At line:L char:C`` text of a position (ConciseView
and ``$_.InvocationInfo.PositionMessage`` both show it).

This module sits below everything else (language, runspace, cmdlets, transport,
display) so that each of them can raise or carry errors without importing upwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a value type; values/ import this module, never the reverse at run time
    from rjkernel.values.objects import LineOrigin

_MAX_POSITION_LINE = 69


@dataclass(frozen=True)
class SourceSpan:
    """Where an error points: the source text (a whole cell) and a range inside it.

    Script-block bodies are parsed in place, inside the cell they were written in, so
    their positions are cell positions with no translation.
    """

    text: str
    start: int
    end: int

    @property
    def line(self) -> int:
        """1-based line number in the cell."""
        return self.text.count("\n", 0, self.start) + 1

    @property
    def column(self) -> int:
        """1-based column in the cell."""
        return self.start - (self.text.rfind("\n", 0, self.start) + 1) + 1

    @property
    def line_text(self) -> str:
        """The full source line the span starts on."""
        line_start = self.text.rfind("\n", 0, self.start) + 1
        line_end = self.text.find("\n", self.start)
        return self.text[line_start : line_end if line_end >= 0 else len(self.text)]


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


@dataclass(frozen=True)
class ErrorRecord:
    """One PowerShell error record.

    ``error_id`` is the first half of PowerShell's FullyQualifiedErrorId (the second
    half, the command's class, is derived from ``command``). ``category`` is one of
    PowerShell's ErrorCategory names (``ObjectNotFound``, ``InvalidArgument``, …).
    ``command`` is the cmdlet name shown before the colon in ConciseView
    (``Get-Job: …``); parse errors use ``ParserError``. ``target`` is what the error is
    about (the missing Id, the failing host). ``computer`` is set for errors that came
    from a remote host. ``native`` marks text a native command wrote to stderr, which
    PowerShell prints bare. ``thrown`` marks an error raised by ``throw`` (PowerShell's
    WasThrownFromThrowStatement), which ConciseView labels ``Exception:`` instead of
    with the command name. ``stopped`` marks a non-terminating error made terminating by
    ``-ErrorAction Stop``/``$ErrorActionPreference = 'Stop'`` (it is then also an
    ActionPreferenceStopException to ``catch``); ``halts`` a record rethrown with
    ``throw $_``. Those three end the script (the cell), not just their statement,
    unless a ``try`` or ``trap`` takes them.
    """

    type_names = ("System.Management.Automation.ErrorRecord", "System.Object")
    ps_scalar = True  # output prints its error view, not a list of its properties

    message: str
    error_id: str
    category: str = "NotSpecified"
    command: str | None = None
    target: object = None
    position: SourceSpan | None = None
    exception: str = "System.Management.Automation.RuntimeException"
    computer: str | None = None
    native: bool = False
    recommended_action: str | None = None
    extra: dict[str, object] = field(default_factory=dict)
    thrown: bool = False
    stopped: bool = False
    halts: bool = False
    # Where the command that wrote it stands in the cell ($_.InvocationInfo), for errors
    # whose ``position`` ConciseView does not show.
    invocation: SourceSpan | None = None
    # A line a job wrote to stderr, as Receive-Job returns it: where and when it was
    # written (its PSComputerName, Stream, Line, Timestamp, JobId, ParentJobId notes).
    origin: LineOrigin | None = None

    @property
    def ends_script(self) -> bool:
        """A script-terminating error (about_Throw, about_Preference_Variables)."""
        return self.thrown or self.stopped or self.halts

    @property
    def fully_qualified_error_id(self) -> str:
        """``<ErrorId>,<CommandClass>`` as PowerShell builds it.

        Remoting errors already carry a composite id (``2100,PSSessionOpenFailed``), which
        PowerShell shows as is.
        """
        if "," in self.error_id or _raised_by_lookup(self.exception):
            return self.error_id
        if self.command and self.command != "ParserError" and "-" in self.command:
            verb, noun = self.command.split("-", 1)
            cls = f"Microsoft.PowerShell.Commands.{verb}{noun.replace('-', '')}Command"
            return f"{self.error_id},{cls}"
        return self.error_id

    def with_position(self, position: SourceSpan | None) -> ErrorRecord:
        """The same record pointing somewhere (used when a callee did not know where)."""
        return self if position is None or self.position else replace(self, position=position)

    def with_command(self, command: str) -> ErrorRecord:
        return self if self.command else replace(self, command=command)

    def __str__(self) -> str:
        return self.message


def _raised_by_lookup(exception: str) -> bool:
    """An error of looking a command up (CommandNotFoundException) is raised before any
    cmdlet runs: its id has no command class, although ConciseView labels it with the
    name that was not found."""
    return exception.endswith(".CommandNotFoundException")


def record_for(exc: BaseException) -> ErrorRecord | None:
    """The error record an exception of a lower layer presents itself as, if it has one
    (``as_error_record()``): how transport failures reach a cell as PowerShell errors."""
    as_record = getattr(exc, "as_error_record", None)
    return as_record() if callable(as_record) else None


def store_error(exc: OSError) -> ErrorRecord:
    """The job store could not be used (a link, another owner, no permission: the
    reason is ``strerror``, written for the user by rjkernel.agent.private)."""
    return ErrorRecord(
        message=f"The job store cannot be used: {exc.strerror or exc}.",
        error_id="JobStoreUnsafe", category="PermissionDenied",
    )


def internal_error(exc: BaseException) -> ErrorRecord:
    """An unexpected failure inside rjkernel, shown as an error rather than a crash."""
    return ErrorRecord(
        message=f"rjkernel internal error: {type(exc).__name__}: {exc}. The kernel is still "
        "running; please report this with the cell that caused it.",
        error_id="RJKernelInternalError", category="NotSpecified",
    )


class PSError(Exception):
    """A terminating error: it stops the statement (and, uncaught, the cell)."""

    def __init__(self, record: ErrorRecord) -> None:
        super().__init__(record.message)
        self.record = record


class ParseError(PSError):
    """The cell (or a script-block body) is not valid syntax.

    ``incomplete`` is True when more input could make it valid (an open brace, quote,
    here-string, a trailing pipe or backtick): ``is_complete`` answers ``incomplete`` then.
    """

    def __init__(self, record: ErrorRecord, incomplete: bool = False) -> None:
        super().__init__(record)
        self.incomplete = incomplete


class BindingError(PSError):
    """Parameter binding failed (unknown, ambiguous or missing parameter, bad value)."""


def parse_error(
    message: str, error_id: str, source: str, start: int, end: int, *, incomplete: bool = False
) -> ParseError:
    """Build a ParseError pointing at ``source[start:end]``."""
    record = ErrorRecord(
        message=message,
        error_id=error_id,
        category="ParserError",
        command="ParserError",
        position=SourceSpan(source, start, max(end, start + 1)),
        exception="System.Management.Automation.ParseException",
    )
    return ParseError(record, incomplete=incomplete)
