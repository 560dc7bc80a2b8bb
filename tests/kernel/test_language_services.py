"""Tab completion, Shift-Tab help and is_complete, through the kernel's protocol."""

from __future__ import annotations

import time

import pytest

from tests.fixtures.kernel import KernelDriver

pytestmark = pytest.mark.timeout(120)


def reply_to(k: KernelDriver, msg_id: str) -> dict:
    while True:
        msg = k.kc.get_shell_msg(timeout=30)
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg["content"]


def complete(k: KernelDriver, code: str, cursor: int | None = None) -> dict:
    return reply_to(k, k.kc.complete(code, len(code) if cursor is None else cursor))


def test_cmdlets_and_aliases(local_kernel: KernelDriver) -> None:
    reply = complete(local_kernel, "Receive-J")
    assert reply["matches"] == ["Receive-Job"]
    assert reply["cursor_start"] == 0 and reply["cursor_end"] == 9
    assert "rcjb" in complete(local_kernel, "rc")["matches"]
    assert complete(local_kernel, "$x = Get-Pss")["matches"] == ["Get-PSSession"]


def test_parameters_of_the_current_cmdlet(local_kernel: KernelDriver) -> None:
    reply = complete(local_kernel, "Get-Job -Inc")
    assert reply["matches"] == ["-IncludeChildJob"]
    matches = complete(local_kernel, "Get-Job | Receive-Job -")["matches"]
    assert "-Keep" in matches and "-Wait" in matches and "-ErrorAction" in matches
    assert "-IncludeChildJob" not in matches


def test_variables_and_job_ids_and_states(local_kernel: KernelDriver) -> None:
    k = local_kernel
    k.run("$myjob = Start-Job -Name completer { true }; Wait-Job $myjob | Out-Null")
    assert "$myjob" in complete(k, "$my")["matches"]
    job_id = k.run("$myjob.Id").stdout.strip()
    assert job_id in complete(k, "Receive-Job -Id ")["matches"]
    assert "completer" in complete(k, "Get-Job -Name comp")["matches"]
    assert complete(k, "Get-Job -State Runn")["matches"] == ["Running"]
    reply = complete(k, "Get-Job -Name comp")
    types = reply["metadata"]["_jupyter_types_experimental"]  # the frontend prefers these
    assert {"start": 14, "end": 18, "text": "completer", "type": "value"} in types
    assert [t["text"] for t in types] == reply["matches"]
    assert complete(k, "Get-Job -Na")["metadata"]["_jupyter_types_experimental"] == [
        {"start": 8, "end": 11, "text": "-Name", "type": "parameter"}]


def test_host_names_from_ssh_config(remote_kernel: KernelDriver) -> None:
    matches = complete(remote_kernel, "New-PSSession -ComputerName Serv")["matches"]
    assert {"Server01", "Server02", "Server03"} <= set(matches)


def test_session_names_and_ids(remote_kernel: KernelDriver) -> None:
    k = remote_kernel
    k.run("$named = New-PSSession -ComputerName db01 -Name dbsession")
    assert "dbsession" in complete(k, "Enter-PSSession -Name db")["matches"]
    session_id = k.run("$named.Id").stdout.strip()
    assert session_id in complete(k, "Remove-PSSession -Id ")["matches"]
    k.run("Remove-PSSession $named")


def test_shift_tab_help(local_kernel: KernelDriver) -> None:
    reply = reply_to(local_kernel, local_kernel.kc.inspect("Receive-Job -Keep", 3))
    assert reply["found"]
    text = reply["data"]["text/plain"]
    assert text.startswith("Receive-Job: ")
    assert "Receive-Job [-Job] <Job[]>" in text


def test_is_complete_continues_lines(local_kernel: KernelDriver) -> None:
    k = local_kernel
    reply = reply_to(k, k.kc.is_complete("Invoke-Command -ComputerName web01 -ScriptBlock {"))
    assert reply["status"] == "incomplete" and reply["indent"] == "    "
    assert reply_to(k, k.kc.is_complete("Get-Job"))["status"] == "complete"


def test_long_cells_answer_at_once(local_kernel: KernelDriver) -> None:
    """Completion and help read the cell in linear time: a 100,000-character word used
    to cost minutes (a ``word$`` regex search, quadratic) and held every later request.
    The bound is generous (a loaded 2-core box); the quadratic took over 9 s at 40 k."""
    k = local_kernel
    for code in ("Get-Job " + "a" * 100_000 + " x", "$" + "v" * 100_000 + " $x",
                 "Get-Job " + "a|" * 50_000 + " -Na", "Get-Job " + "'" * 100_001 + " x"):
        started = time.perf_counter()
        complete(k, code)
        reply_to(k, k.kc.inspect(code, len(code)))
        reply_to(k, k.kc.inspect(code, len(code) // 2))
        assert time.perf_counter() - started < 2.0, code[:20]
    named = complete(k, "Get-Job " + "a|" * 50_000 + "Get-Job -Na")
    assert named["matches"] == ["-Name"]
    assert k.run("echo next").stdout == "next\n"
