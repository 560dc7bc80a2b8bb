"""What can go wrong talking to a job agent: one exception family for the session layer.

:class:`AgentUnavailable` and :class:`AgentClosed` are about the connection (a session
that cannot start, or goes Broken); :class:`AgentRequestError` is one request refused,
with the protocol's error ``code`` for the cmdlet to turn into a PowerShell error.
"""

from __future__ import annotations


class AgentError(Exception):
    """Anything that went wrong talking to a job agent."""


class AgentUnavailable(AgentError):
    """The agent could not be started: no python3, a too old one, another protocol version."""


class AgentClosed(AgentError):
    """The connection to the agent ended; ``str()`` says why."""


class AgentTimeout(AgentError, TimeoutError):
    """The agent did not answer in time (the request was cancelled on the agent)."""


class AgentProtocolError(AgentError):
    """The agent sent something that is not the protocol."""


class AgentRequestError(AgentError):
    """The agent refused or failed a request: ``code`` is a protocol ErrorCode."""

    def __init__(self, op: str, code: str, message: str) -> None:
        super().__init__(f"{op}: {message}")
        self.op = op
        self.code = code
        self.message = message
