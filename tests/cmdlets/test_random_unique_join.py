"""Get-Random, Get-Unique and Join-String in cells.

References: learn.microsoft.com/powershell/module/microsoft.powershell.utility/get-random,
…/get-unique, …/join-string (PowerShell 7.4); GetRandomCommandBase.cs, GetUnique.cs,
Join-String.cs and GetRandomCommandStrings.resx for the behaviour and texts.
"""

from __future__ import annotations

from rjkernel.values.numbers import Int64
from tests.fixtures.runspace import Session


def test_get_random_numbers(ps: Session) -> None:
    values = ps.value("1..50 | ForEach-Object { Get-Random -Minimum 3 -Maximum 6 }")
    assert set(values) <= {3, 4, 5} and all(type(v) is int for v in values)
    first = ps.value("Get-Random")
    assert type(first) is int and 0 <= first < 2**31 - 1
    assert ps.value("Get-Random -Maximum 1") == 0
    assert isinstance(ps.value("Get-Random -Minimum 1.5 -Maximum 2"), float)
    assert isinstance(ps.value("Get-Random -Minimum 3000000000"), Int64)
    assert isinstance(ps.value("Get-Random -Minimum '1.5' -Maximum '2'"), float)
    assert len(ps.value("Get-Random -Maximum 10 -Count 4")) == 4


def test_get_random_seed_repeats_the_sequence(ps: Session) -> None:
    first = ps.value("@(Get-Random -SetSeed 7 -Maximum 1000; Get-Random -Maximum 1000)")
    again = ps.value("@(Get-Random -SetSeed 7 -Maximum 1000; Get-Random -Maximum 1000)")
    assert first == again


def test_get_random_picks_objects(ps: Session) -> None:
    picked = ps.value("1..10 | Get-Random -Count 3")
    assert len(picked) == 3 and len(set(picked)) == 3 and set(picked) <= set(range(1, 11))
    assert sorted(ps.value("Get-Random -InputObject 1,2,3 -Count 10")) == [1, 2, 3]
    assert sorted(ps.value("1..5 | Get-Random -Shuffle")) == [1, 2, 3, 4, 5]
    assert ps.value("Get-Random -InputObject 'web01'") == "web01"
    assert ps.value("Get-Random 'a','b'") in ("a", "b")  # an array as -Maximum: one of them


def test_get_random_bounds_error(ps: Session) -> None:
    out = ps.run("Get-Random -Minimum 5 -Maximum 5")
    assert out.stderr.startswith("Get-Random: The Minimum value (5) cannot be greater than or "
                                 "equal to the Maximum value (5).")
    assert out.errors[0].fully_qualified_error_id == \
        "MinGreaterThanOrEqualMax,Microsoft.PowerShell.Commands.GetRandomCommand"


def test_get_unique(ps: Session) -> None:
    # Adjacent duplicates only, compared case-sensitively (GetUnique.cs).
    assert ps.value("'a','a','A','b','a' | Get-Unique") == ["a", "A", "b", "a"]
    assert ps.value("'a','a','A','b' | Get-Unique -CaseInsensitive") == ["a", "b"]
    assert ps.value("1,1,2,2,1 | gu") == [1, 2, 1]
    assert ps.value("'b','a','b','a' | Sort-Object | Get-Unique -AsString") == ["a", "b"]
    assert ps.value("1,2,'a','b',3 | Get-Unique -OnType") == [1, "a", 3]


def test_join_string(ps: Session) -> None:
    assert ps.value("1,2,3 | Join-String -Separator ','") == "1,2,3"
    assert ps.value("1,2,3 | Join-String") == "123"
    assert ps.value("'web01','db01' | Join-String -SingleQuote -Separator ', ' "
                    "-OutputPrefix 'Hosts: ' -OutputSuffix '.'") == "Hosts: 'web01', 'db01'."
    assert ps.value("[pscustomobject]@{N='a'}, [pscustomobject]@{N='b'} | "
                    "Join-String -Property N -DoubleQuote -Separator ','") == '"a","b"'
    assert ps.value("1.5, 2 | Join-String -FormatString '{0:N2}' -Separator ' | '") == \
        "1.50 | 2.00"
    assert ps.value("1, 2 | Join-String { $_ * 10 } '-'") == "10-20"
    assert ps.value("Join-String -InputObject 'a','b' -Separator '+'") == "a+b"
    assert ps.value("& { $OFS = ';'; 1, 2 | Join-String }") == "1;2"
    out = ps.run("'a' | Join-String -SingleQuote -DoubleQuote")
    assert out.status == "error" and "Parameter set cannot be resolved" in out.stderr
