"""ConvertTo-Json and ConvertFrom-Json, as PowerShell 7 (Newtonsoft.Json) writes and
reads them (JsonObject.cs).

ConvertTo-Json: two-space indentation and ``"key": value`` (``-Compress``: no
whitespace); objects by their properties, hashtables by their keys, arrays as lists;
enums as numbers (``-EnumsAsStrings``: names); dates in ISO 8601 round-trip form; a
Double always with a decimal point (``1.0``); non-ASCII text as is. Deeper than
``-Depth`` (default 2), an object becomes its text, and PowerShell's warning
``Resulting JSON is truncated as serialization has exceeded the set depth of 2.`` is
written once. Several input objects (or ``-AsArray``) make a JSON array.

ConvertFrom-Json: objects become custom objects (``-AsHashtable``: ordered
hashtables), ISO 8601 date strings become DateTimes, a top-level array is enumerated
unless ``-NoEnumerate``.
"""

from __future__ import annotations

import enum
import json
import math
import re
from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from rjkernel.cmdlets.base import Invocation, implements
from rjkernel.cmdlets.objects import input_objects
from rjkernel.values import dates, numbers
from rjkernel.values import operators as ops
from rjkernel.values.members import properties_of
from rjkernel.values.objects import Char, Hashtable, OrderedHashtable, PSObject, ScriptBlockValue

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b",
            "\f": "\\f"}


def json_string(text: str) -> str:
    out = []
    for c in text:
        if c in _ESCAPES:
            out.append(_ESCAPES[c])
        elif ord(c) < 0x20 or c in "\u0085\u2028\u2029":
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def _double(value: float) -> str:
    if math.isnan(value) or math.isinf(value):
        return json_string(numbers.double_text(value))
    text = numbers.double_text(value)
    return text if any(c in text for c in ".E") else text + ".0"


def _date(value: datetime) -> str:
    fraction = f"{value.microsecond:06d}".rstrip("0")
    text = value.strftime("%Y-%m-%dT%H:%M:%S") + (f".{fraction}" if fraction else "")
    if value.tzinfo is not None:
        return text + "Z"
    if isinstance(value, dates.UnspecifiedDateTime):
        return text  # Json.NET's RoundtripKind: no zone for Kind Unspecified
    return text + dates.format_datetime(value, "zzz")


class _Writer:
    def __init__(self, depth: int, compress: bool, enums_as_strings: bool) -> None:
        self.max_depth = depth
        self.compress = compress
        self.enums_as_strings = enums_as_strings
        self.truncated = False

    def value(self, obj: Any, depth: int, indent: int) -> str:
        if obj is None:
            return "null"
        if isinstance(obj, bool):
            return "true" if obj else "false"
        if isinstance(obj, enum.Enum):
            return json_string(obj.name) if self.enums_as_strings else str(int(obj.value))
        if isinstance(obj, (str, Char)):
            return json_string(str.__str__(obj))
        if isinstance(obj, float):
            return _double(obj)
        if isinstance(obj, Decimal):
            return format(obj, "f")
        if isinstance(obj, int):
            return str(int(obj))
        if isinstance(obj, datetime):
            return json_string(_date(obj))
        if isinstance(obj, ScriptBlockValue) or depth > self.max_depth:
            if depth > self.max_depth:
                self.truncated = True
            return json_string(ops.to_string(obj))
        if isinstance(obj, Hashtable):
            return self.mapping([(ops.to_string(k), v) for k, v in obj.items()], depth, indent)
        if isinstance(obj, (list, tuple)):
            return self.array(list(obj), depth, indent)
        if isinstance(obj, timedelta):
            return self.mapping(list(dates.timespan_members(obj).items()), depth, indent)
        return self.mapping(list(properties_of(obj).items()), depth, indent)

    def _pad(self, indent: int) -> str:
        return "\n" + "  " * indent

    def mapping(self, pairs: list[tuple[str, Any]], depth: int, indent: int) -> str:
        if not pairs:
            return "{}"
        sep = ":" if self.compress else ": "
        items = [json_string(k) + sep + self.value(v, depth + 1, indent + 1) for k, v in pairs]
        if self.compress:
            return "{" + ",".join(items) + "}"
        inner = self._pad(indent + 1)
        return "{" + inner + ("," + inner).join(items) + self._pad(indent) + "}"

    def array(self, items: list[Any], depth: int, indent: int) -> str:
        if not items:
            return "[]"
        texts = [self.value(v, depth + 1, indent + 1) for v in items]
        if self.compress:
            return "[" + ",".join(texts) + "]"
        inner = self._pad(indent + 1)
        return "[" + inner + ("," + inner).join(texts) + self._pad(indent) + "]"


