"""The syntax tree of a cell.

A cell is a list of statements. A statement is either ours (a pipeline, an assignment
or a keyword statement such as ``if``, ``foreach`` or ``function``, written in
PowerShell) or a :class:`ShellChunk`: a run of lines that are not ours, handed verbatim
to the runspace's POSIX shell. Which lines are ours is decided line by line
(``routing.py``); any other line starts or continues a shell chunk (whose own quoting,
heredocs and ``if … fi`` nesting are respected).

Every node carries the :class:`Pos` where it starts so that errors can point at the
line and column of the cell. Script blocks keep their text verbatim: the cmdlet that
receives one decides whether it is shell (Start-Job, Invoke-Command) or an expression
(Where-Object).

The tree is plain data: frozen dataclasses, no behaviour, so that the parser, the
evaluator, completion and the tests can all share it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Pos:
    """A position in the cell: 0-based character ``offset``, 1-based ``line`` and ``col``."""

    offset: int
    line: int
    col: int


@dataclass(frozen=True)
class Span:
    """A half-open character range ``[start, end)`` of the cell, for error underlines."""

    start: Pos
    end: int  # offset one past the last character


# --------------------------------------------------------------------------- expressions


@dataclass(frozen=True)
class StringLiteral:
    """A single-quoted string, or a double-quoted one with nothing to expand.

    ``quoted`` is False for a bare word in argument mode (``Server01``, ``/tmp/x``,
    ``Completed``): such words are strings too, but completion and the native-command
    path need to know that the user did not quote them.
    """

    value: str
    span: Span
    quoted: bool = True


@dataclass(frozen=True)
class ExpandableString:
    """A double-quoted string (or here-string) with ``$var`` / ``$(...)`` parts.

    ``parts`` alternates literal text and expressions in source order.
    """

    parts: tuple[str | Expr, ...]
    span: Span


@dataclass(frozen=True)
class NumberLiteral:
    value: int | float | Decimal
    span: Span


@dataclass(frozen=True)
class Variable:
    """``$name``, ``${name}``, ``$using:name``, ``$env:NAME``; ``$_`` and ``$null`` too.

    ``name`` is as written (lookup is case-insensitive); ``scope`` is the lower-cased
    prefix before ``:`` (``using``, ``env``, ``global``, ``script``) or ``None``.
    """

    name: str
    span: Span
    scope: str | None = None


@dataclass(frozen=True)
class ArrayLiteral:
    """``a, b, c`` — the comma operator, in expression or argument mode."""

    items: tuple[Expr, ...]
    span: Span


@dataclass(frozen=True)
class ArrayExpression:
    """``@( statements )`` — always an array, even of one or zero items."""

    statements: tuple[Statement, ...]
    span: Span


@dataclass(frozen=True)
class SubExpression:
    """``( pipeline )`` or ``$( statements )``.

    ``dollar`` tells the two apart: ``$(...)`` may hold several statements.
    """

    statements: tuple[Statement, ...]
    span: Span
    dollar: bool = False


@dataclass(frozen=True)
class HashLiteral:
    """``@{ key = value; … }`` — keys are expressions (usually bare words)."""

    pairs: tuple[tuple[Expr, Statement], ...]
    span: Span


@dataclass(frozen=True)
class ScriptBlock:
    """``{ … }`` kept verbatim.

    ``text`` is everything between the braces, untouched (PowerShell shows it as the
    job's Command, leading and trailing spaces included). ``body`` is where ``text``
    starts in the cell, so that a statement parsed out of the block later can report
    errors at the right cell position.
    """

    text: str
    span: Span
    body: Pos


@dataclass(frozen=True)
class MemberAccess:
    """``$job.State``; ``static`` for ``[type]::Name`` (the target is a TypeLiteral);
    ``null_conditional`` for ``${x}?.Name`` ($null when the target is)."""

    target: Expr
    member: str
    span: Span
    static: bool = False
    null_conditional: bool = False


@dataclass(frozen=True)
class MethodCall:
    """``$x.Method(args)``, or ``[type]::Method(args)`` when ``static``; the methods are the
    value model's (``values/members.py``). ``null_conditional``: ``${x}?.Method()``."""

    target: Expr
    method: str
    args: tuple[Expr, ...]
    span: Span
    static: bool = False
    null_conditional: bool = False


@dataclass(frozen=True)
class DynamicMember:
    """``$o.$name``, ``$o.($expr)``, ``$o."$prefix-x"`` — a member whose name is the
    value of ``name`` (about_Operators, member-access operator); with ``args`` (not
    None) a method call, ``$o.$method(…)``."""

    target: Expr
    name: Expr
    span: Span
    args: tuple[Expr, ...] | None = None
    null_conditional: bool = False


@dataclass(frozen=True)
class IndexAccess:
    """``$job.ChildJobs[0]``, ``$list[-1]``, ``$h['key']``; ``null_conditional`` for
    ``${x}?[0]``."""

    target: Expr
    index: Expr
    span: Span
    null_conditional: bool = False


@dataclass(frozen=True)
class BinaryOp:
    """Binary operators. ``op`` is lower-cased: ``+ - * / %``, ``-eq -ne -gt -ge -lt -le
    -like -notlike -match -notmatch -contains -notcontains -in -notin -and -or -join
    -split -replace`` (and their ``c``/``i`` case variants), ``-band -bor -bxor -shl
    -shr``, ``..`` (range), ``??`` (null-coalescing: the right side runs only when needed)."""

    op: str
    left: Expr
    right: Expr
    span: Span


@dataclass(frozen=True)
class Ternary:
    """``condition ? if_true : if_false`` (about_Operators, PowerShell 7.0+)."""

    condition: Expr
    if_true: Expr
    if_false: Expr
    span: Span


@dataclass(frozen=True)
class UnaryOp:
    """``-not``, ``!``, ``-bnot``, unary ``-``, unary ``-join`` / ``-split``, and ``,x``."""

    op: str
    operand: Expr
    span: Span


@dataclass(frozen=True)
class Increment:
    """``$i++``, ``++$i``, ``$i--``, ``--$i`` (about_Assignment_Operators): ``delta`` is
    +1 or -1; a postfix one's value is the old value. As a statement it outputs nothing."""

    delta: int
    operand: Expr
    postfix: bool
    span: Span


@dataclass(frozen=True)
class TypeLiteral:
    """``[int]``, ``[string[]]`` — used as a cast when followed by an operand."""

    name: str
    span: Span


@dataclass(frozen=True)
class Cast:
    type: TypeLiteral
    operand: Expr
    span: Span


@dataclass(frozen=True)
class AttributedExpression:
    """``[ValidateRange(1, 5)]$n`` (with casts: ``[ValidateSet('a')][string]$s``): as an
    assignment's target, the attribute stays on the variable and checks every later
    assignment (about_Variables); elsewhere it is the operand's value."""

    attribute: Attribute
    operand: Expr
    span: Span


Expr = (
    StringLiteral
    | ExpandableString
    | NumberLiteral
    | Variable
    | ArrayLiteral
    | ArrayExpression
    | SubExpression
    | HashLiteral
    | ScriptBlock
    | MemberAccess
    | MethodCall
    | DynamicMember
    | IndexAccess
    | BinaryOp
    | Ternary
    | UnaryOp
    | Increment
    | TypeLiteral
    | Cast
    | AttributedExpression
)


# --------------------------------------------------------------------------- commands


@dataclass(frozen=True)
class Parameter:
    """``-Name``, ``-Name value`` or ``-Name:value``.

    ``name`` is without the dash, as typed (the binder resolves prefixes and aliases).
    ``argument`` is the value when the colon form was used, else ``None``: whether the
    next element is this parameter's value is the binder's call (it depends on whether
    the parameter is a switch), so the parser leaves following arguments positional.
    """

    name: str
    span: Span
    argument: Expr | None = None
    colon: bool = False


@dataclass(frozen=True)
class Argument:
    """A value in a command's argument list (positional, or the value after ``-Name``)."""

    value: Expr
    span: Span


@dataclass(frozen=True)
class Splat:
    """``@params`` — a hashtable (named) or array (positional) variable spread into a command."""

    name: str
    span: Span


CommandElement = Parameter | Argument | Splat


@dataclass(frozen=True)
class Redirection:
    """``>``, ``>>``, ``2>``, ``2>>``, ``*>``, ``2>&1`` …

    ``stream`` is ``'1'``, ``'2'``, ``'3'``…``'6'`` or ``'*'``; ``append`` for ``>>``;
    ``merge_into`` is ``'1'`` for ``n>&1`` (then ``target`` is ``None``).
    """

    stream: str
    span: Span
    target: Expr | None = None
    append: bool = False
    merge_into: str | None = None


@dataclass(frozen=True)
class Command:
    """A command invocation: ``Get-Job -Id 1``, ``ls -l``, ``& $cmd``.

    ``name`` is the command word as written (``Get-Job``, ``gjb``, ``ls``). Whether it is
    a cmdlet, an alias or a native command is decided by the evaluator. ``text`` is the
    command's source text (for native commands, which are passed to the shell as
    written, and for error messages).
    """

    name: str
    elements: tuple[CommandElement, ...]
    redirections: tuple[Redirection, ...]
    span: Span
    text: str = ""


@dataclass(frozen=True)
class CommandExpression:
    """An expression used as a pipeline element: ``$job``, ``1 + 2``, ``"text"``."""

    expr: Expr
    redirections: tuple[Redirection, ...]
    span: Span


PipelineElement = Command | CommandExpression


@dataclass(frozen=True)
class Pipeline:
    """``a | b | c``; ``background`` for a trailing ``&`` (PowerShell 6+: a job)."""

    elements: tuple[PipelineElement, ...]
    span: Span
    background: bool = False
    text: str = ""


@dataclass(frozen=True)
class PipelineChain:
    """``left && right`` / ``left || right`` (about_Pipeline_Chain_Operators, 7.0+): the
    right pipeline runs when the left one succeeded (``&&``) or failed (``||``), as
    ``$?`` says. Chains nest to the left; ``background`` (a trailing ``&``) makes the
    whole chain, ``text``, a job."""

    left: Pipeline | PipelineChain
    op: str
    right: Pipeline
    span: Span
    background: bool = False
    text: str = ""


@dataclass(frozen=True)
class Assignment:
    """``$x = pipeline``, ``$a, $b = …``, ``$null = …``, ``$x += …``.

    ``targets`` are variables (or member/index targets); ``op`` is ``=`` or ``+=`` etc.
    """

    targets: tuple[Expr, ...]
    op: str
    value: Statement
    span: Span


@dataclass(frozen=True)
class ShellChunk:
    """Lines that are not ours, handed to the runspace's shell verbatim as one unit."""

    text: str
    span: Span


# --------------------------------------------------------------------------- functions and errors


@dataclass(frozen=True)
class AttributeArgument:
    """``Mandatory``, ``Position = 0`` (named; ``value`` None for a bare name) or ``'a'``
    (positional, ``name`` None) inside ``[Parameter(…)]``."""

    name: str | None
    value: Expr | None


@dataclass(frozen=True)
class Attribute:
    """``[Parameter(Mandatory)]``, ``[CmdletBinding()]``, ``[ValidateSet('a','b')]`` — or,
    with ``constraint``, a type constraint such as ``[string[]]``."""

    name: str
    arguments: tuple[AttributeArgument, ...]
    span: Span
    constraint: bool = False


@dataclass(frozen=True)
class ParameterDecl:
    """One parameter of a ``param( … )`` block or ``function f($a, $b)``."""

    name: str
    attributes: tuple[Attribute, ...]
    default: Expr | None
    span: Span


@dataclass(frozen=True)
class ParamBlock:
    """``[CmdletBinding()] param( … )``: the block's own attributes and its parameters."""

    parameters: tuple[ParameterDecl, ...]
    attributes: tuple[Attribute, ...]
    span: Span


@dataclass(frozen=True)
class FunctionDefinition:
    """``function Name { … }`` / ``filter Name { … }`` (about_Functions).

    ``body`` is parsed when the definition is; ``text`` is the source from the keyword to
    the closing brace (``Get-Command``'s Definition); a filter's body is its process
    block.
    """

    name: str
    filter: bool
    body: Script
    text: str
    span: Span


@dataclass(frozen=True)
class Return:
    """``return [pipeline]``: the pipeline's output, then leave the function or block."""

    value: Statement | None
    span: Span


@dataclass(frozen=True)
class Exit:
    """``exit value`` (about_Language_Keywords): ends the cell as it ends a script, the
    value its exit code. A bare ``exit`` stays the command word that leaves an entered
    session (Exit-PSSession), as PowerShell's host reads it."""

    value: Statement
    span: Span


@dataclass(frozen=True)
class Throw:
    """``throw [pipeline]`` (about_Throw); without a value inside ``catch`` it rethrows."""

    value: Statement | None
    span: Span


@dataclass(frozen=True)
class CatchClause:
    """``catch [T1], [T2] { … }``; no types catches everything."""

    types: tuple[TypeLiteral, ...]
    body: tuple[Statement, ...]
    span: Span


@dataclass(frozen=True)
class Try:
    """``try { } catch … { } finally { }`` (about_Try_Catch_Finally)."""

    body: tuple[Statement, ...]
    catches: tuple[CatchClause, ...]
    finally_body: tuple[Statement, ...] | None
    span: Span


@dataclass(frozen=True)
class Trap:
    """``trap [T] { … }`` (about_Trap): handles terminating errors of its statement list."""

    type: TypeLiteral | None
    body: tuple[Statement, ...]
    span: Span


# --------------------------------------------------------------------------- flow statements
# The keyword statements of about_If, about_Switch, about_Foreach, about_For, about_While,
# about_Do, about_Break and about_Continue. Their bodies are statement lists parsed by
# the cell's line rule: shell lines inside a body run in the runspace's shell.


@dataclass(frozen=True)
class StatementBlock:
    """``{ statements }`` of a keyword statement (not a script-block value: it runs in
    place, in its statement's scope).

    ``streams``: a statement in it may output while it runs (a command, a shell line).
    A block that does not (assignments, expressions, keyword statements of such) can be
    run to the end before its output is handed on, which is much cheaper in a loop.
    """

    statements: tuple[Statement, ...]
    span: Span
    streams: bool = True


@dataclass(frozen=True)
class If:
    """``if (c) {…} elseif (c) {…} else {…}``: ``clauses`` are (condition, body)."""

    clauses: tuple[tuple[Statement, StatementBlock], ...]
    otherwise: StatementBlock | None
    span: Span
    streams: bool = True  # a body streams (see StatementBlock)


@dataclass(frozen=True)
class SwitchClause:
    """``condition { body }``: a value, a wildcard or regex pattern (by the switch's
    mode), or a script block tested with ``$_``."""

    condition: Expr
    body: StatementBlock
    span: Span


@dataclass(frozen=True)
class Switch:
    """``switch -Regex -CaseSensitive (subject) { clauses; default {…} }``.

    ``mode`` is ``exact`` (the default), ``wildcard`` or ``regex``: the last of
    ``-Regex``/``-Wildcard``/``-Exact`` given wins, as in PowerShell. With
    ``from_file`` (``switch -File path``) the subject is the file's name and its lines
    are the values.
    """

    label: str | None
    mode: str
    case_sensitive: bool
    subject: Statement
    clauses: tuple[SwitchClause, ...]
    default: StatementBlock | None
    span: Span
    from_file: bool = False


@dataclass(frozen=True)
class ForEach:
    """``foreach ($item in pipeline) { body }``."""

    label: str | None
    variable: Variable
    collection: Statement
    body: StatementBlock
    span: Span


@dataclass(frozen=True)
class For:
    """``for (init; condition; step) { body }``; each part may be missing."""

    label: str | None
    init: Statement | None
    condition: Statement | None
    step: Statement | None
    body: StatementBlock
    span: Span


@dataclass(frozen=True)
class While:
    """``while (condition) { body }``."""

    label: str | None
    condition: Statement
    body: StatementBlock
    span: Span


@dataclass(frozen=True)
class DoLoop:
    """``do { body } while (condition)``, or ``until`` (``until`` is True)."""

    label: str | None
    body: StatementBlock
    condition: Statement
    until: bool
    span: Span


@dataclass(frozen=True)
class UsingNamespace:
    """``using namespace System.Collections.Generic``: later type names may leave the
    namespace out (``[List[string]]``; about_Using)."""

    name: str
    span: Span


@dataclass(frozen=True)
class Break:
    """``break`` or ``break label``; the label may be any expression (about_Break)."""

    label: Expr | None
    span: Span


@dataclass(frozen=True)
class Continue:
    """``continue`` or ``continue label`` (about_Continue)."""

    label: Expr | None
    span: Span


Loop = ForEach | For | While | DoLoop | Switch

Statement = (
    Pipeline | PipelineChain | Assignment | ShellChunk | FunctionDefinition | Return | Exit
    | Throw | Try | Trap | If | Loop | Break | Continue | UsingNamespace
)


@dataclass(frozen=True)
class Script:
    """A parsed cell, script-block body or function body.

    ``statements`` is the body, or its ``end`` block when named blocks are used;
    ``begin``/``process`` are None when not written. ``param`` is the body's
    ``param( … )`` block (or a function's parenthesised parameters).
    """

    statements: tuple[Statement, ...]
    source: str
    param: ParamBlock | None = None
    begin: tuple[Statement, ...] | None = None
    process: tuple[Statement, ...] | None = None
