"""The risk sweep (DOMAIN §6 `RiskReviewOverdue`, `MitigationActionOverdue`): each review date
and each action's due day is reported once, and only while it is owed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from domain.risk.deadlines import next_deadline, overdue
from domain.risk.events import MitigationActionOverdue, RiskEvent, RiskReviewOverdue
from domain.risk.values import Level, Status
from tests.domain.risk.fixtures import (
    ACTION_DUE,
    ACTION_DUE_ON,
    ASSESSED,
    CLOSED,
    DOER,
    IDENTIFIED,
    MITIGATED,
    REOPENED,
    RESPONDING,
    SYSTEM,
    T0,
    Step,
    action_added,
    action_completed,
    given,
    history,
    late_from,
    reviewed,
    then,
)

#: The standard assessment (high, at 11:30 on 1 July in Shanghai) is reviewed by 30 August.
REVIEW_ON = date(2026, 8, 30)
REVIEW_DUE = late_from(REVIEW_ON)
JUST_BEFORE = timedelta(microseconds=1)


def swept(events: list[RiskEvent], now: datetime) -> list[RiskEvent]:
    return overdue(given(events), now)


def sweep_twice(events: list[RiskEvent], first: datetime, second: datetime) -> list[RiskEvent]:
    """Two sweeps, the second after the first's reports were stored: every report made."""
    reported = swept(events, first)
    return [*reported, *swept([*events, *reported], second)]


class TestTheReview:
    """A review not done by the end of its review date is overdue."""

    def test_overdue_from_midnight_after_the_review_date(self) -> None:
        past = history(ASSESSED)
        assert given(past).next_review_on == REVIEW_ON
        assert swept(past, REVIEW_DUE - JUST_BEFORE) == []
        assert swept(past, REVIEW_DUE) == [
            RiskReviewOverdue(
                occurred_at=REVIEW_DUE,
                actor=SYSTEM,
                next_review_on=REVIEW_ON,
                review_due=REVIEW_DUE,
            )
        ]

    def test_two_sweeps_report_it_once(self) -> None:
        past = history(ASSESSED)
        reports = sweep_twice(past, REVIEW_DUE, REVIEW_DUE + timedelta(days=10))
        assert [type(e) for e in reports] == [RiskReviewOverdue]

    def test_a_later_review_date_is_reported_in_its_turn(self) -> None:
        past = history(ASSESSED)
        reported = [*past, *swept(past, REVIEW_DUE)]
        late_review = reviewed(Level.HIGH)(datetime(2026, 9, 1, 2, 0, tzinfo=UTC))
        after = [*reported, late_review]
        next_due = late_from(date(2026, 10, 31))
        assert next_deadline(given(after)) == next_due
        reports = sweep_twice(after, next_due, next_due + timedelta(days=1))
        assert reports == [
            RiskReviewOverdue(
                occurred_at=next_due,
                actor=SYSTEM,
                next_review_on=date(2026, 10, 31),
                review_due=next_due,
            )
        ]

    def test_a_review_in_time_moves_the_date(self) -> None:
        past = [*history(ASSESSED), reviewed(Level.HIGH)(datetime(2026, 8, 20, 2, 0, tzinfo=UTC))]
        assert swept(past, REVIEW_DUE) == []
        assert next_deadline(given(past)) == late_from(date(2026, 10, 19))

    def test_the_report_is_never_dated_before_the_latest_event(self) -> None:
        """An action added a little after the sweep's now (entered ahead of it)."""
        ahead = ACTION_DUE + timedelta(minutes=3)
        past = [*history(RESPONDING), action_added("A-2", due_on=date(2026, 7, 31))(ahead)]
        (report,) = swept(past, ACTION_DUE)
        assert report.occurred_at == ahead


class TestActions:
    """An open action not completed by the end of its due day is overdue, once."""

    def test_overdue_from_midnight_after_the_due_day(self) -> None:
        past = history(RESPONDING)
        assert swept(past, ACTION_DUE - JUST_BEFORE) == []
        assert swept(past, ACTION_DUE) == [
            MitigationActionOverdue(
                occurred_at=ACTION_DUE,
                actor=SYSTEM,
                action_id="A-1",
                owner_id=DOER.id,
                due_on=ACTION_DUE_ON,
                action_due=ACTION_DUE,
            )
        ]

    def test_two_sweeps_report_each_action_and_the_review_once(self) -> None:
        past = then(history(RESPONDING), action_added("A-2", due_on=date(2026, 7, 25)))
        later = REVIEW_DUE + timedelta(days=1)
        reports = sweep_twice(past, later, later + timedelta(days=1))
        assert [(type(e), getattr(e, "action_id", None)) for e in reports] == [
            (RiskReviewOverdue, None),
            (MitigationActionOverdue, "A-1"),
            (MitigationActionOverdue, "A-2"),
        ]
        assert {e.occurred_at for e in reports} == {later}

    def test_each_on_its_own_due_day(self) -> None:
        past = then(history(RESPONDING), action_added("A-2", due_on=date(2026, 7, 25)))
        a2_due = late_from(date(2026, 7, 25))
        first = swept(past, ACTION_DUE)
        assert [getattr(e, "action_id", None) for e in first] == ["A-1"]
        assert next_deadline(given([*past, *first])) == a2_due
        second = swept([*past, *first], a2_due)
        assert [getattr(e, "action_id", None) for e in second] == ["A-2"]

    def test_a_completed_action_is_not_overdue(self) -> None:
        past = history(MITIGATED)
        assert swept(past, ACTION_DUE + timedelta(days=1)) == []

    def test_an_action_completed_after_it_was_reported_is_not_reported_again(self) -> None:
        past = history(RESPONDING)
        reported = [*past, *swept(past, ACTION_DUE)]
        done = [*reported, action_completed()(ACTION_DUE + timedelta(days=1))]
        assert next_deadline(given(done)) == REVIEW_DUE


class TestNextDeadline:
    """The sweep looks at a risk again at the earliest deadline not yet reported."""

    def test_nothing_runs_before_an_assessment(self) -> None:
        past = history(IDENTIFIED)
        assert next_deadline(given(past)) is None
        assert swept(past, T0 + timedelta(days=1000)) == []

    def test_the_review_while_assessed(self) -> None:
        assert next_deadline(given(history(ASSESSED))) == REVIEW_DUE

    def test_the_earliest_of_review_and_actions(self) -> None:
        assert next_deadline(given(history(RESPONDING))) == ACTION_DUE

    def test_the_review_once_every_action_is_done(self) -> None:
        assert next_deadline(given(history(MITIGATED))) == REVIEW_DUE

    def test_none_once_everything_is_reported(self) -> None:
        past = history(RESPONDING)
        reported = [*past, *swept(past, REVIEW_DUE)]
        assert next_deadline(given(reported)) is None

    @pytest.mark.parametrize("road", [CLOSED, REOPENED], ids=["closed", "reopened"])
    def test_nothing_runs_once_closed_nor_reopened_until_assessed_afresh(
        self, road: tuple[Step, ...]
    ) -> None:
        past = history(road)
        assert given(past).status in (Status.CLOSED, Status.REOPENED)
        assert next_deadline(given(past)) is None
        assert swept(past, T0 + timedelta(days=1000)) == []
