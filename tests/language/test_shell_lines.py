"""Where a run of shell lines ends: quotes, here-documents, compound commands, braces."""

from __future__ import annotations

import re

import pytest

from rjkernel.language import ast, parse
from rjkernel.language.shell_lines import ShellScan, scan_shell_chunk
from tests.language.render import OURS, is_ours, render_all

_FIRST_WORD = re.compile(r"[^\s{}();,|&]+")


def scan(text: str, *, in_block: bool = False) -> ShellScan:
    """Scan from the first character; a line is ours if it starts with ``$`` or a cmdlet."""

    def is_ours_line(offset: int) -> bool:
        word = _FIRST_WORD.match(text, offset)
        return text[offset] == "$" or (word is not None and word.group().lower() in OURS)

    return scan_shell_chunk(text, 0, is_ours_line=is_ours_line, in_block=in_block)


def chunk(text: str, *, in_block: bool = False) -> str:
    result = scan(text, in_block=in_block)
    return text[: result.content_end]


# --------------------------------------------------------------------------- where a run ends


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ls -l", "ls -l"),
        ("ls -l   \n\n", "ls -l"),
        ("ls\nGet-Job", "ls"),
        ("ls\n  \n# comment\n\nGet-Job", "ls"),
        ("ls\n# comment\npwd\nGet-Job", "ls\n# comment\npwd"),
        ("ls\n$x = 1", "ls"),
        ("ls\n  get-job -Id 1", "ls"),
        ("ls\nexit-pssession", "ls"),
        ("ls # it's a comment\nGet-Job", "ls # it's a comment"),
        ("echo a#b\nGet-Job", "echo a#b"),
        ("echo done; echo fi\nGet-Job", "echo done; echo fi"),
        ("echo if then do\nGet-Job", "echo if then do"),
        ("ls \\\n", "ls \\"),
        ("echo a\\ \nGet-Job", "echo a\\ "),
    ],
)
def test_a_run_ends_before_a_line_that_is_ours(text: str, expected: str) -> None:
    assert chunk(text) == expected


def test_the_scan_resumes_at_the_start_of_the_ours_line() -> None:
    text = "ls\n\n  Get-Job"
    result = scan(text)
    assert (result.end, result.content_end, result.open) == (4, 2, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cat <<EOF\n$HOME\nGet-Job\nEOF\nGet-Job", "cat <<EOF\n$HOME\nGet-Job\nEOF"),
        ("cat <<'EOF' > /tmp/x\n$x = 1\nEOF\n$y", "cat <<'EOF' > /tmp/x\n$x = 1\nEOF"),
        ('cat <<"END"\nGet-Job\nEND\n$y', 'cat <<"END"\nGet-Job\nEND'),
        ("cat << EOF\nGet-Job\nEOF\n$y", "cat << EOF\nGet-Job\nEOF"),
        ("cat <<\\EOF\nGet-Job\nEOF\n$y", "cat <<\\EOF\nGet-Job\nEOF"),
        ("cat <<-EOF\n\t$x\n\tEOF\n$y", "cat <<-EOF\n\t$x\n\tEOF"),
        ("cat <<EOF\n\tEOF\nEOF\n$y", "cat <<EOF\n\tEOF\nEOF"),
        ("cat <<A <<B\n$a\nA\n$b\nB\n$y", "cat <<A <<B\n$a\nA\n$b\nB"),
        ("cat <<EOF; echo after\n$x\nEOF\n$y", "cat <<EOF; echo after\n$x\nEOF"),
        ("cat <<EOF\n\n# not a comment\n\nEOF\n$y", "cat <<EOF\n\n# not a comment\n\nEOF"),
        ("cat <<EOF\nx\nEOF", "cat <<EOF\nx\nEOF"),
        ("cat <<< \"here string\"\n$y", 'cat <<< "here string"'),
        ("echo $((1 << 2))\n$y", "echo $((1 << 2))"),
        ("(( x = 1 << 3 ))\n$y", "(( x = 1 << 3 ))"),
    ],
)
def test_here_document_bodies_belong_to_the_run(text: str, expected: str) -> None:
    assert chunk(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("echo 'a\nGet-Job'\nGet-Job", "echo 'a\nGet-Job'"),
        ('echo "a \\" $(echo ")") `date`\n$x\n"\n$y', 'echo "a \\" $(echo ")") `date`\n$x\n"'),
        ("echo $'it\\'s\n$x'\n$y", "echo $'it\\'s\n$x'"),
        ("echo ${HOME:-'/root'}\n$y", "echo ${HOME:-'/root'}"),
        ("echo `ls\n$x`\n$y", "echo `ls\n$x`"),
        ("ls \\\n  $x\n$y", "ls \\\n  $x"),
        ("ls |\n  Get-Job\n$y", "ls |\n  Get-Job"),
        ("make &&\n$x\n$y", "make &&\n$x"),
        ("false ||\n$x\n$y", "false ||\n$x"),
        ("ls |& cat\n$y", "ls |& cat"),
        ("sleep 1 &\n$y", "sleep 1 &"),
        ("ls 2>&1\n$y", "ls 2>&1"),
    ],
)
def test_quotes_continuations_and_trailing_operators(text: str, expected: str) -> None:
    assert chunk(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("if true; then\n  Get-Job\nfi\nGet-Job", "if true; then\n  Get-Job\nfi"),
        ("if a; then\n  b\nelif c; then\n  $x\nelse\n  d\nfi\n$y",
         "if a; then\n  b\nelif c; then\n  $x\nelse\n  d\nfi"),
        ("for h in a b; do\n  $h\ndone\n$y", "for h in a b; do\n  $h\ndone"),
        ("while read l; do\n  if x; then y; fi\n  $l\ndone < f\n$y",
         "while read l; do\n  if x; then y; fi\n  $l\ndone < f"),
        ("until false\ndo\n  $x\ndone\n$y", "until false\ndo\n  $x\ndone"),
        ("case $1 in\n  start) $a;;\n  (stop) b ;;\n  *) c\nesac\n$y",
         "case $1 in\n  start) $a;;\n  (stop) b ;;\n  *) c\nesac"),
        ("f() {\n  $x\n}\n$y", "f() {\n  $x\n}"),
        ("(\n  cd /tmp\n  $x\n)\n$y", "(\n  cd /tmp\n  $x\n)"),
        ("x=$(\n  $y\n)\n$z", "x=$(\n  $y\n)"),
        ("{ a; }\n$y", "{ a; }"),
        ("echo }\n$y", "echo }"),
        ("echo ) fi\n$y", "echo ) fi"),
    ],
)
def test_compound_commands_keep_the_run_going(text: str, expected: str) -> None:
    assert chunk(text) == expected


