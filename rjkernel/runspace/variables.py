"""A runspace's variables and functions, in PowerShell's scopes (about_Scopes).

A :class:`Variables` is one scope. The runspace's own is the global scope (a cell runs
there, so it is the script scope too); calling a function or a script block makes a
child scope whose parent is the caller's scope — PowerShell's scopes are dynamic.
Reads fall through to the parents; an assignment creates or updates the variable in the
scope it runs in, so a function's variables do not leak out. ``$global:``/``$script:``
name the root and ``$local:``/``$private:`` the current scope only. Functions and the
user's aliases (Set-Alias) live in scopes the same way (a function defined inside a
function is gone when it returns).

Names are case-insensitive. ``$true``, ``$false`` and ``$null`` are constants;
assigning to ``$null`` discards. ``$?``, ``$LASTEXITCODE`` and ``$Error`` live in the
global scope and are kept by the evaluator.
"""

from __future__ import annotations

from typing import Any

from rjkernel.errors import ErrorRecord, PSError

CONSTANTS: dict[str, Any] = {"true": True, "false": False, "null": None}
_ROOT_PREFIXES = ("global", "script")
_LOCAL_PREFIXES = ("local", "private")


class Shared:
    """What every scope of one runspace shares.

    ``checks_wait``: a variable of the runspace was declared with a check that runs a
    script (``ValidateScript``), which may wait for a command: from then on the
    interpreter runs every statement in its coroutine form (``code.now_for``), so that
    an assignment can await its check. Read on every loop pass, hence an attribute.
    """

    __slots__ = ("checks_wait",)

    def __init__(self) -> None:
        self.checks_wait = False


