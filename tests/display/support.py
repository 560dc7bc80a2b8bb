"""Test support: stand-ins for the job and session layers, and a byte-exact text check.

The stand-ins expose nothing but PowerShell properties. They follow the contract every
displayed object of another layer follows: a ``type_names`` tuple (most specific first)
picks the format view, ``ps_properties()`` gives the properties in order.
"""

# The Job table's lines are 98 columns wide plus indentation.
# ruff: noqa: E501

from __future__ import annotations

from typing import Any

from rjkernel.jobs.states import JobState

JOB_HEADER = (
    "Id     Name            PSJobTypeName   State         HasMoreData     Location             Command\n"
    "--     ----            -------------   -----         -----------     --------             -------\n"
)
"""The Job view's header and underline lines."""

JOB_TYPES = ("System.Management.Automation.PSRemotingJob", "System.Management.Automation.Job")
SNAPSHOT_TYPES = tuple(f"Deserialized.{name}" for name in JOB_TYPES)
SESSION_TYPES = ("System.Management.Automation.Runspaces.PSSession",)


class FakeJob:
    def __init__(
        self,
        id: int,
        name: str,
        type_name: str,
        state: JobState,
        has_more_data: bool,
        location: str,
        command: str,
        *,
        exit_code: int | None = None,
        type_names: tuple[str, ...] = JOB_TYPES,
        **extra: Any,
    ) -> None:
        self.type_names = type_names
        self.props: dict[str, Any] = {
            "Id": id,
            "Name": name,
            "PSJobTypeName": type_name,
            "State": state,
            "HasMoreData": has_more_data,
            "Location": location,
            "Command": command,
            "ExitCode": exit_code,
            **extra,
        }

    def ps_properties(self) -> dict[str, Any]:
        return dict(self.props)


class FakeSession:
    type_names = SESSION_TYPES

    def __init__(self, id: int, name: str, computer: str, state: str, availability: str) -> None:
        self.props = {
            "Id": id,
            "Name": name,
            "Transport": "SSH",
            "ComputerName": computer,
            "ComputerType": "RemoteMachine",
            "State": state,
            "ConfigurationName": "DefaultShell",
            "Availability": availability,
        }

    def ps_properties(self) -> dict[str, Any]:
        return dict(self.props)

    def __str__(self) -> str:
        return f"[PSSession]{self.props['Name']}"


def sample_jobs() -> list[FakeJob]:
    """``Get-Job -IncludeChildJob`` of ps-semantics §3.1 (server02 unreachable)."""
    return [
        FakeJob(1, "Job1", "BackgroundJob", JobState.Completed, False, "localhost", " sleep 60"),
        FakeJob(2, "Job2", "", JobState.Completed, False, "localhost", " sleep 60"),
        FakeJob(
            3,
            "Job3",
            "RemoteJob",
            JobState.Failed,
            True,
            "server01,server02",
            " uname -a",
            exit_code=255,
        ),
        FakeJob(4, "Job4", "", JobState.Completed, True, "server01", " uname -a", exit_code=0),
        FakeJob(5, "Job5", "", JobState.Failed, False, "server02", " uname -a", exit_code=255),
    ]


def assert_text(actual: str, expected: str) -> None:
    """Byte-exact comparison that shows both sides as ``repr`` (spaces and newlines visible)."""
    assert actual == expected, f"\nactual:   {actual!r}\nexpected: {expected!r}"
