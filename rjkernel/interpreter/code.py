"""Expressions compiled to closures: each node of a tree becomes, once, the function
that evaluates it.

A loop over a hundred jobs evaluates the same few expressions thousands of times.
Walking the tree for each (look the node's class up, call its handler, which calls
the evaluator for each operand, which looks up the operand's class …) costs more than
the operators themselves, so each expression node is compiled on its first run into a
:class:`Code` — closures over its already compiled operands — and the closure is
cached on the node (the tree is immutable, and a parse is cached, so a cell re-run or
a block run per pipeline object finds it compiled).

Most expressions never wait for anything (a variable, a member of a job, a
comparison), but a few do (``$( Get-Job )`` runs a pipeline, ``$env:X`` of a remote
runspace and ``$job.Output`` read over the network). A coroutine costs three plain
calls, so a node whose operands are all synchronous compiles to a plain function
(:attr:`Code.now`); any other to a coroutine function (:attr:`Code.later`). Every
node has ``later``; a caller that can take a plain value uses ``now`` when there is
one. The compilers are registered per node class with
:func:`~rjkernel.interpreter.tables.expression` (``expressions.py``); :func:`combine`
builds both forms of the common case — a node whose value is a plain function of its
operands' values — from that one function.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine, Sequence
from typing import Any, TypeVar

from rjkernel.interpreter.tables import EXPRESSIONS, IMMEDIATE

T = TypeVar("T")
Now = Callable[[Any], Any]  # (evaluator) -> value
Later = Callable[[Any], Awaitable[Any]]  # (evaluator) -> awaitable value


class Code:
    """A compiled expression: ``now`` if it never waits, and always ``later``. A node
    with operands builds its own ``later`` from theirs (as :func:`combine` does), never
    from its ``now``: an assignment under it must be able to await a declared check
    (:func:`now_for`); only a leaf's ``later`` may simply call its ``now``."""

    __slots__ = ("later", "now")

    def __init__(self, now: Now | None = None, later: Later | None = None) -> None:
        self.now = now
        if later is None:
            assert now is not None, "an expression's code needs one of its two forms"

            async def later(ev: Any) -> Any:
                return now(ev)

        self.later = later


def kept(node: Any, key: str, build: Callable[[Any], T]) -> T:
    """``build(node)``, worked out on first use and kept on the node under ``key``
    (the tree is frozen data; what is kept is a cache beside its fields, not one of
    them: equality and ``replace`` ignore it)."""
    found = node.__dict__
    if key not in found:
        object.__setattr__(node, key, build(node))
    value: T = found[key]
    return value


def code(expr: Any) -> Code:
    """The compiled form of an expression node."""
    return kept(expr, "_code", EXPRESSIONS[type(expr)])


def immediate_code(stmt: Any) -> Code | None:
    """The compiled immediate form of a statement node — code whose value is the
    statement's whole output, a list — or None if it streams (see ``tables.py``)."""
    return kept(stmt, "_immediate", _immediate)


def _immediate(stmt: Any) -> Code | None:
    compiler = IMMEDIATE.get(type(stmt))
    return None if compiler is None else compiler(stmt)  # type: ignore[no-any-return]


def constant(value: Any) -> Code:
    """The code of an expression whose value is fixed when it is compiled."""
    return Code(lambda _ev: value)


def combine(operands: Sequence[Code], apply: Callable[..., Any]) -> Code:
    """The code of a node whose value is ``apply(ev, *operand values)``, the operands
    evaluated left to right: a plain function when every operand's code is one."""
    nows = [c.now for c in operands]
    laters = [c.later for c in operands]

    async def later(ev: Any) -> Any:
        return apply(ev, *[await operand(ev) for operand in laters])

    if all(n is not None for n in nows):
        if len(nows) == 1:
            (one,) = nows
            assert one is not None
            return Code(lambda ev: apply(ev, one(ev)), later)
        if len(nows) == 2:
            first, second = nows
            assert first is not None and second is not None
            return Code(lambda ev: apply(ev, first(ev), second(ev)), later)
        return Code(lambda ev: apply(ev, *[n(ev) for n in nows]), later)  # type: ignore[misc]
    return Code(later=later)


def now_for(ev: Any, compiled: Code) -> Now | None:
    """``compiled.now`` for a run in ``ev``'s runspace — none once a variable there was
    declared with a check that may wait (``Variables.shared``): an assignment to
    it must await the check, which a plain function cannot. Every place that starts a
    chain of plain calls asks here, so inside one no check can wait."""
    return None if ev.scope.shared.checks_wait else compiled.now


def finished(work: Coroutine[Any, Any, T]) -> T:
    """The result of a coroutine that completes without waiting for anything — a
    variable's declared conversion and checks, run from a plain function, which
    :func:`now_for` only allows while none of the runspace's checks may wait."""
    try:
        work.send(None)
    except StopIteration as done:
        result: T = done.value
        return result
    work.close()
    raise RuntimeError("a check run as a plain call waited")
