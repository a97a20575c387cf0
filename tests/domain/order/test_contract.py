"""Contract review and signing (DOMAIN §2 `order.request_review`, `review_clause`, `sign`)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType

import pytest

from domain.order import decisions
from domain.order.events import (
    ContractApproved,
    ContractClauseReviewed,
    ContractRejected,
    ContractReviewRequested,
    ContractSigned,
    OrderEvent,
)
from domain.order.values import Aspect, OrderLine, Status, Verdict
from domain.shared.actor import Actor, Role
from domain.shared.errors import Forbidden, RuleViolation, SegregationOfDuties
from domain.shared.money import Money
from tests.domain.order.fixtures import (
    APPROVED,
    BOSS,
    DRAFT,
    LAWYER,
    MANAGER,
    REP,
    REVIEWER,
    UNDER_REVIEW,
    actor,
    approved,
    drafted,
    given,
    history,
    next_moment,
    rejected,
    review_requested,
    reviewed,
    then,
)


def review(
    past: list[OrderEvent],
    aspect: Aspect,
    verdict: Verdict = Verdict.PASS,
    *,
    notes: str = "ok",
    by: Actor | None = None,
) -> list[OrderEvent]:
    """`aspect` reviewed by its usual reviewer (or `by`) one hour after `past`."""
    return decisions.review_clause(
        given(past),
        aspect=aspect,
        verdict=verdict,
        notes=notes,
        actor=by or REVIEWER[aspect],
        at=next_moment(past),
    )


class TestRequestReview:
    """A sales rep sends the draft's contract for review."""

    def test_the_order_goes_under_review(self) -> None:
        past = history(DRAFT)
        at = next_moment(past)
        events = decisions.request_review(given(past), actor=REP, at=at)
        assert events == [ContractReviewRequested(occurred_at=at, actor=REP)]
        assert given([*past, *events]).status is Status.UNDER_REVIEW


