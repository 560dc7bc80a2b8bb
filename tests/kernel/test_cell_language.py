"""The cell language through real kernel processes: what a frontend sees of the line
rule, keyword statements and CommandNotFound (reply status, streams, is_complete), and
statement bodies whose shell lines run in an entered session's remote shell (the
suite's sshd)."""

from __future__ import annotations

import pytest

from tests.fixtures.kernel import KernelDriver
from tests.fixtures.sshd import SshdFixture

pytestmark = pytest.mark.timeout(180)


def test_hello_world_is_a_string(local_kernel: KernelDriver) -> None:
    # jupyter_kernel_test's own hello world, and a string with a subexpression
    cell = local_kernel.run("'hello, world'")
    assert (cell.status, cell.stdout, cell.stderr) == ("ok", "hello, world\n", "")
    cell = local_kernel.run('$h = "web01"\n"Deploying 1.2 to $($h.ToUpper())"')
    assert (cell.status, cell.stdout) == ("ok", "Deploying 1.2 to WEB01\n")


def test_a_typo_is_command_not_found_and_the_cell_fails(local_kernel: KernelDriver) -> None:
    cell = local_kernel.run("Get-Jobb")
    assert cell.status == "error"
    assert cell.ename == "CommandNotFoundException"
    assert cell.stderr.startswith(
        "Get-Jobb: The term 'Get-Jobb' is not recognized as a name of a cmdlet, function, "
        "script file, or executable program.\nCheck the spelling of the name")
    assert "Did you mean Get-Job?" in cell.stderr
    assert "sh:" not in cell.stderr


def test_keyword_statements_and_shell_lines_in_their_bodies(local_kernel: KernelDriver
                                                            ) -> None:
    cell = local_kernel.run(
        "$failed = @()\n"
        "foreach ($h in 'web01', 'db01', 'web02') {\n"
        "    if ($h -like 'web*') { echo \"checking $using:h\" } else { $failed += $h }\n"
        "}\n"
        "switch ($failed.Count) { 0 { 'none' } 1 { \"one: $failed\" } default { 'many' } }")
    assert cell.status == "ok", cell.stderr
    assert cell.stdout == "checking web01\nchecking web02\none: db01\n"


def test_the_shell_run_in_a_body_stops_before_powershell(local_kernel: KernelDriver) -> None:
    cell = local_kernel.run("foreach ($i in 1) { ls /nonexistent_dir_rjk; 'after' }")
    assert (cell.status, cell.stdout) == ("ok", "after\n")
    assert "eval" not in cell.stderr + "".join(str(m["content"]) for m in local_kernel.late)


def test_break_outside_a_loop_ends_the_cell_ok(local_kernel: KernelDriver) -> None:
    cell = local_kernel.run("'one'\nbreak\n'two'")
    assert (cell.status, cell.stdout) == ("ok", "one\n")


def test_is_complete_waits_for_open_statements(local_kernel: KernelDriver) -> None:
    k = local_kernel

    def status(code: str) -> tuple[str, str]:
        msg_id = k.kc.is_complete(code)
        while True:
            msg = k.kc.get_shell_msg(timeout=30)
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg["content"]["status"], msg["content"].get("indent", "")

    assert status("foreach ($h in $hosts) {") == ("incomplete", "    ")
    assert status("if ($x) { 1 }\nelse") == ("incomplete", "")
    assert status("do { $n++ }") == ("incomplete", "")
    assert status("while ($n -lt 3) { $n++ }") == ("complete", "")
    assert status("if [ -f /etc/hosts ]; then") == ("incomplete", "    ")


def test_powershell_7_operator_lines_never_reach_the_shell(local_kernel: KernelDriver
                                                         ) -> None:
    # about_Operators (??, ??=, ?:, ?., unary comma, -bnot) and
    # about_Pipeline_Chain_Operators: each line starts as PowerShell and stays so
    k = local_kernel
    cell = k.run("$retries ??= 3\n$retries ?? 0\n$retries -gt 2 ? 'many' : 'few'\n"
                 "$job = $null\n${job}?.State\n,$retries | % { $_.Count }\n-bnot 0\n"
                 "Get-Job -Id 99 && 'yes' || 'no'\n$(if ($retries) { 'set' })")
    assert cell.stdout == "3\nmany\n1\n-1\nno\nset\n"
    assert "cannot find a job with the job ID 99" in cell.stderr
    assert "sh:" not in cell.stderr and "eval" not in cell.stderr
    # on a shell line && stays the shell's
    cell = k.run("echo hi && echo there")
    assert (cell.status, cell.stdout, cell.stderr) == ("ok", "hi\nthere\n", "")


def test_a_loop_in_an_entered_session_runs_its_shell_lines_there(
        remote_kernel: KernelDriver, sshd: SshdFixture) -> None:
    k = remote_kernel
    assert k.run("Enter-PSSession -ComputerName Server01").status == "ok"
    try:
        cell = k.run("for ($i = 1; $i -le 2; $i++) {\n  echo \"$HOME $using:i\"\n}")
        assert cell.status == "ok", cell.stderr
        home = sshd.hosts["Server01"].home
        assert [line for line in cell.stdout.splitlines() if "PS " not in line] == [
            f"{home} 1", f"{home} 2"]
    finally:
        assert k.run("Exit-PSSession").status == "ok"
