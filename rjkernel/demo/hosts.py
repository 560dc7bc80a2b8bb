"""The set of demo hosts (``Server01`` … by default) and the files that point clients at them.

``await DemoHosts.start(state_dir)`` takes the state directory's lock, loads or creates the
keys, binds each host (its remembered port if free), then writes ports.json, ssh_config and
known_hosts for what was bound; only then are the hosts announced (``.hosts``, ``.env``).
``stop()`` ends the sessions' children, closes the connections and releases the lock.

Run on its own, ``python -m rjkernel.demo.hosts [--dir D]`` serves until SIGINT or SIGTERM;
the first line it prints is the ssh_config path.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import IO

from rjkernel.demo.host import DemoHost
from rjkernel.demo.session import HostSessions
from rjkernel.demo.statedir import (
    DEFAULT_HOST_NAMES,
    DemoStateBusy,
    StateDir,
    check_host_name,
    current_user,
    default_state_dir,
)
from rjkernel.transport.ssh import CONFIG_VARIABLE, KNOWN_HOSTS_VARIABLE

__all__ = ["DEFAULT_HOST_NAMES", "DemoHosts", "DemoStateBusy", "main"]


class DemoHosts:
    """Running demo hosts; an async context manager whose exit stops them."""

    def __init__(self, state: StateDir, hosts: list[DemoHost], lock: IO[str]) -> None:
        self._state = state
        self._hosts = hosts
        self._lock = lock

    @classmethod
    async def start(
        cls, state_dir: Path, names: Sequence[str] = DEFAULT_HOST_NAMES
    ) -> DemoHosts:
        """Start one host per name on 127.0.0.1 (see the module docstring)."""
        wanted = tuple(check_host_name(name) for name in names)
        if len(set(wanted)) != len(wanted):
            raise ValueError(f"duplicate demo host names in {wanted}")
        state = StateDir(Path(state_dir).absolute())
        state.prepare(wanted)
        lock = state.lock()
        hosts: list[DemoHost] = []
        try:
            user = current_user()
            client_key = state.client_key()
            remembered = state.remembered_ports(wanted)
            public_keys = {}
            for name in wanted:
                host_key = state.host_key(name)
                public_keys[name] = host_key.export_public_key().decode().strip()
                hosts.append(
                    await DemoHost.listen(
                        name,
                        port=remembered.get(name),
                        host_key=host_key,
                        client_key=client_key,
                        user=user,
                        sessions=HostSessions(home=state.home(name), user=user),
                    )
                )
            state.write_client_files({h.name: h.port for h in hosts}, public_keys, user)
        except BaseException:
            for host in hosts:
                await host.close()
            lock.close()
            raise
        return cls(state, hosts, lock)

    @property
    def state_dir(self) -> Path:
        return self._state.root

    @property
    def ssh_config(self) -> Path:
        return self._state.ssh_config

    @property
    def known_hosts(self) -> Path:
        return self._state.known_hosts

    @property
    def client_key(self) -> Path:
        """The client's private key file (the one ssh_config names as IdentityFile)."""
        return self._state.client_key_file

    @property
    def hosts(self) -> dict[str, int]:
        """Host name → the port it listens on at 127.0.0.1."""
        return {host.name: host.port for host in self._hosts}

    @property
    def env(self) -> dict[str, str]:
        """The environment variables that point the kernel's transport at these hosts."""
        return {
            CONFIG_VARIABLE: str(self.ssh_config),
            KNOWN_HOSTS_VARIABLE: str(self.known_hosts),
        }

    def home(self, name: str) -> Path:
        """The HOME (and working directory) of everything host ``name`` runs."""
        return self._state.home(name)

    async def stop(self) -> None:
        """Stop every host (idempotent); the files stay for the next start."""
        hosts, self._hosts = self._hosts, []
        for host in hosts:
            await host.close()
        self._lock.close()

    async def __aenter__(self) -> DemoHosts:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()


def describe(hosts: DemoHosts) -> str:
    """What the standalone server prints: the config path first, then how to use it."""
    lines = [str(hosts.ssh_config)]
    lines += [f"{name}  127.0.0.1:{port}" for name, port in hosts.hosts.items()]
    lines += [f"export {name}={value}" for name, value in hosts.env.items()]
    first = next(iter(hosts.hosts), "Server01")
    lines.append(f"try: ssh -F {hosts.ssh_config} {first} hostname")
    return "\n".join(lines)


async def _serve(state_dir: Path) -> None:
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopping.set)
    async with await DemoHosts.start(state_dir) as hosts:
        print(describe(hosts), flush=True)
        await stopping.wait()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m rjkernel.demo.hosts",
        description="Serve rjkernel's demo SSH hosts on 127.0.0.1 until SIGINT/SIGTERM.",
    )
    parser.add_argument(
        "--dir", type=Path, default=None,
        help=f"state directory (default: {default_state_dir()})",
    )
    args = parser.parse_args(argv)
    try:
        asyncio.run(_serve(args.dir or default_state_dir()))
    except DemoStateBusy as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
