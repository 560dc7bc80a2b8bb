"""The interpreter's dispatch tables: one handler per kind of statement and expression.

A handler module registers each function with :func:`statement` or :func:`expression`
for the syntax-tree class it evaluates; the evaluator looks the class up here. A new
construct is a tree class, a parser rule and one registered function — never another
branch in a chain.

- A statement handler ``(evaluator, node) -> AsyncIterator[object]`` yields the
  statement's output objects as they are made.
- An expression handler ``(evaluator, node) -> Awaitable[object]`` returns its value.
- A statement that need not stream (an assignment, a lone expression) may also have an
  immediate handler ``(evaluator, node) -> Awaitable[list | None]``: its whole output
  at once, or ``None`` to be streamed by its statement handler after all. Most
  statements of a loop body are of this kind, and running them without a chain of
  generators is what keeps a loop fast.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

# (evaluator, node): the evaluator's class is not named here, so that this table sits
# below it and below every handler module.
StatementHandler = Callable[[Any, Any], AsyncIterator[Any]]
ExpressionHandler = Callable[[Any, Any], Awaitable[Any]]
ImmediateHandler = Callable[[Any, Any], Awaitable["list[Any] | None"]]

STATEMENTS: dict[type, StatementHandler] = {}
EXPRESSIONS: dict[type, ExpressionHandler] = {}
IMMEDIATE: dict[type, ImmediateHandler] = {}

_S = TypeVar("_S", bound=StatementHandler)
_E = TypeVar("_E", bound=ExpressionHandler)
_I = TypeVar("_I", bound=ImmediateHandler)


def statement(*node_types: type) -> Callable[[_S], _S]:
    """Register the handler of the statement classes ``node_types``."""

    def register(fn: _S) -> _S:
        for node_type in node_types:
            STATEMENTS[node_type] = fn
        return fn

    return register


def expression(*node_types: type) -> Callable[[_E], _E]:
    """Register the handler of the expression classes ``node_types``."""

    def register(fn: _E) -> _E:
        for node_type in node_types:
            EXPRESSIONS[node_type] = fn
        return fn

    return register


def immediate(*node_types: type) -> Callable[[_I], _I]:
    """Register the immediate handler of the statement classes ``node_types``."""

    def register(fn: _I) -> _I:
        for node_type in node_types:
            IMMEDIATE[node_type] = fn
        return fn

    return register
