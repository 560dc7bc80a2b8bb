"""Get-Help and Get-Command, answered from the catalog (the same text as Shift-Tab), the
user's functions (their param blocks make their syntax) and aliases; Get-Verb from
PowerShell's table of approved verbs. Command objects carry PowerShell's type names, so
they show in its CommandInfo table (``display/views.py``)."""

from __future__ import annotations

import posixpath
import shlex
from collections.abc import AsyncIterator
from typing import Any

from rjkernel.cmdlets import catalog
from rjkernel.cmdlets.aliases import CommandInfo, alias_info, all_aliases, matches_any
from rjkernel.cmdlets.base import Invocation, implements
from rjkernel.cmdlets.signature import CmdletSpec
from rjkernel.display.help import render_help, syntax_lines
from rjkernel.values import operators as ops
from rjkernel.values.objects import PSObject
from rjkernel.values.verbs import GROUPS, VERBS

CMDLET_INFO = "System.Management.Automation.CmdletInfo"
FUNCTION_INFO = "System.Management.Automation.FunctionInfo"
FILTER_INFO = "System.Management.Automation.FilterInfo"
VERB_INFO = "System.Management.Automation.VerbInfo"
_GROUPS = frozenset(group.lower() for group in GROUPS)


@implements("Get-Help")
async def get_help(inv: Invocation) -> AsyncIterator[Any]:
    name = ops.to_string(inv.get("Name") or "Get-Help")
    topic = next((t for k, t in catalog.HELP_TOPICS.items() if k.lower() == name.lower()), None)
    if topic is not None:
        yield topic
        return
    name = inv.variables.alias(name) or name  # the user's alias: help on its command
    function = inv.variables.function(name)
    spec = function.signature.spec if function is not None else catalog.resolve(name)
    if spec is None:
        matches = sorted(s.name for s in catalog.CATALOG.values() if ops.like(s.name, name))
        if matches and ops.has_wildcards(name):
            for match in matches:
                yield PSObject([("Name", match), ("Category", "Cmdlet"),
                                ("Synopsis", catalog.CATALOG[match.lower()].synopsis)])
            return
        raise inv.terminate(
            f"Get-Help could not find {name} in a help file in this session. Try "
            "Get-Command to list the commands rjkernel knows, or Get-Help about_Remote_Jobs.",
            "HelpNotFound", "ResourceUnavailable",
        )
    params = [ops.to_string(p) for p in ops.to_list(inv.get("Parameter"))] or None
    yield render_help(spec, full=inv.switch("Full") or inv.switch("Detailed"),
                      examples=inv.switch("Examples"), parameters=params)


def _cmdlet_info(spec: CmdletSpec) -> CommandInfo:
    return CommandInfo([("CommandType", "Cmdlet"), ("Name", spec.name), ("Version", "7.4"),
                        ("Source", "rjkernel")], CMDLET_INFO)


def _function_info(function: Any) -> CommandInfo:
    kind = "Filter" if function.filter else "Function"
    return CommandInfo([("CommandType", kind), ("Name", function.name), ("Version", ""),
                        ("Source", "")], FILTER_INFO if function.filter else FUNCTION_INFO)


_KIND_BY_RANK = {1: "alias", 2: "function", 4: "filter", 8: "cmdlet", 32: "application"}
APPLICATION_INFO = "System.Management.Automation.ApplicationInfo"
Candidate = tuple[int, str, CommandInfo]  # (PowerShell's CommandTypes value, name, info)


def _candidates(inv: Invocation, pattern: str, verbs: list[str], nouns: list[str]
                ) -> list[Candidate]:
    """The commands whose name is like ``pattern`` (functions and aliases only when no
    verb or noun is asked for)."""
    found: list[Candidate] = []
    if not verbs and not nouns:
        for function in sorted(inv.variables.functions().values(),
                               key=lambda f: f.name.lower()):
            if ops.like(function.name, pattern):
                found.append((4 if function.filter else 2, function.name,
                              _function_info(function)))
        found += [(2, name, CommandInfo([("CommandType", "Function"), ("Name", name),
                                         ("Version", ""), ("Source", "")], FUNCTION_INFO))
                  for name in catalog.FUNCTIONS if ops.like(name, pattern)
                  and inv.variables.function(name) is None]
        found += [(1, alias, alias_info(alias, target)) for alias, target in all_aliases(inv)
                  if ops.like(alias, pattern)]
    for spec in sorted(catalog.CATALOG.values(), key=lambda s: s.name.lower()):
        verb, _, noun = spec.name.partition("-")
        if (verbs and not matches_any(verb, verbs)) or (nouns and not matches_any(noun, nouns)):
            continue
        if ops.like(spec.name, pattern):
            found.append((8, spec.name, _cmdlet_info(spec)))
    return found


