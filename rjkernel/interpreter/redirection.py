"""Redirection of one pipeline element: ``>``, ``>>``, ``2>``, ``2>&1``, ``*>``.

Output goes to a file where the statement runs (the runspace's place); ``> $null``
drops it. The element's non-terminating errors were collected in a list (instead of
going to the host); here they are merged into the output (``2>&1``), written to a file
(``2>``), dropped (``2>$null``) or recorded as usual — and the statement fails in every
case, so ``$?`` tells.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Any

from rjkernel.errors import ErrorRecord
from rjkernel.interpreter.evaluator import Evaluator
from rjkernel.language import ast
from rjkernel.runspace.output_files import write_output_file
from rjkernel.values import operators as ops

Target = tuple[str, bool]  # (path, append)

# The redirection target ``$null`` (``2>$null``, ``> $null``): output dropped, errors
# not shown. Compared by identity: a path named "$null" is a different tuple.
_DISCARD: Target = ("$null", False)


def _drain(errors: list[ErrorRecord]) -> list[ErrorRecord]:
    taken = list(errors)
    errors.clear()
    return taken


async def redirect(
    ev: Evaluator, stream: AsyncIterator[Any], redirections: Sequence[ast.Redirection],
    errors: list[ErrorRecord],
) -> AsyncIterator[Any]:
    """Apply ``redirections`` to an element's output ``stream``; ``errors`` is the list
    its non-terminating errors were collected in."""
    out_target: Target | None = None
    err_target: Target | None = None
    merge = False
    for r in redirections:
        if r.merge_into is not None:
            merge = merge or r.stream in ("2", "*")
            continue
        assert r.target is not None
        value = await ev.eval(r.target)
        target = _DISCARD if value is None else (ops.to_string(value), r.append)
        if r.stream in ("1", "*"):
            out_target = target
        if r.stream in ("2", "*"):
            err_target = target
    error_file: list[ErrorRecord] = []
    if out_target is _DISCARD:
        stream = _discarded(stream)
        out_target = None
    if out_target is None:
        async for obj in stream:
            for record in _drain(errors):
                if merge:
                    yield record
                else:
                    _route_error(ev, record, err_target, error_file)
            yield obj
        for record in _drain(errors):
            if merge:
                yield record
            else:
                _route_error(ev, record, err_target, error_file)
        await _flush_error_file(ev, err_target, error_file)
        return
    await write_output_file(
        ev.runspace, out_target[0],
        _with_errors(stream, errors, merge or err_target == out_target),
        append=out_target[1],
    )
    separate = err_target if err_target != out_target else None
    for record in _drain(errors):
        _route_error(ev, record, separate, error_file)
    await _flush_error_file(ev, separate, error_file)


async def _with_errors(
    stream: AsyncIterator[Any], errors: list[ErrorRecord], merge: bool
) -> AsyncIterator[Any]:
    async for obj in stream:
        if merge:
            for record in _drain(errors):
                yield record
        yield obj
    if merge:
        for record in _drain(errors):
            yield record


async def _discarded(stream: AsyncIterator[Any]) -> AsyncIterator[Any]:
    """``> $null``: run the element to its end, keep nothing."""
    async for _ in stream:
        pass
    return
    yield  # pragma: no cover - makes this an async generator


def _route_error(ev: Evaluator, record: ErrorRecord, target: Target | None,
                 error_file: list[ErrorRecord]) -> None:
    if target is None:
        ev.record_error(record)
    else:
        if target is not _DISCARD:
            error_file.append(record)
        ev.failed()


async def _flush_error_file(ev: Evaluator, target: Target | None,
                            error_file: list[ErrorRecord]) -> None:
    if target is None or target is _DISCARD:
        return
    records = _drain(error_file)

    async def items() -> AsyncIterator[Any]:
        for r in records:
            yield r

    await write_output_file(ev.runspace, target[0], items(), append=target[1])
