"""The rectification sweep (DOMAIN §6a `RectificationOverdue`): once per due date, only while
the rectification is not verified."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from domain.rectification.deadlines import deadline_of, next_deadline, overdue
from domain.rectification.events import RectificationEvent, RectificationOverdue
from domain.rectification.values import UNVERIFIED, Status
from tests.domain.rectification.fixtures import (
    COMMANDS,
    DEADLINE,
    DUE_ON,
    ISSUED,
    NEW_DEADLINE,
    NEW_DUE_ON,
    RECTIFYING,
    REJECTED_ONCE,
    RESPONSIBLE,
    SHANGHAI,
    SUBMITTED,
    SUPERVISOR,
    SYSTEM,
    acknowledged,
    extended,
    given,
    history,
    history_to,
    then,
    verified,
)

JUST_BEFORE = DEADLINE - timedelta(microseconds=1)
AFTER = DEADLINE + timedelta(days=3)
OWED = sorted(UNVERIFIED)


def swept(events: list[RectificationEvent], now: datetime) -> list[RectificationEvent]:
    return overdue(given(events), now)


def report(due_on: date, deadline: datetime, at: datetime) -> RectificationOverdue:
    return RectificationOverdue(occurred_at=at, actor=SYSTEM, due_on=due_on, deadline=deadline)


class TestTheDeadline:
    """A due date ends at midnight in the company's time zone."""

    def test_the_end_of_the_due_day_in_shanghai(self) -> None:
        assert deadline_of(DUE_ON, zone=SHANGHAI) == DEADLINE
        assert deadline_of(date(2026, 12, 31), zone=SHANGHAI) == datetime(
            2026, 12, 31, 16, tzinfo=UTC
        )

    def test_in_another_zone_another_instant(self) -> None:
        assert deadline_of(DUE_ON, zone=UTC) == datetime(2026, 7, 16, tzinfo=UTC)


class TestWhenARectificationIsOverdue:
    """Overdue means not verified by the end of the due day, whatever else was done by then:
    submitted in time but not yet verified is still not verified."""

    @pytest.mark.parametrize("status", OWED)
    def test_overdue_from_midnight_after_the_due_day(self, status: Status) -> None:
        past = history_to(status)
        assert swept(past, JUST_BEFORE) == []
        assert swept(past, DEADLINE) == [report(DUE_ON, DEADLINE, DEADLINE)]

    def test_rejected_and_back_in_rectifying_is_still_owed(self) -> None:
        assert swept(history(REJECTED_ONCE), AFTER) == [report(DUE_ON, DEADLINE, AFTER)]

    def test_the_report_is_never_dated_before_the_latest_event(self) -> None:
        entered_ahead = AFTER + timedelta(minutes=3)
        past = [*history(ISSUED), acknowledged(entered_ahead)]
        assert swept(past, AFTER)[0].occurred_at == entered_ahead


class TestOncePerDueDate:
    """Two sweeps give one report for a due date; a missed extended date is reported too."""

    def test_two_sweeps_one_report(self) -> None:
        past = history(RECTIFYING)
        first = swept(past, AFTER)
        assert len(first) == 1
        reported = [*past, *first]
        assert swept(reported, AFTER) == []
        assert swept(reported, AFTER + timedelta(days=30)) == []
        assert next_deadline(given(reported)) is None
        assert given(reported).overdue_due_dates == (DUE_ON,)

    def test_an_extension_past_a_missed_date_is_reported_again_when_missed(self) -> None:
        past = history(RECTIFYING)
        reported = [*past, *swept(past, AFTER)]
        extended_after = [*reported, *COMMANDS["extend"](given(reported), SUPERVISOR, AFTER)]
        assert next_deadline(given(extended_after)) == NEW_DEADLINE
        assert swept(extended_after, NEW_DEADLINE - timedelta(microseconds=1)) == []
        second = swept(extended_after, NEW_DEADLINE)
        assert second == [report(NEW_DUE_ON, NEW_DEADLINE, NEW_DEADLINE)]
        done = [*extended_after, *second]
        assert swept(done, NEW_DEADLINE + timedelta(days=9)) == []
        assert given(done).overdue_due_dates == (DUE_ON, NEW_DUE_ON)

    def test_extended_in_time_the_old_date_is_never_reported(self) -> None:
        moved = then(history(RECTIFYING), extended())
        assert next_deadline(given(moved)) == NEW_DEADLINE
        assert swept(moved, AFTER) == []
        assert swept(moved, NEW_DEADLINE) == [report(NEW_DUE_ON, NEW_DEADLINE, NEW_DEADLINE)]


class TestNotOwed:
    """Once verification has passed, nothing is owed any more."""

    @pytest.mark.parametrize("status", [Status.VERIFIED, Status.CLOSED])
    def test_never_overdue(self, status: Status) -> None:
        past = history_to(status)
        assert next_deadline(given(past)) is None
        assert swept(past, AFTER + timedelta(days=365)) == []

    def test_verified_late_but_before_any_sweep_is_not_reported_by_the_sweep(self) -> None:
        """A late verification found only from the business timestamps needs no sweep: the
        compliance history derives it, and one breach stays one finding."""
        late = [*history(SUBMITTED), verified(AFTER)]
        assert swept(late, AFTER + timedelta(days=1)) == []


class TestNextDeadline:
    """The sweep looks at a rectification again only while its deadline runs."""

    @pytest.mark.parametrize("status", OWED)
    def test_unverified_rectifications_have_their_deadline(self, status: Status) -> None:
        assert next_deadline(given(history_to(status))) == DEADLINE

    def test_the_responsible_persons_work_does_not_move_it(self) -> None:
        past = history(RECTIFYING)
        submitted = [*past, *COMMANDS["submit"](given(past), RESPONSIBLE, AFTER)]
        assert next_deadline(given(submitted)) == DEADLINE
