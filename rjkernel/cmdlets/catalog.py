"""Every cmdlet rjkernel knows, by name and alias, and the conceptual help topics.

This is the one place that decides whether a command word is ours or the shell's:
``resolve(word)`` finds a cmdlet by its full name or an alias, case-insensitively and
never by abbreviation (``Get-Jo`` is not Get-Job, as in PowerShell). Everything else goes
to the runspace's shell, which is why no alias here may be the name of a common Linux
command or shell builtin (``echo``, ``cd``, ``pwd``, ``kill``, ``sleep``, ``sort``, ``cat``,
``type``, ``history``, ``write`` …).
"""

from __future__ import annotations

from rjkernel.cmdlets.catalog_data import DATA_CMDLETS
from rjkernel.cmdlets.catalog_host import HOST_CMDLETS
from rjkernel.cmdlets.catalog_items import ITEM_CMDLETS
from rjkernel.cmdlets.catalog_jobs import JOB_CMDLETS
from rjkernel.cmdlets.catalog_objects import OBJECT_CMDLETS
from rjkernel.cmdlets.catalog_remoting import REMOTING_CMDLETS
from rjkernel.cmdlets.catalog_utility import UTILITY_CMDLETS
from rjkernel.cmdlets.help_topics import HELP_TOPICS
from rjkernel.cmdlets.signature import CmdletSpec

__all__ = ["ALIASES", "CATALOG", "FUNCTIONS", "HELP_TOPICS", "resolve"]

CATALOG: dict[str, CmdletSpec] = {
    spec.name.lower(): spec
    for spec in (*JOB_CMDLETS, *REMOTING_CMDLETS, *UTILITY_CMDLETS, *OBJECT_CMDLETS,
                 *DATA_CMDLETS, *HOST_CMDLETS, *ITEM_CMDLETS)
}
"""Cmdlet specs by lower-case cmdlet name."""

ALIASES: dict[str, str] = {
    alias.lower(): spec.name for spec in CATALOG.values() for alias in spec.aliases
}
"""Canonical cmdlet name by lower-case alias."""

FUNCTIONS: dict[str, str] = {"help": "Get-Help"}
"""PowerShell's built-in functions that wrap a cmdlet, by name: ``help`` is a function
that pages Get-Help's text (InitialSessionState.cs BuiltInFunctions), not an alias, so
Get-Alias does not list it and Get-Command calls it a Function. Here it runs Get-Help."""


def resolve(word: str) -> CmdletSpec | None:
    """The cmdlet ``word`` names (full name or alias, any case), or None if it is not ours."""
    low = word.lower()
    spec = CATALOG.get(low)
    if spec is not None:
        return spec
    name = ALIASES.get(low) or FUNCTIONS.get(low)
    return CATALOG[name.lower()] if name is not None else None
