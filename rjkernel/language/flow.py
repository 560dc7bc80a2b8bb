"""Keyword statements: ``if``, ``switch``, ``foreach``, ``for``, ``while``, ``do``,
``break`` and ``continue``, with their optional ``:label``.

The grammar and the error texts are PowerShell's (Parser.cs ``IfStatementRule``,
``SwitchStatementRule``, ``ForeachStatementRule`` …; about_If, about_Switch,
about_Foreach, about_For, about_While, about_Do, about_Break, about_Continue):

- newlines may come between a keyword and its ``(``, and before a body's ``{``;
  ``else``/``elseif`` and a do loop's ``while``/``until`` may start the next line;
- a condition is a statement (a pipeline or an assignment), as in ``if (Test-Path x)``;
- a body is a statement block parsed by the cell's line rule, so a shell line in a
  body runs in the runspace's shell;
- a switch clause's condition is read in argument mode (``web* {…}``, ``'a' {…}``,
  ``{ $_ -gt 5 } {…}``), ``default`` is the default clause, and the flags
  ``-Regex``/``-Wildcard``/``-Exact``/``-CaseSensitive`` may be abbreviated.

A keyword statement is found by :meth:`FlowParser.flow_statement` at the start of a
statement; the rule for each keyword is registered with :func:`keyword_rule`, so a new
keyword statement is one registered method.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from .ast import (
    Assignment,
    Break,
    CommandExpression,
    Continue,
    DoLoop,
    Expr,
    For,
    ForEach,
    If,
    Pipeline,
    Splat,
    Statement,
    StatementBlock,
    StringLiteral,
    Switch,
    SwitchClause,
    UsingNamespace,
    While,
)
from .commands import CommandParser
from .lexer import DASHES

_USING = re.compile(r"namespace[ \t]+([A-Za-z_][\w.]*)", re.IGNORECASE)
_KEYWORD = re.compile(r"[A-Za-z]+(?=[\s{}();,|&]|$)")
_LABEL = re.compile(r":([A-Za-z_][A-Za-z0-9_]*)[ \t]+(?=(?i:foreach|for|while|do|switch)\b)")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Continuations of a statement: found by their statement's rule, never on their own.
_CONTINUATIONS = frozenset({"else", "elseif", "catch", "finally", "until"})
_SWITCH_FLAGS = ("regex", "wildcard", "exact", "casesensitive", "parallel", "file")

Rule = Callable[[Any, "str | None", int, str], Statement]
_R = TypeVar("_R", bound=Rule)

KEYWORD_RULES: dict[str, Rule] = {}
"""The statement rule of each keyword, by lower-case keyword."""


def keyword_rule(*keywords: str) -> Callable[[_R], _R]:
    """Register a parser method ``(self, label, start, keyword) -> Statement`` as the
    rule of ``keywords``; it is called with the cursor just after the keyword."""

    def register(rule: _R) -> _R:
        for keyword in keywords:
            KEYWORD_RULES[keyword] = rule
        return rule

    return register


class FlowParser(CommandParser):
    """The keyword statements, on top of commands and expressions."""

    # set by the statement list being parsed: whether a statement other than ``using``
    # comes before the one at the cursor (about_Using: ``using`` statements come first)
    after_statements = False

    def flow_statement(self) -> Statement | None:
        """The keyword statement of this module at the cursor, or ``None`` (the cursor
        unmoved) if the statement there does not start with one of its keywords."""
        start = self.pos
        label = _LABEL.match(self.text, start)
        keyword_start = label.end() if label else start
        match = _KEYWORD.match(self.text, keyword_start)
        if match is None:
            return None
        keyword = match.group()
        word = keyword.lower()
        rule = KEYWORD_RULES.get(word)
        if rule is not None:
            self.pos = match.end()
            return rule(self, label.group(1) if label else None, start, keyword)
        if word in _CONTINUATIONS:
            raise self.fail("UnexpectedToken", keyword_start, match.end(), keyword)
        return None

    # ------------------------------------------------------------------ pieces

    def statement_block(self, error_id: str, error_at: int, *args: str) -> StatementBlock:
        """``{ statements }`` after optional newlines; ``error_id`` if there is no ``{``."""
        self.skip_newlines()
        if self.char() != "{":
            raise self.fail_unless_more(error_id, error_at, None, *args)
        start = self.pos
        self.pos += 1
        saved = self._open()
        statements = self.statement_list("}", shell_lines=True)
        if self.char() != "}":
            raise self.fail_unless_more("MissingEndCurlyBrace", start, start + 1)
        self.pos += 1
        self._close(saved)
        return StatementBlock(tuple(statements), self.span(start, self.pos),
                              any(map(streams, statements)))

    def _open_paren(self, error_id: str, error_at: int, *args: str) -> int:
        """Skip newlines and a ``(``; returns the offset after it."""
        self.skip_newlines()
        if self.char() != "(":
            raise self.fail_unless_more(error_id, error_at, None, *args)
        self.pos += 1
        self.skip_newlines()
        return self.pos

    def _close_paren(self, error_id: str, error_at: int, *args: str) -> int:
        """Skip newlines and a ``)``; returns the offset after it."""
        self.skip_newlines()
        if self.char() != ")":
            raise self.fail_unless_more(error_id, error_at, None, *args)
        self.pos += 1
        return self.pos

    def _condition(self, missing_id: str, missing_at: int, keyword: str) -> Statement:
        """The statement inside ``( … )``, up to and including the ``)``."""
        saved = self._open()
        condition = self.statement()
        if condition is None:
            raise self.fail_unless_more(missing_id, missing_at, None, keyword)
        self._close_paren("MissingEndParenthesisAfterStatement", condition.span.end, keyword)
        self._close(saved)
        return condition

    def _peek_keyword(self, *words: str) -> str | None:
        """After optional newlines, one of ``words`` (consumed); else nothing moves."""
        saved = self.pos
        self.skip_newlines()
        match = _KEYWORD.match(self.text, self.pos)
        if match is not None and match.group().lower() in words:
            self.pos = match.end()
            return match.group().lower()
        self.pos = saved
        return None

    # ------------------------------------------------------------------ rules

    @keyword_rule("if")
    def _if(self, label: str | None, start: int, keyword: str) -> If:
        clauses: list[tuple[Statement, StatementBlock]] = []
        otherwise: StatementBlock | None = None
        while True:
            keyword_end = self.pos
            after_paren = self._open_paren("MissingOpenParenthesisInIfStatement", keyword_end,
                                           keyword)
            condition = self._condition("IfStatementMissingCondition", after_paren, keyword)
            body = self.statement_block("MissingStatementBlock", self.pos - 1, keyword)
            clauses.append((condition, body))
            following = self._peek_keyword("elseif", "else")
            if following == "elseif":
                keyword = self.text[self.pos - 6 : self.pos]
                continue
            if following == "else":
                otherwise = self.statement_block("MissingStatementBlockAfterElse", self.pos)
            break
        end = (otherwise or clauses[-1][1]).span.end
        bodies = [body for _condition, body in clauses]
        flowing = any(body.streams for body in (*bodies, otherwise) if body is not None)
        return If(tuple(clauses), otherwise, self.span(start, end), flowing)

    @keyword_rule("switch")
    def _switch(self, label: str | None, start: int, keyword: str) -> Switch:
        mode, case_sensitive = "exact", False
        error_at = self.pos
        subject: Statement | None = None  # the file name after -File
        self.skip_newlines()
        while self.char() != "" and self.char() in DASHES:
            parameter = self.scan_parameter(self.pos)
            if parameter is None:
                break
            name = parameter.group("name")
            flag = next((f for f in _SWITCH_FLAGS if f.startswith(name.lower())), None)
            if flag is None or flag == "parallel":
                raise self.fail("InvalidSwitchFlag", self.pos, parameter.end(), name)
            self.pos = error_at = parameter.end()
            self.skip_newlines()
            if flag == "file":
                subject = self._switch_file(error_at)
                error_at = subject.span.end
                self.skip_newlines()
            elif flag == "casesensitive":
                case_sensitive = True
            else:
                mode = flag
        if subject is None:
            after_paren = self._open_paren("PipelineValueRequired", error_at)
            saved = self._open()
            subject = self.statement()
            if subject is None:
                raise self.fail_unless_more("PipelineValueRequired", after_paren, None)
            self._close_paren("MissingEndParenthesisInSwitchStatement", subject.span.end)
            self._close(saved)
            from_file = False
        else:
            from_file = True
        clauses, default = self._switch_body(self.pos)
        return Switch(label, mode, case_sensitive, subject, clauses, default,
                      self.span(start, self.pos), from_file)

    def _switch_file(self, after_flag: int) -> Statement:
        """``switch -File <name>``: the name is one command argument (a word, a string,
        a variable …), held as the subject pipeline, as PowerShell's parser does."""
        c = self.char()
        if c == "" or c in "{}();|&\n":
            raise self.fail_unless_more("MissingFilenameOption", after_flag, None)
        name = self._single_argument()
        if isinstance(name, Splat):
            raise self.fail("UnexpectedToken", name.span.start.offset, name.span.end,
                            "@" + name.name)
        element = CommandExpression(name, (), name.span)
        return Pipeline((element,), name.span, False, self.text[name.span.start.offset:
                                                                 name.span.end])

    def _switch_body(self, error_at: int) -> tuple[tuple[SwitchClause, ...], StatementBlock | None]:
        self.skip_newlines()
        if self.char() != "{":
            raise self.fail_unless_more("MissingCurlyBraceInSwitchStatement", error_at, None)
        brace = self.pos
        self.pos += 1
        saved = self._open()
        clauses: list[SwitchClause] = []
        default: StatementBlock | None = None
        while True:
            self._skip_newlines_and_semicolons()
            condition_start = self.pos
            condition = self._switch_condition()
            body = self.statement_block("MissingSwitchStatementClause", condition.span.end)
            if isinstance(condition, StringLiteral) and not condition.quoted and \
                    condition.value.lower() == "default":
                if default is not None:
                    raise self.fail("MultipleSwitchDefaultClauses", condition_start,
                                    condition.span.end)
                default = body
            else:
                span = self.span(condition_start, body.span.end)
                clauses.append(SwitchClause(condition, body, span))
            self._skip_newlines_and_semicolons()
            if self.char() == "}":
                break
            if self.char() == "":
                raise self.fail("MissingEndCurlyBrace", brace, brace + 1, incomplete=True)
        self.pos += 1
        self._close(saved)
        return tuple(clauses), default

    def _switch_condition(self) -> Expr:
        start = self.pos
        if self.char() in ("", "}") or self.char() in ")|&":
            raise self.fail_unless_more("MissingSwitchConditionExpression", start, None)
        condition = self._single_argument()
        if isinstance(condition, Splat):
            raise self.fail("UnexpectedToken", start, condition.span.end,
                            self.text[start : condition.span.end])
        return condition

    @keyword_rule("foreach")
    def _foreach(self, label: str | None, start: int, keyword: str) -> ForEach:
        keyword_end = self.pos
        self.skip_newlines()
        parameter = self.scan_parameter(self.pos) if self.char() in DASHES else None
        if parameter is not None:
            raise self.fail("InvalidForeachFlag", self.pos, parameter.end(),
                            parameter.group("name"))
        after_paren = self._open_paren("MissingOpenParenthesisAfterKeyword", keyword_end,
                                       "foreach")
        saved = self._open()
        found = self.scan_variable(self.pos) if self.char() == "$" else None
        if found is None:
            raise self.fail_unless_more("MissingVariableNameAfterForeach", after_paren, None)
        variable, self.pos = found
        self.skip_newlines()
        in_word = _KEYWORD.match(self.text, self.pos)
        if in_word is None or in_word.group().lower() != "in":
            raise self.fail_unless_more("MissingInInForeach", variable.span.end, None)
        self.pos = in_word.end()
        self.skip_newlines()
        collection = self.statement()
        if collection is None:
            raise self.fail_unless_more("MissingForeachExpression", in_word.end(), None)
        self._close_paren("MissingEndParenthesisAfterForeach", collection.span.end)
        self._close(saved)
        body = self.statement_block("MissingForeachStatement", self.pos)
        return ForEach(label, variable, collection, body, self.span(start, body.span.end))

    @keyword_rule("for")
    def _for(self, label: str | None, start: int, keyword: str) -> For:
        after_paren = self._open_paren("MissingOpenParenthesisAfterKeyword", self.pos, "for")
        saved = self._open()
        parts: list[Statement | None] = []
        error_at = after_paren
        for index in range(3):
            self.skip_newlines()
            part = self.statement()
            parts.append(part)
            if part is not None:
                error_at = part.span.end
            if index < 2 and self.skip_ws() == ";":
                self.pos += 1
                error_at = self.pos
        self._close_paren("MissingEndParenthesisAfterStatement", error_at, "for")
        self._close(saved)
        body = self.statement_block("MissingLoopStatement", self.pos, "for")
        init, condition, step = parts
        return For(label, init, condition, step, body, self.span(start, body.span.end))

    @keyword_rule("while")
    def _while(self, label: str | None, start: int, keyword: str) -> While:
        after_paren = self._open_paren("MissingOpenParenthesisAfterKeyword", self.pos, "while")
        condition = self._condition("MissingExpressionAfterKeyword", after_paren, "while")
        body = self.statement_block("MissingLoopStatement", self.pos, "while")
        return While(label, condition, body, self.span(start, body.span.end))

    @keyword_rule("do")
    def _do(self, label: str | None, start: int, keyword: str) -> DoLoop:
        body = self.statement_block("MissingLoopStatement", self.pos, "do")
        which = self._peek_keyword("while", "until")
        if which is None:
            self.skip_newlines()
            raise self.fail_unless_more("MissingWhileOrUntilInDoWhile", body.span.end, None)
        after_paren = self._open_paren("MissingOpenParenthesisAfterKeyword", self.pos, which)
        condition = self._condition("MissingExpressionAfterKeyword", after_paren, which)
        return DoLoop(label, body, condition, which == "until", self.span(start, self.pos))

    @keyword_rule("using")
    def _using(self, label: str | None, start: int, keyword: str) -> Statement:
        """``using namespace Name`` (``using module``/``assembly`` are not available),
        before any other statement of its script or block."""
        if self.after_statements:
            raise self.fail("UsingMustBeAtStartOfScript", start, self.pos)
        self.skip_ws()
        match = _USING.match(self.text, self.pos)
        if match is None:
            raise self.fail("UsingNamespaceOnly", start, self.pos)
        self.pos = match.end()
        return UsingNamespace(match.group(1), self.span(start, self.pos))

    @keyword_rule("break", "continue")
    def _break_continue(self, label: str | None, start: int, keyword: str) -> Statement:
        target = self._loop_label()
        end = target.span.end if target is not None else self.pos
        node = Break if keyword.lower() == "break" else Continue
        return node(target, self.span(start, end))

    def _loop_label(self) -> Expr | None:
        """``break outer`` names a label; ``break $name`` computes one (LabelOrKeyRule)."""
        c = self.skip_ws()
        name = _NAME.match(self.text, self.pos)
        if name is not None:
            self.pos = name.end()
            return StringLiteral(name.group(), self.span(name.start(), name.end()), quoted=False)
        if c == "" or c in "\n;})|&":
            return None
        saved = self._comma_enabled
        self._comma_enabled = False
        try:
            return self._unary()
        finally:
            self._comma_enabled = saved



def streams(statement: Statement) -> bool:
    """Whether ``statement`` may output while it runs: a pipeline with a command in
    it, a shell line, or a keyword statement with such a body. Assignments, lone
    expressions, ``break`` and ``continue`` output nothing or all at once; statements
    this module does not know are taken to stream."""
    if isinstance(statement, Pipeline):
        return not all(isinstance(element, CommandExpression) for element in statement.elements)
    if isinstance(statement, (Assignment, Break, Continue, UsingNamespace)):
        return False
    if isinstance(statement, If):
        return statement.streams
    if isinstance(statement, (ForEach, For, While, DoLoop)):
        return statement.body.streams
    if isinstance(statement, Switch):
        bodies = [clause.body for clause in statement.clauses]
        return any(body.streams for body in (*bodies, statement.default) if body is not None)
    return True
