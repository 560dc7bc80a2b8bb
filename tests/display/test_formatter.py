"""Out-Default, Format-Table and Format-List on arbitrary objects."""

# PowerShell's tables are up to 115 columns wide; fixtures keep their lines verbatim.
# ruff: noqa: E501

from __future__ import annotations

from rjkernel.display import (
    Formatter,
    ListDisplay,
    TableDisplay,
    TextDisplay,
    format_default,
    format_list,
    format_table,
    render_text,
)
from rjkernel.display.views import Column
from rjkernel.errors import ErrorRecord
from rjkernel.jobs.states import JobState
from rjkernel.values.objects import Hashtable, PSObject
from tests.display.support import JOB_HEADER, FakeJob, FakeSession, assert_text, sample_jobs


def obj(**props: object) -> PSObject:
    return PSObject(props.items())


def out(*objects: object) -> str:
    return render_text(format_default(list(objects)))


def test_nothing_prints_nothing() -> None:
    assert format_default([]) == []
    assert format_default([None, [None]]) == []
    assert_text(render_text(format_table([])), "")


def test_scalars_print_as_lines() -> None:
    assert_text(
        out("hello", 42, True, 1.5, 2.0, None, JobState.Running, "two\nlines"),
        "hello\n42\nTrue\n1.5\n2\nRunning\ntwo\nlines\n",
    )
    assert [type(d) for d in format_default(["a", "b"])] == [TextDisplay]


def test_arrays_are_enumerated() -> None:
    assert_text(out(["a", ["b", "c"]]), "a\nb\nc\n")


def test_up_to_four_properties_make_an_autosized_table() -> None:
    # numbers, booleans and enums line up right, header included
    assert_text(
        out(obj(Name="web01", Count=3, Up=True), obj(Name="db01", Count=12, Up=False)),
        "\n"
        "Name  Count    Up\n"
        "----  -----    --\n"
        "web01     3  True\n"
        "db01     12 False\n"
        "\n",
    )


def test_five_properties_make_a_list() -> None:
    assert_text(
        out(obj(a=1, b=2, c=3, d=4, LongName=None)),
        "\na        : 1\nb        : 2\nc        : 3\nd        : 4\nLongName : \n\n",
    )


def test_a_property_table_takes_any_later_object() -> None:
    # PowerShell keeps the first object's columns; a missing property is empty, and the
    # right-aligned last column is still padded on its left
    assert_text(
        out(obj(Name="a", Size=1), obj(Other="x"), obj(Name="c")),
        "\nName Size\n---- ----\na       1\n         \nc        \n\n",
    )


def test_a_list_lists_each_object_with_its_own_properties() -> None:
    assert_text(
        out(obj(a=1, b=2, c=3, d=4, e=5), obj(x="y")),
        "\na : 1\nb : 2\nc : 3\nd : 4\ne : 5\n\nx : y\n\n",
    )


def test_hashtable_prints_name_and_value() -> None:
    assert_text(
        out(Hashtable([("a", 1), ("bb", "two")])),
        "\n"
        "Name                           Value\n"
        "----                           -----\n"
        "a                              1\n"
        "bb                             two\n"
        "\n",
    )


def test_hashtable_value_takes_the_rest_of_the_line() -> None:
    line = out(Hashtable([("k", "v" * 100)])).split("\n")[3]
    assert_text(line, "k" + " " * 30 + "v" * 88 + "…")


def test_strings_inside_a_table_print_where_they_arrive() -> None:
    assert_text(
        out(sample_jobs()[0], "done"),
        f"\n{JOB_HEADER}"
        "1      Job1            BackgroundJob   Completed     False           localhost             sleep 60\n"
        "done\n"
        "\n",
    )


def test_another_type_inside_a_view_table_is_a_list_entry() -> None:
    text = out(sample_jobs()[0], FakeSession(2, "Runspace1", "web01", "Opened", "Available"))
    assert text.endswith(
        "sleep 60\n"
        "\n"
        "Id                : 2\n"
        "Name              : Runspace1\n"
        "Transport         : SSH\n"
        "ComputerName      : web01\n"
        "ComputerType      : RemoteMachine\n"
        "State             : Opened\n"
        "ConfigurationName : DefaultShell\n"
        "Availability      : Available\n"
        "\n"
        "\n"
    )
    assert len(format_default([sample_jobs()[0], FakeSession(2, "R", "w", "Opened", "None")])) == 1


def test_strings_before_a_table_are_their_own_display() -> None:
    displays = format_default(["starting", *sample_jobs()[:2]])
    assert [type(d) for d in displays] == [TextDisplay, TableDisplay]
    assert_text(displays[0].text(), "starting\n")


def test_remote_objects_hide_the_show_flag_and_honour_it() -> None:
    remote = obj(Name="x", PSComputerName="web01", RunspaceId="r1", PSShowComputerName=True)
    hidden = obj(Name="x", PSComputerName="web01", RunspaceId="r1", PSShowComputerName=False)
    # four properties counted (like PowerShell) but the flag itself never shows
    assert_text(
        out(remote),
        "\nName PSComputerName RunspaceId\n---- -------------- ----------\nx    web01          r1\n\n",
    )
    assert_text(out(hidden), "\nName RunspaceId\n---- ----------\nx    r1\n\n")


def test_object_with_only_remoting_properties_prints_as_text() -> None:
    bare = obj(PSComputerName="web01")
    assert_text(out(bare), "@{PSComputerName=web01}\n")


