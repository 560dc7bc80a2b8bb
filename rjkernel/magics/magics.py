"""``%rj`` and ``%%rj``: rjkernel's language inside an ordinary Python kernel.

One :class:`RJMagics` per IPython shell holds one :class:`~rjkernel.interpreter.engine.Engine`
— the same engine the rjkernel kernel runs, not a copy — so sessions, jobs, variables
and entered sessions persist across cells. Output reaches the notebook through
``jupyter_host.py``, as in the rjkernel kernel: streamed text, live job tables
(ipywidgets with their HTML and text faces), progress bars, password prompts.

* ``%%rj [-i NAME]… [-o NAME]…`` runs the cell and shows its output; ``-i`` copies
  Python variables in before (``-i a,b`` or ``-i a -i b``), ``-o`` copies PowerShell
  variables out after (also when the cell had errors).
* ``%rj [-i NAME]… [-o NAME]… <code>`` runs one line and *returns* its output as an
  :class:`~rjkernel.magics.convert.RJResult` (``x = %rj Get-Job``); as the last line of
  a cell, IPython shows it as PowerShell's formatting.
* A cell that wrote an error record raises :class:`RJError`, so Run All and papermill
  stop there as on a Python error.
* Interrupt stops the wait: while the engine runs, SIGINT cancels its task (as in the
  rjkernel kernel) and the cell ends with KeyboardInterrupt; jobs keep running and the
  Python kernel lives on.
* Completion: inside a ``%%rj`` cell and after ``%rj``, the engine's completions.
"""

from __future__ import annotations

import asyncio
import inspect
import sys
from collections.abc import Coroutine, Generator
from typing import Any

from IPython.core.completer import CompletionContext, SimpleCompletion
from IPython.core.error import UsageError
from IPython.core.interactiveshell import InteractiveShell
from IPython.core.magic import Magics, line_cell_magic, magics_class

from rjkernel.display.errors import render_error
from rjkernel.display.formatter import format_default
from rjkernel.errors import ErrorRecord
from rjkernel.interpreter.engine import Engine
from rjkernel.journal.store import Journal, kernel_id
from rjkernel.jupyter_host import JupyterHost, KernelOutput, cancel_on_sigint
from rjkernel.magics.awaiting import add_awaits, inline_magics
from rjkernel.magics.convert import RJResult, to_powershell, to_python

INTERRUPTED = "Interrupted: stopped waiting. Background jobs keep running (%rj Get-Job).\n"


class RJError(Exception):
    """A ``%rj``/``%%rj`` cell had a terminating error no ``try`` took (a
    non-terminating one is shown and the cell goes on, as the rjkernel kernel replies
    ``ok`` for it): ``record`` is the first such ErrorRecord, ``records`` all of them."""

    def __init__(self, records: list[ErrorRecord], *, parse_error: bool = False) -> None:
        self.records = records
        self.record = records[0]
        self.parse_error = parse_error
        super().__init__(self.record.message)

    @property
    def fully_qualified_error_id(self) -> str:
        return self.record.fully_qualified_error_id

    def _render_traceback_(self) -> list[str]:
        """What IPython shows instead of a Python traceback: a parse error in full (it
        was not shown yet), else one line (the errors were shown as they happened)."""
        if self.parse_error:
            return render_error(self.record).splitlines()
        more = f" (and {len(self.records) - 1} more)" if len(self.records) > 1 else ""
        return [f"RJError: {self.fully_qualified_error_id}: {self.record.message}{more}"]


class Pending:
    """A ``%rj`` call Python could not await (inside a plain ``def``): await it yourself."""

    def __init__(self, run: Coroutine[Any, Any, Any]) -> None:
        self._run = run

    def __await__(self) -> Generator[Any, None, Any]:
        # a generator of our own, so this object lives while it is awaited
        return (yield from self._run.__await__())

    def __repr__(self) -> str:
        return ("%rj did not run: it cannot wait inside a plain def, a lambda or a class "
                "body, nor in the cell that loads the extension; use it in the cell's own "
                "code (also under for/if/with) or in an async def, or `await` this")

    def __del__(self) -> None:
        if inspect.getcoroutinestate(self._run) == inspect.CORO_CREATED:
            # e.g. %load_ext rjkernel and %rj in one cell: the cell was compiled before
            # the extension could make it await
            sys.stderr.write(f"{self!r}\n")
        self._run.close()  # no "coroutine was never awaited" warning either


def split_options(line: str) -> tuple[list[str], list[str], str]:
    """Leading ``-i NAME``/``-o NAME`` options (``--input``/``--output``, comma lists);
    the rest of the line is code."""
    inputs: list[str] = []
    outputs: list[str] = []
    rest = line.strip()
    while True:
        head, _, tail = rest.partition(" ")
        target = {"-i": inputs, "--input": inputs, "-o": outputs, "--output": outputs}.get(head)
        if target is None:
            return inputs, outputs, rest
        value, _, rest = tail.strip().partition(" ")
        if not value:
            raise UsageError(f"{head} needs a variable name")
        target.extend(v for v in value.split(",") if v)
        rest = rest.strip()


