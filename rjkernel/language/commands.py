"""Argument mode: a command's name, parameters, arguments and redirections.

PowerShell reads a command's elements differently from an expression (Parser.cs
``CommandRule`` / ``GetCommandArgument``), and this module follows it:

- ``-Name`` is a parameter, ``-Name:value`` a parameter with its value; whether a
  following word is the parameter's value is the binder's call (it knows switches), so
  it stays a positional :class:`Argument`. A dash followed by a digit is a number
  (``-1``), ``--`` ends the parameters (later dashes are plain words), ``--%`` takes the
  rest of the line verbatim.
- An argument is a value: a number (only if a word boundary follows: ``10.0.0.1`` is a
  word), a quoted string, ``$var`` with member access (``$job.Id``), ``( … )``, ``$( … )``,
  ``@( … )``, ``@{ … }``, ``{ script block }``, or a bare word (``Server01``,
  ``c:\\logs\\pslog.txt``, ``/tmp/x``), which may embed quotes and ``$`` expansions
  (``$HOME/bin``). Values separated by commas form one array (``1,3``, ``web01, web02``).
- ``@name`` splats a variable; ``>``, ``>>``, ``2>``, ``*>``, ``2>&1`` … redirect, the
  file being the next argument.

``Command.text`` keeps the command's source so that a native command (``ls -l``) can be
handed to the shell exactly as written.
"""

from __future__ import annotations

import re

from .ast import (
    Argument,
    ArrayLiteral,
    Command,
    CommandElement,
    Expr,
    NumberLiteral,
    Parameter,
    Redirection,
    Splat,
    StringLiteral,
)
from .expressions import ExpressionParser, Part
from .lexer import DASHES, WORD_END

_DASH_DASH = re.compile(r"--(?=[\s{}();,|&]|$)")
_VERBATIM = re.compile(r"--%(?=[\s{}();,|&]|$)")
_VERBATIM_TEXT = re.compile(r"[^\n|]*")
_BARE_PLAIN = re.compile(r"[^\s{}();,|&'\"`$]+")
_PLAIN_WORD_END = frozenset(("", "{", "}", "(", ")", ";", ",", "|", "&", " ", "\t", "\r", "\n"))
_ARGUMENT_END = "\n;|)}&"
REDIRECTION_START = frozenset("123456*<>")
_NUMBER_START = frozenset("0123456789.+" + DASHES)
_STREAM_NAMES = {
    "*": "* stream", "1": "output stream", "2": "error stream", "3": "warning stream",
    "4": "verbose stream", "5": "debug stream", "6": "information stream",
}


