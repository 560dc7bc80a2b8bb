"""Completion and Shift-Tab help on long cells, through a real rjkernel process.

A frontend's ``complete_request`` / ``inspect_request`` round trip (jupyter_client, as
JupyterLab sends them) with the cursor at the end of ``'Get-Job ' + 'a' * N + ' x'``,
for N from 10,000 to 100,000 characters, each beside the peer measured in the same
run: the same request on the short cell ``Get-Job x`` (the kernel's round trip with
nothing to read). Target: ≤ 50 ms at 100 k characters, and linear — the doubling from
50 k to 100 k costs about twice, not four times. Prints medians (min–max) in ms.

    .venv/bin/python benchmarks/language_services.py [--rounds 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rjkernel.install import KERNEL_NAME, kernelspec_dir  # noqa: E402
from tests.fixtures.kernel import KernelDriver, kernel_env  # noqa: E402

SIZES = (10_000, 50_000, 100_000)


def round_trip(k: KernelDriver, send: Callable[[], str]) -> float:
    """Milliseconds from sending a request to its reply."""
    started = time.perf_counter()
    msg_id = send()
    while k.kc.get_shell_msg(timeout=120)["parent_header"].get("msg_id") != msg_id:
        pass
    return (time.perf_counter() - started) * 1000


def measure(k: KernelDriver, cells: dict[str, str], rounds: int
            ) -> dict[tuple[str, str], list[float]]:
    """Round trips per (cell, request kind); the cells take turns in every round, so
    the box's load falls on the long cells and the peer alike."""
    samples: dict[tuple[str, str], list[float]] = {}
    for _ in range(rounds):
        for name, code in cells.items():
            samples.setdefault((name, "complete"), []).append(
                round_trip(k, lambda code=code: k.kc.complete(code, len(code))))
            samples.setdefault((name, "inspect"), []).append(
                round_trip(k, lambda code=code: k.kc.inspect(code, len(code))))
    return samples


def summary(samples: list[float]) -> str:
    return f"{statistics.median(samples):7.2f} ({min(samples):.2f}–{max(samples):.2f})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    rounds = parser.parse_args().rounds
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="rj-services-bench-") as tmp:
        base = Path(tmp)
        kernelspec_dir(base / "jupyter" / "kernels" / KERNEL_NAME)
        os.environ["JUPYTER_PATH"] = str(base / "jupyter")
        (base / "home").mkdir()
        k = KernelDriver.start(kernel_env(base / "home", base / "state"), cwd=str(base))
        try:
            cells = {"peer": "Get-Job x"} | {
                f"N={size:,}": "Get-Job " + "a" * size + " x" for size in SIZES}
            samples = measure(k, cells, rounds)
            for name in list(cells)[1:]:
                for kind in ("complete", "inspect"):
                    figures, peer = samples[name, kind], samples["peer", kind]
                    ratio = statistics.median(figures) / statistics.median(peer)
                    print(f"{kind:8s} {name:9s} {summary(figures)} ms   peer 'Get-Job x' "
                          f"{summary(peer)} ms   ratio {ratio:.2f}×")
        finally:
            k.stop()
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
