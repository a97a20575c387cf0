"""Budget commands out of state (DOMAIN §5's states: draft → submitted → finance_reviewed →
approved → closed, with returned back to draft): `invalid_transition`. Only `draft` (a returned
budget is one again) is revised and submitted; only `approved` is spent against or adjusted; a
closed budget takes no command at all, however well-formed. Close is by a finance manager and
only once the fiscal year has ended in the company's time zone. A command to a budget that does
not exist: `not_found`. Nothing is appended. Both stores."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest

from infrastructure.opsledger import Opsledger
from tests.application.budget_envelopes import (
    FINANCE,
    REVISED,
    SENDERS,
    STATUSES,
    VERBS,
    VERSIONS,
    YEAR_END,
    accept,
    after_the_year,
    command,
    drafted,
    drive,
    head,
    refuse,
    status_of,
    step,
    version_of,
)
from tests.clocks import FixedClock

IT = "invalid_transition"
ON_A_BUDGET = tuple(verb for verb in VERBS if verb != "draft")

#: For each status, the commands DOMAIN §5 allows there (the rest are invalid_transition).
ALLOWED: dict[str, frozenset[str]] = {
    "draft": frozenset({"revise_draft", "submit"}),
    "submitted": frozenset({"review"}),
    "returned": frozenset({"revise_draft", "submit"}),
    "finance_reviewed": frozenset({"approve"}),
    "approved": frozenset(
        {
            "commit_funds",
            "record_spend",
            "request_adjustment",
            "review_adjustment",
            "approve_adjustment",
            "reject_adjustment",
            "close",
        }
    ),
    "closed": frozenset(),
}


class TestOutOfState:
    def test_the_table_covers_every_status(self) -> None:
        assert set(ALLOWED) == set(STATUSES)

    @pytest.mark.parametrize("status", STATUSES)
    def test_each_command_not_allowed_is_refused(
        self, ledger: Opsledger, clock: FixedClock, status: str
    ) -> None:
        budget_id = drive(ledger, clock, to=status)
        clock.advance(hours=1)
        before = head(ledger)
        refused = {}
        for verb in ON_A_BUDGET:
            if verb in ALLOWED[status]:
                continue
            result = ledger.submit(command(verb, budget_id))
            refused[verb] = result.code
        # a second draft of the same department and year, whatever the first one's status
        refused["draft"] = ledger.submit(command("draft")).code

        expected = {verb: IT for verb in VERBS if verb not in ALLOWED[status]}
        assert refused == expected
        assert head(ledger) == before
        assert (status_of(ledger, budget_id), version_of(ledger, budget_id)) == (
            status,
            VERSIONS[status],
        )

    def test_a_budget_that_does_not_exist(self, ledger: Opsledger, clock: FixedClock) -> None:
        drive(ledger, clock, to="approved")
        before = head(ledger)
        for verb in ON_A_BUDGET:
            refuse(ledger, command(verb, uuid4()), "not_found")
        assert head(ledger) == before


class TestReturnedBackToDraft:
    def test_returned_revised_and_submitted_again(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        budget_id = drive(ledger, clock, to="returned")
        assert status_of(ledger, budget_id) == "returned"
        budget = ledger.state(budget_id)[1].state
        assert budget.returns == 1

        clock.advance(hours=1)
        revised = accept(ledger, command("revise_draft", budget_id))
        assert (revised.events, revised.version) == (("BudgetDraftRevised",), 4)
        assert status_of(ledger, budget_id) == "draft"
        for name, event, status in (
            ("submit", "BudgetSubmitted", "submitted"),
            ("review", "BudgetReviewed", "finance_reviewed"),
            ("approve", "BudgetApproved", "approved"),
        ):
            clock.advance(hours=1)
            assert accept(ledger, step(name, budget_id)).events == (event,)
            assert status_of(ledger, budget_id) == status
        # the approved plan is the revised one: travel 800.00 a month, no sales line
        budget = ledger.state(budget_id)[1].state
        assert [line.account for line in budget.lines] == [row["account"] for row in REVISED]
        assert budget.approved(REVISED[0]["account"])[0] == 800

    def test_a_return_needs_its_comments(self, ledger: Opsledger, clock: FixedClock) -> None:
        budget_id = drive(ledger, clock, to="submitted")
        clock.advance(hours=1)
        body = command("review", budget_id, payload={"verdict": "return", "comments": " "})
        refuse(ledger, body, "rule_violation")

    def test_returned_again_and_again(self, ledger: Opsledger, clock: FixedClock) -> None:
        budget_id = drive(ledger, clock, to="returned")
        for name in ("submit", "return", "submit", "return"):
            clock.advance(hours=1)
            accept(ledger, step(name, budget_id))
        assert status_of(ledger, budget_id) == "returned"
        assert ledger.state(budget_id)[1].state.returns == 3


class TestClosing:
    def test_not_before_the_fiscal_year_ends(self, ledger: Opsledger, clock: FixedClock) -> None:
        """The year ends at midnight in Shanghai: 16:00 UTC on 31 December 2026."""
        budget_id = drive(ledger, clock, to="approved")
        clock.current = YEAR_END - timedelta(seconds=1)
        refuse(ledger, command("close", budget_id), "rule_violation")
        clock.current = YEAR_END
        closed = accept(ledger, command("close", budget_id))
        assert (closed.events, closed.version) == (("BudgetClosed",), 5)
        assert status_of(ledger, budget_id) == "closed"

    def test_business_time_decides_not_the_clock(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """Entered in January for 31 December: still before the year ends."""
        budget_id = drive(ledger, clock, to="approved")
        after_the_year(clock)
        body = command("close", budget_id, occurred_at=(YEAR_END - timedelta(hours=1)).isoformat())
        refuse(ledger, body, "rule_violation")
        assert accept(ledger, command("close", budget_id)).events == ("BudgetClosed",)

    def test_only_an_approved_budget_is_closed(self, ledger: Opsledger, clock: FixedClock) -> None:
        for status in ("draft", "submitted", "finance_reviewed"):
            budget_id = drive(
                ledger, clock, to=status,
                draft=drafted(department=f"部门 {status}"),
            )  # fmt: skip
            after_the_year(clock)
            clock.advance(hours=1)
            refuse(ledger, command("close", budget_id), IT)

    def test_after_closing_nothing_more_is_recorded(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """Every command, from its right sender and well-formed, is refused, and a commitment
        left open cannot be spent against any more."""
        budget_id = drive(ledger, clock, to="approved")
        clock.advance(hours=1)
        accept(ledger, command("commit_funds", budget_id))
        after_the_year(clock)
        accept(ledger, command("close", budget_id))
        clock.advance(hours=1)
        before = head(ledger)
        for verb in VERBS:
            target = None if verb == "draft" else budget_id
            refuse(ledger, command(verb, target, actor=SENDERS[verb]), IT)
        spend = command("record_spend", budget_id, actor=FINANCE)
        spend["payload"]["commitment_ref"] = "PO-2026-0701"
        refuse(ledger, spend, IT)
        assert head(ledger) == before
        assert [r.event_type for r in ledger.history(budget_id)][-2:] == [
            "FundsCommitted",
            "BudgetClosed",
        ]

    def test_an_adjustment_awaiting_its_decision_holds_up_the_close(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        budget_id = drive(ledger, clock, to="approved")
        clock.advance(hours=1)
        accept(ledger, command("request_adjustment", budget_id))
        after_the_year(clock)
        refuse(ledger, command("close", budget_id), "rule_violation")
        for verb in ("review_adjustment", "reject_adjustment", "close"):
            clock.advance(hours=1)
            accept(ledger, command(verb, budget_id))
        assert status_of(ledger, budget_id) == "closed"
