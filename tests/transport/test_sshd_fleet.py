"""The sshd fixture's fleet: N more hosts, one sshd per 16 addresses."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.fixtures.sshd import SSHD, fleet_hosts, start_sshd


def test_fleet_names_and_addresses() -> None:
    hosts = fleet_hosts(251)
    assert list(hosts)[:2] == ["node001", "node002"]
    assert hosts["node001"] == "127.0.1.1"
    assert hosts["node250"] == "127.0.1.250"
    assert hosts["node251"] == "127.0.2.1"
    assert fleet_hosts(0) == {}
    with pytest.raises(ValueError):
        fleet_hosts(-1)


@pytest.mark.skipif(not SSHD.exists(), reason=f"{SSHD} is not installed")
def test_a_fleet_spanning_two_sshds_answers(tmp_path: Path) -> None:
    fixture = start_sshd(tmp_path, fleet=20)
    try:
        assert fixture.fleet == [f"node{i:03d}" for i in range(1, 21)]
        assert len(fixture.pids) == 2 + 2  # main, other, and two for 16 + 4 addresses
        for name in ("node001", "node017", "node020"):
            result = subprocess.run(
                fixture.ssh_argv(name, 'printf %s "$HOME"'), env=fixture.env,
                capture_output=True, text=True, timeout=30, check=False,
                stdin=subprocess.DEVNULL,
            )
            assert (result.returncode, result.stdout) == (0, str(fixture.hosts[name].home)), \
                result.stderr
    finally:
        fixture.stop()
