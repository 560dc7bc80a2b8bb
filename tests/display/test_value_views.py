"""Views of plain values: alignment by type, dates, time spans, custom objects.

PowerShell's rules: FormatViewGenerator_Table.ComputeDefaultAlignment (right only for
numbers and booleans), DotNetTypes.format.ps1xml (DateTime, TimeSpan views), and
about_Format.ps1xml (4 properties or fewer make a table, more a list).
"""

from __future__ import annotations

from datetime import datetime

from rjkernel.display.formatter import format_default, format_table, render_text
from rjkernel.jobs.states import JobState
from rjkernel.values.objects import PSObject
from tests.fixtures.runspace import Session


def test_enum_state_is_left_aligned_numbers_right() -> None:
    rows = [PSObject([("Id", 1), ("State", JobState.Completed)]),
            PSObject([("Id", 12), ("State", JobState.Failed)])]
    assert render_text(format_table(rows)) == (
        "\n"
        "Id State\n"
        "-- -----\n"
        " 1 Completed\n"
        "12 Failed\n"
        "\n")


def test_dates_print_their_long_text_between_empty_lines() -> None:
    when = datetime(2026, 12, 2, 18, 40, 48)
    assert render_text(format_default([when, when])) == (
        "\nWednesday, December 2, 2026 6:40:48 PM\nWednesday, December 2, 2026 6:40:48 PM\n\n")


def test_dates_in_cells_use_the_culture_text() -> None:
    row = PSObject([("Name", "a"), ("When", datetime(2026, 12, 2, 18, 40, 48))])
    assert render_text(format_default([row])).splitlines()[3] == "a    12/2/2026 6:40:48 PM"


def test_custom_object_table_up_to_four_properties_list_above() -> None:
    four = PSObject([(k, 1) for k in "abcd"])
    five = PSObject([(k, 1) for k in "abcde"])
    assert render_text(format_default([four])).splitlines()[1] == "a b c d"
    assert render_text(format_default([five])).splitlines()[1] == "a : 1"


def test_group_info_lists_in_its_list_views_order(ps: Session) -> None:
    # PowerShellCore.format.ps1xml: GroupInfo's list view is Name, Count, Group, Values;
    # GroupInfoNoElement's Name, Count, Values.
    assert ps.run("'a','b','a' | Group-Object | Select-Object -First 1 | Format-List"
                  ).stdout == "\nName   : a\nCount  : 2\nGroup  : {a, a}\nValues : {a}\n\n"
    assert ps.run("'a' | Group-Object -NoElement | Format-List").stdout == \
        "\nName   : a\nCount  : 1\nValues : {a}\n\n"


def test_a_guid_prints_as_its_guid_table(ps: Session) -> None:
    # DotNetTypes.format.ps1xml: System.Guid's table view has one column, Guid (the
    # ScriptProperty types.ps1xml adds: $this.ToString()); in strings it is its text.
    ps.run("$g = [guid]'9b2a1c4e-0000-4000-8000-000000000001'")
    assert ps.run("$g").stdout == \
        "\nGuid\n----\n9b2a1c4e-0000-4000-8000-000000000001\n\n"
    assert ps.run('$g.Guid; "$g"').stdout == "9b2a1c4e-0000-4000-8000-000000000001\n" * 2


def test_a_regex_prints_its_three_properties(ps: Session) -> None:
    # [regex] has no view: Options, RightToLeft and MatchTimeout make a table; a regex
    # made without a timeout has Regex.InfiniteMatchTimeout, -1 ms.
    assert ps.run("[regex]'a+b'").stdout == (
        "\nOptions RightToLeft MatchTimeout\n------- ----------- ------------\n"
        "None          False -00:00:00.0010000\n\n")
