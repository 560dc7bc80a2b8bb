"""``[ref]`` (about_Ref): a variable passed by reference to a method's out parameter
(Int32.TryParse, Dictionary`2.TryGetValue) or to a function, and ``.Value``."""

from __future__ import annotations

from tests.fixtures.runspace import Session


def test_try_parse_writes_the_variable(ps: Session) -> None:
    out = ps.run("$n = 5; [int]::TryParse('42', [ref]$n); $n")
    assert out.stdout == "True\n42\n"
    out = ps.run("$n = 5; [int]::TryParse('x', [ref]$n); $n")
    assert out.stdout == "False\n0\n"
    assert ps.run("$d = 0.0; [double]::TryParse('1.5', [ref]$d); $d").stdout == "True\n1.5\n"
    out = ps.run("[int]::TryParse('1', $n)")
    # ExtendedTypeSystem.NonRefArgumentToRefParameter, raised as a MethodException
    assert out.stderr.startswith("MethodException: Argument: '2' should be a "
                                 "System.Management.Automation.PSReference. Use [ref].")
    assert out.errors[0].error_id == "NonRefArgumentToRefParameterMsg"


def test_try_get_value(ps: Session) -> None:
    out = ps.run("$d = [System.Collections.Generic.Dictionary[string,int]]::new(); "
                 "$d['a'] = 3; $v = -1; $d.TryGetValue('a', [ref]$v); $v; "
                 "$d.TryGetValue('b', [ref]$v); $v")
    assert out.stdout == "True\n3\nFalse\n0\n"


def test_ref_values_and_functions(ps: Session) -> None:
    assert ps.run("$r = [ref]5; $r.Value; $r.Value = 7; $r.Value").stdout == "5\n7\n"
    ps.run("function Set-It([ref]$x) { $x.Value = 'set' }; $y = 'orig'; Set-It ([ref]$y)")
    assert ps.value("$y") == "set"
    ps.run("function Bump { param([ref]$c) $c.Value++ }; $count = 1; Bump ([ref]$count)")
    assert ps.value("$count") == 2
    assert ps.value("([ref]1) -is [ref]") is True
