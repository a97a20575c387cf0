"""Holding, resuming and cancelling a project (DOMAIN §4 `project.hold`, `resume`, `cancel`)."""

from __future__ import annotations

import pytest

from domain.project.events import ProjectCancelled, ProjectEvent, ProjectPutOnHold, ProjectResumed
from domain.project.values import Status
from domain.shared.errors import InvalidTransition
from tests.domain.project.fixtures import (
    BOSS,
    COMMANDS,
    EXECUTING,
    M1,
    PM,
    given,
    history,
    history_to,
    next_moment,
    progress,
    then,
)

BEFORE_ACCEPTANCE = [
    Status.PROPOSED,
    Status.APPROVED,
    Status.PLANNING,
    Status.PLAN_APPROVED,
    Status.EXECUTING,
    Status.ACCEPTANCE_REQUESTED,
]


def send(command: str, past: list[ProjectEvent]) -> list[ProjectEvent]:
    by = PM if command in ("start", "record_progress") else BOSS
    return COMMANDS[command](given(past), by, next_moment(past))


class TestHoldAndResume:
    """An open project before acceptance is put on hold and resumes exactly where it was."""

    @pytest.mark.parametrize("status", BEFORE_ACCEPTANCE)
    def test_round_trip_returns_to_the_same_state(self, status: Status) -> None:
        past = history_to(status)
        assert send("hold", past) == [
            ProjectPutOnHold(occurred_at=next_moment(past), actor=BOSS, held_from=status)
        ]
        on_hold = [*past, *send("hold", past)]
        assert given(on_hold).status is Status.ON_HOLD
        events = send("resume", on_hold)
        assert events == [
            ProjectResumed(occurred_at=next_moment(on_hold), actor=BOSS, resumed_to=status)
        ]
        assert given([*on_hold, *events]).status is status

    def test_nothing_but_resume_moves_a_project_on_hold_forward(self) -> None:
        past = history_to(Status.PLAN_APPROVED)
        on_hold = [*past, *send("hold", past)]
        with pytest.raises(InvalidTransition):
            send("start", on_hold)

    def test_progress_survives_the_hold(self) -> None:
        past = then(history(EXECUTING), progress(M1, 40))
        round_trip = [*past, *send("hold", past)]
        round_trip = [*round_trip, *send("resume", round_trip)]
        assert given(round_trip).percent_complete(M1) == 40

    def test_a_project_on_hold_is_not_held_again(self) -> None:
        with pytest.raises(InvalidTransition):
            send("hold", history_to(Status.ON_HOLD))

    @pytest.mark.parametrize(
        "status", [Status.ACCEPTED, Status.CLOSED, Status.REJECTED, Status.CANCELLED]
    )
    def test_not_once_accepted_or_finished(self, status: Status) -> None:
        with pytest.raises(InvalidTransition):
            send("hold", history_to(status))


class TestCancel:
    """A project is cancelled at any point before it is accepted; an accepted one is closed."""

    @pytest.mark.parametrize("status", [*BEFORE_ACCEPTANCE, Status.ON_HOLD])
    def test_before_acceptance(self, status: Status) -> None:
        past = history_to(status)
        events = send("cancel", past)
        assert events == [ProjectCancelled(occurred_at=next_moment(past), actor=BOSS)]
        project = given([*past, *events])
        assert project.status is Status.CANCELLED
        assert project.held_from is None
        assert project.finished_at == next_moment(past)

    @pytest.mark.parametrize(
        "status", [Status.ACCEPTED, Status.CLOSED, Status.REJECTED, Status.CANCELLED]
    )
    def test_not_once_accepted_or_finished(self, status: Status) -> None:
        with pytest.raises(InvalidTransition):
            send("cancel", history_to(status))
