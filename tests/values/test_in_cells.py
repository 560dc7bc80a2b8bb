"""Values through the interpreter: assignment keeps arrays, type operators, static
members, script-block replacement (about_Assignment_Operators, about_Type_Operators,
about_Operators — Static member operator, about_Comparison_Operators — Replacement with
a script block)."""

from __future__ import annotations

from datetime import datetime, timedelta

from rjkernel.values.objects import OrderedHashtable
from rjkernel.values.types import TypeValue
from tests.fixtures.runspace import Session


def test_assignment_keeps_an_expressions_array(ps: Session) -> None:
    out = ps.run("$failed = @(); $failed += 'web01'; $failed += 'db01'; $failed.Count")
    assert out.stdout == "2\n"
    assert ps.value("@()") == []
    assert ps.value("@(1)") == [1]
    ps.run("$b = 1, 2; $a = $b")
    assert ps.value("$a") == [1, 2]
    assert ps.value("@{a=1; b=2}.Count") == 2


def test_type_operators(ps: Session) -> None:
    assert ps.value("5 -as [string]") == "5"
    assert ps.value("'x' -as [int]") is None
    assert ps.value("'5' -is [string]") is True
    assert ps.value("5 -isnot [int]") is False
    assert ps.value("@(1) -is [array]") is True
    assert ps.value("5 -is 'int'") is True


def test_static_members(ps: Session) -> None:
    assert isinstance(ps.value("[datetime]::Now"), datetime)
    assert ps.value("[int]::MaxValue") == 2147483647
    assert ps.value("[math]::Round(2.5)") == 2          # banker's rounding
    assert ps.value("[math]::Round(3.14159, 2)") == 3.14
    assert ps.value("[timespan]::FromMinutes(90)") == timedelta(minutes=90)
    assert ps.value("[string]::IsNullOrWhiteSpace(' ')") is True
    assert ps.value("[math]::Clamp(15, 0, 10)") == 10  # System.Math.Clamp
    assert ps.value("[string]::Join(',', @('a', 'b'))") == "a,b"
    out = ps.run("$w = [nosuch]::Now")
    assert out.stderr.startswith("InvalidOperation: Unable to find type [nosuch].")


def test_type_literals_and_casts(ps: Session) -> None:
    assert isinstance(ps.value("[int]"), TypeValue)
    out = ps.run("$t = [int]; $t")
    assert out.stdout.splitlines()[3] == (
        "True     True     Int32                                    System.ValueType")
    ordered = ps.value("[ordered]@{b=1; a=2}")
    assert isinstance(ordered, OrderedHashtable) and list(ordered) == ["b", "a"]
    assert ps.value("([ordered]@{b=1; a=2})[1]") == 2
    assert ps.value("'a1b22' -replace '\\d+', { [string]$_.Value.Length }") == "a1b2"


def test_the_intrinsic_psobject_member(ps: Session) -> None:
    # about_Intrinsic_Members: every value has .PSObject; its Properties are the
    # object's properties as PSPropertyInfo (NoteProperty for a custom object)
    out = ps.run("$o = [pscustomobject]@{ Name = 'web01'; Up = $true }\n"
                 "$o.PSObject.Properties.Name -join ','\n"
                 "foreach ($p in $o.PSObject.Properties) { \"$($p.Name)=$($p.Value)\" }\n"
                 "$o.PSObject.TypeNames[0]; 'abc'.PSObject.BaseObject\n"
                 "(Get-Date).PSObject.Properties.Name -contains 'DayOfWeek'")
    assert out.stdout.splitlines() == [
        "Name,Up", "Name=web01", "Up=True", "System.Management.Automation.PSCustomObject",
        "abc", "True"]
    # displayed as PowerShell lists a PSNoteProperty
    assert ps.run("([pscustomobject]@{ Name = 'web01' }).PSObject.Properties").stdout == (
        "\nValue           : web01\nMemberType      : NoteProperty\nIsSettable      : True\n"
        "IsGettable      : True\nTypeNameOfValue : System.String\nName            : Name\n"
        "IsInstance      : True\n\n")


def test_enum_and_integer_type_names(ps: Session) -> None:
    # System.DayOfWeek (learn.microsoft.com): [DayOfWeek]::Saturday, a cast by name or
    # number; the other integer types a runbook casts to ([uint32], [int16], …).
    assert ps.run("[DayOfWeek]::Saturday; [int][DayOfWeek]::Friday; [System.DayOfWeek]1"
                  ).stdout == "Saturday\n5\nMonday\n"
    assert ps.value("(Get-Date -Date '2024-01-06').DayOfWeek -eq [DayOfWeek]::Saturday") \
        is True
    assert ps.run("[uint32]5; [int16]-3; [byte]255").stdout == "5\n-3\n255\n"
    assert "Int16" in ps.run("[int16]40000").stderr
