"""Select-, Sort-, Group-, Compare-, Measure-Object and Get-Member in an engine, against
PowerShell 7.4's documented behaviour and output (reference pages named per test)."""

from __future__ import annotations

from tests.fixtures.runspace import Session

HOSTS = "$x = 'web01','db01','web02','web01'"


def test_group_object_table(ps: Session) -> None:  # Group-Object, GroupInfo view
    ps.run(HOSTS)
    out = ps.run("$x | Group-Object")
    assert out.stdout == (
        "\n"
        "Count Name                      Group\n"
        "----- ----                      -----\n"
        "    1 db01                      {db01}\n"
        "    2 web01                     {web01, web01}\n"
        "    1 web02                     {web02}\n"
        "\n")
    out = ps.run("$x | Group-Object -NoElement")
    assert out.stdout.splitlines()[1:4] == [
        "Count Name", "----- ----", "    1 db01"]


def test_group_object_as_hashtable(ps: Session) -> None:
    ps.run(HOSTS)
    ps.run("$h = $x | Group-Object -AsHashTable -AsString")
    assert ps.value("$h['web01'].Count") == 2
    assert ps.value("$h.Count") == 3


def test_group_by_property_and_values(ps: Session) -> None:
    ps.run("$o = [pscustomobject]@{N='a';S='Failed'}, [pscustomobject]@{N='b';S='Completed'},"
           " [pscustomobject]@{N='c';S='Failed'}")
    ps.run("$g = $o | Group-Object S")
    assert ps.value("$g[0].Name") == "Completed"     # groups come sorted
    assert ps.value("$g[1].Count") == 2
    assert ps.value("$g[1].Group[1].N") == "c"


def test_sort_object(ps: Session) -> None:  # Sort-Object
    ps.run(HOSTS)
    assert ps.run("$x | Sort-Object -Unique").stdout == "db01\nweb01\nweb02\n"
    assert ps.run("$x | Sort-Object -Descending").stdout == "web02\nweb01\nweb01\ndb01\n"
    ps.run("$o = [pscustomobject]@{N='a';V=10}, [pscustomobject]@{N='b';V=9},"
           " [pscustomobject]@{N='c';V=10}")
    out = ps.run("$o | Sort-Object @{e='V'; d=$true}, N | ForEach-Object N")
    assert out.stdout == "a\nc\nb\n"
    assert ps.run("$o | Sort-Object V -Top 1 | ForEach-Object N").stdout == "b\n"


def test_select_object_first_last_skip_unique(ps: Session) -> None:  # Select-Object
    ps.run("$n = 'a','b','c','d','e','f'")
    assert ps.run("$n | Select-Object -First 2 -Skip 1").stdout == "b\nc\n"
    assert ps.run("$n | Select-Object -Last 2 -Skip 1").stdout == "d\ne\n"  # skip from end
    assert ps.run("$n | Select-Object -Index 0, 5").stdout == "a\nf\n"
    assert ps.run("$n | Select-Object -SkipLast 4").stdout == "a\nb\n"
    ps.run("$u = 'a','A','a'")
    assert ps.run("$u | Select-Object -Unique").stdout == "a\nA\n"  # case-sensitive
    assert ps.run("$u | Select-Object -Unique -CaseInsensitive").stdout == "a\n"


def test_select_object_properties(ps: Session) -> None:
    ps.run("$o = [pscustomobject]@{Name='web01'; Cpu=3; Mem=5}")
    out = ps.run("$o | Select-Object -ExcludeProperty Mem")
    assert out.stdout.splitlines()[1] == "Name  Cpu"
    out = ps.run("$o | Select-Object Name, @{n='Load'; e={$_.Cpu * 2}}")
    assert out.stdout.splitlines()[3] == "web01    6"


def test_measure_object_layout(ps: Session) -> None:
    """Measure-Object: PowerShell 7's GenericMeasureInfo list, blank values included."""
    ps.run("$n = 1,2,3,4,5,6,7,8,9,10")
    out = ps.run("$n | Measure-Object -Sum")
    assert out.stdout == (
        "\n"
        "Count             : 10\n"
        "Average           : \n"
        "Sum               : 55\n"
        "Maximum           : \n"
        "Minimum           : \n"
        "StandardDeviation : \n"
        "Property          : \n"
        "\n")
    out = ps.run("$n | Measure-Object -AllStats")
    assert "Average           : 5.5\n" in out.stdout
    assert "StandardDeviation : 3.02765035409749\n"  # G15 in out.stdout
    assert "Maximum           : 10\n" in out.stdout


