"""The cmdlet catalog: names and aliases resolve, nothing collides, every parameter set can
be reached by the binder, every type can be converted, and every cmdlet has help."""

from __future__ import annotations

import uuid

import pytest

from rjkernel.cmdlets.aliases import READ_ONLY
from rjkernel.cmdlets.catalog import ALIASES, CATALOG, HELP_TOPICS, resolve
from rjkernel.cmdlets.signature import ALL_SETS, CmdletSpec, ParameterSpec, common_parameters
from rjkernel.errors import SourceSpan
from rjkernel.interpreter.binder import ParamArg, ValueArg, bind
from rjkernel.values.conversion import element_type
from rjkernel.values.objects import Hashtable, ScriptBlockValue
from tests.fixtures.binding import FakeJob, FakeSession, fake_converters

EXPECTED_ALIASES = {
    "sajb": "Start-Job", "gjb": "Get-Job", "rcjb": "Receive-Job", "wjb": "Wait-Job",
    "spjb": "Stop-Job", "rjb": "Remove-Job", "icm": "Invoke-Command", "nsn": "New-PSSession",
    "gsn": "Get-PSSession", "rsn": "Remove-PSSession", "etsn": "Enter-PSSession",
    "exsn": "Exit-PSSession", "rcsn": "Receive-PSSession", "gc": "Get-Content",
    "select": "Select-Object",
    "where": "Where-Object", "?": "Where-Object", "foreach": "ForEach-Object",
    "%": "ForEach-Object", "measure": "Measure-Object", "ft": "Format-Table",
    "fl": "Format-List", "fw": "Format-Wide", "gcm": "Get-Command", "gv": "Get-Variable",
    "group": "Group-Object", "gm": "Get-Member", "epcsv": "Export-Csv", "ipcsv": "Import-Csv",
    "sls": "Select-String", "sv": "Set-Variable", "nv": "New-Variable", "clv": "Clear-Variable",
    "rv": "Remove-Variable", "ghy": "Get-History", "clhy": "Clear-History",
    "gal": "Get-Alias", "gu": "Get-Unique", "gci": "Get-ChildItem", "gi": "Get-Item",
    "ni": "New-Item", "ri": "Remove-Item", "rvpa": "Resolve-Path", "gl": "Get-Location",
    "sal": "Set-Alias", "nal": "New-Alias", "cpi": "Copy-Item", "mi": "Move-Item",
    "rni": "Rename-Item", "oh": "Out-Host", "sl": "Set-Location", "iex": "Invoke-Expression",
    "clc": "Clear-Content",
}
EXPECTED_CMDLETS = {
    *EXPECTED_ALIASES.values(), "Out-File", "Out-Null", "Out-String", "Start-Sleep",
    "Sort-Object", "Write-Output", "Write-Host", "Write-Error", "Write-Warning",
    "Get-Date", "New-TimeSpan", "ConvertTo-Json", "ConvertFrom-Json", "ConvertTo-Csv",
    "ConvertFrom-Csv", "Tee-Object", "Compare-Object", "Read-Host", "Write-Verbose",
    "Write-Debug", "Write-Information", "Get-Verb",
    "New-Object", "Add-Member", "Get-Random", "Get-Unique", "Join-String",
    "Test-Path", "Set-Content", "Add-Content", "Join-Path", "Split-Path", "Set-StrictMode",
    "Remove-Alias", "Push-Location", "Pop-Location", "Measure-Command", "Write-Progress",
    "Get-FileHash", "Connect-PSSession", "Disconnect-PSSession", "Get-Help",
}
# Words that must reach the shell: Linux commands PowerShell 7 on Linux also stopped
# aliasing, and shell builtins. ("help" and "select" are bash words too, but rare at the
# start of a shell line and central to PowerShell use, so they stay ours.)
SHELL_WORDS = {
    "echo", "cd", "pwd", "history", "kill", "ls", "cat", "cp", "mv", "rm", "ps", "sleep",
    "sort", "diff", "tee", "type", "write", "man", "mount", "clear", "rmdir", "lp", "ac",
    "start", "dir", "mkdir", "set", "test", "which", "exit", "export", "read", "source",
    "alias", "jobs", "wait", "fg", "bg", "trap", "time", "exec", "eval", "printf", "true",
    "false", "r", "h", "del", "copy", "move", "ren", "md", "rd",
}
# Aliases PowerShell 7.4 defines only on Windows (InitialSessionState.cs, #if !UNIX): on
# Linux, Get-Alias cnsn is an error.
WINDOWS_ONLY_ALIASES = {"cnsn", "dnsn", "ac", "compare", "diff", "sleep", "sort", "tee", "write"}


CONVERTERS = fake_converters()
SAMPLES: dict[str, object] = {
    "Int32": 1, "Int64": 1, "Double": 1.5, "String": "x", "Boolean": True, "Char": ";",
    "Guid": str(uuid.uuid4()), "DateTime": "2024-05-01", "Hashtable": Hashtable(),
    "ScriptBlock": ScriptBlockValue(" uptime ", "{ uptime }", 1), "Object": "x",
    "PSObject": "x", "PSCredential": "x", "JobState": "Running", "SessionFilterState": "All",
    "OutTarget": "Host", "ActionPreference": "Stop", "PSMemberTypes": "NoteProperty",
    "Job": FakeJob(), "PSSession": FakeSession(),
    "Version": "Latest", "ConsoleColor": "Red",
}
SPECS = sorted(CATALOG.values(), key=lambda spec: spec.name)


