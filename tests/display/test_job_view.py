"""The Job and PSSession table views, byte for byte (ps-semantics §3.1, §3.2)."""

# PowerShell's tables are up to 115 columns wide; fixtures keep their lines verbatim.
# ruff: noqa: E501

from __future__ import annotations

from rjkernel.display import format_default, format_list, render_text
from rjkernel.jobs.states import JobState
from tests.display.support import (
    JOB_HEADER,
    SNAPSHOT_TYPES,
    FakeJob,
    FakeSession,
    assert_text,
    sample_jobs,
)


def job(**changes: object) -> FakeJob:
    fields: dict[str, object] = {
        "id": 1,
        "name": "Job1",
        "type_name": "BackgroundJob",
        "state": JobState.Running,
        "has_more_data": True,
        "location": "localhost",
        "command": " sleep 60",
    }
    fields.update(changes)
    return FakeJob(**fields)  # type: ignore[arg-type]


def text(*objects: object, width: int = 120) -> str:
    return render_text(format_default(list(objects)), width)


def test_single_job_sample() -> None:
    assert_text(
        text(job()),
        "\n"
        "Id     Name            PSJobTypeName   State         HasMoreData     Location             Command\n"
        "--     ----            -------------   -----         -----------     --------             -------\n"
        "1      Job1            BackgroundJob   Running       True            localhost             sleep 60\n"
        "\n",
    )


def test_include_child_job_sample() -> None:
    assert_text(
        text(sample_jobs()),
        "\n"
        "Id     Name            PSJobTypeName   State         HasMoreData     Location             Command\n"
        "--     ----            -------------   -----         -----------     --------             -------\n"
        "1      Job1            BackgroundJob   Completed     False           localhost             sleep 60\n"
        "2      Job2                            Completed     False           localhost             sleep 60\n"
        "3      Job3            RemoteJob       Failed        True            server01,server02     uname -a\n"
        "4      Job4                            Completed     True            server01              uname -a\n"
        "5      Job5                            Failed        False           server02              uname -a\n"
        "\n",
    )


def test_truncation_examples() -> None:
    row = text(
        job(
            name="nightly-backup-job",
            location="server01,server02,server03",
            command=" uname -a; cat /etc/os-release; df -h ",
        )
    ).split("\n")[3]
    assert_text(
        row,
        "1      nightly-backup… BackgroundJob   Running       True            "
        "server01,server02,s…  uname -a; cat /etc/os-r…",
    )


def test_last_column_keeps_the_value_but_adds_no_padding() -> None:
    # `{ sleep 60 }`: the trailing space is part of the Command, not padding
    assert_text(
        text(job(command=" sleep 60 ")),
        f"\n{JOB_HEADER}1      Job1            BackgroundJob   Running       True            "
        "localhost             sleep 60 \n\n",
    )


def test_command_starting_with_a_newline_shows_only_the_ellipsis() -> None:
    assert_text(
        text(job(command="\n  sleep 60\n")),
        f"\n{JOB_HEADER}1      Job1            BackgroundJob   Running       True            "
        "localhost            …\n\n",
    )


def test_multi_line_command_is_cut_at_the_first_line() -> None:
    row = text(job(command=" echo a\r\n echo b")).split("\n")[3]
    assert row.endswith("localhost             echo a…")


def test_remote_snapshot_gets_a_trailing_pscomputername_column() -> None:
    snapshot = job(
        command=" uname -a; cat /etc/os-release; df -h ",
        type_names=SNAPSHOT_TYPES,
        PSComputerName="S2",
        PSShowComputerName=True,
    )
    assert_text(
        text(snapshot, width=140),
        "\n"
        "Id     Name            PSJobTypeName   State         HasMoreData     Location             "
        "Command                   PSComputerName\n"
        "--     ----            -------------   -----         -----------     --------             "
        "-------                   --------------\n"
        "1      Job1            BackgroundJob   Running       True            localhost            "
        " uname -a; cat /etc/os-r… S2\n"
        "\n",
    )


