"""is_complete: what jupyter console asks before it runs a cell or prompts for more."""

from __future__ import annotations

import pytest

from rjkernel.language import is_complete
from tests.language.render import is_ours


def check(source: str) -> tuple[str, str]:
    return is_complete(source, is_ours=is_ours)


@pytest.mark.parametrize(
    "source",
    [
        "",
        "Get-Job",
        "Get-Job -Id 1\nls -l",
        "$job = Start-Job { sleep 60 }",
        "Start-Job {\n  ls\n}",
        "if true; then echo; fi",
        "cat <<EOF\nbody\nEOF",
        "Get-Job `\n",
        "# only a comment",
        "ls &",
        "Get-Job && ls",  # about_Pipeline_Chain_Operators: && joins PowerShell pipelines
        "$x ?? 'd'",
        "$ok ? 'up' : 'down'",
    ],
)
def test_complete(source: str) -> None:
    assert check(source) == ("complete", "")


@pytest.mark.parametrize(
    ("source", "indent"),
    [
        ("Start-Job {", "    "),
        ("Start-Job {\n    ls -l", "    "),
        ("Invoke-Command -Session $s {\n    Start-Job {", "        "),
        ("Start-Job {\n        deeply indented", "        "),
        ("Get-Job -Id (", "    "),
        ("$x = (1 +", "    "),
        ("$x = @(", "    "),
        ("$x = $(", "    "),
        ("$h = @{", "    "),
        ("$h = @{ a = 1", "    "),
        ("$h = @{\n    a", "    "),
        ("$x[", "    "),
        ("$x.Trim(", "    "),
        ("Get-Job |", ""),
        ("  Get-Job |\n", "  "),
        ("Get-Job `", ""),
        ("$x = 1 +", ""),
        ("$x = 1 -and", ""),
        ("$x =", ""),
        ("$a = 1,", ""),
        ("Get-Job -Name a,", ""),
        ("$x = -not", ""),
        # about_Operators (7.0+): a line ending in ??, the ternary's ? or : wants more
        ("$x = $y ??", ""),
        ("$x ??=", ""),
        ("$x = $ok ?", ""),
        ("$x = $ok ? 1 :", ""),
        ("$x = $ok ? 1", ""),
        ("$x = $ok ? (1 +", "    "),
        # about_Pipeline_Chain_Operators: a chain operator at the end wants a pipeline
        ("Get-Job &&", ""),
        ("Get-Job ||\n", ""),
    ],
)
def test_incomplete_powershell_gets_an_indent_per_open_bracket(source: str, indent: str) -> None:
    assert check(source) == ("incomplete", indent)


@pytest.mark.parametrize(
    "source",
    [
        '$x = "open',
        "$x = 'open",
        '$x = @"\nline',
        "$x = @'",
        "${name",
        "Get-Job <# comment",
    ],
)
def test_incomplete_text_gets_no_indent(source: str) -> None:
    assert check(source) == ("incomplete", "")


@pytest.mark.parametrize(
    ("source", "indent"),
    [
        ("echo 'open", ""),
        ('echo "open', ""),
        ("cat <<EOF\n  indented body", ""),
        ("if true; then", "    "),
        ("for h in a b; do\n  if x; then", "        "),
        ("f() {", "    "),
        ("(cd /tmp", "    "),
        ("ls \\", ""),
        ("  ls |", "  "),
        ("make &&", ""),
        ("false ||", ""),
        ("Get-Job\nls |", ""),
    ],
)
def test_incomplete_shell(source: str, indent: str) -> None:
    assert check(source) == ("incomplete", indent)


def test_only_the_last_shell_chunk_matters() -> None:
    assert check("ls |\ncat\nGet-Job") == ("complete", "")
    assert check("echo 'a\nb'\nGet-Job") == ("complete", "")


@pytest.mark.parametrize(
    "source",
    [
        "Get-Job }",
        "Get-Job )",
        "Get-Job >",
        "Get-Job | | ft",
        "$x = 1 $y",
        "Get-Job && | ls",
        "Get-Job & && ls",
        "$x = $ok ? 1 ; 2",
        "$h = @{ a = 1 b = 2 }",
        "$x = (1; 2)",
        "$x = @'abc\n'@",
        "Start-Job { Get-Job ) }",
    ],
)
def test_invalid(source: str) -> None:
    assert check(source) == ("invalid", "")
