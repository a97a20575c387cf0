"""Closing a budget (DOMAIN §5 `budget.close`): after its fiscal year, by a finance manager."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo

import pytest

from domain.budget import decisions
from domain.budget.events import BudgetClosed, BudgetEvent
from domain.budget.values import Status
from domain.shared.errors import InvalidTransition, RuleViolation
from tests.domain.budget.fixtures import (
    ADJUSTMENT_PENDING,
    APPROVED,
    COMMANDS,
    CONTROLLER,
    HEAD,
    SHANGHAI,
    TRAVEL,
    YEAR_END,
    committed,
    given,
    history,
    then,
)


def close(past: list[BudgetEvent], at: datetime, zone: tzinfo = SHANGHAI) -> list[BudgetEvent]:
    return decisions.close(given(past), actor=CONTROLLER, at=at, zone=zone)


class TestClose:
    """A finance manager closes an approved budget once its fiscal year has ended: at the end
    of 31 December in the company's time zone."""

    def test_closed_at_the_first_instant_of_the_next_year(self) -> None:
        events = close(history(APPROVED), YEAR_END)
        assert events == [BudgetClosed(occurred_at=YEAR_END, actor=CONTROLLER)]
        budget = given([*history(APPROVED), *events])
        assert (budget.status, budget.closed_at) == (Status.CLOSED, YEAR_END)

    def test_not_a_moment_before(self) -> None:
        """23:59:59 on 31 December in Shanghai is 15:59:59 UTC."""
        with pytest.raises(RuleViolation) as refused:
            close(history(APPROVED), YEAR_END - timedelta(seconds=1))
        assert refused.value.details == {"year_ends_at": "2026-12-31T16:00:00+00:00"}

    def test_the_company_time_zone_decides_when_the_year_ends(self) -> None:
        """20:00 UTC on 31 December is already 2027 in Shanghai, not yet in London."""
        evening = datetime(2026, 12, 31, 20, 0, tzinfo=UTC)
        assert [type(e) for e in close(history(APPROVED), evening)] == [BudgetClosed]
        with pytest.raises(RuleViolation):
            close(history(APPROVED), evening, zone=UTC)

    def test_open_commitments_lapse(self) -> None:
        past = then(history(APPROVED), committed(TRAVEL, 12, "100.00", "PO-12"))
        assert [type(e) for e in close(past, YEAR_END)] == [BudgetClosed]

    def test_an_adjustment_awaiting_its_decision_is_decided_first(self) -> None:
        with pytest.raises(RuleViolation) as refused:
            close(history(ADJUSTMENT_PENDING), YEAR_END)
        assert refused.value.details == {"adjustment_no": 1}


class TestAfterClosing:
    """Nothing more is recorded against a closed budget."""

    def test_not_even_a_commitment_of_what_is_left(self) -> None:
        past = [*history(APPROVED), *close(history(APPROVED), YEAR_END)]
        with pytest.raises(InvalidTransition) as refused:
            COMMANDS["commit_funds"](given(past), HEAD, YEAR_END + timedelta(hours=1))
        assert refused.value.message == "cannot commit funds of a budget that is closed"
