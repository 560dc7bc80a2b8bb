"""Read-Host, the Write-Verbose/-Debug/-Information streams, and Write-Progress.

Read-Host asks through the frontend's input (Jupyter's ``input_request``): the prompt
gets PowerShell's ``": "``; ``-AsSecureString`` and ``-MaskInput`` ask without echo. What
is typed is never logged or shown; a secure string prints as its type name.

Write-Verbose and Write-Debug print ``VERBOSE: …``/``DEBUG: …`` on stderr when their
preference (``$VerbosePreference``/``$DebugPreference``, default SilentlyContinue, or
the ``-Verbose``/``-Debug`` common parameter) is Continue; Write-Information prints its
message when ``$InformationPreference`` (or ``-InformationAction``) is Continue
(about_Preference_Variables). Stop makes the message a terminating error.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from rjkernel.cmdlets.base import Invocation, implements
from rjkernel.cmdlets.dates import validate_range
from rjkernel.values import operators as ops


class SecureString:
    """System.Security.SecureString: holds a secret, shows only its type."""

    type_names = ("System.Security.SecureString", "System.Object")
    ps_scalar = True  # prints as its type name, as PowerShell's DefaultScalarTypes do

    def __init__(self, secret: str) -> None:
        self._secret = secret

    def ps_properties(self) -> dict[str, Any]:
        return {"Length": len(self._secret)}

    def reveal(self) -> str:
        """The secret, for code that must use it (never for display)."""
        return self._secret

    def __str__(self) -> str:
        return self.type_names[0]

    def __repr__(self) -> str:
        return "SecureString(***)"


@implements("Read-Host")
async def read_host(inv: Invocation) -> AsyncIterator[Any]:
    prompt = inv.get("Prompt")
    text = "" if prompt is None else ops.to_string(prompt) + ": "
    hidden = inv.switch("AsSecureString") or inv.switch("MaskInput")
    try:
        answer = await (inv.host.read_password(text) if hidden else inv.host.read_line(text))
    except RuntimeError as exc:
        raise inv.terminate(str(exc), "ReadHostUnavailable") from None
    yield SecureString(answer) if inv.switch("AsSecureString") else answer


def preference(inv: Invocation, variable: str, switch: str | None = None,
               action: str | None = None) -> str:
    """The effective preference: a common parameter, else the preference variable."""
    common = inv.bound.common
    if action is not None and action in common:
        return str(common[action])
    if switch is not None and switch in common:
        return "Continue" if common[switch] else "SilentlyContinue"
    return str(inv.variables.get(variable) or "SilentlyContinue")


def _stopped(inv: Invocation, variable: str, message: str) -> Exception:
    return inv.terminate(
        f'The running command stopped because the preference variable "{variable}" or '
        f"common parameter is set to Stop: {message}", "ActionPreferenceStop",
        "OperationStopped")


async def _stream(inv: Invocation, variable: str, switch: str, prefix: str) -> None:
    message = ops.to_string(inv.get("Message"))
    choice = preference(inv, variable, switch).lower()
    if choice == "stop":
        raise _stopped(inv, variable, message)
    if choice in ("continue", "inquire"):
        inv.host.write_text(f"{prefix}: {message}\n", "stderr")


@implements("Write-Verbose", per_record=True)
async def write_verbose(inv: Invocation) -> AsyncIterator[Any]:
    await _stream(inv, "VerbosePreference", "Verbose", "VERBOSE")
    return
    yield  # pragma: no cover


@implements("Write-Debug", per_record=True)
async def write_debug(inv: Invocation) -> AsyncIterator[Any]:
    await _stream(inv, "DebugPreference", "Debug", "DEBUG")
    return
    yield  # pragma: no cover


@implements("Write-Information")
async def write_information(inv: Invocation) -> AsyncIterator[Any]:
    message = ops.to_string(inv.get("MessageData"))
    choice = preference(inv, "InformationPreference", action="InformationAction").lower()
    if choice == "stop":
        raise _stopped(inv, "InformationPreference", message)
    if choice in ("continue", "inquire"):
        inv.host.write_text(message + "\n")
    return
    yield  # pragma: no cover


@implements("Write-Progress")
async def write_progress(inv: Invocation) -> AsyncIterator[Any]:
    """Accepted and checked as PowerShell checks it, and drawn nowhere: PowerShell's
    progress is an overlay of an interactive console that captured output never holds,
    and a notebook's saved output should not either."""
    validate_range(inv, "PercentComplete", -1, 100)
    validate_range(inv, "Id", 0, 2**31 - 1)
    validate_range(inv, "ParentId", -1, 2**31 - 1)
    if inv.has("Status") and not ops.to_string(inv.get("Status")):
        raise inv.terminate(
            "Cannot validate argument on parameter 'Status'. The argument is null or empty. "
            "Provide an argument that is not null or empty, and then try the command again.",
            "ParameterArgumentValidationError", "InvalidData")
    if not ops.to_string(inv.get("Activity") or "") and not inv.switch("Completed"):
        # WriteProgressCmdlet.ProcessRecord: only -Completed may leave out the activity
        raise inv.terminate("Missing value for mandatory parameter. (Parameter 'Activity')",
                            "MissingActivity", "InvalidArgument")
    return
    yield  # pragma: no cover
