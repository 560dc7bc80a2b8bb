"""``rjkernel demo``'s runner: headless execution against the demo hosts, and supervising
JupyterLab (a stand-in child here) until it exits or we are told to stop.

The headless test installs, in place of rjkernel's kernelspec, one named ``rjkernel``
that starts IPython's kernel: what is tested is the runner — hosts up, environment
reaching the kernel, cwd, printing, the raises-exception rule, the saved notebook — not
rjkernel's own kernel.
"""

from __future__ import annotations

import asyncio
import json
import sys
import textwrap
import types
from pathlib import Path

import nbformat
import pytest

from rjkernel.demo import run as demo_run

TIMEOUT = 60.0


def _fake_kernelspec(monkeypatch: pytest.MonkeyPatch, jupyter_path: Path) -> list[dict]:
    """Make ``rjkernel.install.install_kernelspec`` install an IPython kernel as 'rjkernel'."""
    calls: list[dict] = []

    def install_kernelspec(**kwargs: object) -> str:
        calls.append(kwargs)
        spec_dir = jupyter_path / "kernels" / "rjkernel"
        spec_dir.mkdir(parents=True, exist_ok=True)
        argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
        spec = {"argv": argv, "display_name": "stand-in", "language": "python"}
        (spec_dir / "kernel.json").write_text(json.dumps(spec))
        return str(spec_dir)

    module = types.ModuleType("rjkernel.install")
    module.install_kernelspec = install_kernelspec  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "rjkernel.install", module)
    monkeypatch.setenv("JUPYTER_PATH", str(jupyter_path))
    return calls


def _notebook(path: Path, cells: list[tuple[str, list[str]]]) -> Path:
    nb = nbformat.v4.new_notebook()
    for source, tags in cells:
        cell = nbformat.v4.new_code_cell(textwrap.dedent(source).strip())
        if tags:
            cell.metadata["tags"] = tags
        nb.cells.append(cell)
    nbformat.write(nb, path)
    return path


REACH_A_HOST = """
    import os, asyncssh
    print(os.getcwd())
    async with asyncssh.connect("Server02", config=[os.environ["RJKERNEL_SSH_CONFIG"]],
                                known_hosts=os.environ["RJKERNEL_KNOWN_HOSTS"]) as conn:
        print((await conn.run("echo $HOME")).stdout, end="")
"""


def test_headless_run_reaches_the_hosts_and_saves_the_notebook(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    calls = _fake_kernelspec(monkeypatch, tmp_path / "jupyter")
    notebook = _notebook(
        tmp_path / "tour.ipynb",
        [(REACH_A_HOST, []), ("1/0", ["raises-exception"]), ("6 * 7", [])],
    )
    state = tmp_path / "state"

    status = demo_run.run_demo(headless=True, notebook=notebook, state_dir=state)

    printed = capsys.readouterr().out
    assert status == 0, printed
    in_venv = sys.prefix != sys.base_prefix
    assert calls == ([{"sys_prefix": True}] if in_venv else [{"user": True}])
    assert "Server02 (127.0.0.1:" in printed
    assert f"ssh -F {state / 'ssh_config'} Server01" in printed
    assert "In [1]: import os, asyncssh\n        print(os.getcwd())\n" in printed
    assert f"{state / 'work'}\n{state / 'hosts' / 'Server02'}\n" in printed
    assert "ZeroDivisionError" in printed
    assert "Out[3]: 42\n" in printed
    saved = nbformat.read(state / "work" / "tour.executed.ipynb", as_version=4)
    assert saved.cells[2].outputs[0]["data"]["text/plain"] == "42"


def test_headless_run_fails_on_an_untagged_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _fake_kernelspec(monkeypatch, tmp_path / "jupyter")
    notebook = _notebook(tmp_path / "bad.ipynb", [("1/0", []), ("'not reached'", [])])

    status = demo_run.run_demo(headless=True, notebook=notebook, state_dir=tmp_path / "s")

    printed = capsys.readouterr().out
    assert status == 1
    assert "ZeroDivisionError" in printed
    assert "not reached'\n" not in printed.split("In [")[-1]
    assert (tmp_path / "s" / "work" / "bad.executed.ipynb").exists()


def test_working_copy_is_made_once(tmp_path: Path) -> None:
    original = tmp_path / "tour.ipynb"
    original.write_text("v1")
    work = tmp_path / "work"
    work.mkdir()
    copy = demo_run.working_copy(original, work)
    copy.write_text("edited by the user")
    original.write_text("v2")
    assert demo_run.working_copy(original, work).read_text() == "edited by the user"
    assert original.read_text() == "v2"


def _supervise(script: str, tmp_path: Path, grace: float = TIMEOUT) -> int:
    argv = [sys.executable, "-c", textwrap.dedent(script)]

    async def bounded() -> int:
        return await asyncio.wait_for(
            demo_run.supervise(argv, env={"DEMO_VALUE": "seen"}, cwd=tmp_path, grace=grace),
            TIMEOUT,
        )

    return asyncio.run(bounded())


def test_supervise_returns_the_child_status(tmp_path: Path) -> None:
    script = """
        import os, sys
        open("env.txt", "w").write(os.environ["DEMO_VALUE"])
        sys.exit(3)
    """
    assert _supervise(script, tmp_path) == 3
    assert (tmp_path / "env.txt").read_text() == "seen"


def test_supervise_stops_the_child_on_sigterm(tmp_path: Path) -> None:
    """Our SIGTERM (sent here by the child itself, as a terminal's Ctrl-C would be)
    becomes SIGTERM to the child, which runs in a session of its own."""
    script = """
        import os, signal, time
        open("session.txt", "w").write(f"{os.getsid(0)} {os.getpid()}")
        os.kill(os.getppid(), signal.SIGTERM)
        time.sleep(60)
    """
    assert _supervise(script, tmp_path) == 0
    sid, pid = (tmp_path / "session.txt").read_text().split()
    assert sid == pid


def test_supervise_kills_a_child_that_ignores_sigterm(tmp_path: Path) -> None:
    script = """
        import os, signal, time
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        os.kill(os.getppid(), signal.SIGTERM)
        time.sleep(60)
    """
    assert _supervise(script, tmp_path, grace=0.5) == 0
