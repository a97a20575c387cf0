"""Submitting and approving the plan (DOMAIN §4 `project.submit_plan`, `project.approve_plan`)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from domain.project import decisions
from domain.project.events import PlanApproved, PlanSubmitted
from domain.project.values import Baseline, Milestone, Status
from domain.shared.actor import Actor, Role
from domain.shared.errors import RuleViolation, SegregationOfDuties
from domain.shared.money import Money
from tests.domain.project.fixtures import (
    BASELINE,
    BOSS,
    COMMANDS,
    COMMUNICATION_PLAN,
    HEAD,
    M1,
    M2,
    M3,
    MILESTONES,
    PLAN_SUBMITTED,
    PLANNED_END,
    PLANNED_START,
    PLANNING,
    PM,
    QUALITY_PLAN,
    RISK_PLAN,
    actor,
    appointed,
    cny,
    decide,
    given,
    history,
    next_moment,
    plan_submitted,
    submit,
    then,
)


def milestone(name: str, weight: str, due: date = date(2026, 8, 1)) -> Milestone:
    return Milestone(name=name, due=due, weight=Decimal(weight))


def refused_plan(milestones: tuple[Milestone, ...] = MILESTONES, /, **parts: Any) -> RuleViolation:
    """The refusal of a plan with these milestones and parts, submitted by the manager."""
    with pytest.raises(RuleViolation) as refused:
        decide(history(PLANNING), submit(milestones, **parts), PM)
    return refused.value


class TestSubmitPlan:
    """The project manager submits a plan with all four parts."""

    def test_the_plan_is_recorded_and_awaits_approval(self) -> None:
        past = history(PLANNING)
        events, after = decide(past, submit(), PM)
        assert events == [
            PlanSubmitted(
                occurred_at=next_moment(past),
                actor=PM,
                milestones=MILESTONES,
                quality_plan=QUALITY_PLAN,
                risk_plan=RISK_PLAN,
                communication_plan=COMMUNICATION_PLAN,
                baseline_cost=Decimal("400000.00"),
                currency="CNY",
            )
        ]
        project = given(after)
        assert project.status is Status.PLANNING
        assert project.submitted_plan is not None
        assert project.plan_submitted_by == PM.id
        assert project.milestones == ()  # nothing is the baseline before approval

    def test_a_plan_submitted_again_replaces_the_earlier_one(self) -> None:
        fixed = (milestone("all", "1", PLANNED_END),)
        _, after = decide(history(PLAN_SUBMITTED), submit(fixed), PM)
        plan = given(after).submitted_plan
        assert plan is not None
        assert plan.milestones == fixed

    @pytest.mark.parametrize("part", ["quality_plan", "risk_plan", "communication_plan"])
    def test_each_written_part_says_something(self, part: str) -> None:
        assert refused_plan(**{part: " \n"}).details == {"field": part}

    def test_a_plan_has_milestones(self) -> None:
        assert refused_plan(()).details == {"field": "milestones"}


class TestMilestoneWeights:
    """The weights are shares above zero, to at most six places, adding up to exactly 1."""

    def test_one_tenth_two_tenths_and_seven_tenths_are_exactly_one(self) -> None:
        # In binary floating point 0.1 + 0.2 + 0.7 is 0.9999999999999999; in Decimal it is 1.
        weights = (milestone("a", "0.1"), milestone("b", "0.2"), milestone("c", "0.7"))
        assert decide(history(PLANNING), submit(weights), PM)[0]

    def test_thirds_to_six_places_add_up(self) -> None:
        weights = (
            milestone("a", "0.333333"),
            milestone("b", "0.333333"),
            milestone("c", "0.333334"),
        )
        assert decide(history(PLANNING), submit(weights), PM)[0]

    @pytest.mark.parametrize(
        ("weights", "total"), [(("0.2", "0.5", "0.29"), "0.99"), (("0.5", "0.51"), "1.01")]
    )
    def test_weights_adding_up_to_anything_else_are_refused(
        self, weights: tuple[str, ...], total: str
    ) -> None:
        plan = tuple(milestone(f"m{i}", w) for i, w in enumerate(weights))
        assert refused_plan(plan).details == {"field": "milestones", "weight_sum": total}

    @pytest.mark.parametrize("weight", ["0", "-0.5", "1.5", "0.0000001", "NaN", "Infinity"])
    def test_a_weight_out_of_bounds_is_refused(self, weight: str) -> None:
        plan = (milestone("a", "0.5"), milestone("b", weight))
        assert refused_plan(plan).details == {"field": "milestones[1].weight"}

    def test_a_float_weight_is_refused(self) -> None:
        plan = (Milestone(name="a", due=date(2026, 8, 1), weight=1.0),)  # type: ignore[arg-type]
        assert refused_plan(plan).details == {"field": "milestones[0].weight"}

    def test_trailing_zeros_are_not_extra_places(self) -> None:
        plan = (milestone("a", "0.250000000"), milestone("b", "0.75"))
        assert decide(history(PLANNING), submit(plan), PM)[0]


class TestMilestoneNamesAndDates:
    """Each milestone is named once and due within the project's planned dates."""

    @pytest.mark.parametrize("due", [PLANNED_START, PLANNED_END])
    def test_due_on_either_end_is_within(self, due: date) -> None:
        assert decide(history(PLANNING), submit((milestone("a", "1", due),)), PM)[0]

    @pytest.mark.parametrize("due", [date(2026, 6, 30), date(2026, 10, 1)])
    def test_due_outside_the_dates_is_refused(self, due: date) -> None:
        plan = (milestone("a", "0.5"), milestone("b", "0.5", due))
        assert refused_plan(plan).details == {"field": "milestones[1].due"}

    def test_due_on_a_day_not_at_an_instant(self) -> None:
        at_noon = datetime(2026, 8, 1, 12, tzinfo=UTC)
        plan = (Milestone(name="a", due=at_noon, weight=Decimal(1)),)
        assert refused_plan(plan).details == {"field": "milestones[0].due"}

    def test_each_milestone_is_named_once(self) -> None:
        plan = (milestone("a", "0.5"), milestone("a", "0.5"))
        assert refused_plan(plan).details == {"field": "milestones[1].name"}

    def test_a_name_says_something(self) -> None:
        assert refused_plan((milestone(" ", "1"),)).details == {"field": "milestones[0].name"}