def test_measure_object_property_and_text(ps: Session) -> None:
    ps.run("$o = [pscustomobject]@{V=2}, [pscustomobject]@{V=4}")
    assert ps.value("($o | Measure-Object V -Average).Average") == 3.0
    assert ps.value("($o | Measure-Object V -Maximum).Property") == "V"
    ps.run("$t = 'one two', 'three'")
    assert ps.value("($t | Measure-Object -Word -Line).Words") == 3
    out = ps.run("$o | Measure-Object V -Sum -Average")
    assert "Property          : V\n" in out.stdout


def test_measure_non_numeric_is_an_error(ps: Session) -> None:
    out = ps.run("$t = 'a'; $t | Measure-Object -Sum")
    assert 'Input object "a" is not numeric.' in out.stderr


def test_compare_object(ps: Session) -> None:  # Compare-Object
    ps.run("$a = 'a','b','c'; $b = 'b','c','d'")
    out = ps.run("Compare-Object $a $b")
    assert out.stdout == (
        "\n"
        "InputObject SideIndicator\n"
        "----------- -------------\n"
        "d           =>\n"
        "a           <=\n"
        "\n")
    out = ps.run("Compare-Object $a $b -IncludeEqual -ExcludeDifferent")
    assert [line.split() for line in out.stdout.splitlines()[3:5]] == [["b", "=="], ["c", "=="]]


def test_get_member(ps: Session) -> None:  # Get-Member
    out = ps.run("$o = [pscustomobject]@{Name='web01'; Count=3}; $o | Get-Member")
    assert out.stdout == (
        "\n"
        "   TypeName: System.Management.Automation.PSCustomObject\n"
        "\n"
        "Name        MemberType   Definition\n"
        "----        ----------   ----------\n"
        "Equals      Method       bool Equals(System.Object obj)\n"
        "GetHashCode Method       int GetHashCode()\n"
        "GetType     Method       type GetType()\n"
        "ToString    Method       string ToString()\n"
        "Count       NoteProperty int Count=3\n"
        "Name        NoteProperty string Name=web01\n"
        "\n")
    out = ps.run("$s = 'x'; $s | Get-Member -Name Length")
    assert "Length Property   int Length {get;}" in out.stdout
    out = ps.run("$d = Get-Date; $d | Get-Member -MemberType Method -Name Add*")
    assert "AddDays" in out.stdout and "   TypeName: System.DateTime" in out.stdout


# ForEach-Object (Microsoft.PowerShell.Core/ForEach-Object, examples 5 and 6): -Begin and
# -End run once around the process blocks, in the caller's scope; of several positional
# blocks the first is begin and, of three or more, the last is end (ForEachObjectCommand).
def test_foreach_object_begin_process_end(ps: Session) -> None:
    out = ps.run("1..5 | Where-Object { $_ -gt 2 } | "
                 "ForEach-Object -Begin { $sum = 0 } -Process { $sum += $_ } -End { \"sum=$sum\" }")
    assert (out.stdout, out.errors) == ("sum=12\n", [])
    assert ps.value("$sum") == 12                       # the caller's scope keeps it
    assert ps.run("1,2 | ForEach-Object -Process { $_ } -End { 'end' }").stdout == "1\n2\nend\n"
    assert ps.run("1,2 | ForEach-Object -Begin { 'b' } -Process { $_ }").stdout == "b\n1\n2\n"


def test_foreach_object_positional_blocks_take_roles(ps: Session) -> None:
    assert ps.run("1,2 | % { 'b' } { \"p$_\" }").stdout == "b\np1\np2\n"
    assert ps.run("1,2 | % { 'b' } { \"p$_\" } { \"q$_\" } { 'e' }").stdout == (
        "b\np1\nq1\np2\nq2\ne\n")
    # -Begin goes first in the list, so of -Process's two blocks the last is the end
    assert ps.run("1,2 | % -Begin { 'B' } -Process { \"a$_\" }, { 'c' }").stdout == (
        "B\na1\na2\nc\n")