@magics_class
class RJMagics(Magics):
    def __init__(self, shell: InteractiveShell) -> None:
        super().__init__(shell)
        kernel = getattr(shell, "kernel", None)
        if kernel is None:
            raise UsageError("rjkernel's magics need a Jupyter kernel (ipykernel): its "
                             "event loop runs the SSH connections and live tables")
        self.kernel = kernel
        self.engine = Engine(journal=Journal.for_process(kernel_id(kernel.parent)))
        self.output = KernelOutput(kernel, self.engine.runspaces)

    # ------------------------------------------------------------------ the magic

    @line_cell_magic
    def rj(self, line: str, cell: str | None = None) -> Pending:
        return Pending(self._run(line, cell))

    async def _run(self, line: str, cell: str | None) -> RJResult | None:
        inputs, outputs, code = split_options(line)
        if cell is not None:
            if code:
                raise UsageError(f"%%rj takes only -i/-o on its first line, not {code!r}")
            code = cell
        runspace = self.engine.runspaces.current
        assert self.shell is not None
        for name in inputs:
            if name not in self.shell.user_ns:
                raise UsageError(f"-i {name}: there is no Python variable {name!r}")
            runspace.variables.set(name, to_powershell(self.shell.user_ns[name]))
        host = JupyterHost(self.output, allow_stdin=getattr(self.kernel, "_allow_stdin", False))
        parent = self.kernel.get_parent("shell")
        cell_id = (parent.get("metadata") or {}).get("cellId")
        self.output.remember_parent()
        self.output.start_cell(cell_id, self.shell.execution_count)
        task = asyncio.ensure_future(
            self.engine.execute(code, host, cell_id=cell_id, capture=cell is None))
        try:
            with cancel_on_sigint(task):
                result = await task
        except asyncio.CancelledError:
            host.write_text(INTERRUPTED, "stderr")
            raise KeyboardInterrupt("stopped waiting; background jobs keep running") from None
        finally:
            self.output.live_tables.flush_all()
        for name in outputs:
            self.shell.user_ns[name] = to_python(runspace.variables.get(name))
        if result.uncaught:  # as the rjkernel kernel replies error: a terminating error
            raise RJError(result.uncaught, parse_error=result.parse_error)
        return RJResult.of(result.output, self._show) if cell is None else None

    def _show(self, values: list[Any]) -> None:
        for display in format_default(values):
            self.output.publish_display(display)

    # ------------------------------------------------------------------ completion

    def complete(self, context: CompletionContext) -> dict[str, Any]:  # SimpleMatcherResult
        """The engine's completions inside ``%%rj`` cells and after ``%rj``."""
        text = context.full_text
        lines = text.split("\n")
        cursor = len("\n".join([*lines[:context.cursor_line], context.text_until_cursor]))
        region = _code_region(text, cursor)
        if region is None:
            return {"completions": [], "suppress": False}
        start, end = region
        code, at = text[start:end], cursor - start
        matches, first, _end, _meta = self.engine.complete(code, at)
        return {"completions": [SimpleCompletion(m) for m in matches],
                "matched_fragment": code[first:at], "suppress": bool(matches)}


def _code_region(text: str, cursor: int) -> tuple[int, int] | None:
    """Where the PowerShell code around ``cursor`` is: the body of a ``%%rj`` cell, or
    the rest of a ``%rj`` line after its options; None in Python code."""
    first, newline, _ = text.partition("\n")
    if first.lstrip().startswith("%%rj"):
        start = len(first) + len(newline)
        return (start, len(text)) if newline and cursor >= start else None
    line_start = text.rfind("\n", 0, cursor) + 1
    line_end = text.find("\n", cursor)
    line_end = len(text) if line_end < 0 else line_end
    magic = text.find("%rj ", line_start, cursor)
    if magic < 0:
        return None
    after = text[magic + 4:line_end]
    code = split_options(after)[2]
    start = line_end - len(after.rstrip()) + after.rstrip().rfind(code) if code else line_end
    return (start, line_end) if cursor >= start else None


def load(shell: InteractiveShell) -> None:
    """``%load_ext rjkernel``: the magics, the await transformer, the completer; and on
    every execute request, the parent later displays (live tables) attach to."""
    magics = RJMagics(shell)
    shell.register_magics(magics)
    if add_awaits not in shell.input_transformers_post:
        shell.input_transformers_cleanup.append(inline_magics)
        shell.input_transformers_post.append(add_awaits)
    matcher: Any = magics.complete
    matcher.__func__.matcher_api_version = 2
    shell.Completer.custom_matchers.append(matcher)
    shell.events.register("pre_execute", magics.output.remember_parent)