# --------------------------------------------------------------------------- inside a script block


@pytest.mark.parametrize(
    ("text", "expected", "end"),
    [
        ("sleep 60 }", "sleep 60", 9),
        ("get-eventlog system}", "get-eventlog system", 19),
        ("awk '{print $1}' f }", "awk '{print $1}' f", 19),
        ('echo "}" ${HOME} }', 'echo "}" ${HOME}', 17),
        ("f() { :; }; f }", "f() { :; }; f", 14),
        ("echo a # } in a comment\n}", "echo a # } in a comment", 24),
        ("cat <<EOF\n}\nEOF\n}", "cat <<EOF\n}\nEOF", 16),
        ("if x; then y }", "if x; then y", 13),
        ("ls\nGet-Job }", "ls", 3),
    ],
)
def test_in_a_block_an_unmatched_brace_ends_the_run(text: str, expected: str, end: int) -> None:
    result = scan(text, in_block=True)
    assert (text[: result.content_end], result.end) == (expected, end)


def test_outside_a_block_an_unmatched_brace_is_just_text() -> None:
    assert scan("echo }").end == len("echo }")


# --------------------------------------------------------------------------- open at the end


@pytest.mark.parametrize(
    ("text", "state", "depth"),
    [
        ("ls", None, 0),
        ("echo 'abc", "quote", 0),
        ('echo "abc', "quote", 1),
        ("echo `date", "quote", 1),
        ("echo ${HOME", "quote", 1),
        ("echo $'abc", "quote", 0),
        ("cat <<EOF", "heredoc", 0),
        ("cat <<EOF\nline", "heredoc", 0),
        ("if true; then", "compound", 1),
        ("for x in a; do\n  if y; then", "compound", 2),
        ("case x in", "compound", 1),
        ("f() {", "compound", 1),
        ("(", "compound", 1),
        ("x=$(", "compound", 1),
        ("echo $((1 +", "compound", 1),
        ("ls \\", "continuation", 0),
        ("ls \\\n", "continuation", 0),
        ("ls |", "continuation", 0),
        ("ls &&", "continuation", 0),
        ("ls ||\n", "continuation", 0),
        ("ls &", None, 0),
        ("if true; then echo; fi", None, 0),
    ],
)
def test_what_is_still_open_at_the_end(text: str, state: str | None, depth: int) -> None:
    result = scan(text)
    assert (result.open, result.depth) == (state, depth)
    assert result.end == len(text)


def test_windows_line_endings() -> None:
    assert chunk("ls -l \\\r\n  /tmp\r\nGet-Job\r\n") == "ls -l \\\r\n  /tmp"
    assert chunk("cat <<EOF\r\n$x\r\nEOF\r\n$y") == "cat <<EOF\r\n$x\r\nEOF"


# --------------------------------------------------------------------------- through the parser


def test_heredoc_bodies_that_look_like_ours_stay_shell() -> None:
    source = (
        "Get-Job\n"
        "cat <<'EOF' > /tmp/notes\n"
        "$HOME stays text\n"
        "Get-Job -Id 1\n"
        "EOF\n"
        "Receive-Job 1\n"
    )
    assert render_all(parse(source, is_ours=is_ours)) == [
        "Get-Job",
        "shell<cat <<'EOF' > /tmp/notes\n$HOME stays text\nGet-Job -Id 1\nEOF>",
        "Receive-Job 1",
    ]


def test_shell_lines_inside_a_script_block_body() -> None:
    source = (
        "Start-Job {\n"
        "  cd /tmp\n"
        "  if [ -d x ]; then\n"
        "    Get-Job\n"
        "  fi\n"
        "  Get-Job -Id 1\n"
        "  tar czf x.tgz x }"
    )
    script = parse(source, is_ours=is_ours)
    block = script.statements[0]
    assert isinstance(block, ast.Pipeline)
    text = source[source.index("{") + 1 : -1]
    body = parse(source, is_ours=is_ours, start=source.index("{") + 1, end=len(source) - 1)
    assert render_all(body) == [
        "shell<cd /tmp\n  if [ -d x ]; then\n    Get-Job\n  fi>",
        "Get-Job -Id 1",
        "shell<tar czf x.tgz x>",
    ]
    assert body.statements[0].span.start == ast.Pos(14, 2, 3)
    assert text.endswith("tar czf x.tgz x ")


def test_is_ours_is_asked_only_at_lines_outside_shell_constructs() -> None:
    asked: list[str] = []

    def spy(word: str) -> bool:
        asked.append(word)
        return False

    parse("if x; then\n  inside\nfi\ncat <<E\nbody\nE\nnext\n", is_ours=spy)
    assert asked == ["cat", "next"]  # 'if x' is sh's if by the keyword rule, unasked
