"""The job state machine: moves follow PowerShell's JobState life cycle, nothing else."""

from __future__ import annotations

from rjkernel.jobs.model import Job
from rjkernel.jobs.states import FINISHED, TRANSITIONS, JobState


def child(state: JobState = JobState.NotStarted) -> Job:
    job = Job(id=2, command="sleep 1", location="localhost")
    if state is not JobState.NotStarted:
        job.update(state=state)
    return job


def test_every_state_has_a_row_and_finished_states_are_final() -> None:
    assert set(TRANSITIONS) == set(JobState)
    for state in FINISHED:
        assert TRANSITIONS[state] == frozenset()


def test_a_job_never_goes_back_to_not_started() -> None:
    job = child(JobState.Running)
    job.update(state=JobState.NotStarted)
    assert job.state is JobState.Running
    assert all(JobState.NotStarted not in targets for targets in TRANSITIONS.values())


def test_a_stopping_job_does_not_run_again() -> None:
    job = child(JobState.Running)
    job.update(state=JobState.Stopping)
    job.update(state=JobState.Running)  # a late event from before the stop
    assert job.state is JobState.Stopping
    job.update(state=JobState.Stopped)
    assert job.state is JobState.Stopped and job.end_time is not None


def test_a_finished_job_keeps_its_state_but_takes_data_facts() -> None:
    job = child(JobState.Running)
    job.update(state=JobState.Completed, size=10)
    job.update(state=JobState.Running, consumed=10)
    assert job.state is JobState.Completed
    assert job.consumed == 10 and not job.has_more_data


def test_a_disconnected_job_shows_its_real_state_after_reconnect() -> None:
    job = child(JobState.Running)
    job.update(state=JobState.Disconnected)
    job.update(state=JobState.Running)
    assert job.state is JobState.Running


def test_a_parent_follows_the_table_too() -> None:
    kids = [child(JobState.Running), child(JobState.Running)]
    parent = Job.parent_of(kids, id=1, name=None, command="x", type_name="RemoteJob")
    kids[0].update(state=JobState.Completed)
    kids[1].update(state=JobState.Failed)
    assert parent.state is JobState.Failed
    kids[1].update(state=JobState.Running)
    assert parent.state is JobState.Failed
