"""Compact renderings of syntax-tree nodes, so tests can state a tree in one line.

Positions are left out (tests check them separately). Conventions: a quoted string is
``'text'``, a bare word is plain ``text``; an expandable string is ``"text{$var}"``;
arrays are ``[a, b]``; binary and unary operations are parenthesised ``(a -eq b)``,
``(-not a)``; a cast is ``([int] $x)``; a script block is ``{text}`` verbatim.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, is_dataclass

from rjkernel.errors import ParseError
from rjkernel.language import ast
from rjkernel.language.ast import Pos, Span
from rjkernel.language.parser import parse

OURS = frozenset(
    {
        "get-job", "start-job", "receive-job", "invoke-command", "icm", "new-pssession",
        "gjb", "where-object", "where", "?", "select-object", "foreach-object", "%",
        "get-content", "out-file", "enter-pssession", "exit-pssession", "wait-job",
        "stop-job", "remove-job", "format-table", "ft", "out-null", "start-sleep",
    }
)


def is_ours(word: str) -> bool:
    return word.lower() in OURS


def parsed_or_none(source: str) -> ast.Script | None:
    """``source`` parsed, or None if it raised a ParseError — which must point inside
    ``source``: a fuzz test's first check (nothing but ParseErrors, always placed)."""
    try:
        return parse(source, is_ours=is_ours)
    except ParseError as raised:
        assert raised.record.position is not None
        assert 0 <= raised.record.position.start <= len(source)
        return None


def assert_spans_in(script: ast.Script, source: str) -> None:
    """Every node of ``script`` spans a range of ``source``."""
    for node in walk(script):
        span = getattr(node, "span", None)
        if span is not None:
            assert 0 <= span.start.offset <= span.end <= len(source)


def render(node: object) -> str:
    """One node (statement, element or expression) as text."""
    handler = _HANDLERS.get(type(node))
    if handler is None:
        raise TypeError(f"no rendering for {type(node).__name__}")
    return handler(node)


def render_all(script: ast.Script) -> list[str]:
    return [render(statement) for statement in script.statements]


def _list(nodes: tuple[object, ...], separator: str = ", ") -> str:
    return separator.join(render(node) for node in nodes)


def _command(node: ast.Command) -> str:
    words = [node.name, *(render(e) for e in node.elements)]
    return " ".join(words + [render(r) for r in node.redirections])


def _parameter(node: ast.Parameter) -> str:
    if node.colon:
        assert node.argument is not None
        return f"-{node.name}:{render(node.argument)}"
    return f"-{node.name}"


def _redirection(node: ast.Redirection) -> str:
    if node.merge_into:
        return f"{node.stream}>&{node.merge_into}"
    assert node.target is not None
    return f"{node.stream}{'>>' if node.append else '>'}{render(node.target)}"


def _expandable(node: ast.ExpandableString) -> str:
    inner = "".join(p if isinstance(p, str) else "{" + render(p) + "}" for p in node.parts)
    return f'"{inner}"'


def _variable(node: ast.Variable) -> str:
    return f"${node.scope}:{node.name}" if node.scope else f"${node.name}"


def _hash(node: ast.HashLiteral) -> str:
    return "@{" + "; ".join(f"{render(k)}={render(v)}" for k, v in node.pairs) + "}"


def _sub(node: ast.SubExpression) -> str:
    inner = _list(node.statements, "; ")
    return f"$({inner})" if node.dollar else f"({inner})"


def _pipeline(node: ast.Pipeline) -> str:
    return _list(node.elements, " | ") + (" &" if node.background else "")


def _command_expression(node: ast.CommandExpression) -> str:
    return " ".join([render(node.expr), *(render(r) for r in node.redirections)])


_HANDLERS: dict[type, Callable[..., str]] = {
    ast.StringLiteral: lambda n: f"'{n.value}'" if n.quoted else n.value,
    ast.ExpandableString: _expandable,
    ast.NumberLiteral: lambda n: repr(n.value),
    ast.Variable: _variable,
    ast.ArrayLiteral: lambda n: f"[{_list(n.items)}]",
    ast.ArrayExpression: lambda n: f"@({_list(n.statements, '; ')})",
    ast.SubExpression: _sub,
    ast.HashLiteral: _hash,
    ast.ScriptBlock: lambda n: "{" + n.text + "}",
    ast.MemberAccess: lambda n: f"{render(n.target)}.{n.member}",
    ast.MethodCall: lambda n: f"{render(n.target)}.{n.method}({_list(n.args)})",
    ast.IndexAccess: lambda n: f"{render(n.target)}[{render(n.index)}]",
    ast.BinaryOp: lambda n: f"({render(n.left)} {n.op} {render(n.right)})",
    ast.UnaryOp: lambda n: f"({n.op} {render(n.operand)})",
    ast.TypeLiteral: lambda n: f"[{n.name}]",
    ast.Cast: lambda n: f"({render(n.type)} {render(n.operand)})",
    ast.Parameter: _parameter,
    ast.Argument: lambda n: render(n.value),
    ast.Splat: lambda n: f"@{n.name}",
    ast.Redirection: _redirection,
    ast.Command: _command,
    ast.CommandExpression: _command_expression,
    ast.Pipeline: _pipeline,
    ast.Assignment: lambda n: f"{_list(n.targets)} {n.op} {render(n.value)}",
    ast.ShellChunk: lambda n: f"shell<{n.text}>",
}


def walk(node: object) -> list[object]:
    """Every dataclass node under ``node`` (itself included), positions excluded."""
    found: list[object] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, (Pos, Span)):
            continue
        if is_dataclass(item) and not isinstance(item, type):
            found.append(item)
            stack.extend(getattr(item, f.name) for f in fields(item))
        elif isinstance(item, tuple):
            stack.extend(item)
    return found
