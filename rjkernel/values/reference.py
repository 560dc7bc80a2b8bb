"""``[ref]`` (System.Management.Automation.PSReference): a value's box, or a variable
itself when made from one (``[ref]$n``), so that a method can write to it —
``[int]::TryParse($text, [ref]$n)``, ``$dict.TryGetValue($key, [ref]$value)`` — and a
function can set its caller's variable through ``$r.Value = …`` (about_Ref).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rjkernel.values import types
from rjkernel.values.membertable import MethodBindingFault


class PSReference:
    """Reads and writes one value through ``get``/``set`` (a variable's, or its own)."""

    type_names = ("System.Management.Automation.PSReference", "System.Object")

    def __init__(self, get: Callable[[], Any], set_: Callable[[Any], None]) -> None:
        self._get = get
        self._set = set_

    @classmethod
    def holding(cls, value: Any) -> PSReference:
        box = [value]
        return cls(lambda: box[0], lambda v: box.__setitem__(0, v))

    @property
    def value(self) -> Any:
        return self._get()

    @value.setter
    def value(self, new: Any) -> None:
        self._set(new)

    def ps_properties(self) -> dict[str, Any]:
        return {"Value": self.value}

    def ps_set(self, name: str, value: Any) -> bool:
        """``$r.Value = x`` (the interpreter's assignment to an object's property)."""
        if name.lower() != "value":
            return False
        self.value = value
        return True

    def __str__(self) -> str:
        return "System.Management.Automation.PSReference"


def out_argument(value: Any, position: int) -> PSReference:
    """A method's ``out``/``ref`` argument, which PowerShell requires as a ``[ref]``."""
    if not isinstance(value, PSReference):
        raise MethodBindingFault(f"Argument: '{position}' should be a "
                                 "System.Management.Automation.PSReference. Use [ref].",
                                 "NonRefArgumentToRefParameterMsg")
    return value


REF = types.register(types.PSType(
    "System.Management.Automation.PSReference", ("ref",),
    lambda v: isinstance(v, PSReference),
    lambda v: v if isinstance(v, PSReference) else PSReference.holding(v), collection=True))
