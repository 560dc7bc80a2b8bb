"""Cmdlets: their signatures (``catalog*.py``) and implementations (one module per noun).

Importing an implementation module registers its cmdlets with
:func:`rjkernel.cmdlets.base.implements`; :func:`load_implementations` imports them all
once, so the engine never needs to know the module list.
"""

from __future__ import annotations

import importlib

IMPLEMENTATION_MODULES = (
    "jobs", "objects", "content", "sessions", "invoke", "help", "ordering", "measure", "dates",
    "json", "csv", "select_string", "getmember", "hostio", "variables", "history", "items",
    "instances", "randomness", "joinstring", "aliases", "locations", "scriptblocks",
)


def load_implementations() -> None:
    for name in IMPLEMENTATION_MODULES:
        importlib.import_module(f"rjkernel.cmdlets.{name}")
