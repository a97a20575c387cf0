"""Segregation of duties on budgets (DOMAIN §1 maker-checker, §5 *SoD*): finance who submitted a
budget does not review it; management who submitted or reviewed it does not approve it; finance
who requested an adjustment does not review it; management who requested or reviewed an
adjustment neither approves nor rejects it. The duty is the person's, whatever roles they hold
besides. Each attempt is `segregation_of_duties` naming the duty, appends nothing, leaves the
budget as it was and is in the security log; someone else with the role is accepted. Both
stores."""

from __future__ import annotations

from uuid import UUID

import pytest

from infrastructure.opsledger import Opsledger
from tests.application.budget_envelopes import (
    FINANCE,
    HEAD,
    MANAGEMENT,
    OTHER_FINANCE,
    OTHER_MANAGEMENT,
    Json,
    accept,
    command,
    drive,
    holding,
    refuse,
    status_of,
    version_of,
)
from tests.clocks import FixedClock


def refused_sod(ledger: Opsledger, budget_id: UUID, body: Json) -> str:
    """`body` is refused for segregation of duties; the budget is as it was. The duty named."""
    status, version = status_of(ledger, budget_id), version_of(ledger, budget_id)
    refused = refuse(ledger, body, "segregation_of_duties")
    entry = ledger.security_log.entries()[-1]
    assert (entry.code, entry.command_id) == ("segregation_of_duties", body["command_id"])
    assert (status_of(ledger, budget_id), version_of(ledger, budget_id)) == (status, version)
    return str(refused.details["duty"])


#: The department head who also holds finance and management (and more).
HEAD_ROLES = [
    ("department_head", "finance"),
    ("department_head", "finance", "management"),
    ("department_head", "finance", "management", "finance_manager", "project_manager"),
]


