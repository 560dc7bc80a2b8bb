"""The client side of the demo-host tests: asyncssh, configured only by the demo's files."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, Protocol

import asyncssh


class ClientFiles(Protocol):
    """What a client needs from running demo hosts (DemoHosts, or the demo_server fixture)."""

    @property
    def ssh_config(self) -> Path: ...

    @property
    def known_hosts(self) -> Path: ...


@contextlib.asynccontextmanager
async def connected(
    hosts: ClientFiles, host: str = "Server01", **options: Any
) -> AsyncIterator[asyncssh.SSHClientConnection]:
    """A connection made as the kernel's transport makes it: the demo's ssh_config and
    known_hosts, nothing else; closed on exit."""
    conn = await asyncssh.connect(
        host, config=[str(hosts.ssh_config)], known_hosts=str(hosts.known_hosts), **options
    )
    try:
        yield conn
    finally:
        conn.close()
        await conn.wait_closed()


def as_text(value: bytes | str | None) -> str:
    """Output read with the default (utf-8) encoding."""
    assert isinstance(value, str), value
    return value


def as_bytes(value: bytes | str | None) -> bytes:
    """Output read with ``encoding=None``."""
    assert isinstance(value, bytes), value
    return value
