"""Browser fixtures: a JupyterLab server whose kernels see the test sshd, and Chromium.

Browser tests are marked ``browser``. Without Chromium (or Playwright) they are skipped,
unless ``RJKERNEL_REQUIRE_BROWSER`` is set (CI), where that is a failure. Screenshots go
to ``test-output/browser/`` at the top of the checkout (gitignored, ``SCREENSHOTS``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.lab import CHROMIUM, LabServer, open_browser, start_lab
from tests.fixtures.sshd import SshdFixture


def _unavailable(reason: str) -> None:
    if os.environ.get("RJKERNEL_REQUIRE_BROWSER"):
        pytest.fail(f"{reason} (RJKERNEL_REQUIRE_BROWSER is set)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def playwright() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is not installed (Debian package chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install playwright)")
    with sync_playwright() as pw:
        yield pw


def _serve(app: str, sshd: SshdFixture, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[LabServer]:
    base = tmp_path_factory.mktemp(app)
    env = {**sshd.env, "RJKERNEL_STATE_DIR": str(base / "state"),
           "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    server = start_lab(base, env, app=app)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def lab(sshd: SshdFixture, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    yield from _serve("lab", sshd, tmp_path_factory)


@pytest.fixture(scope="module", params=["lab", "notebook"])
def frontend(request: pytest.FixtureRequest, sshd: SshdFixture,
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    """JupyterLab 4, then Notebook 7: a test using this runs in both."""
    yield from _serve(request.param, sshd, tmp_path_factory)


@pytest.fixture
def browser(playwright: Any, tmp_path: Path) -> Iterator[Any]:
    context = open_browser(playwright, tmp_path / "chromium-profile")
    try:
        yield context
    finally:
        context.close()

