"""What a cmdlet may reach besides its parameters: the context of its invocation.

A cmdlet runs inside a statement that the interpreter is evaluating, in one runspace,
for one host. It sees that through :class:`CmdletContext` — a protocol, so that the
cmdlets depend on what they use and never on the interpreter's classes (which sit above
them and import them). The interpreter's implementation is
``rjkernel.interpreter.context``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any, Protocol

from rjkernel.errors import ErrorRecord
from rjkernel.runspace.host import Host
from rjkernel.runspace.runspace import Runspace
from rjkernel.runspace.runspaces import Runspaces
from rjkernel.runspace.variables import Variables
from rjkernel.values.objects import MISSING, ScriptBlockValue


class CmdletContext(Protocol):
    @property
    def runspace(self) -> Runspace:
        """The runspace the statement runs in (the place, variables, job table)."""

    @property
    def function_name(self) -> str:
        """The user function the command runs in ("" at a cell's top): Write-Error
        reports its errors as that function's."""

    @property
    def variables(self) -> Variables:
        """The scope the statement runs in: where Set-Variable and -ErrorVariable write
        and from which variables are read (about_Scopes)."""

    @property
    def host(self) -> Host:
        """Where the cell shows things and asks the user for input."""

    @property
    def runspaces(self) -> Runspaces:
        """Every runspace of the kernel: sessions, the entered stack, remoting."""

    def record_error(self, record: ErrorRecord, *, show: bool = True) -> None:
        """A non-terminating error: kept in ``$Error``, fails the statement (``$?``),
        shown (and counted for the cell) unless ``show`` is False."""

    async def invoke_block(
        self, block: ScriptBlockValue, *, underscore: Any = MISSING, args: Sequence[Any] = ()
    ) -> list[Any]:
        """Run a block here and now with ``$_`` set (Where-Object, ForEach-Object,
        calculated properties); its output as a list."""

    def block_outputs(
        self, runspace: Runspace, block: ScriptBlockValue, *, args: Sequence[Any] = (),
        input_lines: list[str] | None = None,
        remote_errors: Callable[[ErrorRecord], None] | None = None,
    ) -> AsyncIterator[Any]:
        """Evaluate a block's statements in ``runspace`` (Invoke-Command), streaming its
        output; ``input_lines`` become its shell lines' stdin. ``remote_errors`` makes
        it a remote block: the terminating errors it does not catch go there instead
        of to the caller's ``try``."""

    async def member(self, target: Any, name: str) -> Any:
        """``$target.Name`` as an expression would read it (member enumeration too)."""

    def shell_text(self, text: str) -> str:
        """A block's text for a shell that runs it detached (Start-Job, -AsJob), with
        the caller's ``$using:`` values filled in."""
