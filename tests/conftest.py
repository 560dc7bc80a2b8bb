"""Suite-wide fixtures.

``sshd`` (session scope) starts the suite's own OpenSSH sshd on 127.0.0.11–18 — never
the system service — as described in ``tests/fixtures/sshd.py``, and stops it, with
everything it started, by PID at the end of the session. Tests that use it are marked
``sshd``; without ``/usr/sbin/sshd`` they are skipped, unless ``RJKERNEL_REQUIRE_SSHD``
is set (CI), where a missing sshd is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.fixtures.sshd import SSHD, SshdFixture, start_sshd


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
