"""Issue 10's overheads, each beside its peer measured in the same run.

* ``journal`` — what writing the journal adds to a cell. The engine a kernel uses runs
  an empty cell (``$null``) N times with the journal off and N times with it on,
  interleaved in rounds so drift hits both alike; the figure is the difference of the
  medians, beside the empty cell itself. Then the same through a real rjkernel process
  (jupyter_client round trips; blocks of cells that set ``$RJJournal`` false, then true):
  the cell as a notebook sees it, where the round trip's own noise is larger.

* ``magic`` — ``%rj $null`` in ipykernel's own Python kernel with ``%load_ext rjkernel``,
  beside an empty Python cell (``pass``) in the same kernel, through jupyter_client
  round trips in interleaved blocks: what the magic adds to a cell.

Targets (issue 10): a journal write adds ≤ 0.5 ms to a cell; ``%rj $null`` ≤ 2 ms over
an empty Python cell.

    .venv/bin/python benchmarks/interop.py [journal] [magic] [--cells 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rjkernel.install import KERNEL_NAME, kernelspec_dir
from rjkernel.interpreter.engine import Engine
from rjkernel.journal.store import Journal
from tests.fixtures.kernel import KernelDriver, kernel_env
from tests.fixtures.runspace import RecordingHost


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def engine_cells(cells: int) -> tuple[float, float]:
    """Median ms of an empty cell in the kernel's engine: (journal off, journal on)."""
    state = Path(tempfile.mkdtemp(prefix="rj-bench-journal-"))
    journal = Journal(state / "journal" / "bench.jsonl", notebook="bench.ipynb",
                      kernel_id="bench")
    loop = asyncio.new_event_loop()
    engine = Engine(state_dir=str(state))
    timings: dict[bool, list[float]] = {False: [], True: []}

    async def one(on: bool) -> None:
        engine.runspaces.journal = journal if on else None
        begin = time.perf_counter()
        await engine.execute("$null", RecordingHost())
        timings[on].append(time.perf_counter() - begin)

    async def rounds() -> None:
        for _ in range(cells // 100):
            for on in (False, True):
                for _ in range(100):
                    await one(on)

    loop.run_until_complete(rounds())
    loop.run_until_complete(engine.close())
    loop.close()
    lines = sum(1 for _ in journal.lines())
    assert lines == len(timings[True]), (lines, len(timings[True]))
    return median_ms(timings[False]), median_ms(timings[True])


def kernel_cells(cells: int) -> tuple[float, float]:
    """Median ms of an empty cell through a real kernel: (not written, written), one
    kernel, ``$RJJournal`` toggled between blocks so both see the same process."""
    driver = start_kernel(KERNEL_NAME, {"JPY_SESSION_NAME": "bench.ipynb"})
    try:
        driver.run("$null")
        return kernel_blocks(driver, ("$RJJournal = $false; $null", "$RJJournal = $true; $null"),
                             cells)
    finally:
        driver.stop()


def kernel_blocks(driver: KernelDriver, codes: tuple[str, str], cells: int
                  ) -> tuple[float, float]:
    """Median ms of each code's round trip, run in alternating blocks of 20."""
    timings: dict[str, list[float]] = {code: [] for code in codes}
    for _ in range(max(1, cells // 20)):
        for code in codes:
            for _ in range(20):
                begin = time.perf_counter()
                driver.run(code)
                timings[code].append(time.perf_counter() - begin)
    return median_ms(timings[codes[0]]), median_ms(timings[codes[1]])


def start_kernel(name: str, env: dict[str, str]) -> KernelDriver:
    base = Path(tempfile.mkdtemp(prefix="rj-bench-kernel-"))
    kernelspec_dir(base / "jupyter" / "kernels" / KERNEL_NAME)
    os.environ["JUPYTER_PATH"] = str(base / "jupyter")
    (base / "home").mkdir()
    return KernelDriver.start(kernel_env(base / "home", base / "state", env),
                              cwd=str(base / "home"), kernel_name=name)


def magic(args: argparse.Namespace) -> None:
    driver = start_kernel("python3", {"JPY_SESSION_NAME": "bench.ipynb"})
    try:
        driver.run("%load_ext rjkernel")
        driver.run("%rj $null")  # the engine's first cell imports and starts what it needs
        empty, magic_cell = kernel_blocks(driver, ("pass", "%rj $null"), args.cells // 10)
    finally:
        driver.stop()
    print(f"python kernel: empty cell {empty:.3f} ms, %rj $null {magic_cell:.3f} ms, "
          f"the magic adds {magic_cell - empty:+.3f} ms ({magic_cell / empty:.2f}x)")
    print("target: %rj $null <= 2 ms over an empty Python cell")


def report(title: str, off: float, on: float) -> None:
    print(f"{title}: empty cell {off:.3f} ms, with a journal line {on:.3f} ms, "
          f"journal adds {on - off:+.3f} ms ({on / off:.2f}x)")


def journal(args: argparse.Namespace) -> None:
    report("engine (in the kernel process)", *engine_cells(args.cells))
    report("real kernel, jupyter_client round trip", *kernel_cells(args.cells // 10))
    print("target: a journal write adds <= 0.5 ms to a cell")


SCENARIOS: dict[str, Callable[[argparse.Namespace], Any]] = {"journal": journal,
                                                             "magic": magic}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="*", help=" | ".join(SCENARIOS))
    parser.add_argument("--cells", type=int, default=2000)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}")
    for name in args.scenario or list(SCENARIOS):
        SCENARIOS[name](args)
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
