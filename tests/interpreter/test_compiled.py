"""What compiling the tree to closures must leave as it was (``interpreter/code.py``).

A node's closures are built once and kept on it, and a parse is remembered by its text
and line rule, so one compiled tree runs again: after other definitions, in other
scopes, over other values, and stopped part-way by break, return or an error. Each
case against the about_ topic that documents the behaviour; ``ps`` is the in-process
engine of ``tests/fixtures/runspace.py``.
"""

from __future__ import annotations

from tests.fixtures.runspace import Session


def lines(ps: Session, code: str) -> list[str]:
    out = ps.run(code)
    assert out.status == "ok", out.stderr
    return out.stdout.splitlines()


def test_the_same_text_parses_anew_once_a_function_names_its_first_word(ps: Session) -> None:
    # the line rule (README): a word that names nothing is a shell line; once a function
    # of that name is defined, the same cell text is PowerShell calling it
    before = ps.run("greet_rjk")
    assert "hello" not in before.stdout
    ps.run("function greet_rjk { 'hello' }")
    assert lines(ps, "greet_rjk") == ["hello"]


def test_a_compiled_body_runs_in_each_call_s_own_scope(ps: Session) -> None:
    # about_Scopes: a function's variables are its own, made afresh on each call
    code = "function twice($n) { $t = $n * 2; $t }\ntwice 1\ntwice 5\n$t"
    assert lines(ps, code) == ["2", "10"]
    assert lines(ps, "foreach ($k in 1..3) { twice $k }") == ["2", "4", "6"]


def test_a_job_state_compares_with_its_name_or_number(ps: Session) -> None:
    # about_Comparison_Operators: the right operand converts to the left one's type,
    # an enum by name ignoring case (-ceq: with case) or by value
    code = ("$j = Start-Job { true }; $null = Wait-Job $j\n"
            "$j.State -eq 'completed'; $j.State -ceq 'completed'; $j.State -ceq 'Completed'\n"
            "$j.State -eq 2; $j.State -eq '2'; $j.State -eq 'Failed'; $j.State -ne 'Running'")
    assert lines(ps, code) == ["True", "False", "True", "True", "True", "False", "True"]


def test_a_job_s_output_member_is_read_from_its_spool(ps: Session) -> None:
    # about_Jobs: $job.Output, and member enumeration over an array of jobs
    code = ("$j = Start-Job { echo out-rjk }; $null = Wait-Job $j\n"
            "$j.Output\n@($j).Output\n\"[$($j.Output)]\"")
    assert lines(ps, code) == ["out-rjk", "out-rjk", "[out-rjk]"]


def test_integer_remainder_takes_the_dividend_s_sign(ps: Session) -> None:
    # about_Arithmetic_Operators: % is .NET's remainder
    assert lines(ps, "7 % 3; -7 % 3; 7 % -3; 2147483647 % 2") == ["1", "-1", "1", "1"]
    out = ps.run("5 % 0")
    assert out.status == "error" and "Attempted to divide by zero." in out.stderr


def test_switch_runs_script_block_conditions_written_or_held(ps: Session) -> None:
    # about_Switch: a condition that is a script block is run with $_ the value
    code = ("$big = { $_ -gt 5 }\n"
            "switch (3, 8) { $big { \"$_ big\" } { $_ -lt 5 } { \"$_ small\" } }")
    assert lines(ps, code) == ["3 small", "8 big"]


def test_output_made_before_break_or_return_is_kept(ps: Session) -> None:
    # about_Break, about_Return: the statements before them have output already
    assert lines(ps, "foreach ($i in 1..5) { if ($i -eq 3) { 'three'; break }; $i }") == [
        "1", "2", "three"]
    code = "function upto2 { foreach ($i in 1..5) { $i; if ($i -eq 2) { return } } }\nupto2"
    assert lines(ps, code) == ["1", "2"]


def test_an_error_ends_its_statement_in_each_pass_not_the_loop(ps: Session) -> None:
    # about_Error_Handling (non-terminating vs. statement-terminating): the loop goes on,
    # and $? tells the statement after it that the one before failed
    out = ps.run("foreach ($i in 1..2) { $x = 1 / 0; \"after $i $?\" }")
    assert out.stdout.splitlines() == ["after 1 False", "after 2 False"]
    assert out.stderr.count("Attempted to divide by zero.") == 2


def test_a_declared_variable_is_checked_by_assignments_compiled_as_plain_calls(
        ps: Session) -> None:
    # about_Functions_Advanced_Parameters (ValidateScript, ValidateRange on variables):
    # every later assignment converts and checks, in a loop's body too
    code = ("[ValidateScript({ $_ -gt 0 })][int]$v = 1\n"
            "foreach ($i in '2', '3') { $v = $i }\n$v; $v.GetType().Name")
    assert lines(ps, code) == ["3", "Int32"]
    out = ps.run("foreach ($i in 1, -1) { $v = $i; \"set $v\" }")
    assert out.stdout.splitlines() == ["set 1", "set 1"]
    assert "The variable cannot be validated because the value -1" in out.stderr
    out = ps.run("[ValidateRange(1, 5)]$r = 1\nfor ($k = 0; $k -lt 9; $k++) { $r++ }\n$r")
    assert out.stdout.splitlines() == ["5"]
    assert out.stderr.count("cannot be validated") == 5


