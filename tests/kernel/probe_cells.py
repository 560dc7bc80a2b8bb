"""Scratch probe (not committed): run cells from $PROBE_CELLS locally, then entered."""
import os
from pathlib import Path

from tests.fixtures.kernel import KernelDriver
from tests.fixtures.sshd import SshdFixture


def test_probe(remote_kernel: KernelDriver, sshd: SshdFixture) -> None:
    k = remote_kernel
    cells = Path(os.environ["PROBE_CELLS"]).read_text().split("\n----\n")
    where = os.environ.get("PROBE_WHERE", "local,remote").split(",")
    for place in where:
        if place == "remote":
            print("== Enter:", k.run("Enter-PSSession -ComputerName Server01").status)
        for code in cells:
            if not code.strip():
                continue
            c = k.run(code)
            print(f"\n=== [{place}] {code!r} -> {c.status}\n{c.text}", end="")
            print(f"[stderr]{c.stderr!r}" if c.stderr else "")
        if place == "remote":
            print("== Exit:", k.run("Exit-PSSession").status)