def test_foreach_object_without_input_runs_once(ps: Session) -> None:
    assert ps.run("ForEach-Object { 'x' }").stdout == "x\n"
    assert ps.run("@() | ForEach-Object { 'x' } -End { 'e' }").stdout == "e\n"


def test_write_output_no_enumerate_sends_one_array(ps: Session) -> None:
    # Write-Output reference, Example 3: Count 3, and with -NoEnumerate Count 1.
    assert ps.run("(Write-Output 1,2,3 | Measure-Object).Count").stdout == "3\n"
    assert ps.run("(Write-Output 1,2,3 -NoEnumerate | Measure-Object).Count").stdout == "1\n"


def test_an_enum_reads_by_name_in_tostring_groups_and_csv(ps: Session) -> None:
    # Enum.ToString() is the name; Group-Object names a group by the key's text and
    # ConvertTo-Csv writes each field's ToString() (CsvCommands.cs), so a job's State
    # or a date's DayOfWeek groups and exports by name, not as a number.
    ps.run("$s = (Get-Date -Date '2024-01-02').DayOfWeek")
    assert ps.run("$s.ToString()").stdout == "Tuesday\n"
    out = ps.run("[pscustomobject]@{Day=$s}, [pscustomobject]@{Day=$s} | "
                 "Group-Object Day -NoElement").stdout
    assert out == "\nCount Name\n----- ----\n    2 Tuesday\n\n"
    assert ps.run("[pscustomobject]@{Day=$s} | ConvertTo-Csv").stdout == \
        '"Day"\n"Tuesday"\n'


def test_compare_object_refuses_a_null_reference(ps: Session) -> None:
    # Compare-Object reference: -ReferenceObject is mandatory (AllowEmptyCollection, not
    # AllowNull), so a null from an unset variable stops the command with the binder's
    # error instead of comparing against nothing.
    out = ps.run("Compare-Object $nothing @(1)")
    assert out.stderr.startswith("Compare-Object: Cannot bind argument to parameter "
                                 "'ReferenceObject' because it is null.")
    assert out.stdout == ""
    assert ps.run("(Compare-Object @() @(1)).SideIndicator").stdout == "=>\n"


def test_select_object_property_with_expand_property_adds_notes(ps: Session) -> None:
    # Select-Object reference, -ExpandProperty: with -Property, the selected properties
    # are added to each expanded object as NoteProperties.
    out = ps.run("[pscustomobject]@{Name='a'; Inner=[pscustomobject]@{P=1}} | "
                 "Select-Object Name -ExpandProperty Inner").stdout
    assert out == "\nP Name\n- ----\n1 a\n\n"


def test_get_member_of_group_info_spells_its_dotnet_types(ps: Session) -> None:
    # Get-Member shows GroupInfo's real property types (Group-Object reference: Group is
    # a Collection<PSObject>, Values an ArrayList).
    out = ps.run("'a' | Group-Object | Get-Member -MemberType Property").stdout
    assert "Group  Property   System.Collections.ObjectModel.Collection[psobject] Group {get;}\n" \
        in out
    assert "Values Property   System.Collections.ArrayList Values {get;}\n" in out


# ForEach-Object -MemberName (Example "Use ForEach-Object to call a method", about
# ForEachObjectCommand): a property's value, else a method of that name called, with
# -ArgumentList's values when given; a hashtable's key comes first.
def test_foreach_object_member_name_calls_methods(ps: Session) -> None:
    assert ps.run("'a', 'b' | ForEach-Object ToUpper").stdout == "A\nB\n"
    assert ps.run("'web01,db01' | % Split ','").stdout == "web01\ndb01\n"
    assert ps.run("'abc' | % Length").stdout == "3\n"
    assert ps.run("@{ ToUpper = 1 } | % ToUpper").stdout == "1\n"
    out = ps.run("'abc', 'abcdef' | % Substring 4")
    assert out.stdout == "ef\n"
    assert [e.error_id for e in out.errors] == ["MethodInvocationException"]
