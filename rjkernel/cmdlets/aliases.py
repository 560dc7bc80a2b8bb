"""Aliases: PowerShell's defaults for the cmdlets rjkernel has (the catalog's) and the
user's own (Set-Alias, New-Alias, Remove-Alias; about_Aliases).

A user alias lives in the scope it was made in, like a function (``Variables``), and
stands for any command: a cmdlet, a function, another alias or a native command
(``Set-Alias k kubectl``); the line rule knows it from then on, so ``k get pods`` is
ours and runs ``kubectl`` with PowerShell's arguments. It may shadow a built-in alias.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from rjkernel.cmdlets import catalog
from rjkernel.cmdlets.base import Invocation, implements
from rjkernel.values import operators as ops

COMMAND_INFO = "System.Management.Automation.CommandInfo"
ALIAS_INFO = "System.Management.Automation.AliasInfo"


class CommandInfo:
    """What Get-Command and Get-Alias return (CmdletInfo, AliasInfo, FunctionInfo,
    ApplicationInfo by ``type_names``): shown in the CommandInfo table, and as text its
    name, as PowerShell's CommandInfo.ToString() gives it."""

    def __init__(self, properties: list[tuple[str, Any]], kind: str) -> None:
        self.properties = dict(properties)
        self.type_names = (kind, COMMAND_INFO, "System.Object")

    def ps_properties(self) -> dict[str, Any]:
        return dict(self.properties)

    def __str__(self) -> str:
        return str(self.properties["Name"])


def alias_info(alias: str, target: str) -> CommandInfo:
    """An AliasInfo: ``Name`` is the alias, ``Definition`` the command; tables show
    ``DisplayName`` (``gjb -> Get-Job``)."""
    return CommandInfo([("CommandType", "Alias"), ("Name", alias), ("Definition", target),
                        ("DisplayName", f"{alias} -> {target}"),
                        ("ResolvedCommandName", target), ("Version", ""), ("Source", "")],
                       ALIAS_INFO)


def all_aliases(inv: Invocation) -> list[tuple[str, str]]:
    """Every alias visible where the command runs, (name, definition) sorted by name:
    the user's shadow the built-in ones."""
    merged = {alias: (alias, target) for alias, target in catalog.ALIASES.items()}
    merged.update(inv.variables.aliases())
    return sorted(merged.values(), key=lambda entry: entry[0].lower())


def matches_any(name: str, patterns: list[str]) -> bool:
    """Whether ``name`` is like one of the wildcard ``patterns``."""
    return any(ops.like(name, pattern) for pattern in patterns)


@implements("Get-Alias")
async def get_alias(inv: Invocation) -> AsyncIterator[Any]:
    """PowerShell's default aliases for the cmdlets rjkernel has and the user's, by
    alias name or by the command they stand for (``-Definition``), sorted by name."""
    names = [ops.to_string(n) for n in ops.to_list(inv.get("Name"))]
    definitions = [ops.to_string(d) for d in ops.to_list(inv.get("Definition"))]
    excluded = [ops.to_string(e) for e in ops.to_list(inv.get("Exclude"))]
    aliases = all_aliases(inv)
    for pattern in names or ([] if definitions else ["*"]):
        matched = [(a, t) for a, t in aliases if ops.like(a, pattern) and not
                   matches_any(a, excluded)]
        if not matched and not ops.has_wildcards(pattern):
            inv.write_error(inv.error_record(
                "This command cannot find a matching alias because an alias with the name "
                f"'{pattern}' does not exist.", "ItemNotFoundException", "ObjectNotFound",
                target=pattern))
        for alias, target in matched:
            yield alias_info(alias, target)
    for pattern in definitions:
        matched = [(a, t) for a, t in aliases if ops.like(t, pattern) and not
                   matches_any(a, excluded)]
        if not matched and not ops.has_wildcards(pattern):
            inv.write_error(inv.error_record(
                "This command cannot find a matching alias because an alias with the "
                f"definition '{pattern}' does not exist.", "ItemNotFoundException",
                "ObjectNotFound", target=pattern))
        for alias, target in matched:
            yield alias_info(alias, target)


def _define(inv: Invocation, *, new: bool) -> CommandInfo:
    name = ops.to_string(inv.get("Name"))
    value = ops.to_string(inv.get("Value"))
    scope = ops.to_string(inv.get("Scope") or "").lower()
    if scope not in ("", "local", "global", "script"):
        raise inv.terminate(
            f"rjkernel's {inv.spec.name} takes -Scope Local, Script or Global, not "
            f"'{inv.get('Scope')}'.", "ArgumentOutOfRange", "InvalidArgument")
    target = inv.variables.scope(scope or None)
    if new and not inv.switch("Force") and (name.lower() in target.aliases() or
                                            name.lower() in catalog.ALIASES):
        raise inv.terminate(
            f"The alias is not allowed, because an alias with the name '{name}' already "
            "exists.", "AliasAlreadyExists", "ResourceExists")
    target.define_alias(name, value)
    return alias_info(name, value)


@implements("Set-Alias")
async def set_alias(inv: Invocation) -> AsyncIterator[Any]:
    info = _define(inv, new=False)
    if inv.switch("PassThru"):
        yield info


@implements("New-Alias")
async def new_alias(inv: Invocation) -> AsyncIterator[Any]:
    info = _define(inv, new=True)
    if inv.switch("PassThru"):
        yield info


@implements("Remove-Alias")
async def remove_alias(inv: Invocation) -> AsyncIterator[Any]:
    for name in ops.to_list(inv.get("Name")):
        text = ops.to_string(name)
        if not inv.variables.remove_alias(text):
            inv.write_error(inv.error_record(
                f"Unable to remove alias '{text}': it is not one of yours (the built-in "
                "aliases cannot be removed in rjkernel)." if text.lower() in catalog.ALIASES
                else f"This command cannot find a matching alias because an alias with the "
                f"name '{text}' does not exist.", "ItemNotFoundException", "ObjectNotFound",
                target=text))
    return
    yield  # pragma: no cover
