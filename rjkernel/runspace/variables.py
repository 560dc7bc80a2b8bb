"""A runspace's variables: case-insensitive names, with PowerShell's automatic ones.

``$true``, ``$false`` and ``$null`` are constants; assigning to ``$null`` discards.
``$?`` and ``$LASTEXITCODE`` are kept by the evaluator after each statement.
"""

from __future__ import annotations

from typing import Any

from rjkernel.errors import ErrorRecord, PSError

CONSTANTS: dict[str, Any] = {"true": True, "false": False, "null": None}


class Variables:
    def __init__(self) -> None:
        self._values: dict[str, tuple[str, Any]] = {}
        self.set("?", True)
        self.set("LASTEXITCODE", 0)
        self.set("ErrorView", "ConciseView")
        self.set("Error", [])

    def get(self, name: str, default: Any = None) -> Any:
        low = name.lower()
        if low in CONSTANTS:
            return CONSTANTS[low]
        entry = self._values.get(low)
        return default if entry is None else entry[1]

    def __contains__(self, name: str) -> bool:
        return name.lower() in CONSTANTS or name.lower() in self._values

    def set(self, name: str, value: Any) -> None:
        low = name.lower()
        if low == "null":
            return
        if low in CONSTANTS:
            raise PSError(
                ErrorRecord(
                    message=f"Cannot overwrite variable {name} because it is read-only or "
                    "constant.",
                    error_id="VariableNotWritable",
                    category="WriteError",
                )
            )
        self._values[low] = (name, value)

    def remove(self, name: str) -> None:
        self._values.pop(name.lower(), None)

    def names(self) -> list[str]:
        """Variable names as first written (for completion and Get-Variable)."""
        return [n for n, _ in self._values.values()] + ["true", "false", "null"]
