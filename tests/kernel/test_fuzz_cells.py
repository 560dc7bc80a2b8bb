"""No Python text ever reaches the user: random and mutated cells go through the parser,
``is_complete``, completion and Shift-Tab help, and through a real kernel process; every
message must be PowerShell's or the shell's, never a traceback, an exception class name
or a codec's complaint. Examples are derandomized (the same every run) and bounded.

The corpus and the mutation alphabet hold no ``/``, ``~`` and no letters, and the kernel
runs in a temporary HOME and directory, so a mutation cannot name a file outside them
or spell a new command."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rjkernel.errors import ParseError
from rjkernel.interpreter import is_ours
from rjkernel.language.completeness import is_complete
from rjkernel.language.parser import parse
from tests.fixtures.kernel import KernelDriver
from tests.fixtures.runspace import Session

pytestmark = pytest.mark.timeout(600)

PYTHON_TEXT = re.compile(
    r"Traceback \(most recent|rjkernel internal error|File \"[^\"]+\.py\"|"
    r"\b(?:Value|Type|Key|Index|Attribute|Unicode(?:Encode|Decode)?|Assertion|Recursion|"
    r"ZeroDivision|Overflow|Runtime|Name|NotImplemented|Lookup|Buffer)Error\b|"
    r"StopIteration|codec (?:can't|failed)|object has no attribute|NoneType|"
    r"unexpected keyword argument|positional argument"
)
CORPUS = [
    "Get-Job", "Get-Job -Id 1 | Receive-Job -Keep", "$j = Start-Job { echo hi }",
    "Start-Job -Name n -ArgumentList a, 'b c' { printf '[%s]' \"$1\" }",
    "$v = 'a  b *'; Invoke-Command { printf '[%s]' $using:v }",
    "Get-Job | Where-Object { $_.State -eq 'Completed' } | Remove-Job",
    "$h = @{ a = 1; b = @(1, 2, 3) }; $h.b[1] + 2",
    "if ($x -gt 1) { 'big' } elseif ($x) { 'small' } else { 'none' }",
    "foreach ($i in 1..3) { \"item $i\" }", "$s = 'x' * 3; $s.ToUpper()",
    "New-PSSession -ComputerName a..b", "Get-PSSession | Format-Table",
    "echo hello | tr a-z A-Z", "printf '%s\\n' one two | sort -r",
    "cat <<EOF\nline $HOME\nEOF", "x=1; if [ \"$x\" = 1 ]; then echo yes; fi",
    "Write-Error 'bad' -ErrorAction Continue; $?", "'{0:N2}' -f 3.14159",
    "Get-Date -Format 'yyyy-MM-dd' | Out-Null", "[int]'42' + [double]'1.5'",
    "$a, $b = 1, 2; $a -band $b", "ConvertTo-Json @{ k = 'v' } -Compress",
    "'a,b' | ConvertFrom-Csv -Header x, y", "Select-String -Pattern 'a' -InputObject 'abc'",
    "Get-Help Start-Job -Parameter Name", "$env:RJ_FUZZ = 'v'; $env:RJ_FUZZ",
    "Get-Job -State Running | Stop-Job -PassThru", "Measure-Object -InputObject 1, 2",
    "echo out > fuzz.txt; Get-Content fuzz.txt", "\"x`ty\" -replace 't', '-'",
]
assert not any(c in "".join(CORPUS) for c in "/~")
# No letters, '/' or '~': mutations break syntax, they do not write new commands.
ALPHABET = st.sampled_from(list(
    "{}()[]$@'\"`|&;<>=,.#-+*!?\\:%^0123456789 \t\n\r\0\x1b\x7f\u00a0\u2013\u201c\u2028\ufeff"
    "\udcff\U0001f600"))


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A corpus cell with a few characters inserted, slices deleted or repeated."""
    text = draw(st.sampled_from(CORPUS))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "repeat"]))
        if op == "insert":
            text = text[:at] + draw(st.text(ALPHABET, min_size=1, max_size=3)) + text[at:]
        else:
            end = draw(st.integers(at, min(len(text), at + 8)))
            text = text[:at] + (text[at:end] * 2 if op == "repeat" else "") + text[end:]
    return text


CELLS = st.one_of(mutated(), st.text(ALPHABET, max_size=40),
                  st.lists(st.sampled_from(CORPUS), min_size=1, max_size=3).map("\n".join))


def assert_no_python_text(*texts: str | None) -> None:
    for text in texts:
        found = PYTHON_TEXT.search(text or "")
        assert found is None, f"Python text {found.group()!r} in {text!r}"


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory):
    session = Session(tmp_path_factory.mktemp("fuzz-services"))
    yield session.engine
    session.close()


@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(cell=CELLS, data=st.data())
def test_language_services_answer_every_cell(services, cell: str, data: st.DataObject) -> None:
    try:
        parse(cell, is_ours=is_ours)
    except ParseError as raised:
        assert_no_python_text(raised.record.message)
    status, _ = is_complete(cell, is_ours=is_ours)
    assert status in ("complete", "incomplete", "invalid")
    cursor = data.draw(st.integers(0, len(cell)))
    matches, start, end, _ = services.complete(cell, cursor)
    assert 0 <= start <= end <= len(cell)
    assert_no_python_text(*matches, services.inspect(cell, cursor),
                          services.inspect(cell, cursor, detail=True))


@settings(max_examples=120, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(cell=CELLS)
def test_a_kernel_shows_no_python_text(local_kernel: KernelDriver, cell: str) -> None:
    k = local_kernel
    ran = k.run(cell, timeout=60)
    assert_no_python_text(ran.text, ran.reply.get("evalue"), ran.ename)
    for message in ran.messages:
        if message["msg_type"] == "error":
            assert_no_python_text(message["content"]["evalue"],
                                  "\n".join(message["content"]["traceback"]))
    assert k.alive


# the status: terminating errors fail the cell; a path or host a cmdlet cannot use is
# its non-terminating error (ps-semantics §4), shown while the cell replies ok
@pytest.mark.parametrize(("cell", "shown", "status"), [
    ("echo a\0b", "contains a NUL character (`0) after \"echo a\"", "error"),
    ("Start-Job { echo a\0b }", "contains a NUL character (`0) after \"echo a\"", "error"),
    ("$x = \"a`0b\"; Start-Job { echo $using:x }", "NUL character (`0) in the value of $using:x",
     "error"),
    ("Start-Job -ArgumentList \"a`0b\" { echo $1 }", "contains a NUL character", "error"),
    ("Get-Content \"a`0b\"", "Get-Content: The path 'a`0b' is not valid: it contains a NUL",
     "ok"),
    ("New-PSSession -ComputerName a..b",
     "[a..b] The background process reported an error with the following message: The SSH "
     "client session has ended with error message: ssh: Could not resolve hostname a..b: "
     "Name or service not known.", "ok"),
    ("Invoke-Command -ComputerName " + "x" * 64 + ".example { true }",
     "ssh: Could not resolve hostname " + "x" * 64 + ".example: Name or service not known.",
     "ok"),
])
def test_nul_and_unresolvable_names_are_powershell_errors(
        local_kernel: KernelDriver, cell: str, shown: str, status: str) -> None:
    ran = local_kernel.run(cell)
    assert ran.status == status
    assert shown in ran.stderr
    assert_no_python_text(ran.text)
