"""Issue 3's speed figures, each measured beside its peer in the same run.

Starts its own OpenSSH sshds on loopback (``tests/fixtures/sshd.py``: Server01…, and a
fleet ``node001``… for the fan-out) and its own rjkernel process, driven through
jupyter_client exactly as a notebook frontend drives it (``tests/fixtures/kernel.py``).
Every rjkernel figure is a cell's round trip (execute request → idle + reply) unless
it says otherwise. The peers run in this process, with asyncssh and the same
``~/.ssh/config`` and known_hosts the kernel uses, or with the OpenSSH client.

Sub-benchmarks (``all`` runs them in this order):

* ``session-rtt``  ``Invoke-Command -Session $s { true }`` vs an empty cell (interleaved),
  plus the raw persistent-shell round trip for reference (transport_latency.py's);
* ``fanout``       ``Invoke-Command -ComputerName <fleet> -AsJob`` + ``Wait-Job`` over new
  connections vs an asyncssh gather (connect + run, concurrency 32), wall and client CPU;
* ``new-session``  ``New-PSSession`` to a host with no connection, and the first command
  after it, vs asyncssh connect + first run (which pays sshd's first-channel stall);
* ``start-job``    a remote ``Start-Job`` until it is Running, and 200 of them in one cell,
  vs detached commands over asyncssh exec channels and the job agent's own latency;
* ``receive``      ``Receive-Job`` of a 1 GiB remote job ``| Out-Null`` vs asyncssh's own
  ``cat file`` over one channel (same cipher; OpenSSH's ``ssh host cat`` beside it),
  and the kernel's RSS. What the kernel does there is all a user's receive does short
  of showing the text: the remote job agent streams the job's spool over the SSH
  channel, the kernel parses its frames, decodes them to text and hands the text
  chunks through the pipeline to ``Out-Null``, which discards them (no line objects
  are made: only a consumer that needs objects splits chunks into lines). The peer
  counts the bytes ``cat`` sends. The kernel process runs with its heap pad
  (rjkernel/heap.py); the peer, in this process, with glibc's defaults.

Client and sshd share this machine's cores, so wall times include sshd's CPU; the load
average is printed before and after. Results go to ``benchmarks/out/remote_jobs.json``.

    .venv/bin/python benchmarks/remote_jobs.py [all|session-rtt|fanout|…] [--hosts 100]
        [--reps 5] [--receive-mib 1024]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import asyncssh
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import transport_latency  # noqa: E402  (benchmarks/transport_latency.py)

from rjkernel.install import KERNEL_NAME, kernelspec_dir  # noqa: E402
from rjkernel.transport.agent_client import AgentClient  # noqa: E402
from rjkernel.transport.hosts import parse_host_spec  # noqa: E402
from rjkernel.transport.ssh import ConnectionPool  # noqa: E402
from tests.fixtures.kernel import Cell, KernelDriver, kernel_env  # noqa: E402
from tests.fixtures.sshd import SshdFixture, start_sshd  # noqa: E402

BENCHMARKS = ("session-rtt", "fanout", "new-session", "start-job", "receive")
THROTTLE = 32  # Invoke-Command's default -ThrottleLimit
FANOUT_COMMAND = "hostname; uptime"
OPENSSH_KEX = "curve25519-sha256"  # what asyncssh negotiates with this sshd (perf-anchors 2)
RECEIVE_LINE = "rjkernel receive benchmark: 0123456789abcdefghijklmnopqrstuvwxyz"
DISCONNECT_TIMEOUT = 15.0
CELL_TIMEOUT = 300.0
EXEC_LABEL = "conn.run('true')"  # transport_latency.round_trips' key for an exec channel


# ---------------------------------------------------------------------- figures


@dataclass
class Stats:
    """Repeated measurements of one quantity, in its unit."""

    samples: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    def text(self, digits: int) -> str:
        if len(self.samples) == 1:
            return f"{self.samples[0]:.{digits}f}"
        return (f"{self.median:.{digits}f} ({min(self.samples):.{digits}f}–"
                f"{max(self.samples):.{digits}f})")


@dataclass
class Figure:
    """One row of the table: rjkernel's figure, its peer's, and the target."""

    name: str
    unit: str
    rjkernel: Stats
    peer: Stats | None
    peer_label: str
    target: str
    met: bool | None
    digits: int = 1
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.peer is None or not self.peer.median:
            return None
        return self.rjkernel.median / self.peer.median

    def row(self) -> list[str]:
        ratio = self.ratio
        return [
            f"{self.name} [{self.unit}]",
            self.rjkernel.text(self.digits),
            f"{self.peer.text(self.digits)} {self.peer_label}" if self.peer else self.peer_label,
            f"{ratio:.2f}" if ratio is not None else "–",
            self.target,
            {True: "yes", False: "NO", None: "–"}[self.met],
        ]


def print_table(figures: list[Figure]) -> None:
    header = ["figure", "rjkernel", "peer", "ratio", "target", "met?"]
    rows = [header, *(f.row() for f in figures)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    for index, row in enumerate(rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if index == 0:
            print("  ".join("-" * width for width in widths))
    notes = [f"- {f.name}: {f.note}" for f in figures if f.note]
    if notes:
        print("\nnotes:\n" + "\n".join(notes))


def ms(seconds: Iterable[float]) -> Stats:
    return Stats([s * 1000 for s in seconds])


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


# ---------------------------------------------------------------------- the bench


@dataclass
class Bench:
    """The sshds, the kernel and its process, and helpers to time cells."""

    sshd: SshdFixture
    kernel: KernelDriver
    process: psutil.Process
    figures: list[Figure] = field(default_factory=list)

    def cell(self, code: str, *, timeout: float = CELL_TIMEOUT) -> tuple[Cell, float]:
        """Run a cell that must succeed; returns it and its round trip in seconds."""
        started = time.perf_counter()
        cell = self.kernel.run(code, timeout=timeout)
        elapsed = time.perf_counter() - started
        if cell.status != "ok" or cell.stderr:
            raise RuntimeError(f"cell {code[:80]!r} failed: {cell.status} {cell.stderr}")
        return cell, elapsed

    def kernel_cpu(self) -> float:
        """The kernel process's CPU time so far (user + system, not its children)."""
        times = self.process.cpu_times()
        return times.user + times.system

    def address(self, host: str) -> str:
        return self.sshd.hosts[host].address

    def drop(self, hosts: Iterable[str]) -> None:
        """Cut every connection to ``hosts`` (server side) and wait until the kernel has
        closed its end, so its pool no longer holds them: the next use connects anew."""
        addresses = {self.address(h) for h in hosts}
        self.sshd.drop_connections(*addresses)
        deadline = time.monotonic() + DISCONNECT_TIMEOUT
        while self._kernel_connected(addresses):
            if time.monotonic() > deadline:
                raise TimeoutError("the kernel still holds connections that were dropped")
            time.sleep(0.01)

    def _kernel_connected(self, addresses: set[str]) -> bool:
        return any(c.raddr and c.raddr.ip in addresses and c.status == psutil.CONN_ESTABLISHED
                   for c in self.process.net_connections(kind="tcp"))

    def kernel_minflt(self) -> int:
        """The kernel process's minor page faults so far (/proc/PID/stat, field 10)."""
        stat = Path(f"/proc/{self.process.pid}/stat").read_text()
        return int(stat.rsplit(")", 1)[1].split()[7])

    def rss_mib(self, field_name: str) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(status.split(f"{field_name}:")[1].split()[0]) / 1024

    def reset_peak_rss(self) -> None:
        Path(f"/proc/{self.process.pid}/clear_refs").write_text("5")