class TestReviewClause:
    """Three aspects, each by its own role; all three pass: approved; one fails: rejected."""

    @pytest.mark.parametrize("aspect", list(Aspect))
    def test_a_pass_is_recorded_and_nothing_else_while_aspects_remain(self, aspect: Aspect) -> None:
        past = history(UNDER_REVIEW)
        at = next_moment(past)
        assert review(past, aspect) == [
            ContractClauseReviewed(
                occurred_at=at,
                actor=REVIEWER[aspect],
                aspect=aspect,
                verdict=Verdict.PASS,
                notes="ok",
            )
        ]

    @pytest.mark.parametrize(
        "order_of_review",
        [
            (Aspect.LEGAL, Aspect.FINANCIAL, Aspect.RISK),
            (Aspect.RISK, Aspect.LEGAL, Aspect.FINANCIAL),
            (Aspect.FINANCIAL, Aspect.RISK, Aspect.LEGAL),
        ],
    )
    def test_the_third_pass_approves_the_contract(
        self, order_of_review: tuple[Aspect, Aspect, Aspect]
    ) -> None:
        first, second, last = order_of_review
        past = then(history(UNDER_REVIEW), reviewed(first), reviewed(second))
        events = review(past, last)
        assert [type(e) for e in events] == [ContractClauseReviewed, ContractApproved]
        assert events[1].actor == REVIEWER[last]
        assert given([*past, *events]).status is Status.APPROVED

    @pytest.mark.parametrize("passed_before", [(), (Aspect.LEGAL,), (Aspect.LEGAL, Aspect.RISK)])
    def test_a_fail_rejects_the_contract_at_once(self, passed_before: tuple[Aspect, ...]) -> None:
        past = then(history(UNDER_REVIEW), *(reviewed(a) for a in passed_before))
        events = review(
            past, Aspect.FINANCIAL, Verdict.FAIL, notes="付款条件过宽 (terms too loose)"
        )
        assert [type(e) for e in events] == [ContractClauseReviewed, ContractRejected]
        assert events[1] == ContractRejected(
            occurred_at=next_moment(past), actor=REVIEWER[Aspect.FINANCIAL], aspect=Aspect.FINANCIAL
        )
        order = given([*past, *events])
        assert order.status is Status.DRAFT
        assert order.passed_aspects == frozenset()
        assert order.rejections == 1

    def test_a_fail_says_why(self) -> None:
        with pytest.raises(RuleViolation) as refused:
            review(history(UNDER_REVIEW), Aspect.RISK, Verdict.FAIL, notes=" ")
        assert refused.value.details == {"field": "notes"}

    def test_a_pass_needs_no_notes(self) -> None:
        assert review(history(UNDER_REVIEW), Aspect.RISK, notes="")

    def test_an_aspect_is_judged_once_a_round(self) -> None:
        past = then(history(UNDER_REVIEW), reviewed(Aspect.LEGAL))
        for verdict in Verdict:
            with pytest.raises(RuleViolation) as refused:
                review(past, Aspect.LEGAL, verdict, notes="again")
            assert refused.value.details == {"field": "aspect", "aspect": "legal"}

    def test_after_a_rejection_the_amended_contract_is_reviewed_afresh(self) -> None:
        past = then(
            history(UNDER_REVIEW),
            reviewed(Aspect.LEGAL),
            reviewed(Aspect.RISK, Verdict.FAIL),
            lambda at: rejected(at, aspect=Aspect.RISK),
            review_requested,
            reviewed(Aspect.RISK),
            reviewed(Aspect.FINANCIAL),
        )
        assert given(past).passed_aspects == {Aspect.RISK, Aspect.FINANCIAL}
        events = review(past, Aspect.LEGAL)  # legal's pass in the first round no longer counts
        assert [type(e) for e in events] == [ContractClauseReviewed, ContractApproved]

    @pytest.mark.parametrize(
        ("aspect", "role"),
        [
            (Aspect.LEGAL, Role.LEGAL),
            (Aspect.FINANCIAL, Role.FINANCE),
            (Aspect.RISK, Role.RISK_OFFICER),
        ],
    )
    def test_only_the_aspects_own_role_reviews_it(self, aspect: Aspect, role: Role) -> None:
        for other in {Role.LEGAL, Role.FINANCE, Role.RISK_OFFICER} - {role}:
            with pytest.raises(Forbidden) as refused:
                review(history(UNDER_REVIEW), aspect, by=actor("u-x", other))
            assert refused.value.details["allowed_roles"] == role.value

    def test_the_orders_sales_rep_may_not_review_it_whatever_roles_they_hold(self) -> None:
        rep_and_lawyer = actor(REP.id, Role.SALES_REP, Role.LEGAL)
        with pytest.raises(SegregationOfDuties) as refused:
            review(history(UNDER_REVIEW), Aspect.LEGAL, by=rep_and_lawyer)
        assert refused.value.code == "segregation_of_duties"
        assert refused.value.details == {"duty": "drafted", "action": "review"}
        assert refused.value.message == "u-rep-1 already drafted this order and may not review it"

    def test_another_sales_rep_who_is_also_a_lawyer_may_review(self) -> None:
        other_rep_and_lawyer = actor("u-rep-2", Role.SALES_REP, Role.LEGAL)
        assert review(history(UNDER_REVIEW), Aspect.LEGAL, by=other_rep_and_lawyer)


#: A signing policy with the default CNY limit and a USD limit, and no limit for EUR.
LIMITS: Mapping[str, Money] = MappingProxyType(
    {"CNY": Money.parse("1000000", "CNY"), "USD": Money.parse("150000", "USD")}
)


