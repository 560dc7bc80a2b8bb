"""The suite's sshd fixture works with the real OpenSSH client."""

from __future__ import annotations

import subprocess

from tests.fixtures.sshd import SshdFixture

TIMEOUT = 30


def _ssh(sshd: SshdFixture, host: str, command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        sshd.ssh_argv(host, command),
        env=sshd.env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def _ssh_session(sshd: SshdFixture, host: str) -> subprocess.Popen[str]:
    """A running ``ssh host`` whose first output line says the session has started."""
    proc = subprocess.Popen(
        sshd.ssh_argv(host, "echo ready; exec sleep 60"),
        env=sshd.env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline() == "ready\n"
    return proc


def test_ssh_runs_commands_on_two_hosts(sshd: SshdFixture) -> None:
    for host in ("Server01", "web02"):
        result = _ssh(sshd, host, "echo ok")
        assert (result.returncode, result.stdout) == (0, "ok\n"), result.stderr


def test_each_host_has_its_own_home(sshd: SshdFixture) -> None:
    names = ("Server01", "Server02", "web01", "db01")
    for name in names:
        result = _ssh(sshd, name, 'printf %s "$HOME"')
        assert result.returncode == 0, result.stderr
        assert result.stdout == str(sshd.hosts[name].home)
    assert len({sshd.hosts[name].home for name in names}) == len(names)


def test_dead_host_refuses(sshd: SshdFixture) -> None:
    result = _ssh(sshd, sshd.dead_host.name, "true")
    assert result.returncode == 255
    assert "Connection refused" in result.stderr


def test_unknown_and_changed_keys_are_refused(sshd: SshdFixture) -> None:
    stranger = _ssh(sshd, sshd.stranger_host.name, "true")
    assert stranger.returncode == 255
    assert "Host key verification failed" in stranger.stderr
    changed = _ssh(sshd, sshd.changed_host.name, "true")
    assert changed.returncode == 255
    assert "REMOTE HOST IDENTIFICATION HAS CHANGED" in changed.stderr


def test_drop_connections_cuts_only_that_address(sshd: SshdFixture) -> None:
    web01 = _ssh_session(sshd, "web01")
    db01 = _ssh_session(sshd, "db01")
    try:
        web01_address = sshd.hosts["web01"].address
        assert sshd.connections_of(web01_address)
        assert sshd.drop_connections(web01_address)
        assert web01.wait(timeout=TIMEOUT) == 255
        assert sshd.connections_of(web01_address) == []
        assert db01.poll() is None
        assert sshd.connections_of(sshd.hosts["db01"].address)
    finally:
        for proc in (web01, db01):
            proc.kill()
            proc.communicate()
