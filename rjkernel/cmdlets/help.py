"""Get-Help and Get-Command, answered from the catalog (the same text as Shift-Tab) and
the user's functions (their param blocks make their syntax); Get-Verb from PowerShell's
table of approved verbs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from rjkernel.cmdlets import catalog
from rjkernel.cmdlets.base import Invocation, implements
from rjkernel.display.help import render_help, syntax_lines
from rjkernel.values import operators as ops
from rjkernel.values.objects import PSObject
from rjkernel.values.verbs import GROUPS, VERBS

COMMAND_INFO = "System.Management.Automation.CmdletInfo"
FUNCTION_INFO = "System.Management.Automation.FunctionInfo"
VERB_INFO = "System.Management.Automation.VerbInfo"
_GROUPS = frozenset(group.lower() for group in GROUPS)


@implements("Get-Help")
async def get_help(inv: Invocation) -> AsyncIterator[Any]:
    name = ops.to_string(inv.get("Name") or "Get-Help")
    topic = next((t for k, t in catalog.HELP_TOPICS.items() if k.lower() == name.lower()), None)
    if topic is not None:
        yield topic
        return
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


@implements("Get-Command")
async def get_command(inv: Invocation) -> AsyncIterator[Any]:
    names = [ops.to_string(n) for n in ops.to_list(inv.get("Name"))] or ["*"]
    verbs = [ops.to_string(v) for v in ops.to_list(inv.get("Verb"))]
    nouns = [ops.to_string(n) for n in ops.to_list(inv.get("Noun"))]
    found = False
    if not verbs and not nouns:
        for function in sorted(inv.variables.functions().values(), key=lambda f: f.name.lower()):
            if any(ops.like(function.name, n) for n in names):
                found = True
                kind = "Filter" if function.filter else "Function"
                yield PSObject([("CommandType", kind), ("Name", function.name),
                                ("Version", ""), ("Source", "")], (FUNCTION_INFO,))
    for spec in sorted(catalog.CATALOG.values(), key=lambda s: s.name.lower()):
        verb, _, noun = spec.name.partition("-")
        if verbs and not any(ops.like(verb, v) for v in verbs):
            continue
        if nouns and not any(ops.like(noun, n) for n in nouns):
            continue
        if not any(ops.like(spec.name, n) for n in names):
            continue
        found = True
        if inv.switch("Syntax"):
            for line in syntax_lines(spec):
                yield line
            continue
        yield PSObject([("CommandType", "Cmdlet"), ("Name", spec.name), ("Version", "7.4"),
                        ("Source", "rjkernel")], (COMMAND_INFO,))
    if not verbs and not nouns:
        for alias, target in sorted(catalog.ALIASES.items()):
            if any(ops.like(alias, n) for n in names) and any(ops.has_wildcards(n) or
                                                             n.lower() == alias for n in names):
                found = True
                yield PSObject([("CommandType", "Alias"), ("Name", f"{alias} -> {target}"),
                                ("Version", ""), ("Source", "")], (COMMAND_INFO,))
    for name in names:
        if not found and not ops.has_wildcards(name):
            inv.write_error(inv.error_record(
                f"The term '{name}' is not recognized as a name of a cmdlet, function, script "
                "file, or executable program.\nCheck the spelling of the name, or if a path "
                "was included, verify that the path is correct and try again.",
                "CommandNotFoundException", "ObjectNotFound", target=name,
            ))


@implements("Get-Verb")
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
