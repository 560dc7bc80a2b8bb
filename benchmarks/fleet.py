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
  CPU per host (the kernel process's; the peer's own process's) are reported apart.
* ``memory``  ``New-PSSession -ComputerName <N hosts>`` then ``Remove-PSSession``, 5
  cycles: the kernel's RSS growth with every host connected (a session is a connection
  and a persistent shell channel), its open fds, and RSS after each removal (flat?).
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
import json
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
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
COMMAND = "hostname; uptime"
CELL_TIMEOUT = 900.0
PEER_HOLD_SCRIPT = r"""
import asyncio, json, resource, sys
import asyncssh

def rss_mib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024

async def main(spec):
    known = asyncssh.import_known_hosts(open(spec["known_hosts"]).read())
    keys = asyncssh.load_keypairs([spec["key"]])
    gate = asyncio.Semaphore(spec["concurrency"])
    before = rss_mib()
    async def one(address):
        async with gate:
            conn = await asyncssh.connect(address, port=spec["port"], username=spec["user"],
                                          client_keys=keys, known_hosts=known, config=None)
            process = await conn.create_process()
            return conn, process
    held = await asyncio.gather(*(one(a) for a in spec["addresses"]))
    during = rss_mib()
    for conn, process in held:
        process.close()
        conn.close()
    await asyncio.gather(*(conn.wait_closed() for conn, _ in held))
    print(json.dumps({"before": before, "during": during}))

soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
asyncio.run(main(json.loads(sys.argv[1])))
"""


