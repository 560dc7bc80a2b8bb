"""One demo host: an asyncssh server on 127.0.0.1 that lets one user in with one key.

Authentication is a locked-down sshd's: public key only (password, keyboard-interactive,
host-based and GSSAPI are not even offered), and only for the current user's name with
the demo's client key; any other user name is offered no usable method. Nothing but
session channels is served: no PTYs, port forwarding, agent or X11 forwarding, sftp or
scp. Session channels go to ``session.ChildSession``.

The host listens on its remembered port when that is free, on a fresh one otherwise; it
never binds anything but the loopback address.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass

import asyncssh

from rjkernel.demo.session import ChildSession, HostSessions
from rjkernel.demo.statedir import LOOPBACK

_PORT_TAKEN = frozenset({errno.EADDRINUSE, errno.EACCES})


class _OneUserOneKey(asyncssh.SSHServer):
    """Authorizes the client key for the expected user name only (asyncssh's documented
    per-user pattern: ``set_authorized_keys`` from ``begin_auth``), hands session channels
    to the host's sessions, and keeps the host's set of open connections up to date
    (closing the listener leaves them open)."""

    def __init__(
        self,
        user: str,
        authorized: asyncssh.SSHAuthorizedKeys,
        connections: set[asyncssh.SSHServerConnection],
        sessions: HostSessions,
    ) -> None:
        self._user = user
        self._authorized = authorized
        self._connections = connections
        self._sessions = sessions
        self._conn: asyncssh.SSHServerConnection | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self._conn = conn
        self._connections.add(conn)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._conn is not None:
            self._connections.discard(self._conn)

    def begin_auth(self, username: str) -> bool:
        if username == self._user and self._conn is not None:
            self._conn.set_authorized_keys(self._authorized)
        return True

    def session_requested(self) -> ChildSession:
        return self._sessions.new_session()


@dataclass
class DemoHost:
    """A listening host: its name, bound port, and the sessions it runs."""

    name: str
    port: int
    sessions: HostSessions
    _acceptor: asyncssh.SSHAcceptor
    _connections: set[asyncssh.SSHServerConnection]

    @classmethod
    async def listen(
        cls,
        name: str,
        *,
        port: int | None,
        host_key: asyncssh.SSHKey,
        client_key: asyncssh.SSHKey,
        user: str,
        sessions: HostSessions,
    ) -> DemoHost:
        """Serve ``name`` on ``port`` (0 or None: any free port; taken: a fresh one)."""
        authorized = asyncssh.import_authorized_keys(
            client_key.export_public_key().decode()
        )
        connections: set[asyncssh.SSHServerConnection] = set()

        async def bind(at: int) -> asyncssh.SSHAcceptor:
            return await asyncssh.create_server(
                lambda: _OneUserOneKey(user, authorized, connections, sessions),
                LOOPBACK,
                at,
                server_host_keys=[host_key],
                encoding=None,
                public_key_auth=True,
                password_auth=False,
                kbdint_auth=False,
                host_based_auth=False,
                gss_host=None,
                allow_pty=False,
                agent_forwarding=False,
                x11_forwarding=False,
            )

        try:
            acceptor = await bind(port or 0)
        except OSError as exc:
            if not port or exc.errno not in _PORT_TAKEN:
                raise
            acceptor = await bind(0)
        return cls(name, acceptor.get_port(), sessions, acceptor, connections)

    async def close(self) -> None:
        """Stop accepting, end the running sessions' children, then drop the connections."""
        self._acceptor.close()
        await self.sessions.stop()
        connections = list(self._connections)
        for conn in connections:
            conn.close()
        for conn in connections:
            await conn.wait_closed()
        await self._acceptor.wait_closed()
