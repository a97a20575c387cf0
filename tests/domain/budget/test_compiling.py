"""Compiling a budget (DOMAIN §5 `budget.draft`, `revise_draft`, `submit`, `review`, `approve`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from domain.budget.events import (
    BudgetApproved,
    BudgetDrafted,
    BudgetDraftRevised,
    BudgetReturned,
    BudgetReviewed,
    BudgetSubmitted,
)
from domain.budget.values import MONTHS, BudgetLine, Category, Control, Status, Verdict, natural_key
from domain.shared.actor import Role
from domain.shared.errors import RuleViolation, SegregationOfDuties
from tests.domain.budget.fixtures import (
    ACCOUNTANT,
    BOSS,
    BUDGET_ID,
    COMMANDS,
    DEPARTMENT,
    DRAFTED,
    HEAD,
    LINES,
    OTHER_ACCOUNTANT,
    OTHER_HEAD,
    REVIEWED,
    REVISED,
    SUBMITTED,
    T0,
    TRAVEL,
    actor,
    decide,
    draft_as,
    given,
    history,
    history_to,
    line,
    review,
    revise,
    submitted,
    then,
)

D = Decimal
EVERY_MONTH = dict.fromkeys(MONTHS, D("10000.00"))


class TestDraft:
    """A department head drafts a department's budget for a year: currency, control and lines,
    every monthly amount zero or more."""

    def test_the_draft_holds_what_was_sent(self) -> None:
        assert draft_as(HEAD, control=Control.WARN) == [
            BudgetDrafted(
                occurred_at=T0,
                actor=HEAD,
                budget_id=BUDGET_ID,
                department=DEPARTMENT,
                fiscal_year=2026,
                currency="CNY",
                control=Control.WARN,
                lines=LINES,
            )
        ]

    def test_the_budget_starts_in_draft_with_its_drafter_and_amounts(self) -> None:
        budget = given(draft_as(HEAD))
        assert (budget.status, budget.drafted_by, budget.control) == (
            Status.DRAFT,
            HEAD.id,
            Control.STOP,
        )
        assert budget.approved(TRAVEL) == (D("10000.00"),) * 12

    def test_amounts_come_back_to_the_cent_and_months_not_named_plan_nothing(self) -> None:
        sent = line("6603 培训 (training)", {1: D("5"), 6: D("12.5")})
        [event] = draft_as(HEAD, lines=[sent])
        assert isinstance(event, BudgetDrafted)
        assert [str(a) for a in event.lines[0].monthly] == [
            "5.00",
            *["0.00"] * 4,
            "12.50",
            *["0.00"] * 6,
        ]

    def test_a_zero_line_is_allowed(self) -> None:
        [event] = draft_as(HEAD, lines=[line("6603", {})])
        assert isinstance(event, BudgetDrafted)

    def test_one_budget_per_department_and_year_is_named_by_both(self) -> None:
        assert natural_key(DEPARTMENT, 2026) == f"2026:{DEPARTMENT}"
        assert natural_key(DEPARTMENT, 2026) != natural_key(DEPARTMENT, 2027)


BAD_DRAFTS = [
    pytest.param({"lines": []}, "lines", id="no-lines"),
    pytest.param({"lines": [LINES[0], LINES[0]]}, "lines[1].account", id="account-twice"),
    pytest.param({"lines": [line("  ", EVERY_MONTH)]}, "lines[0].account", id="blank-account"),
    pytest.param(
        {"lines": [line("6601", {3: D("-0.01")})]}, "lines[0].monthly.03", id="negative-amount"
    ),
    pytest.param(
        {"lines": [line("6601", {12: D("0.001")})]}, "lines[0].monthly.12", id="finer-than-cent"
    ),
    pytest.param(
        {"lines": [line("6601", {1: D("Infinity")})]}, "lines[0].monthly.01", id="not-finite"
    ),
    pytest.param(
        {"lines": [BudgetLine(account="6601", category=Category.COST, monthly=(D(1),) * 11)]},
        "lines[0].monthly",
        id="eleven-months",
    ),
    pytest.param(
        {"lines": [line("6601", dict.fromkeys(MONTHS, D("9" * 19)))]},
        "lines[0].monthly",
        id="total-out-of-range",
    ),
    pytest.param({"department": " "}, "department", id="blank-department"),
    pytest.param({"currency": "yuan"}, "currency", id="bad-currency"),
    pytest.param({"fiscal_year": 10_000}, "fiscal_year", id="year-out-of-range"),
]


class TestDraftRefusals:
    """A draft that breaks a drafting rule is a `rule_violation` naming the part at fault."""

    @pytest.mark.parametrize(("changes", "field"), BAD_DRAFTS)
    def test_refused(self, changes: dict[str, Any], field: str) -> None:
        with pytest.raises(RuleViolation) as refused:
            draft_as(HEAD, **changes)
        assert refused.value.code == "rule_violation"
        assert refused.value.details["field"] == field

    def test_a_float_amount_is_refused(self) -> None:
        floats: Any = (0.1,) * 12
        bad = BudgetLine(account="6601", category=Category.COST, monthly=floats)
        with pytest.raises(RuleViolation) as refused:
            draft_as(HEAD, lines=[bad])
        assert refused.value.details["field"] == "lines[0].monthly.01"

    def test_a_month_outside_the_year_is_no_line(self) -> None:
        with pytest.raises(ValueError, match="numbered 1 to 12, not 13"):
            line("6601", {13: D(1)})


class TestReviseDraft:
    """A department head revises a draft's lines, in draft or once returned; the new lines
    replace the old, and a returned budget is a draft again."""

    def test_the_revision_replaces_the_lines(self) -> None:
        events, after = decide(history(DRAFTED), revise(), OTHER_HEAD)
        assert events == [
            BudgetDraftRevised(occurred_at=events[0].occurred_at, actor=OTHER_HEAD, lines=REVISED)
        ]
        budget = given(after)
        assert budget.lines == REVISED
        assert budget.approved(TRAVEL) == (D("8000.00"),) * 12
        assert budget.line("6001 销售收入 (sales)") is None

    def test_a_returned_budget_is_revised_back_into_draft(self) -> None:
        _, after = decide(history_to(Status.RETURNED), revise(), HEAD)
        assert given(after).status is Status.DRAFT

    def test_a_revision_obeys_the_drafting_rules(self) -> None:
        with pytest.raises(RuleViolation) as refused:
            decide(history(DRAFTED), revise([line("6601", {2: D("-1.00")})]), HEAD)
        assert refused.value.details["field"] == "lines[0].monthly.02"


class TestSubmit:
    """A department head submits a draft, or a returned budget, to finance; they are its
    submitter."""

    @pytest.mark.parametrize("status", [Status.DRAFT, Status.RETURNED])
    def test_submitted(self, status: Status) -> None:
        events, after = decide(history_to(status), COMMANDS["submit"], OTHER_HEAD)
        assert events == [BudgetSubmitted(occurred_at=events[0].occurred_at, actor=OTHER_HEAD)]
        budget = given(after)
        assert (budget.status, budget.submitted_by, budget.reviewed_by) == (
            Status.SUBMITTED,
            OTHER_HEAD.id,
            None,
        )


class TestReview:
    """Finance reviews a submitted budget, never its submitter: a pass goes to management, a
    return goes back to the department head with comments saying why."""

    def test_a_pass_sends_it_to_management(self) -> None:
        events, after = decide(history(SUBMITTED), review(Verdict.PASS, "合理 (sound)"), ACCOUNTANT)
        assert events == [
            BudgetReviewed(
                occurred_at=events[0].occurred_at, actor=ACCOUNTANT, comments="合理 (sound)"
            )
        ]
        budget = given(after)
        assert (budget.status, budget.reviewed_by) == (Status.FINANCE_REVIEWED, ACCOUNTANT.id)

    def test_a_pass_needs_no_comments(self) -> None:
        events, _ = decide(history(SUBMITTED), review(Verdict.PASS, ""), ACCOUNTANT)
        assert [type(e) for e in events] == [BudgetReviewed]

    def test_a_return_sends_it_back_with_comments(self) -> None:
        events, after = decide(history(SUBMITTED), review(Verdict.RETURN, "差旅偏高"), ACCOUNTANT)
        assert events == [
            BudgetReturned(occurred_at=events[0].occurred_at, actor=ACCOUNTANT, comments="差旅偏高")
        ]
        budget = given(after)
        assert (budget.status, budget.returns, budget.reviewed_by) == (Status.RETURNED, 1, None)

    def test_a_return_says_why(self) -> None:
        with pytest.raises(RuleViolation) as refused:
            decide(history(SUBMITTED), review(Verdict.RETURN, "  "), ACCOUNTANT)
        assert refused.value.details["field"] == "comments"

    def test_the_submitter_may_not_review_it(self) -> None:
        both = actor("u-head-fin", Role.DEPARTMENT_HEAD, Role.FINANCE)
        _, sent = decide(history(DRAFTED), COMMANDS["submit"], both)
        with pytest.raises(SegregationOfDuties) as refused:
            decide(sent, review(), both)
        assert refused.value.code == "segregation_of_duties"
        assert refused.value.details == {"duty": "submitted", "action": "review"}

    def test_the_drafter_who_did_not_submit_may_review(self) -> None:
        """DOMAIN §5 names the submitter: a finance colleague who drafted may still review."""
        both = actor("u-head-fin", Role.DEPARTMENT_HEAD, Role.FINANCE)
        past = draft_as(both)
        _, sent = decide(past, COMMANDS["submit"], HEAD)
        events, _ = decide(sent, review(), both)
        assert [type(e) for e in events] == [BudgetReviewed]


class TestApprove:
    """Management approves a budget finance passed, never its submitter nor its reviewer."""

    def test_approved(self) -> None:
        events, after = decide(history(REVIEWED), COMMANDS["approve"], BOSS)
        assert events == [BudgetApproved(occurred_at=events[0].occurred_at, actor=BOSS)]
        budget = given(after)
        assert (budget.status, budget.approved_by, budget.approved_at) == (
            Status.APPROVED,
            BOSS.id,
            events[0].occurred_at,
        )

    def test_the_submitter_may_not_approve_it(self) -> None:
        both = actor("u-head-boss", Role.DEPARTMENT_HEAD, Role.MANAGEMENT)
        _, sent = decide(history(DRAFTED), COMMANDS["submit"], both)
        _, reviewed = decide(sent, review(), ACCOUNTANT)
        with pytest.raises(SegregationOfDuties) as refused:
            decide(reviewed, COMMANDS["approve"], both)
        assert refused.value.details == {"duty": "submitted", "action": "approve"}

    def test_the_reviewer_may_not_approve_it(self) -> None:
        both = actor("u-fin-boss", Role.FINANCE, Role.MANAGEMENT)
        _, reviewed = decide(history(SUBMITTED), review(), both)
        with pytest.raises(SegregationOfDuties) as refused:
            decide(reviewed, COMMANDS["approve"], both)
        assert refused.value.details == {"duty": "reviewed", "action": "approve"}
        assert "u-fin-boss already reviewed this budget" in refused.value.message


class TestReturnedAndSubmittedAgain:
    """A returned budget goes round again: revised, submitted, reviewed afresh. The duties
    that count are those of the latest round."""

    def test_the_second_round_has_its_own_submitter_and_reviewer(self) -> None:
        past = then(history_to(Status.RETURNED), submitted(OTHER_HEAD))
        _, reviewed = decide(past, review(), OTHER_ACCOUNTANT)
        budget = given(reviewed)
        assert (budget.submitted_by, budget.reviewed_by, budget.returns) == (
            OTHER_HEAD.id,
            OTHER_ACCOUNTANT.id,
            1,
        )
        # The first round's reviewer returned it and reviews nothing now: they may approve.
        both = actor(ACCOUNTANT.id, Role.FINANCE, Role.MANAGEMENT)
        events, _ = decide(reviewed, COMMANDS["approve"], both)
        assert [type(e) for e in events] == [BudgetApproved]
        with pytest.raises(SegregationOfDuties):
            decide(reviewed, COMMANDS["approve"], actor(OTHER_ACCOUNTANT.id, Role.MANAGEMENT))

    def test_the_first_submitter_approves_once_someone_else_submitted(self) -> None:
        both = actor(HEAD.id, Role.DEPARTMENT_HEAD, Role.MANAGEMENT)
        past = then(history_to(Status.RETURNED), submitted(OTHER_HEAD))
        _, reviewed = decide(past, review(), OTHER_ACCOUNTANT)
        events, _ = decide(reviewed, COMMANDS["approve"], both)
        assert [type(e) for e in events] == [BudgetApproved]
