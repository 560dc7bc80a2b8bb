"""break/continue signals (about_Break, about_Continue): which loop stops them."""

from __future__ import annotations

import pytest

from rjkernel.errors import ErrorRecord, PSError
from rjkernel.interpreter.flow import _settles
from rjkernel.interpreter.signals import (
    BreakSignal,
    ContinueSignal,
    FlowSignal,
    ScriptHalted,
    carry,
    take_output,
)


def test_a_loop_stops_the_signals_aimed_at_it() -> None:
    assert _settles(BreakSignal(), None) is True
    assert _settles(ContinueSignal(), "outer") is False
    assert _settles(BreakSignal("OUTER"), "outer") is True  # labels ignore case


def test_other_signals_pass_a_loop() -> None:
    with pytest.raises(BreakSignal):
        _settles(BreakSignal("outer"), "inner")
    with pytest.raises(BreakSignal):
        _settles(BreakSignal("outer"), None)

    class Return(FlowSignal):
        """A transfer that is not a loop's, as ``return`` is."""

    with pytest.raises(Return):
        _settles(Return(), None)


@pytest.mark.parametrize("exc", [BreakSignal(), ScriptHalted(),
                                 PSError(ErrorRecord(message="x", error_id="x"))])
def test_output_carried_by_a_signal_or_error_is_taken_once(exc: BaseException) -> None:
    # an inner statement's output (carried first) comes after the outer one's
    carry(exc, ["b"])
    carry(exc, ["a"])
    assert take_output(exc) == ["a", "b"]
    assert take_output(exc) == []
