"""Keyword statements evaluated by a real engine (``ps``: the in-process engine of
``tests/fixtures/runspace.py`` with the local runspace and its real shell), each
against the about_ topic that documents the behaviour."""

from __future__ import annotations

from pathlib import Path

from tests.fixtures.runspace import Session


def lines(ps: Session, code: str) -> list[str]:
    out = ps.run(code)
    assert out.status == "ok", out.stderr
    return out.stdout.splitlines()


# --------------------------------------------------------------------------- literals


def test_bare_strings_and_expressions_output_their_values(ps: Session) -> None:
    # about_Parsing: a line starting with a quote or a number is in expression mode
    assert lines(ps, "'hello, world'") == ["hello, world"]
    assert lines(ps, "$ver = '1.2'; $h = 'web01'\n\"Deploying $ver to $($h)\"") == [
        "Deploying 1.2 to web01"]
    # $( … ) in a string is a PowerShell subexpression, never the shell's
    assert lines(ps, '"sum $(1 + 2), year $((Get-Date).Year -gt 2000)"') == ["sum 3, year True"]
    assert lines(ps, "42\n7 / 2\n-not $false\n!$true") == ["42", "3.5", "True", "False"]
    assert lines(ps, "@'\nhere $x\n'@") == ["here $x"]


def test_a_shell_run_ends_before_the_powershell_after_its_semicolon(ps: Session) -> None:
    out = ps.run("ls /nonexistent_dir_rjk; 'after'")
    assert out.stdout == "after\n"
    assert "nonexistent_dir_rjk" in out.stderr and "after" not in out.stderr


# --------------------------------------------------------------------------- if


def test_if_elseif_else(ps: Session) -> None:
    # about_If
    code = ("foreach ($n in 1, 5, 10) {\n"
            "  if ($n -lt 3) { \"$n small\" } elseif ($n -lt 8) { \"$n medium\" }\n"
            "  else { \"$n large\" }\n}")
    assert lines(ps, code) == ["1 small", "5 medium", "10 large"]
    assert lines(ps, "if ($false) { 'no' }") == []


def test_if_tests_truth_as_powershell_does(ps: Session) -> None:
    # about_Booleans: empty strings, 0, $null and empty arrays are false; an array of
    # one is its element's truth; several objects are true
    code = ("foreach ($v in @('', 0, $null, 'x', 1)) { if ($v) { 'T' } else { 'F' } }\n"
            "if (@()) { 'T' } else { 'F' }\nif (@(0)) { 'T' } else { 'F' }\n"
            "if (@(0, 0)) { 'T' } else { 'F' }")
    assert lines(ps, code) == ["F", "F", "F", "T", "T", "F", "F", "T"]
    assert lines(ps, "if ($found = 'web01') { \"got $found\" }") == ["got web01"]


def test_a_statement_value_can_be_assigned(ps: Session) -> None:
    # about_Assignment_Operators: the value of a statement is its output
    assert ps.value("if ($true) { 'a' } else { 'b' }") == "a"
    assert ps.value("foreach ($i in 1..3) { $i * 10 }") == [10, 20, 30]
    assert ps.value("foreach ($i in 1..3) { }") is None


# --------------------------------------------------------------------------- loops


def test_foreach(ps: Session) -> None:
    # about_Foreach: each item in turn; the variable keeps the last one afterwards
    assert lines(ps, "foreach ($h in 'web01', 'web02') { \"ping $h\" }\n$h") == [
        "ping web01", "ping web02", "web02"]
    assert lines(ps, "foreach ($x in $null) { 'never' }") == []
    assert lines(ps, "foreach ($x in 'one') { \"got $x\" }") == ["got one"]
    assert lines(ps, "foreach ($x in Write-Output a b) { $x.ToUpper() }") == ["A", "B"]


