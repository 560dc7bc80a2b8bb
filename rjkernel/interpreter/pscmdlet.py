"""What a function sees of its own call: ``$PSCmdlet`` of an advanced function
(about_Functions_CmdletBindingAttribute, about_Functions_Advanced_Methods): the
parameter set that was bound and ``ShouldProcess``, which with ``-WhatIf`` says what
would be done instead of doing it (``What if: Performing the operation "Remove-Cache"
on target "web01".``) and answers ``$false``; and ``$MyInvocation``
(about_Automatic_Variables): the command, the name it was called by, its bound
parameters and where in the cell the call is, as logging code reads them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rjkernel.cmdlets.signature import ALL_SETS
from rjkernel.errors import SourceSpan
from rjkernel.runspace.host import Host
from rjkernel.values import operators as ops
from rjkernel.values.objects import Hashtable


@dataclass
class PSCmdletValue:
    """The function's cmdlet object, as far as a runbook uses it."""

    command: str
    parameter_set: str
    what_if: bool
    host: Host
    type_names = ("System.Management.Automation.PSScriptCmdlet", "System.Object")

    def ps_properties(self) -> dict[str, Any]:
        return {"ParameterSetName": "__AllParameterSets" if self.parameter_set == ALL_SETS
                else self.parameter_set}

    def ps_methods(self) -> dict[str, Any]:
        """Methods by .NET name; called as ``method(self, *arguments)``."""
        return {"ShouldProcess": PSCmdletValue.should_process,
                "ShouldContinue": PSCmdletValue.should_continue}

    def should_process(self, target: Any, action: Any = None, *caption: Any) -> bool:
        """``ShouldProcess(target[, action])``, or ``(description, warning, caption)``."""
        if not self.what_if:
            return True
        if caption:
            text = ops.to_string(target)
        else:
            operation = self.command if action is None else ops.to_string(action)
            text = f'Performing the operation "{operation}" on target "{ops.to_string(target)}".'
        self.host.write_text(f"What if: {text}\n")
        return False

    def should_continue(self, query: Any, caption: Any = None, *_: Any) -> bool:
        """Without a console to confirm on, a runbook goes on (as with ``-Force``)."""
        return True


@dataclass(frozen=True)
class FunctionCommand:
    """``$MyInvocation.MyCommand`` of a function: its FunctionInfo, printed as its name."""

    name: str
    definition: str
    type_names = ("System.Management.Automation.FunctionInfo", "System.Object")

    def ps_properties(self) -> dict[str, Any]:
        return {"CommandType": "Function", "Name": self.name, "Version": "", "Source": "",
                "Definition": self.definition}

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class InvocationValue:
    """``$MyInvocation`` in a function body."""

    command: FunctionCommand
    invoked_as: str
    bound: Hashtable
    unbound: list[Any]
    position: SourceSpan
    type_names = ("System.Management.Automation.InvocationInfo", "System.Object")

    def ps_properties(self) -> dict[str, Any]:
        return {"MyCommand": self.command, "BoundParameters": self.bound,
                "UnboundArguments": self.unbound,
                "ScriptLineNumber": self.position.line, "OffsetInLine": self.position.column,
                "ScriptName": "", "Line": self.position.line_text,
                "InvocationName": self.invoked_as, "PSScriptRoot": "", "PSCommandPath": None}

    def __str__(self) -> str:
        return self.type_names[0]
