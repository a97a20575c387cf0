"""Choosing the response, and management approving an acceptance (DOMAIN §6
`risk.choose_response`, `risk.approve_acceptance`)."""

from __future__ import annotations

import pytest

from domain.risk.events import ResponseChosen, RiskAcceptanceApproved
from domain.risk.values import Level, Status, Strategy
from domain.shared.actor import Role
from domain.shared.errors import RuleViolation, SegregationOfDuties
from tests.domain.risk.fixtures import (
    ACCEPTANCE_PENDING,
    ASSESSED,
    BOSS,
    COMMANDS,
    CRITICAL,
    IDENTIFIED,
    INSURER,
    MONITORING,
    OFFICER,
    OWNER,
    RATIONALE,
    RESPONDING,
    Step,
    acceptance_approved,
    actor,
    assessed,
    choose,
    decide,
    given,
    history,
    next_moment,
    then,
)

#: An assessed risk at each level, and the response the policy recommends for it.
AT_LEVEL: dict[Level, tuple[Step, ...]] = {
    Level.LOW: (*IDENTIFIED, assessed(1, 1, Level.LOW, Strategy.ACCEPT)),
    Level.MEDIUM: (*IDENTIFIED, assessed(3, 3, Level.MEDIUM, None)),
    Level.HIGH: ASSESSED,
    Level.CRITICAL: CRITICAL,
}


class TestChooseResponse:
    """The owner or a risk officer chooses the response, beside the one recommended."""

    def test_the_response_records_the_recommendation_beside_the_choice(self) -> None:
        past = history(CRITICAL)  # the policy recommends avoiding it
        events, after = decide(past, choose(Strategy.REDUCE), OWNER)
        assert events == [
            ResponseChosen(
                occurred_at=next_moment(past),
                actor=OWNER,
                strategy=Strategy.REDUCE,
                rationale=RATIONALE,
                counterparty=None,
                recommended_strategy=Strategy.AVOID,
                level=Level.CRITICAL,
                approval_required=False,
            )
        ]
        risk = given(after)
        assert risk.status is Status.RESPONDING
        assert (risk.strategy, risk.recommended_strategy) == (Strategy.REDUCE, Strategy.AVOID)
        assert risk.response_chosen_by == OWNER.id

    def test_where_the_policy_recommends_nothing_none_is_recorded(self) -> None:
        (event,), _ = decide(history(AT_LEVEL[Level.MEDIUM]), choose(Strategy.REDUCE), OWNER)
        assert isinstance(event, ResponseChosen)
        assert event.recommended_strategy is None

    def test_a_transfer_names_its_counterparty(self) -> None:
        (event,), after = decide(
            history(ASSESSED), choose(Strategy.TRANSFER, counterparty=INSURER), OFFICER
        )
        assert isinstance(event, ResponseChosen)
        assert (event.strategy, event.counterparty) == (Strategy.TRANSFER, INSURER)
        assert given(after).counterparty == INSURER

    @pytest.mark.parametrize("counterparty", [None, "", "  "])
    def test_a_transfer_without_a_counterparty_is_refused(self, counterparty: str | None) -> None:
        past = history(ASSESSED)
        with pytest.raises(RuleViolation) as refused:
            choose(Strategy.TRANSFER, counterparty=counterparty)(
                given(past), OWNER, next_moment(past)
            )
        assert refused.value.details == {"field": "counterparty"}

    @pytest.mark.parametrize("strategy", [Strategy.AVOID, Strategy.REDUCE, Strategy.ACCEPT])
    def test_only_a_transfer_names_a_counterparty(self, strategy: Strategy) -> None:
        past = history(ASSESSED)
        with pytest.raises(RuleViolation) as refused:
            choose(strategy, counterparty=INSURER)(given(past), OWNER, next_moment(past))
        assert refused.value.details == {"field": "counterparty"}

    def test_the_rationale_says_something(self) -> None:
        past = history(ASSESSED)
        with pytest.raises(RuleViolation) as refused:
            choose(Strategy.REDUCE, rationale=" ")(given(past), OWNER, next_moment(past))
        assert refused.value.details == {"field": "rationale"}

    @pytest.mark.parametrize(
        ("level", "pending"),
        [(Level.LOW, False), (Level.MEDIUM, False), (Level.HIGH, True), (Level.CRITICAL, True)],
    )
    def test_accepting_a_high_or_critical_risk_waits_for_management(
        self, level: Level, pending: bool
    ) -> None:
        (event,), after = decide(history(AT_LEVEL[level]), choose(Strategy.ACCEPT), OWNER)
        assert isinstance(event, ResponseChosen)
        assert (event.level, event.approval_required) == (level, pending)
        assert given(after).acceptance_pending is pending

    @pytest.mark.parametrize("strategy", [Strategy.AVOID, Strategy.REDUCE])
    def test_other_responses_to_a_critical_risk_need_no_approval(self, strategy: Strategy) -> None:
        (event,), _ = decide(history(CRITICAL), choose(strategy), OWNER)
        assert isinstance(event, ResponseChosen)
        assert not event.approval_required

    def test_a_response_chosen_afresh_replaces_a_pending_acceptance(self) -> None:
        _, after = decide(history(ACCEPTANCE_PENDING), choose(Strategy.AVOID), OWNER)
        risk = given(after)
        assert (risk.strategy, risk.acceptance_pending) == (Strategy.AVOID, False)

    def test_a_response_chosen_afresh_while_monitoring_goes_back_to_responding(self) -> None:
        _, after = decide(
            history(MONITORING), choose(Strategy.TRANSFER, counterparty=INSURER), OFFICER
        )
        risk = given(after)
        assert (risk.status, risk.strategy) == (Status.RESPONDING, Strategy.TRANSFER)
        assert risk.residual_level is None  # assessed for the response it replaced
        assert risk.current_level is Level.HIGH


