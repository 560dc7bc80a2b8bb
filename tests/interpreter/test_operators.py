"""PowerShell 7's operators evaluated by a real engine (``ps``: the in-process engine of
``tests/fixtures/runspace.py``), each against the about_ topic that documents it:
null-coalescing, the ternary and null-conditional operators (about_Operators), the
bitwise operators (about_Arithmetic_Operators) and the pipeline chain operators
(about_Pipeline_Chain_Operators)."""

from __future__ import annotations

from tests.fixtures.runspace import Session


def lines(ps: Session, code: str) -> list[str]:
    out = ps.run(code)
    assert out.status == "ok", out.stderr
    return out.stdout.splitlines()


# --------------------------------------------------------------------------- ?? and ??=


def test_null_coalescing_gives_the_right_side_only_for_null(ps: Session) -> None:
    # about_Operators, "Null-coalescing operator ??": the left side unless it is $null
    assert lines(ps, "$x = $null; $x ?? 'default'") == ["default"]
    assert lines(ps, "$x = 0; $x ?? 'default'\n$x = ''; ($x ?? 'default').Length") == [
        "0", "0"]
    assert lines(ps, "$undefined_rjk ?? 100") == ["100"]
    # the right side is evaluated only when it is needed
    assert lines(ps, "$calls = 0; function Get-Fallback { $script:calls++; 'f' }\n"
                     "'given' ?? (Get-Fallback); $calls") == ["given", "0"]


def test_null_coalescing_binds_looser_than_arithmetic_tighter_than_comparison(
        ps: Session) -> None:
    # PowerShell's grammar: comparison < ?? < additive
    assert lines(ps, "$null ?? 1 + 2") == ["3"]
    assert lines(ps, "$null ?? 1 -eq 2") == ["False"]


def test_null_coalescing_assignment(ps: Session) -> None:
    # about_Assignment_Operators, "??=": assigns only when the variable is $null
    assert lines(ps, "$v = $null; $v ??= 'first'; $v ??= 'second'; $v") == ["first"]
    assert lines(ps, "$retries_rjk ??= 3; $retries_rjk") == ["3"]
    assert lines(ps, "$count = 0; $count ??= 7; $count") == ["0"]
    assert lines(ps, "$h = @{}; $h.port ??= 22; $h['port'] ??= 23; $h.port") == ["22"]


# --------------------------------------------------------------------------- ? :


def test_ternary_operator(ps: Session) -> None:
    # about_Operators, "Ternary operator ? <if-true> : <if-false>"
    assert lines(ps, "$true ? 'a' : 'b'\n(1 -gt 2) ? 'a' : 'b'") == ["a", "b"]
    assert lines(ps, "$n = 5; $n -lt 3 ? 'low' : $n -lt 8 ? 'mid' : 'high'") == ["mid"]
    assert lines(ps, "$state = 'Failed'\n$s = $state -eq 'Completed' ? 'ok' : 'check'; $s"
                 ) == ["check"]
    assert lines(ps, "$up = @()\n$up ?\n  'some' :\n  'none'") == ["none"]


def test_ternary_runs_only_the_chosen_branch(ps: Session) -> None:
    # an unknown command in the other branch is never looked up
    assert lines(ps, "$false ? (Get-Jobbb) : 'fine'") == ["fine"]


# --------------------------------------------------------------------------- ?. ?[]


def test_null_conditional_member_and_index_access(ps: Session) -> None:
    # about_Operators, "Null-conditional operators ?. and ?[]": the name needs braces,
    # as `$j?` would be a variable named `j?`
    assert lines(ps, "$j = $null; ${j}?.State; ${j}?.ToUpper(); ${j}?[0]") == []
    assert lines(ps, "$h = @{ State = 'Running' }; ${h}?.State\n"
                     "$a = 'x', 'y'; ${a}?[1]\n$s = 'abc'; ${s}?.ToUpper()") == [
        "Running", "y", "ABC"]
    out = ps.run("$j = $null; $j.ToUpper()")  # without ?: the usual error
    assert out.errors[0].message == "You cannot call a method on a null-valued expression."


# --------------------------------------------------------------------------- bitwise


