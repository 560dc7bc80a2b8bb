"""Error records, shaped like PowerShell's, shared by every layer.

PowerShell distinguishes non-terminating errors (written to the error stream; the
command goes on) from terminating ones (the statement stops). Both carry an
:class:`ErrorRecord`: the message users read, the error id scripts match on
(``JobWithSpecifiedSessionNotFound``), a category, and where in the cell it happened.
Parse errors and parameter-binding errors always know their position; runtime errors
of a cmdlet know the command that raised them.

This module sits below everything else (language, runspace, cmdlets, transport,
display) so that each of them can raise or carry errors without importing upwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace


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
    with the command name.
    """

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

    @property
    def fully_qualified_error_id(self) -> str:
        """``<ErrorId>,<CommandClass>`` as PowerShell builds it.

        Remoting errors already carry a composite id (``2100,PSSessionOpenFailed``), which
        PowerShell shows as is.
        """
        if "," in self.error_id:
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


def record_for(exc: BaseException) -> ErrorRecord | None:
    """The error record an exception of a lower layer presents itself as, if it has one
    (``as_error_record()``): how transport failures reach a cell as PowerShell errors."""
    as_record = getattr(exc, "as_error_record", None)
    return as_record() if callable(as_record) else None


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
