"""Fleet scale (issue 11): fan-out to 100 and 1,000 hosts, and the memory of 1,000
sessions — each figure beside its peer measured in the same run.

Starts its own OpenSSH sshds (``tests/fixtures/sshd.py`` with ``fleet=N``: ``node0001``…
on 127.0.1.1…, 16 addresses per sshd) and its own rjkernel process driven through
jupyter_client as a notebook drives it (remote_jobs.py's ``Bench``).

* ``fanout``  ``Invoke-Command -ComputerName <N hosts> -AsJob -ThrottleLimit T`` +
  ``Wait-Job`` over new connections (every connection is dropped between rounds), for
  N in ``--sizes`` and T in ``--throttles``. Peer: an asyncssh gather at the same
  concurrency with explicit options — address, port, user, the client key and the
  known_hosts loaded once as objects, no ssh config — connect + run + close per host:
  asyncssh's own floor. Wall time (client and sshds share the cores) and the client's
  CPU per host (the kernel process's, user and system; the peer's own process's) are
  reported apart. "Use every core": the same peer gather split over 2 worker processes
  (one event loop each), against itself in one process.
* ``memory``  ``New-PSSession -ComputerName <N hosts>`` (-ThrottleLimit 32) then
  ``Remove-PSSession``, 5 cycles: the kernel's RSS growth with every host connected (a
  session is a connection and a persistent shell channel), its open fds, and RSS
  after each removal (flat?).
  Peer: a separate Python process holding N asyncssh connections with one shell
  channel each (same explicit options), its RSS growth.

The sshds run with ``MaxStartups`` 1000 for the timed comparisons (the peer does not
retry refused starts); ``--max-startups`` sets another (OpenSSH's default is
``10:30:100``) to see rjkernel's back-off at a large ``-ThrottleLimit``.

    .venv/bin/python benchmarks/fleet.py [fanout] [memory] [--sizes 100,1000]
        [--throttles 32,256] [--reps 3] [--cycles 5]
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import multiprocessing
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import asyncssh

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from remote_jobs import (  # noqa: E402  (benchmarks/remote_jobs.py)
    Bench,
    Figure,
    Stats,
    load,
    ms,
    print_table,
    start_bench,
)

from tests.fixtures.sshd import SshdFixture  # noqa: E402

BENCHMARKS = ("fanout", "memory")
WORKERS = 2  # worker processes for the "use every core" measurement (this box: 2 cores)
COMMAND = "hostname; uptime"
CELL_TIMEOUT = 900.0
@dataclass(frozen=True)
class Peer:
    """asyncssh with everything given as objects, loaded once per process: no config,
    no file reads per connection — asyncssh's own floor. Picklable, so worker
    processes can run it too."""

    port: int
    user: str
    key: str
    known_hosts: str

    @classmethod
    def of(cls, sshd: SshdFixture) -> Peer:
        return cls(sshd.port, sshd.user, str(sshd.client_key_path),
                   str(sshd.known_hosts_path))

    async def connect(self, address: str) -> asyncssh.SSHClientConnection:
        return await asyncssh.connect(address, port=self.port, username=self.user,
                                      client_keys=_loaded(self.key),
                                      known_hosts=_known(self.known_hosts), config=None)

    async def fanout(self, addresses: list[str], concurrency: int) -> None:
        gate = asyncio.Semaphore(concurrency)

        async def one(address: str) -> None:
            async with gate, await self.connect(address) as conn:
                result = await conn.run(COMMAND)
                if result.exit_status != 0:
                    raise RuntimeError(f"{address}: {result.stderr!r}")

        await asyncio.gather(*(one(a) for a in addresses))

    def fanout_cpu(self, addresses: list[str], concurrency: int) -> float:
        """Worker process body: the fan-out, returning the CPU seconds it took."""
        cpu = time.process_time()
        asyncio.run(self.fanout(addresses, concurrency))
        return time.process_time() - cpu

    def hold(self, addresses: list[str], concurrency: int) -> tuple[float, float]:
        """Worker process body: RSS (MiB) before, and while holding a connection and a
        shell channel per address."""
        raise_open_files()

        async def scenario() -> tuple[float, float]:
            gate = asyncio.Semaphore(concurrency)
            before = _rss_mib()

            async def one(address: str) -> tuple[Any, Any]:
                async with gate:
                    conn = await self.connect(address)
                    return conn, await conn.create_process()

            held = await asyncio.gather(*(one(a) for a in addresses))
            during = _rss_mib()
            for conn, process in held:
                process.close()
                conn.close()
            await asyncio.gather(*(conn.wait_closed() for conn, _ in held))
            return before, during

        return asyncio.run(scenario())


@functools.cache
def _loaded(key: str) -> Sequence[asyncssh.SSHKeyPair]:
    return asyncssh.load_keypairs([key])


@functools.cache
def _known(path: str) -> asyncssh.SSHKnownHosts:
    return asyncssh.import_known_hosts(Path(path).read_text())


def _rss_mib() -> float:
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0]) / 1024


def raise_open_files(_worker: int = 0) -> tuple[int, int]:
    """Raise this process's soft fd limit to the hard one (the peer holds N sockets);
    returns (soft, hard) as found."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return soft, hard


