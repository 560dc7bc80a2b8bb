"""Expression mode: operators, operands, strings and the bracketed literals.

The grammar is PowerShell's (Parser.cs ``ExpressionRule`` and below), loosest first::

    expression := binary ('?' expression ':' expression)?      the ternary (7.0+)
    binary     := array (binary-operator newlines? array)*     left-associative
    array      := unary (',' newlines? unary)*                 the comma binds tighter
    unary      := ('!' | '-not' | '-bnot' | '-' | ',' | '-join' | '-split') newlines? unary
                | '[' type ']' unary?                          a cast, or a type literal
                | '[' name '(' arguments ')' ']' unary         an attribute: [ValidateRange(1,5)]$n
                | primary postfix*
    primary    := $var | number | 'text' | "text $var $(…)" | here-string
                | ( statement ) | $( statements ) | @( statements ) | @{ key = statement; … }
                | { script block }
    postfix    := .name | .name( arguments ) | [ expression ]    (no space before . or [)
                | .$var | .( expr ) | ."$var" (with arguments too)   a name worked out later
                | ?.name | ?[ expression ]                      null-conditional (7.0+)

Binary precedence, loosest first: ``-and -or -xor``; ``-band -bor -bxor``; comparisons
(``-eq`` … ``-notin``, ``-like``, ``-match``, ``-contains``, ``-replace``, ``-split``,
``-join`` and their ``-i``/``-c`` variants, ``-shl``/``-shr``); ``??``; ``+ -``;
``* / %``; ``-f``; ``..``. So ``1,2 -contains 1`` compares an array,
and ``-join 'a','b'`` joins only ``'a'`` (both as in PowerShell).

Strings: ``'…'`` is literal (``''`` is a quote); ``"…"`` and ``@"…"@`` expand ``$name``,
``${name}``, ``$scope:name`` and ``$( … )``, and nothing else: ``"$job.State"`` is the
value of ``$job`` followed by the text ``.State``. Backtick escapes (`` `n `` `` `" ``
`` `$ `` …) work in both.

Statements are parsed by the subclass (commands, pipelines, shell lines); this class
reaches them only through :meth:`statement` and :meth:`statement_list`.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from typing import TypeAlias

from ..errors import ParseError
from .ast import (
    ArrayExpression,
    ArrayLiteral,
    Attribute,
    AttributedExpression,
    BinaryOp,
    Cast,
    DynamicMember,
    ExpandableString,
    Expr,
    HashLiteral,
    Increment,
    IndexAccess,
    MemberAccess,
    MethodCall,
    NumberLiteral,
    Script,
    ScriptBlock,
    Statement,
    StringLiteral,
    SubExpression,
    Ternary,
    TypeLiteral,
    UnaryOp,
)
from .lexer import DASHES, WORD_END, Lexer

_COMPARISONS = (
    "eq", "ne", "gt", "ge", "lt", "le", "like", "notlike", "match", "notmatch",
    "contains", "notcontains", "in", "notin", "replace", "split",
)
_TYPE_OPERATORS = ("-is", "-isnot", "-as")  # no i/c forms (about_Type_Operators)
# PowerShell's binary precedences (token.cs), loosest first: logical, bitwise,
# comparison (with -join, the type operators, -shl/-shr), ``??``, additive,
# multiplicative, -f, range.
BINARY_PRECEDENCE: dict[str, int] = {
    "-and": 1, "-or": 1, "-xor": 1, "-band": 2, "-bor": 2, "-bxor": 2,
    "-join": 3, "-shl": 3, "-shr": 3,
}
BINARY_PRECEDENCE.update(
    {f"-{case}{name}": 3 for name in _COMPARISONS for case in ("", "i", "c")}
)
BINARY_PRECEDENCE.update(dict.fromkeys(_TYPE_OPERATORS, 3))
BINARY_PRECEDENCE.update(
    {"??": 4, "+": 5, "-": 5, "*": 6, "/": 6, "%": 6, "-f": 7, "..": 8}
)
UNARY_WORDS = frozenset({"not", "bnot", "join", "split"})
_UNARY_START = frozenset("!," + DASHES)
MAX_NESTING = 50  # brackets and unary operators; deeper input is "too complex", not a crash

_IDENTIFIER = re.compile(r"\w+")
_HASH_KEY = re.compile(r"[^\W\d][\w-]*")
_TYPE_START = re.compile(r"[^\W\d]")
_DQ_PLAIN = re.compile(r'[^"`$]+')
_HERE_PLAIN = re.compile(r"[^`$]+")

Part: TypeAlias = "str | Expr"


class ExpressionParser(Lexer, ABC):
    """Expression mode on top of the lexer; statements are the subclass's business.

    ``open_depth`` counts the brackets open at the cursor: when a parse fails at the end
    of the input it tells ``is_complete`` how far to indent the next line.
    """

    def __init__(self, source: str, start: int, end: int) -> None:
        super().__init__(source, start, end)
        self.open_depth = 0
        self._nesting = 0
        self._comma_enabled = True

    @abstractmethod
    def statement(self) -> Statement | None:
        """One pipeline or assignment, or ``None`` at a statement terminator."""

    @abstractmethod
    def statement_list(self, closer: str | None, *, shell_lines: bool) -> list[Statement]:
        """Statements up to ``closer`` (left unconsumed) or the end of the input."""

    @abstractmethod
    def script_body(self, closer: str | None) -> Script:
        """A block's body: its ``param( … )``, named blocks or statements."""

    @abstractmethod
    def attribute(self) -> Attribute | None:
        """``[Name(args)]`` or ``[type]`` at the cursor; None if no name follows ``[``."""

    # ------------------------------------------------------------------ nesting

    def nest(self) -> None:
        """Enter one level of recursion: too deep a cell is a ParseError, never a
        RecursionError. Every recursive path of the grammar passes a guard: ``_unary``,
        ``statement`` or ``statement_list``. (After an error the count no longer matters.)"""
        self._nesting += 1
        if self._nesting > MAX_NESTING:
            raise self.fail("ScriptTooComplicated", self.pos)

    def unnest(self) -> None:
        self._nesting -= 1

    def _open(self) -> bool:
        """Enter a bracket: the comma operator works again inside; returns its old state."""
        self.open_depth += 1
        saved = self._comma_enabled
        self._comma_enabled = True
        return saved

    def _close(self, saved_comma: bool) -> None:
        self.open_depth -= 1
        self._comma_enabled = saved_comma

    # ------------------------------------------------------------------ operators

    def expression(self) -> Expr | None:
        """A full expression, or ``None`` if no operand starts at the cursor: a binary
        expression, or the ternary ``condition ? if-true : if-false`` (about_Operators,
        PowerShell 7.0+; the branches are expressions, so ternaries nest to the right)."""
        condition = self._binary_expression()
        if condition is None or self.skip_ws() != "?" or self.char(1) in ("?", ".", "["):
            return condition
        question = self.pos
        self.pos += 1
        self.skip_newlines()
        if_true = self.expression()
        if if_true is None:
            raise self.fail_unless_more("ExpectedValueExpression", question + 1, None, "?")
        self.skip_newlines()
        if self.char() != ":":
            raise self.fail_unless_more("MissingColonInTernaryExpression", self.pos, None)
        colon = self.pos
        self.pos += 1
        self.skip_newlines()
        if_false = self.expression()
        if if_false is None:
            raise self.fail_unless_more("ExpectedValueExpression", colon + 1, None, ":")
        span = self.span(condition.span.start.offset, if_false.span.end)
        return Ternary(condition, if_true, if_false, span)

    def _binary_expression(self) -> Expr | None:
        left = self._array_literal()
        if left is None:
            return None
        operands: list[Expr] = [left]
        operators: list[str] = []
        while (found := self._binary_operator()) is not None:
            operator, written, end = found
            while operators and BINARY_PRECEDENCE[operators[-1]] >= BINARY_PRECEDENCE[operator]:
                self._reduce(operands, operators)
            operators.append(operator)
            self.pos = end
            self.skip_newlines()
            right = self._array_literal()
            if right is None:
                raise self.fail_unless_more("ExpectedValueExpression", end, None, written)
            operands.append(right)
        while operators:
            self._reduce(operands, operators)
        return operands[0]

    def _reduce(self, operands: list[Expr], operators: list[str]) -> None:
        right = operands.pop()
        left = operands.pop()
        span = self.span(left.span.start.offset, right.span.end)
        operands.append(BinaryOp(operators.pop(), left, right, span))

    def _binary_operator(self) -> tuple[str, str, int] | None:
        """The binary operator after an operand: (canonical name, as written, end)."""
        c = self.skip_ws()
        if c == "":
            return None
        start = self.pos
        following = self.text[start + 1 : start + 2]
        if c in "+*/%":
            if following == "=" or (c == "*" and following == ">"):
                return None  # compound assignment, or the *> redirection
            return c, c, start + 1
        if c in DASHES:
            word = self.scan_dash_word(start)
            if word is not None:
                written = self.text[start : word[1]]
                if "-" + word[0] not in BINARY_PRECEDENCE:
                    raise self.fail("UnexpectedToken", start, word[1], written)
                return "-" + word[0], written, word[1]
            if following == "=" or (following != "" and following in DASHES):
                return None
            return "-", c, start + 1
        if c == "." and following == ".":
            return "..", "..", start + 2
        if c == "?" and following == "?" and self.text[start + 2 : start + 3] != "=":
            return "??", "??", start + 2
        return None

    def _array_literal(self) -> Expr | None:
        first = self._unary()
        if first is None or not self._comma_enabled:
            return first
        items = [first]
        while (comma_end := self.take_comma()) is not None:
            item = self._unary()
            if item is None:
                raise self.fail_unless_more("MissingExpressionAfterToken", comma_end, None, ",")
            items.append(item)
        if len(items) == 1:
            return first
        return ArrayLiteral(tuple(items), self.span(first.span.start.offset, items[-1].span.end))

    def _unary(self) -> Expr | None:
        self.nest()
        c = self.skip_ws()
        start = self.pos
        expr: Expr | None
        if c == "[":
            expr = self._type_expression(start)
        elif self._increment_at(start):
            expr = self._prefix_increment(start)
        elif c in _UNARY_START and (operator := self._unary_operator(start, c)) is not None:
            expr = self._unary_operation(start, *operator)
        else:
            expr = self.primary_with_postfix()
            if expr is not None and self._increment_at(self.pos):
                delta = 1 if self.char() == "+" else -1
                self.pos += 2
                expr = Increment(delta, expr, True, self.span(start, self.pos))
        self.unnest()
        return expr

    def _increment_at(self, pos: int) -> bool:
        """``++`` or ``--`` (any of PowerShell's dashes) at ``pos``."""
        pair = self.text[pos : pos + 2]
        return len(pair) == 2 and (pair == "++" or (pair[0] in DASHES and pair[1] in DASHES))

    def _prefix_increment(self, start: int) -> Expr:
        written = self.text[start : start + 2]
        self.pos = start + 2
        operand = self._unary()
        if operand is None:
            raise self.fail_unless_more("MissingExpressionAfterOperator", start + 2, None,
                                        written)
        return Increment(1 if written == "++" else -1, operand, False,
                         self.span(start, operand.span.end))

    def _unary_operation(self, start: int, name: str, written: str, end: int) -> Expr:
        self.pos = end
        self.skip_newlines()
        operand = self._unary()
        if operand is None:
            raise self.fail_unless_more("MissingExpressionAfterOperator", end, None, written)
        return UnaryOp(name, operand, self.span(start, operand.span.end))

    def _unary_operator(self, start: int, c: str) -> tuple[str, str, int] | None:
        if c == "!":
            return "!", "!", start + 1
        if c == ",":
            return (",", ",", start + 1) if self._comma_enabled else None
        word = self.scan_dash_word(start)
        if word is not None:
            if word[0] not in UNARY_WORDS:
                return None
            return "-" + word[0], self.text[start : word[1]], word[1]
        following = self.char(1)
        if self.scan_number(start, expression=True) is not None or following == "=" or (
            following != "" and following in DASHES
        ):
            return None
        return "-", c, start + 1

    def _type_expression(self, start: int) -> Expr:
        """``[type]``: a cast when an operand follows, else a type literal."""
        text = self.text
        if not _TYPE_START.match(text, start + 1):
            self.pos = start + 1
            raise self.fail_unless_more("MissingTypename", start + 1, None)
        depth, index = 1, start + 1
        while index < self.end:
            c = text[index]
            if c == "[":
                depth += 1
            elif c == "]":
                depth -= 1
                if depth == 0:
                    break
            elif not (c.isalnum() or c in "_.`+, "):
                break
            index += 1
        if depth == 1 and text.startswith("(", index):
            return self._attributed(start)
        if depth:
            self.pos = index
            raise self.fail_unless_more("EndSquareBracketExpectedAtEndOfAttribute", start, index)
        literal = TypeLiteral(text[start + 1 : index].strip(), self.span(start, index + 1))
        self.pos = index + 1
        if self.char() in (".", ":"):  # [int].Name; another '[' is a cast chain: [int][string]$x
            return self._postfix(literal)
        saved = self.pos
        c = self.skip_ws()
        operand = None if c == "" or c in "\n,;|)}]&" else self._unary()
        if operand is None:
            self.pos = saved
            return literal
        return Cast(literal, operand, self.span(start, operand.span.end))

    def _attributed(self, start: int) -> Expr:
        """``[ValidateRange(1, 5)][int]$n``: an attribute on what follows — a variable
        being declared (about_Variables, "Variable validation attributes")."""
        self.pos = start
        attribute = self.attribute()
        assert attribute is not None  # _type_expression saw a name and a '('
        self.skip_newlines()
        operand = self._unary()
        if operand is None:
            raise self.fail_unless_more("UnexpectedAttribute", start, attribute.span.end,
                                        attribute.name)
        return AttributedExpression(attribute, operand, self.span(start, operand.span.end))

    # ------------------------------------------------------------------ operands

    def primary_with_postfix(self, *, argument: bool = False) -> Expr | None:
        """A primary expression with its member accesses, calls and indexes."""
        expr = self._primary()
        return None if expr is None else self._postfix(expr, argument=argument)

    def _primary(self) -> Expr | None:
        start, c = self.pos, self.char()
        if c == "$":
            if self.char(1) == "(":
                return self._sub_expression(start, dollar=True)
            found = self.scan_variable(start)
            if found is None:
                raise self.fail("InvalidVariableReference", start)
            self.pos = found[1]
            return found[0]
        if c == "@":
            return self._at_literal(start)
        if c == "(":
            return self._paren_expression(start)
        if c == "{":
            return self.script_block(start)
        if c == "'":
            value, end = self.scan_single_quoted(start)
            self.pos = end
            return StringLiteral(value, self.span(start, end))
        if c == '"':
            parts, end = self.expandable_parts(start + 1, self.end, quoted=True, origin=start)
            self.pos = end
            return self.string_node(parts, start, end, quoted=True)
        if c and (c.isdigit() or c in "." + DASHES + "+"):
            number = self.scan_number(start, expression=True)
            if number is not None:
                self.pos = number[1]
                return NumberLiteral(number[0], self.span(start, number[1]))
        return None

    def _at_literal(self, start: int) -> Expr:
        following = self.char(1)
        if following == "(":
            return self._sub_expression(start, dollar=False)
        if following == "{":
            return self._hash_literal(start)
        if following in ("'", '"'):
            return self._here_string(start)
        found = self.scan_variable(start)
        if found is not None:
            raise self.fail("SplattingNotPermitted", start, found[1], found[0].name)
        raise self.fail("UnrecognizedToken", start)

    def _postfix(self, expr: Expr, *, argument: bool = False) -> Expr:
        """Member access, method calls and indexing glued to ``expr`` (no whitespace).

        In argument mode a ``.`` followed by whitespace ends the argument instead.
        """
        while True:
            start, c, following = self.pos, self.char(), self.char(1)
            if c == "." and following != ".":
                if argument and (following == "" or following in WORD_END):
                    return expr
                expr = self._member(expr, start)
            elif c == "[":
                expr = self._index(expr, start)
            elif c == "?" and following in (".", "["):  # ${x}?.Name, ${x}?[0] (7.0+)
                expr = self._member(expr, start + 1, null_conditional=True) \
                    if following == "." else self._index(expr, start + 1, null_conditional=True)
            elif c == ":" and following == ":":
                if not isinstance(expr, TypeLiteral):
                    raise self.fail("StaticMemberAccessNotSupported", start, start + 2)
                expr = self._member(expr, start + 1, static=True)
            else:
                return expr

    def _member(self, target: Expr, dot: int, *, static: bool = False,
                null_conditional: bool = False) -> Expr:
        name_start = dot + 1
        identifier = _IDENTIFIER.match(self.text, name_start)
        if identifier is not None:
            name, end = identifier.group(), identifier.end()
        elif self.text.startswith("'", name_start):
            name, end = self.scan_single_quoted(name_start)
        elif self.text[name_start : name_start + 1] in ("$", '"', "(") and not static:
            return self._dynamic_member(target, name_start, null_conditional)
        else:
            self.pos = name_start
            raise self.fail_unless_more("MissingPropertyName", name_start, None)
        if self.text.startswith("(", end):
            arguments = self._arguments(end)
            span = self.span(target.span.start.offset, self.pos)
            return MethodCall(target, name, arguments, span, static, null_conditional)
        if self.text.startswith("{", end):  # $list.ForEach{ … }: a block as the one argument
            self.pos = end
            block = self._primary()
            assert block is not None  # '{' starts a script block
            span = self.span(target.span.start.offset, self.pos)
            return MethodCall(target, name, (block,), span, static, null_conditional)
        self.pos = end
        return MemberAccess(target, name, self.span(target.span.start.offset, end), static,
                            null_conditional)

    def _dynamic_member(self, target: Expr, name_start: int, null_conditional: bool
                        ) -> Expr:
        """``$o.$name``, ``$o.($expr)``, ``$o."$name"`` and ``$o.$method(…)`` (about_Operators,
        member-access operator): the name is worked out when it runs."""
        self.pos = name_start
        name = self._primary()
        assert name is not None  # '$', '"' and '(' each start a primary
        if isinstance(name, StringLiteral):  # "IP Addr": a constant name after all
            if self.text.startswith("(", self.pos):
                arguments = self._arguments(self.pos)
                return MethodCall(target, name.value, arguments,
                                  self.span(target.span.start.offset, self.pos),
                                  null_conditional=null_conditional)
            return MemberAccess(target, name.value,
                                self.span(target.span.start.offset, self.pos),
                                null_conditional=null_conditional)
        call = self._arguments(self.pos) if self.text.startswith("(", self.pos) else None
        return DynamicMember(target, name, self.span(target.span.start.offset, self.pos),
                             call, null_conditional)

    def _arguments(self, paren: int) -> tuple[Expr, ...]:
        """A method call's ``( arguments )`` from the ``(`` at ``paren``."""
        self.pos = paren + 1
        saved = self._open()
        self._comma_enabled = False  # commas separate the arguments
        arguments: list[Expr] = []
        comma_end: int | None = None
        while True:
            self.skip_newlines()
            argument = self.expression()
            if argument is None:
                if comma_end is not None:
                    raise self.fail_unless_more("MissingExpressionAfterToken", comma_end, None, ",")
                break
            arguments.append(argument)
            self.skip_newlines()
            if self.char() != ",":
                break
            self.pos += 1
            comma_end = self.pos
        if self.char() != ")":
            after = arguments[-1].span.end if arguments else paren + 1
            raise self.fail_unless_more("MissingEndParenthesisInMethodCall", after, None)
        self.pos += 1
        self._close(saved)
        return tuple(arguments)

    def _index(self, target: Expr, bracket: int, *, null_conditional: bool = False) -> Expr:
        self.pos = bracket + 1
        saved = self._open()
        self.skip_newlines()
        index = self.expression()
        if index is None:
            raise self.fail_unless_more("MissingArrayIndexExpression", bracket + 1, None)
        self.skip_newlines()
        if self.char() != "]":
            raise self.fail_unless_more("MissingEndSquareBracket", index.span.end, None)
        self.pos += 1
        self._close(saved)
        return IndexAccess(target, index, self.span(target.span.start.offset, self.pos),
                           null_conditional)

    # ------------------------------------------------------------------ bracketed literals

    def _paren_expression(self, start: int) -> Expr:
        self.pos = start + 1
        saved = self._open()
        self.skip_newlines()
        statement = self.statement()
        if statement is None:
            raise self.fail_unless_more("ExpectedExpression", start + 1, None)
        self.skip_newlines()
        if self.char() != ")":
            raise self.fail_unless_more(
                "MissingEndParenthesisInExpression", statement.span.end, None
            )
        self.pos += 1
        self._close(saved)
        return SubExpression((statement,), self.span(start, self.pos))

    def _sub_expression(self, start: int, *, dollar: bool) -> Expr:
        """``$( … )`` (``dollar``) or ``@( … )``: any statements, commands included."""
        self.pos = start + 2
        saved = self._open()
        statements = tuple(self.statement_list(")", shell_lines=False))
        if self.char() != ")":
            raise self.fail_unless_more("MissingEndParenthesisInSubexpression", self.pos, None)
        self.pos += 1
        self._close(saved)
        span = self.span(start, self.pos)
        return SubExpression(statements, span, dollar=True) if dollar else ArrayExpression(
            statements, span
        )

    def script_block(self, start: int) -> ScriptBlock:
        """``{ … }``: the body is parsed (to find the closing brace and report errors) and
        kept as verbatim text; the cmdlet that receives the block parses it again in place."""
        self.pos = start + 1
        saved = self._open()
        self.script_body("}")
        if self.char() != "}":
            raise self.fail_unless_more("MissingEndCurlyBrace", start, start + 1)
        body_end = self.pos
        self.pos += 1
        self._close(saved)
        body = self.positions.pos(start + 1)
        return ScriptBlock(self.text[start + 1 : body_end], self.span(start, self.pos), body)

    def _hash_literal(self, start: int) -> Expr:
        self.pos = start + 2
        saved = self._open()
        pairs = []
        constant_keys: set[str] = set()  # SemanticChecks: a constant key only once, any case
        while True:
            self._skip_newlines_and_semicolons()
            if self.char() == "}":
                break
            key = self._hash_key()
            if key is None:
                break
            if isinstance(key, (StringLiteral, NumberLiteral)):
                text = str(key.value)
                if text.lower() in constant_keys:
                    raise self.fail("DuplicateKeyInHashLiteral", key.span.start.offset,
                                    key.span.end, text)
                constant_keys.add(text.lower())
            self.skip_ws()
            if self.char() != "=":
                raise self.fail_unless_more("MissingEqualsInHashLiteral", key.span.end, None)
            self.pos += 1
            equals_end = self.pos
            self.skip_newlines()
            value = self.statement()
            if value is None:
                raise self.fail_unless_more("MissingStatementInHashLiteral", equals_end, None)
            pairs.append((key, value))
            self.skip_ws()
            if self.char() not in ("\n", ";"):
                break
        if self.char() != "}":
            if self.only_trivia_left():
                raise self.fail("MissingEndCurlyBrace", start, start + 2, incomplete=True)
            raise self.fail("IncompleteHashLiteral", self.pos)
        self.pos += 1
        self._close(saved)
        return HashLiteral(tuple(pairs), self.span(start, self.pos))

    def _skip_newlines_and_semicolons(self) -> None:
        while True:
            self.skip_newlines()
            if self.char() != ";":
                return
            self.pos += 1

    def _hash_key(self) -> Expr | None:
        """A bare word (``ComputerName``, ``Content-Type``) or any unary expression."""
        match = _HASH_KEY.match(self.text, self.pos)
        if match is None:
            return self._unary()
        self.pos = match.end()
        return StringLiteral(match.group(), self.span(match.start(), match.end()), quoted=False)

    # ------------------------------------------------------------------ strings

    def _here_string(self, start: int) -> Expr:
        content_start, content_end, end = self.here_string_body(start)
        if self.text[start + 1] == "'":
            node: Expr = StringLiteral(self.text[content_start:content_end], self.span(start, end))
        else:
            parts, _ = self.expandable_parts(content_start, content_end, quoted=False, origin=start)
            node = self.string_node(parts, start, end, quoted=True)
        self.pos = end
        return node

    def expandable_parts(
        self, index: int, limit: int, *, quoted: bool, origin: int
    ) -> tuple[list[Part], int]:
        """The literal text and ``$`` expansions of a double-quoted string or here-string.

        ``quoted``: the text ends at an unescaped ``"`` (``""`` is a quote) and must end
        before ``limit``; otherwise (a here-string body) it runs to ``limit``. Returns the
        parts, adjacent literals merged, and the offset after the string.
        """
        text = self.text
        plain = _DQ_PLAIN if quoted else _HERE_PLAIN
        parts: list[Part] = []
        literal: list[str] = []
        while True:
            match = plain.match(text, index, limit)
            if match is not None:
                literal.append(match.group())
                index = match.end()
            if index >= limit:
                if quoted:
                    raise self._unterminated_string(origin)
                break
            c = text[index]
            if c == '"':
                if index + 1 < limit and text[index + 1] == '"':
                    literal.append('"')
                    index += 2
                    continue
                index += 1
                break
            if c == "`":
                if index + 1 >= limit:
                    if quoted:
                        raise self._unterminated_string(origin)
                    literal.append("`")
                    index += 1
                    continue
                escaped, index = self.scan_escape(index)
                literal.append(escaped)
                continue
            found = self.dollar_part(index)
            if found is None:
                literal.append("$")
                index += 1
                continue
            if literal:
                parts.append("".join(literal))
                literal = []
            parts.append(found[0])
            index = found[1]
        if literal:
            parts.append("".join(literal))
        return parts, index

    def _unterminated_string(self, origin: int) -> ParseError:
        return self.fail("TerminatorExpectedAtEndOfString", origin, self.end, '"', incomplete=True)

    def dollar_part(self, index: int) -> tuple[Expr, int] | None:
        """What a ``$`` inside a string or bare word expands: ``$( … )`` or a variable."""
        if self.text.startswith("(", index + 1):
            node = self._sub_expression(index, dollar=True)
            return node, self.pos
        return self.scan_variable(index)

    def string_node(self, parts: list[Part], start: int, end: int, *, quoted: bool) -> Expr:
        """A StringLiteral when nothing expands, else an ExpandableString."""
        span = self.span(start, end)
        texts = [part for part in parts if isinstance(part, str)]
        if len(texts) == len(parts):
            return StringLiteral("".join(texts), span, quoted)
        return ExpandableString(tuple(parts), span)
