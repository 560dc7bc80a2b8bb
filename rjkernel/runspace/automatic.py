"""The automatic variables a runspace starts with (about_Automatic_Variables).

``$PSVersionTable`` says which PowerShell rjkernel speaks — 7.4, Core edition — with
the keys and kinds of values PowerShell's has; where PowerShell's value would describe
a .NET build that does not exist here, it describes rjkernel honestly: ``OS`` is this
machine's (``/etc/os-release``, as .NET reports it), ``GitCommitId`` is the language
level as a release build's is, and ``RJKernelVersion`` (not PowerShell's) is the
kernel's own version. ``$IsLinux``/``$IsWindows``/``$IsMacOS``/``$IsCoreCLR``,
``$PSEdition`` and ``$PID`` (the kernel's process) come with it, and the preference
variables with PowerShell's defaults (about_Preference_Variables), so a script that
saves and restores one (``$old = $ProgressPreference``) or prints it sees what
PowerShell's would; ``$PSCulture`` is en-US, the culture rjkernel formats in.
"""

from __future__ import annotations

import functools
import os
import platform
import sys
from typing import Any

from rjkernel import __version__
from rjkernel.values.enums import ActionPreference
from rjkernel.values.objects import OrderedHashtable
from rjkernel.values.types import SemanticVersionValue, VersionValue

PS_VERSION = (7, 4, 6)
_OS_RELEASE = "/etc/os-release"


@functools.lru_cache(maxsize=1)
def _os_description() -> str:
    try:
        with open(_OS_RELEASE, encoding="utf-8") as handle:
            for line in handle:
                key, _, value = line.strip().partition("=")
                if key == "PRETTY_NAME":
                    return value.strip('"')
    except OSError:
        pass
    return f"{platform.system()} {platform.release()}"


def version_table() -> OrderedHashtable:
    """A fresh ``$PSVersionTable`` (each runspace may change its own)."""
    table = OrderedHashtable()
    table["PSVersion"] = SemanticVersionValue(PS_VERSION)
    table["PSEdition"] = "Core"
    table["GitCommitId"] = ".".join(map(str, PS_VERSION))
    table["OS"] = _os_description()
    table["Platform"] = "Win32NT" if sys.platform == "win32" else "Unix"
    table["PSCompatibleVersions"] = [VersionValue(v) for v in (
        (1, 0), (2, 0), (3, 0), (4, 0), (5, 0), (5, 1), (6, 0), (7, 0))]
    table["PSRemotingProtocolVersion"] = VersionValue((2, 3))
    table["SerializationVersion"] = VersionValue((1, 1, 0, 1))
    table["WSManStackVersion"] = VersionValue((3, 0))
    table["RJKernelVersion"] = __version__
    return table


def automatic_variables() -> dict[str, Any]:
    """The variables a new runspace's global scope holds from the start."""
    return {
        "PSVersionTable": version_table(),
        "PSEdition": "Core",
        "IsLinux": sys.platform.startswith("linux"),
        "IsWindows": sys.platform == "win32",
        "IsMacOS": sys.platform == "darwin",
        "IsCoreCLR": True,
        "PID": os.getpid(),
        "PSCulture": "en-US",
        "PSUICulture": "en-US",
        "VerbosePreference": ActionPreference.SilentlyContinue,
        "DebugPreference": ActionPreference.SilentlyContinue,
        "InformationPreference": ActionPreference.SilentlyContinue,
        "WarningPreference": ActionPreference.Continue,
        "ProgressPreference": ActionPreference.Continue,
        "ConfirmPreference": "High",
        "WhatIfPreference": False,
        "MaximumHistoryCount": 4096,
    }
