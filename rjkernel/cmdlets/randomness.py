"""Get-Random (GetRandomCommandBase.cs).

Numbers: an Int32 in ``[Minimum, Maximum)`` when both bounds are Int32 (or absent;
``Maximum`` defaults to Int32.MaxValue), an Int64 when either is an Int64, else a
Double; text bounds are read as numbers first. Objects (piped, ``-InputObject``, or an
array given as ``-Maximum``): ``-Count`` distinct ones in random order, or all of them
with ``-Shuffle``. Each runspace has its own generator; ``-SetSeed`` reseeds it, so
what follows in that runspace repeats — the sequence is not .NET's, only as repeatable.
"""

from __future__ import annotations

import random
import weakref
from collections.abc import AsyncIterator
from typing import Any

from rjkernel.cmdlets.base import Invocation, implements
from rjkernel.cmdlets.objects import input_objects
from rjkernel.values import numbers
from rjkernel.values import operators as ops
from rjkernel.values.conversion import value_text

_GENERATORS: weakref.WeakKeyDictionary[Any, random.Random] = weakref.WeakKeyDictionary()


def _generator(inv: Invocation) -> random.Random:
    """The runspace's generator (``-SetSeed`` replaces it with a seeded one)."""
    if inv.has("SetSeed"):
        _GENERATORS[inv.runspace] = random.Random(int(inv.get("SetSeed")))
    found = _GENERATORS.get(inv.runspace)
    if found is None:
        found = _GENERATORS[inv.runspace] = random.Random()
    return found


def _operand(value: Any) -> Any:
    """A bound as GetRandomCommandBase.ProcessOperand sees it: text read as a number."""
    if isinstance(value, str):
        try:
            return numbers.parse_number(value)
        except ValueError:
            return value
    return value


def _is_int32(value: Any) -> bool:
    return value is None or (type(value) is int and
                             numbers.INT32_MIN <= value <= numbers.INT32_MAX)


def _is_int64(value: Any) -> bool:
    return value is None or _is_int32(value) or (
        isinstance(value, int) and not isinstance(value, bool))


def _random_numbers(inv: Invocation, rng: random.Random) -> list[Any]:
    low, high = _operand(inv.get("Minimum")), _operand(inv.get("Maximum"))
    count = int(inv.get("Count", 1))
    if (_is_int32(low) and _is_int32(high)) or (_is_int64(low) and _is_int64(high)):
        wide = not (_is_int32(low) and _is_int32(high))
        lo = 0 if low is None else int(low)
        hi = int(high) if high is not None else (numbers.INT64_MAX if wide else
                                                 numbers.INT32_MAX)
        _check_bounds(inv, lo, hi)
        draws = [rng.randrange(lo, hi) for _ in range(count)]
        return [numbers.Int64(d) for d in draws] if wide else draws
    flo = 0.0 if low is None else float(ops.to_number(low))
    fhi = 1.7976931348623157e308 if high is None else float(ops.to_number(high))
    _check_bounds(inv, flo, fhi)
    return [flo + rng.random() * (fhi - flo) for _ in range(count)]


def _check_bounds(inv: Invocation, low: Any, high: Any) -> None:
    if low >= high:
        raise inv.terminate(f"The Minimum value ({value_text(low)}) cannot be greater than "
                            f"or equal to the Maximum value ({value_text(high)}).",
                            "MinGreaterThanOrEqualMax", "InvalidArgument")


@implements("Get-Random")
async def get_random(inv: Invocation) -> AsyncIterator[Any]:
    rng = _generator(inv)
    maximum = inv.get("Maximum")
    if inv.set_name == "RandomNumberParameterSet" and not isinstance(maximum, list) and \
            (inv.input is None or inv.has("Maximum") or inv.has("Minimum")):
        for number in _random_numbers(inv, rng):
            yield number
        return
    if isinstance(maximum, list) and inv.input is None:
        items = list(maximum)
    else:
        items = [item async for item in input_objects(inv)]
    count = len(items) if inv.switch("Shuffle") else int(inv.get("Count", 1))
    for item in rng.sample(items, min(max(count, 0), len(items))):
        yield item
