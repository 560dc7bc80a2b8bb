"""Help text as PowerShell's ``Get-Help`` lays it out: NAME, SYNOPSIS, SYNTAX, …

The same text answers Shift-Tab in the notebook (the kernel's inspect request), so a
user sees one help whichever way they ask. Syntax lines are generated from the
signature, one per parameter set, PowerShell style:
``Get-Job [[-Id] <Int32[]>] [-IncludeChildJob] … [<CommonParameters>]``.
"""

from __future__ import annotations

import textwrap

from rjkernel.cmdlets.signature import ALL_SETS, CmdletSpec, ParameterSpec

INDENT = "    "


def _type_label(param: ParameterSpec) -> str:
    return "" if param.is_switch else f" <{param.type}>"


def syntax_lines(spec: CmdletSpec) -> list[str]:
    """One line per parameter set (hidden parameters left out)."""
    lines: list[str] = []
    for set_name in spec.set_names:
        params = [p for p in spec.parameters if not p.hidden and p.membership(set_name)]
        if not params and set_name != spec.default_set and set_name != ALL_SETS:
            continue
        positions = {p.name: _position(p, set_name) for p in params}
        positional = sorted((p for p in params if positions[p.name] >= 0),
                            key=lambda p: positions[p.name])
        named = [p for p in params if p not in positional]
        parts = [spec.name]
        for p in [*positional, *named]:
            member = p.membership(set_name)
            assert member is not None
            name = f"-{p.name}"
            if member.position is not None:
                name = f"[{name}]"
            text = f"{name}{_type_label(p)}"
            parts.append(text if member.mandatory else f"[{text}]")
        if spec.supports_should_process:
            parts += ["[-WhatIf]", "[-Confirm]"]
        parts.append("[<CommonParameters>]")
        lines.append(" ".join(parts))
    return lines


def _position(param: ParameterSpec, set_name: str) -> int:
    """The parameter's position in the set, -1 when it is named-only."""
    member = param.membership(set_name)
    return -1 if member is None or member.position is None else member.position


def _wrap(text: str, indent: str = INDENT) -> str:
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    return "\n\n".join(
        textwrap.fill(" ".join(p.split()), width=96, initial_indent=indent, break_on_hyphens=False,
                      subsequent_indent=indent)
        for p in paragraphs
    )


def render_help(
    spec: CmdletSpec, *, full: bool = False, examples: bool = False,
    parameters: list[str] | None = None,
) -> str:
    """``Get-Help <cmdlet>`` (``-Full``, ``-Examples``, ``-Parameter x``)."""
    if parameters:
        return "\n".join(_parameter_block(p) for p in _matching(spec, parameters))
    out = [f"NAME\n{INDENT}{spec.name}", f"SYNOPSIS\n{_wrap(spec.synopsis)}"]
    if examples:
        out.append(_examples(spec))
        return "\n\n".join(out) + "\n"
    out.append("SYNTAX\n" + "\n\n".join(INDENT + line for line in syntax_lines(spec)))
    if spec.description:
        out.append("DESCRIPTION\n" + _wrap(spec.description))
    if full:
        visible = [p for p in spec.parameters if not p.hidden]
        out.append("PARAMETERS\n" + "\n\n".join(_parameter_block(p) for p in visible))
        if spec.examples:
            out.append(_examples(spec))
        if spec.notes:
            out.append("NOTES\n" + _wrap(spec.notes))
    if spec.aliases:
        out.append("ALIASES\n" + "\n".join(INDENT + a for a in spec.aliases))
    if not full:
        out.append(
            "REMARKS\n" + _wrap(
                f'For more information, type: "Get-Help {spec.name} -Full". For examples, '
                f'type: "Get-Help {spec.name} -Examples".'
            )
        )
    return "\n\n".join(out) + "\n"


def _matching(spec: CmdletSpec, names: list[str]) -> list[ParameterSpec]:
    from rjkernel.values.operators import like

    return [p for p in spec.parameters if not p.hidden and any(like(p.name, n) for n in names)]


def _parameter_block(p: ParameterSpec) -> str:
    head = f"{INDENT}-{p.name}{_type_label(p)}"
    body = _wrap(p.help, INDENT * 2) if p.help else ""
    facts = []
    if p.aliases:
        facts.append(f"{INDENT * 2}Aliases: {', '.join(p.aliases)}")
    if p.values:
        facts.append(f"{INDENT * 2}Accepted values: {', '.join(p.values)}")
    positions = {m.position for m in p.sets.values() if m.position is not None}
    if positions:
        facts.append(f"{INDENT * 2}Position: {min(positions)}")
    if any(m.mandatory for m in p.sets.values()):
        facts.append(f"{INDENT * 2}Required: True")
    if any(m.from_pipeline or m.from_pipeline_by_property for m in p.sets.values()):
        facts.append(f"{INDENT * 2}Accepts pipeline input: True")
    return "\n".join(x for x in [head, body, *facts] if x)


def _examples(spec: CmdletSpec) -> str:
    blocks = []
    for i, ex in enumerate(spec.examples, 1):
        code = "\n".join(INDENT + line for line in ex.code.splitlines())
        blocks.append(f"{INDENT}-------------------------- EXAMPLE {i} --------------------------\n"
                      f"\n{code}\n\n{_wrap(ex.remarks)}")
    return "EXAMPLES\n" + "\n\n".join(blocks)


def render_brief(spec: CmdletSpec) -> str:
    """What Shift-Tab shows first: name, synopsis and syntax."""
    syntax = "\n".join(syntax_lines(spec))
    return f"{spec.name}: {spec.synopsis}\n\n{syntax}\n"