def timed_async(action: Callable[[], Coroutine[Any, Any, Any]]) -> float:
    started = time.perf_counter()
    asyncio.run(action())
    return time.perf_counter() - started


# ---------------------------------------------------------------------- session-rtt


def bench_session_rtt(bench: Bench, reps: int) -> None:
    pairs = max(40, reps * 12)
    bench.cell("$s = New-PSSession -ComputerName Server01")
    empty, invoke = [], []
    for _ in range(10):  # warm-up: the code paths, the shell, the iopub socket
        bench.cell("")
        bench.cell("Invoke-Command -Session $s { true }")
    for _ in range(pairs):
        empty.append(bench.cell("")[1])
        invoke.append(bench.cell("Invoke-Command -Session $s { true }")[1])
    rj, peer = ms(invoke), ms(empty)
    overhead = rj.median - peer.median
    bench.figures.append(Figure(
        "Invoke-Command -Session $s { true }", "ms", rj, peer, "empty cell",
        "≤ empty + 1.0 ms", overhead <= 1.0, digits=2,
        note=f"{overhead:.2f} ms over an empty cell (medians of {pairs} interleaved pairs)"))
    shell = asyncio.run(transport_latency.round_trips(pairs * 5))
    bench.figures.append(Figure(
        "raw persistent-shell round trip `true` (reference)", "ms",
        ms(shell["persistent shell `true`"]), ms(shell["raw sh + sentinel `true`"]),
        "raw sh + sentinel", "–", None, digits=2,
        note="rjkernel's PersistentShell.run vs a bare `sh` with a one-line sentinel, "
             "in this process over one asyncssh connection; conn.run('true') (an exec "
             f"channel per command): {ms(shell[EXEC_LABEL]).text(2)} ms"))


