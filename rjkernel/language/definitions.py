"""Functions, parameters and error handling: the statements that start with a keyword
of about_Functions, about_Return, about_Throw, about_Try_Catch_Finally and about_Trap.

- ``function Name [( $a, $b )] { body }`` and ``filter Name { body }``; a body (and any
  script block, and a cell) may start with ``[CmdletBinding()] param( … )`` and may be
  made of named blocks ``begin { } process { } end { }``;
- a parameter is ``[attribute]* [type]* $name [= default]`` where an attribute is
  ``[Parameter(Mandatory, Position = 0, ValueFromPipeline)]`` and the like;
- ``return [pipeline]``, ``throw [pipeline]``, ``exit value`` (a bare ``exit`` is left
  to the command parser: it leaves an entered session);
- ``try { } catch [T1], [T2] { } catch { } finally { }`` (newlines allowed between the
  parts) and ``trap [T] { }``.

The texts of the errors are PowerShell's (``ParserStrings.resx``).
"""

from __future__ import annotations

import re

from .ast import (
    Attribute,
    AttributeArgument,
    CatchClause,
    Exit,
    FunctionDefinition,
    ParamBlock,
    ParameterDecl,
    Return,
    Script,
    Statement,
    Throw,
    Trap,
    Try,
    TypeLiteral,
)
from .commands import CommandParser

_KEYWORD = re.compile(
    r"(?i:(function|filter|return|exit|throw|try|trap|class|enum))(?=$|[\s{(;#)}])")
_TYPE_DEFINITION = re.compile(r"[ \t]*([^\W\d]\w*)?")
_NAMED_BLOCK = re.compile(r"(?i:(begin|process|end|dynamicparam|clean))(?=[\s{]|$)")
_PARAM = re.compile(r"(?i:param)(?=[\s(]|$)")
_CATCH_OR_FINALLY = re.compile(r"(?i:(catch|finally))(?=[\s{\[]|$)")
_FUNCTION_NAME = re.compile(r"[^\s{}();,|&]+")
# a type name, with array brackets or generic arguments: string[], List[string],
# Dictionary[string,int]
_ATTRIBUTE_NAME = re.compile(r"[^\W\d][\w.`]*(?:\[\s*\]|\[[\w.`,\s]+(?:\[\s*\])?\])*")
_IDENTIFIER = re.compile(r"[^\W\d]\w*")
_NAMED_ARGUMENT = re.compile(r"[^\W\d]\w*(?=[ \t]*(?:=(?!=)|,|\)|\r?\n))")