class TestBaselineCost:
    """The baseline cost is above zero, in the project's currency, within the budget."""

    def test_the_whole_budget_may_be_planned(self) -> None:
        assert decide(history(PLANNING), submit(baseline=cny("500000.00")), PM)[0]

    def test_more_than_the_budget_is_refused(self) -> None:
        refused = refused_plan(baseline=cny("500000.01"))
        assert refused.details == {"field": "baseline_cost", "budget_amount": "500000.00"}

    @pytest.mark.parametrize("amount", [cny("0"), Money.parse("100", "USD")])
    def test_zero_or_another_currency_is_refused(self, amount: Money) -> None:
        assert refused_plan(baseline=amount).details == {"field": "baseline_cost"}


class TestApprovePlan:
    """Management or a department head approves the plan, never the manager who submitted
    it; approval freezes the baseline."""

    @pytest.mark.parametrize("approver", [BOSS, HEAD], ids=["management", "department_head"])
    def test_approval_freezes_the_baseline(self, approver: Actor) -> None:
        past = history(PLAN_SUBMITTED)
        events, after = decide(past, COMMANDS["approve_plan"], approver)
        at = next_moment(past)
        assert events == [
            PlanApproved(
                occurred_at=at,
                actor=approver,
                milestones=MILESTONES,
                baseline_cost=Decimal("400000.00"),
                currency="CNY",
            )
        ]
        project = given(after)
        assert project.status is Status.PLAN_APPROVED
        assert [m.name for m in project.milestones] == [M1, M2, M3]
        assert project.baseline_cost == BASELINE.amount
        assert project.baselines == (
            Baseline(effective_at=at, cost=BASELINE.amount, planned_end=PLANNED_END),
        )
        assert project.plan is not None
        assert project.plan.quality_plan == QUALITY_PLAN

    def test_the_manager_may_not_approve_their_own_plan(self) -> None:
        manager_and_boss = actor(PM.id, Role.PROJECT_MANAGER, Role.MANAGEMENT)
        with pytest.raises(SegregationOfDuties) as refused:
            decide(history(PLAN_SUBMITTED), COMMANDS["approve_plan"], manager_and_boss)
        assert refused.value.details == {"duty": "submitted", "action": "approve"}
        assert refused.value.message == (
            "u-pm-1 already submitted this project plan and may not approve it"
        )

    def test_a_plan_is_submitted_before_it_is_approved(self) -> None:
        with pytest.raises(RuleViolation, match="no plan has been submitted"):
            decide(history(PLANNING), COMMANDS["approve_plan"], BOSS)

    def test_the_plan_of_a_replaced_manager_is_void(self) -> None:
        past = then(history(PLANNING), plan_submitted(), appointed(BOSS))
        with pytest.raises(RuleViolation):
            decisions.approve_plan(given(past), actor=HEAD, at=next_moment(past))
