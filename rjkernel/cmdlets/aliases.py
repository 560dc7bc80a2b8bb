"""Aliases: PowerShell's defaults for the cmdlets rjkernel has (the catalog's) and the
user's own (Set-Alias, New-Alias, Remove-Alias; about_Aliases).

A user alias lives in the scope it was made in, like a function (``Variables``), and
stands for any command: a cmdlet, a function, another alias or a native command
(``Set-Alias k kubectl``); the line rule knows it from then on, so ``k get pods`` is
ours and runs ``kubectl`` with PowerShell's arguments. It may shadow a built-in alias
(a ReadOnly one, in its scope, only with -Force, as in PowerShell).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from rjkernel.cmdlets import catalog
from rjkernel.cmdlets.base import Invocation, implements
from rjkernel.errors import PSError
from rjkernel.runspace.variables import Variables
from rjkernel.values import operators as ops

# The built-in aliases PowerShell 7.4 makes ReadOnly (InitialSessionState.cs): Set-Alias
# and Remove-Alias change them only with -Force. The AllScope ones are in every scope, so
# even a function's Set-Alias meets them; the others live in the global scope.
ALL_SCOPE = frozenset({"%", "?", "foreach", "where", "select"})
READ_ONLY = ALL_SCOPE | {
    "clc", "clhy", "clv", "cpi", "epcsv", "fl", "ft", "gal", "gc", "gci", "gcm", "ghy", "gi",
    "gl", "gm", "group", "gu", "gv", "iex", "ipcsv", "measure", "mi", "nal", "ni", "nv", "oh",
    "rcsn", "ri", "rni", "rv", "rvpa", "sal", "sl", "sv",
}

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
    ``DisplayName`` (``gjb -> Get-Job``); ``Options`` as ScopedItemOptions prints them."""
    low = alias.lower()
    built_in = catalog.ALIASES.get(low) == target
    options = ("None" if not built_in or low not in READ_ONLY else
               "ReadOnly, AllScope" if low in ALL_SCOPE else "ReadOnly")
    return CommandInfo([("CommandType", "Alias"), ("Name", alias), ("Definition", target),
                        ("DisplayName", f"{alias} -> {target}"),
                        ("ResolvedCommandName", target), ("Options", options),
                        ("Version", ""), ("Source", "")], ALIAS_INFO)


def all_aliases(inv: Invocation) -> list[tuple[str, str]]:
    """Every alias visible where the command runs, (name, definition) sorted by name:
    the user's shadow the built-in ones."""
    merged = {alias: (alias, target) for alias, target in catalog.ALIASES.items()}
    merged.update(inv.variables.aliases())
    return sorted(merged.values(), key=lambda entry: entry[0].lower())


def matches_any(name: str, patterns: list[str]) -> bool:
    """Whether ``name`` is like one of the wildcard ``patterns``."""
    return any(ops.like(name, pattern) for pattern in patterns)


@implements("Get-Alias", per_record=True)
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


def _read_only(inv: Invocation, name: str, scope: Variables) -> bool:
    """Whether ``name`` in ``scope`` is a built-in ReadOnly alias nobody replaced."""
    low = name.lower()
    return (low in READ_ONLY and low not in scope.aliases() and not inv.switch("Force")
            and (scope is scope.root or low in ALL_SCOPE))


def _define(inv: Invocation, *, new: bool) -> CommandInfo | None:
    """The alias made, or None after PowerShell's AliasNotWritable error."""
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
    if _read_only(inv, name, target):
        inv.write_error(inv.error_record(
            f"Alias is not writeable because alias {name} is read-only or constant and "
            "cannot be written to.", "AliasNotWritable", "WriteError", target=name,
            exception="System.Management.Automation.SessionStateUnauthorizedAccessException"))
        return None
    target.define_alias(name, value)
    return alias_info(name, value)


@implements("Set-Alias")
async def set_alias(inv: Invocation) -> AsyncIterator[Any]:
    info = _define(inv, new=False)
    if info is not None and inv.switch("PassThru"):
        yield info


@implements("New-Alias")
async def new_alias(inv: Invocation) -> AsyncIterator[Any]:
    info = _define(inv, new=True)
    if info is not None and inv.switch("PassThru"):
        yield info


@implements("Remove-Alias")
async def remove_alias(inv: Invocation) -> AsyncIterator[Any]:
    for name in ops.to_list(inv.get("Name")):
        text = ops.to_string(name)
        if _read_only(inv, text, inv.variables.root):
            raise PSError(inv.error_record(
                f"Alias was not removed because alias {text} is constant or read-only.",
                "AliasNotRemovable", "WriteError", target=text,
                exception="System.Management.Automation.SessionStateUnauthorizedAccessException"))
        if not inv.variables.remove_alias(text):
            inv.write_error(inv.error_record(
                f"Unable to remove alias '{text}': it is not one of yours (the built-in "
                "aliases cannot be removed in rjkernel)." if text.lower() in catalog.ALIASES
                else f"This command cannot find a matching alias because an alias with the "
                f"name '{text}' does not exist.", "ItemNotFoundException", "ObjectNotFound",
                target=text))
    return
    yield  # pragma: no cover