def test_cell_values_follow_powershell_tostring() -> None:
    child = FakeJob(2, "Job2", "", JobState.Completed, False, "localhost", " x")
    text = render_text(
        format_list(
            [
                obj(
                    Many=[1, 2, 3, 4, 5],
                    Few=["a", None],
                    Nested=obj(a=1, b=None),
                    Children=[child],
                    Table=Hashtable([("k", 1)]),
                )
            ]
        )
    )
    assert_text(
        text,
        "\n"
        "Many     : {1, 2, 3, 4…}\n"
        "Few      : {a, $null}\n"
        "Nested   : @{a=1; b=}\n"
        "Children : {Job2}\n"
        "Table    : {k}\n"
        "\n",
    )


def test_format_table_properties_with_wildcards_and_unknown_names() -> None:
    assert_text(
        render_text(format_table(sample_jobs()[:2], ["Id", "*Name", "Nope"])),
        "\n"
        "Id Name PSJobTypeName Nope\n"
        "-- ---- ------------- ----\n"
        " 1 Job1 BackgroundJob \n"
        " 2 Job2               \n"
        "\n",
    )


def test_format_table_autosize_on_a_view() -> None:
    assert_text(
        render_text(format_table(sample_jobs()[:3], autosize=True)),
        "\n"
        "Id Name PSJobTypeName State     HasMoreData Location          Command\n"
        "-- ---- ------------- -----     ----------- --------          -------\n"
        "1  Job1 BackgroundJob Completed False       localhost          sleep 60\n"
        "2  Job2               Completed False       localhost          sleep 60\n"
        "3  Job3 RemoteJob     Failed    True        server01,server02  uname -a\n"
        "\n",
    )


def test_format_table_hide_table_headers() -> None:
    assert_text(
        render_text(format_table(sample_jobs()[:1], ["Id", "Name"], hide_headers=True)),
        "\n 1 Job1\n\n",
    )


def test_format_table_wrap_spills_values_onto_more_lines() -> None:
    wide = obj(Name="a", Text="one two three four five")
    assert_text(
        render_text(format_table([wide], [Column("Text", width=9), "Name"], wrap=True)),
        "\nText      Name\n----      ----\none two   a\nthree\nfour five\n\n",
    )


def test_without_wrap_the_same_row_is_cut() -> None:
    wide = obj(Name="a", Text="one two three four five")
    assert_text(
        render_text(format_table([wide], [Column("Text", width=9), "Name"])),
        "\nText      Name\n----      ----\none two … a\n\n",
    )


def test_a_first_column_without_width_autosizes_all_columns() -> None:
    # PowerShell sizes every column from the content then, ignoring given widths
    wide = obj(Name="a", Text="one two three")
    assert_text(
        render_text(format_table([wide], ["Name", Column("Text", width=5)])),
        "\nName Text\n---- ----\na    one two three\n\n",
    )


def test_format_table_calculated_column() -> None:
    doubled = Column("Twice", getter=lambda _o, props: props["n"] * 2)
    assert_text(
        render_text(format_table([obj(n=2)], ["n", doubled])),
        "\nn Twice\n- -----\n2     4\n\n",
    )


def test_format_list_star_and_selection() -> None:
    one = obj(Name="x", Id=1)
    assert_text(render_text(format_list([one], ["*"])), "\nName : x\nId   : 1\n\n")
    assert_text(render_text(format_list([one], ["Id", "Nope"])), "\nId : 1\n\n")


def test_format_list_of_a_hashtable_uses_name_and_value() -> None:
    assert_text(
        render_text(format_list([Hashtable([("a", 1), ("bb", "two")])])),
        "\nName  : a\nValue : 1\n\nName  : bb\nValue : two\n\n",
    )


def test_format_list_multi_line_value_is_indented() -> None:
    assert_text(
        render_text(format_list([obj(Name="x", Script="line1\nline2")])),
        "\nName   : x\nScript : line1\n         line2\n\n",
    )


def test_scalars_pass_format_table_as_text() -> None:
    assert [type(d) for d in format_table(["a", 1])] == [TextDisplay]


def test_formatted_displays_pass_out_default_unchanged() -> None:
    listed = format_list(sample_jobs()[:1])
    displays = format_default([*listed, *sample_jobs()[:1]])
    assert displays[0] is listed[0]
    assert isinstance(displays[0], ListDisplay)
    assert isinstance(displays[1], TableDisplay)


def test_displays_read_live_values() -> None:
    running = FakeJob(1, "Job1", "BackgroundJob", JobState.Running, True, "localhost", " x")
    (table,) = format_default([running])
    running.props["State"] = JobState.Completed
    assert "Completed" in table.text()


def test_an_error_record_in_the_output_prints_in_concise_view() -> None:
    record = ErrorRecord("boom", "JobStateFailed", "InvalidResult", command="Receive-Job")
    assert_text(out(record, "after"), "Receive-Job: boom\nafter\n")


def test_formatter_grows_its_displays_as_objects_arrive() -> None:
    formatter = Formatter()
    formatter.add("starting")
    formatter.add(sample_jobs()[:1])
    (text, table) = formatter.displays
    formatter.add(sample_jobs()[1:3])
    formatter.add("done")
    assert formatter.displays == [text, table]
    assert isinstance(table, TableDisplay)
    assert len(table.rows) == 3
    assert table.text().endswith("uname -a\ndone\n\n")