def approved_order_worth(total: str, *, currency: str = "CNY") -> list[OrderEvent]:
    """An approved order of one line whose value is `total` in `currency`."""
    line = OrderLine(sku="M-1", description="machine", quantity=1, unit_price=Decimal(total))
    return then(
        [drafted(lines=(line,), currency=currency)],
        review_requested,
        reviewed(Aspect.LEGAL),
        reviewed(Aspect.FINANCIAL),
        reviewed(Aspect.RISK),
        approved,
    )


def sign(past: list[OrderEvent], by: Actor, *, signatory_id: str | None = None) -> list[OrderEvent]:
    return decisions.sign(
        given(past),
        signatory_id=by.id if signatory_id is None else signatory_id,
        actor=by,
        at=next_moment(past),
        signing_limits=LIMITS,
    )


class TestSign:
    """A sales manager signs up to the limit of the order's currency; management above it."""

    def test_the_signature_records_the_signatory_value_and_limit(self) -> None:
        past = history(APPROVED)
        assert sign(past, MANAGER) == [
            ContractSigned(
                occurred_at=next_moment(past),
                actor=MANAGER,
                signatory_id=MANAGER.id,
                order_value=Decimal("1102.50"),
                signing_limit=Decimal("1000000.00"),
            )
        ]
        assert given([*past, *sign(past, MANAGER)]).status is Status.SIGNED

    @pytest.mark.parametrize(
        ("total", "currency", "manager_may"),
        [
            ("999999.99", "CNY", True),
            ("1000000.00", "CNY", True),  # up to the limit: the limit itself is within it
            ("1000000.01", "CNY", False),
            ("150000.00", "USD", True),
            ("150000.01", "USD", False),
            ("0.01", "EUR", False),  # no limit configured for EUR: management signs
        ],
    )
    def test_the_limit_decides_who_signs(
        self, total: str, currency: str, manager_may: bool
    ) -> None:
        past = approved_order_worth(total, currency=currency)
        assert [type(e) for e in sign(past, BOSS)] == [ContractSigned]
        if manager_may:
            assert [type(e) for e in sign(past, MANAGER)] == [ContractSigned]
        else:
            with pytest.raises(Forbidden) as refused:
                sign(past, MANAGER)
            assert refused.value.details["allowed_roles"] == "management"

    def test_the_default_policy_is_a_million_cny(self) -> None:
        past = approved_order_worth("1000000.01")
        with pytest.raises(Forbidden):
            decisions.sign(
                given(past), signatory_id=MANAGER.id, actor=MANAGER, at=next_moment(past)
            )
        signed = decisions.sign(given(past), signatory_id=BOSS.id, actor=BOSS, at=next_moment(past))
        assert isinstance(signed[0], ContractSigned)
        assert signed[0].signing_limit == Decimal("1000000.00")

    def test_the_signature_says_when_no_limit_was_configured(self) -> None:
        events = sign(approved_order_worth("10.00", currency="EUR"), BOSS)
        assert isinstance(events[0], ContractSigned)
        assert events[0].signing_limit is None

    def test_the_signatory_is_the_actor(self) -> None:
        with pytest.raises(RuleViolation) as refused:
            sign(history(APPROVED), MANAGER, signatory_id=BOSS.id)
        assert refused.value.details == {"field": "signatory_id"}

    def test_the_orders_sales_rep_never_signs_it(self) -> None:
        rep_and_manager = actor(REP.id, Role.SALES_REP, Role.SALES_MANAGER)
        with pytest.raises(SegregationOfDuties) as refused:
            sign(history(APPROVED), rep_and_manager)
        assert refused.value.details == {"duty": "drafted", "action": "sign"}

    def test_not_even_when_they_are_management(self) -> None:
        rep_and_boss = actor(REP.id, Role.SALES_REP, Role.MANAGEMENT)
        with pytest.raises(SegregationOfDuties):
            sign(history(APPROVED), rep_and_boss)

    def test_a_lawyer_who_reviewed_cannot_sign_without_a_signing_role(self) -> None:
        with pytest.raises(Forbidden):
            sign(history(APPROVED), LAWYER)
