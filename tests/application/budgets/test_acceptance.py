"""Every budget command accepted (DOMAIN §5): given a budget in the state the command needs, the
command appends exactly the event DOMAIN names, at the next version, and the budget is in the
status DOMAIN says. Then one budget's whole life through all twelve commands, with its events'
facts, reasons and who did what. Both stores."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from uuid import UUID

import pytest

from domain.budget.events import (
    AdjustmentRejected,
    AdjustmentRequested,
    BudgetAdjusted,
    BudgetDrafted,
    BudgetDraftRevised,
    BudgetReturned,
    FundsCommitted,
    SpendRecorded,
)
from infrastructure.opsledger import Opsledger
from tests.application.budget_envelopes import (
    DEPARTMENT,
    FINANCE,
    FINANCE_MANAGER,
    HEAD,
    MANAGEMENT,
    OTHER_FINANCE,
    OTHER_MANAGEMENT,
    PROJECT_MANAGER,
    REASON,
    RETURNED_COMMENTS,
    SERVERS,
    TRAVEL,
    Json,
    accept,
    adjustment,
    after_the_year,
    command,
    commitment,
    drive,
    months,
    spend,
    status_of,
    step,
)
from tests.application.ledger_reading import event_as
from tests.clocks import FixedClock

#: (command or step, status it is sent in, steps taken first, its events, version, status after)
ACCEPTED: list[tuple[str, str | None, tuple[str, ...], tuple[str, ...], int, str]] = [
    ("draft", None, (), ("BudgetDrafted",), 1, "draft"),
    ("revise_draft", "draft", (), ("BudgetDraftRevised",), 2, "draft"),
    ("revise_draft", "draft", ("revise_draft",), ("BudgetDraftRevised",), 3, "draft"),
    ("revise_draft", "returned", (), ("BudgetDraftRevised",), 4, "draft"),
    ("submit", "draft", (), ("BudgetSubmitted",), 2, "submitted"),
    ("submit", "returned", (), ("BudgetSubmitted",), 4, "submitted"),
    ("review", "submitted", (), ("BudgetReviewed",), 3, "finance_reviewed"),
    ("return", "submitted", (), ("BudgetReturned",), 3, "returned"),
    ("approve", "finance_reviewed", (), ("BudgetApproved",), 4, "approved"),
    ("commit_funds", "approved", (), ("FundsCommitted",), 5, "approved"),
    ("record_spend", "approved", (), ("SpendRecorded",), 5, "approved"),
    ("request_adjustment", "approved", (), ("AdjustmentRequested",), 5, "approved"),
    ("review_adjustment", "approved", ("request_adjustment",), ("AdjustmentReviewed",), 6,
     "approved"),
    ("approve_adjustment", "approved", ("request_adjustment", "review_adjustment"),
     ("BudgetAdjusted",), 7, "approved"),
    ("reject_adjustment", "approved", ("request_adjustment", "review_adjustment"),
     ("AdjustmentRejected",), 7, "approved"),
    ("close", "approved", (), ("BudgetClosed",), 5, "closed"),
]  # fmt: skip


class TestEachCommandIsAccepted:
    @pytest.mark.parametrize(
        ("name", "status", "first", "events", "version", "after"),
        ACCEPTED,
        ids=[
            f"{row[0]}-in-{row[1]}{'-after-' + '-'.join(row[2]) if row[2] else ''}"
            for row in ACCEPTED
        ],
    )
    def test_events_version_and_status(
        self,
        ledger: Opsledger,
        clock: FixedClock,
        name: str,
        status: str | None,
        first: tuple[str, ...],
        events: tuple[str, ...],
        version: int,
        after: str,
    ) -> None:
        if status is None:
            result = accept(ledger, command(name))
        else:
            budget_id = drive(ledger, clock, to=status)
            for earlier in first:
                clock.advance(hours=1)
                accept(ledger, step(earlier, budget_id))
            clock.advance(hours=1)
            if name == "close":
                after_the_year(clock)
            result = accept(ledger, step(name, budget_id))
            assert result.aggregate_id == budget_id

        assert (result.version, result.events) == (version, events)
        assert result.aggregate_id is not None
        assert status_of(ledger, result.aggregate_id) == after
        history = ledger.history(result.aggregate_id)
        assert [r.event_type for r in history[-len(events) :]] == list(events)
        assert [r.originator_version for r in history] == list(range(1, version + 1))
        assert {r.aggregate_type for r in history} == {"budget"}

    def test_a_project_manager_commits_funds(self, ledger: Opsledger, clock: FixedClock) -> None:
        budget_id = drive(ledger, clock, to="approved")
        clock.advance(hours=1)
        result = accept(ledger, command("commit_funds", budget_id, actor=PROJECT_MANAGER))
        assert (result.events, result.version) == (("FundsCommitted",), 5)


#: A budget's whole life through all twelve commands: drafted, revised, submitted, returned by
#: finance, revised and submitted again, passed, approved; funds committed and spent (the spend
#: releasing the commitment); a transfer approved, an increase rejected; closed after the year.
#: (command, sender, payload, event, status after); None: the usual.
TRAVEL_900 = {
    "lines": [
        {"account": TRAVEL, "category": "expense", "monthly": months("900.00")},
        {"account": SERVERS, "category": "cost", "monthly": months("5000.00", 3, 9)},
    ]
}
RETURN = {"verdict": "return", "comments": RETURNED_COMMENTS}
PASS = {"verdict": "pass", "comments": "可以 (fine)"}
COMMIT = {"account": TRAVEL, "month": "07", "amount": "600.00", "reference": "PO-7"}
SPEND = {
    "account": TRAVEL,
    "month": "07",
    "amount": "650.00",
    "reference": "INV-7",
    "commitment_ref": "PO-7",
}
INCREASE = {"kind": "increase", "changes": [{"account": TRAVEL, "month": "08", "delta": "100.00"}]}

LIFE: list[tuple[str, Json | None, Json | None, str, str]] = [
    ("draft", None, None, "BudgetDrafted", "draft"),
    ("revise_draft", None, None, "BudgetDraftRevised", "draft"),
    ("submit", None, None, "BudgetSubmitted", "submitted"),
    ("review", OTHER_FINANCE, RETURN, "BudgetReturned", "returned"),
    ("revise_draft", None, TRAVEL_900, "BudgetDraftRevised", "draft"),
    ("submit", None, None, "BudgetSubmitted", "submitted"),
    ("review", None, PASS, "BudgetReviewed", "finance_reviewed"),
    ("approve", None, None, "BudgetApproved", "approved"),
    ("commit_funds", PROJECT_MANAGER, COMMIT, "FundsCommitted", "approved"),
    ("record_spend", None, SPEND, "SpendRecorded", "approved"),
    ("request_adjustment", None, None, "AdjustmentRequested", "approved"),
    ("review_adjustment", None, None, "AdjustmentReviewed", "approved"),
    ("approve_adjustment", None, None, "BudgetAdjusted", "approved"),
    ("request_adjustment", None, INCREASE, "AdjustmentRequested", "approved"),
    ("review_adjustment", OTHER_FINANCE, None, "AdjustmentReviewed", "approved"),
    ("reject_adjustment", OTHER_MANAGEMENT, None, "AdjustmentRejected", "approved"),
    ("close", None, None, "BudgetClosed", "closed"),
]


class TestABudgetsWholeLife:
    """draft → … → closed through every command: versions 1..17 without gaps, each event as
    DOMAIN §5 names it, each status as it says; the facts in the events are what was sent."""

    def live(self, ledger: Opsledger, clock: FixedClock) -> tuple[UUID, list[Json]]:
        budget_id: UUID | None = None
        sent: list[Json] = []
        for version, (name, actor, payload, event, status) in enumerate(LIFE, start=1):
            clock.advance(hours=2)
            if name == "close":
                after_the_year(clock)
            body = command(name, budget_id, actor=actor, payload=payload)
            sent.append(body)
            result = accept(ledger, body)
            budget_id = result.aggregate_id
            assert budget_id is not None
            assert (result.version, result.events) == (version, (event,)), name
            assert status_of(ledger, budget_id) == status, name
        assert budget_id is not None
        return budget_id, sent

    def test_each_command_gives_its_event_version_and_status(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        budget_id, sent = self.live(ledger, clock)
        history = ledger.history(budget_id)
        assert [r.event_type for r in history] == [row[3] for row in LIFE]
        assert [r.originator_version for r in history] == list(range(1, len(LIFE) + 1))

        # each event records who sent the command, which command, and its reason
        by_command = {UUID(body["command_id"]): body for body in sent}
        for recorded in history:
            body = by_command[recorded.command_id]
            assert recorded.actor.id == body["actor"]["id"]
            assert recorded.reason == body.get("reason")
        reasons = [(r.event_type, r.reason) for r in history if r.reason is not None]
        assert reasons == [
            ("AdjustmentRequested", REASON),
            ("BudgetAdjusted", REASON),
            ("AdjustmentRequested", REASON),
            ("AdjustmentRejected", REASON),
        ]

    def test_the_facts_in_the_events(self, ledger: Opsledger, clock: FixedClock) -> None:
        budget_id, _ = self.live(ledger, clock)
        history = ledger.history(budget_id)

        drafted = event_as(history[0], BudgetDrafted)
        assert (drafted.department, drafted.fiscal_year, drafted.currency) == (
            DEPARTMENT,
            2026,
            "CNY",
        )
        assert drafted.control.value == "stop"
        assert [(ln.account, ln.category.value) for ln in drafted.lines] == [
            (TRAVEL, "expense"),
            (SERVERS, "cost"),
            ("6001 销售收入 (sales)", "revenue"),
        ]
        assert drafted.lines[0].monthly == (Decimal("1000.00"),) * 12
        assert drafted.lines[1].monthly == tuple(
            Decimal("5000.00") if month in (3, 9) else Decimal(0) for month in range(1, 13)
        )
        revised = event_as(history[4], BudgetDraftRevised)
        assert revised.lines[0].monthly == (Decimal("900.00"),) * 12
        assert event_as(history[3], BudgetReturned).comments == RETURNED_COMMENTS

        committed = event_as(history[8], FundsCommitted)
        assert (committed.account, committed.month, committed.amount, committed.reference) == (
            TRAVEL,
            7,
            Decimal("600.00"),
            "PO-7",
        )
        # 650.00 spent naming PO-7: the 600.00 commitment is released in full
        spent = event_as(history[9], SpendRecorded)
        assert (spent.amount, spent.commitment_ref, spent.released) == (
            Decimal("650.00"),
            "PO-7",
            Decimal("600.00"),
        )
        requested = event_as(history[10], AdjustmentRequested)
        assert requested.kind.value == "transfer"
        assert [(c.account, c.month, c.delta) for c in requested.changes] == [
            (TRAVEL, 12, Decimal("-500.00")),
            (SERVERS, 9, Decimal("500.00")),
        ]
        adjusted = event_as(history[12], BudgetAdjusted)
        assert (adjusted.requested_by, adjusted.reviewed_by) == (HEAD["id"], FINANCE["id"])
        assert event_as(history[15], AdjustmentRejected).actor.id == OTHER_MANAGEMENT["id"]
        assert history[16].actor.id == FINANCE_MANAGER["id"]

        budget = ledger.state(budget_id)[1].state
        assert (budget.submitted_by, budget.reviewed_by, budget.approved_by) == (
            HEAD["id"],
            FINANCE["id"],
            MANAGEMENT["id"],
        )
        # travel: 900.00 a month, December 500.00 after the transfer; 650.00 spent in July
        assert budget.approved(TRAVEL) == (Decimal("900.00"),) * 11 + (Decimal("400.00"),)
        assert budget.spent(TRAVEL)[6] == Decimal("650.00")
        assert budget.commitments == ()
        assert budget.approved(SERVERS)[8] == Decimal("5500.00")

    def test_the_state_as_of_each_business_time(self, ledger: Opsledger, clock: FixedClock) -> None:
        """Halfway between two commands the budget is as the first of them left it."""
        budget_id: UUID | None = None
        moments = []
        for name, actor, payload, _, status in LIFE:
            clock.advance(hours=2)
            if name == "close":
                after_the_year(clock)
            body = command(name, budget_id, actor=actor, payload=payload)
            budget_id = accept(ledger, body).aggregate_id
            moments.append((clock.now() + timedelta(hours=1), status))

        assert budget_id is not None
        as_of = [(at, ledger.state(budget_id, as_of=at)[1].state.status.value) for at, _ in moments]
        assert as_of == moments


class TestMoreThanOneLineOfWork:
    def test_spend_without_a_commitment_and_commitments_by_reference(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        budget_id = drive(ledger, clock, to="approved")
        for body, events in (
            (commitment(budget_id, "100.00", 7, "PO-1"), ("FundsCommitted",)),
            (commitment(budget_id, "100.00", 8, "PO-2"), ("FundsCommitted",)),
            (spend(budget_id, "40.00", 7, "INV-1", commitment_ref="PO-1"), ("SpendRecorded",)),
            (spend(budget_id, "30.00", 9, "INV-2"), ("SpendRecorded",)),
            (adjustment(budget_id, "increase", (TRAVEL, 8, "50.00")), ("AdjustmentRequested",)),
        ):
            clock.advance(hours=1)
            assert accept(ledger, body).events == events
        budget = ledger.state(budget_id)[1].state
        # PO-1 has 60.00 left open; PO-2 all 100.00
        assert [(c.reference, c.month, c.amount) for c in budget.commitments] == [
            ("PO-1", 7, Decimal("60.00")),
            ("PO-2", 8, Decimal("100.00")),
        ]