class Variables:
    def __init__(self, parent: Variables | None = None) -> None:
        self.parent = parent
        self.shared: Shared = parent.shared if parent is not None else Shared()
        self._values: dict[str, tuple[str, Any]] = {}
        self._functions: dict[str, Any] = {}
        # what ``[int]$n = …`` or ``[ValidateRange(1, 5)]$n = …`` declared: the
        # interpreter's, applied by it on every assignment to the name in this scope
        self._constraints: dict[str, Any] = {}
        self._aliases: dict[str, tuple[str, str]] = {}  # by lower name: (name, definition)
        self.strict: int | None = None  # Set-StrictMode here (0 off); None: the parent's
        if parent is None:
            self.set("?", True)
            self.set("LASTEXITCODE", 0)
            self.set("ErrorView", "ConciseView")
            self.set("ErrorActionPreference", "Continue")
            self.set("PSNativeCommandUseErrorActionPreference", False)
            self.set("Error", [])

    def child(self) -> Variables:
        """A new scope below this one (a function's, a script block's)."""
        return Variables(self)

    @property
    def root(self) -> Variables:
        """The global scope."""
        scope = self
        while scope.parent is not None:
            scope = scope.parent
        return scope

    def strict_version(self) -> int:
        """The strict-mode version in force here (0: off), set here or in a parent."""
        scope: Variables | None = self
        while scope is not None:
            if scope.strict is not None:
                return scope.strict
            scope = scope.parent
        return 0

    def scope(self, prefix: str | None) -> Variables:
        """The scope a ``$prefix:name`` names: ``global``/``script`` the root, else this."""
        return self.root if prefix in _ROOT_PREFIXES else self

    def _chain(self, prefix: str | None = None) -> list[Variables]:
        if prefix in _LOCAL_PREFIXES:
            return [self]
        scopes: list[Variables] = []
        scope: Variables | None = self.scope(prefix)
        while scope is not None:
            scopes.append(scope)
            scope = scope.parent
        return scopes

    # ------------------------------------------------------------------ variables

    def get(self, name: str, default: Any = None, prefix: str | None = None) -> Any:
        low = name.lower()
        if low in CONSTANTS:
            return CONSTANTS[low]
        if prefix is None:
            return self.read(low, default)
        for scope in self._chain(prefix):
            entry = scope._values.get(low)
            if entry is not None:
                return entry[1]
        return default

    def read(self, low: str, default: Any = None) -> Any:
        """The value of the variable of lower-cased name ``low`` (not a constant) seen
        from here — the read a loop does thousands of times: no lowering, no list."""
        here: Variables | None = self
        while here is not None:
            entry = here._values.get(low)
            if entry is not None:
                return entry[1]
            here = here.parent
        return default

    def __contains__(self, name: str) -> bool:
        low = name.lower()
        return low in CONSTANTS or any(low in scope._values for scope in self._chain())

    def set(self, name: str, value: Any, prefix: str | None = None) -> None:
        """Assign in this scope (or the one ``prefix`` names)."""
        low = name.lower()
        if low in CONSTANTS:
            if low == "null":
                return
            raise PSError(
                ErrorRecord(
                    message=f"Cannot overwrite variable {name} because it is read-only or "
                    "constant.",
                    error_id="VariableNotWritable",
                    category="WriteError",
                )
            )
        (self if prefix is None else self.scope(prefix))._values[low] = (name, value)

    def set_status(self, ok: bool) -> None:
        """``$?`` as a statement ends (the evaluator sets it in the global scope after
        every statement, so without :meth:`set`'s checks: its name is no constant)."""
        self._values["?"] = ("?", ok)

    def remove(self, name: str) -> None:
        """Remove the variable where it is visible from here (the nearest scope)."""
        low = name.lower()
        for scope in self._chain():
            if scope._values.pop(low, None) is not None:
                scope._constraints.pop(low, None)
                return

    def constraint(self, name: str, prefix: str | None = None) -> Any:
        """The type and validation a variable of the scope an assignment writes to was
        declared with (``None`` for none): a child scope's assignment makes a new,
        unconstrained variable, as in PowerShell."""
        constraints = self.scope(prefix)._constraints
        return constraints.get(name.lower()) if constraints else None

    def constrain(self, name: str, constraint: Any, prefix: str | None = None) -> None:
        self.scope(prefix)._constraints[name.lower()] = constraint
        if constraint.waits:
            self.shared.checks_wait = True

    def names(self) -> list[str]:
        """Variable names visible here, as first written (completion, Get-Variable)."""
        seen: dict[str, str] = {}
        for scope in self._chain():
            for low, (name, _) in scope._values.items():
                seen.setdefault(low, name)
        return [*seen.values(), "true", "false", "null"]

    # ------------------------------------------------------------------ functions

    def function(self, name: str) -> Any:
        """The function ``name`` visible here, or None."""
        low = name.lower()
        for scope in self._chain():
            found = scope._functions.get(low)
            if found is not None:
                return found
        return None

    def define_function(self, name: str, function: Any, prefix: str | None = None) -> None:
        self.scope(prefix)._functions[name.lower()] = function

    def functions(self) -> dict[str, Any]:
        """Every function visible here by lower-cased name (the nearest wins)."""
        found: dict[str, Any] = {}
        for scope in self._chain():
            for low, function in scope._functions.items():
                found.setdefault(low, function)
        return found

    def command_names(self) -> frozenset[str]:
        """The lower-cased names of the functions and aliases visible here: the commands
        the line rule must know besides the catalog's."""
        return frozenset(self.functions()) | frozenset(self.aliases())

    # ------------------------------------------------------------------ aliases

    def alias(self, name: str) -> str | None:
        """What the user's alias ``name`` stands for, or None."""
        low = name.lower()
        here: Variables | None = self  # asked for every command run: no list built
        while here is not None:
            found = here._aliases.get(low)
            if found is not None:
                return found[1]
            here = here.parent
        return None

    def define_alias(self, name: str, definition: str, prefix: str | None = None) -> None:
        self.scope(prefix)._aliases[name.lower()] = (name, definition)

    def remove_alias(self, name: str) -> bool:
        """Remove the alias where it is visible from here; whether there was one."""
        low = name.lower()
        return any(scope._aliases.pop(low, None) is not None for scope in self._chain())

    def aliases(self) -> dict[str, tuple[str, str]]:
        """Every user alias visible here by lower-cased name: (name, definition)."""
        found: dict[str, tuple[str, str]] = {}
        for scope in self._chain():
            for low, entry in scope._aliases.items():
                found.setdefault(low, entry)
        return found
