"""Reviewing a risk, closing it and reopening it (DOMAIN §6 `risk.review`, `risk.close`,
`risk.reopen`)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.risk.events import RiskClosed, RiskReopened, RiskReviewed
from domain.risk.values import Level, Status
from domain.shared.errors import InvalidTransition, RuleViolation
from tests.domain.risk.fixtures import (
    ASSESSED,
    CLOSED,
    COMMANDS,
    IDENTIFIED,
    MITIGATED,
    MONITORING,
    NOTES,
    OFFICER,
    OWNER,
    REOPENED,
    RESPONDING,
    Step,
    action_added,
    assess,
    assessed,
    decide,
    given,
    history,
    history_to,
    next_moment,
    review,
    review_dates,
    then,
)


class TestReview:
    """A review sets the next review date by the level in force: 30, 60, 90 or 180 days."""

    def test_the_review_records_its_notes_and_the_next_review(self) -> None:
        past = history(ASSESSED)
        events, after = decide(past, review(), OWNER)
        on, due = review_dates(Level.HIGH, next_moment(past))
        assert events == [
            RiskReviewed(
                occurred_at=next_moment(past),
                actor=OWNER,
                notes=NOTES,
                level=Level.HIGH,
                next_review_on=on,
                review_due=due,
            )
        ]
        risk = given(after)
        assert (risk.next_review_on, risk.review_due) == (on, due)
        assert risk.last_reviewed_at == next_moment(past)
        assert risk.status is Status.ASSESSED

    @pytest.mark.parametrize(
        ("likelihood", "impact", "on"),
        [
            pytest.param(5, 5, date(2026, 8, 10), id="critical-30"),
            pytest.param(4, 3, date(2026, 9, 9), id="high-60"),
            pytest.param(3, 3, date(2026, 10, 9), id="medium-90"),
            pytest.param(2, 2, date(2027, 1, 7), id="low-180"),
        ],
    )
    def test_days_by_level_from_the_day_reviewed(
        self, likelihood: int, impact: int, on: date
    ) -> None:
        """Reviewed on 11 July 2026 (Shanghai), the next review is that many days on."""
        _, past = decide(history(IDENTIFIED), assess(likelihood, impact), OFFICER)
        reviewed_at = datetime(2026, 7, 11, 2, 0, tzinfo=UTC)
        (event,) = review()(given(past), OWNER, reviewed_at)
        assert isinstance(event, RiskReviewed)
        assert event.next_review_on == on
        assert event.review_due == datetime(on.year, on.month, on.day, 16, tzinfo=UTC)

    def test_the_day_is_the_companys(self) -> None:
        """16:30 UTC on 11 July is 12 July in Shanghai: the 60 days count from the 12th."""
        past = history(ASSESSED)
        (event,) = review()(given(past), OWNER, datetime(2026, 7, 11, 16, 30, tzinfo=UTC))
        assert isinstance(event, RiskReviewed)
        assert event.next_review_on == date(2026, 9, 10)

    def test_once_the_residual_risk_is_assessed_its_level_sets_the_date(self) -> None:
        past = history(MONITORING)  # inherent high, residual medium
        (event,), _ = decide(past, review(), OFFICER)
        assert isinstance(event, RiskReviewed)
        assert event.level is Level.MEDIUM
        assert event.next_review_on == review_dates(Level.MEDIUM, next_moment(past))[0]

    def test_notes_say_something(self) -> None:
        past = history(ASSESSED)
        with pytest.raises(RuleViolation) as refused:
            review("")(given(past), OWNER, next_moment(past))
        assert refused.value.details == {"field": "notes"}

    def test_a_reopened_risk_is_assessed_before_it_is_reviewed(self) -> None:
        past = history(REOPENED)
        with pytest.raises(InvalidTransition):
            review()(given(past), OWNER, next_moment(past))
        _, reassessed = decide(past, assess(1, 2), OFFICER)
        (event,), _ = decide(reassessed, review(), OWNER)
        assert isinstance(event, RiskReviewed)
        assert event.level is Level.LOW


class TestClose:
    """A risk officer closes a risk with no open mitigation actions (the reason is on the
    envelope); no review is owed from then on."""

    @pytest.mark.parametrize(
        "road",
        [IDENTIFIED, ASSESSED, MITIGATED, MONITORING, REOPENED],
        ids=["identified", "assessed", "responding", "monitoring", "reopened"],
    )
    def test_an_open_risk_with_no_open_action_is_closed(self, road: tuple[Step, ...]) -> None:
        past = history(road)
        events, after = decide(past, COMMANDS["close"], OFFICER)
        assert events == [RiskClosed(occurred_at=next_moment(past), actor=OFFICER)]
        risk = given(after)
        assert (risk.status, risk.closed_at) == (Status.CLOSED, next_moment(past))
        assert (risk.next_review_on, risk.review_due) == (None, None)

    def test_not_with_open_actions_which_the_refusal_names(self) -> None:
        past = then(history(RESPONDING), action_added("A-2"))
        with pytest.raises(RuleViolation) as refused:
            COMMANDS["close"](given(past), OFFICER, next_moment(past))
        assert refused.value.details == {"open_actions": ["A-1", "A-2"]}
        assert refused.value.message.endswith("still open: A-1, A-2")


class TestReopen:
    """A risk officer reopens a closed risk (with a reason); it is assessed afresh."""

    def test_a_closed_risk_is_reopened(self) -> None:
        past = history_to(Status.CLOSED)
        events, after = decide(past, COMMANDS["reopen"], OFFICER)
        assert events == [RiskReopened(occurred_at=next_moment(past), actor=OFFICER)]
        risk = given(after)
        assert (risk.status, risk.closed_at, risk.times_reopened) == (Status.REOPENED, None, 1)

    def test_closed_and_reopened_again(self) -> None:
        past = then(history(CLOSED), lambda at: RiskReopened(occurred_at=at, actor=OFFICER))
        _, closed_again = decide(past, COMMANDS["close"], OFFICER)
        _, reopened_again = decide(closed_again, COMMANDS["reopen"], OFFICER)
        assert given(reopened_again).times_reopened == 2

    def test_a_reopened_risk_is_assessed_and_responded_to_afresh(self) -> None:
        past = then(history(REOPENED), assessed(5, 5, Level.CRITICAL, None))
        risk = given(past)
        assert (risk.status, risk.level, risk.strategy) == (Status.ASSESSED, Level.CRITICAL, None)