class CommandParser(ExpressionParser):
    """Commands in argument mode, on top of the expression grammar."""

    def command(self) -> Command | None:
        """``name element*`` or ``& target element*``; ``None`` at a terminator."""
        start = self.pos
        elements: list[CommandElement] = []
        if self.char() == "&" and self.char(1) != "&":  # the call operator
            self.pos += 1
            self.skip_ws()
            target = None if self._at_argument_end() else self._single_argument()
            if target is None or isinstance(target, Splat):
                raise self.fail("MissingExpression", start, start + 1, "&")
            elements.append(Argument(target, target.span))
            name, end = "&", target.span.end
        elif self._at_argument_end():
            return None
        else:
            parts, end = self._bare_word(start, expand=False)
            name = "".join(part for part in parts if isinstance(part, str))
            self.pos = end
        redirections: list[Redirection] = []
        end = self._elements(elements, redirections, end)
        return Command(
            name, tuple(elements), tuple(redirections), self.span(start, end), self.text[start:end]
        )

    def _at_argument_end(self) -> bool:
        c = self.char()
        return c == "" or c in _ARGUMENT_END

    def _elements(
        self, elements: list[CommandElement], redirections: list[Redirection], end: int
    ) -> int:
        """Parameters, arguments and redirections up to the end of the command."""
        after_dash_dash = False
        while True:
            c = self.skip_ws()
            start = self.pos
            if c == "" or c in _ARGUMENT_END:
                return end
            if c == ",":
                raise self.fail("MissingArgument", start)
            redirection = self.redirection() if c in REDIRECTION_START else None
            if redirection is not None:
                self.add_redirection(redirections, redirection)
                end = redirection.span.end
                continue
            if not after_dash_dash and c in DASHES:
                if _VERBATIM.match(self.text, start):
                    end = self._verbatim(elements, start, end)
                    continue
                if _DASH_DASH.match(self.text, start):  # later dashes are plain words
                    dash_dash = self._bare_argument(start)
                    elements.append(Argument(dash_dash, dash_dash.span))
                    end, after_dash_dash = self.pos, True
                    continue
                parameter = self._parameter(start)
                if parameter is not None:
                    elements.append(parameter)
                    end = parameter.span.end
                    continue
            element = self._command_argument()
            elements.append(element)
            end = element.span.end

    def _verbatim(self, elements: list[CommandElement], start: int, end: int) -> int:
        """``--% rest of line``: one bare word, up to a newline or ``|``. Returns the
        command's new end."""
        match = _VERBATIM_TEXT.match(self.text, start + 3)
        assert match is not None  # the pattern matches the empty string
        self.pos = match.end()
        value = match.group().strip()
        if not value:
            return end
        value_start = match.start() + (len(match.group()) - len(match.group().lstrip()))
        span = self.span(value_start, value_start + len(value))
        elements.append(Argument(StringLiteral(value, span, False), span))
        return span.end

    def _parameter(self, start: int) -> Parameter | None:
        match = self.scan_parameter(start)
        if match is None:
            return None
        name, end = match.group("name"), match.end()
        self.pos = end
        if match.group("colon") is None:
            return Parameter(name, self.span(start, end))
        self.skip_ws()
        if self._at_argument_end() or self.char() == ",":
            raise self.fail("ParameterRequiresArgument", start, end, self.text[start:end])
        argument = self._command_argument()
        if isinstance(argument, Splat):
            raise self.fail("ParameterRequiresArgument", start, end, self.text[start:end])
        return Parameter(name, self.span(start, argument.span.end), argument.value, colon=True)

    def _command_argument(self) -> Argument | Splat:
        """One argument: a value, or values joined by commas into an array."""
        first = self._single_argument()
        items = [first]
        while (comma_end := self.take_comma()) is not None:
            if self._at_argument_end() or self.char() == "," or self.scan_redirection(self.pos):
                raise self.fail_unless_more("MissingExpression", comma_end, None, ",")
            items.append(self._single_argument())
        splat = next((item for item in items if isinstance(item, Splat)), None)
        if splat is not None:
            if len(items) > 1:
                raise self.fail(
                    "SplattingNotPermittedInArgumentList",
                    splat.span.start.offset, splat.span.end, splat.name,
                )
            return splat
        values = [item for item in items if not isinstance(item, Splat)]
        value = values[0] if len(values) == 1 else ArrayLiteral(
            tuple(values), self.span(values[0].span.start.offset, values[-1].span.end)
        )
        return Argument(value, value.span)

    def _single_argument(self) -> Expr | Splat:
        start, c = self.pos, self.char()
        if c == "@" and self.char(1) not in ("(", "{", "'", '"'):
            found = self.scan_variable(start)
            if found is None:
                raise self.fail("UnrecognizedToken", start)
            self.pos = found[1]
            return Splat(found[0].name, self.span(start, found[1]))
        if c == "$" and self.char(1) != "(":
            found = self.scan_variable(start)
            if found is not None:
                following = self.text[found[1] : found[1] + 1]
                if following == "" or following in WORD_END or following in ".[=":
                    self.pos = found[1]
                    return self._postfix(found[0], argument=True)
            return self._bare_argument(start)  # $HOME/bin, a lone $
        if c in "$@(\"'{":
            expr = self.primary_with_postfix(argument=True)
            assert expr is not None  # each of these characters starts a primary
            return expr
        number = self.scan_number(start, expression=False) if c in _NUMBER_START else None
        if number is not None:
            self.pos = number[1]
            return NumberLiteral(number[0], self.span(start, number[1]))
        return self._bare_argument(start)

    def _bare_argument(self, start: int) -> Expr:
        parts, end = self._bare_word(start, expand=True)
        self.pos = end
        return self.string_node(parts, start, end, quoted=False)

    def _bare_word(self, start: int, *, expand: bool) -> tuple[list[Part], int]:
        """A generic token: text up to a word boundary, with embedded quotes, backtick
        escapes and (``expand``) ``$`` expansions. Command names do not expand."""
        text = self.text
        plain = _BARE_PLAIN.match(text, start)
        if plain is not None and text[plain.end() : plain.end() + 1] in _PLAIN_WORD_END:
            return [plain.group()], plain.end()  # the common case: nothing special inside
        index = start
        parts: list[Part] = []
        literal: list[str] = []
        while index < self.end:
            match = _BARE_PLAIN.match(text, index)
            if match is not None:
                literal.append(match.group())
                index = match.end()
                if index >= self.end:
                    break
            c = text[index]
            if c == "`":
                following = text[index + 1 : index + 2]
                if following in ("", "\n") or text.startswith("\r\n", index + 1):
                    break  # a line continuation ends the word
                escaped, index = self.scan_escape(index)
                literal.append(escaped)
            elif c == "'":
                value, index = self.scan_single_quoted(index)
                literal.append(value)
            elif c in '"$':
                if c == '"':
                    found, index = self.expandable_parts(index + 1, self.end, quoted=True,
                                                         origin=index)
                else:
                    dollar = self.dollar_part(index) if expand else None
                    found = ["$"] if dollar is None else [dollar[0]]
                    index = index + 1 if dollar is None else dollar[1]
                for part in found:
                    if isinstance(part, str):
                        literal.append(part)
                        continue
                    if literal:
                        parts.append("".join(literal))
                        literal = []
                    parts.append(part)
            else:
                break  # a word boundary
        if literal:
            parts.append("".join(literal))
        return parts, index

    # ------------------------------------------------------------------ redirections

    def redirection(self) -> Redirection | None:
        """A redirection at the cursor, or ``None``; ``<`` is reserved, as in PowerShell."""
        start = self.pos
        if self.char() == "<":
            raise self.fail("RedirectionNotSupported", start, start + 1, "<")
        match = self.scan_redirection(start)
        if match is None:
            return None
        end = match.end()
        if match.group("from"):
            if match.group("to") != "1" or match.group("from") == "1":
                raise self.fail("RedirectionNotSupported", start, end, match.group())
            self.pos = end
            return Redirection(match.group("from"), self.span(start, end), merge_into="1")
        self.pos = end
        self.skip_ws()
        if self._at_argument_end() or self.char() == "," or self.scan_redirection(self.pos):
            raise self.fail("MissingFileSpecification", end)
        target = self._single_argument()
        if isinstance(target, Splat):
            raise self.fail("MissingFileSpecification", end)
        return Redirection(
            match.group("stream") or "1", self.span(start, target.span.end), target,
            append=match.group("op") == ">>",
        )

    def add_redirection(self, redirections: list[Redirection], redirection: Redirection) -> None:
        """Append ``redirection``; a stream may be redirected only once per command."""
        if any(existing.stream == redirection.stream for existing in redirections):
            raise self.fail(
                "StreamAlreadyRedirected", redirection.span.start.offset, redirection.span.end,
                _STREAM_NAMES[redirection.stream],
            )
        redirections.append(redirection)
