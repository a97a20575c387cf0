"""Identifying a risk and assessing it, inherent and residual (DOMAIN §6 `risk.identify`,
`risk.assess`, `risk.assess_residual`)."""

from __future__ import annotations

from typing import Any

import pytest

from domain.risk.events import ResidualRiskAssessed, RiskAssessed, RiskIdentified
from domain.risk.values import Category, Level, Status, Strategy
from domain.shared.errors import RuleViolation
from tests.domain.risk.fixtures import (
    ACCEPTANCE_PENDING,
    ASSESSED,
    DESCRIPTION,
    IDENTIFIED,
    IDENTIFIER,
    INSURER,
    MITIGATED,
    MONITORING,
    OFFICER,
    OWNER,
    RELATED_ID,
    REOPENED,
    RESPONDING,
    RISK_ID,
    T0,
    TITLE,
    acceptance_approved,
    action_added,
    action_completed,
    assess,
    assess_residual,
    assessed,
    chosen,
    decide,
    given,
    history,
    identify_as,
    next_moment,
    review_dates,
    then,
)


class TestIdentify:
    """An employee identifies a risk and names its owner."""

    def test_the_risk_records_every_part(self) -> None:
        assert identify_as(IDENTIFIER) == [
            RiskIdentified(
                occurred_at=T0,
                actor=IDENTIFIER,
                risk_id=RISK_ID,
                title=TITLE,
                category=Category.OPERATIONAL,
                description=DESCRIPTION,
                owner_id=OWNER.id,
                department="procurement",
                related_id=RELATED_ID,
            )
        ]

    def test_the_identified_risk_has_its_owner_and_nothing_assessed(self) -> None:
        risk = given(identify_as(IDENTIFIER))
        assert risk.status is Status.IDENTIFIED
        assert (risk.owner_id, risk.identified_by) == (OWNER.id, IDENTIFIER.id)
        assert (risk.level, risk.strategy, risk.next_review_on) == (None, None, None)

    @pytest.mark.parametrize("category", list(Category))
    def test_every_category(self, category: Category) -> None:
        assert given(identify_as(IDENTIFIER, category=category)).category is category

    def test_the_identifier_may_own_it(self) -> None:
        assert given(identify_as(IDENTIFIER, owner_id=IDENTIFIER.id)).owner_id == IDENTIFIER.id

    def test_what_it_concerns_is_optional(self) -> None:
        assert given(identify_as(IDENTIFIER, related_id=None)).related_id is None

    @pytest.mark.parametrize("field", ["title", "description", "owner_id", "department"])
    def test_each_text_says_something(self, field: str) -> None:
        blank: dict[str, Any] = {field: " \t"}
        with pytest.raises(RuleViolation) as refused:
            identify_as(IDENTIFIER, **blank)
        assert refused.value.details == {"field": field}

    def test_what_it_concerns_if_named_says_something(self) -> None:
        with pytest.raises(RuleViolation) as refused:
            identify_as(IDENTIFIER, related_id="")
        assert refused.value.details == {"field": "related_id"}


class TestAssess:
    """The owner or a risk officer scores likelihood and impact; the matrix gives the level."""

    def test_the_assessment_records_scores_level_recommendation_and_next_review(self) -> None:
        past = history(IDENTIFIED)
        events, after = decide(past, assess(4, 3), OWNER)
        on, due = review_dates(Level.HIGH, next_moment(past))
        assert events == [
            RiskAssessed(
                occurred_at=next_moment(past),
                actor=OWNER,
                likelihood=4,
                impact=3,
                level=Level.HIGH,
                recommended_strategy=Strategy.REDUCE,
                next_review_on=on,
                review_due=due,
            )
        ]
        risk = given(after)
        assert risk.status is Status.ASSESSED
        assert (risk.likelihood, risk.impact, risk.level) == (4, 3, Level.HIGH)
        assert risk.recommended_strategy is Strategy.REDUCE
        assert (risk.next_review_on, risk.review_due) == (on, due)

    def test_an_assessed_risk_is_assessed_again_before_responding(self) -> None:
        _, after = decide(history(ASSESSED), assess(2, 2), OFFICER)
        risk = given(after)
        assert (risk.status, risk.level) == (Status.ASSESSED, Level.LOW)

    @pytest.mark.parametrize("road", [RESPONDING, MONITORING], ids=["responding", "monitoring"])
    def test_a_new_assessment_voids_the_response_and_the_risk_is_responded_to_afresh(
        self, road: tuple[Any, ...]
    ) -> None:
        _, after = decide(history(road), assess(5, 5), OFFICER)
        risk = given(after)
        assert (risk.status, risk.level) == (Status.ASSESSED, Level.CRITICAL)
        assert (risk.strategy, risk.response_chosen_by, risk.residual_level) == (None, None, None)
        assert not risk.mitigated
        assert list(risk.actions) == ["A-1"]  # actions are facts: they stay

    def test_a_new_assessment_voids_an_approved_acceptance(self) -> None:
        past = then(history(ACCEPTANCE_PENDING), acceptance_approved)
        _, after = decide(past, assess(5, 4), OFFICER)
        risk = given(after)
        assert (risk.approval_required, risk.acceptance_approved_by) == (False, None)

    def test_a_reopened_risk_is_assessed_afresh(self) -> None:
        _, after = decide(history(REOPENED), assess(3, 3), OWNER)
        risk = given(after)
        assert (risk.status, risk.level, risk.strategy) == (Status.ASSESSED, Level.MEDIUM, None)


