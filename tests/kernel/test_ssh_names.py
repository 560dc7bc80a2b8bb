"""User and host names never become shell code (issue 8 item 4, OpenSSH CVE-2023-51385).

An ssh config may pass ``%r`` (the remote user) and ``%h`` to a ``ProxyCommand`` run by
``/bin/sh -c``, as people write them. Here such a command forwards the connection (a
small Python relay) and logs every ``%r`` it is given: a valid user name reaches it and
the session works; a hostile ``-UserName``, ``user@host`` or ``-Credential`` user is
refused with a parameter validation error before anything runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.fixtures.sshd import SshdFixture

pytestmark = pytest.mark.timeout(180)

RELAY = """\
import socket, sys, threading
sock = socket.create_connection((sys.argv[1], int(sys.argv[2])))
def upstream():
    while data := sys.stdin.buffer.read1(65536):
        sock.sendall(data)
    sock.shutdown(socket.SHUT_WR)
threading.Thread(target=upstream, daemon=True).start()
while data := sock.recv(65536):
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
"""


@pytest.fixture
def proxied(sshd: SshdFixture, tmp_path: Path) -> tuple[dict[str, str], Path]:
    """(kernel env, log of %r values): ``Proxied02`` is Server02 through a ProxyCommand."""
    relay = tmp_path / "relay.py"
    relay.write_text(RELAY)
    users = tmp_path / "proxy-users.log"
    config = tmp_path / "config"
    config.write_text(
        "Host Proxied02\n  HostName 127.0.0.12\n"
        f'  ProxyCommand /bin/sh -c "echo %r >> {users}; exec {sys.executable} {relay} %h %p"\n'
        "\n" + sshd.config_path.read_text()
    )
    return {**sshd.env, "RJKERNEL_SSH_CONFIG": str(config)}, users


def test_hostile_user_names_never_reach_a_proxy_command(start_kernel, sshd: SshdFixture,
                                                        proxied, tmp_path: Path) -> None:
    env, users = proxied
    k = start_kernel(env)
    ok = k.run(f"$s = New-PSSession -ComputerName Proxied02 -UserName {sshd.user}; "
               "Invoke-Command -Session $s { echo via-proxy }")
    assert (ok.status, ok.stdout) == ("ok", "via-proxy\n"), ok.stderr
    assert users.read_text() == f"{sshd.user}\n"  # %r reached the shell: the test can fail

    pwned = tmp_path / "pwned"
    hostile = f"root;touch {pwned};echo"
    for cell_text in (
        f"New-PSSession -ComputerName Proxied02 -UserName '{hostile}'",
        f"Invoke-Command -ComputerName Proxied02 -UserName '{hostile}' {{ true }}",
        f"Invoke-Command -HostName Proxied02 -UserName '{hostile}' {{ true }} -AsJob",
        f"Enter-PSSession -HostName Proxied02 -UserName '{hostile}'",
    ):
        cell = k.run(cell_text)
        assert cell.status == "error", cell_text
        assert "Cannot validate argument on parameter 'UserName'." in cell.stderr, cell.stderr
        assert "CVE-2023-51385" in cell.stderr and "Traceback" not in cell.stderr
    at = k.run(f"New-PSSession -ComputerName '{hostile}@Proxied02'")
    assert "One or more computer names are not valid." in at.stderr
    credential = k.run(f"New-PSSession -ComputerName Proxied02 -Credential '{hostile}'")
    assert "Cannot validate argument on parameter 'Credential'." in credential.stderr
    assert not pwned.exists()
    assert users.read_text() == f"{sshd.user}\n"  # the proxy never ran again
    assert k.run("(Get-PSSession).Count").stdout == "1\n"
