"""Validation attributes on parameters and variables (about_Functions_Advanced_Parameters,
"Parameter and variable validation attributes").

``[ValidateRange(1, 5)]``, ``[ValidateRange('Positive')]``, ``[ValidatePattern('^web')]``,
``[ValidateScript({ $_ -gt 0 })]``, ``[ValidateCount(1, 3)]``, ``[ValidateLength(2, 8)]``,
``[ValidateSet('a', 'b')]``, ``[ValidateNotNull()]``, ``[ValidateNotNullOrEmpty()]`` and
``[ValidateNotNullOrWhiteSpace()]`` are read once from the attributes (:func:`checks`)
and applied to a value after its type conversion (:func:`validate`), which raises
:class:`ValidationFailed` with PowerShell's reason (``Metadata.resx``). The binder's
caller puts ``Cannot validate argument on parameter 'n'.`` before it; an assignment to
a constrained variable says ``The variable cannot be validated because …`` instead.

As in PowerShell (``ValidateEnumeratedArgumentsAttribute``), the range, pattern,
script, length and set checks apply to each element of an array; ``ValidateCount``
counts the array (a string counts its characters, as .NET enumerates it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rjkernel.errors import ErrorRecord, PSError
from rjkernel.interpreter.blocks import invoke_block
from rjkernel.language import ast
from rjkernel.values import operators as ops
from rjkernel.values import regexes, types
from rjkernel.values.composite import CompositeFormatError, format_composite, format_value
from rjkernel.values.conversion import dotnet_type_of
from rjkernel.values.objects import ScriptBlockValue

_NOT_NULL = ("The argument is null. Provide a valid value for the argument, and then try "
             "running the command again.")
_NOT_NULL_COLLECTION = (
    "The argument has a null value, or an element of the argument collection contains a "
    "null value. Provide a collection that does not contain any null values, and then try "
    "the command again.")
_NOT_EMPTY = ("The argument is null or empty. Provide an argument that is not null or "
              "empty, and then try the command again.")
_NOT_EMPTY_COLLECTION = (
    "The argument is null, empty, or an element of the argument collection contains a null "
    "value. Supply a collection that does not contain any null values and then try the "
    "command again.")
_NOT_WHITESPACE = (
    "The argument is null, empty, or consists of only white-space characters. Provide an "
    "argument that contains non white-space characters, and then try the command again.")
_NOT_WHITESPACE_COLLECTION = (
    "An element of the argument collection is null, empty, or consists of only white-space "
    "characters. Supply a collection that does not contain any those values and then try "
    "the command again.")
_RANGE_KINDS = {
    "positive": (lambda n: n > 0, "is not greater than zero"),
    "nonnegative": (lambda n: n >= 0, "is not greater than or equal to zero"),
    "negative": (lambda n: n < 0, "is not less than zero"),
    "nonpositive": (lambda n: n <= 0, "is not less than or equal to zero"),
}
ATTRIBUTES = frozenset({
    "validaterange", "validatepattern", "validatescript", "validatecount", "validatelength",
    "validateset", "validatenotnull", "validatenotnullorempty", "validatenotnullorwhitespace",
})


class ValidationFailed(Exception):
    """A value a validation attribute refuses; ``reason`` is PowerShell's text."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Check:
    """One validation attribute: its lower-cased name, positional constants, the
    script of ``ValidateScript`` and the ``ErrorMessage =`` of PowerShell 6+."""

    kind: str
    arguments: tuple[Any, ...]
    script: ScriptBlockValue | None = None
    error_message: str | None = None


def checks(attributes: tuple[ast.Attribute, ...], source: str) -> tuple[Check, ...]:
    """The validation attributes among ``attributes`` (written in ``source``), in order."""
    found: list[Check] = []
    for attribute in attributes:
        kind = attribute.name.lower().removeprefix("system.management.automation.")
        kind = kind.removesuffix("attribute")
        if attribute.constraint or kind not in ATTRIBUTES:
            continue
        positional: list[Any] = []
        script: ScriptBlockValue | None = None
        message: str | None = None
        for argument in attribute.arguments:
            if argument.name is not None:
                if argument.name.lower() == "errormessage":
                    message = ops.to_string(constant(argument.value))
                continue
            if isinstance(argument.value, ast.ScriptBlock):
                script = ScriptBlockValue(argument.value.text, source,
                                          argument.value.body.offset)
                continue
            value = constant(argument.value)
            positional += value if isinstance(value, list) else [value]
        found.append(Check(kind, tuple(positional), script, message))
    return tuple(found)


