"""The line rule (``language/routing.py``): which lines are PowerShell.

The README's "Which lines are PowerShell" table is the rule by example; the first test
reads that table, so the README cannot drift from the parser. The others pin the rule's
edges: the token after a keyword decides (about_If, about_Foreach, about_For,
about_While, about_Do, about_Switch, about_Parsing — "a statement keyword starts a
statement"), functions of the cell count as known commands, and a shell line ends at
a ``;`` that is followed by PowerShell.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rjkernel.interpreter import is_ours
from rjkernel.language import ast, parse
from rjkernel.language.parser import CellParser
from rjkernel.values.verbs import APPROVED_VERBS, GROUPS, VERBS, is_verb_noun
from tests.fixtures.runspace import Session

_README = Path(__file__).resolve().parents[2] / "README.md"
_ROW = re.compile(r"^\| `(?P<line>.+?)` \| (?P<whose>[^|]+?) \|")


def readme_rows() -> list[tuple[str, str]]:
    text = _README.read_text()
    section = text.split("## Which lines are PowerShell", 1)[1].split("\n## ", 1)[0]
    rows = [(m.group("line").replace("\\|", "|"), m.group("whose"))  # Markdown's \|
            for m in map(_ROW.match, section.splitlines()) if m is not None]
    assert len(rows) > 30
    return rows


def ours(line: str) -> bool:
    return CellParser(line, is_ours).line_is_ours(0)


@pytest.mark.parametrize(("line", "whose"), readme_rows())
def test_the_readme_table_is_the_rule(line: str, whose: str) -> None:
    if whose == "PowerShell":
        assert ours(line)
    elif whose == "shell":
        assert not ours(line)
        assert [type(s) for s in parse(line, is_ours=is_ours).statements] == [ast.ShellChunk]
    else:
        assert whose == "shell, then PowerShell"
        kinds = [type(s) for s in parse(line, is_ours=is_ours).statements]
        assert kinds == [ast.ShellChunk, ast.Pipeline]


@pytest.mark.parametrize(
    "line",
    [
        "if($x){1}", "IF ($x) {1}", "elseif ($x) {}", "else {", "switch -regex ($x) {}",
        "Foreach ($x in $y) {}", "for(;;){}", "while($true){}", "do", "do {", "param($a)",
        "try", "finally {", "catch [System.Exception] {", "trap [Exception] {", "throw",
        "return 5", "continue outer", "begin {", "process {", "end {", "filter Only-Up {",
        "function", ". $block", ". { 1 }",
        "--$i", "++$i", "-split $line", "-5", ".5", "'unterminated", "@'",
        "for (($i = 0), ($j = 0); $i -lt 10; $i++)",
        "$null ?= 3", "$x ?\n",  # no operator, but never sh's: PowerShell's parse error
        # about_Using, about_Classes, about_Enum: refused by the parser, never sh's
        "using module Az.Accounts", "using assembly x.dll", "class Deploy {", "class Deploy",
        "enum Stage { Dev; Prod }", "class Web : Base {",
    ],
)
def test_keywords_literals_and_operators_start_powershell(line: str) -> None:
    assert ours(line)


@pytest.mark.parametrize(
    "line",
    [
        "if true; then", "if ! pgrep x; then", "while true; do", "while ( pgrep x ) do",
        "for x in a b; do", "for ((;;)); do", "do echo", "trap - INT",
        "try-me", "param=1 ./run", "end-of-day.sh", "!grep", "-x", "7z x a.7z",
        "elsewhere", "update-initramfs -u", "select-editor",
        "using", "class", "class.sh x", "enum=1 ./x", "usingx namespace", "class a b",
    ],
)
def test_sh_uses_of_the_same_words_stay_shell(line: str) -> None:
    assert not ours(line)


def test_a_function_defined_earlier_in_the_cell_is_a_known_command() -> None:
    source = "function deploy { 'x' }\ndeploy web01"
    parser = CellParser(source, is_ours)
    assert parser.line_is_ours(0)
    assert parser.line_is_ours(source.index("deploy web01"))
    assert not CellParser("deploy web01", is_ours).line_is_ours(0)


def test_is_ours_decides_for_functions_of_the_runspace() -> None:
    known = {"deploy"}
    script = parse("deploy web01", is_ours=lambda word: word.lower() in known)
    assert type(script.statements[0]) is ast.Pipeline


def test_verbs_are_powershells_approved_verbs() -> None:
    # Get-Verb in PowerShell 7.4: 100 verbs in 7 groups
    assert len(APPROVED_VERBS) == len(VERBS) == 100
    assert sorted({info.group for info in VERBS}) == list(GROUPS)
    assert is_verb_noun("Get-Jobb") and is_verb_noun("get-Job") and is_verb_noun("Deploy-App")
    assert not is_verb_noun("Fetch-Job")  # not an approved verb
    assert not is_verb_noun("update-grub")  # all lowercase: Linux's


@pytest.mark.parametrize(
    ("source", "kinds"),
    [
        ("ls /nonexistent_dir; 'after'", ["shell", "ps"]),
        ("cd /tmp; make; Get-Job", ["shell", "ps"]),
        ("cd /tmp; make", ["shell"]),
        ("for f in a; do echo $f; 'x'; done", ["shell"]),  # inside sh's loop: sh's
        ("(cd /tmp; 'x')", ["shell"]),
        ("cat <<EOF; 'x'\nbody\nEOF", ["shell"]),  # a pending here-document keeps the run
        ("case $x in a) ls;; esac; $y = 1", ["shell", "ps"]),
    ],
)
def test_a_shell_line_ends_at_a_semicolon_before_powershell(source: str, kinds: list[str]
                                                            ) -> None:
    statements = parse(source, is_ours=is_ours).statements
    assert ["shell" if isinstance(s, ast.ShellChunk) else "ps" for s in statements] == kinds


def test_inside_a_body_the_shell_run_stops_before_powershell() -> None:
    (loop,) = parse("foreach ($d in 1) { ls /nonexistent_dir; 'after' }",
                    is_ours=is_ours).statements
    assert isinstance(loop, ast.ForEach)
    chunk, after = loop.body.statements
    assert isinstance(chunk, ast.ShellChunk) and chunk.text == "ls /nonexistent_dir"
    assert isinstance(after, ast.Pipeline)


def test_a_string_line_is_never_shell_text() -> None:
    (statement,) = parse('"Deploying $ver to $($h)"', is_ours=is_ours).statements
    assert isinstance(statement, ast.Pipeline)
    (element,) = statement.elements
    assert isinstance(element, ast.CommandExpression)
    assert isinstance(element.expr, ast.ExpandableString)
    assert isinstance(element.expr.parts[-1], ast.SubExpression)


def test_a_native_command_piped_into_a_cmdlet_runs_as_powershell(ps: Session) -> None:
    """about_Pipelines: a native command's lines feed a cmdlet; no shell ever runs the
    cmdlet (which it would report as 'not found')."""
    out = ps.run("ls /etc/hostname | Out-Null; 'after'")
    assert (out.stdout, out.stderr) == ("after\n", "")
    out = ps.run("printf 'web01 up\\ndb01 down\\n' | Select-String down | % { $_.Line }")
    assert (out.stdout, out.stderr) == ("db01 down\n", "")
    assert ps.run("printf 'b\\na\\n' | sort").stdout == "a\nb\n"  # both the shell's
