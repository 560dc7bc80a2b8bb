"""Measure-Object: counts, sums and statistics of numbers, and the text counts.

PowerShell 7's layout (Measure-Object.cs): one ``GenericMeasureInfo`` per measured
property — ``Count, Average, Sum, Maximum, Minimum, StandardDeviation, Property`` —
with the statistics not asked for left empty, so the default list shows every label
(values are Doubles: ``-Sum`` of integers prints ``55``). ``-Maximum``/``-Minimum`` of
values that are not numbers compare them as PowerShell does and give a
``GenericObjectMeasureInfo``. The standard deviation is the sample one (n − 1),
computed with Welford's online update as PowerShell does. ``-Line``, ``-Word``,
``-Character`` give a ``TextMeasureInfo`` (Lines, Words, Characters, Property).
"""

from __future__ import annotations

import math
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from rjkernel.cmdlets.base import Invocation, implements
from rjkernel.cmdlets.objects import input_objects
from rjkernel.cmdlets.ordering import compare_values
from rjkernel.errors import PSError
from rjkernel.values import operators as ops
from rjkernel.values.members import get_property, properties_of
from rjkernel.values.objects import MISSING, PSObject

GENERIC = "Microsoft.PowerShell.Commands.GenericMeasureInfo"
GENERIC_OBJECT = "Microsoft.PowerShell.Commands.GenericObjectMeasureInfo"
TEXT = "Microsoft.PowerShell.Commands.TextMeasureInfo"


@dataclass
class Statistics:
    count: int = 0
    sum: float = 0.0
    variance: float = 0.0
    minimum: Any = None
    maximum: Any = None
    lines: int = 0
    words: int = 0
    characters: int = 0


def _as_double(value: Any) -> float | None:
    if isinstance(value, (list, tuple)):
        return None
    try:
        return float(ops.to_number(value))
    except (PSError, TypeError, ValueError):
        return None


def _extreme(value: Any, current: Any, minimum: bool) -> Any:
    if current is None:
        return value
    a, b = _as_double(value), _as_double(current)
    if a is not None and b is not None:
        result = (b > a) - (b < a)
    else:
        result = compare_values(ops.to_string(current), ops.to_string(value), True)
    return value if (result if minimum else -result) > 0 else current


def _words(text: str) -> int:
    return len(text.split())


def _lines(text: str) -> int:
    if not text:
        return 0
    return text.count("\n") + (0 if text.endswith("\n") else 1)


@implements("Measure-Object")
async def measure_object(inv: Invocation) -> AsyncIterator[Any]:
    all_stats = inv.switch("AllStats")
    want = {name: all_stats or inv.switch(name)
            for name in ("Sum", "Average", "Maximum", "Minimum", "StandardDeviation")}
    text = any(inv.switch(n) for n in ("Line", "Word", "Character"))
    numeric = want["Sum"] or want["Average"] or want["StandardDeviation"]
    properties = [ops.to_string(p) for p in ops.to_list(inv.get("Property"))]
    stats: dict[str, Statistics] = {}
    non_numeric = False

    def analyze(name: str, value: Any) -> None:
        nonlocal non_numeric
        stat = stats.setdefault(name, Statistics())
        stat.count += 1
        if text:
            value_text = "" if value is None else ops.to_string(value)
            stat.characters += len("".join(value_text.split())) if inv.switch(
                "IgnoreWhiteSpace") else len(value_text)
            stat.words += _words(value_text)
            stat.lines += _lines(value_text)
        if numeric:
            number = _as_double(value)
            if number is None:
                non_numeric = True
                inv.write_error(inv.error_record(
                    f'Input object "{ops.to_string(value)}" is not numeric.',
                    "NonNumericInputObject", "InvalidType", target=value))
                return
            previous = stat.sum
            stat.sum += number
            if stat.count > 1:
                average = previous / (stat.count - 1)
                stat.variance *= (stat.count - 2.0) / (stat.count - 1)
                stat.variance += (number - average) ** 2 / stat.count
        if want["Minimum"]:
            stat.minimum = _extreme(value, stat.minimum, True)
        if want["Maximum"]:
            stat.maximum = _extreme(value, stat.maximum, False)

    seen = 0
    async for item in input_objects(inv):
        if item is None:
            continue
        seen += 1
        if not properties:
            analyze("", item)
            continue
        for pattern in properties:
            if ops.has_wildcards(pattern):
                for name, value in properties_of(item).items():
                    if ops.like(name, pattern):
                        analyze(name, value)
            else:
                value = get_property(item, pattern)
                if value is not MISSING:
                    analyze(pattern, value)
    if seen == 0 and not properties:
        stats[""] = Statistics()
    for name in ([*stats] if not properties else
                 [n for n in stats if stats[n].count]):
        stat = stats[name]
        label = name if properties else None
        if text:
            yield PSObject([
                ("Lines", stat.lines if inv.switch("Line") else None),
                ("Words", stat.words if inv.switch("Word") else None),
                ("Characters", stat.characters if inv.switch("Character") else None),
                ("Property", label)], (TEXT,))
            continue
        yield _generic(stat, want, non_numeric, label)


def _generic(stat: Statistics, want: dict[str, bool], non_numeric: bool,
             label: str | None) -> PSObject:
    numeric_extremes = all(v is None or _as_double(v) is not None
                           for v in (stat.minimum, stat.maximum))
    total = average = deviation = None
    if not non_numeric:
        total = stat.sum if want["Sum"] else None
        average = stat.sum / stat.count if want["Average"] and stat.count else None
        deviation = math.sqrt(stat.variance) if want["StandardDeviation"] else None

    def extreme(value: Any, asked: bool) -> Any:
        if not asked or value is None:
            return None
        return _as_double(value) if numeric_extremes else value

    return PSObject([
        ("Count", stat.count), ("Average", average), ("Sum", total),
        ("Maximum", extreme(stat.maximum, want["Maximum"])),
        ("Minimum", extreme(stat.minimum, want["Minimum"])),
        ("StandardDeviation", deviation), ("Property", label),
    ], (GENERIC if numeric_extremes else GENERIC_OBJECT,))
