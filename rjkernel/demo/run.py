"""``rjkernel demo``: start the demo hosts, install the kernelspec, open (or run) the tour.

Rules:

- Everything the demo writes goes under the state directory — the hosts' files, the
  working copy of the notebook and, headless, the executed notebook — except the
  kernelspec, which goes where Jupyter looks: into the running venv (``sys_prefix``), or
  the user's Jupyter directory outside a venv.
- The notebook shipped in the package is never modified: JupyterLab opens a copy in
  ``<state>/work/``. An existing copy is kept, since it may hold the user's edits; the
  message says how to get a fresh one.
- The kernel learns where the hosts are from the environment (``DemoHosts.env``) of the
  process that starts it: nbclient's kernel manager when headless, JupyterLab otherwise.
- JupyterLab runs in a session of its own, so that the terminal's Ctrl-C reaches only
  this process (JupyterLab itself would stop to ask "Shutdown this Jupyter server?"). On
  SIGINT or SIGTERM it is sent SIGTERM — its clean shutdown also stops its kernels —
  then SIGKILL if it is still there after a grace period or a second Ctrl-C; then the
  hosts stop.
- Headless, a cell that fails stops the run with exit status 1, unless it is tagged
  ``raises-exception`` (nbclient's convention for cells meant to fail).
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
import shutil
import signal
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from rjkernel.demo.hosts import DemoHosts, DemoStateBusy
from rjkernel.demo.statedir import default_state_dir
from rjkernel.demo.transcript import format_cell, strip_ansi

KERNEL_NAME = "rjkernel"
CELL_TIMEOUT_SECONDS = 300
STOP_GRACE_SECONDS = 15.0


def run_demo(*, headless: bool, notebook: Path, state_dir: Path | None = None) -> int:
    """Run the demo (see the module rules); the process exit status."""
    state = (state_dir or default_state_dir()).absolute()
    try:
        return asyncio.run(_demo(headless=headless, notebook=notebook, state_dir=state))
    except DemoStateBusy as exc:
        print(f"rjkernel demo: {exc}", file=sys.stderr)
        return 1


async def _demo(*, headless: bool, notebook: Path, state_dir: Path) -> int:
    needed = ("nbclient", "nbformat") if headless else ("jupyterlab",)
    missing = [name for name in needed if importlib.util.find_spec(name) is None]
    if missing:
        print(
            f"rjkernel demo needs {', '.join(missing)}: pip install 'rjkernel[demo]'",
            file=sys.stderr,
        )
        return 1
    spec = install_kernelspec()
    async with await DemoHosts.start(state_dir) as hosts:
        print(describe(hosts, spec), flush=True)
        work_dir = state_dir / "work"
        work_dir.mkdir(exist_ok=True)
        env = {**os.environ, **hosts.env}
        if headless:
            executed = work_dir / f"{notebook.stem}.executed.ipynb"
            return await execute_notebook(notebook, work_dir=work_dir, env=env, save_to=executed)
        copy = working_copy(notebook, work_dir)
        return await supervise(jupyterlab_command(copy.name), env=env, cwd=work_dir)


def jupyterlab_command(notebook: str) -> list[str]:
    """JupyterLab from this interpreter, opening ``notebook`` (relative to its cwd).

    As root (containers) JupyterLab refuses to start without ``--allow-root``; the demo
    runs as whoever starts it, so it passes the flag then.
    """
    argv = [sys.executable, "-m", "jupyterlab", notebook]
    return [*argv, "--allow-root"] if os.geteuid() == 0 else argv


def install_kernelspec() -> str:
    """Install rjkernel's kernelspec into the venv when in one, else for the user."""
    from rjkernel.install import install_kernelspec as install

    if sys.prefix != sys.base_prefix:
        return install(sys_prefix=True)
    return install(user=True)


def describe(hosts: DemoHosts, kernelspec: str) -> str:
    """The banner: where the hosts listen and where their files are."""
    listening = ", ".join(f"{name} (127.0.0.1:{port})" for name, port in hosts.hosts.items())
    first = next(iter(hosts.hosts))
    return (
        f"rjkernel demo hosts: {listening}\n"
        f"  state: {hosts.state_dir}  (try: ssh -F {hosts.ssh_config} {first} hostname)\n"
        f"  kernelspec: {kernelspec}\n"
    )


def working_copy(notebook: Path, work_dir: Path) -> Path:
    """The notebook JupyterLab opens: a copy, made once, then kept with the user's edits."""
    copy = work_dir / notebook.name
    if copy.exists():
        print(f"Opening your copy {copy} (delete it for a fresh one).", flush=True)
    else:
        shutil.copyfile(notebook, copy)
    return copy


async def execute_notebook(
    notebook: Path,
    *,
    work_dir: Path,
    env: Mapping[str, str],
    save_to: Path,
) -> int:
    """Execute ``notebook`` in a kernel started with ``env`` and cwd ``work_dir``,
    printing each cell as it completes; save the result to ``save_to``. 0 when every
    cell ran (or failed where tagged ``raises-exception``), else 1."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellControlSignal, CellExecutionError, DeadKernelError

    stream = sys.stdout

    def show(cell: Any, **_: Any) -> None:
        text = format_cell(cell.source, cell.get("execution_count"), cell.outputs)
        stream.write(text if stream.isatty() else strip_ansi(text))
        stream.flush()

    nb = nbformat.read(notebook, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name=KERNEL_NAME,
        timeout=CELL_TIMEOUT_SECONDS,
        resources={"metadata": {"path": str(work_dir)}},
        on_cell_executed=show,
    )
    try:
        await client.async_execute(env=dict(env))
    except CellExecutionError:
        stream.write("A cell failed (tag it raises-exception if that is expected); stopped.\n")
        return 1
    except (CellControlSignal, DeadKernelError) as exc:
        stream.write(f"Stopped: {exc}\n")
        return 1
    finally:
        nbformat.write(nb, save_to)
        stream.write(f"Executed notebook saved to {save_to}\n")
        stream.flush()
    return 0


async def supervise(
    argv: Sequence[str],
    *,
    env: Mapping[str, str],
    cwd: Path,
    grace: float = STOP_GRACE_SECONDS,
) -> int:
    """Run ``argv`` in its own session until it exits (its exit status) or this process
    gets SIGINT/SIGTERM (0, after stopping it by its pid: SIGTERM, then SIGKILL after
    ``grace`` seconds or at the next signal)."""
    loop = asyncio.get_running_loop()
    signalled = asyncio.Event()
    handled = (signal.SIGINT, signal.SIGTERM)
    for sig in handled:
        loop.add_signal_handler(sig, signalled.set)
    try:
        child = await asyncio.create_subprocess_exec(
            *argv, env=dict(env), cwd=cwd, start_new_session=True
        )
        exited = asyncio.ensure_future(child.wait())
        if not await _first(exited, signalled, timeout=None):
            return exited.result()
        signalled.clear()
        child.terminate()
        if await _first(exited, signalled, timeout=grace):
            child.kill()
        await exited
        return 0
    finally:
        for sig in handled:
            loop.remove_signal_handler(sig)


async def _first(
    exited: asyncio.Future[int], signalled: asyncio.Event, *, timeout: float | None
) -> bool:
    """Wait until the child exits (False) or a signal arrives or time runs out (True)."""
    waiting: asyncio.Future[Any] = asyncio.ensure_future(signalled.wait())
    either: set[asyncio.Future[Any]] = {exited, waiting}
    try:
        await asyncio.wait(either, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        waiting.cancel()
    return not exited.done()