def test_bitwise_operators(ps: Session) -> None:
    # about_Arithmetic_Operators, "Bitwise operators"
    assert lines(ps, "6 -band 3; 6 -bor 3; 6 -bxor 3; -bnot 5") == ["2", "7", "5", "-6"]
    assert lines(ps, "1 -shl 4; 256 -shr 2; -16 -shr 2") == ["16", "64", "-4"]
    # Int32 unless an operand is wider; a shift wraps as .NET's does
    assert lines(ps, "1 -shl 31; [long]1 -shl 40; (0x0F -band 0xFF).GetType().Name") == [
        "-2147483648", "1099511627776", "Int32"]
    # -band binds looser than comparisons: 5 -band (4 -eq 4) is 5 -band 1
    assert lines(ps, "5 -band 4 -eq 4; $true -xor $false; $true -xor 1") == [
        "1", "True", "False"]


# --------------------------------------------------------------------------- && ||


def test_pipeline_chains_follow_dollar_question(ps: Session) -> None:
    # about_Pipeline_Chain_Operators: && runs the right pipeline when the left one
    # succeeded, || when it failed
    assert lines(ps, "Write-Output 'First' && Write-Output 'Second'") == ["First", "Second"]
    assert lines(ps, "Write-Output 'First' || Write-Output 'Second'") == ["First"]
    out = ps.run("Write-Error 'Bad' && Write-Output 'Second'")
    assert out.stdout == "" and "Bad" in out.stderr
    out = ps.run("Get-Job -Id 99 && 'yes' || 'no'")
    assert out.stdout == "no\n"
    assert "cannot find a job with the job ID 99" in out.stderr and "sh:" not in out.stderr


def test_pipeline_chain_with_native_commands_on_a_powershell_line(ps: Session) -> None:
    # a native command's exit status is its $? (about_Pipeline_Chain_Operators)
    assert lines(ps, "Write-Output 'a' && false || 'fell back'; $?") == [
        "a", "fell back", "True"]
    assert lines(ps, "Write-Output 'a' && true && 'b'") == ["a", "b"]


def test_a_chain_can_be_assigned_and_a_terminating_error_ends_it(ps: Session) -> None:
    assert lines(ps, "$r = Write-Output 'a' && Write-Output 'b'; $r.Count") == ["2"]
    out = ps.run("Get-Job -Id 99 -ErrorAction Stop && 'no' || 'no either'")
    assert out.status == "error" and out.stdout == ""


# --------------------------------------------------------------------------- ..


def test_range_of_characters(ps: Session) -> None:
    # about_Operators, "Range operator": PowerShell 7 ranges over one-letter strings as
    # [char]; digit strings stay numbers
    assert lines(ps, "'a'..'e' -join ','; 'e'..'c' -join ''; ('a'..'b')[0].GetType().Name") == [
        "a,b,c,d,e", "edc", "Char"]
    assert lines(ps, "'1'..'3' -join ','; 3..1 -join ','") == ["1,2,3", "3,2,1"]


# --------------------------------------------------------------------------- = as a value


def test_an_assignment_has_the_value_it_stored(ps: Session) -> None:
    # about_Assignment_Operators: "$a = $b = 0" assigns both; a parenthesised
    # assignment outputs its value
    assert lines(ps, "$a = $b = 3; \"$a $b\"\n($x = 5)\n$s = ($t = 'v').ToUpper(); $s") == [
        "3 3", "5", "V"]
    assert lines(ps, "$(if ($true) { 'yes' } else { 'no' })") == ["yes"]  # never sh's $( )


# --------------------------------------------------------------------------- PowerShell 7 syntax


def test_a_line_starting_with_a_pipe_continues_the_pipeline(ps: Session) -> None:
    # about_Pipelines (PowerShell 7): a leading | continues the pipeline above, also
    # across a comment line; after a blank line it is PowerShell's parse error (the
    # cell does not run), never a shell's
    assert lines(ps, "1..5\n| Where-Object { $_ -gt 2 }\n  # only big ones\n"
                     "| ForEach-Object { $_ * 10 }") == ["30", "40", "50"]
    out = ps.run("1..2\n\n| ForEach-Object { $_ }")
    assert (out.stdout, out.stderr) == ("", "")
    assert out.errors[0].message == "An empty pipe element is not allowed."


def test_binary_literals(ps: Session) -> None:
    # about_Numeric_Literals: 0b prefixes a binary number (PowerShell 7.0+)
    assert lines(ps, "0b1010; 0b1111 -band 0b0101; 0b1kb") == ["10", "5", "1024"]