def test_for(ps: Session) -> None:
    # about_For: init; condition; repeat — any part may be left out
    assert lines(ps, "for ($i = 0; $i -lt 3; $i++) { \"i=$i\" }") == ["i=0", "i=1", "i=2"]
    assert lines(ps, "$j = 0\nfor (;;) { $j++; if ($j -gt 2) { break } }\n$j") == ["3"]
    assert lines(ps, "for ($i = 10\n$i -gt 7\n$i--) { $i }") == ["10", "9", "8"]
    # several assignments in Init and Repeat; their output is dropped
    code = "for (($i = 0), ($j = 0); $i -lt 2; $i++, $j++) { \"$i:$j\" }"
    assert lines(ps, code) == ["0:0", "1:1"]
    assert lines(ps, "for ($($i = 0; $j = 5); $i -lt 2; $i++) { \"$i $j\" }") == ["0 5", "1 5"]


def test_while_and_do(ps: Session) -> None:
    # about_While, about_Do: do runs its body at least once; until loops while false
    assert lines(ps, "$n = 0; while ($n -lt 3) { $n++; $n }") == ["1", "2", "3"]
    assert lines(ps, "$n = 5; do { \"ran $n\" } while ($n -lt 3)") == ["ran 5"]
    assert lines(ps, "$n = 0; do { $n++ } until ($n -ge 4); $n") == ["4"]


def test_a_typed_assignment_converts(ps: Session) -> None:
    # about_Variables: [int]$n = '5' stores the Int32 5
    assert lines(ps, "[int]$n = '5'; $n + 1") == ["6"]


def test_increments(ps: Session) -> None:
    # about_Assignment_Operators: $i++ as a statement outputs nothing, ($i++) the old
    # value; $( … ) holds statements, so $($i++) outputs nothing either
    assert lines(ps, "$i = 5; $i++; ($i++); $i; (++$i); $i--; $i; $($i++)") == [
        "6", "7", "8", "7"]
    assert lines(ps, "$fresh++; $fresh") == ["1"]


# --------------------------------------------------------------------------- break, continue


def test_break_and_continue(ps: Session) -> None:
    # about_Break, about_Continue: the innermost loop unless a label names another
    assert lines(ps, "foreach ($i in 1..5) { if ($i -eq 2) { continue }; if ($i -eq 4) "
                     "{ break }; $i }") == ["1", "3"]
    code = (":outer foreach ($a in 1..3) {\n  foreach ($b in 1..3) {\n"
            "    if ($b -eq 2) { continue outer }\n    if ($a -eq 3) { break outer }\n"
            "    \"$a$b\"\n  }\n}\n'done'")
    assert lines(ps, code) == ["11", "21", "done"]
    assert lines(ps, ":Loop while ($true) { while ($true) { break loop } }; 'out'") == ["out"]


def test_output_before_a_break_or_continue_is_kept(ps: Session) -> None:
    code = ("foreach ($i in 1..4) {\n  $i\n  if ($i -eq 2) { 'skip'; continue }\n"
            "  if ($i -eq 3) { 'found'; break }\n  'end'\n}")
    assert lines(ps, code) == ["1", "end", "2", "skip", "3", "found"]
    code = "foreach ($i in 1..2) { ls -d /tmp; if ($i -eq 1) { 'stop'; break } }"
    assert lines(ps, code) == ["/tmp", "stop"]  # a body that streams (a shell line)
    assert lines(ps, "switch (1, 2) { 1 { 'one'; break } default { 'never' } }") == ["one"]


def test_output_before_an_error_that_ends_the_cell_is_kept(ps: Session) -> None:
    # about_CommonParameters, -ErrorAction Stop: the error ends the script, not what
    # was already output
    out = ps.run("foreach ($i in 1..3) { \"step $i\"; $j = Get-Job -Id 99999 -ErrorAction Stop }")
    assert out.stdout == "step 1\n" and out.status == "error"


