"""Parsing the keyword statements (``language/flow.py``) against PowerShell's grammar
and error texts (Parser.cs, ParserStrings.resx), and ``is_complete`` on them."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rjkernel.errors import ParseError
from rjkernel.language import ast, is_complete, parse
from tests.language.render import assert_spans_in, is_ours, parsed_or_none, walk


def one(source: str) -> ast.Statement:
    (statement,) = parse(source, is_ours=is_ours).statements
    return statement


def error(source: str) -> ParseError:
    with pytest.raises(ParseError) as raised:
        parse(source, is_ours=is_ours)
    return raised.value


# --------------------------------------------------------------------------- shapes


def test_if_elseif_else() -> None:
    # about_If: if (<test1>) {<statement list 1>} [elseif (<test2>) {…}] [else {…}]
    node = one("if ($a) { 1 } elseif ($b) { 2 } elseif ($c) { 3 } else { 4 }")
    assert isinstance(node, ast.If)
    assert len(node.clauses) == 3 and node.otherwise is not None


def test_else_and_elseif_may_start_the_next_line() -> None:
    node = one("if ($a) {\n  1\n}\nelseif ($b) { 2 }\n# note\nelse\n{\n  3\n}")
    assert isinstance(node, ast.If) and len(node.clauses) == 2 and node.otherwise is not None


def test_an_if_without_else_leaves_the_next_line_alone() -> None:
    statements = parse("if ($a) { 1 }\n\nGet-Job", is_ours=is_ours).statements
    assert [type(s) for s in statements] == [ast.If, ast.Pipeline]


def test_conditions_are_pipelines_and_bodies_follow_the_line_rule() -> None:
    node = one("if (Get-Job | Where-Object State -eq Failed) {\n  uptime\n  'x'\n}")
    assert isinstance(node, ast.If)
    condition, body = node.clauses[0]
    assert isinstance(condition, ast.Pipeline) and len(condition.elements) == 2
    assert [type(s) for s in body.statements] == [ast.ShellChunk, ast.Pipeline]


def test_foreach_for_while_do() -> None:
    # about_Foreach, about_For, about_While, about_Do
    loop = one("foreach ($h in $hosts) { $h }")
    assert isinstance(loop, ast.ForEach) and loop.variable.name == "h"
    counted = one("for ($i = 0; $i -lt 3; $i++) { $i }")
    assert isinstance(counted, ast.For)
    assert isinstance(counted.init, ast.Assignment) and counted.step is not None
    forever = one("for (;;) { break }")
    assert isinstance(forever, ast.For) and forever.condition is None
    assert isinstance(one("for (\n$i = 0\n$i -lt 3\n$i++\n) { }"), ast.For)
    assert isinstance(one("while ($true) { break }"), ast.While)
    until = one("do { $n++ }\nuntil ($n -ge 3)")
    assert isinstance(until, ast.DoLoop) and until.until
    assert isinstance(one("do { } while ($x)"), ast.DoLoop)


def test_labels_and_loop_control() -> None:
    # about_Break: :label foreach … break label
    node = one(":outer foreach ($a in 1..3) { foreach ($b in 1..3) { break outer } }")
    assert isinstance(node, ast.ForEach) and node.label == "outer"
    breaks = [n for n in walk(node) if isinstance(n, ast.Break)]
    assert isinstance(breaks[0].label, ast.StringLiteral) and breaks[0].label.value == "outer"
    computed = one("while ($true) { continue $where }")
    assert isinstance(computed, ast.While)
    (continue_,) = computed.body.statements
    assert isinstance(continue_, ast.Continue) and isinstance(continue_.label, ast.Variable)


def test_switch() -> None:
    # about_Switch: switch [-Regex|-Wildcard|-Exact] [-CaseSensitive] (<value>) { … }
    node = one("switch -w -c ($h) {\n  web* { 'web' }\n  'db01' { 'db' }; 3 { 'three' }\n"
               "  { $_ -like '*x' } { 'x' }\n  default { 'other' }\n}")
    assert isinstance(node, ast.Switch)
    assert (node.mode, node.case_sensitive) == ("wildcard", True)
    conditions = [clause.condition for clause in node.clauses]
    assert [type(c) for c in conditions] == [
        ast.StringLiteral, ast.StringLiteral, ast.NumberLiteral, ast.ScriptBlock]
    assert node.default is not None
    assert one("switch -regex -exact ($x) { a { } }").mode == "exact"  # type: ignore[union-attr]


def test_assignment_takes_a_keyword_statement() -> None:
    node = one("$r = foreach ($x in 1..3) { $x }")
    assert isinstance(node, ast.Assignment) and isinstance(node.value, ast.ForEach)
    chosen = one("$x = if ($a) { 'a' } else { 'b' }")
    assert isinstance(chosen, ast.Assignment) and isinstance(chosen.value, ast.If)


def test_increments() -> None:
    node = one("$i++")
    assert isinstance(node, ast.Pipeline)
    element = node.elements[0]
    assert isinstance(element, ast.CommandExpression)
    assert isinstance(element.expr, ast.Increment) and element.expr.postfix
    prefix = one("--$i")
    assert isinstance(prefix, ast.Pipeline)


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("$r = if $x { }", "Missing '(' after 'if' in if statement."),
        ("if () { }", "Missing condition in if statement after 'if ('."),
        ("if ($x { }", "Missing closing ')' after expression in 'if' statement."),
        ("if ($x) 1", "Missing statement block after if ( condition )."),
        ("if ($x) { } else 1", "Missing statement block after 'else' keyword."),
        ("$r = foreach $x in $y { }", "Missing opening '(' after keyword 'foreach'."),
        ("foreach (x in $y) { }", "Missing variable name after foreach.\n"
         "The correct form is: foreach ($a in $b) {...}"),
        ("foreach ($x of $y) { }", "Missing 'in' after variable in foreach loop.\n"
         "The correct form is: foreach ($a in $b) {...}"),
        ("foreach ($x in $y { }", "Missing closing ')' after expression part of foreach "
         "loop.\nThe correct form is: foreach ($a in $b) {...}"),
        ("foreach ($x in $y) 1", "Missing statement body in foreach loop.\n"
         "The correct form is: foreach ($a in $b) {...}"),
        ("while () { }", "Missing expression after 'while' in loop."),
        ("while ($x) 1", "Missing statement body in while loop."),
        ("for ($i = 0) 1", "Missing statement body in for loop."),
        ("do { } 1", "Missing while or until keyword in do loop."),
        ("switch -foo ($x) { }", "The parameter foo is not valid for the switch statement."),
        ("switch ($x) { }", "Missing condition in switch statement clause."),
        ("switch ($x) { 1 2 }", "Missing statement block in switch statement clause."),
        ("switch ($x) { default {} default {} }",
         "A switch statement can have only one default clause."),
        ("$r = switch { }", "A switch statement must have one of the following:  '-file file_name' "
         "or '( expression )'."),
        ("if ($x) { } | Sort-Object", "An empty pipe element is not allowed."),
        ("else { }", "Unexpected token 'else' in expression or statement."),
    ],
)
def test_errors_are_powershells(source: str, message: str) -> None:
    raised = error(source)
    assert raised.record.message == message
    assert not raised.incomplete


@pytest.mark.parametrize(
    "source",
    [
        "if (", "if ($x", "if ($x)", "if ($x) {", "if ($x) { 1 } else", "if ($x) {\n  'a'\n",
        "switch ($x)", "switch ($x) {", "switch ($x) { 1", "switch ($x) { 1 {", "foreach (",
        "foreach ($x", "foreach ($x in", "foreach ($x in $y)", "for (", "for ($i = 0;",
        "while (", "do", "do {", "do { }", "do { } until", "do { } until (", ":l while ($x) {",
    ],
)
def test_open_statements_are_incomplete(source: str) -> None:
    assert error(source).incomplete
    assert is_complete(source, is_ours=is_ours)[0] == "incomplete"


def test_is_complete_indents_open_bodies() -> None:
    assert is_complete("foreach ($x in $y) {", is_ours=is_ours) == ("incomplete", "    ")
    assert is_complete("if ($a) {\n    if ($b) {", is_ours=is_ours) == ("incomplete", " " * 8)
    assert is_complete("if ($a) { 1 }", is_ours=is_ours) == ("complete", "")
    assert is_complete("while ($x) { }", is_ours=is_ours) == ("complete", "")


def test_error_positions_point_into_the_cell() -> None:
    raised = error("Get-Job\nforeach ($x in $y) {\n  if ($x) 1\n}")
    position = raised.record.position
    assert position is not None and position.line == 3


# --------------------------------------------------------------------------- fuzz

_FLOW_FRAGMENTS = [
    "if", "elseif", "else", "switch", "foreach", "for", "while", "do", "until", "break",
    "continue", "default", "in", ":outer ", "-regex", "-wildcard", "-c", " ", " ", "\n",
    "\n", "(", ")", "(", ")", "{", "}", "{", "}", ";", "$x", "$_", "1", "'a'", '"b $x"',
    "Get-Job", "ls", "-eq", "++", "--", "$i++", "|", "#", "`", "[", "]", "@(", "=", ",",
    "then", "fi", "done", "case", "esac", "<<E\n", "E\n",
]
_VALID = [
    "if ($a) { 1 } elseif ($b) { 2 } else { 3 }",
    "switch -Regex ($x) { '^a' { 1; break } default { ls } }",
    ":outer foreach ($a in 1..3) { for ($i = 0; $i -lt 2; $i++) { continue outer } }",
    "do { $n++ } until ($n -ge 3)\nwhile ($true) { ls /tmp; 'x'; break }",
    "$r = foreach ($x in Get-Job) { if ($x.State -eq 'Failed') { $x } }",
]


@st.composite
def _mutated(draw: st.DrawFn) -> str:
    """A valid cell with a slice cut out or a fragment spliced in."""
    source = draw(st.sampled_from(_VALID))
    start = draw(st.integers(0, len(source)))
    end = draw(st.integers(start, min(len(source), start + 8)))
    insert = draw(st.one_of(st.just(""), st.sampled_from(_FLOW_FRAGMENTS)))
    return source[:start] + insert + source[end:]


_CELLS = st.one_of(
    st.lists(st.sampled_from(_FLOW_FRAGMENTS), max_size=40).map("".join),
    _mutated(),
    st.text(alphabet="if(){}$x;\n els", max_size=40),
)


@settings(max_examples=500, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(_CELLS)
def test_parse_and_is_complete_raise_nothing_but_parse_errors(source: str) -> None:
    script = parsed_or_none(source)
    if script is not None:
        assert_spans_in(script, source)
    status, indent = is_complete(source, is_ours=is_ours)
    assert status in ("complete", "incomplete", "invalid")
    assert indent.strip(" ") == ""
