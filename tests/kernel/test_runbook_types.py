"""Static members that describe a machine, through a real kernel and the suite's sshd:
inside a session they answer for the session's host, never for the kernel's machine
(System.Environment, System.IO.Path.GetTempPath read where the statement runs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures.kernel import KernelDriver
from tests.fixtures.sshd import SshdFixture

pytestmark = pytest.mark.timeout(240)


def test_environment_answers_for_the_session_host(remote_kernel: KernelDriver,
                                                  sshd: SshdFixture) -> None:
    k = remote_kernel
    home = sshd.hosts["web01"].home
    k.run("$s = New-PSSession -ComputerName web01")
    remote = k.run("Invoke-Command -Session $s { "
                   "[Environment]::GetEnvironmentVariable('HOME') }")
    assert remote.status == "ok", remote.stderr
    assert remote.stdout == f"{home}\n"
    local = k.run("[Environment]::GetEnvironmentVariable('HOME')")
    assert local.status == "ok", local.stderr
    assert local.stdout.strip() and local.stdout != remote.stdout
    k.run("Invoke-Command -Session $s { $env:RJ_TYPES = 'set-remotely' }")
    again = k.run("Invoke-Command -Session $s { "
                  "[Environment]::GetEnvironmentVariable('RJ_TYPES') }")
    assert again.stdout == "set-remotely\n"


def test_file_members_act_on_the_session_host(remote_kernel: KernelDriver,
                                              sshd: SshdFixture) -> None:
    k = remote_kernel
    home = Path(sshd.hosts["web01"].home)
    name = f"types-{id(k)}.txt"
    k.run("$s = New-PSSession -ComputerName web01")
    out = k.run(f"Invoke-Command -Session $s {{ [System.IO.File]::WriteAllText("
                f"\"$HOME/{name}\", 'remote text') }}")
    assert out.status == "ok", out.stderr
    assert (home / name).read_text() == "remote text"
    back = k.run(f"Invoke-Command -Session $s {{ [IO.File]::ReadAllText(\"$HOME/{name}\") }}")
    assert back.stdout == "remote text\n"