def _sample(param: ParameterSpec) -> object:
    elem = element_type(param.type)
    return [SAMPLES[elem]] if elem else SAMPLES[param.type]


def test_every_expected_cmdlet_is_there() -> None:
    assert {spec.name for spec in CATALOG.values()} == EXPECTED_CMDLETS
    assert all(key == spec.name.lower() for key, spec in CATALOG.items())


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_cmdlets_resolve_by_name_in_any_case_and_by_alias(spec: CmdletSpec) -> None:
    assert resolve(spec.name) is spec
    assert resolve(spec.name.upper()) is spec
    for alias in spec.aliases:
        assert resolve(alias) is spec
        assert resolve(alias.upper()) is spec


def test_aliases() -> None:
    assert ALIASES == EXPECTED_ALIASES
    assert sum(len(spec.aliases) for spec in CATALOG.values()) == len(ALIASES)  # no overlap
    assert not set(ALIASES) & set(CATALOG)
    assert not set(ALIASES) & SHELL_WORDS
    assert not set(ALIASES) & WINDOWS_ONLY_ALIASES
    assert set(ALIASES) >= READ_ONLY


def test_help_is_a_function_not_an_alias() -> None:
    # InitialSessionState.cs: help is among BuiltInFunctions, not the aliases
    assert "help" not in ALIASES
    assert resolve("help") is CATALOG["get-help"]


def test_names_are_never_abbreviated() -> None:
    assert resolve("Get-Jo") is None
    assert resolve("ls") is None
    assert resolve("echo") is None


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_parameter_names_and_aliases_are_unique(spec: CmdletSpec) -> None:
    words = [
        word.lower()
        for p in (*spec.parameters, *common_parameters(spec.supports_should_process))
        for word in (p.name, *p.aliases)
    ]
    assert len(words) == len(set(words))


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_sets_are_consistent(spec: CmdletSpec) -> None:
    sets = spec.set_names
    assert spec.default_set in sets
    for set_name in sets:
        positions = [
            m.position for p in spec.parameters
            if (m := p.membership(set_name)) and m.position is not None
            and not m.from_remaining_arguments
        ]
        assert len(positions) == len(set(positions)), set_name
    for param in spec.parameters:
        assert set(param.sets) <= {*sets, ALL_SETS}


@pytest.mark.parametrize(
    ("spec", "set_name"),
    [(spec, set_name) for spec in SPECS for set_name in spec.set_names],
    ids=lambda v: v.name if isinstance(v, CmdletSpec) else v,
)
def test_every_parameter_set_is_reachable(spec: CmdletSpec, set_name: str) -> None:
    """Giving every parameter particular to a set, and its mandatory ones (by name, with a
    sample value), selects it."""
    text = spec.name
    span = SourceSpan(text, 0, len(text))
    args: list[ParamArg | ValueArg] = []
    for param in spec.parameters:
        membership = param.membership(set_name)
        particular = not param.in_all_sets and set_name in param.sets
        if membership is None or not (particular or membership.mandatory):
            continue
        args.append(ParamArg(param.name, span))
        if not param.is_switch:
            args.append(ValueArg(_sample(param), span))
    bound = bind(spec, args, pipeline_input=None, converters=CONVERTERS, command_span=span)
    assert bound.set_name == set_name


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_every_parameter_type_converts(spec: CmdletSpec) -> None:
    for param in (*spec.parameters, *common_parameters(spec.supports_should_process)):
        type_name = element_type(param.type) or param.type
        assert type_name in CONVERTERS, (param.name, param.type)


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_every_cmdlet_has_help(spec: CmdletSpec) -> None:
    assert spec.synopsis.endswith(".")
    assert "\n" not in spec.synopsis
    assert len(spec.description) > len(spec.synopsis)
    assert 2 <= len(spec.examples) <= 4
    for example in spec.examples:
        assert example.code.strip() and example.remarks.strip()
    for param in spec.parameters:
        assert param.help.strip(), param.name


def test_examples_use_shell_blocks_and_linux_paths() -> None:
    code = "\n".join(ex.code for spec in CATALOG.values() for ex in spec.examples)
    assert "c:\\" not in code.lower()
    assert "Get-EventLog" not in code
    assert "Start-Job { tar czf /tmp/etc.tgz /etc }" in code


def test_about_remote_jobs_is_adapted_to_rjkernel() -> None:
    topic = HELP_TOPICS["about_remote_jobs"]
    assert "/tmp/PsLog.txt" in topic
    assert "c:\\logs" not in topic.lower()
    assert "Server01\\C:>" not in topic
    assert "[Server01]: PS /home/alice>" in topic
    assert "Receive-Job -SessionId 1 -Keep" in topic
    assert "RJKERNEL DIFFERENCES" in topic
    assert all(key == key.lower() for key in HELP_TOPICS)