# ---------------------------------------------------------------------- fanout


async def asyncssh_fanout(hosts: list[str], command: str, *,
                          explicit: SshdFixture | None = None) -> None:
    """The peer: connect + run to every host, ``THROTTLE`` at a time, all new connections.

    ``explicit`` passes address, port, key and known_hosts as arguments instead of
    letting asyncssh read ~/.ssh/config (a reference for asyncssh's own per-host cost).
    """
    gate = asyncio.Semaphore(THROTTLE)

    async def one(host: str) -> None:
        async with gate:
            if explicit is None:
                options: dict[str, Any] = {"host": host}
            else:
                options = {"host": explicit.hosts[host].address, "port": explicit.port,
                           "config": None, "client_keys": [str(explicit.client_key_path)],
                           "known_hosts": str(explicit.known_hosts_path)}
            async with asyncssh.connect(**options) as conn:
                result = await conn.run(command)
                if result.exit_status != 0:
                    raise RuntimeError(f"{host}: {result.stderr!r}")

    await asyncio.gather(*(one(h) for h in hosts))


def bench_fanout(bench: Bench, reps: int) -> None:
    fleet = bench.sshd.fleet
    count = len(fleet)
    bench.cell("$fleet = " + ",".join(f"'{h}'" for h in fleet))
    # warm-up: the local job agent, the -AsJob code path, one round of connections
    bench.cell(f"$w = Invoke-Command -ComputerName $fleet -ScriptBlock {{ {FANOUT_COMMAND} }} "
               "-AsJob; Wait-Job $w | Out-Null; Remove-Job $w")
    rj_wall, rj_cpu, peer_wall, peer_cpu, ref_cpu = [], [], [], [], []
    code = (f"$j = Invoke-Command -ComputerName $fleet -ScriptBlock {{ {FANOUT_COMMAND} }} "
            "-AsJob; Wait-Job $j | Out-Null")
    for _ in range(reps):
        bench.drop(fleet)
        cpu = bench.kernel_cpu()
        rj_wall.append(bench.cell(code)[1])
        rj_cpu.append((bench.kernel_cpu() - cpu) / count)
        done = bench.cell("($j.ChildJobs | Where-Object { $_.State -eq 'Completed' } | "
                          "Measure-Object).Count")[0].stdout.strip()
        if done != str(count):
            raise RuntimeError(f"only {done} of {count} -AsJob children completed")
        bench.cell("Remove-Job $j")
        bench.drop(fleet)
        cpu = time.process_time()
        peer_wall.append(timed_async(lambda: asyncssh_fanout(fleet, FANOUT_COMMAND)))
        peer_cpu.append((time.process_time() - cpu) / count)
        cpu = time.process_time()
        asyncio.run(asyncssh_fanout(fleet, FANOUT_COMMAND, explicit=bench.sshd))
        ref_cpu.append((time.process_time() - cpu) / count)
    bench.drop(fleet)
    rj, peer = Stats(rj_wall), Stats(peer_wall)
    bench.figures.append(Figure(
        f"-AsJob to {count} hosts until all finished", "s", rj, peer,
        f"asyncssh gather, conc {THROTTLE}", "≤ 1.05× peer",
        rj.median <= 1.05 * peer.median, digits=2,
        note=f"new connections every round (dropped between rounds); `{FANOUT_COMMAND}`; "
             "both clients read the same ~/.ssh/config "
             f"({len(bench.sshd.hosts) + 1} Host blocks) and known_hosts; asyncssh "
             "negotiates curve25519-sha256 with this sshd"))
    cpu_rj = ms(rj_cpu)
    bench.figures.append(Figure(
        f"-AsJob to {count} hosts: client CPU per host", "ms", cpu_rj, ms(peer_cpu),
        "asyncssh gather", "≤ 5 ms/host", cpu_rj.median <= 5.0, digits=2,
        note="kernel process CPU (psutil, user+system) around the cell / hosts; peer: "
             "this process's CPU. The same gather with explicit options (no ssh config, "
             f"no known_hosts lookup by config): {ms(ref_cpu).text(2)} ms/host"))


