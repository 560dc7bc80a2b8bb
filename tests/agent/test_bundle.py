"""Shipping the agent: the bootstrap command run by ``/bin/sh`` as an SSH server would,
with the bundle on stdin, on this machine's pythons; and the agent's stdlib-only rule."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rjkernel.agent import bundle
from rjkernel.agent.bundle import MISSING_PYTHON, bootstrap_command, bundle_bytes
from rjkernel.agent.protocol import VERSION

AGENT_DIR = Path(bundle.__file__).parent
PYENV = Path.home() / ".pyenv" / "versions"


def python_named(version: str) -> Path | None:
    """An interpreter of that minor version on this machine (pyenv), if there is one."""
    for candidate in sorted(PYENV.glob(f"{version}.*/bin/python{version}")):
        return candidate
    found = shutil.which(f"python{version}")
    return Path(found) if found else None


def path_with_python3(tmp_path: Path, interpreter: Path | str) -> str:
    """A PATH whose ``python3`` is ``interpreter``, plus the basic tools."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").symlink_to(interpreter)
    return f"{bin_dir}:/usr/bin:/bin"


def bootstrap(
    path: str, state_dir: Path, requests: list[dict[str, object]]
) -> subprocess.CompletedProcess[bytes]:
    """Run the bootstrap command like sshd runs a command: ``sh -c <command>``."""
    stdin = bundle_bytes() + b"".join(json.dumps(r).encode() + b"\n" for r in requests)
    env = {"PATH": path, "HOME": str(state_dir.parent), "RJKERNEL_STATE_DIR": str(state_dir)}
    return subprocess.run(
        ["/bin/sh", "-c", bootstrap_command()],
        input=stdin,
        capture_output=True,
        env=env,
        timeout=60,
    )


REQUESTS: list[dict[str, object]] = [
    {"id": 1, "op": "attach_runspace", "runspace": "s1"},
    {"id": 2, "op": "start_job", "runspace": "s1", "command": 'echo "$1"', "argv": ["it works"]},
]


def check_agent_ran(result: subprocess.CompletedProcess[bytes], python: str) -> None:
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == 0, result.stderr
    assert lines[0]["type"] == "hello" and lines[0]["version"] == VERSION
    assert lines[0]["python"].startswith(python)
    replies = {m["id"]: m for m in lines if "id" in m}
    assert replies[1]["ok"] and replies[2]["ok"], lines
    assert replies[2]["result"]["state"] == "Running"


@pytest.mark.parametrize("version", [f"{sys.version_info.major}.{sys.version_info.minor}", "3.8"])
def test_the_bootstrap_runs_the_agent_from_stdin(tmp_path: Path, version: str) -> None:
    python = python_named(version) or (sys.executable if version != "3.8" else None)
    if python is None:
        pytest.skip(f"no Python {version} on this machine")
    result = bootstrap(path_with_python3(tmp_path, python), tmp_path / "state", REQUESTS)
    check_agent_ran(result, version)


def test_without_python3_the_host_says_what_is_missing(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = bootstrap(str(empty), tmp_path / "state", REQUESTS)
    assert result.returncode == 127
    assert result.stderr.decode().strip() == MISSING_PYTHON
    assert result.stdout == b""


def test_a_too_old_python3_says_so(tmp_path: Path) -> None:
    old = python_named("3.7") or python_named("3.6")
    if old is None:
        pytest.skip("no Python older than 3.8 on this machine")
    result = bootstrap(path_with_python3(tmp_path, old), tmp_path / "state", REQUESTS)
    assert result.returncode == 1
    assert "needs Python 3.8 or later" in result.stderr.decode()


def test_the_bootstrap_command_holds_no_request_values() -> None:
    command = bootstrap_command()
    assert command == bootstrap_command()  # a constant
    assert command.startswith("command -v python3 ")


def test_local_argv_runs_the_package_files(tmp_path: Path) -> None:
    env = {**os.environ, "RJKERNEL_STATE_DIR": str(tmp_path / "state")}
    result = subprocess.run(
        bundle.local_argv(),
        input=b"".join(json.dumps(r).encode() + b"\n" for r in REQUESTS),
        capture_output=True,
        env=env,
        timeout=60,
    )
    check_agent_ran(result, f"{sys.version_info.major}.{sys.version_info.minor}")


def test_the_bundle_carries_every_agent_module() -> None:
    shipped = set(bundle.AGENT_MODULES)
    on_disk = {p.stem for p in AGENT_DIR.glob("*.py")} - {"bundle", "boot"}
    assert shipped == on_disk


@pytest.mark.parametrize("name", [*bundle.AGENT_MODULES, "boot"])
def test_agent_modules_import_only_the_standard_library(name: str) -> None:
    tree = ast.parse((AGENT_DIR / f"{name}.py").read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots = [alias.name.split(".")[0] for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: another agent module
                continue
            roots = [(node.module or "").split(".")[0]]
        else:
            continue
        for root in roots:
            assert root == "__future__" or root in sys.stdlib_module_names, (name, root)