class TestTheSubmitterNeitherReviewsNorApproves:
    @pytest.mark.parametrize("roles", HEAD_ROLES, ids=lambda roles: "+".join(roles))
    def test_the_submitter_does_not_review(
        self, ledger: Opsledger, clock: FixedClock, roles: tuple[str, ...]
    ) -> None:
        submitter = holding(*roles, actor_id="u-head-ops")
        budget_id = drive(ledger, clock)
        clock.advance(hours=1)
        accept(ledger, command("submit", budget_id, actor=submitter))
        clock.advance(hours=1)

        for verdict in ("pass", "return"):
            body = command(
                "review", budget_id, actor=submitter,
                payload={"verdict": verdict, "comments": "自审 (my own)"},
            )  # fmt: skip
            assert refused_sod(ledger, budget_id, body) == "submitted"
        assert status_of(ledger, budget_id) == "submitted"
        assert accept(ledger, command("review", budget_id, actor=FINANCE)).events == (
            "BudgetReviewed",
        )

    def test_the_submitter_does_not_approve(self, ledger: Opsledger, clock: FixedClock) -> None:
        submitter = holding("department_head", "management", actor_id="u-head-ops")
        budget_id = drive(ledger, clock)
        clock.advance(hours=1)
        accept(ledger, command("submit", budget_id, actor=submitter))
        clock.advance(hours=1)
        accept(ledger, command("review", budget_id))
        clock.advance(hours=1)

        assert refused_sod(ledger, budget_id, command("approve", budget_id, actor=submitter)) == (
            "submitted"
        )
        assert accept(ledger, command("approve", budget_id)).events == ("BudgetApproved",)

    def test_the_reviewer_does_not_approve(self, ledger: Opsledger, clock: FixedClock) -> None:
        reviewer = holding("finance", "management", actor_id="u-fin-1")
        budget_id = drive(ledger, clock, to="submitted")
        clock.advance(hours=1)
        accept(ledger, command("review", budget_id, actor=reviewer))
        clock.advance(hours=1)

        assert refused_sod(ledger, budget_id, command("approve", budget_id, actor=reviewer)) == (
            "reviewed"
        )
        assert accept(ledger, command("approve", budget_id, actor=OTHER_MANAGEMENT)).ok

    def test_the_submitter_is_whoever_submitted_last(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """Returned and submitted again by another head: the new submitter is the one who may
        not review; the first one, who also holds finance, now may."""
        first = holding("department_head", "finance", actor_id="u-head-a")
        second = holding("department_head", "finance", actor_id="u-head-b")
        budget_id = drive(ledger, clock)
        for body in (
            command("submit", budget_id, actor=first),
            command("review", budget_id, payload={"verdict": "return", "comments": "再议"}),
            command("submit", budget_id, actor=second),
        ):
            clock.advance(hours=1)
            accept(ledger, body)
        clock.advance(hours=1)
        assert refused_sod(ledger, budget_id, command("review", budget_id, actor=second)) == (
            "submitted"
        )
        assert accept(ledger, command("review", budget_id, actor=first)).events == (
            "BudgetReviewed",
        )


def requested_by(ledger: Opsledger, clock: FixedClock, requester: Json) -> UUID:
    budget_id = drive(ledger, clock, to="approved")
    clock.advance(hours=1)
    accept(ledger, command("request_adjustment", budget_id, actor=requester))
    clock.advance(hours=1)
    return budget_id


class TestAnAdjustmentIsDecidedByOthersThanItsRequesterAndReviewer:
    def test_the_requester_does_not_review_it(self, ledger: Opsledger, clock: FixedClock) -> None:
        requester = holding("department_head", "finance", actor_id="u-head-ops")
        budget_id = requested_by(ledger, clock, requester)
        for verdict in ("pass", "return"):
            body = command(
                "review_adjustment", budget_id, actor=requester, payload={"verdict": verdict}
            )
            assert refused_sod(ledger, budget_id, body) == "requested"
        assert accept(ledger, command("review_adjustment", budget_id)).events == (
            "AdjustmentReviewed",
        )

    @pytest.mark.parametrize("verb", ["approve_adjustment", "reject_adjustment"])
    def test_the_requester_does_not_decide_it(
        self, ledger: Opsledger, clock: FixedClock, verb: str
    ) -> None:
        requester = holding("department_head", "management", actor_id="u-head-ops")
        budget_id = requested_by(ledger, clock, requester)
        accept(ledger, command("review_adjustment", budget_id))
        clock.advance(hours=1)

        assert refused_sod(ledger, budget_id, command(verb, budget_id, actor=requester)) == (
            "requested"
        )
        assert accept(ledger, command(verb, budget_id, actor=MANAGEMENT)).ok

    @pytest.mark.parametrize("verb", ["approve_adjustment", "reject_adjustment"])
    def test_the_reviewer_does_not_decide_it(
        self, ledger: Opsledger, clock: FixedClock, verb: str
    ) -> None:
        reviewer = holding("finance", "management", actor_id="u-fin-2")
        budget_id = requested_by(ledger, clock, HEAD)
        accept(ledger, command("review_adjustment", budget_id, actor=reviewer))
        clock.advance(hours=1)

        assert refused_sod(ledger, budget_id, command(verb, budget_id, actor=reviewer)) == (
            "reviewed"
        )
        assert accept(ledger, command(verb, budget_id, actor=OTHER_MANAGEMENT)).ok

    def test_the_budgets_approver_may_decide_an_adjustment(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """The duties are per adjustment: who approved the budget is neither its requester nor
        its reviewer, and finance who reviewed the budget may review its adjustments."""
        budget_id = requested_by(ledger, clock, HEAD)
        accept(ledger, command("review_adjustment", budget_id, actor=FINANCE))
        clock.advance(hours=1)
        assert accept(
            ledger, command("approve_adjustment", budget_id, actor=MANAGEMENT)
        ).events == ("BudgetAdjusted",)

    def test_a_second_adjustments_duties_are_its_own(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """The reviewer of the first adjustment may decide the second one, reviewed by another."""
        both = holding("finance", "management", actor_id="u-fin-mgmt")
        budget_id = requested_by(ledger, clock, HEAD)
        for body in (
            command("review_adjustment", budget_id, actor=both),
            command("reject_adjustment", budget_id, actor=MANAGEMENT),
            command("request_adjustment", budget_id),
            command("review_adjustment", budget_id, actor=OTHER_FINANCE),
        ):
            accept(ledger, body)
            clock.advance(hours=1)
        assert accept(ledger, command("approve_adjustment", budget_id, actor=both)).events == (
            "BudgetAdjusted",
        )
