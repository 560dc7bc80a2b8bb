"""The cell parser: statement splitting, every construct, positions and errors."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rjkernel.errors import ParseError
from rjkernel.language import ast, is_complete, parse
from tests.language.render import (
    assert_spans_in,
    is_ours,
    parsed_or_none,
    render,
    render_all,
    walk,
)


def statements(source: str) -> list[str]:
    return render_all(parse(source, is_ours=is_ours))


def one(source: str) -> str:
    (statement,) = statements(source)
    return statement


def only(source: str) -> ast.Statement:
    (statement,) = parse(source, is_ours=is_ours).statements
    return statement


def value_of(source: str) -> ast.Expr:
    """The expression ``source``, parsed as the value of an assignment (a cell that starts
    with a quote or a number would be a shell line)."""
    statement = only("$v = " + source)
    assert isinstance(statement, ast.Assignment) and isinstance(statement.value, ast.Pipeline)
    (element,) = statement.value.elements
    assert isinstance(element, ast.CommandExpression)
    return element.expr


def error(source: str) -> ParseError:
    with pytest.raises(ParseError) as info:
        parse(source, is_ours=is_ours)
    return info.value


# --------------------------------------------------------------------------- statement splitting


def test_empty_and_blank_cells_have_no_statements() -> None:
    assert statements("") == []
    assert statements("  \n\n\t\n") == []
    assert statements("# a comment\n<# a block\ncomment #>\n") == []


def test_newlines_and_semicolons_separate_statements() -> None:
    assert statements("Get-Job\nGet-Job -Id 1;Receive-Job 3 ; gjb") == [
        "Get-Job", "Get-Job -Id 1", "Receive-Job 3", "gjb",
    ]


def test_a_run_of_shell_lines_is_one_chunk_with_its_inner_comments_and_blank_lines() -> None:
    source = "\n\nls -l\n# list again\n\nls -la\n\n# trailing\n\nGet-Job\n"
    assert statements(source) == ["shell<ls -l\n# list again\n\nls -la>", "Get-Job"]


def test_ours_and_shell_lines_alternate() -> None:
    assert statements("uname -a\n$x = 1\nhostname\nwhoami\nGet-Job\ndate") == [
        "shell<uname -a>", "$x = 1", "shell<hostname\nwhoami>", "Get-Job", "shell<date>",
    ]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("$job", "$job"),
        ("(Get-Job).Count", "(Get-Job).Count"),
        ("@(Get-Job).Count", "@(Get-Job).Count"),
        ("@{ a = 1 }", "@{a=1}"),
        ("[int]'5'", "([int] '5')"),
        ("@'\ntext\n'@", "'text'"),
        ("& $cmd -x", "& $cmd -x"),
        ("exit", "exit"),
        ("EXIT ; Get-Job", "EXIT"),
        ("icm{ ls }", "icm { ls }"),
        ("%{ $_ }", "% { $_ }"),
    ],
)
def test_lines_that_are_ours_without_a_cmdlet_name(source: str, expected: str) -> None:
    assert statements(source)[0] == expected


@pytest.mark.parametrize(
    "source",
    [
        "{ grouped; }", "@x", "!x", "! grep -q x f", "[ -f /tmp/x ] && echo yes",
        "[[ -n $x ]]",
    ],
)
def test_lines_that_start_otherwise_are_shell(source: str) -> None:
    assert statements(source) == [f"shell<{source}>"]


def test_is_ours_gets_the_first_word_as_written() -> None:
    seen: list[str] = []

    def spy(word: str) -> bool:
        seen.append(word)
        return word == "Get-Job"

    parse("Get-Job|ft\n  gjb;ls\nWhere-Object{1}\n", is_ours=spy)
    # gjb is not ours here, so its line is shell: the word after its ';' is asked too
    assert seen == ["Get-Job", "gjb", "ls", "Where-Object"]


def test_after_a_semicolon_a_foreign_command_is_a_native_command() -> None:
    script = parse("Get-Job; ls -l /tmp | wc -l", is_ours=is_ours)
    assert render_all(script) == ["Get-Job", "ls -l /tmp | wc -l"]
    pipeline = script.statements[1]
    assert isinstance(pipeline, ast.Pipeline)
    commands = [e for e in pipeline.elements if isinstance(e, ast.Command)]
    assert [c.text for c in commands] == ["ls -l /tmp", "wc -l"]
    assert pipeline.text == "ls -l /tmp | wc -l"


def test_native_commands_inside_expressions_and_assignments() -> None:
    assert one("$x = hostname") == "$x = hostname"
    assert one("$n = (ls -l | wc -l)") == "$n = (ls -l | wc -l)"
    assert one("$d = $(date +%s)") == "$d = $(date +%s)"
    assert one("$all = @(cat /etc/hosts)") == "$all = @(cat /etc/hosts)"


def test_a_statement_spans_lines_inside_braces_parentheses_and_after_a_pipe() -> None:
    assert statements("Get-Job |\n\n  Where-Object {\n $_.Id -gt 1\n}\nls") == [
        "Get-Job | Where-Object {\n $_.Id -gt 1\n}", "shell<ls>",
    ]
    assert statements("$x = (\n  1 +\n  2\n)\nls") == ["$x = ((1 + 2))", "shell<ls>"]


def test_backtick_continues_a_line() -> None:
    assert statements("Get-Job `\n  -Id 1 `\n  -IncludeChildJob\nls") == [
        "Get-Job -Id 1 -IncludeChildJob", "shell<ls>",
    ]


def test_comments_inside_our_statements() -> None:
    assert statements("Get-Job <# inline #> -Id 1 # trailing\nGet-Job") == [
        "Get-Job -Id 1", "Get-Job",
    ]


def test_background_operator() -> None:
    script = parse("Start-Job { sleep 5 } &\nGet-Job & gjb", is_ours=is_ours)
    assert render_all(script) == ["Start-Job { sleep 5 } &", "Get-Job &", "gjb"]
    pipeline = script.statements[0]
    assert isinstance(pipeline, ast.Pipeline) and pipeline.background
    assert pipeline.text == "Start-Job { sleep 5 }"


# --------------------------------------------------------------------------- commands


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Get-Job", "Get-Job"),
        ("Get-Job -Id 1", "Get-Job -Id 1"),
        ("Get-Job -Id:1", "Get-Job -Id:1"),
        ("Receive-Job -Keep:$false $job", "Receive-Job -Keep:$false $job"),
        ("Get-Job -Id: 3", "Get-Job -Id:3"),
        ("Receive-Job -Id 2 -Keep", "Receive-Job -Id 2 -Keep"),
        ("Get-Job Server01 /tmp/x.txt c:\\logs\\pslog.txt Completed",
         "Get-Job Server01 /tmp/x.txt c:\\logs\\pslog.txt Completed"),
        ("Get-Job -Id 1,3", "Get-Job -Id [1, 3]"),
        ("Get-Job -Name web01, web02 ,web03", "Get-Job -Name [web01, web02, web03]"),
        ("Get-Job -Name web01,\n  web02", "Get-Job -Name [web01, web02]"),
        ('Get-Job "Server01","Server02"', "Get-Job ['Server01', 'Server02']"),
        ('Get-Job "Server01,Server02"', "Get-Job 'Server01,Server02'"),
        ("Get-Job -1 -.5 +2 1.5 0x10 1kb 10.0.0.1 7z", "Get-Job -1 -0.5 2 1.5 16 1024 10.0.0.1 7z"),
        ("Get-Job $job.Id $job.ChildJobs[0].State", "Get-Job $job.Id $job.ChildJobs[0].State"),
        ("Get-Job $x.Trim() $env:HOME $using:dir", "Get-Job $x.Trim() $env:HOME $using:dir"),
        ("Get-Job (Get-Content hosts.txt)", "Get-Job (Get-Content hosts.txt)"),
        ("Get-Job $(1) @(2) @{ a = 3 }", "Get-Job $(1) @(2) @{a=3}"),
        ("Invoke-Command @params -AsJob", "Invoke-Command @params -AsJob"),
        ("Get-Job $HOME/bin", 'Get-Job "{$HOME}/bin"'),
        ("Get-Job $server:22 pre$x", 'Get-Job "{$server}:22" "pre{$x}"'),
        ("Get-Job a'b c'd a\"$x y\"", 'Get-Job ab cd "a{$x} y"'),
        ("Get-Job a`tb a`$b `n", "Get-Job a\tb a$b \n"),
        ("Get-Job $ a>b user@host", "Get-Job $ a>b user@host"),
        ("Get-Job [abc] a=b", "Get-Job [abc] a=b"),
        ("Get-Job -- -Id --x", "Get-Job -- -Id --x"),
        ("Get-Job --% /a:(1) $x 'q' | ft", "Get-Job /a:(1) $x 'q' | ft"),
        ("Get-Job –Id 3", "Get-Job -Id 3"),  # an en dash, as pasted from documents
    ],
)
def test_command_elements(source: str, expected: str) -> None:
    assert one(source) == expected


def test_parameter_and_argument_nodes() -> None:
    statement = only("Get-Job -Id 1 -Keep:$false -Name a,b @p")
    assert isinstance(statement, ast.Pipeline)
    (command,) = statement.elements
    assert isinstance(command, ast.Command)
    identifier, value, keep, name, names, splat = command.elements
    assert identifier == ast.Parameter("Id", identifier.span)
    assert isinstance(value, ast.Argument) and isinstance(value.value, ast.NumberLiteral)
    assert isinstance(keep, ast.Parameter) and keep.colon and keep.name == "Keep"
    assert isinstance(keep.argument, ast.Variable) and keep.argument.name == "false"
    assert isinstance(name, ast.Parameter) and name.argument is None and not name.colon
    assert isinstance(names, ast.Argument) and isinstance(names.value, ast.ArrayLiteral)
    assert splat == ast.Splat("p", splat.span)


def test_bare_words_are_unquoted_strings() -> None:
    statement = only("Get-Job Server01 'quoted' \"dq\"")
    assert isinstance(statement, ast.Pipeline)
    command = statement.elements[0]
    assert isinstance(command, ast.Command)
    values = [e.value for e in command.elements if isinstance(e, ast.Argument)]
    assert [(v.value, v.quoted) for v in values if isinstance(v, ast.StringLiteral)] == [
        ("Server01", False), ("quoted", True), ("dq", True),
    ]


def test_script_block_arguments_keep_their_text_verbatim() -> None:
    source = "Start-Job -ScriptBlock { sleep 60 }"
    block = next(n for n in walk(parse(source, is_ours=is_ours)) if isinstance(n, ast.ScriptBlock))
    assert block.text == " sleep 60 "
    assert block.body == ast.Pos(24, 1, 25)
    assert source[block.span.start.offset : block.span.end] == "{ sleep 60 }"


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("icm { echo '}' \"}\" }", " echo '}' \"}\" "),
        ("icm { awk '{print $1}' /etc/passwd }", " awk '{print $1}' /etc/passwd "),
        ("icm { echo ${HOME} ; f() { :; } }", " echo ${HOME} ; f() { :; } "),
        ("icm { echo hi # a comment with } in it\n}", " echo hi # a comment with } in it\n"),
        ("icm { Get-Job | Where-Object { $_.Name -eq '}' } }",
         " Get-Job | Where-Object { $_.Name -eq '}' } "),
        ("icm {\n  cat <<'EOF'\n}\nEOF\n}", "\n  cat <<'EOF'\n}\nEOF\n"),
        ("icm {}", ""),
        ("icm {get-eventlog system}", "get-eventlog system"),
    ],
)
def test_script_block_text_with_braces_in_strings_comments_and_heredocs(
    source: str, text: str
) -> None:
    blocks = [n for n in walk(parse(source, is_ours=is_ours)) if isinstance(n, ast.ScriptBlock)]
    outer = min(blocks, key=lambda block: block.span.start.offset)
    assert outer.text == text
    assert outer.span.end == len(source)


def test_call_operator() -> None:
    statement = only("& $cmd -Flag value")
    assert isinstance(statement, ast.Pipeline)
    command = statement.elements[0]
    assert isinstance(command, ast.Command)
    assert command.name == "&"
    assert render(command.elements[0]) == "$cmd"


# --------------------------------------------------------------------------- redirections


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Receive-Job $job > /tmp/PsLog.txt", "Receive-Job $job 1>/tmp/PsLog.txt"),
        ("Get-Job >> log.txt 2> err.txt", "Get-Job 1>>log.txt 2>err.txt"),
        ("Get-Job 2>>err.txt 3>w.txt 6> info", "Get-Job 2>>err.txt 3>w.txt 6>info"),
        ("Get-Job 2>&1 *> all.txt", "Get-Job 2>&1 *>all.txt"),
        ("Get-Job *>> all.txt", "Get-Job *>>all.txt"),
        ("Get-Job *>&1", "Get-Job *>&1"),
        ("Get-Job > $env:TMP/x.txt", 'Get-Job 1>"{$env:TMP}/x.txt"'),
        ("Get-Job > (Get-Content f)", "Get-Job 1>(Get-Content f)"),
        ("$x > out.txt", "$x 1>out.txt"),
        ("Get-Job; 'text' >> out.txt", "'text' 1>>out.txt"),
    ],
)
def test_redirections(source: str, expected: str) -> None:
    assert statements(source)[-1] == expected


def test_redirection_nodes() -> None:
    statement = only("Get-Job 2>&1 >> out.txt")
    assert isinstance(statement, ast.Pipeline)
    command = statement.elements[0]
    assert isinstance(command, ast.Command)
    merge, append = command.redirections
    assert (merge.stream, merge.merge_into, merge.target) == ("2", "1", None)
    assert (append.stream, append.append, render(append.target)) == ("1", True, "out.txt")
    assert command.text == "Get-Job 2>&1 >> out.txt"


# --------------------------------------------------------------------------- expressions


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("$job", "$job"),
        ("$JOB", "$JOB"),
        ("$_", "$_"),
        ("$?", "$?"),
        ("$null", "$null"),
        ("$LASTEXITCODE", "$LASTEXITCODE"),
        ("$using:x", "$using:x"),
        ("$Env:Path", "$env:Path"),
        ("$global:count", "$global:count"),
        ("${a b}", "$a b"),
        ("${env:HOME}", "$env:HOME"),
        ("${a`}b}", "$a}b"),
    ],
)
def test_variables(source: str, expected: str) -> None:
    assert render(value_of(source)) == expected


def test_variable_nodes_keep_the_name_as_written_and_the_scope_lower_cased() -> None:
    variable = value_of("$USING:Dir")
    assert isinstance(variable, ast.Variable)
    assert (variable.name, variable.scope) == ("Dir", "using")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("$job.State", "$job.State"),
        ("$job.ChildJobs[0].Output", "$job.ChildJobs[0].Output"),
        ("$list[-1]", "$list[-1]"),
        ("$h['key']", "$h['key']"),
        ("$a[0, 1]", "$a[[0, 1]]"),
        ("$x.Trim()", "$x.Trim()"),
        ("$x.Split(',', 2)", "$x.Split(',', 2)"),
        ("$x.Replace(\n  'a',\n  'b'\n)", "$x.Replace('a', 'b')"),
        ("(Get-Job).State", "(Get-Job).State"),
        ("(Get-Job -Id 1).ChildJobs[0]", "(Get-Job -Id 1).ChildJobs[0]"),
        ("$x.'odd name'", "$x.odd name"),
        ("[int].Name", "[int].Name"),
    ],
)
def test_member_access_method_calls_and_indexing(source: str, expected: str) -> None:
    assert render(value_of(source)) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("$a + $b * $c", "($a + ($b * $c))"),
        ("$a - $b - $c", "(($a - $b) - $c)"),
        ("$a / 2 % 3", "(($a / 2) % 3)"),
        ("$x -eq 1 -and $y -ne 2", "(($x -eq 1) -and ($y -ne 2))"),
        ("$a -or $b -and $c", "(($a -or $b) -and $c)"),
        ("1,2 -contains 1", "([1, 2] -contains 1)"),
        ("1 -in 1,2", "(1 -in [1, 2])"),
        ("$x -gt 1 + 2", "($x -gt (1 + 2))"),
        ("1..10", "(1 .. 10)"),
        ("1..3 -contains 2", "((1 .. 3) -contains 2)"),
        ("1 + 2..4 * 2", "(1 + ((2 .. 4) * 2))"),
        ("'{0}' -f 1 + 1", "(('{0}' -f 1) + 1)"),
        ("'a','b' -join ',' -eq 'a,b'", "((['a', 'b'] -join ',') -eq 'a,b')"),
        ("$a..$b", "($a .. $b)"),
        ("-1..-3", "(-1 .. -3)"),
        ("5 -1", "(5 - 1)"),
        ("5 - -1", "(5 - -1)"),
        ("$x -like 'web*'", "($x -like 'web*')"),
        ("$x -NotLike 'web*'", "($x -notlike 'web*')"),
        ("$x -match '^a' -or $x -notmatch 'b'", "(($x -match '^a') -or ($x -notmatch 'b'))"),
        ("$x -ieq 'A' -and $x -ceq 'a'", "(($x -ieq 'A') -and ($x -ceq 'a'))"),
        ("$l -contains 1 -and $l -notcontains 2", "(($l -contains 1) -and ($l -notcontains 2))"),
        ("$x -notin 1,2", "($x -notin [1, 2])"),
        ("$a -join ','", "($a -join ',')"),
        ("$s -split ','", "($s -split ',')"),
        ("$s -replace 'a','b'", "($s -replace ['a', 'b'])"),
        ("'{0}' -f 1", "('{0}' -f 1)"),
        ("$a -xor $b", "($a -xor $b)"),
        ("1 +\n  2", "(1 + 2)"),
    ],
)
def test_binary_operators_and_precedence(source: str, expected: str) -> None:
    assert render(value_of(source)) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("-not $x", "(-not $x)"),
        ("!$x", "(! $x)"),
        ("-not $x -eq 1", "((-not $x) -eq 1)"),
        ("-$x", "(- $x)"),
        ("-5", "-5"),
        ("-join $a", "(-join $a)"),
        ("-join 'a','b'", "[(-join 'a'), 'b']"),
        ("-split 'a b'", "(-split 'a b')"),
        (",1", "(, 1)"),
        ("[int]$x", "([int] $x)"),
        ("[int] '5' + 1", "(([int] '5') + 1)"),
        ("[string[]]$x", "([string[]] $x)"),
        ("[int][string]$x", "([int] ([string] $x))"),
        ("[System.Collections.Generic.List[string]]", "[System.Collections.Generic.List[string]]"),
        ("[datetime]", "[datetime]"),
    ],
)
def test_unary_operators_and_casts(source: str, expected: str) -> None:
    assert render(value_of(source)) == expected


def test_operator_names_are_lower_cased() -> None:
    expr = value_of("$x -EQ 1")
    assert isinstance(expr, ast.BinaryOp) and expr.op == "-eq"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("'it''s'", "'it's'"),
        ("'no $x `n here'", "'no $x `n here'"),
        ('"plain"', "'plain'"),
        ('"a `"quoted`" `$x ``tick"', "'a \"quoted\" $x `tick'"),
        ('"tab`there""q"', "'tab\there\"q'"),
        ('"`u{263A}"', "'\u263a'"),
        ('"$x"', '"{$x}"'),
        ('"Job $job.State is $($job.State)"', '"Job {$job}.State is {$($job.State)}"'),
        ('"$env:HOME/x ${a b}!"', '"{$env:HOME}/x {$a b}!"'),
        ('"cost $ 5 and $"', "'cost $ 5 and $'"),
        ('"$x[0] $x:y"', '"{$x}[0] {$x}:y"'),
        ('"nested $("inner $y")"', '"nested {$("inner {$y}")}"'),
        ("@'\nliteral $x\n  '@ text\n'@", "'literal $x\n  '@ text'"),
        ('@"\nHello $name\n"@', '"Hello {$name}"'),
        ('@"\n"quotes" stay, `$ escapes\n"@', "'\"quotes\" stay, $ escapes'"),
        ("@'\n'@", "''"),
    ],
)
def test_strings(source: str, expected: str) -> None:
    assert render(value_of(source)) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("42", "42"),
        ("1.5", "1.5"),
        ("1e3", "1000.0"),
        ("0xff", "255"),
        ("2kb", "2048"),
        ("1MB", "1048576"),
        ("3l", "3"),
        ("1d", "Decimal('1')"),  # about_Numeric_Literals: d is [decimal]
        ("1.50d", "Decimal('1.50')"),
        (".5", "0.5"),
    ],
)
def test_numbers(source: str, expected: str) -> None:
    assert render(value_of(source)) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("@()", "@()"),
        ("@(1; Get-Job)", "@(1; Get-Job)"),
        ("@(\n  1\n  2\n)", "@(1; 2)"),
        ("$(Get-Job; 1)", "$(Get-Job; 1)"),
        ("(1, 2)", "([1, 2])"),
        ("@{}", "@{}"),
        ("@{ a = 1; 'b c' = $x\n  Content-Type = 'json'\n  3 = Get-Job }",
         "@{a=1; 'b c'=$x; Content-Type='json'; 3=Get-Job}"),
        ("@{ Session = $s; ScriptBlock = { hostname }; ArgumentList = 1,2 }",
         "@{Session=$s; ScriptBlock={ hostname }; ArgumentList=[1, 2]}"),
        ("{ $_.Id }", "{ $_.Id }"),
    ],
)
def test_bracketed_literals(source: str, expected: str) -> None:
    assert render(value_of(source)) == expected


# --------------------------------------------------------------------------- assignments


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("$x = 1", "$x = 1"),
        ("$null = Get-Job", "$null = Get-Job"),
        ("$a, $b = Get-Job", "$a, $b = Get-Job"),
        ("$x += 1", "$x += 1"),
        ("$x -= 1; $x *= 2; $x /= 2; $x %= 2", "$x -= 1"),
        ("$job.Name = 'x'", "$job.Name = 'x'"),
        ("$h['k'] = 1", "$h['k'] = 1"),
        ("[int]$x = '5'", "([int] $x) = '5'"),
        ("$x =\n  Get-Job |\n  ft", "$x = Get-Job | ft"),
        ("$a = $b = 1", "$a = $b = 1"),
        ("$results = receive-job -id 1", "$results = receive-job -id 1"),
    ],
)
def test_assignments(source: str, expected: str) -> None:
    assert statements(source)[0] == expected


def test_assignment_node() -> None:
    statement = only("$s1, $s2 = Get-Job | Select-Object -First 2")
    assert isinstance(statement, ast.Assignment)
    assert [render(t) for t in statement.targets] == ["$s1", "$s2"]
    assert statement.op == "="
    assert isinstance(statement.value, ast.Pipeline) and len(statement.value.elements) == 2


# --------------------------------------------------------------------------- the seed document


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Enter-PSSession -computername Server01", ["Enter-PSSession -computername Server01"]),
        ('$job = start-job -scriptblock {\n  get-eventlog "Windows PowerShell"\n}',
         ['$job = start-job -scriptblock {\n  get-eventlog "Windows PowerShell"\n}']),
        ("get-job $job", ["get-job $job"]),
        ("receive-job $job > c:\\logs\\PsLog.txt", ["receive-job $job 1>c:\\logs\\PsLog.txt"]),
        ("Exit-PSSession", ["Exit-PSSession"]),
        ("$s = new-pssession -computername Server01\n"
         "invoke-command -session $s -scriptblock {\n  get-content c:\\logs\\pslog.txt}",
         ["$s = new-pssession -computername Server01",
          "invoke-command -session $s -scriptblock {\n  get-content c:\\logs\\pslog.txt}"]),
        ("invoke-command -computername Server01 -scriptblock {\n  get-eventlog system} -asjob",
         ["invoke-command -computername Server01 -scriptblock {\n  get-eventlog system} -asjob"]),
        ("get-job", ["get-job"]),
        ("$results = receive-job -id 1", ["$results = receive-job -id 1"]),
        ("invoke-command -session $s -scriptblock {\n"
         "  start-job -scriptblock {get-eventlog system}}",
         ["invoke-command -session $s -scriptblock "
          "{\n  start-job -scriptblock {get-eventlog system}}"]),
        ("invoke-command -session $s -scriptblock {get-job}",
         ["invoke-command -session $s -scriptblock {get-job}"]),
        ("$results = invoke-command -session $s -scriptblock {\n  receive-job -sessionid 2 -keep}",
         ["$results = invoke-command -session $s -scriptblock "
          "{\n  receive-job -sessionid 2 -keep}"]),
        ("invoke-command -session $s -command {\n  receive-job -sessionid 2 > c:\\logs\\pslog.txt}",
         ["invoke-command -session $s -command "
          "{\n  receive-job -sessionid 2 > c:\\logs\\pslog.txt}"]),
        ("Receive-Job $job > /tmp/PsLog.txt", ["Receive-Job $job 1>/tmp/PsLog.txt"]),
    ],
)
def test_seed_document_cells(source: str, expected: list[str]) -> None:
    assert statements(source) == expected


def test_seed_block_bodies_parse_in_place() -> None:
    source = (
        "invoke-command -session $s -command {\n  receive-job -sessionid 2 > c:\\logs\\pslog.txt}"
    )
    block = next(n for n in walk(parse(source, is_ours=is_ours)) if isinstance(n, ast.ScriptBlock))
    body = parse(source, is_ours=is_ours, start=block.body.offset,
                 end=block.body.offset + len(block.text))
    assert render_all(body) == ["receive-job -sessionid 2 1>c:\\logs\\pslog.txt"]
    (statement,) = body.statements
    assert statement.span.start == ast.Pos(40, 2, 3)
    assert body.source == source

    shell = "invoke-command -computername Server01 -scriptblock {\n  get-eventlog system} -asjob"
    block = next(n for n in walk(parse(shell, is_ours=is_ours)) if isinstance(n, ast.ScriptBlock))
    body = parse(shell, is_ours=is_ours, start=block.body.offset,
                 end=block.body.offset + len(block.text))
    assert render_all(body) == ["shell<get-eventlog system>"]
    assert body.statements[0].span.start == ast.Pos(55, 2, 3)


def test_a_block_body_can_be_read_as_powershell_only() -> None:
    source = "ForEach-Object { hostname -s }"
    block = next(n for n in walk(parse(source, is_ours=is_ours)) if isinstance(n, ast.ScriptBlock))
    bounds = {"start": block.body.offset, "end": block.body.offset + len(block.text)}
    assert render_all(parse(source, is_ours=is_ours, **bounds)) == ["shell<hostname -s>"]
    assert render_all(parse(source, is_ours=lambda word: True, **bounds)) == ["hostname -s"]


# --------------------------------------------------------------------------- positions


def test_every_node_span_points_at_its_text() -> None:
    source = (
        "$s = New-PSSession -ComputerName web01, web02\n"
        "Get-Job | Where-Object { $_.State -eq 'Running' } > /tmp/x\n"
        "ls -l\n"
        '  $x = "a $($s.Name) b" + @{ k = (1) }[0]\n'
    )
    script = parse(source, is_ours=is_ours)
    lines = source.split("\n")
    for node in walk(script):
        span = getattr(node, "span", None)
        if span is None:
            continue
        start = span.start
        assert 0 <= start.offset <= span.end <= len(source)
        first_line = source[start.offset : span.end].split("\n")[0]
        assert lines[start.line - 1][start.col - 1 :].startswith(first_line)
    texts = {render(n): source[n.span.start.offset : n.span.end] for n in walk(script)
             if isinstance(n, (ast.Command, ast.Variable, ast.ShellChunk, ast.ScriptBlock))}
    where = "Where-Object { $_.State -eq 'Running' } > /tmp/x"
    assert texts["Where-Object { $_.State -eq 'Running' } 1>/tmp/x"] == where
    assert texts["shell<ls -l>"] == "ls -l"
    assert texts["$x"] == "$x"


def test_statement_positions_are_line_and_column() -> None:
    script = parse("Get-Job\n\n  ls -l\n\tgjb -Id 1", is_ours=is_ours)
    assert [s.span.start for s in script.statements] == [
        ast.Pos(0, 1, 1), ast.Pos(11, 3, 3), ast.Pos(18, 4, 2),
    ]
    assert [s.span.end for s in script.statements] == [7, 16, 27]


def test_shell_chunk_span_excludes_surrounding_blank_lines_and_indentation() -> None:
    source = "\n\n   ls -l \n\n# c\n"
    (chunk,) = parse(source, is_ours=is_ours).statements
    assert isinstance(chunk, ast.ShellChunk)
    assert chunk.text == "ls -l"
    assert (chunk.span.start, chunk.span.end) == (ast.Pos(5, 3, 4), 10)


def test_parse_in_place_reports_cell_positions() -> None:
    source = "Start-Job {\n  Get-Job -Id (\n}"
    with pytest.raises(ParseError) as info:
        parse(source, is_ours=is_ours, start=11, end=len(source) - 1)
    position = info.value.record.position
    assert position is not None and position.text == source
    assert (position.line, position.column) == (2, 16)


def test_the_script_keeps_the_whole_source() -> None:
    source = "Get-Job; ls"
    assert parse(source, is_ours=is_ours, start=9).source == source
    assert render_all(parse(source, is_ours=is_ours, start=9)) == ["shell<ls>"]


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("source", "error_id", "message", "line", "column", "incomplete"),
    [
        ("Start-Job {", "MissingEndCurlyBrace",
         "Missing closing '}' in statement block or type definition.", 1, 11, True),
        ("Start-Job {\n  ls -l\n  if true; then", "MissingEndCurlyBrace",
         "Missing closing '}' in statement block or type definition.", 1, 11, True),
        ("Start-Job { echo \"open }", "MissingEndCurlyBrace",
         "Missing closing '}' in statement block or type definition.", 1, 11, True),
        ("Get-Job -Id (1", "MissingEndParenthesisInExpression",
         "Missing closing ')' in expression.", 1, 15, True),
        ("Get-Job -Id (1; 2)", "MissingEndParenthesisInExpression",
         "Missing closing ')' in expression.", 1, 15, False),
        ("Get-Job -Id (", "ExpectedExpression", "An expression was expected after '('.",
         1, 14, True),
        ("$x = ()", "ExpectedExpression", "An expression was expected after '('.", 1, 7, False),
        ("$x = $(1", "MissingEndParenthesisInSubexpression",
         "Missing closing ')' in subexpression.", 1, 9, True),
        ("$x = @(1 }", "MissingEndParenthesisInSubexpression",
         "Missing closing ')' in subexpression.", 1, 10, False),
        ('$x = "abc', "TerminatorExpectedAtEndOfString",
         'The string is missing the terminator: ".', 1, 6, True),
        ("$x = 'abc\ndef", "TerminatorExpectedAtEndOfString",
         "The string is missing the terminator: '.", 1, 6, True),
        ('$x = @"\nabc', "TerminatorExpectedAtEndOfString",
         'The string is missing the terminator: "@.', 1, 6, True),
        ("$x = @'\nabc\n  '@", "WhitespaceBeforeHereStringFooter",
         "White space is not allowed before the string terminator.", 3, 1, False),
        ("$x = @'abc\n'@", "UnexpectedCharactersAfterHereStringHeader",
         "No characters are allowed after a here-string header but before the end of the line.",
         1, 8, False),
        ("Get-Job }", "UnexpectedToken", "Unexpected token '}' in expression or statement.",
         1, 9, False),
        ("Get-Job )", "UnexpectedToken", "Unexpected token ')' in expression or statement.",
         1, 9, False),
        (";}", "UnexpectedToken", "Unexpected token '}' in expression or statement.", 1, 2, False),
        ("Get-Job { gjb; ) }", "UnexpectedToken",
         "Unexpected token ')' in expression or statement.", 1, 16, False),
        ("$x = 1 $y", "UnexpectedToken", "Unexpected token '$y' in expression or statement.",
         1, 8, False),
        ("$x = 1 -foo 1", "UnexpectedToken",
         "Unexpected token '-foo' in expression or statement.", 1, 8, False),
        ("$x -not 1", "UnexpectedToken", "Unexpected token '-not' in expression or statement.",
         1, 4, False),
        ("Get-Job |", "EmptyPipeElement", "An empty pipe element is not allowed.", 1, 10, True),
        ("Get-Job |\n\n", "EmptyPipeElement", "An empty pipe element is not allowed.", 1, 10, True),
        ("Get-Job | | ft", "EmptyPipeElement", "An empty pipe element is not allowed.",
         1, 10, False),
        ("$x = 1 | ; 2", "EmptyPipeElement", "An empty pipe element is not allowed.", 1, 9, False),
        ("Get-Job | $x", "ExpressionsMustBeFirstInPipeline",
         "Expressions are only allowed as the first element of a pipeline.", 1, 11, False),
        ("Get-Job >", "MissingFileSpecification",
         "Missing file specification after redirection operator.", 1, 10, False),
        ("Get-Job 2> | ft", "MissingFileSpecification",
         "Missing file specification after redirection operator.", 1, 11, False),
        ("Get-Job < in.txt", "RedirectionNotSupported",
         "The '<' operator is reserved for future use.", 1, 9, False),
        ("Get-Job 1>&2", "RedirectionNotSupported",
         "The '1>&2' operator is reserved for future use.", 1, 9, False),
        ("Get-Job 2>x 2>&1", "StreamAlreadyRedirected",
         "The error stream for this command is already redirected.", 1, 13, False),
        # a leading pipe continues a pipeline (PowerShell 7); with none above, an error
        ("| ft", "EmptyPipeElement", "An empty pipe element is not allowed.", 1, 1, False),
        # about_Using: "The using statements must come before any other statements"
        ("'x'; using namespace System.Text", "UsingMustBeAtStartOfScript",
         "A 'using' statement must appear before any other statements in a script.", 1, 6,
         False),
        ("ls\nusing namespace System.Text", "UsingMustBeAtStartOfScript",
         "A 'using' statement must appear before any other statements in a script.", 2, 1,
         False),
        # about_Classes, about_Enum: refused, saying what to use instead
        ("class C {}", "TypeDefinitionNotSupported",
         "rjkernel does not define classes or enums (class C); use [pscustomobject]@{…} for "
         "records and [ValidateSet()] or a hashtable for a fixed set of values.", 1, 1, False),
        ("$x = 1\nenum Stage { Dev }", "TypeDefinitionNotSupported",
         "rjkernel does not define classes or enums (enum Stage); use [pscustomobject]@{…} "
         "for records and [ValidateSet()] or a hashtable for a fixed set of values.", 2, 1,
         False),
        # about_Hash_Tables: a constant key only once (SemanticChecks, any case)
        ("$h = @{ a = 1; A = 2 }", "DuplicateKeyInHashLiteral",
         "Duplicate keys 'A' are not allowed in hash literals.", 1, 16, False),
        # about_Pipeline_Chain_Operators
        ("Get-Job && | ls", "EmptyPipelineChainElement",
         "A pipeline chain operator must be followed by a pipeline.", 1, 9, False),
        ("Get-Job ||", "EmptyPipelineChainElement",
         "A pipeline chain operator must be followed by a pipeline.", 1, 9, True),
        ("Get-Job & && ls", "BackgroundOperatorInPipelineChain",
         "Background operators can only be used at the end of a pipeline chain.", 1, 11, False),
        ("[ValidateRange(1, 5)]", "UnexpectedAttribute",
         "Unexpected attribute 'ValidateRange'.", 1, 1, True),
        # about_Operators: the ternary operator
        ("$x = $ok ? 1 ; 2", "MissingColonInTernaryExpression",
         "Missing ':' in the ternary expression.", 1, 14, False),
        ("$x = $ok ?", "ExpectedValueExpression",
         "You must provide a value expression following the '?' operator.", 1, 11, True),
        ("$a = 1,", "MissingExpressionAfterToken", "Missing expression after ','.", 1, 8, True),
        ("$a = 1,\n", "MissingExpressionAfterToken", "Missing expression after ','.", 1, 8, True),
        ("$a = $x.M(1,)", "MissingExpressionAfterToken", "Missing expression after ','.",
         1, 13, False),
        ("Get-Job -Id 1,", "MissingExpression",
         "Missing expression after ',' in pipeline element.", 1, 15, True),
        ("Get-Job ,1", "MissingArgument", "Missing argument in parameter list.", 1, 9, False),
        ("Get-Job -Id:", "ParameterRequiresArgument", "Parameter -Id: requires an argument.",
         1, 9, False),
        ("$x = 1 +", "ExpectedValueExpression",
         "You must provide a value expression following the '+' operator.", 1, 9, True),
        ("$x = 1 -EQ\n", "ExpectedValueExpression",
         "You must provide a value expression following the '-EQ' operator.", 1, 11, True),
        ("$x = 1 + )", "ExpectedValueExpression",
         "You must provide a value expression following the '+' operator.", 1, 9, False),
        ("$x =", "ExpectedValueExpression",
         "You must provide a value expression following the '=' operator.", 1, 5, True),
        ("$x += # nothing", "ExpectedValueExpression",
         "You must provide a value expression following the '+=' operator.", 1, 6, True),
        ("$x = -not", "MissingExpressionAfterOperator",
         "Missing expression after unary operator '-not'.", 1, 10, True),
        ("$h = @{ a = 1", "MissingEndCurlyBrace",
         "Missing closing '}' in statement block or type definition.", 1, 6, True),
        ("$h = @{ a = 1 b = 2 }", "IncompleteHashLiteral", "The hash literal was incomplete.",
         1, 15, False),
        ("$h = @{ a }", "MissingEqualsInHashLiteral",
         "Missing '=' operator after key in hash literal.", 1, 10, False),
        ("$h = @{ a", "MissingEqualsInHashLiteral",
         "Missing '=' operator after key in hash literal.", 1, 10, True),
        ("$h = @{ a = }", "MissingStatementInHashLiteral",
         "Missing statement after '=' in hash literal.", 1, 12, False),
        ("$x[0", "MissingEndSquareBracket", "Missing ']' after array index expression.",
         1, 5, True),
        ("$x[]", "MissingArrayIndexExpression", "Array index expression is missing or not valid.",
         1, 4, False),
        ("$x.Trim(", "MissingEndParenthesisInMethodCall", "Missing ')' in method call.",
         1, 9, True),
        ("$x.Trim(1 2)", "MissingEndParenthesisInMethodCall", "Missing ')' in method call.",
         1, 10, False),
        ("$x. ", "MissingPropertyName", "Missing property name after reference operator.",
         1, 4, True),
        ("[int", "EndSquareBracketExpectedAtEndOfAttribute",
         "Missing ] at end of attribute or type literal.", 1, 1, True),
        ("$x = [1]", "MissingTypename", "Missing type name after '['.", 1, 7, False),
        ("$x = $y::MaxValue", "StaticMemberAccessNotSupported",
         "Static member access ('::') needs a type on its left, as in [datetime]::Now.",
         1, 8, False),
        ("$x = $ + 1", "InvalidVariableReference",
         "Variable reference is not valid. '$' was not followed by a valid variable name "
         "character. Consider using ${} to delimit the name.", 1, 6, False),
        ("${}", "EmptyVariableReference",
         "An empty ${} variable reference was found. A name is required inside the braces.",
         1, 1, False),
        ("$x = ${abc", "IncompleteDollarVariableReference",
         "${variable} reference starting is missing the closing '}'.", 1, 6, True),
        ("$x = @y", "SplattingNotPermitted",
         "The splatting operator '@' cannot be used to reference variables in an expression. "
         "'@y' can be used only as an argument to a command. To reference variables in an "
         "expression use '$y'.", 1, 6, False),
        ("Get-Job @p, 1", "SplattingNotPermittedInArgumentList",
         "Splatted variables like '@p' cannot be part of a comma-separated list of arguments.",
         1, 9, False),
        ("$x = & ", "MissingExpression", "Missing expression after '&' in pipeline element.",
         1, 6, False),
        ("Get-Job `", "IncompleteString", "Incomplete string token.", 1, 9, True),
        ("Get-Job <# open", "MissingTerminatorMultiLineComment",
         "The terminator '#>' is missing from the multiline comment.", 1, 9, True),
        ("Get-Job -Id ((((((((((((((((((((((((((((((((((((((((((((((((((((1",
         "ScriptTooComplicated", "Processing was stopped because the script is too complex.",
         1, 38, False),
    ],
)
def test_errors(
    source: str, error_id: str, message: str, line: int, column: int, incomplete: bool
) -> None:
    raised = error(source)
    record = raised.record
    assert (record.error_id, record.message) == (error_id, message)
    assert record.position is not None
    assert (record.position.line, record.position.column) == (line, column)
    assert raised.incomplete is incomplete
    assert record.category == "ParserError" and record.command == "ParserError"


def test_the_first_error_is_reported() -> None:
    assert error("$x = (1\nGet-Job }").record.error_id == "MissingEndParenthesisInExpression"


def test_missing_brace_underlines_the_opening_brace() -> None:
    position = error("Get-Job\nInvoke-Command -ScriptBlock {\n  ls").record.position
    assert position is not None
    assert (position.line, position.column, position.line_text) == (
        2, 29, "Invoke-Command -ScriptBlock {",
    )


# --------------------------------------------------------------------------- properties

_FRAGMENTS = [
    "Get-Job", "gjb", "Start-Job", "ls", "-Id", "-Id:", " ", " ", "\n", "\n", "\t", "{", "}",
    "(", ")", "[", "]", "$", "$x", "${a", "$(", "@(", "@{", "@x", "'", '"', "@'\n", "\n'@",
    '@"\n', '\n"@', "`", "`\n", "#", "<#", "#>", "|", "||", "&", "&&", ";", ",", ".", "..",
    "=", "+=", "-eq", "-not", "!", "1", "-1", "0x1f", "1.5", ">", ">>", "2>&1", "<", "<<EOF",
    "EOF", "<<-'E'", "if", "then", "fi", "case", "esac", "do", "done", "\\", "a", "\u2013x",
    "?", "??", "??=", "?.", "?[", ":", "-band", "-bnot", "-shl",  # PowerShell 7's operators
]
_SOURCES = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(_FRAGMENTS), max_size=40).map("".join),
)


@settings(max_examples=400, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(_SOURCES)
def test_parse_raises_only_parse_errors_and_keeps_positions_in_bounds(source: str) -> None:
    script = parsed_or_none(source)
    if script is None:
        return
    assert_spans_in(script, source)
    for node in walk(script):
        if isinstance(node, ast.ShellChunk):
            assert node.text == source[node.span.start.offset : node.span.end]
        if isinstance(node, ast.ScriptBlock):
            assert node.text == source[node.body.offset : node.span.end - 1]
            body = parse(source, is_ours=is_ours, start=node.body.offset,
                         end=node.body.offset + len(node.text))
            assert body.source == source


@settings(max_examples=200, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(_SOURCES)
def test_is_complete_always_answers(source: str) -> None:
    status, indent = is_complete(source, is_ours=is_ours)
    assert status in ("complete", "incomplete", "invalid")
    assert indent.strip(" \t") == ""


@pytest.mark.parametrize("space", ["\x1c", "\x85", "\xa0", "\u2028", "\u3000"])
def test_unusual_whitespace_separates_tokens(space: str) -> None:
    assert statements(f"Get-Job{space}-Id{space}1") == ["Get-Job -Id 1"]


@pytest.mark.parametrize(
    "source",
    [
        "Get-Job " + "(Get-Job " * 400 + ")" * 400,
        "$x = " + '"$(' * 400 + "1" + ')"' * 400,
        "$x = " + "@{a=" * 400 + "1" + "}" * 400,
        "$x = " + "[int]" * 1000 + "1",
        "$x = " + "-not " * 1000 + "1",
        "$x = " + "$x[" * 400 + "1" + "]" * 400,
        "Get-Job " + "{ Get-Job " * 400 + "}" * 400,
        "$x = " + "$x.M(" * 400 + "1" + ")" * 400,
        "$x = " + "," * 3000 + "1",
        "Get-Job a" + "$(a" * 400 + ")" * 400,
    ],
)
def test_deep_nesting_is_a_parse_error_not_a_crash(source: str) -> None:
    assert error(source).record.error_id == "ScriptTooComplicated"
    assert is_complete(source, is_ours=is_ours) == ("invalid", "")


@pytest.mark.parametrize(
    "line",
    [
        "$HOME/bin/run.sh --quiet",
        "$EDITOR notes.txt",
        "${PREFIX}/bin/tool",
        "$(which python3) --version",
        "$CMD -v",
        "$x $y",
        "( cd /tmp && make )",
    ],
)
def test_dollar_and_paren_lines_that_read_as_shell(line: str) -> None:
    """A ``$`` or ``(`` line is ours only when what follows reads as PowerShell; shell
    command lines that start with a variable or a subshell stay shell, in a cell and in
    a script block alike."""
    assert [type(s).__name__ for s in parse(line, is_ours=is_ours).statements] == ["ShellChunk"]
    block = parse("Start-Job { " + line + " }", is_ours=is_ours)
    assert [type(s).__name__ for s in block.statements] == ["Pipeline"]


def test_using_statements_may_follow_each_other_and_comments() -> None:
    # about_Using: only other statements may not come before a using statement
    script = parse("# set up\nusing namespace System.Text\nusing namespace System.IO\n'x'",
                   is_ours=is_ours)
    assert [type(s) for s in script.statements] == [
        ast.UsingNamespace, ast.UsingNamespace, ast.Pipeline]
