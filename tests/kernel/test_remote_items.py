"""The file-system cmdlets act where the statement runs: after Enter-PSSession, on the
remote host (about_Remote: "the commands that you type run on the remote computer") —
through a real kernel and the suite's sshd, whose fake host Server01 has its own HOME —
and on this machine again after Exit-PSSession. Also: the default aliases reach the
cmdlets from a frontend (about_Aliases), and ``ls``/``cat`` stay the shell's."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.fixtures.kernel import KernelDriver
from tests.fixtures.sshd import SshdFixture

pytestmark = pytest.mark.timeout(180)


def _lines(stdout: str) -> list[str]:
    """A cell's output without the entered session's prompt line."""
    return [line for line in stdout.splitlines() if "PS " not in line]


def test_item_cmdlets_in_an_entered_session_act_on_the_remote_host(
        remote_kernel: KernelDriver, sshd: SshdFixture) -> None:
    k = remote_kernel
    remote_home = Path(str(sshd.hosts["Server01"].home))
    local_home = Path(k.run("$HOME").stdout.strip())
    assert remote_home != local_home
    assert k.run("Enter-PSSession -ComputerName Server01").status == "ok"
    try:
        cell = k.run("New-Item -ItemType Directory ~/rj-items/logs -Force | Out-Null\n"
                     "Set-Content ~/rj-items/logs/app.log -Value 'started'\n"
                     "Test-Path ~/rj-items/logs/app.log\n"
                     "(Get-ChildItem ~/rj-items -Recurse -File).FullName\n"
                     "(Get-Location).Path")
        assert cell.status == "ok", cell.stderr
        assert _lines(cell.stdout) == [
            "True", f"{remote_home}/rj-items/logs/app.log", str(remote_home)]
        assert (remote_home / "rj-items" / "logs" / "app.log").read_text() == "started\n"
        assert not (local_home / "rj-items").exists()

        cell = k.run("Set-Location ~/rj-items\nResolve-Path -Relative logs/*\n"
                     "Remove-Item logs -Recurse\nTest-Path ~/rj-items/logs\npwd")
        assert cell.status == "ok", cell.stderr
        assert _lines(cell.stdout) == ["./logs/app.log", "False", f"{remote_home}/rj-items"]
        assert not (remote_home / "rj-items" / "logs").exists()

        old = (remote_home / "rj-items" / "old.log")
        old.write_text("")
        os.utime(old, (0, 0))  # 1970: the remote file's time, not a local one, decides
        cell = k.run("Test-Path ~/rj-items/old.log -OlderThan (Get-Date).AddYears(-1)\n"
                     "Test-Path ~/rj-items/old.log -NewerThan (Get-Date).AddYears(-1)")
        assert _lines(cell.stdout) == ["True", "False"]
        assert not (local_home / "rj-items").exists()
        old.unlink()

        cell = k.run("Remove-Item $unset -Recurse")  # never the remote shell's directory
        assert "Cannot bind argument to parameter 'Path' because it is null." in cell.stderr
        assert (remote_home / "rj-items").is_dir()

        cell = k.run("Get-Item ~/rj-items/nope; Get-Content missing.txt")
        assert cell.status == "ok"  # non-terminating errors: the cell still succeeds
        assert cell.stderr.splitlines() == [  # ~ and the location are the remote shell's
            f"Get-Item: Cannot find path '{remote_home}/rj-items/nope' because it does "
            "not exist.",
            f"Get-Content: Cannot find path '{remote_home}/rj-items/missing.txt' because "
            "it does not exist."]
    finally:
        assert k.run("Exit-PSSession").status == "ok"
    assert k.run("Test-Path ~/rj-items").stdout == "False\n"  # this machine again
    (remote_home / "rj-items").rmdir()


def test_aliases_reach_the_cmdlets_and_shell_words_stay_shell(
        local_kernel: KernelDriver, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("one\n")
    cell = local_kernel.run(f"gci {tmp_path} | select -First 1 | % Name")
    assert (cell.status, cell.stdout, cell.stderr) == ("ok", "a.txt\n", "")
    cell = local_kernel.run(f"ls {tmp_path}; cat {tmp_path}/a.txt")
    assert (cell.status, cell.stdout) == ("ok", "a.txt\none\n")
    cell = local_kernel.run("Write-Host -ForegroundColor Green ok")
    assert cell.stdout == "\x1b[92mok\x1b[0m\n"


def test_invoke_command_runs_item_cmdlets_on_the_host(
        remote_kernel: KernelDriver, sshd: SshdFixture) -> None:
    # about_Remote: Invoke-Command runs the block on the remote computer
    remote_home = Path(str(sshd.hosts["Server01"].home))
    (remote_home / "marker.txt").write_text("remote")
    try:
        cell = remote_kernel.run("Invoke-Command -ComputerName Server01 { Test-Path "
                                 "~/marker.txt; (Get-Item ~/marker.txt).FullName }\n"
                                 "Test-Path ~/marker.txt")
        listed = remote_kernel.run("Invoke-Command -ComputerName Server01 { "
                                   "Get-ChildItem ~ -Filter marker.txt }")
    finally:
        (remote_home / "marker.txt").unlink()
    assert cell.status == "ok", cell.stderr
    assert cell.stdout.splitlines() == ["True", f"{remote_home}/marker.txt", "False"]
    assert listed.status == "ok", listed.stderr
    assert f"    Directory: {remote_home}" in listed.text
    assert "marker.txt" in listed.text.splitlines()[-2]
