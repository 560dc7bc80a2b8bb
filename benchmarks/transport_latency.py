"""Transport latencies against a private OpenSSH sshd on loopback (the test suite's fixture).

Measures, with rjkernel's ConnectionPool and PersistentShell:

* connect + auth (a new connection, key exchange, publickey auth);
* the first command on a new connection: as rjkernel connects (TCP_QUICKACK when
  sshd's hostkeys notice arrives), with plain ``asyncssh.connect`` (sshd's ~40 ms
  delayed-ACK stall), and plain but with a throw-away session channel opened first;
* ``true`` through the persistent shell vs. ``conn.run('true')`` (one exec channel per
  command) vs. a raw persistent ``sh`` with a one-line sentinel (the floor).

Prints medians (min–max) in ms. The sshd runs on the same machine, so every figure
includes sshd's CPU time on the same cores.

    .venv/bin/python benchmarks/transport_latency.py [--rounds N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path

import asyncssh

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rjkernel.transport import ssh
from rjkernel.transport.hosts import parse_host_spec
from tests.fixtures.sshd import start_sshd


def summary(samples: list[float]) -> str:
    ms = [sample * 1000 for sample in samples]
    return f"{statistics.median(ms):7.2f} ms ({min(ms):.2f}–{max(ms):.2f})"


async def timed(action: Callable[[], Awaitable[object]]) -> float:
    started = time.perf_counter()
    await action()
    return time.perf_counter() - started


async def connect_and_first(
    rounds: int, *, plain: bool, warm_channel: bool
) -> tuple[list[float], list[float]]:
    """(connect+auth times, first-command times) over ``rounds`` new connections.

    ``plain`` connects with bare ``asyncssh.connect`` (same config and keys, none of
    rjkernel's handling) instead of the ConnectionPool.
    """
    connects, firsts = [], []
    for _ in range(rounds):
        pool = ssh.ConnectionPool()
        started = time.perf_counter()
        if plain:
            conn = await asyncssh.connect("Server01")
        else:
            conn = (await pool.connect(parse_host_spec("Server01"))).conn
        connects.append(time.perf_counter() - started)
        if warm_channel:
            channel, _ = await conn.create_session(asyncssh.SSHClientSession)
            channel.close()
        firsts.append(await timed(partial(conn.run, "true", check=True)))
        conn.close()
        await conn.wait_closed()
        await pool.close()
    return connects, firsts


async def round_trips(rounds: int) -> dict[str, list[float]]:
    pool = ssh.ConnectionPool()
    connection = await pool.connect(parse_host_spec("Server01"))
    shell = await connection.open_shell()
    raw = await connection.conn.create_process("exec sh", encoding=None)

    async def raw_true() -> None:
        raw.stdin.write(b"true; echo X\n")
        await raw.stdout.readuntil(b"X\n")

    results: dict[str, list[float]] = {
        "persistent shell `true`": [],
        "raw sh + sentinel `true`": [],
        "conn.run('true')": [],
    }
    for _ in range(rounds):
        results["persistent shell `true`"].append(await timed(lambda: shell.run("true")))
        results["raw sh + sentinel `true`"].append(await timed(raw_true))
        results["conn.run('true')"].append(
            await timed(lambda: connection.conn.run("true", check=True))
        )
    raw.stdin.write_eof()
    await shell.close()
    await pool.close()
    return results


async def measure(rounds: int) -> None:
    for label, plain, warm in [
        ("rjkernel pool (TCP_QUICKACK)", False, False),
        ("plain asyncssh (sshd stall)", True, False),
        ("plain asyncssh, throw-away channel first", True, True),
    ]:
        connects, firsts = await connect_and_first(rounds, plain=plain, warm_channel=warm)
        print(f"connect+auth      {summary(connects)}   [{label}]")
        print(f"first command     {summary(firsts)}   [{label}]")
    for label, samples in (await round_trips(rounds * 20)).items():
        print(f"{label:26s}{summary(samples)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rjbench-") as base:
        fixture = start_sshd(Path(base))
        try:
            os.environ["HOME"] = str(fixture.home)
            os.environ.pop("SSH_AUTH_SOCK", None)
            asyncio.run(measure(args.rounds))
        finally:
            fixture.stop()


if __name__ == "__main__":
    main()
