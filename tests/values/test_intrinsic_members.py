"""The intrinsic members every value has: ``.PSObject`` (Properties, TypeNames,
BaseObject) and ``.PSTypeNames`` (about_Intrinsic_Members), and a regex match's groups
by name (System.Text.RegularExpressions.GroupCollection's string indexer)."""

from __future__ import annotations

from tests.fixtures.runspace import Session


def test_psobject_properties(ps: Session) -> None:
    ps.run("$o = [pscustomobject]@{a=1; b='x'}")
    out = ps.run('$o.PSObject.Properties | ForEach-Object { "$($_.Name)=$($_.Value)" }')
    assert out.stdout == "a=1\nb=x\n"
    assert ps.value("$o.PSObject.Properties.Name") == ["a", "b"]
    assert ps.value("$o.PSObject.Properties['B'].Value") == "x"
    assert ps.value("$o.PSObject.Properties['b'].MemberType") == "NoteProperty"
    assert ps.value("$o.PSObject.Properties['b'].TypeNameOfValue") == "System.String"
    ps.run("$o.PSObject.Properties.Remove('a')")
    assert ps.value("$o.PSObject.Properties.Name") == ["b"]
    assert ps.value("$o.PSObject.BaseObject.b") == "x"
    # .NET objects list their properties as PSProperty members.
    assert ps.value("(Get-Date).PSObject.Properties.Name -contains 'Year'") is True
    # A key of a hashtable still comes first.
    assert ps.value("@{psobject=5}.psobject") == 5


def test_type_names(ps: Session) -> None:
    ps.run("$r = [pscustomobject]@{a=1}; $r.PSObject.TypeNames.Insert(0, 'My.Row')")
    assert ps.value("$r.pstypenames") == [
        "My.Row", "System.Management.Automation.PSCustomObject", "System.Object"]
    assert ps.value("$r").type_names[0] == "My.Row"
    assert ps.value("'abc'.PSObject.TypeNames") == ["System.String", "System.Object"]


def test_match_groups_by_name(ps: Session) -> None:
    ps.run("$m = [regex]::Match('k=v', '(?<key>\\w+)=(?<val>\\w+)')")
    assert ps.value("$m.Groups['key'].Value") == "k"
    assert ps.value("$m.Groups['val'].Value") == "v"
    assert ps.value("$m.Groups[1].Value") == "k"
    assert ps.value("$m.Groups['nosuch']") is None
