"""PersistentShell, over a local process and over the suite's real sshd, with the same tests."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from rjkernel.transport.hosts import parse_host_spec
from rjkernel.transport.shell import PersistentShell, ShellClosed
from rjkernel.transport.ssh import ConnectionPool
from tests.fixtures.aio import run

PLACES = ["local", pytest.param("ssh", marks=pytest.mark.sshd)]


class Output:
    """Collects a stream's bytes and lets a test wait for some text to show up in it."""

    def __init__(self) -> None:
        self.data = b""
        self._changed = asyncio.Event()

    def __call__(self, chunk: bytes) -> None:
        self.data += chunk
        self._changed.set()

    @property
    def text(self) -> str:
        return self.data.decode()

    async def wait_for(self, text: str) -> None:
        while text not in self.text:
            self._changed.clear()
            await self._changed.wait()


@pytest.fixture(params=PLACES)
def place(request: pytest.FixtureRequest) -> str:
    if request.param == "ssh":
        request.getfixturevalue("client_home")
    return str(request.param)


@contextlib.asynccontextmanager
async def open_shell(place: str) -> AsyncIterator[PersistentShell]:
    """A fresh shell: a local process, or on Server01 through a new pool."""
    pool = ConnectionPool()
    if place == "local":
        shell = await PersistentShell.open_local()
    else:
        connection = await pool.connect(parse_host_spec("Server01"))
        shell = await connection.open_shell()
    try:
        yield shell
    finally:
        await shell.close()
        await pool.close()


def in_shell(place: str, body: Callable[[PersistentShell], object]) -> None:
    async def scenario() -> None:
        async with open_shell(place) as shell:
            await body(shell)  # type: ignore[misc]

    run(scenario)


async def output_of(shell: PersistentShell, text: str) -> tuple[int, str, str]:
    out, err = Output(), Output()
    status = await shell.run(text, out, err)
    return status, out.text, err.text


def test_identity_is_reported(place: str) -> None:
    async def body(shell: PersistentShell) -> None:
        status, out, _ = await output_of(shell, "ps -o pgid= -p $$; id -un; echo $HOME")
        pgid, user, home = out.split()
        assert (status, int(pgid), user, home) == (0, shell.pgid, shell.user, shell.home)
        if place == "ssh":
            assert shell.cwd == shell.home  # sessions start in $HOME
        else:
            assert shell.cwd == os.getcwd()

    in_shell(place, body)


def test_cwd_and_exports_persist(place: str, tmp_path: Path) -> None:
    async def body(shell: PersistentShell) -> None:
        assert await shell.run(f"cd '{tmp_path}' && export RJ_X=1 && RJ_Y=2") == 0
        assert shell.cwd == str(tmp_path)
        status, out, _ = await output_of(shell, 'echo "$RJ_X $RJ_Y $PWD"; sh -c \'echo "$RJ_X"\'')
        assert (status, out) == (0, f"1 2 {tmp_path}\n1\n")

    in_shell(place, body)


def test_exit_status_and_streams(place: str) -> None:
    async def body(shell: PersistentShell) -> None:
        assert await output_of(shell, "echo out; echo err >&2; false") == (1, "out\n", "err\n")
        assert await output_of(shell, "(exit 42)") == (42, "", "")
        assert (await output_of(shell, "no-such-command-rj"))[0] == 127

    in_shell(place, body)


def test_output_without_final_newline(place: str) -> None:
    async def body(shell: PersistentShell) -> None:
        assert await output_of(shell, "printf abc; printf def >&2") == (0, "abc", "def")
        assert await output_of(shell, "printf '\\036'") == (0, "\x1e", "")
        assert await output_of(shell, "echo next") == (0, "next\n", "")

    in_shell(place, body)


def test_output_streams_as_it_is_produced(place: str, tmp_path: Path) -> None:
    gate = tmp_path / "gate"

    async def body(shell: PersistentShell) -> None:
        out = Output()
        script = f"echo first; while [ ! -e '{gate}' ]; do sleep 0.01; done; echo second"
        running = asyncio.ensure_future(shell.run(script, out))
        await out.wait_for("first")
        assert "second" not in out.text
        assert not gate.exists()
        gate.touch()
        assert await running == 0
        assert out.text == "first\nsecond\n"

    in_shell(place, body)


def test_quotes_cannot_escape_the_chunk(place: str) -> None:
    async def body(shell: PersistentShell) -> None:
        status, out, err = await output_of(shell, 'echo "unterminated')
        assert status == 2
        assert "unterminated" not in out
        assert err  # the shell's syntax error message
        assert (await output_of(shell, "'; echo injected; '"))[1] == ""
        assert await output_of(shell, "echo 'it'\\''s'; echo \"$((1+1))\"") == (0, "it's\n2\n", "")
        assert await output_of(shell, "if then fi") != (0, "", "")
        assert await output_of(shell, "echo alive") == (0, "alive\n", "")

    in_shell(place, body)


def test_multi_line_chunks_and_heredocs(place: str) -> None:
    async def body(shell: PersistentShell) -> None:
        chunk = "cat <<'EOF'\nit's $HOME\nEOF\nfor i in 1 2; do\n  echo \"n=$i\"\ndone"
        assert await output_of(shell, chunk) == (0, "it's $HOME\nn=1\nn=2\n", "")

    in_shell(place, body)


def test_set_e_ends_the_shell_at_the_first_failure(place: str) -> None:
    async def body(shell: PersistentShell) -> None:
        assert await shell.run("set -e") == 0
        with pytest.raises(ShellClosed) as caught:
            await shell.run("false")
        assert caught.value.exit_status == 1

    in_shell(place, body)