def raise_open_files() -> tuple[int, int]:
    """Raise this process's soft fd limit to the hard one (the peer holds N sockets);
    returns (soft, hard) as found."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return soft, hard


class ExplicitPeer:
    """asyncssh with everything given as objects, loaded once: no config, no file reads
    per connection."""

    def __init__(self, sshd: SshdFixture) -> None:
        self.sshd = sshd
        self.known = asyncssh.import_known_hosts(sshd.known_hosts_path.read_text())
        self.keys = asyncssh.load_keypairs([str(sshd.client_key_path)])

    async def fanout(self, hosts: list[str], concurrency: int) -> None:
        gate = asyncio.Semaphore(concurrency)

        async def one(host: str) -> None:
            async with gate, asyncssh.connect(
                    self.sshd.hosts[host].address, port=self.sshd.port,
                    username=self.sshd.user, client_keys=self.keys,
                    known_hosts=self.known, config=None) as conn:
                result = await conn.run(COMMAND)
                if result.exit_status != 0:
                    raise RuntimeError(f"{host}: {result.stderr!r}")

        await asyncio.gather(*(one(h) for h in hosts))

    def hold(self, hosts: list[str], concurrency: int) -> dict[str, float]:
        """RSS of a fresh process before and while holding a connection + shell per host."""
        spec = {"known_hosts": str(self.sshd.known_hosts_path),
                "key": str(self.sshd.client_key_path), "port": self.sshd.port,
                "user": self.sshd.user, "concurrency": concurrency,
                "addresses": [self.sshd.hosts[h].address for h in hosts]}
        result = subprocess.run([sys.executable, "-c", PEER_HOLD_SCRIPT, json.dumps(spec)],
                                capture_output=True, text=True, check=True, timeout=CELL_TIMEOUT)
        return dict(json.loads(result.stdout))


def fleet_variable(bench: Bench, name: str, hosts: list[str]) -> None:
    bench.cell(f"${name} = " + ",".join(f"'{h}'" for h in hosts))


def bench_fanout(bench: Bench, peer: ExplicitPeer, sizes: list[int], throttles: list[int],
                 reps: int) -> None:
    fleet = bench.sshd.fleet
    fleet_variable(bench, "all", fleet)
    bench.cell(f"$w = Invoke-Command -ComputerName $all[0..31] -ScriptBlock {{ {COMMAND} }} "
               "-AsJob; Wait-Job $w | Out-Null; Remove-Job $w")  # warm-up: the code paths
    for size in sizes:
        hosts = fleet[:size]
        for throttle in throttles:
            code = (f"$j = Invoke-Command -ComputerName $all[0..{size - 1}] -ThrottleLimit "
                    f"{throttle} -ScriptBlock {{ {COMMAND} }} -AsJob; Wait-Job $j | Out-Null")
            rj_wall, rj_cpu, peer_wall, peer_cpu = [], [], [], []
            for _ in range(reps):
                bench.drop(hosts)
                cpu = bench.kernel_cpu()
                rj_wall.append(bench.cell(code, timeout=CELL_TIMEOUT)[1])
                rj_cpu.append((bench.kernel_cpu() - cpu) / size)
                done = bench.cell("($j.ChildJobs | Where-Object { $_.State -eq 'Completed' }"
                                  " | Measure-Object).Count")[0].stdout.strip()
                if done != str(size):
                    failed = bench.cell("$j.ChildJobs | Where-Object { $_.State -ne "
                                        "'Completed' } | Select-Object -First 3 | "
                                        "Receive-Job -Keep 2>&1 | Out-String")[0].stdout
                    raise RuntimeError(f"{done} of {size} children completed: {failed}")
                bench.cell("Remove-Job $j")
                cpu, started = time.process_time(), time.perf_counter()
                asyncio.run(peer.fanout(hosts, throttle))
                peer_wall.append(time.perf_counter() - started)
                peer_cpu.append((time.process_time() - cpu) / size)
            bench.drop(hosts)
            wall = Stats(rj_wall)
            label = f"-AsJob to {size} hosts, -ThrottleLimit {throttle}"
            bench.figures.append(Figure(
                f"{label}: until all finished", "s", wall, Stats(peer_wall),
                f"asyncssh gather, explicit options, conc {throttle}", "≤ 1.0× peer",
                wall.median <= Stats(peer_wall).median, digits=2,
                note=f"`{COMMAND}` over new connections; wall time includes the sshds' "
                     "CPU on the same cores"))
            cpu_stats = ms(rj_cpu)
            bench.figures.append(Figure(
                f"{label}: client CPU per host", "ms", cpu_stats, ms(peer_cpu),
                "asyncssh gather, explicit options", "≤ 5 ms/host", cpu_stats.median <= 5.0,
                digits=2))


def bench_memory(bench: Bench, peer: ExplicitPeer, size: int, cycles: int) -> None:
    hosts = bench.sshd.fleet[:size]
    fleet_variable(bench, "mem", hosts)
    bench.drop(hosts)
    bench.cell("$warm = New-PSSession -ComputerName $mem[0..7]; Remove-PSSession $warm")
    bench.drop(hosts)
    baseline = bench.rss_mib("VmRSS")
    fds_before = bench.process.num_fds()
    connected, removed, fds, opened = [], [], [], []
    for _ in range(cycles):
        opened.append(bench.cell("$s = New-PSSession -ComputerName $mem -ThrottleLimit 256",
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
    held = peer.hold(hosts, 256)
    growth = Stats(connected)
    bench.figures.append(Figure(
        f"kernel RSS with {size} sessions open (New-PSSession)", "MiB", growth,
        Stats([held["during"] - held["before"]]),
        f"asyncssh process holding {size} conns + shells", "≤ +150 MiB",
        max(connected) <= 150.0, digits=1,
        note=f"RSS before the first cycle {baseline:.0f} MiB; per cycle: "
             + ", ".join(f"+{c:.1f}" for c in connected)
             + f"; New-PSSession cell {Stats(opened).text(2)} s; open fds +{Stats(fds).text(0)}"
               f" ({Stats(fds).median / size:.2f} per host)"))
    bench.figures.append(Figure(
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
    with tempfile.TemporaryDirectory(prefix="rjfleet-") as base:
        bench = start_bench(Path(base), fleet, max_startups=args.max_startups)
        try:
            peer = ExplicitPeer(bench.sshd)
            for name in args.benchmarks:
                started = time.perf_counter()
                if name == "fanout":
                    bench_fanout(bench, peer, sizes, throttles, args.reps)
                else:
                    bench_memory(bench, peer, args.memory_hosts, args.cycles)
                print(f"[{name}: {time.perf_counter() - started:.1f} s]", flush=True)
        finally:
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
    return 0 if all(f.met is not False for f in bench.figures) else 1


if __name__ == "__main__":
    sys.exit(main())
