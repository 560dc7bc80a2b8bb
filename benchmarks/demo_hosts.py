"""How fast the demo hosts answer: connect+auth, a command, a persistent-shell round trip.

Starts ``python -m rjkernel.demo.hosts`` in a temporary directory (its own process, as
``rjkernel demo`` runs it beside the kernel) and measures it with asyncssh as the client,
through the ssh_config and known_hosts it wrote. Prints medians (min–max) in ms, and the
stream rate for 256 MiB with asyncssh's default cipher and with aes128-gcm.

    .venv/bin/python benchmarks/demo_hosts.py [--rounds N]
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import asyncssh

STREAM_BYTES = 256 << 20


def summary(samples: list[float]) -> str:
    ms = [s * 1000 for s in samples]
    return f"{statistics.median(ms):7.2f} ms  ({min(ms):.2f}–{max(ms):.2f}, n={len(ms)})"


async def timed(action: Callable[[], Awaitable[object]], rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        await action()
        samples.append(time.perf_counter() - start)
    return samples


async def measure(config: Path, rounds: int) -> None:
    def connect(**options: object) -> Awaitable[asyncssh.SSHClientConnection]:
        return asyncssh.connect("Server01", config=[str(config)], **options)

    async def connect_only() -> None:
        conn = await connect()
        conn.close()
        await conn.wait_closed()

    async def connect_and_run() -> None:
        async with await connect() as conn:
            await conn.run("true")

    print("connect+auth           ", summary(await timed(connect_only, rounds)))
    print("connect+auth+`true`    ", summary(await timed(connect_and_run, rounds)))
    async with await connect() as conn:
        print("exec `true`, open conn ", summary(await timed(lambda: conn.run("true"), rounds)))
        shell = await conn.create_process(encoding=None)

        async def shell_round_trip() -> None:
            shell.stdin.write(b"echo x\n")
            await shell.stdout.readline()

        await shell_round_trip()
        samples = await timed(shell_round_trip, rounds * 5)
        print("persistent sh `echo`   ", summary(samples))
        shell.stdin.write_eof()
        await shell.wait()
    for label, options in (("default cipher", {}), ("aes128-gcm", {"encryption_algs": [
        "aes128-gcm@openssh.com"]})):
        async with await connect(**options) as conn:
            start = time.perf_counter()
            process = await conn.create_process(f"head -c {STREAM_BYTES} /dev/zero", encoding=None)
            while await process.stdout.read(1 << 20):
                pass
            await process.wait()
            rate = STREAM_BYTES / (time.perf_counter() - start) / 1e6
            print(f"stream 256 MiB, {label:14}", f"{rate:7.0f} MB/s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as state:
        server = subprocess.Popen(
            [sys.executable, "-m", "rjkernel.demo.hosts", "--dir", state],
            stdout=subprocess.PIPE, text=True,
        )
        try:
            assert server.stdout is not None
            config = Path(server.stdout.readline().strip())
            asyncio.run(measure(config, args.rounds))
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=15)
    return 0


if __name__ == "__main__":
    sys.exit(main())