def constant(expr: ast.Expr | None) -> Any:
    """An attribute argument's value: PowerShell allows only constants here."""
    if expr is None:
        return True
    if isinstance(expr, (ast.StringLiteral, ast.NumberLiteral)):
        return expr.value
    if isinstance(expr, ast.UnaryOp) and expr.op == "-" and \
            isinstance(expr.operand, ast.NumberLiteral):
        return -expr.operand.value
    if isinstance(expr, ast.Variable) and expr.name.lower() in ("true", "false", "null"):
        return {"true": True, "false": False, "null": None}[expr.name.lower()]
    if isinstance(expr, ast.ArrayLiteral):
        return [constant(item) for item in expr.items]
    raise PSError(ErrorRecord(
        message="Attribute argument must be a constant or a script block.",
        error_id="ParameterAttributeArgumentNeedsToBeConstantOrScriptBlock",
        category="ParserError"))


def valid_set(found: tuple[Check, ...]) -> tuple[str, ...]:
    """The values of a ``[ValidateSet()]`` (completion offers them)."""
    return next((tuple(ops.to_string(v) for v in c.arguments) for c in found
                 if c.kind == "validateset"), ())


async def validate(ev: Any, found: tuple[Check, ...], value: Any) -> None:
    """Apply the checks to ``value`` (``ev``, an Evaluator, runs ValidateScript's block);
    raise :class:`ValidationFailed` at the first that refuses it."""
    for check in found:
        if check.kind == "validatecount":
            _count(check, value)
        elif check.kind in ("validatenotnull", "validatenotnullorempty",
                            "validatenotnullorwhitespace"):
            _not_null(check.kind, value)
        else:
            if value is None:
                raise ValidationFailed(_NOT_EMPTY_COLLECTION)
            for element in value if isinstance(value, list) else [value]:
                await _element(ev, check, element)


async def _element(ev: Any, check: Check, element: Any) -> None:
    if check.kind == "validaterange":
        _range(check, element)
    elif check.kind == "validatepattern":
        pattern = ops.to_string(check.arguments[0]) if check.arguments else ""
        text = ops.to_string(element)
        try:
            matched = regexes.compile_regex(pattern).search(text) is not None
        except regexes.RegexError as exc:
            raise ValidationFailed(exc.message) from None
        if not matched:
            raise ValidationFailed(_message(
                check, (text, pattern), f'The argument "{text}" does not match the '
                f'"{pattern}" pattern. Supply an argument that matches "{pattern}" and try '
                "the command again."))
    elif check.kind == "validatescript" and check.script is not None:
        await _script(ev, check, check.script, element)
    elif check.kind == "validatelength":
        _length(check, element)
    elif check.kind == "validateset":
        allowed = [ops.to_string(v) for v in check.arguments]
        if ops.to_string(element).lower() not in (a.lower() for a in allowed):
            text = ops.to_string(element)
            raise ValidationFailed(_message(
                check, (text, ",".join(allowed)),
                f'The argument "{text}" does not belong to the set "{",".join(allowed)}" '
                "specified by the ValidateSet attribute. Supply an argument that is in the "
                "set and then try the command again."))


def _message(check: Check, args: tuple[Any, ...], default: str) -> str:
    """The attribute's own ``ErrorMessage`` (``{0}`` the value) or PowerShell's text."""
    if check.error_message is None:
        return default
    try:
        return format_composite(check.error_message, list(args))
    except CompositeFormatError:
        return check.error_message


def _range(check: Check, element: Any) -> None:
    if element is None:
        raise ValidationFailed(_NOT_NULL)
    if len(check.arguments) == 1:
        kind = ops.to_string(check.arguments[0]).lower()
        test, what = _RANGE_KINDS.get(kind, (lambda n: True, ""))
        number = _as_type_of(0, element)
        if not test(number):
            raise ValidationFailed(
                f'The argument "{ops.to_string(element)}" cannot be validated because its '
                f"value {what}.")
        return
    low, high = check.arguments[0], check.arguments[1]
    number = _as_type_of(low, element)
    text = ops.to_string(number)
    if ops.compare("-lt", number, low):
        raise ValidationFailed(
            f"The {text} argument is less than the minimum allowed range of "
            f"{ops.to_string(low)}. Supply an argument that is greater than or equal to "
            f"{ops.to_string(low)} and then try the command again.")
    if ops.compare("-gt", number, high):
        raise ValidationFailed(
            f"The {text} argument is greater than the maximum allowed range of "
            f"{ops.to_string(high)}. Supply an argument that is less than or equal to "
            f"{ops.to_string(high)} and then try the command again.")


def _as_type_of(limit: Any, element: Any) -> Any:
    """``element`` converted to the type of the range's limits, as ValidateRange does."""
    type_name = dotnet_type_of(limit)
    converted = types.try_cast(type_name, element)
    if converted is None:
        short = type_name.rsplit(".", 1)[-1]
        raise ValidationFailed(
            f'The argument cannot be validated because its type '
            f'"{dotnet_type_of(element).rsplit(".", 1)[-1]}" is not the same type ({short}) '
            "as the maximum and minimum limits of the parameter. Make sure the argument is "
            f"of type {short} and then try the command again.")
    return converted


