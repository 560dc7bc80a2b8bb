"""A ``param( … )`` block as a cmdlet signature, so a user function binds like a cmdlet.

The binder (``binder.py``) works on :class:`~rjkernel.cmdlets.signature.CmdletSpec`;
this module turns a function's (or script block's) declared parameters into one, the way
PowerShell's compiler does (about_Functions_Advanced_Parameters):

- ``[type]`` constrains the value: the binder converts to it with PowerShell's texts;
  ``[switch]`` is a switch. No type is ``[object]``.
- ``[Parameter(Mandatory, Position = 0, ValueFromPipeline,
  ValueFromPipelineByPropertyName, ValueFromRemainingArguments, ParameterSetName = …)]``
  fill the parameter's set membership; ``[Alias(…)]`` its aliases; the validation
  attributes (``validation.py``: ``[ValidateSet(…)]``, ``[ValidateRange(…)]`` …) are
  checked after binding, and stay on the parameter's variable;
  ``[CmdletBinding(SupportsShouldProcess)]`` adds ``-WhatIf``/``-Confirm``.
- Without any explicit ``Position``, every non-switch parameter is positional in
  declaration order (``PositionalBinding``); with one, only those that say so are.
- A function is *advanced* when it has ``[CmdletBinding()]`` or any ``[Parameter()]``.
  A simple function takes what does not bind into ``$args`` (unknown ``-Name`` too).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from rjkernel.cmdlets.signature import ALL_SETS, CmdletSpec, ParameterSpec, SetMembership
from rjkernel.errors import BindingError, ErrorRecord, PSError, SourceSpan
from rjkernel.interpreter.validation import (
    Check,
    ValidationFailed,
    checks,
    constant,
    valid_set,
)
from rjkernel.interpreter.validation import validate as validate_value
from rjkernel.language import ast
from rjkernel.values import types
from rjkernel.values.conversion import ConversionError, Converter

REMAINING = "__args"  # the hidden parameter that collects a simple function's $args
_KNOWN_TYPES = {
    "System.Int32": "Int32", "System.Int64": "Int64", "System.Double": "Double",
    "System.String": "String", "System.Boolean": "Boolean", "System.Guid": "Guid",
    "System.DateTime": "DateTime", "System.Char": "Char",
    "System.Collections.Hashtable": "Hashtable",
    "System.Management.Automation.ScriptBlock": "ScriptBlock",
    "System.Management.Automation.SwitchParameter": "SwitchParameter",
    "System.Object": "Object", "System.Management.Automation.PSObject": "PSObject",
}


@dataclass(frozen=True)
class Declared:
    """What the binder's spec does not carry about one parameter."""

    name: str
    type_name: str | None  # the constraint as written (``string[]``), None for none
    default: ast.Expr | None
    checks: tuple[Check, ...] = ()
    # a mandatory parameter refuses $null, '' and an empty array unless its
    # [AllowNull()], [AllowEmptyString()], [AllowEmptyCollection()] says otherwise
    refuses: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Signature:
    spec: CmdletSpec
    declared: tuple[Declared, ...]
    advanced: bool
    converters: Mapping[str, Converter] = field(default_factory=dict)

    @functools.cached_property
    def relaxed(self) -> CmdletSpec:
        """The spec with nothing mandatory: binds what was given, so the missing
        mandatory parameters can be asked for."""
        params = tuple(
            replace(p, sets={s: replace(m, mandatory=False) for s, m in p.sets.items()})
            for p in self.spec.parameters)
        return replace(self.spec, parameters=params)

    def mandatory_missing(self, set_name: str, bound: Mapping[str, object]) -> list[ParameterSpec]:
        missing = []
        for param in self.spec.parameters:
            membership = param.membership(set_name)
            if membership is not None and membership.mandatory and param.name not in bound:
                missing.append(param)
        return missing

    @property
    def takes_pipeline(self) -> bool:
        return any(m.from_pipeline or m.from_pipeline_by_property
                   for p in self.spec.parameters for m in p.sets.values())


def signature(name: str, block: ast.ParamBlock | None, source: str) -> Signature:
    """The signature of a function or script block named ``name`` (written in
    ``source``, where a ``[ValidateScript({ … })]`` block sits)."""
    parameters = block.parameters if block is not None else ()
    advanced = block is not None and (
        any(a.name.lower() == "cmdletbinding" for a in block.attributes)
        or any(a.name.lower() == "parameter" for p in parameters for a in p.attributes))
    explicit = any(_argument(_parameter_attribute(p), "Position") is not None
                   for p in parameters)
    default_set = ALL_SETS
    should_process = False
    for binding in block.attributes if block is not None else ():
        if binding.name.lower() == "cmdletbinding":
            default_set = str(_argument(binding, "DefaultParameterSetName") or ALL_SETS)
            should_process = _flag(binding, "SupportsShouldProcess")
    specs: list[ParameterSpec] = []
    declared: list[Declared] = []
    converters: dict[str, Converter] = {}
    position = 0
    for decl in parameters:
        constraint = next((a for a in decl.attributes if a.constraint), None)
        type_key = _type_key(constraint.name, converters) if constraint else "Object"
        attribute = _parameter_attribute(decl)
        explicit_position = _argument(attribute, "Position")
        at: int | None = None
        if explicit_position is not None:
            at = int(explicit_position)
        elif not explicit and type_key != "SwitchParameter":
            at, position = position, position + 1
        membership = SetMembership(
            position=at,
            mandatory=_flag(attribute, "Mandatory"),
            from_pipeline=_flag(attribute, "ValueFromPipeline"),
            from_pipeline_by_property=_flag(attribute, "ValueFromPipelineByPropertyName"),
            from_remaining_arguments=_flag(attribute, "ValueFromRemainingArguments"),
        )
        set_name = str(_argument(attribute, "ParameterSetName") or ALL_SETS)
        validation = checks(decl.attributes, source)
        specs.append(ParameterSpec(
            decl.name, type_key, {set_name: membership},
            aliases=_strings(decl, "Alias"), values=valid_set(validation),
            help=str(_argument(attribute, "HelpMessage") or "")))
        refuses = frozenset() if not membership.mandatory or type_key == "SwitchParameter" \
            else frozenset({"null", "emptystring", "emptycollection"}) - {
                a.name.lower().removeprefix("allow") for a in decl.attributes}
        declared.append(Declared(
            decl.name, constraint.name if constraint else None, decl.default, validation,
            refuses))
    if not advanced:
        specs.append(ParameterSpec(
            REMAINING, "Object", {ALL_SETS: SetMembership(from_remaining_arguments=True)},
            hidden=True))
    spec = CmdletSpec(name, tuple(specs), default_set=default_set,
                      supports_should_process=should_process)
    return Signature(spec, tuple(declared), advanced, converters)


