"""A cell (or a script-block body) to statements: ours, and runs of shell lines.

Theory of operation. The statement list is read line by line. At the start of a line
(and at the start of a cell or block body) the parser decides whose line it is, by the
line rule of :mod:`.routing` (a statement keyword, a literal or expression, a known
command, an approved ``Verb-Noun`` word):

- an ours line is parsed as PowerShell up to its end, which may be lines later (inside
  braces, parentheses, after ``|`` or a backtick). Within it everything is PowerShell: a
  command after ``;`` or inside ``( … )``/``$( … )``/``@( … )`` whose name is not ours
  is a native :class:`Command` (``Get-Job; ls -l``, ``$x = hostname``) whose source text
  the evaluator hands to the shell. Keyword statements are :mod:`.flow`'s (``if``,
  ``switch``, the loops) and :mod:`.definitions`' (``function``, ``try``, ``return``
  …); their bodies, like script-block bodies, follow the line rule again;
- anything else starts a run of shell lines, which :mod:`.shell_lines` extends as far
  as the shell would read (quotes, here-documents, ``if … fi`` …) and no further than a
  top-level ``;`` followed by a statement of ours, and which becomes one
  :class:`ShellChunk`.

Errors are PowerShell's texts (:mod:`.syntax_errors`), at the position PowerShell
reports, and are *incomplete* when more input could mend them at the end of the cell.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from .ast import (
    ArrayLiteral,
    Assignment,
    AttributedExpression,
    Cast,
    CommandExpression,
    DynamicMember,
    Expr,
    IndexAccess,
    MemberAccess,
    Pipeline,
    PipelineChain,
    PipelineElement,
    Redirection,
    Script,
    ShellChunk,
    Statement,
    UsingNamespace,
    Variable,
)
from .commands import REDIRECTION_START
from .definitions import DefinitionParser
from .expressions import UNARY_WORDS
from .flow import FlowParser
from .lexer import DASHES
from .routing import LineRule
from .shell_lines import ShellScan, scan_shell_chunk

_ASSIGNMENT = re.compile(r"[+\-*/%]?=|\?\?=")
_CHAIN_OPERATORS = ("&&", "||")


def parse(
    source: str, *, is_ours: Callable[[str], bool], start: int = 0, end: int | None = None
) -> Script:
    """Parse ``source[start:end]`` (the whole cell by default) into statements.

    ``is_ours(word)`` says whether a command word is one of the runspace's cmdlets,
    aliases or functions (the caller compares case-insensitively). Positions in the
    result and in errors are positions in ``source``, so a script-block body is parsed
    in place with ``start=block.body.offset, end=block.body.offset + len(block.text)``.
    To read a body as PowerShell only (no shell lines), pass ``is_ours=lambda word: True``.

    Raises :class:`~rjkernel.errors.ParseError` (the first error).
    """
    return CellParser(source, is_ours, start, end).parse()


@functools.lru_cache(maxsize=256)
def parse_cached(source: str, is_ours: Callable[[str], bool], start: int = 0,
                 end: int | None = None) -> Script:
    """:func:`parse`, remembered: a notebook re-runs the same cell, and a script block
    runs again for every pipeline object, so the same text is parsed again and again.
    The tree is immutable, and the interpreter keeps each node's compiled form on it,
    so a hit skips compiling too. ``is_ours`` must be one callable per line rule (the
    interpreter's ``router`` is cached per set of user functions), else nothing hits."""
    return parse(source, is_ours=is_ours, start=start, end=end)


class CellParser(FlowParser, DefinitionParser, LineRule):
    """One parse of one cell or body; see the module docstring for the rules.

    After :meth:`parse`, ``shell_tail`` is the scan of the cell's last statement when that
    is a shell chunk (``is_complete`` asks whether the shell would want more lines), and
    after a failed parse ``open_depth`` is the number of brackets open where it failed.
    """

    def __init__(
        self,
        source: str,
        is_ours: Callable[[str], bool],
        start: int = 0,
        end: int | None = None,
    ) -> None:
        super().__init__(source, start, len(source) if end is None else end)
        self.is_ours = is_ours
        self.shell_tail: ShellScan | None = None

    def parse(self) -> Script:
        return self.script_body(None)

    # ------------------------------------------------------------------ statement lists

    def statement_list(self, closer: str | None, *, shell_lines: bool) -> list[Statement]:
        """Statements up to ``closer`` (``}`` of a block, ``)`` of ``$( … )``) or the end.

        ``shell_lines``: decide at each line start whether the line is ours or shell.
        """
        self.nest()
        statements: list[Statement] = []
        others = False  # a statement other than ``using`` so far
        line_start = True
        while True:
            line_start = self._skip_separators(line_start)
            start, c = self.pos, self.char()
            if c == "":
                break
            if closer is not None and c in ")}":
                if c == closer or closer == ")":
                    break  # the caller reports a ')' missing before a '}'
                raise self.fail("UnexpectedToken", start, start + 1, c)
            if shell_lines and line_start and not self.line_is_ours(start):
                chunk = self._shell_chunk(start, in_block=closer == "}", top=closer is None)
                statements.append(chunk)
                others = True
                continue
            if c in ")}":  # at the top, or after a ';' in a block
                raise self.fail("UnexpectedToken", start, start + 1, c)
            self.after_statements = others
            statement = self.statement()
            assert statement is not None  # separators, brackets and the end were handled above
            statements.append(statement)
            others = others or not isinstance(statement, UsingNamespace)
            if closer is None:
                self.shell_tail = None
            line_start = False
            self._expect_statement_end(statement, closer)
        self.unnest()
        return statements

    def _skip_separators(self, line_start: bool) -> bool:
        """Skip newlines and ``;``; returns whether the next statement starts a line."""
        while True:
            c = self.skip_ws()
            if c == "\n":
                line_start = True
            elif c == ";":
                line_start = False
            else:
                return line_start
            self.pos += 1

    def _expect_statement_end(self, statement: Statement, closer: str | None) -> None:
        c = self.skip_ws()
        if c in ("", "\n", ";") or (closer is not None and c in ")}"):
            return
        if isinstance(statement, (Pipeline, PipelineChain)) and statement.background:
            return  # 'a & b': the '&' ended the statement
        if c == "|" and not isinstance(statement, (Pipeline, PipelineChain, Assignment)):
            raise self.fail("EmptyPipeElement", self.pos)  # a keyword statement piped
        raise self.fail("UnexpectedToken", self.pos, None, self.token_text(self.pos))

    def _shell_chunk(self, start: int, *, in_block: bool, top: bool) -> ShellChunk:
        scan = scan_shell_chunk(self.text, start, is_ours_line=self.line_is_ours, in_block=in_block)
        if top:
            self.shell_tail = scan
        self.pos = scan.end
        return ShellChunk(self.text[start : scan.content_end], self.span(start, scan.content_end))

    # ------------------------------------------------------------------ statements

    def statement(self) -> Statement | None:
        """An assignment or a pipeline; ``None`` at a statement terminator."""
        c = self.skip_ws()
        if c in ("", "\n", ";", ")", "}"):
            return None
        self.nest()  # commands recurse through here: Get-Job (Get-Job (…))
        statement = self._statement(c)
        self.unnest()
        return statement

    def _statement(self, c: str) -> Statement:
        start = self.pos
        if c.isalpha() or c == ":":
            keyword = self.flow_statement() or self.keyword_statement(start)
            if keyword is not None:
                return keyword
        first = self._pipeline_or_assignment(start, c, assign=True)
        if isinstance(first, Assignment):
            return first
        return self._chain(start, first)

    def _pipeline_or_assignment(self, start: int, c: str, *, assign: bool
                                ) -> Pipeline | Assignment:
        """A pipeline starting at ``start`` (an expression or a command first), or, when
        ``assign``, an assignment to the expression there."""
        if self._starts_expression(start, c):
            expression = self.expression()
            if expression is not None:
                self.skip_ws()
                assignment = _ASSIGNMENT.match(self.text, self.pos) if assign else None
                if assignment is not None:
                    return self._assignment(start, expression, assignment)
                redirections = self._expression_redirections()
                end = redirections[-1].span.end if redirections else expression.span.end
                first = CommandExpression(expression, tuple(redirections), self.span(start, end))
                return self._pipeline(start, first)
            self.pos = start
        command = self.command()
        if command is None:
            if self.char() == "|":
                raise self.fail("EmptyPipeElement", self.pos)
            raise self.fail("UnexpectedToken", self.pos, None, self.token_text(self.pos))
        return self._pipeline(start, command)

    def _chain(self, start: int, first: Pipeline) -> Statement:
        """Pipelines joined by ``&&``/``||`` (about_Pipeline_Chain_Operators, 7.0+):
        left-associative; a trailing ``&`` runs the whole chain as a job."""
        chain: Pipeline | PipelineChain = first
        self.skip_ws()
        while (operator := self.text[self.pos : self.pos + 2]) in _CHAIN_OPERATORS:
            if chain.background:
                raise self.fail("BackgroundOperatorInPipelineChain", self.pos, self.pos + 2)
            operator_end = self.pos + 2
            self.pos = operator_end
            self.skip_newlines()
            c = self.char()
            if c in ("", ";", ")", "}", "|", "&"):
                raise self.fail("EmptyPipelineChainElement", operator_end - 2, operator_end,
                                incomplete=c == "")
            right = self._pipeline_or_assignment(self.pos, c, assign=False)
            assert isinstance(right, Pipeline)
            end = right.span.end
            chain = PipelineChain(chain, operator, right, self.span(start, end),
                                  right.background, self.text[start:end])
            self.skip_ws()
        return chain

    def _starts_expression(self, start: int, c: str) -> bool:
        """Whether a pipeline element at ``start`` (character ``c``) is an expression
        rather than a command."""
        following = self.text[start + 1 : start + 2]
        if c in ("$", "'", '"', "(", "[", "{", ",", "@") or self._increment_at(start):
            return True
        if c == "!":
            return not (following.isalpha() or following == "_")
        if c == "+" or (c != "" and c in DASHES):
            if self.scan_number(start, expression=True) is not None:
                return True
            if c == "+":
                return False
            word = self.scan_dash_word(start)
            if word is not None:
                return word[0] in UNARY_WORDS
            return following == "" or not (
                following.isalpha() or following in DASHES + "=_?"
            )
        if c.isdigit() or c == ".":
            return self.scan_number(start, expression=True) is not None
        return False

    def _assignment(self, start: int, target: Expr, operator: re.Match[str]) -> Assignment:
        targets = target.items if isinstance(target, ArrayLiteral) else (target,)
        if not all(_assignable(item) for item in targets):
            raise self.fail("InvalidLeftHandSide", start, target.span.end)
        self.pos = operator.end()
        self.skip_newlines()
        value = self.statement()
        if value is None:
            raise self.fail_unless_more(
                "ExpectedValueExpression", operator.end(), None, operator.group()
            )
        return Assignment(targets, operator.group(), value, self.span(start, value.span.end))

    def _expression_redirections(self) -> list[Redirection]:
        redirections: list[Redirection] = []
        while True:
            c = self.skip_ws()
            redirection = self.redirection() if c in REDIRECTION_START else None
            if redirection is None:
                return redirections
            self.add_redirection(redirections, redirection)

    def _pipeline(self, start: int, first: PipelineElement) -> Pipeline:
        elements = [first]
        while True:
            c = self.skip_ws()
            if c == "\n" and (pipe := self._pipe_continuation(self.pos)) is not None:
                self.pos = pipe
                c = "|"
            if c != "|" or self.char(1) == "|":
                break
            pipe_end = self.pos + 1
            self.pos = pipe_end
            self.skip_newlines()
            if self.pos >= self.end:
                raise self.fail("EmptyPipeElement", pipe_end, incomplete=True)
            element_start = self.pos
            if self._starts_expression(element_start, self.text[element_start]):
                expression = self.expression()
                if expression is not None:
                    raise self.fail(
                        "ExpressionsMustBeFirstInPipeline", element_start, expression.span.end
                    )
                self.pos = element_start
            command = self.command()
            if command is None:
                raise self.fail("EmptyPipeElement", pipe_end)
            elements.append(command)
        end = elements[-1].span.end
        background = self.char() == "&" and self.char(1) != "&"
        if background:
            self.pos += 1
        return Pipeline(tuple(elements), self.span(start, end), background, self.text[start:end])


    def _pipe_continuation(self, newline: int) -> int | None:
        """PowerShell 7's leading pipe (about_Pipelines): a line starting with ``|``
        continues the pipeline above it, across comment lines but not blank ones
        (tokenizer.cs ``ContinuationAfterExtent``). The offset of that ``|``, or None."""
        text, index, after_newline = self.text, newline + 1, True
        while index < self.end:
            c = text[index]
            if c in " \t\f\v\r" or (c != "\n" and c.isspace()):
                index += 1
            elif c == "\n":
                if after_newline:
                    return None  # a blank line ends the pipeline
                after_newline = True
                index += 1
            elif c == "#":
                after_newline = False
                end = text.find("\n", index)
                index = self.end if end < 0 else end
            elif c == "<" and text.startswith("#", index + 1):
                after_newline = False
                end = text.find("#>", index + 2)
                index = self.end if end < 0 else end + 2
            else:
                return index if c == "|" and not text.startswith("||", index) else None
        return None


def _assignable(target: Expr) -> bool:
    """Variables, properties and elements can be assigned; ``[int]$x = …`` and
    ``[ValidateRange(1, 5)][int]$x = …`` too."""
    if isinstance(target, (Cast, AttributedExpression)):
        while isinstance(target, (Cast, AttributedExpression)):
            target = target.operand
        return isinstance(target, Variable)
    if isinstance(target, DynamicMember):
        return target.args is None
    return isinstance(target, (Variable, MemberAccess, IndexAccess))