async def _script(ev: Any, check: Check, script: ScriptBlockValue, element: Any) -> None:
    try:
        result = await invoke_block(ev, script, underscore=element)
    except PSError as exc:
        raise ValidationFailed(exc.record.message) from None
    if not ops.is_true(result):
        text = ops.to_string(element)
        raise ValidationFailed(_message(
            check, (text, script.text),
            f'The "{script.text}" validation script for the argument with value "{text}" did '
            "not return a result of True. Determine why the validation script failed, and "
            "then try the command again."))


def _length(check: Check, element: Any) -> None:
    if not isinstance(element, str):
        raise ValidationFailed(
            "The ValidateLength attribute cannot be applied to a parameter that is not a "
            "string or string[] parameter. Make the parameter a string or string[] parameter.")
    low, high = (int(ops.to_number(v)) for v in check.arguments[:2])
    if len(element) < low:
        raise ValidationFailed(
            f"The character length ({len(element)}) of the argument is too short. Specify "
            f'an argument with a length that is greater than or equal to "{low}", and then '
            "try the command again.")
    if len(element) > high:
        raise ValidationFailed(
            f"The character length ({len(element)}) of the argument is too long. Specify an "
            f'argument with a length that is shorter than or equal to "{high}", and then try '
            "the command again.")


def _count(check: Check, value: Any) -> None:
    if value is None:
        count = 0
    elif isinstance(value, (list, str)):
        count = len(value)
    else:
        raise ValidationFailed(
            "The ValidateCount attribute cannot be applied to a non-array parameter. Either "
            "remove the attribute from the parameter or make the parameter an array "
            "parameter.")
    low, high = (int(ops.to_number(v)) for v in check.arguments[:2])
    if low == high and count != high:
        raise ValidationFailed(
            f"The parameter requires exactly {high} value(s) - {count} value(s) were provided.")
    if not low <= count <= high:
        raise ValidationFailed(
            f"The parameter requires at least {low} value(s) and no more than {high} "
            f"value(s) - {count} value(s) were provided.")


def _not_null(kind: str, value: Any) -> None:
    items = value if isinstance(value, list) else None
    if kind == "validatenotnull":
        if value is None:
            raise ValidationFailed(_NOT_NULL)
        if items is not None and any(item is None for item in items):
            raise ValidationFailed(_NOT_NULL_COLLECTION)
        return
    blank = (lambda s: s.strip() == "") if kind == "validatenotnullorwhitespace" else \
        (lambda s: s == "")
    single, collection = (_NOT_WHITESPACE, _NOT_WHITESPACE_COLLECTION) \
        if kind == "validatenotnullorwhitespace" else (_NOT_EMPTY, _NOT_EMPTY_COLLECTION)
    if value is None or (isinstance(value, str) and blank(value)) or items == []:
        raise ValidationFailed(single)
    if items is not None and any(i is None or (isinstance(i, str) and blank(i))
                                 for i in items):
        raise ValidationFailed(collection)


@dataclass(frozen=True)
class VariableConstraint:
    """What a variable was declared with: ``[int]`` (``type_name``) and validation
    attributes; every later assignment converts and checks the value (about_Variables)."""

    type_name: str | None
    checks: tuple[Check, ...]

    @property
    def waits(self) -> bool:
        """Whether checking a value may wait: a ``ValidateScript`` runs its script."""
        return any(check.script is not None for check in self.checks)


def declared(target: ast.Expr, source: str) -> tuple[ast.Variable, VariableConstraint]:
    """The variable and constraint of ``[ValidateRange(1, 5)][int]$n`` (the parser let
    only attributes and casts around a variable through); the cast nearest the
    variable is its type."""
    attributes: list[ast.Attribute] = []
    type_name: str | None = None
    while isinstance(target, (ast.Cast, ast.AttributedExpression)):
        if isinstance(target, ast.Cast):
            type_name = target.type.name
        else:
            attributes.append(target.attribute)
        target = target.operand
    assert isinstance(target, ast.Variable)
    return target, VariableConstraint(type_name, checks(tuple(attributes), source))


async def constrained(ev: Any, name: str, constraint: VariableConstraint, value: Any) -> Any:
    """``value`` as the constrained variable ``name`` takes it: converted to its type,
    then validated; a failure is PowerShell's MetadataError and leaves the variable
    as it was."""
    if constraint.type_name is not None:
        try:
            value = types.cast(constraint.type_name, value)
        except PSError as exc:
            raise PSError(ErrorRecord(
                message=exc.record.message, error_id="RuntimeException",
                category="MetadataError", target=value,
                exception="System.Management.Automation.ArgumentTransformationMetadataException",
            )) from None
    try:
        await validate(ev, constraint.checks, value)
    except ValidationFailed:
        text = "$null" if value is None else format_value(value, "")
        raise PSError(ErrorRecord(
            message=f"The variable cannot be validated because the value {text} is not a "
            f"valid value for the {name} variable.",
            error_id="ValidateSetFailure", category="MetadataError",
            exception="System.Management.Automation.ValidationMetadataException",
        )) from None
    return value
