"""Transfers of control: the exceptions that leave the statements they are raised in.

- ``break`` and ``continue`` (:class:`FlowSignal`) are exceptions because PowerShell's
  are dynamic: a ``break`` leaves the innermost enclosing loop or switch *at run
  time*, through script blocks and pipelines in between (about_Break: a ``break``
  inside ``ForEach-Object`` ends the loop around the pipeline, or the script if there
  is none). A loop catches the signals it is the target of and lets the others pass;
  an uncaught one ends the cell quietly, as it ends a script. They are not errors: the
  evaluator never records them.
- ``return`` (:class:`ReturnSignal`) leaves the function, script block or cell, and
  :class:`ScriptHalted` ends the cell after a script-terminating error was shown.
  Both are BaseExceptions, so that the statement-level ``except Exception`` that
  turns failures into error records lets them through to whoever stops them.
"""

from __future__ import annotations

from typing import Any


class FlowSignal(Exception):
    """A transfer of control, not an error; ``label`` names the target loop, if any."""

    def __init__(self, label: str | None = None) -> None:
        super().__init__(label)
        self.label = label
        self.output: list[Any] = []

    def carry(self, output: list[Any]) -> None:
        """Output made before the signal by a statement that hands its output on all
        at once (an ``if`` in a loop body): the next statement runner it passes
        delivers it, so ``if ($x) { 'found'; break }`` still outputs ``found``."""
        self.output[:0] = output

    def take_output(self) -> list[Any]:
        output, self.output = self.output, []
        return output

    def targets(self, loop_label: str | None) -> bool:
        """Whether a loop labelled ``loop_label`` (or unlabelled) is this signal's
        target: the innermost loop for a plain ``break``, the loop of that label
        (case-insensitively) for ``break outer``."""
        if self.label is None:
            return True
        return loop_label is not None and loop_label.lower() == self.label.lower()


class BreakSignal(FlowSignal):
    """``break``: leave the target loop or switch."""


class ContinueSignal(FlowSignal):
    """``continue``: go on with the target loop's next iteration (a switch's next
    input value)."""


class ReturnSignal(BaseException):
    """``return``: leaves the function, script block or cell it runs in (about_Return)."""


class ScriptHalted(BaseException):
    """A script-terminating error (``throw``, ``-ErrorAction Stop``) nobody caught: it
    has been shown, and the rest of the cell does not run (about_Throw)."""


class ExitSignal(FlowSignal):
    """``exit value``: ends the cell as ``exit`` ends a script, ``code`` its exit code
    (the engine sets ``$LASTEXITCODE`` and asks the frontend to close, as ``exit`` at an
    interactive PowerShell prompt ends the host)."""

    def __init__(self, code: int) -> None:
        super().__init__()
        self.code = code