class TestAssessResidual:
    """A risk officer assesses the risk that remains: never above the inherent risk, and lower
    only after a completed mitigation action or a transfer."""

    def test_after_a_completed_action_the_residual_risk_is_lower_and_monitored(self) -> None:
        past = history(MITIGATED)
        events, after = decide(past, assess_residual(2, 3), OFFICER)
        on, due = review_dates(Level.MEDIUM, next_moment(past))
        assert events == [
            ResidualRiskAssessed(
                occurred_at=next_moment(past),
                actor=OFFICER,
                likelihood=2,
                impact=3,
                level=Level.MEDIUM,
                next_review_on=on,
                review_due=due,
            )
        ]
        risk = given(after)
        assert risk.status is Status.MONITORING
        assert (risk.residual_likelihood, risk.residual_impact) == (2, 3)
        assert (risk.residual_level, risk.level) == (Level.MEDIUM, Level.HIGH)
        assert risk.current_level is Level.MEDIUM
        assert (risk.next_review_on, risk.review_due) == (on, due)

    def test_as_high_as_the_inherent_risk_needs_nothing_done(self) -> None:
        _, after = decide(history(RESPONDING), assess_residual(4, 3), OFFICER)
        assert given(after).residual_level is Level.HIGH

    @pytest.mark.parametrize(("likelihood", "impact"), [(2, 3), (4, 2), (1, 1)])
    def test_lower_with_nothing_completed_is_refused(self, likelihood: int, impact: int) -> None:
        past = history(RESPONDING)  # A-1 still open
        with pytest.raises(RuleViolation, match="only after a mitigation action"):
            assess_residual(likelihood, impact)(given(past), OFFICER, next_moment(past))

    def test_lower_after_a_transfer(self) -> None:
        past = then(history(ASSESSED), chosen(Strategy.TRANSFER, counterparty=INSURER))
        _, after = decide(past, assess_residual(4, 1), OFFICER)
        assert given(after).residual_level is Level.MEDIUM

    @pytest.mark.parametrize(
        ("likelihood", "impact", "field"),
        [(5, 3, "likelihood"), (4, 4, "impact"), (5, 1, "likelihood"), (1, 5, "impact")],
    )
    def test_never_above_the_inherent_likelihood_or_impact(
        self, likelihood: int, impact: int, field: str
    ) -> None:
        """Above either score is above the inherent risk, even when the level would not be
        (likelihood 5, impact 1 is medium, below the inherent high)."""
        past = history(MITIGATED)  # inherent: likelihood 4, impact 3
        with pytest.raises(RuleViolation) as refused:
            assess_residual(likelihood, impact)(given(past), OFFICER, next_moment(past))
        assert refused.value.details["field"] == field

    def test_an_action_completed_before_a_new_assessment_does_not_count(self) -> None:
        """A completed action mitigates the assessment it was done under; the risk assessed
        afresh needs its own."""
        past = then(history(MITIGATED), assessed(), chosen())
        with pytest.raises(RuleViolation, match="only after a mitigation action"):
            assess_residual(2, 3)(given(past), OFFICER, next_moment(past))

    def test_an_action_completed_after_the_new_assessment_counts(self) -> None:
        past = then(
            history(RESPONDING), assessed(), chosen(), action_added("A-2"), action_completed("A-2")
        )
        _, after = decide(past, assess_residual(2, 3), OFFICER)
        assert given(after).status is Status.MONITORING

    def test_not_while_an_acceptance_awaits_approval(self) -> None:
        past = history(ACCEPTANCE_PENDING)
        with pytest.raises(RuleViolation, match="awaits management's approval"):
            assess_residual(5, 4)(given(past), OFFICER, next_moment(past))

    def test_once_the_acceptance_is_approved(self) -> None:
        past = then(history(ACCEPTANCE_PENDING), acceptance_approved)
        _, after = decide(past, assess_residual(5, 4), OFFICER)
        assert given(after).status is Status.MONITORING

    def test_assessed_again_while_monitoring_it_may_rise_back_to_the_inherent_risk(self) -> None:
        _, after = decide(history(MONITORING), assess_residual(4, 3), OFFICER)
        assert given(after).residual_level is Level.HIGH

    @pytest.mark.parametrize("bad", [0, 6, False])
    def test_scores_are_whole_numbers_from_1_to_5(self, bad: int) -> None:
        past = history(MITIGATED)
        with pytest.raises(RuleViolation) as refused:
            assess_residual(bad, 1)(given(past), OFFICER, next_moment(past))
        assert refused.value.details == {"field": "likelihood"}
