"""What can go wrong talking to a job agent: one exception family for the session layer.

:class:`AgentUnavailable` and :class:`AgentClosed` are about the connection (a session
that cannot start, or goes Broken); :class:`AgentRequestError` is one request refused,
with the protocol's error ``code`` for the cmdlet to turn into a PowerShell error.
"""

from __future__ import annotations

from rjkernel.errors import ErrorRecord


class AgentError(Exception):
    """Anything that went wrong talking to a job agent.

    Escaping to a cell, it is shown as a PowerShell error (``as_error_record``), never as
    a traceback: a host that misbehaves must not look like a kernel bug.
    """

    def as_error_record(self) -> ErrorRecord:
        return ErrorRecord(
            message=f"The job agent did not complete the request: {self}. Jobs keep "
            "running; a session whose connection broke reconnects by itself.",
            error_id=f"JobAgent{type(self).__name__.removeprefix('Agent')}",
            category="ResourceUnavailable",
        )


class AgentUnavailable(AgentError):
    """The agent could not be started: no python3, a too old one, another protocol version,
    a job store it must not use."""

    def as_error_record(self) -> ErrorRecord:
        return ErrorRecord(message=self.message, error_id="JobAgentUnavailable",
                           category="ResourceUnavailable")

    @property
    def message(self) -> str:
        """What the user reads (the agent's own line without its ``rjkernel:`` tag)."""
        text = str(self).removeprefix("rjkernel: ")
        return f"The job agent could not start: {text}{'' if text.endswith('.') else '.'}"


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
