"""Adjustments of an approved budget (DOMAIN §5): increase, decrease, or a transfer whose changes
add up to exactly zero; requested with a reason by a department head, reviewed by finance, then
approved or rejected (with a reason) by management, never before the review. An adjustment that
would leave any account's available amount below zero in any month is refused
(`rule_violation`), when requested and when approved. Both stores.

The budget here: travel 1,000.00 in each of July, August and September; servers 5,000.00 in
March and in September."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

import pytest

from domain.budget.events import AdjustmentRejected, BudgetAdjusted
from infrastructure.opsledger import Opsledger
from tests.application.budget_envelopes import (
    REASON,
    SERVERS,
    TRAVEL,
    Json,
    accept,
    adjustment,
    available,
    command,
    commitment,
    drafted,
    drive,
    line,
    months,
    refuse,
    twelve,
    version_of,
)
from tests.application.ledger_reading import event_as
from tests.clocks import FixedClock

LINES = [
    line(TRAVEL, "expense", months("1000.00", 7, 8, 9)),
    line(SERVERS, "cost", months("5000.00", 3, 9)),
]
Z = "0.00"


def approved_budget(ledger: Opsledger, clock: FixedClock) -> UUID:
    budget_id = drive(ledger, clock, to="approved", draft=drafted(lines=LINES))
    clock.advance(hours=1)
    return budget_id


def send(ledger: Opsledger, clock: FixedClock, body: Json) -> tuple[str, ...]:
    clock.advance(minutes=10)
    return accept(ledger, body).events


def refused(ledger: Opsledger, clock: FixedClock, body: Json, code: str) -> Json:
    clock.advance(minutes=10)
    return refuse(ledger, body, code).details


def decided(ledger: Opsledger, clock: FixedClock, budget_id: UUID, body: Json) -> None:
    """Request, review and approve the adjustment `body`."""
    for each in (
        body,
        command("review_adjustment", budget_id),
        command("approve_adjustment", budget_id),
    ):
        send(ledger, clock, each)


class TestATransfer:
    def test_summing_to_zero_moves_the_money(self, ledger: Opsledger, clock: FixedClock) -> None:
        budget_id = approved_budget(ledger, clock)
        decided(
            ledger, clock, budget_id,
            adjustment(budget_id, "transfer", (TRAVEL, 9, "-400.00"), (SERVERS, 10, "400.00")),
        )  # fmt: skip
        shown = available(ledger, budget_id)
        # travel 1,000 + 1,000 + 600; servers 5,000 (Mar) + 5,000 (Sep) + 400 (Oct)
        assert shown[TRAVEL] == twelve(*[Z] * 6, "1000.00", "2000.00", *["2600.00"] * 4)
        assert shown[SERVERS] == twelve(Z, Z, *["5000.00"] * 6, "10000.00", *["10400.00"] * 3)
        adjusted = event_as(ledger.history(budget_id)[-1], BudgetAdjusted)
        assert adjusted.kind.value == "transfer"
        assert sum(c.delta for c in adjusted.changes) == 0

    def test_within_one_account_from_month_to_month(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        budget_id = approved_budget(ledger, clock)
        decided(
            ledger, clock, budget_id,
            adjustment(budget_id, "transfer", (TRAVEL, 9, "-1000.00"), (TRAVEL, 3, "1000.00")),
        )  # fmt: skip
        # travel 1,000 in March, July and August: cumulative 1,000 from March, 2,000, 3,000
        assert available(ledger, budget_id)[TRAVEL] == twelve(
            Z, Z, *["1000.00"] * 4, "2000.00", *["3000.00"] * 5
        )

    @pytest.mark.parametrize("delta", ["399.99", "400.01", "-400.00"])
    def test_not_summing_to_zero_is_refused(
        self, ledger: Opsledger, clock: FixedClock, delta: str
    ) -> None:
        budget_id = approved_budget(ledger, clock)
        body = adjustment(budget_id, "transfer", (TRAVEL, 9, "-400.00"), (SERVERS, 10, delta))
        refused(ledger, clock, body, "rule_violation")
        assert version_of(ledger, budget_id) == 4


class TestIncreaseAndDecrease:
    def test_an_increase_adds(self, ledger: Opsledger, clock: FixedClock) -> None:
        budget_id = approved_budget(ledger, clock)
        decided(ledger, clock, budget_id, adjustment(budget_id, "increase", (TRAVEL, 1, "250.50")))
        assert available(ledger, budget_id)[TRAVEL] == twelve(
            *["250.50"] * 6, "1250.50", "2250.50", *["3250.50"] * 4
        )

    def test_a_decrease_takes_away(self, ledger: Opsledger, clock: FixedClock) -> None:
        budget_id = approved_budget(ledger, clock)
        decided(
            ledger, clock, budget_id, adjustment(budget_id, "decrease", (SERVERS, 3, "-5000.00"))
        )
        assert available(ledger, budget_id)[SERVERS] == twelve(*[Z] * 8, *["5000.00"] * 4)

    @pytest.mark.parametrize(
        ("kind", "delta"), [("increase", "-1.00"), ("decrease", "1.00"), ("increase", "0.00")]
    )
    def test_each_way_only(
        self, ledger: Opsledger, clock: FixedClock, kind: str, delta: str
    ) -> None:
        budget_id = approved_budget(ledger, clock)
        refused(ledger, clock, adjustment(budget_id, kind, (TRAVEL, 7, delta)), "rule_violation")

    def test_an_account_the_budget_does_not_have(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        budget_id = approved_budget(ledger, clock)
        body = adjustment(budget_id, "increase", ("6699 其他 (other)", 7, "100.00"))
        refused(ledger, clock, body, "rule_violation")


class TestNothingIsLeftBelowZero:
    """With 2,500.00 of travel promised for September: balances 1,000 (Jul), 2,000 (Aug) and
    500 from September on."""

    def promised(self, ledger: Opsledger, clock: FixedClock) -> UUID:
        budget_id = approved_budget(ledger, clock)
        send(ledger, clock, commitment(budget_id, "2500.00", 9, "PO-9"))
        return budget_id

    def test_a_decrease_below_what_is_promised(self, ledger: Opsledger, clock: FixedClock) -> None:
        budget_id = self.promised(ledger, clock)
        # September 400 approved: 3,000 - 600 - 2,500 = -100 from September on
        refused(
            ledger,
            clock,
            adjustment(budget_id, "decrease", (TRAVEL, 9, "-600.00")),
            "rule_violation",
        )
        # exactly down to zero is allowed
        assert send(ledger, clock, adjustment(budget_id, "decrease", (TRAVEL, 9, "-500.00"))) == (
            "AdjustmentRequested",
        )

    def test_a_transfer_to_a_later_month_than_the_promise(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """July's 1,000 moved to December: cumulative 0, 1,000, 2,000 (Sep-Nov), 3,000 (Dec);
        with 2,500 promised for September, -500 from September to November."""
        budget_id = self.promised(ledger, clock)
        body = adjustment(budget_id, "transfer", (TRAVEL, 7, "-1000.00"), (TRAVEL, 12, "1000.00"))
        details = refused(ledger, clock, body, "rule_violation")
        assert details["account"] == TRAVEL

    def test_a_transfer_away_from_an_account_with_money_promised(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        budget_id = self.promised(ledger, clock)
        body = adjustment(budget_id, "transfer", (TRAVEL, 8, "-500.01"), (SERVERS, 8, "500.01"))
        refused(ledger, clock, body, "rule_violation")
        body = adjustment(budget_id, "transfer", (TRAVEL, 8, "-500.00"), (SERVERS, 8, "500.00"))
        assert send(ledger, clock, body) == ("AdjustmentRequested",)

    def test_checked_again_when_approved(self, ledger: Opsledger, clock: FixedClock) -> None:
        """A decrease to exactly zero is requested and reviewed; 100 more is committed in the
        meantime; approving it would now leave -100."""
        budget_id = self.promised(ledger, clock)
        send(ledger, clock, adjustment(budget_id, "decrease", (TRAVEL, 9, "-500.00")))
        send(ledger, clock, command("review_adjustment", budget_id))
        send(ledger, clock, commitment(budget_id, "100.00", 9, "PO-9b"))
        refused(ledger, clock, command("approve_adjustment", budget_id), "rule_violation")
        assert send(ledger, clock, command("reject_adjustment", budget_id)) == (
            "AdjustmentRejected",
        )
        assert available(ledger, budget_id)[TRAVEL] == twelve(*[Z] * 6, *["400.00"] * 6)


class TestTheDecision:
    def test_approval_only_after_review(self, ledger: Opsledger, clock: FixedClock) -> None:
        budget_id = approved_budget(ledger, clock)
        send(ledger, clock, adjustment(budget_id, "increase", (TRAVEL, 7, "100.00")))
        for verb in ("approve_adjustment", "reject_adjustment"):
            refused(ledger, clock, command(verb, budget_id), "rule_violation")
        send(ledger, clock, command("review_adjustment", budget_id))
        assert send(ledger, clock, command("approve_adjustment", budget_id)) == ("BudgetAdjusted",)

    def test_a_returned_adjustment_is_over(self, ledger: Opsledger, clock: FixedClock) -> None:
        budget_id = approved_budget(ledger, clock)
        send(ledger, clock, adjustment(budget_id, "increase", (TRAVEL, 7, "100.00")))
        returned = command("review_adjustment", budget_id, payload={"verdict": "return"})
        assert send(ledger, clock, returned) == ("AdjustmentReviewed",)
        refused(ledger, clock, command("approve_adjustment", budget_id), "rule_violation")
        assert available(ledger, budget_id)[TRAVEL]["07"] == Decimal("1000.00")
        # another may be requested
        assert send(ledger, clock, adjustment(budget_id, "increase", (TRAVEL, 7, "50.00"))) == (
            "AdjustmentRequested",
        )

    def test_rejected_with_its_reason(self, ledger: Opsledger, clock: FixedClock) -> None:
        budget_id = approved_budget(ledger, clock)
        send(ledger, clock, adjustment(budget_id, "increase", (TRAVEL, 7, "100.00")))
        send(ledger, clock, command("review_adjustment", budget_id))
        refused(
            ledger,
            clock,
            command("reject_adjustment", budget_id, drop=["reason"]),
            "invalid_command",
        )
        why = "预算紧张 (money is tight this year)"
        assert send(ledger, clock, command("reject_adjustment", budget_id, reason=why)) == (
            "AdjustmentRejected",
        )
        recorded = ledger.history(budget_id)[-1]
        assert recorded.reason == why
        assert event_as(recorded, AdjustmentRejected).adjustment_no == 1
        assert available(ledger, budget_id)[TRAVEL]["07"] == Decimal("1000.00")
        # and nothing awaits a decision any more
        refused(ledger, clock, command("approve_adjustment", budget_id), "rule_violation")

    def test_the_request_keeps_its_reason(self, ledger: Opsledger, clock: FixedClock) -> None:
        budget_id = approved_budget(ledger, clock)
        send(ledger, clock, adjustment(budget_id, "increase", (TRAVEL, 7, "100.00")))
        assert ledger.history(budget_id)[-1].reason == REASON

    def test_one_adjustment_is_decided_before_the_next(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """review / approve / reject_adjustment name no adjustment (DOMAIN §5): they act on the
        one awaiting its decision, so a second is not requested meanwhile."""
        budget_id = approved_budget(ledger, clock)
        send(ledger, clock, adjustment(budget_id, "increase", (TRAVEL, 7, "100.00")))
        refused(
            ledger,
            clock,
            adjustment(budget_id, "increase", (TRAVEL, 8, "100.00")),
            "rule_violation",
        )