def test_a_validate_script_that_runs_a_command_is_awaited_by_every_assignment(
        ps: Session) -> None:
    # about_Functions_Advanced_Parameters (ValidateScript): the script may run a native
    # command, which waits for the shell; assignments in and out of loops await it
    ps.run("[ValidateScript({ $seen = (echo checked); $_ -gt 0 })]$w = 1")
    assert lines(ps, "foreach ($i in 2, 3) { $w = $i; $n = $w * 2 }\n$w\n$n") == ["3", "6"]
    out = ps.run("$w = -1\n$w")
    assert out.stdout.splitlines() == ["3"]
    assert "The variable cannot be validated because the value -1" in out.stderr
    assert lines(ps, "$k = 0; while ($k -lt 2) { $k++ }; $k") == ["2"]


def test_static_members_in_a_loop_body_plain_and_read_at_the_place(ps: Session) -> None:
    # about_Classes "Static members": [math]'s compile to plain calls; [Environment]'s
    # are read where the statement runs (a shell command), in a body that otherwise
    # never waits, and ::new() builds a fresh object on every pass
    import getpass
    code = ("foreach ($i in 1..3) { [math]::Max($i, 2); [Environment]::UserName }\n"
            "$a = foreach ($i in 1..2) { [System.Text.StringBuilder]::new() }\n"
            "$null = $a[0].Append('x'); $a[1].Length")
    user = getpass.getuser()
    assert lines(ps, code) == ["2", user, "2", user, "3", user, "0"]


def test_where_foreach_and_ref_inside_compiled_loops(ps: Session) -> None:
    # about_Arrays "Where"/"ForEach" run their script block on each pass; about_Ref:
    # [ref]$n in a loop is the loop's variable, written back through .Value
    code = ("$n = 0\nforeach ($i in 1..3) { $box = [ref]$n; $box.Value += $i;"
            " (1..$i).Where({ $_ -gt 1 }).Count; (1..2).ForEach({ $_ * $i })[-1] }\n$n")
    assert lines(ps, code) == ["0", "2", "1", "4", "2", "6", "6"]


def test_exit_inside_a_compiled_if_in_a_loop_keeps_the_output_before_it(ps: Session) -> None:
    # about_Language_Keywords "exit": output written before it stays; the code is
    # $LASTEXITCODE afterwards
    out = ps.run("foreach ($i in 1..5) { if ($i -eq 2) { 'leaving'; exit 7 }; $i }\n'never'")
    assert out.stdout.splitlines() == ["1", "leaving"]
    assert ps.value("$LASTEXITCODE") == 7


def test_a_switch_of_constants_in_a_loop_body_keeps_its_rules(ps: Session) -> None:
    # about_Switch: every matching clause runs, default only when none did; continue
    # goes on with the next value and break leaves the switch (not the loop around it),
    # break label the labelled loop; -Regex sets $Matches
    code = ("foreach ($i in 1..4) { switch ($i, 10) { 1 { 'one'; continue } 10 { 'ten' }"
            " 2 { 'two'; break } default { \"d$_\" } }; \"after$i\" }\n"
            ":outer foreach ($i in 1..3) {"
            " switch ($i) { 2 { 'x'; break outer } default { $i } } }\n"
            "foreach ($n in 'ab1', 'c') { switch -Regex ($n) { '\\d$' { $Matches[0] } 'b' {"
            " 'b too' } } }")
    assert lines(ps, code) == ["one", "ten", "after1", "two", "after2", "d3", "ten", "after3",
                               "d4", "ten", "after4", "1", "x", "1", "b too"]


def test_output_made_before_an_error_in_an_at_once_body_is_not_lost(ps: Session) -> None:
    # about_Try_Catch_Finally: the try block's output up to the error stays, then the
    # catch runs; about_Preference_Variables ($ErrorActionPreference = 'Stop'): the
    # error ends the script after what was written before it — also when the error
    # comes from inside an if or a switch of a loop's body (output handed on at once)
    cases = {
        "try { if ($true) { 'a'; $x = [int]'x'; 'b' } } catch { 'caught' }": ["a", "caught"],
        "try { foreach ($i in 1, 2) { $i; $x = [int]'x' } } catch { 'caught' }": [
            "1", "caught"],
        "try { foreach ($i in 1, 2) { switch ($i) { 1 { 'one'; if ($true) { 'deep';"
        " $x = [int]'x' } } } } } catch { 'caught' }": ["one", "deep", "caught"],
    }
    for code, expected in cases.items():
        assert lines(ps, code) == expected, code
    out = ps.run("$ErrorActionPreference = 'Stop'\n"
                 "if ($true) { 'a'; $x = [int]'x'; 'b' }; 'after'")
    ps.run("$ErrorActionPreference = 'Continue'")
    assert (out.stdout, out.status) == ("a\n", "error")