class TestApproveAcceptance:
    """Management approves accepting a high or critical risk; never its owner, nor the one who
    chose to accept it."""

    def test_management_approves(self) -> None:
        past = history(ACCEPTANCE_PENDING)
        events, after = decide(past, COMMANDS["approve_acceptance"], BOSS)
        assert events == [RiskAcceptanceApproved(occurred_at=next_moment(past), actor=BOSS)]
        risk = given(after)
        assert (risk.status, risk.acceptance_pending) == (Status.RESPONDING, False)
        assert risk.acceptance_approved_by == BOSS.id

    def test_the_owner_may_not_approve_accepting_their_own_risk(self) -> None:
        boss_who_owns = actor(OWNER.id, Role.MANAGEMENT)
        past = then(
            history(CRITICAL),
            lambda at: ResponseChosen(
                occurred_at=at,
                actor=OFFICER,
                strategy=Strategy.ACCEPT,
                rationale=RATIONALE,
                counterparty=None,
                recommended_strategy=Strategy.AVOID,
                level=Level.CRITICAL,
                approval_required=True,
            ),
        )
        with pytest.raises(SegregationOfDuties) as refused:
            COMMANDS["approve_acceptance"](given(past), boss_who_owns, next_moment(past))
        assert refused.value.code == "segregation_of_duties"
        assert refused.value.details == {"duty": "owns", "action": "approve the acceptance of"}
        assert refused.value.message == (
            f"{OWNER.id} already owns this risk and may not approve the acceptance of it"
        )

    def test_whoever_chose_to_accept_may_not_approve_it(self) -> None:
        officer_and_boss = actor("u-risk-boss", Role.RISK_OFFICER, Role.MANAGEMENT)
        past = history(CRITICAL)
        _, pending = decide(past, choose(Strategy.ACCEPT), officer_and_boss)
        with pytest.raises(SegregationOfDuties) as refused:
            COMMANDS["approve_acceptance"](given(pending), officer_and_boss, next_moment(pending))
        assert refused.value.details["duty"] == "chose to accept"

    def test_nothing_to_approve_without_a_pending_acceptance(self) -> None:
        past = history(RESPONDING)
        with pytest.raises(RuleViolation, match="no acceptance"):
            COMMANDS["approve_acceptance"](given(past), BOSS, next_moment(past))

    def test_an_acceptance_is_approved_once(self) -> None:
        past = then(history(ACCEPTANCE_PENDING), acceptance_approved)
        with pytest.raises(RuleViolation, match="no acceptance"):
            COMMANDS["approve_acceptance"](given(past), BOSS, next_moment(past))
