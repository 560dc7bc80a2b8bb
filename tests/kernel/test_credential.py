"""``-Credential``: the password is asked through the frontend's password input, reaches
the server, and appears nowhere — not in any output, not in the history, not in the
journal.

OpenSSH's sshd checks passwords against system accounts, which tests must not touch, so
the host here is a small asyncssh server on loopback (in a thread of the test) that
accepts one user/password and runs commands with the local ``sh``.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import asyncssh
import pytest

from tests.fixtures.kernel import KernelDriver

pytestmark = pytest.mark.timeout(120)
PASSWORD = "s3cret-horse-battery"


class _Server(asyncssh.SSHServer):
    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        return (username, password) == ("alice", PASSWORD)


async def _run_command(process: asyncssh.SSHServerProcess[bytes]) -> None:
    child = await asyncio.create_subprocess_exec(
        "/bin/sh", "-c", process.command or "sh", start_new_session=True,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    await process.redirect(stdin=child.stdin, stdout=child.stdout, stderr=child.stderr)
    process.exit(await child.wait())


@pytest.fixture
def password_host(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """(port, known_hosts) of a password-only SSH server on 127.0.0.1."""
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    state: dict[str, object] = {}

    async def start() -> None:
        key = asyncssh.generate_private_key("ssh-ed25519")
        server = await asyncssh.create_server(
            _Server, "127.0.0.1", 0, server_host_keys=[key], process_factory=_run_command,
            encoding=None,
        )
        state["server"] = server
        state["port"] = server.sockets[0].getsockname()[1]
        state["key"] = key.export_public_key().decode().strip()
        ready.set()

    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(start(), loop)
    assert ready.wait(10)
    known = tmp_path / "known_hosts"
    known.write_text(f"[127.0.0.1]:{state['port']} {state['key']}\n")
    yield int(state["port"]), known  # type: ignore[call-overload]
    server = state["server"]
    loop.call_soon_threadsafe(server.close)  # type: ignore[attr-defined]
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)


def test_credential_prompts_for_a_hidden_password(start_kernel, password_host, tmp_path: Path
                                                  ) -> None:
    port, known = password_host
    config = tmp_path / "empty-config"  # no keys, no agent: the password is the way in
    config.write_text("")
    k: KernelDriver = start_kernel({"RJKERNEL_KNOWN_HOSTS": str(known),
                                    "RJKERNEL_SSH_CONFIG": str(config)})
    cell = k.submit(f"$s = New-PSSession -ComputerName 127.0.0.1:{port} -Credential alice; "
                    "Invoke-Command -Session $s { echo logged-in-as-$(id -u) }",
                    allow_stdin=True)
    request = k.kc.get_stdin_msg(timeout=30)
    assert request["msg_type"] == "input_request"
    assert request["content"]["password"] is True
    assert "alice@127.0.0.1" in request["content"]["prompt"]
    k.kc.input(PASSWORD)
    k.collect(cell)
    assert cell.status == "ok", cell.stderr
    assert cell.stdout.startswith("logged-in-as-")
    everything = json.dumps([m["content"] for m in cell.messages + k.late])
    assert PASSWORD not in everything
    history = k.kc.history(hist_access_type="tail", n=50, raw=True, output=True)
    while True:
        reply = k.kc.get_shell_msg(timeout=30)
        if reply["parent_header"].get("msg_id") == history:
            break
    assert PASSWORD not in json.dumps(reply["content"])
    journals = list((tmp_path / "state0" / "journal").glob("*.jsonl"))  # start_kernel's
    assert len(journals) == 1 and "-Credential alice" in journals[0].read_text()
    assert PASSWORD not in journals[0].read_text()


def test_credential_without_a_prompt_is_a_clear_error(start_kernel, password_host,
                                                      tmp_path: Path) -> None:
    port, known = password_host
    config = tmp_path / "empty-config"
    config.write_text("")
    k = start_kernel({"RJKERNEL_KNOWN_HOSTS": str(known), "RJKERNEL_SSH_CONFIG": str(config)})
    cell = k.run(f"New-PSSession -ComputerName 127.0.0.1:{port} -Credential alice")
    assert cell.status == "error"
    assert "cannot prompt" in cell.stderr and "-KeyFilePath" in cell.stderr
