"""``$using:`` values reach every kind of block as exactly what they were: one word per
scalar, one word per array element, no word splitting and no glob expansion — over the
suite's real sshd and in real kernel processes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures.kernel import KernelDriver

pytestmark = pytest.mark.timeout(240)

# $v has two spaces and a glob; @arr's second element is a glob. The block runs in a
# directory with files, so a `*` that reached the shell unquoted would list them.
BODY = "cd {dir}; printf '[%s]' $using:v $using:arr \"$using:arr\" \"<$using:v>\""
EXPECTED = "[a  b *][x y][*][x y *][<a  b *>]"


@pytest.fixture
def globbed(tmp_path: Path) -> Path:
    for name in ("file1", "file2"):
        (tmp_path / name).touch()
    return tmp_path


def _body(directory: Path) -> str:
    return BODY.format(dir=directory)


def test_using_in_remote_blocks_is_one_word(remote_kernel: KernelDriver, globbed: Path) -> None:
    k = remote_kernel
    body = _body(globbed)
    k.run("$v = 'a  b *'; $arr = @('x y', '*'); $s = New-PSSession web01")
    session = k.run(f"Invoke-Command -Session $s {{ {body} }}")
    assert session.stdout == EXPECTED, session.stderr
    named = k.run(f"Invoke-Command -ComputerName web02 {{ {body} }} -HideComputerName")
    assert named.stdout == EXPECTED, named.stderr
    as_job = k.run(f"Invoke-Command -ComputerName web02 -AsJob {{ {body} }} | "
                   "Receive-Job -Wait -AutoRemoveJob")
    assert as_job.stdout == EXPECTED, as_job.stderr
    nested = k.run(f"Invoke-Command -Session $s {{ Start-Job {{ {body} }} | "
                   "Receive-Job -Wait -AutoRemoveJob }")
    assert nested.stdout == EXPECTED, nested.stderr
    k.run("Remove-PSSession $s")


def test_using_in_entered_session_and_local_jobs(remote_kernel: KernelDriver,
                                                 globbed: Path) -> None:
    k = remote_kernel
    body = _body(globbed)
    local = k.run(f"$v = 'a  b *'; $arr = @('x y', '*'); Start-Job {{ {body} }} | "
                  "Receive-Job -Wait -AutoRemoveJob")
    assert local.stdout == EXPECTED, local.stderr
    k.run("Enter-PSSession db01")
    k.run("$v = 'a  b *'; $arr = @('x y', '*')")
    entered = k.run(f"Start-Job {{ {body} }} | Receive-Job -Wait -AutoRemoveJob")
    assert entered.stdout.splitlines()[-1] == f"[db01]: {EXPECTED}" or \
        entered.stdout.endswith(EXPECTED), entered.stdout + entered.stderr
    k.run("Exit-PSSession")


def test_null_is_no_word_and_quoted_using_stays_text(remote_kernel: KernelDriver) -> None:
    k = remote_kernel
    cell = k.run("$n = $null; Invoke-Command -ComputerName web01 -HideComputerName "
                 "{ printf '[%s]' start $using:n end '$using:n' }")
    assert cell.stdout == "[start][end][$using:n]", cell.stderr
