"""Where a cmdlet's non-terminating errors go, and how blocks given to Where-Object and
ForEach-Object are read — through a real kernel process.

- ``2> file``, ``2>&1``, ``2>$null`` and ``*>`` take a cmdlet's errors away from the
  host: the cell shows nothing and answers ``ok``, while ``$?`` still says the statement
  failed. ``> $null`` drops output only: the error is still shown.
- ``-ErrorAction SilentlyContinue`` shows nothing, so the cell is not an error either.
- Where-Object/ForEach-Object blocks are PowerShell: a line starting with a string is a
  string, not a shell line (the cell-level line rule does not apply to them).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures.kernel import KernelDriver

pytestmark = pytest.mark.timeout(120)

MISSING = "The command cannot find a job with the job ID 99."


def test_2_redirection_writes_the_error_to_the_file(local_kernel: KernelDriver,
                                                    tmp_path: Path) -> None:
    target = tmp_path / "err.txt"
    cell = local_kernel.run(f"Get-Job -Id 99 2> {target}")
    assert (cell.status, cell.text, cell.stderr) == ("ok", "", "")
    assert MISSING in target.read_text()
    assert local_kernel.run(f"Get-Job -Id 99 2> {target}; $?").stdout == "False\n"


def test_2_to_1_merges_the_error_into_the_output(local_kernel: KernelDriver,
                                                  tmp_path: Path) -> None:
    target = tmp_path / "all.txt"
    cell = local_kernel.run(f"Get-Job -Id 99 2>&1 | Out-File {target}")
    assert (cell.status, cell.stderr) == ("ok", "")
    assert MISSING in target.read_text()


def test_redirection_to_null_discards(local_kernel: KernelDriver) -> None:
    for redirection in ("2>$null", "*> $null"):
        cell = local_kernel.run(f"Get-Job -Id 99 {redirection}; $?")
        assert (cell.status, cell.stdout, cell.stderr) == ("ok", "False\n", ""), redirection
    shown = local_kernel.run("Get-Job -Id 99 > $null")
    # about_Redirection: > moves only output; the non-terminating error still shows
    assert shown.status == "ok" and MISSING in shown.stderr


def test_silently_continue_is_not_a_cell_error(local_kernel: KernelDriver) -> None:
    cell = local_kernel.run("Get-Job -Id 99 -ErrorAction SilentlyContinue; $?")
    assert (cell.status, cell.stdout, cell.stderr) == ("ok", "False\n", "")
    assert MISSING in local_kernel.run("$Error[0]").text


def test_foreach_and_where_blocks_are_powershell(local_kernel: KernelDriver) -> None:
    cell = local_kernel.run('Write-Output a, b | ForEach-Object { "x$_"; "[$($_)]" }')
    assert (cell.status, cell.stdout) == ("ok", "xa\n[a]\nxb\n[b]\n")
    kept = local_kernel.run("Write-Output a, bb | Where-Object { \"$_\".Length -gt 1 }")
    assert kept.stdout == "bb\n"
