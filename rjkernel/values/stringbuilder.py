"""``System.Text.StringBuilder``: how runbooks assemble a report line by line
(``$sb = New-Object System.Text.StringBuilder; [void]$sb.AppendLine('…'); $sb.ToString()``).

The Append methods return the builder itself, as .NET's do — which is why runbooks
write ``[void]`` or ``| Out-Null``: a builder that reaches the output prints PowerShell's
``Capacity MaxCapacity Length`` table. ``AppendLine`` ends lines with ``"\\n"``
(Environment.NewLine on Linux). Reference: learn.microsoft.com, System.Text.StringBuilder.
"""

from __future__ import annotations

from typing import Any

from rjkernel.values import types
from rjkernel.values.composite import format_composite
from rjkernel.values.membertable import TypeMembers, register_members
from rjkernel.values.operators import to_number, to_string
from rjkernel.values.strings import MethodFault

_MAX_CAPACITY = 2147483647


class StringBuilder:
    """The text so far; ``capacity`` grows as .NET's does, doubling from 16."""

    type_names = ("System.Text.StringBuilder", "System.Object")

    def __init__(self, text: str = "", capacity: int = 16) -> None:
        self.text = text
        self.capacity = max(capacity, 16 if not text else len(text))

    def _grow(self) -> None:
        while len(self.text) > self.capacity:
            self.capacity = min(self.capacity * 2, _MAX_CAPACITY)

    def append(self, value: Any = None, *more: Any) -> StringBuilder:
        """Append(value), and Append(char, repeatCount)."""
        if more:
            self.text += to_string(value) * int(to_number(more[0]))
        else:
            self.text += "".join(to_string(c) for c in value) if isinstance(value, list) \
                else to_string(value)
        self._grow()
        return self

    def append_line(self, value: Any = None) -> StringBuilder:
        self.text += to_string(value) + "\n"
        self._grow()
        return self

    def append_format(self, fmt: Any, *args: Any) -> StringBuilder:
        values = list(args[0]) if len(args) == 1 and isinstance(args[0], list) else list(args)
        self.text += format_composite(to_string(fmt), values)
        self._grow()
        return self

    def insert(self, index: Any, value: Any) -> StringBuilder:
        at = int(to_number(index))
        if not 0 <= at <= len(self.text):
            raise MethodFault("Index was out of range. Must be non-negative and less than or "
                              "equal to the size of the collection. (Parameter 'index')")
        self.text = self.text[:at] + to_string(value) + self.text[at:]
        self._grow()
        return self

    def remove(self, start: Any, length: Any) -> StringBuilder:
        at, count = int(to_number(start)), int(to_number(length))
        if at < 0 or count < 0 or at + count > len(self.text):
            raise MethodFault("Index was out of range. Must be non-negative and less than the "
                              "size of the collection. (Parameter 'startIndex')")
        self.text = self.text[:at] + self.text[at + count:]
        return self

    def replace(self, old: Any, new: Any) -> StringBuilder:
        target = to_string(old)
        if not target:
            raise MethodFault("The value cannot be an empty string. (Parameter 'oldValue')")
        self.text = self.text.replace(target, to_string(new))
        self._grow()
        return self

    def clear(self) -> StringBuilder:
        self.text = ""
        return self

    def to_string(self, start: Any = None, length: Any = None) -> str:
        if start is None:
            return self.text
        at = int(to_number(start))
        return self.text[at: at + int(to_number(length))]

    def ps_properties(self) -> dict[str, Any]:
        return {"Capacity": self.capacity, "MaxCapacity": _MAX_CAPACITY,
                "Length": len(self.text)}

    def __str__(self) -> str:
        return self.text


register_members(StringBuilder, TypeMembers(
    properties={},
    methods={
        "Append": (StringBuilder.append, "System.Text.StringBuilder Append(string value), "
                                         "System.Text.StringBuilder Append(char value, int "
                                         "repeatCount), …"),
        "AppendLine": (StringBuilder.append_line, "System.Text.StringBuilder AppendLine(), "
                                                  "System.Text.StringBuilder AppendLine("
                                                  "string value)"),
        "AppendFormat": (StringBuilder.append_format, "System.Text.StringBuilder AppendFormat("
                                                      "string format, Params System.Object[] "
                                                      "args)"),
        "Clear": (StringBuilder.clear, "System.Text.StringBuilder Clear()"),
        "Insert": (StringBuilder.insert, "System.Text.StringBuilder Insert(int index, string "
                                         "value)"),
        "Remove": (StringBuilder.remove, "System.Text.StringBuilder Remove(int startIndex, "
                                         "int length)"),
        "Replace": (StringBuilder.replace, "System.Text.StringBuilder Replace(string "
                                           "oldValue, string newValue)"),
        "ToString": (StringBuilder.to_string, "string ToString(), string ToString(int "
                                              "startIndex, int length)"),
    },
))


def _new(value: Any = None, capacity: Any = None) -> StringBuilder:
    """StringBuilder(), (int capacity), (string value), (string value, int capacity)."""
    if isinstance(value, int) and not isinstance(value, bool) and capacity is None:
        return StringBuilder(capacity=value)
    return StringBuilder("" if value is None else to_string(value),
                         16 if capacity is None else int(to_number(capacity)))


types.register(types.PSType("System.Text.StringBuilder", (),
                            lambda v: isinstance(v, StringBuilder), lambda v: v, new=_new))
