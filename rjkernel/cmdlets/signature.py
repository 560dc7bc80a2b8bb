"""What a cmdlet accepts: its parameters, parameter sets, aliases and help text.

Signatures are plain data. The binder (``interpreter/binder.py``) reads them to bind a
command's arguments, completion reads them to offer ``-Parameter`` names, and
``Get-Help`` / Shift-Tab read the help strings. Keeping them apart from the cmdlet code
means all three agree by construction.

Rules mirrored from PowerShell (ps-semantics §1, §5.1):
- A parameter belongs to one or more parameter sets, or to all of them
  (``ALL_SETS``); in each set it may have a position, be mandatory, and take pipeline
  input by value or by property name.
- Parameter names and aliases match case-insensitively and by unambiguous prefix; the
  common parameters (``-ErrorAction`` …) exist on every cmdlet.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field

ALL_SETS = "__AllParameterSets"


@dataclass(frozen=True)
class SetMembership:
    """How a parameter takes part in one parameter set."""

    position: int | None = None
    mandatory: bool = False
    from_pipeline: bool = False
    from_pipeline_by_property: bool = False
    # PowerShell's ValueFromRemainingArguments: the parameter takes no single position but
    # collects every positional argument left over (``Write-Output a b c``).
    from_remaining_arguments: bool = False


@dataclass(frozen=True)
class ParameterSpec:
    """One parameter.

    ``type`` names the .NET type PowerShell would show in errors and help and that the
    binder converts to: ``Int32``, ``Int32[]``, ``String``, ``String[]``, ``SwitchParameter``,
    ``Boolean``, ``JobState``, ``Job[]``, ``Job``, ``PSSession``, ``PSSession[]``,
    ``ScriptBlock``, ``Hashtable``, ``Object``, ``Object[]``, ``Guid[]``, ``DateTime``,
    ``Double``, ``Int64``, ``PSObject``, ``PSCredential``, ``SessionFilterState``,
    ``ActionPreference``, ``OutTarget`` (``values/conversion.py`` converts each).
    ``sets`` maps a set name (or ``ALL_SETS``) to the parameter's role in it.
    ``values`` lists the accepted words for enum-like String parameters (completion).
    ``hidden`` parameters bind like any other but are left out of help, syntax and
    completion (PowerShell's ``DontShow``): they exist to accept forms a user may type, not
    to be advertised. ``allow_null`` (PowerShell's ``[AllowNull()]``) keeps a ``$null``
    element of an array parameter as None instead of converting it (``Test-Path $null``).
    """

    name: str
    type: str
    sets: dict[str, SetMembership] = field(default_factory=lambda: {ALL_SETS: SetMembership()})
    aliases: tuple[str, ...] = ()
    help: str = ""
    values: tuple[str, ...] = ()
    wildcards: bool = False
    hidden: bool = False
    allow_null: bool = False

    @property
    def is_switch(self) -> bool:
        return self.type == "SwitchParameter"

    @property
    def in_all_sets(self) -> bool:
        return ALL_SETS in self.sets

    def membership(self, set_name: str) -> SetMembership | None:
        """The parameter's role in ``set_name``, or None if it is not part of that set."""
        return self.sets.get(set_name) or self.sets.get(ALL_SETS)


@dataclass(frozen=True)
class Example:
    code: str
    remarks: str


@dataclass(frozen=True)
class CmdletSpec:
    """A cmdlet's signature and help.

    ``default_set`` is used when the binder cannot tell the sets apart. ``supports_should_process``
    adds ``-WhatIf``/``-Confirm``. ``synopsis`` is one line; ``description`` a paragraph or
    two; both show in ``Get-Help`` and on Shift-Tab.
    """

    name: str
    parameters: tuple[ParameterSpec, ...]
    default_set: str = ALL_SETS
    aliases: tuple[str, ...] = ()
    synopsis: str = ""
    description: str = ""
    examples: tuple[Example, ...] = ()
    supports_should_process: bool = False
    output_type: str = ""
    notes: str = ""

    @property
    def set_names(self) -> list[str]:
        """Every declared parameter set, in declaration order (ALL_SETS excluded)."""
        names: list[str] = []
        for p in self.parameters:
            for s in p.sets:
                if s != ALL_SETS and s not in names:
                    names.append(s)
        if not names:
            names.append(self.default_set)
        return names

    def parameter(self, name: str) -> ParameterSpec | None:
        """The parameter with exactly this name (case-insensitive), if any."""
        low = name.lower()
        for p in self.parameters:
            if p.name.lower() == low:
                return p
        return None


@functools.cache
def common_parameters(should_process: bool) -> Sequence[ParameterSpec]:
    """PowerShell's common parameters (and ShouldProcess ones), present on every cmdlet.

    Built once: every bind of every command consults them.
    """
    specs = [
        ParameterSpec("ErrorAction", "ActionPreference", aliases=("ea",),
                      values=("Continue", "Ignore", "Inquire", "SilentlyContinue", "Stop")),
        ParameterSpec("ErrorVariable", "String", aliases=("ev",)),
        ParameterSpec("WarningAction", "ActionPreference", aliases=("wa",),
                      values=("Continue", "Ignore", "Inquire", "SilentlyContinue", "Stop")),
        ParameterSpec("WarningVariable", "String", aliases=("wv",)),
        ParameterSpec("InformationAction", "ActionPreference", aliases=("infa",),
                      values=("Continue", "Ignore", "Inquire", "SilentlyContinue", "Stop")),
        ParameterSpec("InformationVariable", "String", aliases=("iv",)),
        ParameterSpec("ProgressAction", "ActionPreference", aliases=("proga",),
                      values=("Continue", "Ignore", "Inquire", "SilentlyContinue", "Stop")),
        ParameterSpec("Verbose", "SwitchParameter", aliases=("vb",)),
        ParameterSpec("Debug", "SwitchParameter", aliases=("db",)),
        ParameterSpec("OutVariable", "String", aliases=("ov",)),
        ParameterSpec("OutBuffer", "Int32", aliases=("ob",)),
        ParameterSpec("PipelineVariable", "String", aliases=("pv",)),
    ]
    if should_process:
        specs += [
            ParameterSpec("WhatIf", "SwitchParameter", aliases=("wi",)),
            ParameterSpec("Confirm", "SwitchParameter", aliases=("cf",)),
        ]
    return tuple(specs)


@dataclass
class Bound:
    """The outcome of binding.

    ``values`` holds only the parameters that were bound (as PowerShell's
    ``$PSBoundParameters``), under their canonical names; a switch holds True/False.
    ``common`` holds the common parameters given (``ErrorAction`` …), converted.
    """

    set_name: str
    values: dict[str, object]
    pipeline_parameter: str | None = None
    common: dict[str, object] = field(default_factory=dict)
    # The arguments a ValueFromRemainingArguments parameter took, one item per argument
    # (its value joins them, so one array argument and two arguments would look alike).
    remaining: list[object] = field(default_factory=list)

    def get(self, name: str, default: object = None) -> object:
        return self.values.get(name, default)

    def switch(self, name: str) -> bool:
        """Whether switch ``name`` is on (absent means off)."""
        return bool(self.values.get(name, False))


# ---------------------------------------------------------------------- shared specs

IN_ALL_SETS = {ALL_SETS: SetMembership()}
ENCODINGS = (
    "ascii", "bigendianunicode", "bigendianutf32", "oem", "unicode", "utf7", "utf8",
    "utf8BOM", "utf8NoBOM", "utf32",
)


def switch(name: str, help_text: str, sets: dict[str, SetMembership] | None = None,
           aliases: tuple[str, ...] = ()) -> ParameterSpec:
    """A switch parameter (in every set unless ``sets`` says otherwise)."""
    return ParameterSpec(name, "SwitchParameter", sets or IN_ALL_SETS, aliases=aliases,
                         help=help_text)


def input_object(what: str) -> ParameterSpec:
    """The ``-InputObject`` every object cmdlet has, bound from the pipeline."""
    return ParameterSpec(
        "InputObject", "PSObject", {ALL_SETS: SetMembership(from_pipeline=True)},
        help=f"Specifies the objects {what}. Usually they come through the pipeline.")


def encoding(position: int | None = None) -> ParameterSpec:
    """``-Encoding`` of the cmdlets that read or write files."""
    return ParameterSpec(
        "Encoding", "String", {ALL_SETS: SetMembership(position)}, values=ENCODINGS,
        help="Specifies the text encoding. The default is utf8NoBOM (UTF-8 without a byte "
             f"order mark). The acceptable values are: {', '.join(ENCODINGS)}.")
