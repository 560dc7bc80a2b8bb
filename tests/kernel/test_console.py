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
