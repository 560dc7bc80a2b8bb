"""The keyword statements of functions and errors: their trees, PowerShell's parse-error
texts (ParserStrings.resx), the line rule for them, and a fuzz of their grammar."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rjkernel.errors import ParseError
from rjkernel.interpreter.commands import is_ours
from rjkernel.language import ast
from rjkernel.language.parser import parse
from tests.language.render import parsed_or_none


def only(source: str) -> ast.Statement:
    (statement,) = parse(source, is_ours=is_ours).statements
    return statement


def test_try_with_typed_catches_and_finally() -> None:
    node = only("try { Get-Job }\ncatch [System.IO.IOException], [Management.Automation."
                "RuntimeException] { Get-Job }\ncatch { }\nfinally { Get-Job }")
    assert isinstance(node, ast.Try)
    assert [[t.name for t in c.types] for c in node.catches] == [
        ["System.IO.IOException", "Management.Automation.RuntimeException"], []]
    assert node.finally_body is not None and len(node.finally_body) == 1


def test_trap_throw_return() -> None:
    trap = only("trap [System.Exception] { Get-Job }")
    assert isinstance(trap, ast.Trap) and trap.type is not None
    assert trap.type.name == "System.Exception"
    thrown = only("throw 'boom'")
    assert isinstance(thrown, ast.Throw) and thrown.value is not None
    assert isinstance(only("throw"), ast.Throw) and only("throw").value is None  # type: ignore[union-attr]
    assert isinstance(only("return"), ast.Return)


@pytest.mark.parametrize("source", ["exit 3", "exit $code", "EXIT (1 + 2)", "exit 'x'"])
def test_exit_with_a_value_is_powershells_exit_never_the_shells(source: str) -> None:
    # about_Language_Keywords: exit [value]; sh's `exit 3` would end the runspace's shell
    node = only(source)
    assert isinstance(node, ast.Exit) and node.span.end == len(source)
    bare = only("exit ")  # a bare exit stays the command word (it leaves a session)
    assert isinstance(bare, ast.Pipeline) and str(bare.text) == "exit"


def test_function_with_parenthesised_parameters_and_filter() -> None:
    node = only("function Add($a, [int]$b = 2) { $a + $b }")
    assert isinstance(node, ast.FunctionDefinition) and node.body.param is not None
    assert [p.name for p in node.body.param.parameters] == ["a", "b"]
    assert node.text == "function Add($a, [int]$b = 2) { $a + $b }"
    filt = only("filter Twice { $_ * 2 }")
    assert isinstance(filt, ast.FunctionDefinition) and filt.filter
    assert filt.body.process is not None and filt.body.statements == ()


def test_generic_type_names_in_attributes_and_at_a_cells_start() -> None:
    # about_Functions_Advanced_Parameters: a parameter of a generic type; a cell may
    # start with a generic type literal (not a param block's attribute)
    node = only("function f { param([System.Collections.Generic.List[string]]$l,"
                " [Dictionary[string, int]]$d) }")
    assert isinstance(node, ast.FunctionDefinition) and node.body.param is not None
    assert [p.attributes[0].name for p in node.body.param.parameters] == [
        "System.Collections.Generic.List[string]", "Dictionary[string,int]"]
    call = only("[System.Collections.Generic.List[int]]::new()")
    assert isinstance(call, ast.Pipeline)
    element = call.elements[0]
    assert isinstance(element, ast.CommandExpression)
    assert isinstance(element.expr, ast.MethodCall) and element.expr.static
    assert isinstance(element.expr.target, ast.TypeLiteral)
    assert element.expr.target.name == "System.Collections.Generic.List[int]"


@pytest.mark.parametrize(("source", "error_id", "message"), [
    ("function", "MissingNameAfterKeyword", "Missing name after function keyword."),
    ("function f", "MissingFunctionBody", "Missing function body in function declaration."),
    ("function f($a", "MissingEndParenthesisInFunctionParameterList",
     "Missing ')' in function parameter list."),
    ("function f($a) { param($b) }", "OnlyOneParameterListAllowed",
     "The param statement cannot be used if arguments were specified in the function "
     "declaration."),
    ("function f { begin { } Get-Job }", "MissingNamedBlocks",
     "unexpected token 'Get-Job', expected 'begin', 'process', 'end', 'clean', or "
     "'dynamicparam'."),
    ("try", "MissingTryStatementBlock", "The Try statement is missing its statement block."),
    ("try { }", "MissingCatchOrFinally",
     "The Try statement is missing its Catch or Finally block."),
    ("try { } finally", "MissingFinallyStatementBlock",
     "The Finally block is missing its statement block."),
    ("trap", "MissingTrapStatement",
     "The 'trap' statement was incomplete. A trap statement requires a body."),
])
def test_parse_errors_are_powershells(source: str, error_id: str, message: str) -> None:
    with pytest.raises(ParseError) as info:
        parse(source, is_ours=is_ours)
    assert (info.value.record.error_id, info.value.record.message) == (error_id, message)


@pytest.mark.parametrize(("line", "ours"), [
    ("function Get-Up { }", True), ("filter F { }", True), ("try { } finally { }", True),
    ("trap { continue }", True), ("trap [System.Exception] { }", True),
    ("trap 'rm -f /tmp/x' EXIT", False), ("throw 'x'", True), ("return", True),
    ("param($a)", True), (". $block", True), (". ./env.sh", False), ("functions", False),
])
def test_line_rule_for_keywords(line: str, ours: bool) -> None:
    script = parse(line, is_ours=is_ours)
    shell = [s for s in script.statements if isinstance(s, ast.ShellChunk)]
    assert (shell == [] and (script.statements != () or script.param is not None)) is ours


_FRAGMENTS = [
    "function", "filter", "f", "Get-Job", "param", "(", ")", "{", "}", "[", "]", "$a", "$b",
    "=", ",", "1", "'s'", "[int]", "[Parameter(Mandatory)]", "[CmdletBinding()]",
    "[Parameter(Position=0, ValueFromPipeline)]", "begin", "process", "end", "try", "catch",
    "finally", "[System.Exception]", "throw", "return", "trap", " ", "\n", ";", "#", "|",
    "global:", ".", "&",
]


@settings(max_examples=600, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=30).map("".join))
def test_keyword_grammar_raises_only_parse_errors(source: str) -> None:
    script = parsed_or_none(source)
    assert script is None or script.source == source