class DefinitionParser(CommandParser):
    """The keyword statements above, and the shape of a body, over the command grammar.

    ``defined_functions`` collects the (lower-cased) names this parse has defined so far,
    so that a later line of the same cell calling one of them is PowerShell.
    """

    def __init__(self, source: str, start: int, end: int) -> None:
        super().__init__(source, start, end)
        self.defined_functions: set[str] = set()

    # ------------------------------------------------------------------ bodies

    def script_body(self, closer: str | None) -> Script:
        """A cell, block or function body: ``param( … )``, then named blocks or
        statements, up to ``closer`` (left unconsumed) or the end."""
        saved = self.pos
        self._skip_blank()
        param = self._param_block()
        if param is None:
            self.pos = saved
        blocks = self._named_blocks(closer)
        if blocks is None:
            statements = tuple(self.statement_list(closer, shell_lines=True))
            return Script(statements, self.source, param)
        begin, process, end = blocks
        return Script(end or (), self.source, param, begin, process)

    def _skip_blank(self) -> None:
        """Newlines, comments and ``;`` before a param block or named block."""
        while True:
            self.skip_newlines()
            if self.char() != ";":
                return
            self.pos += 1

    def _param_block(self) -> ParamBlock | None:
        """``[CmdletBinding()] param( … )`` at the cursor, or None (cursor unspecified)."""
        start = self.pos
        attributes: list[Attribute] = []
        while self.char() == "[":
            attribute = self.attribute()
            if attribute is None:
                return None
            attributes.append(attribute)
            self._skip_blank()
        if _PARAM.match(self.text, self.pos) is None:
            return None
        keyword_end = self.pos + 5
        self.pos = keyword_end
        self.skip_newlines()
        if self.char() != "(":
            return None
        parameters = self._parameter_list(self.pos, "MissingEndParenthesisInFunctionParameterList")
        return ParamBlock(parameters, tuple(attributes), self.span(start, self.pos))

    def _named_blocks(
        self, closer: str | None
    ) -> tuple[tuple[Statement, ...] | None, ...] | None:
        """``begin { } process { } end { }`` (any subset, any order), or None when the
        body is plain statements."""
        start = self.pos
        self._skip_blank()
        if _NAMED_BLOCK.match(self.text, self.pos) is None:
            self.pos = start
            return None
        found: dict[str, tuple[Statement, ...]] = {}
        while True:
            self._skip_blank()
            c = self.char()
            if c == "" or (closer is not None and c == closer):
                break
            match = _NAMED_BLOCK.match(self.text, self.pos)
            if match is None:
                raise self.fail("MissingNamedBlocks", self.pos, None, self.token_text(self.pos))
            name = match.group(1).lower()
            found[name] = self._block(match.end(), "MissingNamedStatementBlock", match.group(1))
        if not found and start == self.pos:
            return None
        return found.get("begin"), found.get("process"), found.get("end")

    def _block(self, after: int, error_id: str, *args: str) -> tuple[Statement, ...]:
        """``{ statements }`` after ``after`` (newlines may come first); the cursor ends
        after the ``}``."""
        self.pos = after
        self.skip_newlines()
        brace = self.pos
        if self.char() != "{":
            raise self.fail_unless_more(error_id, after, None, *args)
        self.pos += 1
        saved = self._open()
        statements = self.statement_list("}", shell_lines=True)
        if self.char() != "}":
            raise self.fail_unless_more("MissingEndCurlyBrace", brace, brace + 1)
        self.pos += 1
        self._close(saved)
        return tuple(statements)

    # ------------------------------------------------------------------ parameters

    def _parameter_list(self, paren: int, missing_end: str) -> tuple[ParameterDecl, ...]:
        """``( decl, decl … )`` with the cursor on ``(``; ends after ``)``."""
        self.pos = paren + 1
        saved = self._open()
        self._comma_enabled = False  # commas separate the parameters
        parameters: list[ParameterDecl] = []
        while True:
            self.skip_newlines()
            if self.char() == ")":
                break
            parameters.append(self._parameter_decl())
            self.skip_newlines()
            if self.char() == ",":
                self.pos += 1
                continue
            if self.char() != ")":
                raise self.fail_unless_more(missing_end, self.pos, None)
        self.pos += 1
        self._close(saved)
        names = [p.name.lower() for p in parameters]
        for index, parameter in enumerate(parameters):
            if parameter.name.lower() in names[:index]:
                raise self.fail("DuplicateFormalParameter", parameter.span.start.offset,
                                parameter.span.end, parameter.name)
        return tuple(parameters)

    def _parameter_decl(self) -> ParameterDecl:
        start = self.pos
        attributes: list[Attribute] = []
        while self.char() == "[":
            attribute = self.attribute()
            if attribute is None:
                raise self.fail("InvalidFunctionParameter", self.pos)
            attributes.append(attribute)
            self.skip_newlines()
        if self.char() != "$":
            raise self.fail_unless_more("InvalidFunctionParameter", self.pos, None)
        found = self.scan_variable(self.pos)
        if found is None:
            raise self.fail("InvalidVariableReference", self.pos)
        variable, self.pos = found
        default = None
        self.skip_ws()
        if self.char() == "=":
            equals = self.pos
            self.pos += 1
            self.skip_newlines()
            default = self.expression()
            if default is None:
                raise self.fail_unless_more("ExpectedValueExpression", equals, None, "=")
        return ParameterDecl(variable.name, tuple(attributes), default, self.span(start, self.pos))

    def attribute(self) -> Attribute | None:
        """``[Name(args)]`` or ``[type]`` at the cursor; None if no name follows ``[``."""
        start = self.pos
        self.pos += 1
        self.skip_ws()
        match = _ATTRIBUTE_NAME.match(self.text, self.pos)
        if match is None:
            return None
        name = re.sub(r"\s+", "", match.group())
        self.pos = match.end()
        self.skip_ws()
        arguments: tuple[AttributeArgument, ...] = ()
        constraint = self.char() != "("
        if not constraint:
            arguments = self._attribute_arguments()
            self.skip_ws()
        if self.char() != "]":
            raise self.fail_unless_more("EndSquareBracketExpectedAtEndOfAttribute", start,
                                        self.pos)
        self.pos += 1
        return Attribute(name, arguments, self.span(start, self.pos), constraint)

    def _attribute_arguments(self) -> tuple[AttributeArgument, ...]:
        paren = self.pos
        self.pos += 1
        saved = self._open()
        self._comma_enabled = False
        arguments: list[AttributeArgument] = []
        while True:
            self.skip_newlines()
            if self.char() == ")":
                break
            named = _NAMED_ARGUMENT.match(self.text, self.pos)
            if named is not None:
                self.pos = named.end()
                self.skip_ws()
                value = None
                if self.char() == "=":
                    self.pos += 1
                    self.skip_newlines()
                    value = self.expression()
                    if value is None:
                        raise self.fail_unless_more("ExpectedValueExpression", self.pos, None,
                                                    "=")
                arguments.append(AttributeArgument(named.group(), value))
            else:
                value = self.expression()
                if value is None:
                    raise self.fail_unless_more("MissingEndParenthesisInMethodCall", paren,
                                                None)
                arguments.append(AttributeArgument(None, value))
            self.skip_newlines()
            if self.char() == ",":
                self.pos += 1
                continue
            if self.char() != ")":
                raise self.fail_unless_more("MissingEndParenthesisInMethodCall", self.pos, None)
        self.pos += 1
        self._close(saved)
        return tuple(arguments)

    # ------------------------------------------------------------------ keyword statements

    def keyword_statement(self, start: int) -> Statement | None:
        """One of this module's statements at ``start``, or None if no keyword is there."""
        match = _KEYWORD.match(self.text, start)
        if match is None:
            return None
        keyword, end = match.group(1).lower(), match.end()
        if keyword in ("function", "filter"):
            return self._function(start, end, keyword == "filter")
        if keyword == "try":
            return self._try(start, end)
        if keyword == "trap":
            return self._trap(start, end)
        if keyword in ("class", "enum"):  # about_Classes, about_Enum: not run here
            name = _TYPE_DEFINITION.match(self.text, end)
            stop = name.end() if name and name.group(1) else end
            raise self.fail("TypeDefinitionNotSupported", start, stop, self.text[start:stop])
        self.pos = end
        self.skip_ws()
        value = self.statement()
        if keyword == "exit":
            if value is None:  # a bare exit: the command word (Exit-PSSession)
                self.pos = start
                return None
            return Exit(value, self.span(start, value.span.end))
        stop = value.span.end if value is not None else end
        node = Return if keyword == "return" else Throw
        return node(value, self.span(start, stop))

    def _function(self, start: int, keyword_end: int, is_filter: bool) -> FunctionDefinition:
        keyword = self.text[start:keyword_end]
        self.pos = keyword_end
        self.skip_ws()
        match = _FUNCTION_NAME.match(self.text, self.pos)
        if match is None:
            raise self.fail_unless_more("MissingNameAfterKeyword", keyword_end, None, keyword)
        name = match.group()
        scope, colon, bare = name.partition(":")
        if colon and scope.lower() in ("global", "script", "local", "private") and bare:
            name = bare if scope.lower() in ("local", "private") else name
        self.pos = match.end()
        self.defined_functions.add(name.rpartition(":")[2].lower())  # it may call itself
        self.skip_newlines()
        parameters: tuple[ParameterDecl, ...] | None = None
        if self.char() == "(":
            paren = self.pos
            parameters = self._parameter_list(paren, "MissingEndParenthesisInFunctionParameterList")
            self.skip_newlines()
        if self.char() != "{":
            raise self.fail_unless_more("MissingFunctionBody", self.pos, None)
        brace = self.pos
        self.pos += 1
        saved = self._open()
        body = self.script_body("}")
        if self.char() != "}":
            raise self.fail_unless_more("MissingEndCurlyBrace", brace, brace + 1)
        self.pos += 1
        self._close(saved)
        if parameters is not None:
            if body.param is not None:
                raise self.fail("OnlyOneParameterListAllowed", body.param.span.start.offset,
                                body.param.span.end)
            body = Script(body.statements, body.source,
                          ParamBlock(parameters, (), self.span(brace, brace)),
                          body.begin, body.process)
        if is_filter and body.process is None and body.begin is None:
            body = Script((), body.source, body.param, None, body.statements)
        return FunctionDefinition(name, is_filter, body, self.text[start : self.pos],
                                  self.span(start, self.pos))

    def _try(self, start: int, keyword_end: int) -> Try:
        body = self._block(keyword_end, "MissingTryStatementBlock")
        catches: list[CatchClause] = []
        finally_body: tuple[Statement, ...] | None = None
        while True:
            before = self.pos
            self.skip_newlines()
            match = _CATCH_OR_FINALLY.match(self.text, self.pos)
            if match is None or finally_body is not None:
                self.pos = before
                break
            if match.group(1).lower() == "finally":
                finally_body = self._block(match.end(), "MissingFinallyStatementBlock")
                continue
            clause_start = self.pos
            self.pos = match.end()
            types = self._catch_types()
            block = self._block(self.pos, "MissingCatchHandlerBlock")
            catches.append(CatchClause(types, block, self.span(clause_start, self.pos)))
        if not catches and finally_body is None:
            raise self.fail_unless_more("MissingCatchOrFinally", self.pos, None)
        return Try(body, tuple(catches), finally_body, self.span(start, self.pos))

    def _catch_types(self) -> tuple[TypeLiteral, ...]:
        """``[T1], [T2]`` after ``catch`` (cursor after the list)."""
        types: list[TypeLiteral] = []
        while True:
            self.skip_ws()
            if self.char() != "[":
                return tuple(types)
            types.append(self._type_name())
            saved = self.pos
            if self.take_comma() is None:
                self.pos = saved
                return tuple(types)

    def _type_name(self) -> TypeLiteral:
        start = self.pos
        attribute = self.attribute()
        if attribute is None or not attribute.constraint:
            raise self.fail_unless_more("MissingTypeLiteralToken", start, None)
        return TypeLiteral(attribute.name, attribute.span)

    def _trap(self, start: int, keyword_end: int) -> Trap:
        self.pos = keyword_end
        self.skip_ws()
        type_literal = self._type_name() if self.char() == "[" else None
        body = self._block(self.pos, "MissingTrapStatement")
        return Trap(type_literal, body, self.span(start, self.pos))