async def _application(inv: Invocation, name: str) -> Candidate | None:
    """A Linux command ``name`` on the PATH of the runspace's shell (``command -v``; on
    the remote host in an entered session), as PowerShell's ApplicationInfo."""
    if not name or "\0" in name:
        return None
    out: list[bytes] = []
    status = await inv.runspace.place.run_shell(
        f"command -v -- {shlex.quote(name)}", out.append, lambda _data: None)
    path = b"".join(out).decode("utf-8", "replace").strip()
    if status != 0 or not path.startswith("/"):
        return None  # not found, or a shell builtin or function, which pwsh does not see
    info = CommandInfo([("CommandType", "Application"), ("Name", posixpath.basename(path)),
                        ("Version", "0.0.0.0"), ("Source", path), ("Path", path),
                        ("Definition", path)], APPLICATION_INFO)
    return 32, name, info


def _command_types(inv: Invocation) -> set[str]:
    """-CommandType, lower-cased (empty: all)."""
    kinds = {ops.to_string(k).lower() for k in ops.to_list(inv.get("CommandType"))}
    unknown = kinds - {*_KIND_BY_RANK.values(), "all"}
    if unknown:
        raise inv.terminate(
            "rjkernel lists commands of type Alias, Function, Filter, Cmdlet and "
            f"Application, not '{sorted(unknown)[0]}'.",
            "CommandTypeNotSupported", "InvalidArgument")
    return set() if "all" in kinds else kinds


@implements("Get-Command", per_record=True)
async def get_command(inv: Invocation) -> AsyncIterator[Any]:
    """Functions, aliases and cmdlets by name, verb, noun (wildcards) or type. Given
    names without wildcards the commands come in the order asked; otherwise sorted by
    command type (Alias, Function, Filter, Cmdlet), then name (GetCommandCommand.cs)."""
    names = [ops.to_string(n) for n in ops.to_list(inv.get("Name"))]
    verbs = [ops.to_string(v) for v in ops.to_list(inv.get("Verb"))]
    nouns = [ops.to_string(n) for n in ops.to_list(inv.get("Noun"))]
    kinds = _command_types(inv)
    found: list[Candidate] = []
    for pattern in names or ["*"]:
        matched = [c for c in _candidates(inv, pattern, verbs, nouns)
                   if not kinds or _KIND_BY_RANK[c[0]] in kinds]
        if not matched and not ops.has_wildcards(pattern) and not verbs and not nouns and \
                (not kinds or "application" in kinds):
            application = await _application(inv, pattern)
            matched = [application] if application is not None else []
        if not matched and not ops.has_wildcards(pattern):
            inv.write_error(inv.error_record(
                f"The term '{pattern}' is not recognized as a name of a cmdlet, function, "
                "script file, or executable program.\nCheck the spelling of the name, or if "
                "a path was included, verify that the path is correct and try again.",
                "CommandNotFoundException", "ObjectNotFound", target=pattern,
            ))
        found += matched
    if not names or any(ops.has_wildcards(n) for n in names):
        found.sort(key=lambda entry: (entry[0], entry[1].lower()))
    seen: set[tuple[int, str]] = set()
    for rank, name, info in found:
        if (rank, name) in seen:  # asked for twice (``gcm Get-Job, *-Job``)
            continue
        seen.add((rank, name))
        cmdlet = catalog.resolve(name) if inv.switch("Syntax") else None
        if cmdlet is not None:
            for line in syntax_lines(cmdlet):
                yield line
        elif not inv.switch("Syntax"):
            yield info


@implements("Get-Verb", per_record=True)
async def get_verb(inv: Invocation) -> AsyncIterator[Any]:
    """The approved verbs in PowerShell's order, filtered by verb (wildcards) and group."""
    verbs = [ops.to_string(v) for v in ops.to_list(inv.get("Verb"))]
    groups = [ops.to_string(g) for g in ops.to_list(inv.get("Group"))]
    unknown = next((g for g in groups if g.lower() not in _GROUPS), None)
    if unknown is not None:
        raise inv.terminate(
            f"Cannot validate argument on parameter 'Group'. The argument \"{unknown}\" does "
            f"not belong to the set \"{','.join(GROUPS)}\" specified by the ValidateSet "
            "attribute. Supply an argument that is in the set and then try the command again.",
            "ParameterArgumentValidationError", "InvalidData",
        )
    for info in VERBS:
        if verbs and not any(ops.like(info.verb, pattern) for pattern in verbs):
            continue
        if groups and not any(info.group.lower() == g.lower() for g in groups):
            continue
        yield PSObject([("Verb", info.verb), ("AliasPrefix", info.alias_prefix),
                        ("Group", info.group), ("Description", info.description)],
                       (VERB_INFO, "System.Object"))