# ---------------------------------------------------------------------- new-session


async def asyncssh_first_command(host: str) -> tuple[float, float, float]:
    """(connect+auth, first `true`, second `true`) on a new plain asyncssh connection."""
    started = time.perf_counter()
    async with asyncssh.connect(host) as conn:
        connected = time.perf_counter()
        await conn.run("true", check=True)
        first = time.perf_counter()
        await conn.run("true", check=True)
        second = time.perf_counter()
    return connected - started, first - connected, second - first


def bench_new_session(bench: Bench, reps: int) -> None:
    hosts = bench.sshd.fleet[-reps:]
    bench.drop(hosts)
    bench.cell("$warm = New-PSSession -ComputerName Server02; Remove-PSSession $warm")
    opened, first, steady = [], [], []
    peer_connect, peer_first, peer_second = [], [], []
    for host in hosts:
        opened.append(bench.cell(f"$n = New-PSSession -ComputerName {host}")[1])
        first.append(bench.cell("Invoke-Command -Session $n { true }")[1])
        steady.append(statistics.median(
            bench.cell("Invoke-Command -Session $n { true }")[1] for _ in range(5)))
        bench.cell("Remove-PSSession $n")
        bench.drop([host])
        connect, run1, run2 = asyncio.run(asyncssh_first_command(host))
        peer_connect.append(connect)
        peer_first.append(run1)
        peer_second.append(run2)
    rj = ms(opened)
    peer = ms(c + f for c, f in zip(peer_connect, peer_first, strict=True))
    bench.figures.append(Figure(
        "New-PSSession to a fresh host (cell)", "ms", rj, peer,
        "asyncssh connect + first run", "≤ 100 ms", rj.median <= 100.0,
        note=f"peer connect+auth alone {ms(peer_connect).text(1)} ms; New-PSSession also "
             "opens the session's persistent shell and starts the job agent in the "
             "background"))
    first_rj, steady_rj = ms(first), ms(steady)
    stall = first_rj.median - steady_rj.median
    bench.figures.append(Figure(
        "first Invoke-Command after New-PSSession (cell)", "ms", first_rj, ms(peer_first),
        "asyncssh first run on a new conn", "no ~40 ms stall: ≤ steady + 10 ms",
        stall <= 10.0,
        note=f"steady-state cell on the same session {steady_rj.text(1)} ms (first − "
             f"steady = {stall:.1f} ms); the peer's second run "
             f"{ms(peer_second).text(1)} ms"))


# ---------------------------------------------------------------------- start-job


async def asyncssh_detached(host: str, count: int, *, concurrent: bool) -> list[float]:
    """Start ``count`` detached commands over exec channels of one open connection;
    per-start latency when one at a time, the total when all at once."""
    command = "sleep 1 </dev/null >/dev/null 2>&1 &"
    async with asyncssh.connect(host) as conn:
        await conn.run("true", check=True)  # past the first-channel stall
        if concurrent:
            started = time.perf_counter()
            await asyncio.gather(*(conn.run(command, check=True) for _ in range(count)))
            return [time.perf_counter() - started]
        samples = []
        for _ in range(count):
            started = time.perf_counter()
            await conn.run(command, check=True)
            samples.append(time.perf_counter() - started)
        return samples


