"""Suite-wide fixtures.

``rjkernel_kernelspec`` (session scope, automatic) installs this checkout's kernelspec
into a temporary Jupyter data directory and points ``JUPYTER_PATH`` at it, so every
kernel the tests start is this code, whatever is installed elsewhere.

``start_kernel`` starts real rjkernel processes (or, with ``kernel_name="python3"``,
ipykernel's Python kernel) through jupyter_client (see ``tests/fixtures/kernel.py``) with
their own HOME and job store, and shuts them down after the test; ``local_kernel`` is one
such kernel shared by a test module; ``remote_kernel`` one whose HOME sees the sshd
hosts below.

``ps`` is an in-process engine (``tests/fixtures/runspace.py``) shared by a test module,
for tests of values and cmdlets that need no kernel process.

``sshd`` (session scope) starts the suite's own OpenSSH sshd on 127.0.0.11–18 — never
the system service — as described in ``tests/fixtures/sshd.py``, and stops it, with
everything it started, by PID at the end of the session. Tests that use it are marked
``sshd``; without ``/usr/sbin/sshd`` they are skipped, unless ``RJKERNEL_REQUIRE_SSHD``
is set (CI), where a missing sshd is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest

from rjkernel.install import KERNEL_NAME, kernelspec_dir
from tests.fixtures.kernel import Gate, KernelDriver, kernel_env
from tests.fixtures.runspace import Session
from tests.fixtures.sshd import SSHD, SshdFixture, start_sshd

StartKernel = Callable[..., KernelDriver]


@pytest.fixture(scope="session", autouse=True)
def rjkernel_kernelspec(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    data = tmp_path_factory.mktemp("jupyter-data")
    kernelspec_dir(data / "kernels" / KERNEL_NAME)
    saved = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = str(data)
    try:
        yield data
    finally:
        if saved is None:
            os.environ.pop("JUPYTER_PATH", None)
        else:
            os.environ["JUPYTER_PATH"] = saved


def _kernel_factory(base: Path) -> tuple[StartKernel, list[KernelDriver]]:
    started: list[KernelDriver] = []

    def start(env: Mapping[str, str] | None = None, *, home: Path | None = None,
              state: Path | None = None, kernel_name: str = KERNEL_NAME) -> KernelDriver:
        index = len(started)
        home = home or base / f"home{index}"
        state = state or base / f"state{index}"
        home.mkdir(parents=True, exist_ok=True)
        driver = KernelDriver.start(kernel_env(home, state, env), cwd=str(home),
                                    kernel_name=kernel_name)
        started.append(driver)
        return driver

    return start, started


@pytest.fixture
def start_kernel(tmp_path: Path) -> Iterator[StartKernel]:
    start, started = _kernel_factory(tmp_path)
    yield start
    for driver in started:
        driver.stop()


@pytest.fixture
def gates() -> Iterator[Gate]:
    """Registers the gates a test's jobs wait on and opens them all at teardown.

    Jobs outlive their kernel, so a test that failed before opening its gate would leave
    the job looping for ever (and once the tmp dir is gone, nothing can open it).
    """
    made: list[Path] = []

    def gate(path: Path | str) -> Path:
        made.append(Path(path))
        return made[-1]

    yield gate
    for path in made:
        if path.parent.is_dir():
            path.touch()


@pytest.fixture(scope="module")
def local_kernel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KernelDriver]:
    start, started = _kernel_factory(tmp_path_factory.mktemp("local-kernel"))
    yield start()
    for driver in started:
        driver.stop()


@pytest.fixture(scope="module")
def remote_kernel(sshd: SshdFixture, tmp_path_factory: pytest.TempPathFactory
                  ) -> Iterator[KernelDriver]:
    start, started = _kernel_factory(tmp_path_factory.mktemp("remote-kernel"))
    yield start(sshd.env, home=Path(sshd.env["HOME"]))
    for driver in started:
        driver.stop()


@pytest.fixture(scope="module")
def ps(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    session = Session(tmp_path_factory.mktemp("ps-state"))
    yield session
    session.close()


@pytest.fixture(scope="session")
def sshd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SshdFixture]:
    if not SSHD.exists() and not os.environ.get("RJKERNEL_REQUIRE_SSHD"):
        pytest.skip(f"{SSHD} is not installed (Debian package openssh-server)")
    fixture = start_sshd(tmp_path_factory.mktemp("sshd"))
    try:
        yield fixture
    finally:
        fixture.stop()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses the ``sshd`` fixture, so ``-m 'not sshd'`` skips them."""
    for item in items:
        if "sshd" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.sshd)