def to_json(obj: Any, depth: int = 2, compress: bool = False,
            enums_as_strings: bool = False) -> tuple[str, bool]:
    """The JSON text of ``obj`` and whether ``depth`` cut it short."""
    writer = _Writer(depth, compress, enums_as_strings)
    text = writer.value(obj, 0, 0)
    return text, writer.truncated


@implements("ConvertTo-Json")
async def convert_to_json(inv: Invocation) -> AsyncIterator[Any]:
    items = [item async for item in input_objects(inv)] if inv.input is not None else (
        [inv.get("InputObject")])
    if inv.input is not None and not items:
        return
    depth = int(inv.get("Depth", 2))
    if depth > 100:
        raise inv.terminate(
            f"Cannot validate argument on parameter 'Depth'. The {depth} argument is greater "
            "than the maximum allowed range of 100. Supply an argument that is less than or "
            "equal to 100 and then try the command again.",
            "ParameterArgumentValidationError", "InvalidData")
    obj: Any = items if len(items) > 1 or inv.switch("AsArray") else items[0]
    text, truncated = to_json(obj, depth, inv.switch("Compress"), inv.switch("EnumsAsStrings"))
    if truncated:
        inv.host.write_warning(
            f"Resulting JSON is truncated as serialization has exceeded the set depth of "
            f"{depth}.")
    yield text


_ISO_DATE = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})?\Z")


def _from_json(value: Any, as_hashtable: bool) -> Any:
    if isinstance(value, dict):
        pairs = [(k, _from_json(v, as_hashtable)) for k, v in value.items()]
        return OrderedHashtable(pairs) if as_hashtable else PSObject(pairs)
    if isinstance(value, list):
        return [_from_json(v, as_hashtable) for v in value]
    if isinstance(value, str) and _ISO_DATE.match(value):
        return _json_date(value)
    if isinstance(value, int) and not isinstance(value, bool):
        # Json.NET reads every integer as an Int64 (JValue.Value is a long)
        return numbers.Int64(value) if numbers.INT64_MIN <= value <= numbers.INT64_MAX \
            else float(value)
    return value


def _json_date(text: str) -> datetime:
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00")[:26] + (
        text[-6:] if text[-6] in "+-" else "+00:00" if text.endswith("Z") else ""))
    if text.endswith("Z"):
        return parsed.astimezone(timezone.utc)
    if parsed.tzinfo is not None:
        return parsed.astimezone().replace(tzinfo=None)
    return dates.unspecified(parsed)


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, str] = {}
    for key, _ in pairs:
        low = key.lower()
        if low in seen and seen[low] != key:
            raise ValueError(
                f"Cannot convert the JSON string because it contains keys with different "
                f"casing. Please use the -AsHashTable switch instead. The key that was "
                f"attempted to be added to the existing key '{seen[low]}' was '{key}'.")
        seen[low] = key
    return dict(pairs)


@implements("ConvertFrom-Json")
async def convert_from_json(inv: Invocation) -> AsyncIterator[Any]:
    texts = [ops.to_string(t) async for t in input_objects(inv)]
    source = "\n".join(texts)
    if not source.strip():
        return
    try:
        parsed = json.loads(source, object_pairs_hook=_pairs)
    except json.JSONDecodeError as exc:
        raise inv.terminate(
            f"Conversion from JSON failed with error: {exc.msg}. Path '', line "
            f"{exc.lineno}, position {exc.colno}.", "System.ArgumentException",
            "NotSpecified") from None
    except ValueError as exc:
        raise inv.terminate(str(exc), "DuplicateKeysInJsonString", "InvalidOperation") \
            from None
    value = _from_json(parsed, inv.switch("AsHashtable"))
    if isinstance(value, list) and not inv.switch("NoEnumerate"):
        for item in value:
            yield item
    else:
        yield value