def _parameter_attribute(decl: ast.ParameterDecl) -> ast.Attribute | None:
    return next((a for a in decl.attributes if a.name.lower() == "parameter"), None)


def _argument(attribute: ast.Attribute | None, name: str) -> Any:
    if attribute is None:
        return None
    for argument in attribute.arguments:
        if argument.name is not None and argument.name.lower() == name.lower():
            return constant(argument.value)
    return None


def _flag(attribute: ast.Attribute | None, name: str) -> bool:
    return bool(_argument(attribute, name))


def _strings(decl: ast.ParameterDecl, attribute_name: str) -> tuple[str, ...]:
    for attribute in decl.attributes:
        if attribute.name.lower() == attribute_name.lower():
            values: list[str] = []
            for argument in attribute.arguments:
                if argument.name is None:
                    value = constant(argument.value)
                    values += [str(v) for v in (value if isinstance(value, list) else [value])]
            return tuple(values)
    return ()


def _type_key(written: str, converters: dict[str, Converter]) -> str:
    """The binder's name for a ``[type]`` constraint, registering a converter for the
    types the binder does not know (``[timespan]``) from the value model's casts."""
    ps_type = types.lookup(written)
    if ps_type is None:
        raise types.type_not_found(written)
    full = ps_type.full_name
    element = full[:-2] if full.endswith("[]") else None
    if element is not None:
        return _type_key(element, converters) + "[]"
    key = _KNOWN_TYPES.get(full)
    if key is not None:
        return key
    key = full.rsplit(".", 1)[-1]
    converters[key] = _cast_converter(full, ps_type.check)
    return key


def _cast_converter(full_name: str, check: Callable[[Any], bool]) -> Converter:
    def convert(value: object) -> object:
        if check(value):
            return value
        try:
            return types.cast(full_name, value)
        except PSError as exc:
            raise ConversionError(exc.record.message) from None

    return convert


async def validate(ev: Any, sig: Signature, values: Mapping[str, object], span: SourceSpan
                   ) -> None:
    """The validation attributes on the bound values (``ev``, the caller's Evaluator,
    runs a ``[ValidateScript()]``)."""
    for decl in sig.declared:
        if decl.refuses and decl.name in values:
            _check_not_empty(sig, decl, values[decl.name], span)
        if decl.checks and decl.name in values:
            try:
                await validate_value(ev, decl.checks, values[decl.name])
            except ValidationFailed as failed:
                raise _validation_error(sig, decl.name, failed.reason, span) from None


def _check_not_empty(sig: Signature, decl: Declared, value: object, span: SourceSpan
                     ) -> None:
    """A mandatory parameter's argument is not ``$null``, ``''`` or an empty array, nor
    (of a string array) holds one (ParameterBinderBase.ValidateNullOrEmptyArgument)."""
    declared = types.lookup(decl.type_name) if decl.type_name else None
    full = declared.full_name if declared is not None else "System.Object"
    is_array = full.endswith("[]") or full == "System.Array"
    found: str | None = None
    if value is None:
        found = "null" if "null" in decl.refuses else None
    elif full == "System.String" and value == "":
        found = "emptystring" if "emptystring" in decl.refuses else None
    elif is_array and isinstance(value, list):
        if not value:
            found = "emptycollection" if "emptycollection" in decl.refuses else None
        elif full == "System.String[]" and "emptystring" in decl.refuses and "" in value:
            found = "emptystring"
        elif full in ("System.String[]", "System.Object[]", "System.Array") and \
                "null" in decl.refuses and any(item is None for item in value):
            found = "null"
    if found is None:
        return
    reason, error_id = {
        "null": ("null", "ParameterArgumentValidationErrorNullNotAllowed"),
        "emptystring": ("an empty string",
                        "ParameterArgumentValidationErrorEmptyStringNotAllowed"),
        "emptycollection": ("an empty array",
                            "ParameterArgumentValidationErrorEmptyArrayNotAllowed"),
    }[found]
    raise BindingError(ErrorRecord(
        message=f"Cannot bind argument to parameter '{decl.name}' because it is {reason}.",
        error_id=error_id, category="InvalidData", command=sig.spec.name or None,
        position=span,
        exception="System.Management.Automation.ParameterBindingValidationException"))


def _validation_error(sig: Signature, name: str, reason: str, span: SourceSpan) -> BindingError:
    return BindingError(ErrorRecord(
        message=f"Cannot validate argument on parameter '{name}'. {reason}",
        error_id="ParameterArgumentValidationError", category="InvalidData",
        command=sig.spec.name or None, position=span,
        exception="System.Management.Automation.ParameterBindingValidationException"))
