"""Connections and job agents do not outlive their sessions (issue 8 item 11).

A real kernel against an sshd of this module's own (so that only this kernel's
connections and agents are counted): its TCP connections are read from the kernel
process, the agents from the hosts' process table (an agent and its launcher per
host). The kernel closes a connection nobody holds after ``$RJKERNEL_SSH_IDLE_CLOSE``
(0.5 s here); agents exit when their connection goes, or — holding no runspace — after
``$RJKERNEL_AGENT_IDLE_EXIT`` (2 s on these hosts). Jobs started with Start-Job keep
running through all of it and are received later.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from tests.fixtures.kernel import Gate, KernelDriver, wait_until
from tests.fixtures.sshd import MAIN_HOSTS, SSHD, SshdFixture, start_sshd

pytestmark = [pytest.mark.skipif(not SSHD.exists(), reason=f"{SSHD} is not installed"),
              pytest.mark.timeout(240)]
HOSTS = list(MAIN_HOSTS)  # Server01 … db01: six hosts
AGENT_IDLE = 2.0


@pytest.fixture(scope="module")
def own_sshd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SshdFixture]:
    fixture = start_sshd(tmp_path_factory.mktemp("lifetime-sshd"),
                         host_env={"RJKERNEL_AGENT_IDLE_EXIT": str(AGENT_IDLE)})
    yield fixture
    fixture.stop()


def _kernel(start_kernel, sshd: SshdFixture, idle_close: float) -> KernelDriver:
    return start_kernel({**sshd.env, "RJKERNEL_SSH_IDLE_CLOSE": str(idle_close)})


def _connections(k: KernelDriver, sshd: SshdFixture) -> int:
    """The kernel's established TCP connections to our sshds."""
    kernel = psutil.Process(k.km.provisioner.pid)  # type: ignore[union-attr]
    return sum(1 for c in kernel.net_connections(kind="tcp")
               if c.raddr and c.raddr[1] == sshd.port and c.status == psutil.CONN_ESTABLISHED)


def _settles(what: str, value: object, current) -> None:
    wait_until(lambda: current() == value, 30, f"{what} becoming {value}")


def test_sessions_commands_and_their_agents_leave_nothing_behind(
        start_kernel, own_sshd: SshdFixture, gates: Gate) -> None:
    k = _kernel(start_kernel, own_sshd, 0.5)
    hosts = ",".join(HOSTS)
    opened = k.run(f"$s = New-PSSession -ComputerName {hosts}; "
                   "Invoke-Command -Session $s { true }")
    assert opened.status == "ok", opened.stderr
    _settles("agents and launchers", 2 * len(HOSTS), lambda: len(own_sshd.agent_processes()))
    assert _connections(k, own_sshd) == len(HOSTS)
    time.sleep(1.0)  # twice the idle grace: sessions hold their connections
    assert _connections(k, own_sshd) == len(HOSTS)
    assert k.run("Remove-PSSession $s").status == "ok"
    _settles("kernel connections", 0, lambda: _connections(k, own_sshd))
    _settles("agents and launchers", 0, lambda: len(own_sshd.agent_processes()))

    ran = k.run(f"Invoke-Command -ComputerName {hosts} {{ echo hi }}")
    assert ran.stdout.count("hi") == len(HOSTS)
    _settles("kernel connections", 0, lambda: _connections(k, own_sshd))

    gate = gates(own_sshd.base / "asjob-gate")
    job = k.run(f"$j = Invoke-Command -ComputerName {hosts} {{ "
                f"until [ -e {gate} ]; do sleep 0.05; done; echo done }} -AsJob")
    assert job.status == "ok"
    _settles("kernel connections", len(HOSTS), lambda: _connections(k, own_sshd))
    time.sleep(1.0)  # twice the idle grace: running children hold their connections
    assert _connections(k, own_sshd) == len(HOSTS)
    gate.touch()
    k.run("Wait-Job $j | Out-Null")
    assert k.run("(Receive-Job $j).Count").stdout == f"{len(HOSTS)}\n"
    _settles("kernel connections", 0, lambda: _connections(k, own_sshd))


def test_durable_jobs_outlive_the_connection_and_its_agent(
        start_kernel, own_sshd: SshdFixture, gates: Gate) -> None:
    k = _kernel(start_kernel, own_sshd, 0.5)
    home = own_sshd.hosts["Server03"].home
    assert home is not None
    gate = gates(Path(home) / "durable-gate")
    started = k.run(f"Invoke-Command -ComputerName Server03 {{ Start-Job {{ "
                    f"while [ ! -e {gate} ]; do sleep 0.05; done; echo durable }} }} | Out-Null")
    assert "keeps running on Server03" in started.stderr
    _settles("kernel connections", 0, lambda: _connections(k, own_sshd))
    _settles("agents and launchers", 0, lambda: len(own_sshd.agent_processes()))
    gate.touch()
    back = k.run("$c = Get-PSSession -ComputerName Server03 | Connect-PSSession; "
                 "Invoke-Command -Session $c { Get-Job | Wait-Job | Receive-Job }")
    assert back.stdout == "durable\n", back.stderr


def test_an_idle_agent_exits_and_an_attached_one_stays(start_kernel,
                                                       own_sshd: SshdFixture) -> None:
    k = _kernel(start_kernel, own_sshd, 600)  # the kernel keeps the connection
    assert k.run("$s = New-PSSession -ComputerName web02").status == "ok"
    _settles("agents and launchers", 2, lambda: len(own_sshd.agent_processes()))
    _settles("agents and launchers", 0, lambda: len(own_sshd.agent_processes()))
    assert _connections(k, own_sshd) == 1  # the session still has its connection
    job = k.run("Invoke-Command -Session $s { Start-Job { sleep 30 } } | Out-Null; "
                "Invoke-Command -Session $s { (Get-Job).State }")
    assert job.stdout == "Running\n", job.stderr  # a new agent, started on demand
    time.sleep(2 * AGENT_IDLE)  # its runspace is attached: it stays
    assert len(own_sshd.agent_processes()) == 2
    k.run("Invoke-Command -Session $s { Get-Job | Remove-Job -Force }; Remove-PSSession $s")


def test_work_spanning_awaits_holds_its_connection(start_kernel,
                                                   own_sshd: SshdFixture) -> None:
    """Get-PSSession -ComputerName connects, starts the agent and asks it: with an idle
    close far shorter than that takes, the connection must still not close halfway
    (it did: "the job agent exited with status None")."""
    k = _kernel(start_kernel, own_sshd, 0.001)
    listed = k.run("Get-PSSession -ComputerName web01 | Out-Null")
    assert listed.status == "ok", listed.stderr
    assert listed.stderr == ""
