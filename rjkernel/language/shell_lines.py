"""Where a run of POSIX shell lines ends.

A cell mixes our statements with shell lines, and each run of shell lines goes to the
shell as one chunk. The run must not be cut inside a shell construct, so this module
reads just enough POSIX shell to know, at each newline, whether the shell needs more:

- quotes: ``'…'`` (no escapes), ``"…"`` (backslash escapes; ``$( )``, `` `…` `` and
  ``${ }`` inside), ``$'…'``;
- a backslash before the newline, or a line ending in ``|``, ``&&`` or ``||``;
- here-documents: after a line with ``<<WORD`` (``<<-WORD`` strips tabs, ``<<'WORD'``
  quotes), the lines up to ``WORD`` belong to the command, whatever they start with;
- compound commands: ``if…fi``, ``case…esac``, ``for``/``while``/``until``/``select``
  ``…done`` (reserved words count only where a command starts), ``{ … }``, ``( … )``,
  ``$( … )``, ``$(( … ))``, `` `…` ``.

A line that starts while none of these is open, and that the parser calls ours (its
first word is a cmdlet, it starts with ``$`` …), ends the run; so does a ``;`` outside
all of them that is followed by a statement of ours (``ls /x; 'done'``). Inside a script block an
unmatched ``}`` ends the run where it stands: it is the block's closing brace.
Comment and blank lines inside a run stay in it; trailing ones are left out.

The scanner is deliberately tolerant: it never reports shell syntax errors (the shell
will), it only decides how far the chunk reaches.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_SPACES = re.compile(r"[ \t\r\f\v]+")
_WORD = re.compile(r"[^\s;&|()<>{}'\"`$\\#]+")
_REDIRECT_OUT = re.compile(r">[>&|]?")
_DQ_PLAIN = re.compile(r'[^"\\`$]+')
_HEREDOC_PLAIN = re.compile(r"[^\\`$]+")
_BACKQUOTE_PLAIN = re.compile(r"[^`\\]+")
_PARAMETER_PLAIN = re.compile(r"[^}\"'\\`$]+")
_ARITHMETIC_PLAIN = re.compile(r"[^()\"'\\`$]+")
_ANSI_QUOTED = re.compile(r"(?:[^'\\]|\\.)*'", re.S)
_DELIMITER = re.compile(r"[ \t]*((?:[^\s;&|()<>'\"\\]|'[^']*'|\"[^\"]*\"|\\.)+)", re.S)
_QUOTING = re.compile(r"'([^']*)'|\"([^\"]*)\"|\\(.)", re.S)
_OPENERS = frozenset({"if", "case", "for", "select", "while", "until"})
_CLOSERS = frozenset({"fi", "esac", "done"})
_COMMAND_FOLLOWS = frozenset({"if", "while", "until", "then", "do", "else", "elif", "!", "time"})
# Blanks and operator characters: a reserved word ends before one, a '#' after one
# starts a comment (elsewhere it is part of a word).
_METACHARACTERS = frozenset(" \t\r\n;&|()<>")


@dataclass(frozen=True)
class ShellScan:
    """How far a run of shell lines reaches.

    ``end``: where the parser continues — the start of the next line that is ours, the
    ``}`` closing the enclosing script block, or the end of the text. ``content_end``:
    one past the run's last character of shell code (trailing blank and comment lines
    and trailing spaces excluded). ``open``: why the shell would want more lines when the
    text ended (``quote``, ``heredoc``, ``compound``, ``continuation``), else ``None``.
    ``depth``: compound commands and brackets open at the end, for indentation.
    """

    end: int
    content_end: int
    open: str | None = None
    depth: int = 0


def scan_shell_chunk(
    text: str, start: int, *, is_ours_line: Callable[[int], bool], in_block: bool
) -> ShellScan:
    """Scan the shell run starting at ``start`` (its first line is not ours).

    ``is_ours_line(offset)`` is asked, at the first non-blank character of each later
    line that starts outside any shell construct, whether that line is ours.
    ``in_block``: the run is inside ``{ … }``, so an unmatched ``}`` ends it.
    """
    return _Scanner(text, is_ours_line, in_block).scan(start)


def expansion_contexts(text: str) -> dict[int, str]:
    """Where the shell expands a ``$`` in shell text, and how it reads the result.

    Maps the offset of each such ``$`` to ``word`` (unquoted: the result is split into
    fields and globbed), ``string`` (inside double quotes or an unquoted here-document:
    one piece of text) or ``arithmetic`` (inside ``$(( ))``). A ``$`` the shell keeps as
    text — single-quoted, backslash-escaped, in a comment or a quoted here-document — is
    absent. Used to put values into shell text so that each stays what it was.
    """
    found: dict[int, str] = {}
    scanner = _Scanner(text, lambda _: False, False, on_expansion=found.__setitem__)
    scanner.scan(0)
    return found


@dataclass
class _Frame:
    """An open construct: ``run`` (the chunk itself), ``sub`` ($( … )), ``dq``,
    ``backquote``, ``parameter`` (${ … }), ``arithmetic`` ($(( … )), (( … ))) or
    ``heredoc`` (an unquoted here-document's body, when expansions are wanted)."""

    kind: str
    parens: int = 0
    braces: int = 0


class _RunEnds(Exception):
    def __init__(self, at: int) -> None:
        super().__init__(at)
        self.at = at


class _Scanner:
    def __init__(
        self, text: str, is_ours_line: Callable[[int], bool], in_block: bool,
        on_expansion: Callable[[int, str], None] | None = None,
    ) -> None:
        self.text = text
        self.on_expansion = on_expansion
        self.end = len(text)
        self.is_ours_line = is_ours_line
        self.in_block = in_block
        self.frames = [_Frame("run")]
        self.keywords = 0  # if/case/for/while/until/select not yet closed
        # (delimiter, strip tabs, body expands) of here-documents awaiting a body
        self.heredocs: list[tuple[str, bool, bool]] = []
        self.command_start = True
        self.operator_pending = False  # the line so far ends in |, && or ||
        self.continued = False  # the last thing read was a backslash-newline
        self.unterminated_quote = False
        self.content_end = 0
        self.line_has_code = False

    def scan(self, start: int) -> ShellScan:
        self.content_end = start
        index = start
        steps = {
            "run": self._command_step, "sub": self._command_step, "dq": self._dq_step,
            "backquote": self._backquote_step, "parameter": self._parameter_step,
            "arithmetic": self._arithmetic_step, "heredoc": self._heredoc_step,
        }
        try:
            while index < self.end:
                index = steps[self.frames[-1].kind](index)
        except _RunEnds as stop:
            return ShellScan(stop.at, self.content_end)
        return self._at_end()

    def _at_end(self) -> ShellScan:
        inner = self.frames[-1].kind
        depth = self.keywords + sum(f.parens + f.braces for f in self.frames) + len(self.frames) - 1
        if self.unterminated_quote or inner in ("dq", "backquote", "parameter"):
            state: str | None = "quote"
        elif self.heredocs:
            state = "heredoc"
        elif self._inside_construct():
            state = "compound"
        elif self.operator_pending or self.continued:
            state = "continuation"
        else:
            state = None
        return ShellScan(self.end, self.content_end, state, depth)

    def _inside_construct(self) -> bool:
        top = self.frames[0]
        return len(self.frames) > 1 or bool(self.keywords or top.parens or top.braces)

    def _code(self, index: int, *, command_follows: bool = False, operator: bool = False) -> int:
        """Record shell code up to ``index`` and what may follow it."""
        self.content_end = index
        self.line_has_code = True
        self.continued = False
        self.command_start = command_follows
        self.operator_pending = operator
        return index

    # ------------------------------------------------------------------ frames

    def _command_step(self, index: int) -> int:
        text, frame = self.text, self.frames[-1]
        c = text[index]
        if c in " \t\r\f\v":
            match = _SPACES.match(text, index)
            assert match is not None
            return match.end()
        if c == "\n":
            return self._newline(index + 1)
        if c == "#" and (index == 0 or text[index - 1] in _METACHARACTERS):
            newline = text.find("\n", index)
            comment_end = self.end if newline < 0 else newline
            if self.line_has_code:  # keep a comment that ends a line of code
                self.content_end = index + len(text[index:comment_end].rstrip())
            return comment_end
        if c in "\\'\"`$":
            return self._quoting(index)
        if c == "(":
            if self.command_start and text.startswith("(", index + 1):
                self.frames.append(_Frame("arithmetic"))
                return self._code(index + 2)
            frame.parens += 1
            return self._code(index + 1, command_follows=True)
        if c == ")":
            if frame.parens:
                frame.parens -= 1
            elif frame.kind == "sub":
                self.frames.pop()
            return self._code(index + 1, command_follows=True)  # a case pattern ends in ')'
        if c == "{":
            frame.braces += 1
            return self._code(index + 1, command_follows=True)
        if c == "}":
            if frame.braces:
                frame.braces -= 1
            elif self.in_block and frame.kind == "run":
                raise _RunEnds(index)
            return self._code(index + 1)
        if c == ";" and self._ours_after_semicolon(index):
            raise _RunEnds(index)
        if c in ";&|":
            return self._operator(index)
        if c == "<":
            if text.startswith("<<", index) and not text.startswith("<<<", index):
                return self._heredoc_operator(index)
            return self._code(index + (3 if text.startswith("<<<", index) else 1))
        if c == ">":
            match = _REDIRECT_OUT.match(text, index)
            assert match is not None
            return self._code(match.end())
        return self._word(index)

    def _dq_step(self, index: int) -> int:
        match = _DQ_PLAIN.match(self.text, index)
        if match is not None:
            return self._code(match.end())
        if self.text[index] == '"':
            self.frames.pop()
            return self._code(index + 1)
        return self._quoting(index)

    def _heredoc_step(self, index: int) -> int:
        match = _HEREDOC_PLAIN.match(self.text, index)
        return self._code(match.end()) if match is not None else self._quoting(index)

    def _backquote_step(self, index: int) -> int:
        match = _BACKQUOTE_PLAIN.match(self.text, index)
        if match is not None:
            return self._code(match.end())
        if self.text[index] == "`":
            self.frames.pop()
            return self._code(index + 1)
        return self._quoting(index)

    def _parameter_step(self, index: int) -> int:
        match = _PARAMETER_PLAIN.match(self.text, index)
        if match is not None:
            return self._code(match.end())
        if self.text[index] == "}":
            self.frames.pop()
            return self._code(index + 1)
        return self._quoting(index)

    def _arithmetic_step(self, index: int) -> int:
        text, frame = self.text, self.frames[-1]
        match = _ARITHMETIC_PLAIN.match(text, index)
        if match is not None:
            return self._code(match.end())
        c = text[index]
        if c == "(":
            frame.parens += 1
            return self._code(index + 1)
        if c == ")":
            if frame.parens:
                frame.parens -= 1
                return self._code(index + 1)
            self.frames.pop()
            return self._code(index + (2 if text.startswith(")", index + 1) else 1))
        return self._quoting(index)

    # ------------------------------------------------------------------ pieces

    def _quoting(self, index: int) -> int:
        """A backslash escape, a quote, a backquote or a ``$`` construct at ``index``."""
        text, c = self.text, self.text[index]
        if c == "\\":
            if text.startswith("\n", index + 1) or text.startswith("\r\n", index + 1):
                self._code(index + 1)
                self.continued = True
                return index + (2 if text[index + 1] == "\n" else 3)
            if index + 1 >= self.end:
                self._code(self.end)
                self.continued = True
                return self.end
            return self._code(index + 2)
        if c == "'":
            close = text.find("'", index + 1)
            return self._unterminated() if close < 0 else self._code(close + 1)
        if c == '"':
            self.frames.append(_Frame("dq"))
            return self._code(index + 1)
        if c == "`":
            self.frames.append(_Frame("backquote"))
            return self._code(index + 1)
        if self.on_expansion is not None:
            self.on_expansion(index, self._expansion_context())
        following = text[index + 1 : index + 2]
        if following == "(":
            if text.startswith("(", index + 2):
                self.frames.append(_Frame("arithmetic"))
                return self._code(index + 3)
            self.frames.append(_Frame("sub"))
            return self._code(index + 2, command_follows=True)
        if following == "{":
            self.frames.append(_Frame("parameter"))
            return self._code(index + 2)
        if following == "'":
            match = _ANSI_QUOTED.match(text, index + 2)
            return self._unterminated() if match is None else self._code(match.end())
        return self._code(index + 1)

    def _expansion_context(self) -> str:
        """How the shell reads an expansion here (see :func:`expansion_contexts`)."""
        for frame in reversed(self.frames):
            if frame.kind in ("dq", "heredoc"):
                return "string"
            if frame.kind == "arithmetic":
                return "arithmetic"
            if frame.kind != "parameter":  # ${x:-word} reads word as its enclosure does
                break
        return "word"

    def _unterminated(self) -> int:
        self.unterminated_quote = True
        self.content_end = len(self.text.rstrip())
        return self.end

    def _operator(self, index: int) -> int:
        two = self.text[index : index + 2]
        if two in ("&&", "||"):
            return self._code(index + 2, command_follows=True, operator=True)
        if two in (";;", ";&", "|&"):
            return self._code(index + 2, command_follows=True, operator=two == "|&")
        return self._code(index + 1, command_follows=True, operator=two[0] == "|")

    def _ours_after_semicolon(self, index: int) -> bool:
        """``ls /x; 'after'``: a top-level ``;`` before a statement of ours ends the run,
        so that PowerShell after a shell command is never handed to the shell."""
        if self.text.startswith((";;", ";&"), index) or self.heredocs or self._inside_construct():
            return False
        match = _SPACES.match(self.text, index + 1)
        first = match.end() if match else index + 1
        return first < self.end and self.text[first] not in "\n#" and self.is_ours_line(first)

    def _word(self, index: int) -> int:
        match = _WORD.match(self.text, index)
        if match is None:  # a '#' inside a word
            return self._code(index + 1)
        word, end = match.group(), match.end()
        at_boundary = end >= self.end or self.text[end] in _METACHARACTERS
        if not (self.command_start and at_boundary):
            return self._code(end)
        if word in _OPENERS:
            self.keywords += 1
        elif word in _CLOSERS:
            self.keywords = max(0, self.keywords - 1)
        return self._code(end, command_follows=word in _COMMAND_FOLLOWS)

    def _heredoc_operator(self, index: int) -> int:
        position = index + 2
        strip_tabs = self.text.startswith("-", position)
        match = _DELIMITER.match(self.text, position + strip_tabs)
        if match is None:
            return self._code(position + strip_tabs)
        delimiter = _QUOTING.sub(_unquoted, match.group(1))
        self.heredocs.append((delimiter, strip_tabs, delimiter == match.group(1)))
        return self._code(match.end())

    def _newline(self, index: int) -> int:
        """After a newline: here-document bodies, then is the run still going?"""
        self.command_start = True
        self.line_has_code = False
        if self.heredocs:
            index = self._heredoc_bodies(index)
        if self.operator_pending or self._inside_construct():
            return index
        match = _SPACES.match(self.text, index)
        first = match.end() if match else index
        if first < self.end and self.text[first] not in "\n#" and self.is_ours_line(first):
            raise _RunEnds(index)
        return index

    def _heredoc_bodies(self, index: int) -> int:
        text = self.text
        while self.heredocs:
            delimiter, strip_tabs, expands = self.heredocs[0]
            body = index
            while True:
                if index >= self.end:
                    self._heredoc_expansions(body, self.end, expands)
                    return self.end  # still open
                newline = text.find("\n", index)
                line = text[index : self.end if newline < 0 else newline].rstrip("\r")
                self.content_end = index + len(line)
                line_start, index = index, self.end if newline < 0 else newline + 1
                if (line.lstrip("\t") if strip_tabs else line) == delimiter:
                    self._heredoc_expansions(body, line_start, expands)
                    break
            self.heredocs.pop(0)
        return index

    def _heredoc_expansions(self, start: int, end: int, expands: bool) -> None:
        """Report the expansions of a here-document body ``text[start:end]``."""
        if self.on_expansion is None or not expands:
            return
        body = _Scanner(self.text[:end], self.is_ours_line, False, self.on_expansion)
        body.frames = [_Frame("heredoc")]
        body.scan(start)


def _unquoted(match: re.Match[str]) -> str:
    """A here-document delimiter word without its quoting (``'EOF'``, ``"EOF"``, ``\\EOF``)."""
    return match.group(1) or match.group(2) or match.group(3) or ""
