"""The schedule sweep (DOMAIN §4 `ProjectScheduleOverdue`): once, only while acceptance is owed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.project.deadlines import is_schedule_owed, next_deadline, overdue
from domain.project.events import ProjectEvent, ProjectScheduleOverdue
from domain.project.values import Status
from tests.domain.project.fixtures import (
    EXECUTING,
    NEW_END,
    NEW_SCHEDULE_DUE,
    PLANNED_END,
    PROPOSED,
    SYSTEM,
    baseline_changed,
    cost,
    given,
    held,
    history,
    history_to,
    then,
)

#: The planned end is 30 September; its last Shanghai instant is just before 16:00 UTC that day.
DUE = datetime(2026, 9, 30, 16, 0, tzinfo=UTC)
JUST_BEFORE = DUE - timedelta(microseconds=1)
AFTER = DUE + timedelta(days=3)
OWED = [
    Status.APPROVED,
    Status.PLANNING,
    Status.PLAN_APPROVED,
    Status.EXECUTING,
    Status.ACCEPTANCE_REQUESTED,
]


def swept(events: list[ProjectEvent], now: datetime) -> list[ProjectEvent]:
    return overdue(given(events), now)


class TestWhenAProjectIsLate:
    """Late means not accepted by the end of the planned end day, Shanghai time."""

    @pytest.mark.parametrize("status", OWED)
    def test_an_approved_project_is_overdue_from_midnight_after_its_planned_end(
        self, status: Status
    ) -> None:
        past = history_to(status)
        assert is_schedule_owed(given(past))
        assert swept(past, JUST_BEFORE) == []
        assert swept(past, DUE) == [
            ProjectScheduleOverdue(
                occurred_at=DUE, actor=SYSTEM, planned_end=PLANNED_END, schedule_due=DUE
            )
        ]

    def test_the_breach_is_never_dated_before_the_projects_latest_event(self) -> None:
        past = history(EXECUTING)
        past.append(cost("1.00")(AFTER + timedelta(minutes=3)))  # entered a little ahead
        assert swept(past, AFTER)[0].occurred_at == AFTER + timedelta(minutes=3)


class TestOncePerProject:
    """Two sweeps give one breach; moving the end afterwards does not give a second."""

    def test_a_reported_project_is_not_reported_again(self) -> None:
        past = history(EXECUTING)
        first = swept(past, AFTER)
        assert len(first) == 1
        assert swept([*past, *first], AFTER + timedelta(days=30)) == []
        assert next_deadline(given([*past, *first])) is None

    def test_nor_after_its_end_was_moved(self) -> None:
        past = history(EXECUTING)
        reported = [*past, *swept(past, AFTER)]
        moved = then(reported, baseline_changed(end=NEW_END))
        assert swept(moved, NEW_SCHEDULE_DUE + timedelta(days=1)) == []


class TestAMovedEnd:
    """An approved change of the planned end moves the deadline before it is passed."""

    def test_the_new_end_is_the_deadline(self) -> None:
        moved = then(history(EXECUTING), baseline_changed(end=NEW_END))
        assert next_deadline(given(moved)) == NEW_SCHEDULE_DUE
        assert swept(moved, AFTER) == []
        (event,) = swept(moved, NEW_SCHEDULE_DUE)
        assert event == ProjectScheduleOverdue(
            occurred_at=NEW_SCHEDULE_DUE,
            actor=SYSTEM,
            planned_end=NEW_END,
            schedule_due=NEW_SCHEDULE_DUE,
        )


class TestNotOwed:
    """A proposal owes nothing yet; an accepted, rejected, cancelled or closed project owes
    nothing any more."""

    @pytest.mark.parametrize(
        "status",
        [Status.PROPOSED, Status.ACCEPTED, Status.CLOSED, Status.REJECTED, Status.CANCELLED],
    )
    def test_never_overdue(self, status: Status) -> None:
        past = history_to(status)
        assert not is_schedule_owed(given(past))
        assert next_deadline(given(past)) is None
        assert swept(past, AFTER + timedelta(days=365)) == []


class TestOnHold:
    """A hold does not move the planned end: held after approval, acceptance is still owed."""

    def test_held_while_executing_is_overdue(self) -> None:
        past = history_to(Status.ON_HOLD)
        assert [type(e) for e in swept(past, AFTER)] == [ProjectScheduleOverdue]

    def test_a_proposal_on_hold_is_not(self) -> None:
        past = then(history(PROPOSED), held(Status.PROPOSED))
        assert swept(past, AFTER) == []
        assert next_deadline(given(past)) is None


class TestNextDeadline:
    """The sweep looks at a project again only while its schedule deadline runs."""

    @pytest.mark.parametrize("status", OWED)
    def test_owing_projects_have_their_schedule_deadline(self, status: Status) -> None:
        assert next_deadline(given(history_to(status))) == DUE
