"""A parent's state, exit code and reason follow its children (ps-semantics §2.2), now
kept from per-state counts rather than recomputed over every child (issue 11): checked
against ``aggregate_state`` over the children's actual states after every change."""

from __future__ import annotations

import random

import pytest

from rjkernel.errors import ErrorRecord
from rjkernel.jobs.model import Job, aggregate_state
from rjkernel.jobs.states import JobState, may_move


def _family(count: int) -> tuple[Job, list[Job]]:
    children = [Job(id=i + 2, command="x", location=f"h{i}") for i in range(count)]
    return Job.parent_of(children, id=1, name=None, command="x", type_name=""), children


@pytest.mark.parametrize("seed", range(20))
def test_parent_state_matches_the_children_after_every_change(seed: int) -> None:
    rng = random.Random(seed)
    parent, children = _family(rng.randint(1, 12))
    expected = parent.state
    for _ in range(60):
        child = rng.choice(children)
        child.update(state=rng.choice(list(JobState)), size=rng.randint(0, 3))
        new = aggregate_state([c.state for c in children], parent.stop_requested)
        if may_move(expected, new):
            expected = new
        assert parent.state is expected


def test_a_finished_parent_keeps_its_state_and_exit_code_follows_agreement() -> None:
    parent, (a, b) = _family(2)
    a.update(state=JobState.Running)
    assert parent.state is JobState.Running
    a.update(state=JobState.Completed, exit_code=0)
    assert parent.state is JobState.Running and parent.exit_code is None
    b.update(state=JobState.Completed, exit_code=0)
    assert parent.state is JobState.Completed and parent.exit_code == 0
    b.update(exit_code=3)  # a late data fact: the codes no longer agree
    assert parent.state is JobState.Completed and parent.exit_code is None


def test_the_reason_is_the_first_failed_childs() -> None:
    parent, (a, b, c) = _family(3)
    late, early = (ErrorRecord(message=m, error_id="JobStateFailed") for m in ("c", "b"))
    c.update(state=JobState.Failed, reason=late)
    assert parent.reason is late and parent.state is JobState.Running
    b.update(state=JobState.Failed, reason=early)
    a.update(state=JobState.Completed)
    assert parent.reason is early and parent.state is JobState.Failed


def test_data_facts_reach_the_parents_listeners() -> None:
    parent, (child,) = _family(1)
    heard: list[int] = []
    parent.subscribe(lambda job: heard.append(job.total_size))
    child.update(state=JobState.Running)
    child.update(size=10)
    assert heard == [0, 10] and parent.has_more_data
