"""Adjusting an approved budget (DOMAIN §5 `budget.request_adjustment`, `review_adjustment`,
`approve_adjustment`, `reject_adjustment`)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.budget.events import (
    AdjustmentRejected,
    AdjustmentRequested,
    AdjustmentReviewed,
    BudgetAdjusted,
)
from domain.budget.values import AdjustmentChange, AdjustmentKind, Verdict
from domain.shared.actor import Role
from domain.shared.errors import RuleViolation, SegregationOfDuties
from tests.domain.budget.fixtures import (
    ACCOUNTANT,
    ADJUSTMENT_PENDING,
    ADJUSTMENT_REVIEWED,
    APPROVED,
    BOSS,
    COMMANDS,
    HEAD,
    OTHER_ACCOUNTANT,
    OTHER_BOSS,
    SALES,
    SERVERS,
    TRANSFER,
    TRAVEL,
    WARN_APPROVED,
    actor,
    adjustment_requested,
    adjustment_reviewed,
    committed,
    decide,
    given,
    history,
    request,
    review_adjustment,
    spent,
    then,
)

D = Decimal
INCREASE, DECREASE = AdjustmentKind.INCREASE, AdjustmentKind.DECREASE


def change(account: str, month: int, delta: str) -> AdjustmentChange:
    return AdjustmentChange(account=account, month=month, delta=D(delta))


class TestRequest:
    """A department head requests an increase, a decrease or a transfer of approved amounts;
    it awaits finance's review and management's decision."""

    def test_a_transfer_is_requested(self) -> None:
        events, after = decide(history(APPROVED), request(), HEAD)
        assert events == [
            AdjustmentRequested(
                occurred_at=events[0].occurred_at,
                actor=HEAD,
                adjustment_no=1,
                kind=AdjustmentKind.TRANSFER,
                changes=TRANSFER,
                currency="CNY",
            )
        ]
        pending = given(after).pending_adjustment
        assert pending is not None
        assert (pending.number, pending.requested_by, pending.reviewed_by) == (1, HEAD.id, None)

    def test_deltas_come_back_to_the_cent(self) -> None:
        events, _ = decide(history(APPROVED), request([change(TRAVEL, 1, "5")], INCREASE), HEAD)
        assert isinstance(events[0], AdjustmentRequested)
        assert str(events[0].changes[0].delta) == "5.00"

    @pytest.mark.parametrize(
        ("changes", "kind"),
        [
            ([change(TRAVEL, 1, "100.00"), change(SERVERS, 4, "0.01")], INCREASE),
            ([change(TRAVEL, 1, "-10000.00")], DECREASE),
            ([change(TRAVEL, 1, "-1.00"), change(TRAVEL, 2, "1.00")], AdjustmentKind.TRANSFER),
            ([change(SALES, 1, "-50000.00")], DECREASE),
        ],
        ids=["increase", "decrease-to-zero", "transfer-between-months", "revenue-target"],
    )
    def test_each_kind(self, changes: list[AdjustmentChange], kind: AdjustmentKind) -> None:
        events, _ = decide(history(APPROVED), request(changes, kind), HEAD)
        assert [type(e) for e in events] == [AdjustmentRequested]

    def test_the_next_adjustment_has_the_next_number(self) -> None:
        past = then(
            history(APPROVED),
            adjustment_requested(),
            adjustment_reviewed(Verdict.RETURN),
        )
        events, _ = decide(past, request(), HEAD)
        assert isinstance(events[0], AdjustmentRequested)
        assert events[0].adjustment_no == 2

    def test_one_adjustment_is_decided_before_the_next(self) -> None:
        with pytest.raises(RuleViolation) as refused:
            decide(history(ADJUSTMENT_PENDING), request(), HEAD)
        assert refused.value.details == {"adjustment_no": 1}


BAD_CHANGES = [
    pytest.param([], INCREASE, "changes", id="no-changes"),
    pytest.param([change("6699", 1, "1.00")], INCREASE, "changes[0].account", id="no-account"),
    pytest.param([change(TRAVEL, 13, "1.00")], INCREASE, "changes[0].month", id="month-13"),
    pytest.param(
        [change(TRAVEL, 2, "1.00"), change(TRAVEL, 2, "2.00")],
        INCREASE,
        "changes[1].month",
        id="account-and-month-twice",
    ),
    pytest.param([change(TRAVEL, 1, "0.00")], INCREASE, "changes[0].delta", id="zero"),
    pytest.param([change(TRAVEL, 1, "0.001")], INCREASE, "changes[0].delta", id="below-a-cent"),
    pytest.param(
        [change(TRAVEL, 1, "1.00"), change(TRAVEL, 2, "-1.00")],
        INCREASE,
        "changes[1].delta",
        id="increase-taking",
    ),
    pytest.param([change(TRAVEL, 1, "1.00")], DECREASE, "changes[0].delta", id="decrease-adding"),
    pytest.param(
        [change(TRAVEL, 1, "-1.00"), change(SERVERS, 3, "0.99")],
        AdjustmentKind.TRANSFER,
        "changes",
        id="transfer-not-zero",
    ),
    pytest.param([change(TRAVEL, 1, "-10000.01")], DECREASE, "changes", id="month-below-zero"),
]


class TestRequestRefusals:
    """Changes that break a rule are a `rule_violation` naming the part at fault."""

    @pytest.mark.parametrize(("changes", "kind", "field"), BAD_CHANGES)
    def test_refused(
        self, changes: list[AdjustmentChange], kind: AdjustmentKind, field: str
    ) -> None:
        with pytest.raises(RuleViolation) as refused:
            decide(history(APPROVED), request(changes, kind), HEAD)
        assert refused.value.code == "rule_violation"
        assert refused.value.details["field"] == field

    def test_a_transfer_that_does_not_add_up_names_its_sum(self) -> None:
        changes = [change(TRAVEL, 1, "-1.00"), change(SERVERS, 3, "0.99")]
        with pytest.raises(RuleViolation) as refused:
            decide(history(APPROVED), request(changes), HEAD)
        assert refused.value.details["sum"] == "-0.01"

    def test_no_month_is_left_below_zero(self) -> None:
        with pytest.raises(RuleViolation) as refused:
            decide(history(APPROVED), request([change(TRAVEL, 1, "-10000.01")], DECREASE), HEAD)
        assert refused.value.details == {
            "field": "changes",
            "account": TRAVEL,
            "month": 1,
            "approved": "-0.01",
        }

    def test_no_account_is_left_below_what_is_committed_and_spent(self) -> None:
        """Servers: 50,000.00 approved in March and in September; 30,000.00 committed for
        March and 15,000.00 spent in September. Taking 36,000.00 from March leaves 14,000.00
        against the 30,000.00 committed: March to August would be 16,000.00 short, August the
        latest of them. Taking 20,000.00 leaves nothing spare and is allowed."""
        past = then(
            history(APPROVED),
            committed(SERVERS, 3, "30000.00", "PO-S"),
            spent(SERVERS, 9, "15000.00", "INV-S"),
        )
        with pytest.raises(RuleViolation) as refused:
            decide(past, request([change(SERVERS, 3, "-36000.00")], DECREASE), HEAD)
        assert refused.value.details == {
            "field": "changes",
            "account": SERVERS,
            "month": 8,
            "available": "-16000.00",
        }
        events, _ = decide(past, request([change(SERVERS, 3, "-20000.00")], DECREASE), HEAD)
        assert [type(e) for e in events] == [AdjustmentRequested]


class TestAdjustingAnOverspentBudget:
    """Under `warn` an account may be overspent already; an adjustment is refused only when it
    leaves some month below zero by lowering what is available there."""

    PAST = then(history(WARN_APPROVED), spent(SERVERS, 3, "60000.00", "INV-S"))

    def test_an_adjustment_elsewhere_is_not_held_up(self) -> None:
        events, _ = decide(self.PAST, request([change(TRAVEL, 1, "-100.00")], DECREASE), HEAD)
        assert [type(e) for e in events] == [AdjustmentRequested]

    def test_moving_money_that_is_not_needed_is_not_held_up(self) -> None:
        """September's 50,000.00 is not needed before September: moving 5,000.00 of it to
        December leaves March..August at -10,000.00, no lower than before."""
        changes = [change(SERVERS, 9, "-5000.00"), change(SERVERS, 12, "5000.00")]
        events, _ = decide(self.PAST, request(changes), HEAD)
        assert [type(e) for e in events] == [AdjustmentRequested]

    def test_making_it_worse_is_refused(self) -> None:
        changes = [change(SERVERS, 3, "-1000.00"), change(SERVERS, 12, "1000.00")]
        with pytest.raises(RuleViolation) as refused:
            decide(self.PAST, request(changes), HEAD)
        assert refused.value.details["available"] == "-11000.00"

    def test_an_increase_that_only_lessens_the_overspend_is_allowed(self) -> None:
        events, _ = decide(self.PAST, request([change(SERVERS, 3, "4000.00")], INCREASE), HEAD)
        assert [type(e) for e in events] == [AdjustmentRequested]


class TestReview:
    """Finance reviews the pending adjustment, never its requester: a pass sends it to
    management, a return ends it."""

    def test_a_pass_records_the_reviewer(self) -> None:
        events, after = decide(history(ADJUSTMENT_PENDING), review_adjustment(), ACCOUNTANT)
        assert events == [
            AdjustmentReviewed(
                occurred_at=events[0].occurred_at,
                actor=ACCOUNTANT,
                adjustment_no=1,
                verdict=Verdict.PASS,
            )
        ]
        pending = given(after).pending_adjustment
        assert pending is not None
        assert pending.reviewed_by == ACCOUNTANT.id

    def test_a_return_ends_the_adjustment(self) -> None:
        past = history(ADJUSTMENT_PENDING)
        events, after = decide(past, review_adjustment(Verdict.RETURN), ACCOUNTANT)
        assert [type(e) for e in events] == [AdjustmentReviewed]
        budget = given(after)
        assert (budget.pending_adjustment, budget.adjustments_returned) == (None, 1)
        assert budget.approved(TRAVEL) == given(past).approved(TRAVEL)

    def test_the_requester_may_not_review_it(self) -> None:
        both = actor("u-head-fin", Role.DEPARTMENT_HEAD, Role.FINANCE)
        _, past = decide(history(APPROVED), request(), both)
        with pytest.raises(SegregationOfDuties) as refused:
            decide(past, review_adjustment(), both)
        assert refused.value.details == {"duty": "requested", "action": "review"}
        assert "this adjustment" in refused.value.message

    def test_it_is_reviewed_once(self) -> None:
        with pytest.raises(RuleViolation) as refused:
            decide(history(ADJUSTMENT_REVIEWED), review_adjustment(), OTHER_ACCOUNTANT)
        assert refused.value.details == {"adjustment_no": 1}

    def test_nothing_to_review(self) -> None:
        with pytest.raises(RuleViolation, match="no adjustment"):
            decide(history(APPROVED), review_adjustment(), ACCOUNTANT)


class TestApprove:
    """Management approves an adjustment finance passed, never its requester nor its
    reviewer; the approved amounts change from then on."""

    def test_approved_amounts_change(self) -> None:
        past = history(ADJUSTMENT_REVIEWED)
        events, after = decide(past, COMMANDS["approve_adjustment"], BOSS)
        assert events == [
            BudgetAdjusted(
                occurred_at=events[0].occurred_at,
                actor=BOSS,
                adjustment_no=1,
                kind=AdjustmentKind.TRANSFER,
                changes=TRANSFER,
                currency="CNY",
                requested_by=HEAD.id,
                reviewed_by=ACCOUNTANT.id,
            )
        ]
        budget = given(after)
        assert budget.approved(TRAVEL)[11] == D("9000.00")
        assert budget.approved(SERVERS)[8] == D("51000.00")
        assert (budget.pending_adjustment, budget.adjustments_approved) == (None, 1)
        # The plan as approved stays what it was; the amounts in force are adjusted.
        assert budget.lines == given(past).lines

    def test_only_after_review(self) -> None:
        with pytest.raises(RuleViolation, match="reviewed by finance before") as refused:
            decide(history(ADJUSTMENT_PENDING), COMMANDS["approve_adjustment"], BOSS)
        assert refused.value.details == {"adjustment_no": 1}

    def test_nothing_to_approve(self) -> None:
        with pytest.raises(RuleViolation, match="no adjustment"):
            decide(history(APPROVED), COMMANDS["approve_adjustment"], BOSS)

    def test_the_requester_may_not_approve_it(self) -> None:
        both = actor("u-head-boss", Role.DEPARTMENT_HEAD, Role.MANAGEMENT)
        past = then(history(APPROVED), adjustment_requested(by=both), adjustment_reviewed())
        with pytest.raises(SegregationOfDuties) as refused:
            decide(past, COMMANDS["approve_adjustment"], both)
        assert refused.value.details == {"duty": "requested", "action": "approve"}

    def test_the_reviewer_may_not_approve_it(self) -> None:
        both = actor("u-fin-boss", Role.FINANCE, Role.MANAGEMENT)
        past = then(history(ADJUSTMENT_PENDING), adjustment_reviewed(by=both))
        with pytest.raises(SegregationOfDuties) as refused:
            decide(past, COMMANDS["approve_adjustment"], both)
        assert refused.value.details == {"duty": "reviewed", "action": "approve"}

    def test_it_must_still_fit_when_approved(self) -> None:
        """Commitments made while the adjustment awaited its decision count: December's
        travel has 120,000.00 through the year, 119,500.00 of it committed since the
        request, so taking 1,000.00 would leave -500.00; management can only reject it."""
        past = then(history(ADJUSTMENT_REVIEWED), committed(TRAVEL, 12, "119500.00", "PO-T"))
        with pytest.raises(RuleViolation) as refused:
            decide(past, COMMANDS["approve_adjustment"], OTHER_BOSS)
        assert refused.value.details["available"] == "-500.00"
        events, _ = decide(past, COMMANDS["reject_adjustment"], OTHER_BOSS)
        assert [type(e) for e in events] == [AdjustmentRejected]


class TestReject:
    """Management rejects an adjustment finance passed, with a reason, never its requester
    nor its reviewer; nothing changes."""

    def test_rejected(self) -> None:
        past = history(ADJUSTMENT_REVIEWED)
        events, after = decide(past, COMMANDS["reject_adjustment"], BOSS)
        assert events == [
            AdjustmentRejected(occurred_at=events[0].occurred_at, actor=BOSS, adjustment_no=1)
        ]
        budget = given(after)
        assert (budget.pending_adjustment, budget.adjustments_rejected) == (None, 1)
        assert budget.accounts == given(past).accounts

    def test_only_after_review(self) -> None:
        with pytest.raises(RuleViolation):
            decide(history(ADJUSTMENT_PENDING), COMMANDS["reject_adjustment"], BOSS)

    @pytest.mark.parametrize("duty", ["requested", "reviewed"])
    def test_neither_requester_nor_reviewer_rejects_it(self, duty: str) -> None:
        who = actor(HEAD.id if duty == "requested" else ACCOUNTANT.id, Role.MANAGEMENT)
        with pytest.raises(SegregationOfDuties) as refused:
            decide(history(ADJUSTMENT_REVIEWED), COMMANDS["reject_adjustment"], who)
        assert refused.value.details == {"duty": duty, "action": "reject"}
