"""The contract between the interpreter and a cmdlet implementation.

A cmdlet is an async generator function ``impl(inv) -> AsyncIterator[object]``: it reads
its bound parameters from ``inv.params``, its pipeline input (if any) from ``inv.input``,
and yields output objects as it makes them (so ``Receive-Job -Wait`` streams).
Non-terminating errors go through :meth:`Invocation.write_error`, which honours
``-ErrorAction``; terminating ones are raised as :class:`PSError`.

Implementations register with :func:`implements`; the catalog (``catalog.py``) holds
their signatures. Parameter types that need the objects of a cmdlet family (``Job``,
``PSSession``) register their converters with :func:`converts`. The interpreter builds
the Invocation: cmdlets never import it, they reach the runspace, the host and the
kernel's sessions through ``inv.context`` (:class:`~rjkernel.cmdlets.context.CmdletContext`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from rjkernel.cmdlets.context import CmdletContext
from rjkernel.errors import ErrorRecord, PSError, SourceSpan
from rjkernel.values import operators as ops
from rjkernel.values.conversion import Converter
from rjkernel.values.objects import ArrayList

if TYPE_CHECKING:
    from rjkernel.cmdlets.signature import Bound, CmdletSpec
    from rjkernel.runspace.host import Host
    from rjkernel.runspace.runspace import Runspace
    from rjkernel.runspace.runspaces import Runspaces
    from rjkernel.runspace.variables import Variables

CmdletImpl = Callable[["Invocation"], AsyncIterator[Any]]

IMPLEMENTATIONS: dict[str, CmdletImpl] = {}
PER_RECORD: set[str] = set()  # cmdlets run once per piped object (``implements``)
CONVERTERS: dict[str, Converter] = {}


def implements(name: str, *, per_record: bool = False) -> Callable[[CmdletImpl], CmdletImpl]:
    """Register the implementation of the cmdlet ``name`` (as spelled in the catalog).

    ``per_record``: the implementation reads its pipeline-bound parameters rather than
    ``Invocation.input``, so the pipeline runs it once per piped object with that object
    bound, as PowerShell's ProcessRecord runs (``'a','b' | Write-Warning`` warns twice).
    """

    def register(fn: CmdletImpl) -> CmdletImpl:
        IMPLEMENTATIONS[name.lower()] = fn
        if per_record:
            PER_RECORD.add(name.lower())
        return fn

    return register


def converts(type_name: str) -> Callable[[Converter], Converter]:
    """Register the converter of parameter type ``type_name`` (``Job``, ``PSSession``)."""

    def register(fn: Converter) -> Converter:
        CONVERTERS[type_name] = fn
        return fn

    return register


@dataclass
class Invocation:
    """One run of one cmdlet in one pipeline."""

    spec: CmdletSpec
    bound: Bound
    context: CmdletContext
    position: SourceSpan
    input: AsyncIterator[Any] | None = None
    errors: list[ErrorRecord] = field(default_factory=list)
    # When the pipeline element redirects its error stream (``2>``, ``2>&1``, ``*>``),
    # the interpreter's list that takes its non-terminating errors instead of the host.
    redirected_errors: list[ErrorRecord] | None = None

    # ------------------------------------------------------------------ context

    def changing(self, objects: Sequence[Any]) -> None:
        """This cmdlet is about to change ``objects`` (see :meth:`Host.changing`)."""
        if objects:
            self.host.changing(list(objects), self.spec.name)

    @property
    def runspace(self) -> Runspace:
        return self.context.runspace

    @property
    def variables(self) -> Variables:
        """The variables of the scope the cmdlet runs in."""
        return self.context.variables

    @property
    def runspaces(self) -> Runspaces:
        return self.context.runspaces

    @property
    def host(self) -> Host:
        return self.context.host

    @property
    def params(self) -> dict[str, Any]:
        return self.bound.values

    @property
    def set_name(self) -> str:
        return self.bound.set_name

    def has(self, name: str) -> bool:
        return name in self.bound.values

    def get(self, name: str, default: Any = None) -> Any:
        return self.bound.values.get(name, default)

    def switch(self, name: str) -> bool:
        return bool(self.bound.values.get(name, False))

    # ------------------------------------------------------------------ errors

    def error_record(
        self, message: str, error_id: str, category: str = "NotSpecified", target: object = None,
        **extra: Any,
    ) -> ErrorRecord:
        """A record attributed to this cmdlet (``Get-Job: …``)."""
        return ErrorRecord(
            message=message, error_id=error_id, category=category, command=self.spec.name,
            target=target, **extra,
        )

    def write_error(self, record: ErrorRecord, *, own: bool = True) -> None:
        """A non-terminating error, subject to ``-ErrorAction``; not ``own`` is one a
        block in another runspace raised, written as it was there (a remote block's)."""
        self.write_errors([record], own=own)

    def write_errors(self, records: Sequence[ErrorRecord], *, own: bool = True) -> None:
        """Non-terminating errors in order (a job's stderr: one per line), subject to
        ``-ErrorAction``, which is read once for them all."""
        action = self.error_action()
        if action == "ignore":
            return
        show = action != "silentlycontinue"
        for record in records:
            if own:
                record = record.with_command(self.spec.name)
                if record.invocation is None:
                    record = replace(record, invocation=self.position)
            if action == "stop":
                self._keep_in_error_variable(record)
                raise PSError(replace(record, stopped=True))
            if self.redirected_errors is not None and show:
                self.redirected_errors.append(record)
            else:
                self.context.record_error(record, show=show)
            self._keep_in_error_variable(record)

    def error_action(self) -> str:
        """``-ErrorAction``, else ``$ErrorActionPreference`` (lower-cased)."""
        action = self.bound.common.get("ErrorAction")
        if action is None:
            action = self.variables.get("ErrorActionPreference") or "Continue"
        return str(action).lower()

    def _keep_in_error_variable(self, record: ErrorRecord) -> None:
        """``-ErrorVariable name`` (``+name`` appends) keeps the command's errors in an
        ArrayList, as PowerShell's, grown in place: a receive writes one error per
        stderr line, and a copy per error made 100,000 lines take minutes."""
        variable = self.bound.common.get("ErrorVariable")
        if not variable:
            return
        name = str(variable)
        if not self.errors:  # this command's first error: the variable gets its list
            kept = ops.to_list(self.variables.get(name[1:])) if name.startswith("+") else []
            self.errors = ArrayList(kept)
            self.variables.set(name.lstrip("+"), self.errors)
        self.errors.append(record)

    def terminate(self, message: str, error_id: str, category: str = "InvalidOperation") -> PSError:
        """A terminating error of this cmdlet (raise the result)."""
        return PSError(self.error_record(message, error_id, category))

    async def collect_input(self) -> list[Any]:
        """All pipeline input (for cmdlets such as Wait-Job that act after the last object)."""
        if self.input is None:
            return []
        return [item async for item in self.input]
