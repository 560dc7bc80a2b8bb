"""PSSessions against the suite's real sshd: the session table, failures per host, host
keys, synchronous Invoke-Command fan-out, and jobs that outlive their session."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.fixtures.kernel import Gate, wait_for_file
from tests.fixtures.sshd import SshdFixture

pytestmark = pytest.mark.timeout(240)

SESSION_HEADER = (
    " Id Name            Transport ComputerName    ComputerType    State         "
    "ConfigurationName     Availability"
)


def test_session_table_is_powershells(start_kernel, sshd: SshdFixture) -> None:
    k = start_kernel(sshd.env)
    made = k.run("$s = New-PSSession -ComputerName Server01; $t = New-PSSession Server02; "
                 "Get-PSSession")
    assert made.status == "ok", made.stderr
    text = made.displays[-1]["data"]["text/plain"]
    lines = text.splitlines()
    assert lines[1] == SESSION_HEADER
    assert lines[3] == ("  2 Runspace1       SSH       Server01        RemoteMachine   Opened"
                        "        DefaultShell             Available")
    assert lines[4].startswith("  4 Runspace3       SSH       Server02")
    assert k.run("Remove-PSSession $s; $s.State").stdout == "Closed\n"
    gone = k.run("Get-PSSession -Id 2")
    assert gone.stderr == ("Get-PSSession: The remote session with the session ID 2 is not "
                           "available.\n")


def test_failures_are_per_host_and_never_hang(start_kernel, sshd: SshdFixture) -> None:
    k = start_kernel(sshd.env)
    cell = k.run("Invoke-Command -ComputerName Server01,Dead01,nosuchhost.invalid "
                 "-ScriptBlock { echo answered }")
    assert cell.status == "ok"  # non-terminating per host (ps-semantics §4): shown
    assert cell.stdout == "[Server01] answered\n"
    assert "[Dead01]" in cell.stderr and "Connection refused" in cell.stderr
    assert "[nosuchhost.invalid]" in cell.stderr and "resolve" in cell.stderr
    bad = k.run("Invoke-Command -ComputerName '-oProxyCommand=touch /tmp/rj-pwned' { true }")
    assert bad.stderr.startswith("Invoke-Command: One or more computer names are not valid.")
    assert not Path("/tmp/rj-pwned").exists()
    timed = k.run("New-PSSession -ComputerName Dead01 -ConnectingTimeout 2000; "
                  "$Error[0].FullyQualifiedErrorId")
    assert "PSSessionOpenFailed" in timed.stdout


def test_unknown_and_changed_host_keys_are_refused(start_kernel, sshd: SshdFixture) -> None:
    k = start_kernel(sshd.env)
    unknown = k.run("New-PSSession -ComputerName Stranger01")
    assert unknown.status == "ok"  # PSSessionOpenFailed is non-terminating: shown
    assert re.search(r"SHA256:[A-Za-z0-9+/]{20,}", unknown.stderr)
    assert "ssh-keyscan" in unknown.stderr
    changed = k.run("New-PSSession -ComputerName Changed01")
    assert changed.status == "ok" and "SHA256:" in changed.stderr
    assert k.run("Get-PSSession").text == ""


def test_sync_fan_out_labels_lines_by_host(start_kernel, sshd: SshdFixture) -> None:
    k = start_kernel(sshd.env)
    cell = k.run("Invoke-Command -ComputerName web01,web02 -ScriptBlock { echo a; echo b }")
    lines = sorted(cell.stdout.splitlines())
    assert lines == ["[web01] a", "[web01] b", "[web02] a", "[web02] b"]
    hidden = k.run("Invoke-Command -ComputerName web01,web02 { echo x } -HideComputerName")
    assert hidden.stdout == "x\nx\n"
    captured = k.run("$out = Invoke-Command -ComputerName web01,web02 { echo y }; $out.Count")
    assert captured.stdout == "2\n"


def test_using_and_argument_list(start_kernel, sshd: SshdFixture) -> None:
    k = start_kernel(sshd.env)
    marker = Path("/tmp/rj-using-injected")
    marker.unlink(missing_ok=True)
    # A single-quoted PowerShell string: the $( … ) is text, and must stay text remotely.
    k.run("$s = New-PSSession db01; $word = 'it''s quoted; $(touch /tmp/rj-using-injected) '")
    cell = k.run("Invoke-Command -Session $s { printf '%s|' \"$1\" \"$using:word\" } "
                 "-ArgumentList first")
    assert cell.stdout == "first|it's quoted; $(touch /tmp/rj-using-injected) |", cell.stderr
    assert not marker.exists()


def test_entered_session_keeps_cwd_env_and_exit_status(start_kernel, sshd: SshdFixture) -> None:
    k = start_kernel(sshd.env)
    k.run("Enter-PSSession web02")
    k.run("cd /tmp; export RJ_MARK=kept")
    cell = k.run("echo $RJ_MARK; pwd")
    assert cell.stdout.splitlines()[-2:] == ["kept", "/tmp"]
    assert cell.stdout.splitlines()[0].startswith("[web02]: PS /tmp>")
    k.run("false")
    assert k.run("$?").stdout.splitlines()[-1] == "False"
    k.run("sh -c 'exit 7'")
    assert k.run("$LASTEXITCODE").stdout.splitlines()[-1] == "7"
    exited = k.run("Exit-PSSession")
    assert exited.stdout.count("PS ") == 1 and not exited.stdout.startswith("[web02]")
    assert k.run("$LASTEXITCODE").stdout == "0\n"


def test_jobs_survive_remove_pssession_and_can_be_reached_again(
        start_kernel, sshd: SshdFixture, gates: Gate) -> None:
    k = start_kernel(sshd.env)
    gate = gates(f"{sshd.hosts['Server02'].home}/go")
    k.run("$s = New-PSSession -ComputerName Server02 -Name keeper")
    k.run(f"Invoke-Command -Session $s {{ Start-Job {{ echo before; "
          f"while [ ! -e {gate} ]; do sleep 0.05; done; echo after }} }} | Out-Null")
    removed = k.run("Remove-PSSession $s")
    assert "keep" in removed.stderr and "running on Server02" in removed.stderr
    assert "Connect-PSSession" in removed.stderr
    open(gate, "w").close()
    found = k.run("Get-PSSession -ComputerName Server02 -Name keeper")
    assert "Disconnected" in found.text
    back = k.run("$s2 = Get-PSSession -ComputerName Server02 -Name keeper | Connect-PSSession;"
                 " $s2.State")
    assert back.stdout == "Opened\n", back.stderr
    k.run("Invoke-Command -Session $s2 { Wait-Job -Id 1 } | Out-Null")
    out = k.run("Invoke-Command -Session $s2 { Receive-Job -Id 1 }")
    assert out.stdout == "before\nafter\n"


def test_dropped_connection_jobs_survive_and_are_received_once(
        start_kernel, sshd: SshdFixture, gates: Gate) -> None:
    k = start_kernel(sshd.env)
    host = sshd.hosts["db01"]
    gate = gates(f"{host.home}/go-drop")
    ready = Path(f"{host.home}/ready-drop")
    k.run("$s = New-PSSession -ComputerName db01")
    k.run(f"$j = Invoke-Command -Session $s {{ Start-Job {{ i=1; while [ $i -le 200 ]; do "
          f"echo n$i; i=$((i+1)); done; touch {ready}; "
          f"while [ ! -e {gate} ]; do sleep 0.05; done; "
          f"i=201; while [ $i -le 400 ]; do echo n$i; i=$((i+1)); done }} }}")
    wait_for_file(ready)  # some output is there to receive before the drop
    first = k.run("$part1 = Invoke-Command -Session $s { Receive-Job -Id 1 }; $part1.Count")
    assert int(first.stdout) >= 1
    sshd.drop_connections(host.address)
    broken = k.run("$s.State")
    assert broken.stdout in ("Broken\n", "Opened\n")
    open(gate, "w").close()
    # A command on a session that is reconnecting waits for the reconnection.
    reopened = k.run("Invoke-Command -Session $s { Wait-Job -Id 1 } | Out-Null; $s.State",
                     timeout=120)
    assert reopened.stdout.strip().endswith("Opened"), reopened.text
    k.run("$part2 = Invoke-Command -Session $s { Receive-Job -Id 1 }")
    seen = k.run("(@($part1) + @($part2)) -join ','").stdout.strip().split(",")
    assert seen == [f"n{i}" for i in range(1, 401)]


def test_a_session_with_nothing_left_leaves_no_trace(start_kernel, sshd: SshdFixture) -> None:
    k = start_kernel(sshd.env)
    k.run("$d = New-PSSession -ComputerName Server03 -Name ephemeral; "
          "Invoke-Command -Session $d { Start-Job { true } | Wait-Job | Remove-Job }")
    k.run("Remove-PSSession $d")
    assert "ephemeral" not in k.run("Get-PSSession -ComputerName Server03").text
    k.run("$e = New-PSSession -ComputerName Server03 -Name parked; Disconnect-PSSession $e")
    assert "parked" in k.run("Get-PSSession -ComputerName Server03").text


def test_remote_lines_carry_their_computer(start_kernel, sshd: SshdFixture) -> None:
    k = start_kernel(sshd.env)
    k.run("$lines = Invoke-Command -ComputerName web01,web02 { echo a }")
    names = k.run("$lines | ForEach-Object { $_.PSComputerName } | Sort-Object")
    assert names.stdout == "web01\nweb02\n"
    assert k.run("$lines -join ','").stdout == "a,a\n"  # still plain strings


def test_options_that_change_authentication_are_never_ignored(
        start_kernel, sshd: SshdFixture) -> None:
    """Issue 8 item 6: an open connection to the host does not stand in for another key,
    port or user."""
    k = start_kernel(sshd.env)
    assert k.run("$a = New-PSSession -ComputerName web01").status == "ok"
    missing = k.run(f"New-PSSession -ComputerName web01 -KeyFilePath {sshd.base}/no-such-key")
    # a missing key file is terminating in PowerShell (ResolveProviderAndPath: PathNotFound)
    assert (missing.status, missing.ename) == (
        "error", "PathNotFound,Microsoft.PowerShell.Commands.NewPSSessionCommand")
    assert f"Cannot find path '{sshd.base}/no-such-key' because it does not exist." in \
        missing.stderr
    refused = k.run(f"New-PSSession -ComputerName web01 -KeyFilePath {sshd.base}/host_key_other")
    assert "Permission denied (publickey)" in refused.stderr
    port = k.run("New-PSSession -ComputerName web01 -Port 1")
    assert "port 1: Connection refused" in port.stderr
    user = k.run("New-PSSession -ComputerName web01 -UserName rjnosuchuser")
    assert "rjnosuchuser@127.0.0.14: Permission denied" in user.stderr
    assert k.run("(Get-PSSession).Count").stdout == "1\n"
