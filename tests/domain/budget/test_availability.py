"""Availability (DOMAIN §5), computed by hand for a scripted budget and checked at each step."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

import pytest

from domain.budget import decisions
from domain.budget.availability import MonthFigures, available, breakdown
from domain.budget.events import BudgetEvent
from domain.budget.state import Budget
from domain.budget.values import (
    MONTHS,
    AdjustmentChange,
    AdjustmentKind,
    Commitment,
    Control,
    Verdict,
)
from domain.shared.errors import BudgetExceeded, RuleViolation
from tests.domain.budget.fixtures import (
    ACCOUNTANT,
    BOSS,
    BUDGET_ID,
    HEAD,
    OTHER_ACCOUNTANT,
    OTHER_BOSS,
    PM,
    SHANGHAI,
    cny,
    given,
    line,
)

D = Decimal
Decide = Callable[[Budget, datetime], list[BudgetEvent]]
OFFICE = "6602 办公费 (office)"


def shanghai(month: int, day: int, hour: int = 10) -> datetime:
    """A business time in 2026 on the Shanghai clock."""
    return datetime(2026, month, day, hour, tzinfo=SHANGHAI)


def commit(month: int, amount: str, reference: str) -> Decide:
    return lambda b, t: decisions.commit_funds(
        b, account=OFFICE, month=month, amount=cny(amount), reference=reference, actor=PM, at=t
    )


def spend(month: int, amount: str, reference: str, commitment_ref: str | None = None) -> Decide:
    return lambda b, t: decisions.record_spend(
        b,
        account=OFFICE,
        month=month,
        amount=cny(amount),
        reference=reference,
        commitment_ref=commitment_ref,
        actor=ACCOUNTANT,
        at=t,
    )


def request(kind: AdjustmentKind, *deltas: tuple[int, str]) -> Decide:
    changes = [AdjustmentChange(account=OFFICE, month=m, delta=D(d)) for m, d in deltas]
    return lambda b, t: decisions.request_adjustment(
        b, kind=kind, changes=changes, actor=HEAD, at=t
    )


#: Office costs: 1,000.00 approved every month, so 1,000.00 x k through month k.
DRAFTED = decisions.draft(
    budget_id=BUDGET_ID,
    department="行政部 (administration)",
    fiscal_year=2026,
    currency="CNY",
    control=Control.STOP,
    lines=[line(OFFICE, dict.fromkeys(MONTHS, D("1000.00")))],
    actor=HEAD,
    at=shanghai(1, 5, 9),
)

#: The budget's life as its commands were sent, at their Shanghai business times.
SCRIPT: list[tuple[datetime, Decide]] = [
    (shanghai(1, 5), lambda b, t: decisions.submit(b, actor=HEAD, at=t)),
    (
        shanghai(1, 6),
        lambda b, t: decisions.review(b, verdict=Verdict.PASS, comments="", actor=ACCOUNTANT, at=t),
    ),
    (shanghai(1, 7), lambda b, t: decisions.approve(b, actor=BOSS, at=t)),
    # A commitment for June: 2,500.00 promised.
    (shanghai(2, 10), commit(6, "2500.00", "PO-1")),
    # 800.00 spent in March.
    (shanghai(3, 15), spend(3, "800.00", "INV-1")),
    # June's invoice settles 2,000.00 of the commitment; 500.00 of it is still open.
    (shanghai(6, 30), spend(6, "2000.00", "INV-2", "PO-1")),
    # July's invoice of 3,000.00 settles the last 500.00; the rest, 2,500.00, is new spend.
    (shanghai(7, 31), spend(7, "3000.00", "INV-3", "PO-1")),
    # July's approved amount goes up by 2,000.00.
    (shanghai(8, 3), request(AdjustmentKind.INCREASE, (7, "2000.00"))),
    (
        shanghai(8, 4),
        lambda b, t: decisions.review_adjustment(
            b, verdict=Verdict.PASS, actor=OTHER_ACCOUNTANT, at=t
        ),
    ),
    (shanghai(8, 5), lambda b, t: decisions.approve_adjustment(b, actor=OTHER_BOSS, at=t)),
]


def play() -> list[BudgetEvent]:
    """The events of the whole script, each step decided on the budget its past made."""
    events = list(DRAFTED)
    for at, step in SCRIPT:
        events += step(given(events), at)
    return events


def as_of(at: datetime) -> Budget:
    """The budget as it stood at `at`: its events up to then (the log is in business time)."""
    return given(e for e in play() if e.occurred_at <= at)


def availability(budget: Budget) -> list[str]:
    return [str(available(budget, account=OFFICE, month=m).amount) for m in MONTHS]


class TestEachStepByHand:
    """For month k the balance is 1,000.00 x k approved minus what is committed and spent
    through k; what is available in month m is the smallest balance of months m..12."""

    def test_once_approved_month_m_has_what_is_approved_through_it(self) -> None:
        # Balances 1,000 2,000 ... 12,000, rising: each month's is its own.
        assert availability(as_of(shanghai(1, 7))) == [f"{1000 * m}.00" for m in MONTHS]

    def test_a_later_months_commitment_reduces_what_earlier_months_have(self) -> None:
        # 2,500.00 promised for June takes it from June's balance on:
        # balances 1,000 2,000 3,000 4,000 5,000 | 3,500 4,500 5,500 6,500 7,500 8,500 9,500.
        # April has 4,000.00 through April but only 3,500.00 is free: June needs the rest.
        assert availability(as_of(shanghai(2, 10))) == [
            "1000.00",
            "2000.00",
            "3000.00",
            "3500.00",  # min(4,000, 5,000, 3,500, ...)
            "3500.00",
            "3500.00",
            "4500.00",
            "5500.00",
            "6500.00",
            "7500.00",
            "8500.00",
            "9500.00",
        ]

    def test_spend_comes_off_its_month_and_every_later_one(self) -> None:
        # 800.00 spent in March: balances 1,000 2,000 | 2,200 3,200 4,200 | 2,700 3,700 ...
        assert availability(as_of(shanghai(3, 15))) == [
            "1000.00",
            "2000.00",
            "2200.00",
            "2700.00",
            "2700.00",
            "2700.00",
            "3700.00",
            "4700.00",
            "5700.00",
            "6700.00",
            "7700.00",
            "8700.00",
        ]

    def test_a_commitment_beyond_what_is_available_is_refused_with_the_figures(self) -> None:
        budget = as_of(shanghai(3, 15))
        with pytest.raises(BudgetExceeded) as refused:
            commit(3, "2300.00", "PO-2")(budget, shanghai(3, 20))
        # March has min(2,200, 3,200, 4,200, 2,700, ...) = 2,200.00 for 2,300.00 asked.
        assert (refused.value.details["available"], refused.value.details["requested"]) == (
            "2200.00",
            "2300.00",
        )
        assert refused.value.details["month"] == 3

    def test_a_spend_that_settles_its_commitment_changes_nothing_available(self) -> None:
        # June: 2,000.00 spent, 2,000.00 of the commitment released. June's balance is
        # 6,000 - 800 - 500 still promised - 2,000 spent = 2,700, as before.
        budget = as_of(shanghai(6, 30))
        assert budget.commitments == (
            Commitment(reference="PO-1", account=OFFICE, month=6, amount=D("500.00")),
        )
        assert availability(budget) == availability(as_of(shanghai(3, 15)))

    def test_a_spend_beyond_its_commitment_takes_the_rest_from_every_earlier_month(self) -> None:
        # July: 3,000.00 spent, the last 500.00 released; 2,500.00 <= 3,700.00 available.
        # Balances 1,000 2,000 2,200 3,200 4,200 | 3,200 (June: 6,000 - 800 - 2,000)
        # | 1,200 (7,000 - 800 - 2,000 - 3,000) 2,200 3,200 4,200 5,200 6,200.
        budget = as_of(shanghai(7, 31))
        assert budget.commitments == ()
        assert availability(budget) == [
            "1000.00",
            "1200.00",  # min(2,000, ..., 1,200): July's spend reaches back to February
            "1200.00",
            "1200.00",
            "1200.00",
            "1200.00",
            "1200.00",
            "2200.00",
            "3200.00",
            "4200.00",
            "5200.00",
            "6200.00",
        ]

    def test_an_approved_adjustment_counts_from_its_business_time_on(self) -> None:
        # July +2,000.00 approved on 5 August: balances from July on rise by 2,000.
        # 1,000 2,000 2,200 3,200 4,200 3,200 | 3,200 4,200 5,200 6,200 7,200 8,200.
        before, after = as_of(shanghai(8, 4)), as_of(shanghai(8, 5))
        assert available(before, account=OFFICE, month=7) == cny("1200.00")
        assert availability(after) == [
            "1000.00",
            "2000.00",
            "2200.00",
            "3200.00",
            "3200.00",  # min(4,200, 3,200, ...)
            "3200.00",
            "3200.00",
            "4200.00",
            "5200.00",
            "6200.00",
            "7200.00",
            "8200.00",
        ]

    def test_an_adjustment_that_would_overspend_is_refused(self) -> None:
        # June -1,000.00 and July -3,000.00 leave both months at 0.00 approved, but July's
        # balance would be 7,000 + 2,000 - 1,000 - 3,000 - 800 - 2,000 - 3,000 = -800.
        budget = as_of(shanghai(8, 5))
        decrease = request(AdjustmentKind.DECREASE, (6, "-1000.00"), (7, "-3000.00"))
        with pytest.raises(RuleViolation) as refused:
            decrease(budget, shanghai(8, 10))
        assert refused.value.details == {
            "field": "changes",
            "account": OFFICE,
            "month": 7,
            "available": "-800.00",
        }

    def test_the_breakdown_shows_how_a_month_is_made_up(self) -> None:
        july = breakdown(given(play()), account=OFFICE)[6]
        assert july == MonthFigures(
            month=7,
            approved=cny("3000.00"),
            committed=cny("0.00"),
            spent=cny("3000.00"),
            balance=cny("3200.00"),  # 9,000 approved - 800 - 2,000 - 3,000 spent
            available=cny("3200.00"),
        )

    def test_an_account_the_budget_does_not_have_has_nothing(self) -> None:
        assert available(given(play()), account="6699", month=1) == cny("0.00")

    @pytest.mark.parametrize("month", [0, 13, True])
    def test_a_month_outside_the_year_has_no_figures(self, month: int) -> None:
        with pytest.raises(ValueError, match="numbered 1 to 12"):
            available(given(play()), account=OFFICE, month=month)