# --------------------------------------------------------------------------- $null, @{ }, [ ] =


def test_null_equals_only_null(ps: Session) -> None:
    # about_Comparison_Operators ("Equality operators", $null): 0 and '' are not $null —
    # a runbook's "if ($count -eq $null)" must not take 0 for "missing"; -eq/-ne filter
    # an array's $null elements
    assert lines(ps, "0 -eq $null; '' -eq $null; 0 -ne $null; $null -eq 0; $null -eq $null\n"
                     "$a = 0, $null, '', 1; ($a -eq $null).Count; ($a -ne $null).Count\n"
                     "@(0) -contains $null; $null -in 0, ''") == [
        "False", "False", "True", "False", "True", "1", "3", "False", "False"]


def test_a_computed_hash_key_given_twice_is_an_error(ps: Session) -> None:
    # about_Hash_Tables: keys are unique (case-insensitively) in a literal; a constant
    # key twice is a parse error (tests/language), a computed one fails when it runs
    out = ps.run("$k = 'Name'; $h = @{ $k = 1; name = 2 }")
    assert out.status == "error"
    assert out.errors[0].message == "Duplicate keys 'name' are not allowed in hash literals."
    assert out.errors[0].position is not None and out.errors[0].position.column == 30  # the second


def test_assigning_to_an_element(ps: Session) -> None:
    # about_Arrays: an element by index (negative from the end, a string index
    # converted); past either end is .NET's IndexOutOfRange; a string or $null cannot
    # be indexed into
    assert lines(ps, "$a = 1, 2, 3; $a[0] = 'x'; $a[-1] = 'z'; $a['1'] = 'y'; $a -join ','"
                 ) == ["x,y,z"]
    for cell in ("$a = 1, 2; $a[5] = 1", "$a = 1, 2; $a[-3] = 1"):
        out = ps.run(cell)
        assert (out.stderr, out.status) == (
            "OperationStopped: Index was outside the bounds of the array.\n", "error")
    out = ps.run("$s = 'abc'; $s[0] = 'x'")
    assert out.errors[0].message == 'Unable to index into an object of type "System.String".'
    assert ps.run("$n = $null; $n[0] = 1").errors[0].message == "Cannot index into a null array."
    # in a loop body compiled to plain calls, the error ends that statement only
    out = ps.run("$a = @(0); foreach ($i in 0..1) { $a[$i] = 7; \"$i\" }")
    assert out.stdout.splitlines() == ["0", "1"] and len(out.errors) == 1
# --------------------------------------------------------------------------- . with a computed name


def test_member_access_by_a_computed_name(ps: Session) -> None:
    # about_Operators, "Member-access operator .": the name may be a variable, a
    # string or an expression ($myProcess.$property); methods too
    code = ("$o = [pscustomobject]@{ Name = 'web01'; 'IP Addr' = '10.0.0.1' }\n"
            "$p = 'Name'; $o.$p; $o.'IP Addr'; $o.\"IP Addr\"; $o.('Na' + 'me')\n"
            "Write-Output $o.$p\n"
            "foreach ($c in 'Name', 'IP Addr') { \"$c=$($o.$c)\" }\n"
            "$m = 'ToUpper'; 'abc'.$m()\n"
            "$o.$p = 'db01'; $o.Name\n"
            "$h = @{ b = 2 }; $k = 'b'; $h.$k; $h.\"$k\"\n"
            "$n = $null; ${n}?.$p")
    assert lines(ps, code) == ["web01", "10.0.0.1", "10.0.0.1", "web01", "web01",
                               "Name=web01", "IP Addr=10.0.0.1", "ABC", "db01", "2", "2"]


def test_a_computed_member_name_reads_a_job_stream_and_takes_compound_assignment(
        ps: Session) -> None:
    # about_Operators (member-access operator) with about_Assignment_Operators: the
    # name is worked out when it runs, so $j.$s reads a job's Output as $j.Output does
    code = ("$j = Start-Job { echo hi }; $null = Wait-Job $j; $s = 'Output'; $j.$s\n"
            "$o = [pscustomobject]@{ N = 1 }; $p = 'N'; $o.$p++; $o.$p += 5; $o.N\n"
            "$h = @{}; foreach ($k in 'a', 'b') { $h.$k = $k.ToUpper() }; $h.a + $h.b")
    assert lines(ps, code) == ["hi", "7", "AB"]
