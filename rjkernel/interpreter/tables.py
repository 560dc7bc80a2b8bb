"""The interpreter's dispatch tables: one handler per kind of statement and expression.

A handler module registers each function with :func:`statement` or :func:`expression`
for the syntax-tree class it evaluates; the evaluator looks the class up here. A new
construct is a tree class, a parser rule and one registered function — never another
branch in a chain.

- A statement handler ``(evaluator, node) -> AsyncIterator[object]`` yields the
  statement's output objects as they are made.
- An expression handler ``(evaluator, node) -> Awaitable[object]`` returns its value.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

# (evaluator, node): the evaluator's class is not named here, so that this table sits
# below it and below every handler module.
StatementHandler = Callable[[Any, Any], AsyncIterator[Any]]
ExpressionHandler = Callable[[Any, Any], Awaitable[Any]]

STATEMENTS: dict[type, StatementHandler] = {}
EXPRESSIONS: dict[type, ExpressionHandler] = {}

_S = TypeVar("_S", bound=StatementHandler)
_E = TypeVar("_E", bound=ExpressionHandler)


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