def test_break_inside_foreach_object_ends_the_enclosing_loop(ps: Session) -> None:
    # about_Break: break in a pipeline's script block acts on the enclosing loop
    code = "foreach ($round in 1..2) { 1..5 | ForEach-Object { if ($_ -eq 3) { break }; $_ } }"
    assert lines(ps, code) == ["1", "2"]


def test_break_outside_any_loop_ends_the_cell_quietly(ps: Session) -> None:
    out = ps.run("'before'\n1..5 | ForEach-Object { if ($_ -eq 2) { break }; $_ }\n'after'")
    assert out.status == "ok" and out.stdout == "before\n1\n"
    assert lines(ps, "'next cell runs'") == ["next cell runs"]


# --------------------------------------------------------------------------- switch


def test_switch_runs_every_matching_clause(ps: Session) -> None:
    # about_Switch: all matching clauses run; default only when none matched
    code = "switch (3) { 1 { 'one' } 3 { 'three' } { $_ -gt 2 } { 'big' } default { 'dflt' } }"
    assert lines(ps, code) == ["three", "big"]
    assert lines(ps, "switch ('x') { 'y' { 'y' } default { \"default $PSItem\" } }") == [
        "default x"]


def test_switch_on_an_array_tests_each_item(ps: Session) -> None:
    code = "switch (1, 2, 3, 4) { { $_ % 2 } { \"odd $_\"; continue } 4 { 'four'; break } 2 " \
           "{ 'two' } }"
    assert lines(ps, code) == ["odd 1", "two", "odd 3", "four"]
    assert lines(ps, "switch (@()) { default { 'never' } }") == []
    assert lines(ps, "switch ($null) { $null { 'null' } }") == ["null"]


def test_switch_comparisons(ps: Session) -> None:
    # about_Switch: exact (case-insensitive, as text) by default; -CaseSensitive
    assert lines(ps, "switch ('Web01') { 'WEB01' { 'same' } }") == ["same"]
    assert lines(ps, "switch -CaseSensitive ('Web01') { 'WEB01' { 'same' } }") == []
    assert lines(ps, "switch (1) { '1' { 'as text' } }") == ["as text"]
    assert lines(ps, "switch -Wildcard ('web01.lab') { 'web*' { 'web' } '*.lab' { 'lab' } "
                     "'db*' { 'db' } }") == ["web", "lab"]
    assert lines(ps, "switch -Exact ('web*') { 'web*' { 'literal' } }") == ["literal"]


def test_switch_regex_sets_matches(ps: Session) -> None:
    code = ("switch -Regex ('job 42 failed', 'ok') {\n"
            "  'job (?<id>\\d+) (\\w+)' { \"$($Matches.id) $($Matches[1])\" }\n"
            "  '^OK$' { 'fine' }\n}")
    assert lines(ps, code) == ["42 failed", "fine"]
    assert lines(ps, "switch -Regex -CaseSensitive ('ok') { '^OK$' { 'fine' } }") == []


# --------------------------------------------------------------------------- bodies


def test_a_body_follows_the_cell_rule(ps: Session) -> None:
    # shell lines in a body run in the runspace's shell; $using: passes a value in
    out = ps.run("foreach ($f in 'a b', 'c') {\n  echo \"[$using:f]\"\n  \"ps $f\"\n}")
    assert out.stdout.splitlines() == ["[a b]", "ps a b", "[c]", "ps c"]
    assert lines(ps, "if ($true) { cd /tmp }\npwd") == ["/tmp"]


def test_the_call_operator_runs_a_native_command_with_powershell_values(ps: Session
                                                                       ) -> None:
    # about_Operators, call operator &: runs a command named by a string
    assert lines(ps, "foreach ($f in 'a b', 'c') { & printf '[%s]\\n' $f }") == [
        "[a b]", "[c]"]
    assert lines(ps, "$tool = '/bin/echo'; & $tool one") == ["one"]
    out = ps.run("$name = 'Get-Job'; & $name -Id 99999")
    assert out.stderr.startswith("Get-Job: The command cannot find a job with the job ID")
    assert ps.run("& Get-Jobb").errors[0].error_id == "CommandNotFoundException"


