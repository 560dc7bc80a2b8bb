"""Get-, Set-, New-, Clear- and Remove-Variable: the runspace's variables by name
(about_Variables; names without ``$``, wildcards where PowerShell allows them); and
Set-StrictMode, which sets the rules ``interpreter/strict.py`` enforces on reads.

Errors are PowerShell's: ``Cannot find a variable with the name 'x'.`` and
``A variable with name 'x' already exists.``; the constants ``$true``, ``$false`` and
``$null`` cannot be changed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from rjkernel.cmdlets.base import Invocation, converts, implements
from rjkernel.cmdlets.objects import input_objects
from rjkernel.errors import PSError
from rjkernel.values import operators as ops
from rjkernel.values.conversion import ConversionError
from rjkernel.values.objects import PSObject

PSVARIABLE = "System.Management.Automation.PSVariable"


def variable_object(name: str, value: Any) -> PSObject:
    """A PSVariable with .NET's properties in their order (what Format-List shows); its
    table view shows Name and Value."""
    return PSObject([("Name", name), ("Description", ""), ("Value", value),
                     ("Visibility", "Public"), ("Module", None), ("ModuleName", ""),
                     ("Options", "None"), ("Attributes", [])], (PSVARIABLE,))


def _names(inv: Invocation) -> list[str]:
    return [ops.to_string(n) for n in ops.to_list(inv.get("Name"))]


def _not_found(inv: Invocation, name: str) -> None:
    inv.write_error(inv.error_record(
        f"Cannot find a variable with the name '{name}'.", "VariableNotFound",
        "ObjectNotFound", target=name))


def _matching(inv: Invocation, pattern: str) -> list[str]:
    variables = inv.variables
    if ops.has_wildcards(pattern):
        return [n for n in variables.names() if ops.like(n, pattern)]
    return [pattern] if pattern in variables else []


@implements("Get-Variable", per_record=True)
async def get_variable(inv: Invocation) -> AsyncIterator[Any]:
    variables = inv.variables
    patterns = _names(inv) or ["*"]
    for name in sorted(variables.names(), key=str.lower):
        if any(ops.like(name, p) for p in patterns):
            value = variables.get(name)
            yield value if inv.switch("ValueOnly") else variable_object(name, value)
    for p in patterns:
        if not ops.has_wildcards(p) and p not in variables:
            _not_found(inv, p)


async def _value(inv: Invocation) -> Any:
    if inv.input is not None:
        items = [item async for item in input_objects(inv)]
        return None if not items else items[0] if len(items) == 1 else items
    return inv.get("Value")


@implements("Set-Variable")
async def set_variable(inv: Invocation) -> AsyncIterator[Any]:
    value = await _value(inv)
    for name in _names(inv):
        targets = _matching(inv, name) if ops.has_wildcards(name) else [name]
        for target in targets:
            inv.variables.set(target, value)
            if inv.switch("PassThru"):
                yield variable_object(target, value)


@implements("New-Variable")
async def new_variable(inv: Invocation) -> AsyncIterator[Any]:
    name = ops.to_string(inv.get("Name"))
    if name in inv.variables and not inv.switch("Force"):
        inv.write_error(inv.error_record(
            f"A variable with name '{name}' already exists.", "VariableAlreadyExists",
            "ResourceExists", target=name))
        return
    value = await _value(inv)
    inv.variables.set(name, value)
    if inv.switch("PassThru"):
        yield variable_object(name, value)


def _each_variable(inv: Invocation) -> list[str]:
    """The variables ``-Name`` selects; a plain name that matches none is an error."""
    names: list[str] = []
    for pattern in _names(inv):
        found = _matching(inv, pattern)
        if not found and not ops.has_wildcards(pattern):
            _not_found(inv, pattern)
        names.extend(found)
    return names


@implements("Clear-Variable", per_record=True)
async def clear_variable(inv: Invocation) -> AsyncIterator[Any]:
    for name in _each_variable(inv):
        try:
            inv.variables.set(name, None)
        except PSError as exc:
            inv.write_error(exc.record)
            continue
        if inv.switch("PassThru"):
            yield variable_object(name, None)


@implements("Remove-Variable", per_record=True)
async def remove_variable(inv: Invocation) -> AsyncIterator[Any]:
    for name in _each_variable(inv):
        if name.lower() in ("true", "false", "null"):
            inv.write_error(inv.error_record(
                f"Cannot remove variable {name} because it is constant or read-only. If the "
                "variable is read-only, try the operation again specifying the Force option.",
                "VariableNotRemovable", "WriteError", target=name))
            continue
        inv.variables.remove(name)
    return
    yield  # pragma: no cover


_STRICT_VERSIONS = {"1": 1, "1.0": 1, "2": 2, "2.0": 2, "3": 3, "3.0": 3, "latest": 3}


@converts("Version")
def strict_version(value: Any) -> int:
    """Set-StrictMode's -Version: 1.0, 2.0, 3.0 or Latest (the newest, 3.0)."""
    version = _STRICT_VERSIONS.get(ops.to_string(value).strip().lower())
    if version is None:
        raise ConversionError(
            f"The value {ops.to_string(value)} is not a valid strict mode version. Specify "
            "1.0, 2.0, 3.0 or Latest.")
    return version


@implements("Set-StrictMode")
async def set_strict_mode(inv: Invocation) -> AsyncIterator[Any]:
    """Strict mode for the scope the command runs in and the scopes below it."""
    inv.variables.strict = 0 if inv.switch("Off") else int(inv.get("Version"))
    return
    yield  # pragma: no cover
