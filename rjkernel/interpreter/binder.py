"""Parameter binding: from the arguments written in a command to a cmdlet's parameter values.

The evaluator hands over the arguments already evaluated (``ParamArg`` for ``-Name`` /
``-Name:value``, ``ValueArg`` for everything else) plus the pipeline input, and gets back
the parameter set and the converted values, or a :class:`BindingError` carrying
PowerShell's exact text, error id and the position of the offending argument.

The order is PowerShell's (ps-semantics §5.1), and each step narrows the candidate
parameter sets:

1. Named arguments. Names match case-insensitively: an exact name or alias wins at once;
   otherwise every parameter (of all sets, plus the common parameters) whose name or
   alias starts with the typed text; several candidates are ambiguous unless exactly one
   of them is a cmdlet parameter rather than a common one. A non-switch parameter takes
   the next value argument. The candidate sets become those containing every named
   parameter.
2. Positional arguments, in order, fill the positions of the still-unbound parameters
   of the candidate sets, lowest position first. For each argument the binder tries, in
   this order: the default set without type conversion, any set without conversion, the
   default set with conversion, any set with conversion. "Without conversion" means the
   converter returned the value itself (see ``conversion.py``); this is what makes
   ``Get-Job 1`` bind ``-Id`` while ``Get-Job Job1`` binds ``-Name``. Binding a parameter
   narrows the candidate sets to those in which it has that position.
3. Arguments left over go to a ValueFromRemainingArguments parameter if there is one;
   otherwise the first of them is an error (the conversion error met on the way, if any,
   else PositionalParameterNotFound).
4. Pipeline input binds to one parameter of the candidate sets: by value without
   conversion, by property name without conversion, by value with conversion, by
   property name with conversion (default set first each time). Every item must fit.
   ``values[pipeline_parameter]`` is then the flat list of converted items in input order.
   Empty pipeline input (upstream produced nothing) binds nothing, and mandatory
   parameters that could have come from it do not count as missing; the set's pipeline
   parameter is still named and bound to an empty list, so the cmdlet simply has no work.
5. One set must remain: the only candidate, else the default set if it is a candidate,
   else the one candidate whose mandatory parameters are all bound. Then its mandatory
   parameters are checked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rjkernel.cmdlets.signature import Bound, CmdletSpec, ParameterSpec, common_parameters
from rjkernel.errors import BindingError, ErrorRecord, SourceSpan
from rjkernel.values.conversion import (
    ACCEPTS_COLLECTIONS,
    BooleanArgumentError,
    ConversionError,
    Converter,
    dotnet_name,
    dotnet_type_of,
    element_type,
    value_text,
)
from rjkernel.values.members import get_property
from rjkernel.values.objects import MISSING


class _NoValue:
    def __repr__(self) -> str:
        return "NO_VALUE"


NO_VALUE: object = _NoValue()
"""``ParamArg.value`` when the parameter was written without the colon form."""


@dataclass(frozen=True)
class ParamArg:
    """``-Name`` or ``-Name:value`` as written; ``name`` has no dash and keeps its spelling."""

    name: str
    span: SourceSpan
    value: object = NO_VALUE


@dataclass(frozen=True)
class ValueArg:
    """Any other argument, already evaluated."""

    value: object
    span: SourceSpan


_PARAMETER_BINDING_EXCEPTION = "System.Management.Automation.ParameterBindingException"
_AMBIGUOUS_SET = (
    "Parameter set cannot be resolved using the specified named parameters. One or more "
    "parameters issued cannot be used together or an insufficient number of parameters "
    "were provided."
)
_INPUT_NOT_BOUND = (
    "The input object cannot be bound to any parameters for the command either because the "
    "command does not take pipeline input or the input and its properties do not match any "
    "of the parameters that take pipeline input."
)
# Positional binding tries (default set only?, exact match only?) in this order …
_POSITIONAL_PASSES = ((True, True), (False, True), (True, False), (False, False))
# … and pipeline binding (by value?, exact match only?), each with the default set first.
_PIPELINE_PASSES = ((True, True), (False, True), (True, False), (False, False))


def _binding_error(
    spec: CmdletSpec, message: str, error_id: str, span: SourceSpan | None,
    exception: str = _PARAMETER_BINDING_EXCEPTION,
) -> BindingError:
    return BindingError(ErrorRecord(
        message=message, error_id=error_id, category="InvalidArgument", command=spec.name,
        position=span, exception=exception,
    ))


def resolve_parameter(
    spec: CmdletSpec, typed: str, span: SourceSpan | None = None
) -> tuple[ParameterSpec, bool]:
    """The parameter ``-typed`` names, and whether it is a common parameter.

    Raises AmbiguousParameter / NamedParameterNotFound as PowerShell does.
    """
    entries = [(p, False) for p in spec.parameters]
    entries += [(p, True) for p in common_parameters(spec.supports_should_process)]
    low = typed.lower()
    for entry in entries:
        if entry[0].name.lower() == low:
            return entry
    for entry in entries:
        if any(alias.lower() == low for alias in entry[0].aliases):
            return entry
    matches = [e for e in entries if e[0].name.lower().startswith(low)]
    matches += [
        e for e in entries
        if e not in matches and any(a.lower().startswith(low) for a in e[0].aliases)
    ]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise _binding_error(
            spec, f"A parameter cannot be found that matches parameter name '{typed}'.",
            "NamedParameterNotFound", span,
        )
    declared = [m for m in matches if not m[1]]
    if len(declared) == 1:
        return declared[0]
    names = "".join(" -" + p.name for p, _ in matches)
    raise _binding_error(
        spec,
        f"Parameter cannot be processed because the parameter name '{typed}' is ambiguous. "
        f"Possible matches include:{names}.",
        "AmbiguousParameter", span,
    )


class _Unconvertible(Exception):
    """A value failed conversion; ``error`` None means an array given to a scalar parameter."""

    def __init__(self, error: ConversionError | None, value: object, type_name: str) -> None:
        super().__init__(type_name)
        self.error = error
        self.value = value
        self.type_name = type_name


def bind(
    spec: CmdletSpec,
    args: Sequence[ParamArg | ValueArg],
    *,
    pipeline_input: Sequence[object] | None,
    converters: Mapping[str, Converter],
    command_span: SourceSpan,
) -> Bound:
    """Bind ``args`` (and ``pipeline_input``, None when the command is first in its
    pipeline) to ``spec``'s parameters; raises :class:`BindingError`."""
    return _Binding(spec, converters, command_span).run(args, pipeline_input)


