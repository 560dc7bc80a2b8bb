"""Characters to lexical elements of the PowerShell subset.

PowerShell tokenizes by context: what ``-eq`` or ``1,3`` or ``a>b`` is depends on whether
the parser expects an operator, an operand or a command argument. So instead of a token
stream this module offers a cursor (:class:`Lexer`) with one scanner per lexical element,
and the parser asks for the element it expects. The rules are PowerShell's
(``tokenizer.cs``, ``CharTraits.cs``):

- Spaces, tabs, ``#`` comments, ``<# … #>`` comments and a backtick before a newline (line
  continuation) separate tokens. Newlines end statements and are never skipped implicitly.
- A bare word (generic token) runs until whitespace or one of ``{ } ( ) ; , | &``; quotes,
  ``$`` and backticks inside it are parts of the word, and ``>`` is an ordinary character
  in it (a redirection only starts a token).
- A number in argument mode must end at such a character (``7z``, ``10.0.0.1`` are words);
  in expression mode an operator character may end it too (``1+2``, ``1..3``).
- A variable name is letters, digits and ``_``; a scope prefix (``$env:``, ``$using:``) is
  recognised only for PowerShell's scope and drive names, so ``"$host:22"`` means ``$host``
  followed by ``:22`` (PowerShell would look for a variable ``22`` on a drive ``host``).
  ``?`` ends a name (``"$name?"``), except in ``$?`` itself.

Every offset is an offset into the whole cell; :class:`Lexer` works on the cell text cut
at ``end`` so that a script-block body can be parsed in place.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..errors import ParseError
from .ast import Span, Variable
from .positions import SourceMap
from .syntax_errors import syntax_error

DASHES = "-\u2013\u2014\u2015"  # PowerShell accepts en/em dashes pasted from documents
_DASH_CLASS = "\\-\u2013\u2014\u2015"  # DASHES inside a regex character class
WORD_END = frozenset(" \t\f\v\r\n{}();,|&")  # PowerShell's ForceStartNewToken
_NUMBER_END_EXPRESSION = WORD_END | frozenset("!#%*+-./<=>]\u2013\u2014\u2015")
SCOPES = ("env", "using", "global", "script", "local", "private", "variable")

_VARIABLE = re.compile(
    r"(?:(?P<scope>(?i:" + "|".join(SCOPES) + r")):(?=\w))?(?P<name>\w+)|(?P<special>[?$^])"
)
_NUMBER = re.compile(
    r"(?P<sign>[+" + _DASH_CLASS + r"])?"
    r"(?:(?P<hex>0[xX][0-9a-fA-F]+)|(?P<bin>0[bB][01]+)|(?P<dec>(?:\d+(?:\.(?!\.)\d*)?|\.\d+)(?:[eE][+\-]?\d+)?))"
    r"(?P<suffix>[lLdD])?(?P<mult>[kKmMgGtTpP][bB])?"
)
_MAX_INT_DIGITS = 4000  # int() refuses longer decimal strings; such a literal is a float
_MULTIPLIERS = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40, "p": 1 << 50}
_PARAMETER = re.compile(
    r"[" + _DASH_CLASS + r"](?P<name>(?:[^\W\d]|[_?])[^\s{}();,|&.\[:'\"]*)(?P<colon>:)?"
)
_DASH_WORD = re.compile(r"[" + _DASH_CLASS + r"](?P<word>[A-Za-z]+)")
_REDIRECTION = re.compile(
    r"(?P<from>[1-6*])>&(?P<to>[12])|(?P<stream>[1-6*])?(?P<op>>>|>)"
)
_BACKTICK_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "e": "\x1b", "f": "\f",
    "n": "\n", "r": "\r", "t": "\t", "v": "\v",
}
_UNICODE_ESCAPE = re.compile(r"u\{([0-9a-fA-F]{1,6})\}")
_HEADER_END = re.compile(r"[ \t\r]*\n")
_TRIVIA_START = frozenset(" \t\r\f\v#<`")  # and any other str.isspace() but \n
_TOKEN_GUESS = re.compile(
    r"&&|\|\||[$@]\{[^}\n]*\}?|'[^'\n]*'?|\"[^\"\n]*\"?|[$@]?[^\s{}();,|&'\"]+|.", re.S
)


class Lexer:
    """A cursor over one cell with PowerShell's lexical rules.

    The ``scan_*`` methods look at a given offset and return what they found with the
    offset after it (or ``None``); moving ``pos`` is the parser's decision. Only the trivia
    skippers move ``pos`` themselves.
    """

    def __init__(self, source: str, start: int, end: int) -> None:
        self.source = source
        self.end = end
        self.text = source[:end]
        self.pos = start
        self.positions = SourceMap(source)
        self._skipped_to = -1  # skip_ws has nothing to skip at this offset

    # ------------------------------------------------------------------ basics

    def char(self, offset: int = 0) -> str:
        """The character at ``pos + offset``, or ``""`` at the end of the input."""
        index = self.pos + offset
        return self.text[index : index + 1]

    def span(self, start: int, end: int) -> Span:
        return Span(self.positions.pos(start), end)

    def fail(
        self,
        error_id: str,
        start: int,
        end: int | None = None,
        *args: str,
        incomplete: bool = False,
    ) -> ParseError:
        """The ParseError to raise; ``end`` defaults to a one-character underline."""
        return syntax_error(
            self.source, error_id, start, start + 1 if end is None else end, *args,
            incomplete=incomplete,
        )

    def fail_unless_more(
        self, error_id: str, start: int, end: int | None, *args: str
    ) -> ParseError:
        """An error more input could mend: incomplete if nothing but trivia follows ``pos``."""
        return self.fail(error_id, start, end, *args, incomplete=self.only_trivia_left())

    def only_trivia_left(self) -> bool:
        """Whether only whitespace, newlines and comments remain after ``pos``."""
        saved = self.pos
        try:
            self.skip_newlines()
            return self.pos >= self.end
        except ParseError:  # an unterminated comment or continuation is still the end
            return True
        finally:
            self.pos = saved

    def token_text(self, start: int) -> str:
        """A best guess at the token starting at ``start``, for ``Unexpected token '…'``."""
        match = _TOKEN_GUESS.match(self.text, start)
        return match.group() if match else ""

    # ------------------------------------------------------------------ trivia

    def skip_ws(self) -> str:
        """Skip spaces, comments and line continuations, but not newlines.

        Returns the character the cursor then stands on (``""`` at the end).
        """
        pos, text = self.pos, self.text
        c = text[pos : pos + 1]
        if pos == self._skipped_to:  # the grammar often asks twice at one place
            return c
        if c not in _TRIVIA_START and (c == "\n" or not c.isspace()):
            self._skipped_to = pos
            return c
        end = self.end
        while pos < end:
            c = text[pos]
            if c in " \t\r\f\v":
                pos += 1
            elif c == "#":
                newline = text.find("\n", pos)
                pos = end if newline < 0 else newline
            elif c == "<" and text.startswith("#", pos + 1):
                close = text.find("#>", pos + 2)
                if close < 0:
                    raise self.fail("MissingTerminatorMultiLineComment", pos, end, incomplete=True)
                pos = close + 2
            elif c == "`":
                following = text[pos + 1 : pos + 2]
                if following == "":
                    raise self.fail("IncompleteString", pos, incomplete=True)
                if following == "\n" or following in " \t":
                    pos += 2
                elif following == "\r" and text.startswith("\n", pos + 2):
                    pos += 3
                else:
                    break
            elif c != "\n" and c.isspace():  # as the regexes' \s: \x1c, \xa0, \u2028 …
                pos += 1
            else:
                break
        self.pos = self._skipped_to = pos
        return text[pos : pos + 1]

    def skip_newlines(self) -> None:
        """Skip trivia and newlines (after a binary operator, ``|``, ``,`` or ``(``)."""
        while self.skip_ws() == "\n":
            self.pos += 1

    def take_comma(self) -> int | None:
        """Consume a ``,`` (blanks before it, newlines after it may be skipped) and return
        the offset just after it; without a comma, leave ``pos`` alone and return None."""
        saved = self.pos
        if self.skip_ws() != ",":
            self.pos = saved
            return None
        self.pos += 1
        comma_end = self.pos
        self.skip_newlines()
        return comma_end

    # ------------------------------------------------------------------ scanners

    def scan_variable(self, start: int) -> tuple[Variable, int] | None:
        """``$name``, ``$scope:name``, ``${any name}``, ``$?``, ``$$``, ``$^`` at ``start``.

        ``start`` is the ``$`` (or ``@`` of a splat). Returns ``None`` for a lone ``$``.
        """
        text = self.text
        if text.startswith("{", start + 1):
            return self._braced_variable(start)
        match = _VARIABLE.match(text, start + 1)
        if match is None:
            return None
        name = match.group("name") or match.group("special")
        scope = match.group("scope")
        end = match.end()
        return Variable(name, self.span(start, end), scope.lower() if scope else None), end

    def _braced_variable(self, start: int) -> tuple[Variable, int]:
        text, index = self.text, start + 2
        chars: list[str] = []
        while True:
            if index >= self.end:
                raise self.fail(
                    "IncompleteDollarVariableReference", start, self.end, incomplete=True
                )
            c = text[index]
            if c == "}":
                break
            if c == "`" and index + 1 < self.end:
                chars.append(text[index + 1])
                index += 2
            else:
                chars.append(c)
                index += 1
        end = index + 1
        name = "".join(chars)
        if not name:
            raise self.fail("EmptyVariableReference", start, end)
        scope, colon, rest = name.partition(":")
        if colon and rest and scope.lower() in SCOPES:
            return Variable(rest, self.span(start, end), scope.lower()), end
        return Variable(name, self.span(start, end)), end

    def scan_number(self, start: int, *, expression: bool
                    ) -> tuple[int | float | Decimal, int] | None:
        """A numeric literal at ``start`` (sign included), or ``None`` if the text is a word.

        Decimal, hex (``0x1F``), binary (``0b1010``, PowerShell 7), exponent, ``l``/``d``
        suffixes and ``kb``…``pb`` multipliers, as PowerShell; a ``d`` literal is a
        Decimal that keeps its written scale (``1.50d`` prints ``1.50``).
        """
        match = _NUMBER.match(self.text, start)
        if match is None:
            return None
        end = match.end()
        following = self.text[end : end + 1]
        if following and following not in (_NUMBER_END_EXPRESSION if expression else WORD_END):
            return None
        value: int | float | Decimal
        if match.group("hex"):
            value = int(match.group("hex"), 16)
        elif match.group("bin"):  # 0b1010: PowerShell 7's binary literal
            value = int(match.group("bin")[2:], 2)
        else:
            digits = match.group("dec")
            is_real = "." in digits or "e" in digits or "E" in digits
            value = float(digits) if is_real or len(digits) > _MAX_INT_DIGITS else int(digits)
        if (match.group("suffix") or "").lower() == "d":
            value = Decimal(match.group("dec")) if match.group("dec") else Decimal(value)
        multiplier = match.group("mult")
        if multiplier:
            value = value * _MULTIPLIERS[multiplier[0].lower()]
        if match.group("sign") and match.group("sign") != "+":
            value = -value
        return value, end

    def scan_parameter(self, start: int) -> re.Match[str] | None:
        """``-Name`` or ``-Name:`` in argument mode; a dash followed by a quote is a word."""
        match = _PARAMETER.match(self.text, start)
        if match is None:
            return None
        if match.group("colon") is None and self.text[match.end() : match.end() + 1] in ("'", '"'):
            return None
        return match

    def scan_dash_word(self, start: int) -> tuple[str, int] | None:
        """``-word`` in expression mode (an operator, or an unexpected parameter)."""
        match = _DASH_WORD.match(self.text, start)
        return (match.group("word").lower(), match.end()) if match else None

    def scan_redirection(self, start: int) -> re.Match[str] | None:
        """``>``, ``>>``, ``2>``, ``*>>``, ``2>&1`` … at ``start``."""
        return _REDIRECTION.match(self.text, start)

    def scan_single_quoted(self, start: int) -> tuple[str, int]:
        """The value of ``'…'`` at ``start`` (``''`` is a quote) and the offset after it."""
        text, index, pieces = self.text, start + 1, []
        while True:
            close = text.find("'", index)
            if close < 0:
                raise self.fail(
                    "TerminatorExpectedAtEndOfString", start, self.end, "'", incomplete=True
                )
            pieces.append(text[index:close])
            if not text.startswith("'", close + 1):
                return "".join(pieces), close + 1
            pieces.append("'")
            index = close + 2

    def scan_escape(self, start: int) -> tuple[str, int]:
        """The character a backtick at ``start`` stands for (`` `n ``, `` `u{263A} ``, `` `$ ``)."""
        following = self.text[start + 1 : start + 2]
        if following == "u":
            match = _UNICODE_ESCAPE.match(self.text, start + 1)
            if match and int(match.group(1), 16) <= 0x10FFFF:
                return chr(int(match.group(1), 16)), match.end()
        return _BACKTICK_ESCAPES.get(following, following), start + 2

    def here_string_body(self, start: int) -> tuple[int, int, int]:
        """Locate the here-string ``@'`` / ``@"`` at ``start``.

        Returns the offsets where its content starts and ends and the offset after the
        closing ``'@`` / ``"@``, which must begin a line.
        """
        quote = self.text[start + 1]
        header = _HEADER_END.match(self.text, start + 2)
        if header is None:
            if self.text[start + 2 :].strip(" \t\r") == "":
                raise self.fail(
                    "TerminatorExpectedAtEndOfString", start, self.end, quote + "@",
                    incomplete=True,
                )
            raise self.fail("UnexpectedCharactersAfterHereStringHeader", start + 2)
        content_start = header.end()
        footer = self.text.find("\n" + quote + "@", content_start - 1)
        if footer < 0:
            indented = re.compile(r"\n[ \t]+" + quote + "@").search(self.text, content_start - 1)
            if indented:
                raise self.fail("WhitespaceBeforeHereStringFooter", indented.start() + 1)
            raise self.fail(
                "TerminatorExpectedAtEndOfString", start, self.end, quote + "@", incomplete=True
            )
        content_end = max(footer, content_start)
        if content_end > content_start and self.text[content_end - 1] == "\r":
            content_end -= 1
        return content_start, content_end, footer + 3
