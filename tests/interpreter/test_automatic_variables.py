"""Automatic variables (about_Automatic_Variables) in a real engine (``ps``):
``$PSVersionTable`` (PowerShell 7.4, Core, with rjkernel's own version beside),
``$IsLinux``/``$IsWindows``/``$IsMacOS``, ``$PSEdition``, ``$PID``, ``$PSItem``."""

from __future__ import annotations

import os

from rjkernel import __version__
from tests.fixtures.runspace import Session


def lines(ps: Session, code: str) -> list[str]:
    out = ps.run(code)
    assert out.status == "ok", out.stderr
    return out.stdout.splitlines()


def test_ps_version_table_says_powershell_7_4_core(ps: Session) -> None:
    # about_Automatic_Variables, $PSVersionTable: PSVersion is a SemanticVersion
    assert lines(ps, "$PSVersionTable.PSVersion.Major; $PSVersionTable.PSVersion.Minor\n"
                     "$PSVersionTable.PSEdition; $PSVersionTable.Platform\n"
                     "$PSVersionTable.PSVersion.GetType().FullName") == [
        "7", "4", "Core", "Unix", "System.Management.Automation.SemanticVersion"]
    # the checks scripts make of it
    assert lines(ps, "$PSVersionTable.PSVersion -ge '7.2'; $PSVersionTable.PSVersion -lt '7.10'\n"
                     "$PSVersionTable.PSVersion -ge [version]'7.0'\n"
                     "if ($PSVersionTable.PSVersion.Major -lt 7) { 'old' } else { 'new' }") == [
        "True", "True", "True", "new"]
    assert lines(ps, '"$($PSVersionTable.PSVersion)"') == ["7.4.6"]
    assert lines(ps, "$PSVersionTable.RJKernelVersion") == [__version__]


def test_ps_version_table_prints_as_powershell_does(ps: Session) -> None:
    out = lines(ps, "$PSVersionTable")
    assert out[1:3] == ["Name                           Value",
                        "----                           -----"]
    assert [line.split()[0] for line in out[3:] if line] == [
        "PSVersion", "PSEdition", "GitCommitId", "OS", "Platform", "PSCompatibleVersions",
        "PSRemotingProtocolVersion", "SerializationVersion", "WSManStackVersion",
        "RJKernelVersion"]
    # DotNetTypes.format.ps1xml's table views of SemanticVersion and Version
    assert lines(ps, "$PSVersionTable.PSVersion")[1:4] == [
        "Major  Minor  Patch  PreReleaseLabel BuildLabel",
        "-----  -----  -----  --------------- ----------",
        "7      4      6                      "]
    assert lines(ps, "[version]'1.2.3'")[1:4] == [
        "Major  Minor  Build  Revision", "-----  -----  -----  --------", "1      2      3      -1"]


def test_platform_variables(ps: Session) -> None:
    assert lines(ps, "$IsLinux; $IsWindows; $IsMacOS; $IsCoreCLR; $PSEdition") == [
        "True", "False", "False", "True", "Core"]
    assert lines(ps, "$PID") == [str(os.getpid())]  # the engine's process: here, this one
    assert lines(ps, "1..2 | ForEach-Object { $PSItem * 10 }") == ["10", "20"]


def test_preference_variables_have_powershells_defaults(ps: Session) -> None:
    # about_Preference_Variables: the defaults, as a script that saves and restores
    # one, or prints it, sees them
    assert lines(ps, "$VerbosePreference; $DebugPreference; $InformationPreference\n"
                     "$WarningPreference; $ProgressPreference; $ConfirmPreference\n"
                     "$WhatIfPreference; $MaximumHistoryCount; $PSCulture") == [
        "SilentlyContinue", "SilentlyContinue", "SilentlyContinue", "Continue", "Continue",
        "High", "False", "4096", "en-US"]
    out = ps.run("$old = $VerbosePreference; $VerbosePreference = 'Continue'\n"
                 "Write-Verbose 'shown'; $VerbosePreference = $old; Write-Verbose 'hidden'")
    assert out.stderr == "VERBOSE: shown\n"


def test_ofs_joins_an_expanded_array(ps: Session) -> None:
    # about_Preference_Variables, $OFS: the separator of an array expanded in a string
    assert lines(ps, "$a = 1, 2, 3; \"$a\"; $OFS = '-'; \"$a\"; \"$(4, 5)\"\n"
                     "Remove-Variable OFS; \"$a\"") == ["1 2 3", "1-2-3", "4-5", "1 2 3"]
