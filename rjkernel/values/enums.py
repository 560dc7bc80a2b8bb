"""PowerShell enum types that cmdlet parameters take, besides ``JobState``.

The numeric values are PowerShell's, so a parameter bound by number (``-ErrorAction 1``)
means what it means there, and ``str()`` gives the member name, as PowerShell prints
enum values. ``JobState`` lives with the job model (``jobs/states.py``) because the job
state machine owns it; these belong to no layer below the runspace.
"""

from __future__ import annotations

import enum


class PSEnum(enum.IntEnum):
    """An IntEnum that prints as its member name."""

    def __str__(self) -> str:
        return self.name


class ActionPreference(PSEnum):
    """``-ErrorAction`` / ``-WarningAction`` … and the ``$…Preference`` variables."""

    SilentlyContinue = 0
    Stop = 1
    Continue = 2
    Inquire = 3
    Ignore = 4
    Suspend = 5
    Break = 6


class SessionFilterState(PSEnum):
    """``Get-PSSession -State``: which remote sessions a ``-ComputerName`` query returns."""

    All = 0
    Opened = 1
    Disconnected = 2
    Closed = 3
    Broken = 4


class PSMemberTypes(PSEnum):
    """``Add-Member -MemberType``: the kinds of member an object may have. A name that is
    none of them does not bind, which is how ``Add-Member name value`` reaches the
    NotePropertyName parameter set, as in PowerShell."""

    AliasProperty = 1
    CodeProperty = 2
    Property = 4
    NoteProperty = 8
    ScriptProperty = 16
    PropertySet = 32
    Method = 64
    CodeMethod = 128
    ScriptMethod = 256
    ParameterizedProperty = 512
    MemberSet = 1024
    Event = 2048
    Dynamic = 4096


class OutTarget(PSEnum):
    """``Receive-PSSession -OutTarget``: results to the host, or into a job."""

    Default = 0
    Host = 1
    Job = 2


class ConsoleColor(PSEnum):
    """System.ConsoleColor: ``Write-Host -ForegroundColor``/``-BackgroundColor``."""

    Black = 0
    DarkBlue = 1
    DarkGreen = 2
    DarkCyan = 3
    DarkRed = 4
    DarkMagenta = 5
    DarkYellow = 6
    Gray = 7
    DarkGray = 8
    Blue = 9
    Green = 10
    Cyan = 11
    Red = 12
    Magenta = 13
    Yellow = 14
    White = 15