def test_chunks_cannot_read_the_protocol(place: str) -> None:
    async def body(shell: PersistentShell) -> None:
        pending = asyncio.ensure_future(output_of(shell, "cat; read x; echo read=$?"))
        follower = asyncio.ensure_future(output_of(shell, "echo after"))
        assert await pending == (0, "read=1\n", "")
        assert await follower == (0, "after\n", "")

    in_shell(place, body)


def test_exec_redirections_last_only_for_their_chunk(place: str, tmp_path: Path) -> None:
    log = tmp_path / "log"

    async def body(shell: PersistentShell) -> None:
        assert await output_of(shell, "exec 2>&1; echo to-err >&2") == (0, "to-err\n", "")
        assert await output_of(shell, "echo err >&2") == (0, "", "err\n")
        assert await output_of(shell, f"exec >'{log}'; echo hidden") == (0, "", "")
        assert await output_of(shell, "echo shown") == (0, "shown\n", "")
        assert log.read_text() == "hidden\n"

    in_shell(place, body)


def test_concurrent_runs_are_queued_in_order(place: str) -> None:
    async def body(shell: PersistentShell) -> None:
        results = await asyncio.gather(*(output_of(shell, f"echo {n}") for n in range(20)))
        assert results == [(0, f"{n}\n", "") for n in range(20)]

    in_shell(place, body)


def test_large_output(place: str) -> None:
    async def body(shell: PersistentShell) -> None:
        status, out, _ = await output_of(shell, "head -c 3000000 /dev/zero | tr '\\0' a")
        assert (status, len(out), set(out)) == (0, 3_000_000, {"a"})

    in_shell(place, body)


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_interrupt_ends_the_foreground_command_only(place: str) -> None:
    outside = subprocess.Popen(["sleep", "60"], start_new_session=True)

    async def body(shell: PersistentShell) -> None:
        _, out, _ = await output_of(shell, "sleep 60 >/dev/null 2>&1 & echo $!")
        background = int(out)
        try:
            out_ = Output()
            running = asyncio.ensure_future(
                shell.run("echo started; sleep 60; echo not-reached", out_)
            )
            await out_.wait_for("started")
            started = time.monotonic()
            await shell.interrupt()
            assert await asyncio.wait_for(running, 5) == 130
            assert time.monotonic() - started < 1.0
            assert out_.text == "started\n"
            assert await output_of(shell, "echo alive") == (0, "alive\n", "")
            assert _is_running(background)  # started with & inside the shell: SIGINT ignored
            assert outside.poll() is None
        finally:
            await shell.run(f"kill {background}")

    try:
        in_shell(place, body)
    finally:
        outside.kill()
        outside.wait()


def test_interrupt_stops_shell_loops_and_the_rest_of_the_chunk(place: str) -> None:
    async def body(shell: PersistentShell) -> None:
        out = Output()
        running = asyncio.ensure_future(
            shell.run("echo started; while :; do :; done; echo after-loop", out)
        )
        await out.wait_for("started")
        await shell.interrupt()
        assert await asyncio.wait_for(running, 5) == 130
        assert out.text == "started\n"
        assert await output_of(shell, "echo alive") == (0, "alive\n", "")

    in_shell(place, body)


def test_top_level_continue_does_not_repeat_the_chunk(place: str) -> None:
    async def body(shell: PersistentShell) -> None:
        assert await output_of(shell, "echo once; continue; echo skipped") == (0, "once\n", "")

    in_shell(place, body)


def test_cancelled_run_is_interrupted_and_the_queue_stays_in_step(place: str) -> None:
    async def body(shell: PersistentShell) -> None:
        out = Output()
        running = asyncio.ensure_future(shell.run("echo started; sleep 60; echo late", out))
        await out.wait_for("started")
        running.cancel()
        with pytest.raises(asyncio.CancelledError):
            await running
        assert await asyncio.wait_for(output_of(shell, "echo next"), 5) == (0, "next\n", "")
        assert out.text == "started\n"

    in_shell(place, body)


def test_exit_in_a_chunk_ends_the_shell(place: str) -> None:
    async def body(shell: PersistentShell) -> None:
        out = Output()
        with pytest.raises(ShellClosed) as caught:
            await shell.run("echo bye; exit 3", out)
        assert caught.value.exit_status == 3
        assert out.text == "bye\n"
        assert shell.closed
        assert (await shell.wait_closed()).exit_status == 3
        with pytest.raises(ShellClosed):
            await shell.run("true")

    in_shell(place, body)


def test_close_ends_the_shell(place: str) -> None:
    async def body(shell: PersistentShell) -> None:
        pgid = shell.pgid
        await shell.close()
        assert shell.closed
        with pytest.raises(ShellClosed):
            await shell.run("true")
        if place == "local":
            assert not _is_running(pgid)

    in_shell(place, body)


def test_local_shell_can_be_interrupted_when_the_kernel_ignores_sigint() -> None:
    """The kernel ignores SIGINT while idle; the shell must not inherit that."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:

        async def body(shell: PersistentShell) -> None:
            out = Output()
            running = asyncio.ensure_future(shell.run("echo started; sleep 60", out))
            await out.wait_for("started")
            await shell.interrupt()
            assert await asyncio.wait_for(running, 5) == 130

        in_shell("local", body)
    finally:
        signal.signal(signal.SIGINT, previous)
