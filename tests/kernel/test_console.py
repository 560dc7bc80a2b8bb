"""jupyter console, driven through a pseudo-terminal as a user types into it.

``exit`` (and ``quit``, which console users type) at the local prompt closes the
console and its kernel, as PowerShell's console closes on ``exit`` and as IPython asks
its frontends to (the ``ask_exit`` payload); inside an entered session they leave the
session first (about_PSSessions: "To end the interactive session, type Exit-PSSession
or exit").
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect
import pytest

from tests.fixtures.kernel import KernelDriver
from tests.fixtures.sshd import SshdFixture

pytestmark = pytest.mark.timeout(120)


def _console(tmp_path: Path) -> pexpect.spawn:
    return pexpect.spawn(
        sys.executable,
        ["-m", "jupyter_console", "--kernel", "rjkernel", "--simple-prompt"],
        env={**os.environ, "RJKERNEL_STATE_DIR": str(tmp_path / "state")},
        encoding="utf-8", timeout=60, dimensions=(40, 200),
    )


@pytest.mark.parametrize("word", ["exit", "quit", "Exit"])
def test_exit_at_the_local_prompt_closes_the_console(tmp_path: Path, word: str) -> None:
    console = _console(tmp_path)
    try:
        console.expect(r"In \[1\]: ")
        console.sendline("'still here'")
        console.expect("still here")
        console.expect(r"In \[2\]: ")
        console.sendline(word)
        console.expect(pexpect.EOF)
    finally:
        console.close(force=True)
    assert console.exitstatus == 0


def test_ask_exit_payload_only_for_a_leaving_cell(local_kernel: KernelDriver) -> None:
    leave = local_kernel.run("  quit \n")
    assert leave.status == "ok"
    assert leave.reply["payload"] == [{"source": "ask_exit", "keepkernel": False}]
    other = local_kernel.run("$exit = 'quit'; $exit")
    assert other.stdout == "quit\n"
    assert other.reply["payload"] == []


def test_exit_with_a_code_ends_the_cell_never_the_shell(local_kernel: KernelDriver) -> None:
    # about_Language_Keywords (exit), about_Automatic_Variables ($LASTEXITCODE): exit N
    # ends the cell as it ends a script and at a prompt ends the host (ask_exit); the
    # shell never sees it, so the runspace's shell and its variables live on
    k = local_kernel
    k.run("RJ_SHELL_MARK=kept")
    cell = k.run("'before'\nexit 3\n'after'")
    assert (cell.status, cell.stdout, cell.stderr) == ("ok", "before\n", "")
    assert cell.reply["payload"] == [{"source": "ask_exit", "keepkernel": False}]
    assert k.run("$LASTEXITCODE").stdout == "3\n"
    assert k.run("echo $RJ_SHELL_MARK").stdout == "kept\n"
    looped = k.run("foreach ($i in 1..3) { $i; if ($i -eq 2) { exit $i + 5 } }; 'after'")
    assert (looped.status, looped.stdout) == ("ok", "1\n2\n")
    assert k.run("$LASTEXITCODE").stdout == "7\n"


def test_exit_with_a_code_in_an_entered_session_leaves_it(start_kernel,
                                                          sshd: SshdFixture) -> None:
    # about_PSSessions: "To end the interactive session, type Exit-PSSession or exit"
    k = start_kernel(sshd.env)
    assert k.run("Enter-PSSession web02").status == "ok"
    left = k.run("exit 4")
    assert left.status == "ok" and left.reply["payload"] == []  # the console stays
    assert left.stdout.count("PS ") == 1 and not left.stdout.startswith("[web02]")
    assert k.run("$LASTEXITCODE").stdout == "4\n"