def test_remote_snapshot_at_120_columns_wraps_the_narrow_header() -> None:
    # 109 fixed cells + 7 separators leave PSComputerName 4 cells (ColumnWidthManager)
    snapshot = job(type_names=SNAPSHOT_TYPES, PSComputerName="web01", PSShowComputerName=True)
    pad = " " * 116
    assert_text(
        text(snapshot),
        "\n"
        "Id     Name            PSJobTypeName   State         HasMoreData     Location             "
        "Command                   PSCo\n"
        f"{pad}mput\n{pad}erNa\n{pad}me\n"
        "--     ----            -------------   -----         -----------     --------             "
        "-------                   ----\n"
        "1      Job1            BackgroundJob   Running       True            localhost            "
        " sleep 60                 web…\n"
        "\n",
    )


def test_hidden_computer_name_adds_no_column() -> None:
    hidden = job(PSComputerName="web01", PSShowComputerName=False)
    assert_text(text(hidden), text(job()))


def test_narrower_screen_shrinks_the_last_column() -> None:
    # 115 cells at 100 wide: Command shrinks from 25 to 10
    assert_text(
        text(job(command=" uname -a; cat /etc/os-release"), width=100),
        f"\n{JOB_HEADER}1      Job1            BackgroundJob   Running       True            "
        "localhost             uname -a…\n\n",
    )


def test_too_narrow_hides_a_column_and_shrinks_the_next() -> None:
    # at 80 wide Command would need -10 cells: hidden; Location shrinks to 11.
    # PowerShell pads the underline and rows of the now-last column (only the
    # declared last column is exempt), but not the label row.
    assert_text(
        text(job(location="server01,server02"), width=80),
        "\n"
        "Id     Name            PSJobTypeName   State         HasMoreData     Location\n"
        "--     ----            -------------   -----         -----------     --------   \n"
        "1      Job1            BackgroundJob   Running       True            server01,s…\n"
        "\n",
    )


def test_very_narrow_screen_wraps_the_header_label() -> None:
    assert_text(
        text(job(type_name="BackgroundJob"), width=30),
        "\n"
        "Id     Name            PSJobTy\n"
        "                       peName\n"
        "--     ----            -------\n"
        "1      Job1            Backgr…\n"
        "\n",
    )


def test_screen_below_five_cells_prints_only_the_frame() -> None:
    assert_text(text(job(), width=4), "\n\n")


def test_booleans_and_states_read_as_words() -> None:
    row = text(job(state=JobState.NotStarted, has_more_data=False)).split("\n")[3]
    assert "NotStarted    False" in row


def test_exit_code_is_not_a_text_column_but_is_listed() -> None:
    failed = job(state=JobState.Failed, exit_code=2)
    assert "ExitCode" not in text(failed)
    assert_text(
        render_text(format_list([failed])),
        "\n"
        "Id            : 1\n"
        "Name          : Job1\n"
        "PSJobTypeName : BackgroundJob\n"
        "State         : Failed\n"
        "HasMoreData   : True\n"
        "Location      : localhost\n"
        "Command       :  sleep 60\n"
        "ExitCode      : 2\n"
        "\n",
    )


def test_pssession_sample() -> None:
    sessions = [
        FakeSession(2, "Runspace1", "server01", "Opened", "Available"),
        FakeSession(4, "Runspace3", "server02", "Broken", "None"),
    ]
    assert_text(
        text(*sessions),
        "\n"
        " Id Name            Transport ComputerName    ComputerType    State         "
        "ConfigurationName     Availability\n"
        " -- ----            --------- ------------    ------------    -----         "
        "-----------------     ------------\n"
        "  2 Runspace1       SSH       server01        RemoteMachine   Opened        "
        "DefaultShell             Available\n"
        "  4 Runspace3       SSH       server02        RemoteMachine   Broken        "
        "DefaultShell                  None\n"
        "\n",
    )


def test_right_aligned_column_keeps_the_tail() -> None:
    row = text(FakeSession(12345, "Runspace12344", "server01", "Opened", "Available"))
    assert row.split("\n")[3].startswith("…45 Runspace12344   SSH")
