"""Fixtures for the demo hosts' tests.

``demo_server`` starts ``python -m rjkernel.demo.hosts --dir <tmp>`` — the three demo SSH
hosts on 127.0.0.1, in a process of their own (tests/fixtures/demo_hosts.py) — once per
test module, and stops it by its pid with SIGTERM, checking that it exits cleanly.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fixtures.demo_hosts import DemoServer, start_demo_server


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    server = start_demo_server(tmp_path_factory.mktemp("demo-state"))
    try:
        yield server
    finally:
        status = server.stop()
    assert status == 0, "SIGTERM should stop the demo hosts cleanly"