def split_fanout(pool: ProcessPoolExecutor, peer: Peer, addresses: list[str],
                 concurrency: int, workers: int) -> tuple[float, float]:
    """The fan-out split over ``workers`` processes (one event loop each, the
    concurrency shared out): (wall seconds, CPU seconds of all workers)."""
    started = time.perf_counter()
    futures = [pool.submit(peer.fanout_cpu, addresses[i::workers],
                           max(1, concurrency // workers)) for i in range(workers)]
    cpu = sum(f.result() for f in futures)
    return time.perf_counter() - started, cpu


def fleet_variable(bench: Bench, name: str, hosts: list[str]) -> None:
    bench.cell(f"${name} = " + ",".join(f"'{h}'" for h in hosts))


def bench_fanout(bench: Bench, peer: Peer, workers: ProcessPoolExecutor, sizes: list[int],
                 throttles: list[int], reps: int) -> None:
    fleet = bench.sshd.fleet
    fleet_variable(bench, "all", fleet)
    bench.cell(f"$w = Invoke-Command -ComputerName $all[0..31] -ScriptBlock {{ {COMMAND} }} "
               "-AsJob; Wait-Job $w | Out-Null; Remove-Job $w")  # warm-up: the code paths
    for size in sizes:
        hosts = fleet[:size]
        addresses = [bench.address(h) for h in hosts]
        for throttle in throttles:
            code = (f"$j = Invoke-Command -ComputerName $all[0..{size - 1}] -ThrottleLimit "
                    f"{throttle} -ScriptBlock {{ {COMMAND} }} -AsJob; Wait-Job $j | Out-Null")
            rj_wall, rj_user, rj_system, peer_wall, peer_cpu = [], [], [], [], []
            split_wall, split_cpu = [], []
            for _ in range(reps):
                bench.drop(hosts)
                before = bench.process.cpu_times()
                rj_wall.append(bench.cell(code, timeout=CELL_TIMEOUT)[1])
                after = bench.process.cpu_times()
                rj_user.append((after.user - before.user) / size)
                rj_system.append((after.system - before.system) / size)
                check_completed(bench, size)
                bench.cell("Remove-Job $j")
                cpu, started = time.process_time(), time.perf_counter()
                asyncio.run(peer.fanout(addresses, throttle))
                peer_wall.append(time.perf_counter() - started)
                peer_cpu.append((time.process_time() - cpu) / size)
                wall, cpu = split_fanout(workers, peer, addresses, throttle, WORKERS)
                split_wall.append(wall)
                split_cpu.append(cpu / size)
            bench.drop(hosts)
            label = f"-AsJob to {size} hosts, -ThrottleLimit {throttle}"
            add(bench, Figure(
                f"{label}: until all finished", "s", Stats(rj_wall), Stats(peer_wall),
                f"asyncssh gather, explicit options, conc {throttle}", "≤ 1.0× peer",
                Stats(rj_wall).median <= Stats(peer_wall).median, digits=2,
                note=f"`{COMMAND}` over new connections; wall time includes the sshds' "
                     "CPU on the same cores"))
            rj_cpu = ms(u + s for u, s in zip(rj_user, rj_system, strict=True))
            add(bench, Figure(
                f"{label}: client CPU per host", "ms", rj_cpu, ms(peer_cpu),
                "asyncssh gather, explicit options", "≤ 5 ms/host", rj_cpu.median <= 5.0,
                digits=2, note=f"kernel user {ms(rj_user).text(2)} + system "
                               f"{ms(rj_system).text(2)} ms/host (system: the loopback TCP "
                               "stack, sshd's side included, runs in the sender's syscalls)"))
            add(bench, Figure(
                f"{label}: asyncssh over {WORKERS} processes (use every core?)", "s",
                Stats(split_wall), Stats(peer_wall), "the same in one process", "< 1.0× "
                "would pay", None, digits=2,
                note=f"the peer gather split over {WORKERS} worker processes, one event loop "
                     f"each, concurrency shared; their CPU {ms(split_cpu).text(2)} ms/host"))


def check_completed(bench: Bench, size: int) -> None:
    done = bench.cell("($j.ChildJobs | Where-Object { $_.State -eq 'Completed' }"
                      " | Measure-Object).Count")[0].stdout.strip()
    if done != str(size):
        failed = bench.cell("$j.ChildJobs | Where-Object { $_.State -ne 'Completed' } | "
                            "Select-Object -First 3 | Receive-Job -Keep 2>&1 | Out-String")
        raise RuntimeError(f"{done} of {size} children completed: {failed[0].stdout}")


def add(bench: Bench, figure: Figure) -> None:
    """Keep a figure and print its row at once (a later failure loses nothing)."""
    bench.figures.append(figure)
    print(" | ".join(figure.row()), flush=True)


def bench_memory(bench: Bench, peer: Peer, workers: ProcessPoolExecutor, size: int,
                 cycles: int) -> None:
    hosts = bench.sshd.fleet[:size]
    fleet_variable(bench, "mem", hosts)
    bench.drop(hosts)
    bench.cell("$warm = New-PSSession -ComputerName $mem[0..7]; Remove-PSSession $warm")
    bench.drop(hosts)
    baseline = bench.rss_mib("VmRSS")
    fds_before = bench.process.num_fds()
    connected, removed, fds, opened = [], [], [], []
    for _ in range(cycles):
        opened.append(bench.cell("$s = New-PSSession -ComputerName $mem",
                                 timeout=CELL_TIMEOUT)[1])
        count = bench.cell("($s | Where-Object State -eq 'Opened' | Measure-Object).Count"
                           )[0].stdout.strip()
        if count != str(size):
            raise RuntimeError(f"{count} of {size} sessions opened")
        connected.append(bench.rss_mib("VmRSS") - baseline)
        fds.append(bench.process.num_fds() - fds_before)
        bench.cell("Remove-PSSession $s; $s = $null", timeout=CELL_TIMEOUT)
        bench.drop(hosts)
        removed.append(bench.rss_mib("VmRSS") - baseline)
    before, during = workers.submit(
        peer.hold, [bench.address(h) for h in hosts], 32).result()
    add(bench, Figure(
        f"kernel RSS with {size} sessions open (New-PSSession)", "MiB", Stats(connected),
        Stats([during - before]), f"asyncssh process holding {size} conns + shells",
        "≤ +150 MiB", max(connected) <= 150.0, digits=1,
        note=f"RSS before the first cycle {baseline:.0f} MiB; per cycle: "
             + ", ".join(f"+{c:.1f}" for c in connected)
             + f"; New-PSSession cell {Stats(opened).text(2)} s; open fds +{Stats(fds).text(0)}"
               f" ({Stats(fds).median / size:.2f} per host)"))
    add(bench, Figure(
        f"kernel RSS after Remove-PSSession, {cycles} cycles", "MiB", Stats(removed), None,
        "first cycle vs last", "flat: last − first ≤ 16 MiB",
        removed[-1] - removed[0] <= 16.0, digits=1,
        note="after each cycle: " + ", ".join(f"+{r:.1f}" for r in removed)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("benchmarks", nargs="*", metavar="NAME",
                        help="fanout and/or memory (default: both)")
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--throttles", default="32,256")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--cycles", type=int, default=5)
    parser.add_argument("--memory-hosts", type=int, default=1000)
    parser.add_argument("--max-startups", default="1000")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "fleet.json")
    args = parser.parse_args()
    args.benchmarks = args.benchmarks or list(BENCHMARKS)
    if set(args.benchmarks) - set(BENCHMARKS):
        parser.error(f"benchmarks are {', '.join(BENCHMARKS)}")
    sizes = [int(s) for s in args.sizes.split(",")]
    throttles = [int(t) for t in args.throttles.split(",")]
    fleet = max([*sizes, args.memory_hosts if "memory" in args.benchmarks else 0])
    soft, hard = raise_open_files()
    print(f"open files: soft {soft} → {resource.getrlimit(resource.RLIMIT_NOFILE)[0]} "
          f"(hard {hard}); load average before: {load()}", flush=True)
    began = time.perf_counter()
    failed = False
    with tempfile.TemporaryDirectory(prefix="rjfleet-") as base:
        bench = start_bench(Path(base), fleet, max_startups=args.max_startups)
        peer = Peer.of(bench.sshd)
        workers = ProcessPoolExecutor(WORKERS, mp_context=multiprocessing.get_context("spawn"))
        try:
            list(workers.map(raise_open_files, range(WORKERS)))  # started before timing
            for name in args.benchmarks:
                started = time.perf_counter()
                try:
                    if name == "fanout":
                        bench_fanout(bench, peer, workers, sizes, throttles, args.reps)
                    else:
                        bench_memory(bench, peer, workers, args.memory_hosts, args.cycles)
                except Exception as exc:  # keep the other benchmark's figures
                    print(f"[{name} failed: {exc}]", flush=True)
                    failed = True
                print(f"[{name}: {time.perf_counter() - started:.1f} s]", flush=True)
        finally:
            workers.shutdown()
            bench.kernel.stop()
            bench.sshd.stop()
    print(f"load average after: {load()}; total {time.perf_counter() - began:.0f} s\n")
    print_table(bench.figures)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    record: dict[str, Any] = {
        "benchmarks": args.benchmarks, "sizes": sizes, "throttles": throttles,
        "reps": args.reps, "load_after": load(),
        "figures": [{**asdict(f), "ratio": f.ratio} for f in bench.figures]}
    args.out.write_text(json.dumps(record, indent=2) + "\n")
    print(f"\nsaved {args.out}")
    return 0 if not failed and all(f.met is not False for f in bench.figures) else 1


if __name__ == "__main__":
    sys.exit(main())
