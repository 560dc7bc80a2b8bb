"""Make ``%rj``/``%%rj`` cells awaited on the kernel's own event loop.

The engine is asynchronous and lives on the loop ipykernel runs (its SSH connections,
job listeners and live tables are tasks there). A magic is an ordinary call inside a
cell, and that loop is already running the cell, so the magic cannot block on it.
IPython's answer is top-level ``await``: a cell whose code awaits is run by
``run_cell_async`` on that loop — and ipykernel then also turns an interrupt into the
cancellation of the cell (its ``_cancel_on_sigint``), which stops the wait and leaves
the kernel alive.

So the magics return awaitables and this transformer, run after IPython's own
(``input_transformers_post``: it sees ``get_ipython().run_line_magic('rj', …)``), puts
``await`` in front of each such call where Python allows it: in the cell's own code,
however deeply indented under ``for``/``if``/``with``/``try``, and in the body of an
``async def``; not inside a plain ``def``, a ``lambda``, a class body or a generator
expression, where ``await`` is a SyntaxError. A call left un-awaited there returns a
:class:`~rjkernel.magics.magics.Pending` that says what to do.

IPython turns ``%rj`` into a call only at the start of a line or after ``x =`` there;
:func:`inline_magics`, run before IPython's transforms, also turns a parenthesised
``(%rj …)`` into one, so ``(%rj Receive-Job $j -Keep).to_pandas()`` is Python, and an
unparenthesised ``%rj`` after ``return`` or after a ``;`` (``x = 1; y = %rj Get-Job``),
which then takes the rest of the line, as IPython's own form does.
"""

from __future__ import annotations

import ast
import re

MAGIC_CALLS = ("run_line_magic", "run_cell_magic")
_INLINE = re.compile(r"\(\s*%rj\s")
# ``return %rj …`` and ``…; [x =] %rj …``: the magic's code is the rest of the line
_TRAILING = re.compile(r"(^\s*return\s+|;\s*(?:[A-Za-z_][\w.]*\s*=\s*)?)%rj\s(.*?)(\r?\n?)$")
_CLOSERS = {"(": ")", "[": "]", "{": "}"}
# where ``await`` is not allowed (an ``async def``'s body is awaitable, and so are its
# decorators and defaults, evaluated where it is defined)
_SCOPES = (ast.FunctionDef, ast.Lambda, ast.ClassDef, ast.GeneratorExp)


def _is_rj_call(node: ast.AST, name: str) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in MAGIC_CALLS and bool(node.args)
            and isinstance(node.args[0], ast.Constant) and node.args[0].value == name)


def _top_level_calls(tree: ast.AST, name: str) -> list[ast.Call]:
    found: list[ast.Call] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, _SCOPES):
            return
        if _is_rj_call(node, name):
            assert isinstance(node, ast.Call)
            found.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def add_awaits(lines: list[str], name: str = "rj") -> list[str]:
    """The cell's lines with ``(await …)`` around each ``%rj`` call Python can await."""
    source = "".join(lines)
    if f"'{name}'" not in source:
        return lines
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return lines  # IPython reports it as usual
    calls = _top_level_calls(tree, name)
    if not calls:
        return lines
    # ast offsets are UTF-8 byte columns of 1-based lines: edit the encoded lines
    encoded = [line.encode() for line in source.splitlines(keepends=True)]
    starts = [0]
    for line in encoded:
        starts.append(starts[-1] + len(line))
    data = b"".join(encoded)
    spans = sorted(((starts[c.lineno - 1] + c.col_offset,
                     starts[(c.end_lineno or c.lineno) - 1] + (c.end_col_offset or 0))
                    for c in calls), reverse=True)
    for begin, end in spans:
        data = data[:begin] + b"(await " + data[begin:end] + b")" + data[end:]
    return data.decode().splitlines(keepends=True)


def _closing_paren(line: str, start: int) -> int | None:
    """The index of the ``)`` that closes an inline magic whose code starts at
    ``start``: brackets nest, PowerShell quotes ('…', "…" with backtick escapes) hide."""
    stack: list[str] = []
    i = start
    while i < len(line):
        c = line[i]
        if c in "'\"":
            i += 1
            while i < len(line) and line[i] != c:
                i += 2 if c == '"' and line[i] == "`" else 1
        elif c in _CLOSERS:
            stack.append(_CLOSERS[c])
        elif c == ")" and not stack:
            return i
        elif stack and c == stack[-1]:
            stack.pop()
        i += 1
    return None


def _call(code: str) -> str:
    return f"get_ipython().run_line_magic('rj', {code.strip()!r})"


def inline_magics(lines: list[str]) -> list[str]:
    """``(%rj CODE)`` anywhere in a line → ``(get_ipython().run_line_magic('rj', CODE))``;
    ``return %rj CODE`` and ``…; x = %rj CODE`` to the end of the line likewise."""
    out = []
    for line in lines:
        trailing = _TRAILING.search(line)
        if trailing:
            line = line[:trailing.end(1)] + _call(trailing[2]) + trailing[3]
        match = _INLINE.search(line)
        while match:
            code_start = match.end()
            end = _closing_paren(line, code_start)
            if end is None:
                break
            call = _call(line[code_start:end])
            line = line[:match.start() + 1] + call + line[end:]
            match = _INLINE.search(line, match.start() + 1 + len(call))
        out.append(line)
    return out