async def agent_starts(host: str, count: int) -> tuple[list[float], float, float]:
    """The job agent on ``host`` driven directly (AgentClient over SSH, no kernel):
    per-start latency, ``count`` starts one after another, and ``count`` at once."""
    pool = ConnectionPool()
    connection = await pool.connect(parse_host_spec(host))
    client = await AgentClient.over_ssh(connection.conn)
    try:
        await client.attach_runspace("bench-agent")
        samples = []
        for _ in range(20):
            started = time.perf_counter()
            await client.start_job("bench-agent", "sleep 1")
            samples.append(time.perf_counter() - started)
        started = time.perf_counter()
        for _ in range(count):
            await client.start_job("bench-agent", "true")
        sequential = time.perf_counter() - started
        started = time.perf_counter()
        await asyncio.gather(*(client.start_job("bench-agent", "true") for _ in range(count)))
        burst = time.perf_counter() - started
        await client.remove_runspace("bench-agent", force=True)
    finally:
        await client.close()
        await pool.close()
    return samples, sequential, burst


def bench_start_job(bench: Bench, reps: int, count: int = 200) -> None:
    """Kernel and peer rounds alternate, so a busy moment on the box hits both."""
    bench.cell("$sj = New-PSSession -ComputerName Server03")
    bench.cell("Invoke-Command -Session $sj { Start-Job { true } } | Out-Null")  # agent up
    block = "\n".join(["Invoke-Command -Session $sj {",
                       *["  Start-Job { true } | Out-Null"] * count, "}"])
    singles, bursts, burst_cpu, peer_single, peer_burst = [], [], [], [], []
    for _ in range(max(2, reps // 2)):
        for _ in range(5):
            cell, elapsed = bench.cell(
                "(Invoke-Command -Session $sj { Start-Job { sleep 1 } }).State")
            if cell.stdout.strip() != "Running":
                raise RuntimeError(f"Start-Job came back {cell.stdout.strip()!r}, not Running")
            singles.append(elapsed)
        peer_single += asyncio.run(asyncssh_detached("Server03", 5, concurrent=False))
        bench.cell("Invoke-Command -Session $sj { Get-Job | Remove-Job -Force }")
        cpu = bench.kernel_cpu()
        bursts.append(bench.cell(block)[1])
        burst_cpu.append(bench.kernel_cpu() - cpu)
        listed = bench.cell("(Invoke-Command -Session $sj { Get-Job } | Measure-Object).Count")
        if listed[0].stdout.strip() != str(count):
            raise RuntimeError(f"{listed[0].stdout.strip()} jobs listed, not {count}")
        peer_burst += asyncio.run(asyncssh_detached("Server03", count, concurrent=True))
    bench.cell("Invoke-Command -Session $sj { Get-Job | Remove-Job -Force }")
    bench.cell("Remove-PSSession $sj")
    agent_single, agent_sequential, agent_burst = asyncio.run(agent_starts("db01", count))
    single = ms(singles)
    bench.figures.append(Figure(
        "remote Start-Job until Running (cell)", "ms", single, ms(peer_single),
        "asyncssh exec `cmd &`", "≤ 20 ms", single.median <= 20.0,
        note="the cell prints the returned job's State (always Running); the job agent "
             f"alone (AgentClient.start_job over SSH): {ms(agent_single).text(2)} ms"))
    burst = Stats(bursts)
    bench.figures.append(Figure(
        f"{count} remote Start-Job in one cell", "s", burst, Stats(peer_burst),
        f"asyncssh {count} exec `cmd &` at once", "≤ 1 s", burst.median <= 1.0, digits=3,
        note=f"one Invoke-Command -Session block of {count} `Start-Job {{ true }} | Out-Null` "
             f"lines, which run one after another; kernel CPU {Stats(burst_cpu).text(2)} s "
             f"per cell. The agent alone: {count} start_job one after another "
             f"{agent_sequential:.3f} s, all at once {agent_burst:.3f} s"))


# ---------------------------------------------------------------------- receive


async def negotiated_cipher(host: str) -> str:
    """The cipher rjkernel's pool negotiates with ``host`` (for what the host sends)."""
    pool = ConnectionPool()
    connection = await pool.connect(parse_host_spec(host))
    try:
        return str(connection.conn.get_extra_info("recv_cipher"))
    finally:
        await pool.close()


async def asyncssh_cat(host: str, path: str, size: int, cipher: str
                       ) -> tuple[float, float, int]:
    """asyncssh reading ``cat path`` over one exec channel, ``cipher`` pinned:
    (seconds, this process's CPU seconds, its minor page faults)."""
    async with asyncssh.connect(host, encryption_algs=[cipher]) as conn:
        await conn.run("true", check=True)
        faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        started, cpu = time.perf_counter(), time.process_time()
        process = await conn.create_process(f"cat {shlex.quote(path)}", encoding=None)
        received = 0
        while data := await process.stdout.read(1 << 20):
            received += len(data)
        await process.wait()
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults
    if received != size:
        raise RuntimeError(f"asyncssh cat read {received} bytes, not {size}")
    return elapsed, cpu, faults


def bench_receive(bench: Bench, reps: int, mib: int) -> None:
    size = mib << 20
    host = "Server02"
    home = bench.sshd.hosts[host].home
    assert home is not None
    produce = f"yes {shlex.quote(RECEIVE_LINE)} | head -c {size}"
    peer_file = home / "receive-peer.bin"
    subprocess.run(["sh", "-c", f"{produce} > {shlex.quote(str(peer_file))}"], check=True)
    bench.cell(f"$sr = New-PSSession -ComputerName {host}")
    bench.cell(f"$rj = Invoke-Command -Session $sr {{ Start-Job {{ {produce} }} }}")
    job_id = bench.cell("$rj.Id")[0].stdout.strip()
    bench.cell(f"Invoke-Command -Session $sr {{ Wait-Job -Id {job_id} }} | Out-Null",
               timeout=600)
    cipher = asyncio.run(negotiated_cipher(host))
    env = bench.sshd.env
    ssh = bench.sshd.ssh_argv(host, "cat", str(peer_file),
                              options=[f"Ciphers={cipher}",
                                       f"KexAlgorithms={OPENSSH_KEX}"])
    setup = bench.sshd.ssh_argv(host, "true", options=[f"KexAlgorithms={OPENSSH_KEX}"])
    rj_rate, peer_rate, asyncssh_rate, setups, peaks = [], [], [], [], []
    rj_cpu, asyncssh_cpu, rj_faults, asyncssh_faults = [], [], [], []
    gib = size / (1 << 30)
    before = bench.rss_mib("VmRSS")
    for _ in range(max(1, reps // 2) + 1):
        bench.reset_peak_rss()
        start_rss = bench.rss_mib("VmRSS")
        cpu, faults = bench.kernel_cpu(), bench.kernel_minflt()
        elapsed = bench.cell("Receive-Job $rj -Keep | Out-Null", timeout=600)[1]
        rj_cpu.append((bench.kernel_cpu() - cpu) / gib)
        rj_faults.append((bench.kernel_minflt() - faults) / gib)
        rj_rate.append(size / elapsed / 1e6)
        peaks.append(bench.rss_mib("VmHWM") - start_rss)
        started = time.perf_counter()
        subprocess.run(ssh, env=env, check=True, stdout=subprocess.DEVNULL,
                       stdin=subprocess.DEVNULL)
        peer_rate.append(size / (time.perf_counter() - started) / 1e6)
        started = time.perf_counter()
        subprocess.run(setup, env=env, check=True, stdin=subprocess.DEVNULL)
        setups.append(time.perf_counter() - started)
        elapsed, cpu, faults = asyncio.run(asyncssh_cat(host, str(peer_file), size, cipher))
        asyncssh_rate.append(size / elapsed / 1e6)
        asyncssh_cpu.append(cpu / gib)
        asyncssh_faults.append(faults / gib)
    bench.cell("Invoke-Command -Session $sr { Get-Job | Remove-Job -Force }")
    bench.cell("Remove-PSSession $sr")
    peer_file.unlink()
    rj = Stats(rj_rate)
    bench.figures.append(Figure(
        f"Receive-Job {mib} MiB | Out-Null", "MB/s", rj, Stats(asyncssh_rate),
        "asyncssh `cat`, one channel", "≥ 0.9× peer",
        rj.median >= 0.9 * statistics.median(asyncssh_rate), digits=0,
        note=f"both {cipher}; the kernel streams from the remote job agent's spool. "
             f"Client CPU per GiB: kernel {Stats(rj_cpu).text(2)} s, asyncssh `cat` "
             f"{Stats(asyncssh_cpu).text(2)} s; minor page faults per GiB: kernel "
             f"{Stats(rj_faults).text(0)}, asyncssh `cat` {Stats(asyncssh_faults).text(0)}. "
             f"OpenSSH's client (`ssh host cat`, "
             f"KexAlgorithms={OPENSSH_KEX}, its set-up of {ms(setups).text(0)} ms "
             f"included): {Stats(peer_rate).text(0)} MB/s"))
    peak = Stats(peaks)
    bench.figures.append(Figure(
        f"kernel RSS growth during Receive-Job {mib} MiB", "MiB", peak, None,
        f"RSS before: {before:.0f} MiB", "flat: ≤ +32 MiB", peak.median <= 32.0, digits=1,
        note="peak RSS (VmHWM, reset before each receive) minus RSS at the start"))


# ---------------------------------------------------------------------- main


def start_bench(base: Path, fleet: int, *, max_startups: str = "1000") -> Bench:
    kernelspec_dir(base / "jupyter" / "kernels" / KERNEL_NAME)
    os.environ["JUPYTER_PATH"] = str(base / "jupyter")
    sshd = start_sshd(base / "sshd", fleet=fleet, max_startups=max_startups)
    try:
        env = kernel_env(sshd.home, base / "state", sshd.env)
        kernel = KernelDriver.start(env, cwd=str(sshd.home))
    except BaseException:
        sshd.stop()
        raise
    os.environ["HOME"] = str(sshd.home)  # the peers see the same ssh config and keys
    os.environ.pop("SSH_AUTH_SOCK", None)
    pid = kernel.km.provisioner.pid  # type: ignore[union-attr]
    return Bench(sshd, kernel, psutil.Process(pid))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("benchmarks", nargs="*", default=["all"],
                        choices=["all", *BENCHMARKS], metavar="NAME",
                        help=f"all (default) or any of: {', '.join(BENCHMARKS)}")
    parser.add_argument("--hosts", type=int, default=100, help="fan-out fleet size")
    parser.add_argument("--reps", type=int, default=5, help="repetitions per figure")
    parser.add_argument("--fanout-reps", type=int, default=3)
    parser.add_argument("--receive-mib", type=int, default=1024)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" /
                        "remote_jobs.json")
    args = parser.parse_args()
    chosen = BENCHMARKS if "all" in args.benchmarks else tuple(
        b for b in BENCHMARKS if b in args.benchmarks)
    fleet = args.hosts if "fanout" in chosen else 0
    if "new-session" in chosen:
        fleet = max(fleet, args.reps)
    print(f"load average before: {load()}", flush=True)
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="rjbench-") as base:
        bench = start_bench(Path(base), fleet)
        try:
            for name in chosen:
                started = time.perf_counter()
                if name == "session-rtt":
                    bench_session_rtt(bench, args.reps)
                elif name == "fanout":
                    bench_fanout(bench, args.fanout_reps)
                elif name == "new-session":
                    bench_new_session(bench, args.reps)
                elif name == "start-job":
                    bench_start_job(bench, args.reps)
                elif name == "receive":
                    bench_receive(bench, args.reps, args.receive_mib)
                print(f"[{name}: {time.perf_counter() - started:.1f} s]", flush=True)
        finally:
            bench.kernel.stop()
            bench.sshd.stop()
    print(f"load average after: {load()}; total {time.perf_counter() - began:.0f} s\n")
    print_table(bench.figures)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "benchmarks": list(chosen), "hosts": args.hosts, "reps": args.reps,
        "receive_mib": args.receive_mib, "load_after": load(),
        "figures": [{**asdict(f), "ratio": f.ratio} for f in bench.figures],
    }, indent=2) + "\n")
    print(f"\nsaved {args.out}")
    return 0 if all(f.met is not False for f in bench.figures) else 1


if __name__ == "__main__":
    sys.exit(main())