def test_an_error_in_a_body_ends_its_statement_not_the_loop(ps: Session) -> None:
    out = ps.run("foreach ($i in 1..2) { Get-Job -Id 99999; \"after $i\" }")
    assert out.stdout.splitlines() == ["after 1", "after 2"]
    assert out.stderr.count("Get-Job: The command cannot find a job with the job ID 99999") == 2
    assert out.status == "ok"  # non-terminating errors: shown, and the cell goes on (issue 7)


# --------------------------------------------------------------------------- not found


def test_an_unknown_verb_noun_is_command_not_found(ps: Session) -> None:
    out = ps.run("Get-Jobb")
    assert out.status == "error"
    assert out.stderr.splitlines() == [
        "Get-Jobb: The term 'Get-Jobb' is not recognized as a name of a cmdlet, function, "
        "script file, or executable program.",
        "Check the spelling of the name, or if a path was included, verify that the path "
        "is correct and try again.",
        "  Recommendation: Did you mean Get-Job?",
    ]
    (record,) = out.errors
    assert record.fully_qualified_error_id == "CommandNotFoundException"
    assert record.category == "ObjectNotFound" and record.target == "Get-Jobb"
    assert "sh:" not in ps.run("$x = Invoke-Nothing -Now").stderr
    assert "Did you mean" not in ps.run("Invoke-Nothing").stderr  # nothing close enough
    # the user's functions are known commands, and suggestions
    out = ps.run("function Get-Uptime { 'up' }\nGet-Uptim")
    assert out.stderr.splitlines()[-1] == "  Recommendation: Did you mean Get-Uptime?"


# --------------------------------------------------------------------------- enumerators, -File


def test_foreach_and_switch_enumerators(ps: Session) -> None:
    # about_Automatic_Variables, $foreach and $switch: MoveNext() takes the next value,
    # which the loop then skips; Current is the value it stands on
    assert lines(ps, "foreach ($i in 1..5) {\n"
                     "  if ($i -eq 2) { $null = $foreach.MoveNext(); \"took $($foreach.Current)\" }"
                     "\n  else { $i }\n}") == ["1", "took 3", "4", "5"]
    assert lines(ps, "switch ('--host', 'web01', 'plain') {\n"
                     "  '--host' { $null = $switch.MoveNext(); \"host=$($switch.Current)\" }\n"
                     "  default { \"arg=$_\" }\n}") == ["host=web01", "arg=plain"]
    # an inner loop's enumerator is its own; the outer one's is back after it
    assert lines(ps, "foreach ($a in 1, 2) { foreach ($b in 'x') { $foreach.Current }\n"
                     "  $foreach.Current }\n$null -eq $foreach") == ["x", "1", "x", "2", "True"]


def test_switch_file_reads_the_lines_of_a_file(ps: Session, tmp_path: Path) -> None:
    # about_Switch, -File: each line of the file is a value (\n, \r\n and \r end lines)
    path = tmp_path / "hosts.txt"
    path.write_bytes(b"web01\r\ndb01\n\nweb02")
    code = (f"switch -Wildcard -File {path} {{ 'web*' {{ \"web $_\" }} '' {{ 'blank' }}"
            " default { \"other $_\" } }")
    assert lines(ps, code) == ["web web01", "other db01", "blank", "web web02"]
    assert lines(ps, f"$p = '{path}'\nswitch -Regex -File $p {{ '^db(\\d+)' {{ $Matches[1] }} }}"
                 ) == ["01"]
    out = ps.run(f"switch -File {tmp_path}/missing.txt {{ default {{ $_ }} }}")
    assert out.errors[0].message == f"Cannot find path '{tmp_path}/missing.txt' because it " \
                                    "does not exist."
