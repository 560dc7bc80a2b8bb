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

A statement that hands its output on all at once (an ``if`` or a ``switch`` in a loop's
body, ``code.py``'s immediate code) holds it in a list until it ends; whatever ends it
early — a signal, a terminating error, a ``return`` — takes that output with it
(:func:`carry`), and the statement runner it reaches delivers it first
(:func:`take_output`), so ``if ($x) { 'found'; break }`` outputs ``found`` and so does
``try { if ($x) { 'found'; [int]'x' } } catch { … }`` before the catch runs.
"""

from __future__ import annotations

from typing import Any


class FlowSignal(Exception):
    """A transfer of control, not an error; ``label`` names the target loop, if any."""

    def __init__(self, label: str | None = None) -> None:
        super().__init__(label)
        self.label = label

    def targets(self, loop_label: str | None) -> bool:
        """Whether a loop labelled ``loop_label`` (or unlabelled) is this signal's
        target: the innermost loop for a plain ``break``, the loop of that label
        (case-insensitively) for ``break outer``."""
        if self.label is None:
            return True
        return loop_label is not None and loop_label.lower() == self.label.lower()


_CARRIED = "rjkernel_output"  # the attribute of an exception that holds carried output


def carry(exc: BaseException, output: list[Any]) -> None:
    """``output`` was made before ``exc`` ended the statement holding it: it goes
    before what ``exc`` carries already (from a statement nested in that one)."""
    if output:
        setattr(exc, _CARRIED, [*output, *getattr(exc, _CARRIED, ())])


def take_output(exc: BaseException) -> list[Any]:
    """The output ``exc`` carries (see :func:`carry`), handed over once."""
    output: list[Any] = getattr(exc, _CARRIED, [])
    if output:
        setattr(exc, _CARRIED, [])
    return output


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