class _Binding:
    """One binding in progress: the candidate sets and what is bound so far."""

    def __init__(
        self, spec: CmdletSpec, converters: Mapping[str, Converter], command_span: SourceSpan
    ) -> None:
        self.spec = spec
        self.converters = converters
        self.command_span = command_span
        self.valid: list[str] = spec.set_names
        self.values: dict[str, object] = {}
        self.common: dict[str, object] = {}
        self.pipeline_parameter: str | None = None
        self.awaiting_empty_input = False
        self.remaining: list[object] = []

    def run(self, args: Sequence[ParamArg | ValueArg], pipeline_input: Sequence[object] | None
            ) -> Bound:
        positionals = self._bind_named(args)
        leftovers, first_error = self._bind_positional(positionals)
        if leftovers and first_error is not None:
            raise first_error  # a value for a position that did not convert
        leftovers = self._bind_remaining(leftovers)
        if leftovers:
            raise first_error or _binding_error(
                self.spec,
                "A positional parameter cannot be found that accepts argument "
                f"'{value_text(leftovers[0].value)}'.",
                "PositionalParameterNotFound", leftovers[0].span,
            )
        if pipeline_input is not None:
            self._bind_pipeline(pipeline_input)
        set_name = self._choose_set()
        missing = self._missing_mandatory(set_name)
        if missing:
            raise _binding_error(
                self.spec,
                "Cannot process command because of one or more missing mandatory "
                f"parameters:{''.join(' ' + name for name in missing)}.",
                "MissingMandatoryParameter", self.command_span,
            )
        if self.awaiting_empty_input:
            self._name_empty_pipeline_parameter(set_name)
        return Bound(set_name, self.values, self.pipeline_parameter, self.common,
                     self.remaining)

    # --- conversion ----------------------------------------------------------------

    def _converter(self, type_name: str) -> Converter:
        converter = self.converters.get(type_name)
        if converter is None:
            raise LookupError(f"no converter registered for parameter type {type_name!r}")
        return converter

    @staticmethod
    def _call(converter: Converter, value: object, type_name: str) -> object:
        try:
            return converter(value)
        except ConversionError as error:
            raise _Unconvertible(error, value, type_name) from None

    def _convert(self, param: ParameterSpec, value: object) -> tuple[object, bool]:
        """``value`` as ``param``'s type, and whether no conversion was needed."""
        type_name = param.type
        elem = element_type(type_name)
        if elem is not None:
            items = list(value) if isinstance(value, (list, tuple)) else [value]
            if type_name in self.converters:  # a whole-array converter the caller registered
                result = self._call(self.converters[type_name], value, type_name)
                converted = list(result) if isinstance(result, (list, tuple)) else [result]
            else:
                converter = self._converter(elem)
                converted = [None if item is None and param.allow_null else
                             self._call(converter, item, elem) for item in items]
            exact = len(converted) == len(items) and all(
                c is i for c, i in zip(converted, items, strict=True)
            )
            return converted, exact
        converter = self._converter(type_name)
        unwrapped = False
        if isinstance(value, (list, tuple)) and type_name not in ACCEPTS_COLLECTIONS:
            if len(value) > 1:
                raise _Unconvertible(None, value, type_name)
            value, unwrapped = (value[0] if value else None), True
        result = self._call(converter, value, type_name)
        return result, result is value and not unwrapped

    def _conversion_error(
        self, param: ParameterSpec, failure: _Unconvertible, span: SourceSpan
    ) -> BindingError:
        target = dotnet_name(failure.type_name)
        value = failure.value
        if failure.error is None:
            return _binding_error(
                self.spec,
                f"Cannot convert '{dotnet_type_of(value)}' to the type '{target}' required "
                f"by parameter '{param.name}'. Specified method is not supported.",
                "CannotConvertArgument", span,
            )
        if isinstance(failure.error, BooleanArgumentError):
            return _binding_error(
                self.spec,
                f"Cannot process argument transformation on parameter '{param.name}'. "
                f'Cannot convert value "{dotnet_type_of(value)}" to type "{target}". '
                "Boolean parameters accept only Boolean values and numbers, such as $True, "
                "$False, 1 or 0.",
                "ParameterArgumentTransformationError", span,
                exception="System.Management.Automation.ParameterBindingArgumentTransformationException",
            )
        reason = failure.error.reason
        if reason is None:
            inner = (f'Cannot convert the "{value_text(value)}" value of type '
                     f'"{dotnet_type_of(value)}" to type "{target}".')
        else:
            inner = (f'Cannot convert value "{value_text(value)}" to type "{target}". '
                     f'Error: "{reason}"')
        return _binding_error(
            self.spec, f"Cannot bind parameter '{param.name}'. {inner}",
            "CannotConvertArgumentNoMessage", span,
        )

    def _convert_argument(self, param: ParameterSpec, value: object, span: SourceSpan) -> object:
        try:
            return self._convert(param, value)[0]
        except _Unconvertible as failure:
            raise self._conversion_error(param, failure, span) from None

    def _narrow(self, param: ParameterSpec, sets: Sequence[str]) -> None:
        if not param.in_all_sets:
            self.valid = [s for s in self.valid if s in sets]

    # --- 1. named ------------------------------------------------------------------

    def _bind_named(self, args: Sequence[ParamArg | ValueArg]) -> list[ValueArg]:
        positionals: list[ValueArg] = []
        index = 0
        while index < len(args):
            arg = args[index]
            index += 1
            if isinstance(arg, ValueArg):
                positionals.append(arg)
                continue
            param, is_common = resolve_parameter(self.spec, arg.name, arg.span)
            target = self.common if is_common else self.values
            if param.name in target:
                raise _binding_error(
                    self.spec,
                    f"Cannot bind parameter because parameter '{param.name}' is specified more "
                    "than once. To provide multiple values to parameters that can accept "
                    'multiple values, use the array syntax. For example, "-parameter '
                    'value1,value2,value3".',
                    "ParameterAlreadyBound", arg.span,
                )
            if arg.value is not NO_VALUE:
                target[param.name] = self._convert_argument(param, arg.value, arg.span)
            elif param.is_switch:
                target[param.name] = True
            elif index < len(args) and isinstance(args[index], ValueArg):
                value_arg = args[index]
                index += 1
                target[param.name] = self._convert_argument(param, value_arg.value, value_arg.span)
            else:
                raise _binding_error(
                    self.spec,
                    f"Missing an argument for parameter '{param.name}'. Specify a parameter of "
                    f"type '{dotnet_name(param.type)}' and try again.",
                    "MissingArgument", arg.span,
                )
            if not is_common:
                self._narrow(param, list(param.sets))
        if not self.valid:
            raise _binding_error(self.spec, _AMBIGUOUS_SET, "AmbiguousParameterSet",
                                 self.command_span)
        return positionals

    # --- 2. positional -------------------------------------------------------------

    def _positions(self) -> list[int]:
        positions = {
            m.position
            for p in self.spec.parameters if p.name not in self.values
            for s in self.valid
            if (m := p.membership(s)) and m.position is not None and not m.from_remaining_arguments
        }
        return sorted(positions)

    def _at_position(self, position: int) -> list[tuple[ParameterSpec, list[str]]]:
        """Unbound parameters that take ``position`` in some candidate set, with those sets."""
        found = []
        for p in self.spec.parameters:
            if p.name in self.values:
                continue
            sets = [
                s for s in self.valid
                if (m := p.membership(s)) and m.position == position
                and not m.from_remaining_arguments
            ]
            if sets:
                found.append((p, sets))
        return found

    def _bind_positional(
        self, positionals: list[ValueArg]
    ) -> tuple[list[ValueArg], BindingError | None]:
        queue = list(positionals)
        leftovers: list[ValueArg] = []
        first_error: BindingError | None = None
        for position in self._positions():
            if not queue:
                break
            candidates = self._at_position(position)
            if not candidates:
                continue
            arg = queue.pop(0)
            bound, error = self._bind_one_positional(candidates, arg)
            if not bound:
                leftovers.append(arg)
                first_error = first_error or error
        return leftovers + queue, first_error

    def _bind_one_positional(
        self, candidates: list[tuple[ParameterSpec, list[str]]], arg: ValueArg
    ) -> tuple[bool, BindingError | None]:
        """Whether ``arg`` bound; if not, the first conversion error met on the way."""
        default = self.spec.default_set
        first_error: BindingError | None = None
        for default_only, exact_only in _POSITIONAL_PASSES:
            if default_only and default not in self.valid:
                continue
            for param, sets in candidates:
                if default_only and default not in sets:
                    continue
                scope = [default] if default_only else sets
                try:
                    value, exact = self._convert(param, arg.value)
                except _Unconvertible as failure:
                    if not exact_only and first_error is None:
                        first_error = self._conversion_error(param, failure, arg.span)
                    continue
                if exact_only and not exact:
                    continue
                self.values[param.name] = value
                self._narrow(param, scope)
                return True, None
        return False, first_error

    # --- 3. remaining arguments ----------------------------------------------------

    def _bind_remaining(self, leftovers: list[ValueArg]) -> list[ValueArg]:
        if not leftovers:
            return leftovers
        for param in self.spec.parameters:
            if param.name in self.values:
                continue
            sets = [s for s in self.valid
                    if (m := param.membership(s)) and m.from_remaining_arguments]
            if not sets:
                continue
            self.remaining = [a.value for a in leftovers]
            value = leftovers[0].value if len(leftovers) == 1 else self.remaining
            self.values[param.name] = self._convert_argument(param, value, leftovers[0].span)
            self._narrow(param, sets)
            return []
        return leftovers

    # --- 4. pipeline ---------------------------------------------------------------

    def _bind_pipeline(self, items: Sequence[object]) -> None:
        if not items:
            self.awaiting_empty_input = True
            return
        default = self.spec.default_set
        for by_value, exact_only in _PIPELINE_PASSES:
            scopes = ([[default]] if default in self.valid else []) + [self.valid]
            for scope in scopes:
                for param in self.spec.parameters:
                    if param.name in self.values:
                        continue
                    sets = [s for s in scope if (m := param.membership(s)) and (
                        m.from_pipeline if by_value else m.from_pipeline_by_property)]
                    if not sets:
                        continue
                    converted = self._pipeline_values(param, items, by_value, exact_only)
                    if converted is None:
                        continue
                    self.values[param.name] = converted
                    self.pipeline_parameter = param.name
                    self._narrow(param, sets)
                    return
        raise _binding_error(self.spec, _INPUT_NOT_BOUND, "InputObjectNotBound", self.command_span)

    def _pipeline_values(
        self, param: ParameterSpec, items: Sequence[object], by_value: bool, exact_only: bool
    ) -> list[object] | None:
        """Every item converted for ``param`` (flattened for array types), or None."""
        out: list[object] = []
        for item in items:
            source = item if by_value else self._property(item, param)
            if source is MISSING:
                return None
            try:
                converted, exact = self._convert(param, source)
            except _Unconvertible:
                return None
            if exact_only and not exact:
                return None
            if element_type(param.type) is not None and isinstance(converted, list):
                out.extend(converted)
            else:
                out.append(converted)
        return out

    @staticmethod
    def _property(item: object, param: ParameterSpec) -> object:
        for name in (param.name, *param.aliases):
            value = get_property(item, name)
            if value is not MISSING:
                return value
        return MISSING

    def _name_empty_pipeline_parameter(self, set_name: str) -> None:
        for by_value in (True, False):
            for param in self.spec.parameters:
                m = param.membership(set_name)
                if m is None or param.name in self.values:
                    continue
                if m.from_pipeline if by_value else m.from_pipeline_by_property:
                    self.values[param.name] = []
                    self.pipeline_parameter = param.name
                    return

    # --- 5. the set, mandatory parameters ------------------------------------------

    def _missing_mandatory(self, set_name: str) -> list[str]:
        missing = []
        for param in self.spec.parameters:
            m = param.membership(set_name)
            if m is None or not m.mandatory or param.name in self.values:
                continue
            if self.awaiting_empty_input and (m.from_pipeline or m.from_pipeline_by_property):
                continue
            missing.append(param.name)
        return missing

    def _choose_set(self) -> str:
        if len(self.valid) == 1:
            return self.valid[0]
        if self.spec.default_set in self.valid:
            return self.spec.default_set
        satisfied = [s for s in self.valid if not self._missing_mandatory(s)]
        if len(satisfied) == 1:
            return satisfied[0]
        raise _binding_error(self.spec, _AMBIGUOUS_SET, "AmbiguousParameterSet", self.command_span)
