"""The interpreter's dispatch tables: one handler per kind of statement and expression.

A handler module registers each function with :func:`statement` or :func:`expression`
for the syntax-tree class it evaluates; the evaluator looks the class up here. A new
construct is a tree class, a parser rule and one registered function — never another
branch in a chain.

- A statement handler ``(evaluator, node) -> AsyncIterator[object]`` yields the
  statement's output objects as they are made.
- An expression compiler ``(node) -> Code`` builds, once per node, the closures that
  evaluate it (``code.py``).
- A statement that need not stream (an assignment, a lone expression) may also have an
  immediate compiler ``(node) -> Code | None``: code whose value is its whole output
  (a list), or ``None`` when this node streams after all (by its statement handler). Most
  statements of a loop body are of this kind, and running them without a chain of
  generators is what keeps a loop fast.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar

# (evaluator, node): the evaluator's class is not named here, so that this table sits
# below it and below every handler module.
StatementHandler = Callable[[Any, Any], AsyncIterator[Any]]
ExpressionCompiler = Callable[[Any], Any]  # (node) -> code.Code
ImmediateCompiler = Callable[[Any], Any]  # (node) -> code.Code | None

STATEMENTS: dict[type, StatementHandler] = {}
EXPRESSIONS: dict[type, ExpressionCompiler] = {}
IMMEDIATE: dict[type, ImmediateCompiler] = {}

_S = TypeVar("_S", bound=StatementHandler)
_E = TypeVar("_E", bound=ExpressionCompiler)
_I = TypeVar("_I", bound=ImmediateCompiler)


def statement(*node_types: type) -> Callable[[_S], _S]:
    """Register the handler of the statement classes ``node_types``."""

    def register(fn: _S) -> _S:
        for node_type in node_types:
            STATEMENTS[node_type] = fn
        return fn

    return register


def expression(*node_types: type) -> Callable[[_E], _E]:
    """Register the compiler of the expression classes ``node_types``."""

    def register(fn: _E) -> _E:
        for node_type in node_types:
            EXPRESSIONS[node_type] = fn
        return fn

    return register


def immediate(*node_types: type) -> Callable[[_I], _I]:
    """Register the immediate compiler of the statement classes ``node_types``."""

    def register(fn: _I) -> _I:
        for node_type in node_types:
            IMMEDIATE[node_type] = fn
        return fn

    return register
