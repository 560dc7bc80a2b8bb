"""Format-Wide, and the calculated properties of the Format-* cmdlets (Format-Wide
reference page; PowerShell 7.4's WideViewGenerator and OutCommandInner.WideOutputContext;
about_Calculated_Properties)."""

from __future__ import annotations

from tests.display.support import assert_text
from tests.fixtures.runspace import Session

HOSTS = ("$o = 'web01','web02','db01','db02','lb01' | ForEach-Object { "
         "[pscustomobject]@{Name=$_; State='Running'} }")


def row(*values: str, width: int) -> str:
    """A wide row: every column but the last padded to ``width``, one space between."""
    return " ".join(value.ljust(width) for value in values[:-1]) + " " + values[-1] + "\n"


def test_two_columns_share_the_line_and_show_the_name(ps: Session) -> None:
    # 120 cells: ColumnWidthManager gives the two columns 60 and 59 cells.
    ps.run(HOSTS)
    assert_text(ps.run("$o | Format-Wide").stdout,
                "\n" + row("web01", "web02", width=60) + row("db01", "db02", width=60)
                + row("lb01", "", width=60) + "\n")


def test_column_count_and_property(ps: Session) -> None:
    ps.run(HOSTS)
    # 4 columns: 120 - 3 separators = 117 cells, 30 + 29 + 29 + 29.
    assert_text(ps.run("$o | Format-Wide -Column 4").stdout,
                "\n" + "web01".ljust(30) + " " + "web02".ljust(29) + " " + "db01".ljust(29)
                + " db02\n" + "lb01".ljust(30) + " " + " " * 29 + " " + " " * 29 + " \n\n")
    out = ps.run("$o | Select-Object -First 2 | Format-Wide -Property State").stdout
    assert_text(out, "\n" + row("Running", "Running", width=60) + "\n")


def test_autosize_fits_as_many_as_the_longest_value_allows(ps: Session) -> None:
    # ComputeWideViewBestItemsPerRowFit(2, 120): 40 values of 2 cells (and 39 spaces)
    # fit, 41 would not; ColumnWidthManager shares the 120 cells: 3 for the first
    # column, 2 for the others; empty slots are padded like values, the last one not.
    out = ps.run("'a1','b2','c3' | ForEach-Object { [pscustomobject]@{Id=$_} } | "
                 "Format-Wide -AutoSize").stdout
    assert_text(out, "\n" + "a1  b2 c3" + " " * (118 - 9) + "\n\n")


def test_strings_print_as_lines_without_force(ps: Session) -> None:
    # Without -Force a scalar is formatted out of band, as its text.
    assert ps.run("'alpha','beta' | Format-Wide").stdout == "alpha\nbeta\n"
    assert ps.run("Get-Command Format-Wide | ForEach-Object Name").stdout == "Format-Wide\n"


def test_calculated_properties_in_format_cmdlets(ps: Session) -> None:
    # about_Calculated_Properties: Label/Expression, FormatString (aligned by the value
    # before it is formatted: numbers right), Alignment; the same in Format-List/-Wide.
    ps.run("$svc = [pscustomobject]@{Name='web01'; Mem=512.25}, "
           "[pscustomobject]@{Name='db01'; Mem=4096}")
    out = ps.run("$svc | Format-Table Name, @{Label='MemMB'; Expression={$_.Mem}; "
                 "FormatString='N1'}").stdout
    assert_text(out, "\nName    MemMB\n----    -----\nweb01   512.3\ndb01  4,096.0\n\n")
    out = ps.run("$svc | Format-List @{n='Host'; e={$_.Name.ToUpper()}}, Mem").stdout
    assert_text(out, "\nHost : WEB01\nMem  : 512.25\n\nHost : DB01\nMem  : 4096\n\n")
    out = ps.run("$svc | Format-Table @{n='Mem'; e='Mem'; Alignment='Left'}").stdout
    assert_text(out, "\nMem\n---\n512.25\n4096\n\n")
    out = ps.run("$svc | Format-Wide @{e={$_.Name + '!'}}").stdout
    assert_text(out, "\n" + row("web01!", "db01!", width=60) + "\n")
