"""What a budget has available, exactly as DOMAIN §5 defines it, worked out by hand: for an
account in month m, for each month k from m to December, the approved amounts of January..k
minus the open commitments and the spend against January..k; the smallest of these. A
commitment or spend fits when its amount is at most that; a spend naming a commitment first
releases up to its amount of it and only the rest must fit. Under `stop` what does not fit is
`budget_exceeded` naming the account, month, available and requested amounts; under `warn` it
is recorded and an `OverspendFlagged` with the same figures follows. An approved adjustment
changes what is available from its business time on. Both stores.

The budget here: travel (expense) 1,000.00 in each of July, August and September; servers
(cost) 5,000.00 in March and in September; sales (revenue) 20,000.00 a month."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.budget.events import OverspendFlagged, SpendRecorded
from infrastructure.opsledger import Opsledger
from tests.application.budget_envelopes import (
    SALES,
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
    spend,
    twelve,
)
from tests.application.ledger_reading import event_as
from tests.clocks import FixedClock

LINES = [
    line(TRAVEL, "expense", months("1000.00", 7, 8, 9)),
    line(SERVERS, "cost", months("5000.00", 3, 9)),
    line(SALES, "revenue", months("20000.00")),
]

Z = "0.00"
#: Travel as planned: cumulative 1,000 in July, 2,000 in August, 3,000 from September on.
TRAVEL_PLANNED = twelve(Z, Z, Z, Z, Z, Z, "1000.00", "2000.00", *["3000.00"] * 4)
#: Servers as planned: 5,000 from March, 10,000 from September.
SERVERS_PLANNED = twelve(Z, Z, *["5000.00"] * 6, *["10000.00"] * 4)
#: Travel with 2,500.00 promised for September (PO-9): balances 0 (Jan-Jun), 1,000 (Jul),
#: 2,000 (Aug), 500 (Sep-Dec); the smallest from each month on is 0 before July, 500 after.
TRAVEL_WITH_PO_9 = twelve(*[Z] * 6, *["500.00"] * 6)


def approved_budget(ledger: Opsledger, clock: FixedClock, control: str = "stop") -> UUID:
    budget_id = drive(ledger, clock, to="approved", draft=drafted(lines=LINES, control=control))
    clock.advance(hours=1)
    return budget_id


def send(ledger: Opsledger, clock: FixedClock, body: Json) -> tuple[str, ...]:
    clock.advance(minutes=10)
    return accept(ledger, body).events


def exceeded(ledger: Opsledger, clock: FixedClock, body: Json) -> dict[str, Any]:
    """`body` is refused `budget_exceeded`; its account, month, available and requested."""
    clock.advance(minutes=10)
    details = refuse(ledger, body, "budget_exceeded").details
    return {name: details[name] for name in ("account", "month", "available", "requested")}


def figures(account: str, month: int, available: str, requested: str) -> dict[str, Any]:
    return {"account": account, "month": month, "available": available, "requested": requested}


class TestThePlanAlone:
    def test_available_is_the_cumulative_approved_amount(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        budget_id = approved_budget(ledger, clock)
        shown = available(ledger, budget_id)
        assert shown[TRAVEL] == TRAVEL_PLANNED
        assert shown[SERVERS] == SERVERS_PLANNED

    def test_a_month_before_anything_is_approved_has_nothing(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        budget_id = approved_budget(ledger, clock)
        assert exceeded(ledger, clock, commitment(budget_id, "0.01", 6, "PO-6")) == figures(
            TRAVEL, 6, "0.00", "0.01"
        )
        assert exceeded(ledger, clock, spend(budget_id, "1.00", 2, "INV-2", account=SERVERS)) == (
            figures(SERVERS, 2, "0.00", "1.00")
        )

    def test_a_month_may_use_what_earlier_months_left(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """September may commit July's and August's unused 2,000 as well as its own 1,000."""
        budget_id = approved_budget(ledger, clock)
        assert exceeded(ledger, clock, commitment(budget_id, "3000.01", 9, "PO-9")) == figures(
            TRAVEL, 9, "3000.00", "3000.01"
        )
        assert send(ledger, clock, commitment(budget_id, "3000.00", 9, "PO-9")) == (
            "FundsCommitted",
        )
        # balances: 1,000 (Jul), 2,000 (Aug), 0 from September: nothing is left in any month
        assert available(ledger, budget_id)[TRAVEL] == twelve(*[Z] * 12)

    def test_an_earlier_month_never_borrows_from_a_later_one(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        budget_id = approved_budget(ledger, clock)
        assert exceeded(ledger, clock, commitment(budget_id, "1000.01", 7, "PO-7")) == figures(
            TRAVEL, 7, "1000.00", "1000.01"
        )
        assert send(ledger, clock, commitment(budget_id, "1000.00", 7, "PO-7")) == (
            "FundsCommitted",
        )
        # balances: 0 (Jul), 1,000 (Aug), 2,000 (Sep on): August has 1,000, September 2,000
        assert available(ledger, budget_id)[TRAVEL] == twelve(*[Z] * 7, "1000.00", *["2000.00"] * 4)
        assert exceeded(ledger, clock, commitment(budget_id, "1500.00", 8, "PO-8")) == figures(
            TRAVEL, 8, "1000.00", "1500.00"
        )


class TestALaterCommitmentLimitsEarlierMonths:
    def test_money_promised_in_september_is_not_spent_in_july(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        budget_id = approved_budget(ledger, clock)
        send(ledger, clock, commitment(budget_id, "2500.00", 9, "PO-9"))
        assert available(ledger, budget_id)[TRAVEL] == TRAVEL_WITH_PO_9
        assert available(ledger, budget_id)[SERVERS] == SERVERS_PLANNED  # another account

        # July alone has 1,000 planned, yet only 500 may go: September needs the rest
        assert exceeded(ledger, clock, commitment(budget_id, "600.00", 7, "PO-7")) == figures(
            TRAVEL, 7, "500.00", "600.00"
        )
        assert exceeded(ledger, clock, spend(budget_id, "500.01", 8, "INV-8")) == figures(
            TRAVEL, 8, "500.00", "500.01"
        )
        # exactly what is available fits
        assert send(ledger, clock, commitment(budget_id, "500.00", 7, "PO-7")) == (
            "FundsCommitted",
        )
        assert available(ledger, budget_id)[TRAVEL] == twelve(*[Z] * 12)
        assert exceeded(ledger, clock, commitment(budget_id, "0.01", 12, "PO-12")) == figures(
            TRAVEL, 12, "0.00", "0.01"
        )

    def test_spend_counts_like_a_commitment(self, ledger: Opsledger, clock: FixedClock) -> None:
        budget_id = approved_budget(ledger, clock)
        send(ledger, clock, spend(budget_id, "2500.00", 9, "INV-9"))
        assert available(ledger, budget_id)[TRAVEL] == TRAVEL_WITH_PO_9
        assert exceeded(ledger, clock, commitment(budget_id, "600.00", 7, "PO-7")) == figures(
            TRAVEL, 7, "500.00", "600.00"
        )


class TestASpendReleasesTheCommitmentItNames:
    def test_only_the_rest_must_fit(self, ledger: Opsledger, clock: FixedClock) -> None:
        budget_id = approved_budget(ledger, clock)
        send(ledger, clock, commitment(budget_id, "2500.00", 9, "PO-9"))

        # without naming PO-9, 2,800 must all fit in September's 500
        assert exceeded(ledger, clock, spend(budget_id, "2800.00", 9, "INV-9")) == figures(
            TRAVEL, 9, "500.00", "2800.00"
        )
        # naming it, 3,100 releases 2,500 and the rest, 600, does not fit in 500
        too_much = spend(budget_id, "3100.00", 9, "INV-9", commitment_ref="PO-9")
        assert exceeded(ledger, clock, too_much) == figures(TRAVEL, 9, "500.00", "600.00")
        # 2,800 releases 2,500; the rest, 300, fits in 500
        assert send(ledger, clock, spend(budget_id, "2800.00", 9, "INV-9", commitment_ref="PO-9"))
        # nothing open; 2,800 spent: balances 1,000 (Jul), 2,000 (Aug), 200 (Sep on)
        assert available(ledger, budget_id)[TRAVEL] == twelve(*[Z] * 6, *["200.00"] * 6)
        assert ledger.state(budget_id)[1].state.commitments == ()

        last = event_as(ledger.history(budget_id)[-1], SpendRecorded)
        assert (last.amount, last.commitment_ref, last.released) == (
            Decimal("2800.00"),
            "PO-9",
            Decimal("2500.00"),
        )

    def test_a_smaller_spend_leaves_the_rest_of_the_commitment_open(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        budget_id = approved_budget(ledger, clock)
        send(ledger, clock, commitment(budget_id, "2500.00", 9, "PO-9"))

        send(ledger, clock, spend(budget_id, "1000.00", 9, "INV-9a", commitment_ref="PO-9"))
        # 1,500 still open and 1,000 spent against September: available as before
        assert available(ledger, budget_id)[TRAVEL] == TRAVEL_WITH_PO_9
        (still_open,) = ledger.state(budget_id)[1].state.commitments
        assert (still_open.reference, still_open.amount) == ("PO-9", Decimal("1500.00"))

        # a later month's spend settles the rest: 1,500 released, nothing more needed
        send(ledger, clock, spend(budget_id, "1500.00", 10, "INV-9b", commitment_ref="PO-9"))
        # spent 1,000 (Sep) and 1,500 (Oct): balances 1,000, 2,000, 2,000 (Sep), 500 (Oct on)
        assert available(ledger, budget_id)[TRAVEL] == twelve(*[Z] * 6, *["500.00"] * 6)
        assert ledger.state(budget_id)[1].state.commitments == ()

    def test_a_released_commitment_is_gone(self, ledger: Opsledger, clock: FixedClock) -> None:
        """The same spend naming it again releases nothing: the whole amount must fit."""
        budget_id = approved_budget(ledger, clock)
        send(ledger, clock, commitment(budget_id, "1000.00", 7, "PO-7"))
        send(ledger, clock, spend(budget_id, "1000.00", 7, "INV-7", commitment_ref="PO-7"))
        clock.advance(minutes=10)
        again = refuse(
            ledger, spend(budget_id, "100.00", 7, "INV-7b", commitment_ref="PO-7"), "rule_violation"
        )
        assert again.details["field"] == "commitment_ref"


class TestAnApprovedAdjustment:
    def test_changes_what_is_available_from_its_business_time_on(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        budget_id = approved_budget(ledger, clock)
        send(ledger, clock, adjustment(budget_id, "increase", (TRAVEL, 8, "1500.00")))
        send(ledger, clock, command("review_adjustment", budget_id))
        reviewed_at = clock.now()

        # requested and reviewed, not yet approved: August still has 2,000
        assert exceeded(ledger, clock, commitment(budget_id, "3000.00", 8, "PO-8")) == figures(
            TRAVEL, 8, "2000.00", "3000.00"
        )
        assert send(ledger, clock, command("approve_adjustment", budget_id)) == ("BudgetAdjusted",)
        approved_at = clock.now()
        # August 2,500 approved: cumulative 1,000 (Jul), 3,500 (Aug), 4,500 (Sep on)
        after = twelve(*[Z] * 6, "1000.00", "3500.00", *["4500.00"] * 4)
        assert available(ledger, budget_id)[TRAVEL] == after
        assert send(ledger, clock, commitment(budget_id, "3000.00", 8, "PO-8")) == (
            "FundsCommitted",
        )
        # balances 1,000 (Jul), 500 (Aug), 1,500 (Sep on)
        assert available(ledger, budget_id)[TRAVEL] == twelve(
            *[Z] * 6, "500.00", "500.00", *["1500.00"] * 4
        )

        # as the budget stood: before the approval the plan; at the approval the adjusted one
        assert available(ledger, budget_id, as_of=reviewed_at)[TRAVEL] == TRAVEL_PLANNED
        assert available(ledger, budget_id, as_of=approved_at)[TRAVEL] == after

    def test_a_rejected_one_changes_nothing(self, ledger: Opsledger, clock: FixedClock) -> None:
        budget_id = approved_budget(ledger, clock)
        for body in (
            adjustment(budget_id, "increase", (TRAVEL, 8, "1500.00")),
            command("review_adjustment", budget_id),
            command("reject_adjustment", budget_id),
        ):
            send(ledger, clock, body)
        assert available(ledger, budget_id)[TRAVEL] == TRAVEL_PLANNED


class TestUnderWarnControl:
    def test_what_does_not_fit_is_recorded_and_flagged_with_the_same_figures(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        budget_id = approved_budget(ledger, clock, control="warn")
        send(ledger, clock, commitment(budget_id, "2500.00", 9, "PO-9"))

        clock.advance(minutes=10)
        over = accept(ledger, commitment(budget_id, "600.00", 7, "PO-7"))
        assert (over.events, over.version) == (("FundsCommitted", "OverspendFlagged"), 7)
        flagged = event_as(ledger.history(budget_id)[-1], OverspendFlagged)
        assert (flagged.account, flagged.month, flagged.available, flagged.requested) == (
            TRAVEL,
            7,
            Decimal("500.00"),
            Decimal("600.00"),
        )
        assert flagged.reference == "PO-7"
        # committed 600 (Jul) and 2,500 (Sep): balances 400, 1,400, -100 (Sep on); the
        # smallest from every month on is -100
        assert available(ledger, budget_id)[TRAVEL] == twelve(*["-100.00"] * 12)

        # a spend that does not fit either: 50 in July, with -100 available
        clock.advance(minutes=10)
        spent = accept(ledger, spend(budget_id, "50.00", 7, "INV-7"))
        assert (spent.events, spent.version) == (("SpendRecorded", "OverspendFlagged"), 9)
        flagged = event_as(ledger.history(budget_id)[-1], OverspendFlagged)
        assert (flagged.available, flagged.requested, flagged.reference) == (
            Decimal("-100.00"),
            Decimal("50.00"),
            "INV-7",
        )

        # a spend that settles PO-7 in full needs nothing more: no flag
        assert send(
            ledger, clock, spend(budget_id, "600.00", 7, "INV-7b", commitment_ref="PO-7")
        ) == ("SpendRecorded",)
        # spent 650 (Jul), 2,500 open (Sep): balances 350, 1,350, -150
        assert available(ledger, budget_id)[TRAVEL] == twelve(*["-150.00"] * 12)
        assert ledger.state(budget_id)[1].state.overspends == 2

    def test_what_fits_is_not_flagged(self, ledger: Opsledger, clock: FixedClock) -> None:
        budget_id = approved_budget(ledger, clock, control="warn")
        assert send(ledger, clock, commitment(budget_id, "3000.00", 9, "PO-9")) == (
            "FundsCommitted",
        )
        clock.advance(minutes=10)
        over = accept(ledger, spend(budget_id, "0.01", 9, "INV-9"))
        assert over.events == ("SpendRecorded", "OverspendFlagged")
        flagged = event_as(ledger.history(budget_id)[-1], OverspendFlagged)
        assert (flagged.available, flagged.requested) == (Decimal("0.00"), Decimal("0.01"))


class TestTheRefusalAppendsNothing:
    def test_under_stop_the_budget_is_as_it_was(self, ledger: Opsledger, clock: FixedClock) -> None:
        budget_id = approved_budget(ledger, clock)
        send(ledger, clock, commitment(budget_id, "2500.00", 9, "PO-9"))
        before = ledger.state(budget_id)[1]
        exceeded(ledger, clock, commitment(budget_id, "600.00", 7, "PO-7"))
        after = ledger.state(budget_id)[1]
        assert (after.version, after.state) == (before.version, before.state)
        entry = ledger.security_log.entries()[-1]
        assert entry.code == "budget_exceeded"


class TestOnlyAnApprovedBudgetHasMoneyAvailable:
    """DOMAIN §5: only an approved budget can be spent against, so `audit state` shows no
    availability before approval, and the plan's figures once approved."""

    def test_a_draft_shows_nothing_available(self, ledger: Opsledger, clock: FixedClock) -> None:
        budget_id = drive(ledger, clock, to="submitted")
        kind, loaded = ledger.state(budget_id)
        assert ledger.figures(kind, loaded) == {"available": {}}

    def test_an_approved_budget_shows_each_account_by_month(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        budget_id = drive(ledger, clock, to="approved")
        kind, loaded = ledger.state(budget_id)
        available = ledger.figures(kind, loaded)["available"]
        assert isinstance(available, dict)
        assert available
        assert all(len(months) == 12 for months in available.values())
