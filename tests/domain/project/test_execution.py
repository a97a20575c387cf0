"""Starting a project and recording its progress and costs (DOMAIN §4 `project.start`,
`record_progress`, `record_cost`)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.project import decisions
from domain.project.events import CostRecorded, ProgressRecorded, ProjectEvent, ProjectStarted
from domain.project.values import CostEntry, ProgressEntry, Status
from domain.shared.actor import Actor
from domain.shared.errors import RuleViolation
from domain.shared.money import Money
from tests.domain.project.fixtures import (
    ACCEPTED,
    ACCOUNTANT,
    COMMANDS,
    EXECUTING,
    M1,
    M2,
    ON_HOLD,
    PLAN_APPROVED,
    PM,
    Step,
    cny,
    cost,
    decide,
    given,
    history,
    next_moment,
    progress,
    then,
)

Steps = tuple[Step, ...]


def record_progress(
    past: list[ProjectEvent], milestone: str, percent: object
) -> list[ProjectEvent]:
    return decisions.record_progress(
        given(past),
        milestone=milestone,
        percent_complete=percent,  # type: ignore[arg-type]
        actor=PM,
        at=next_moment(past),
    )


def record_cost(
    past: list[ProjectEvent], amount: Money, *, by: Actor = ACCOUNTANT, description: str = "差旅"
) -> list[ProjectEvent]:
    return decisions.record_cost(
        given(past), amount=amount, description=description, actor=by, at=next_moment(past)
    )


class TestStart:
    """The project manager starts a project whose plan is approved."""

    def test_the_project_is_executing(self) -> None:
        past = history(PLAN_APPROVED)
        events, after = decide(past, COMMANDS["start"], PM)
        assert events == [ProjectStarted(occurred_at=next_moment(past), actor=PM)]
        assert given(after).status is Status.EXECUTING


class TestRecordProgress:
    """Progress per milestone of the plan, 0 to 100 percent, never decreasing."""

    def test_progress_is_recorded_with_its_business_time(self) -> None:
        past = history(EXECUTING)
        events = record_progress(past, M1, 60)
        at = next_moment(past)
        assert events == [
            ProgressRecorded(occurred_at=at, actor=PM, milestone=M1, percent_complete=60)
        ]
        project = given([*past, *events])
        assert project.percent_complete(M1) == 60
        assert project.percent_complete(M2) == 0
        assert project.progress_log == (ProgressEntry(at=at, milestone=M1, percent_complete=60),)

    @pytest.mark.parametrize("percent", [0, 100])
    def test_both_ends_are_allowed(self, percent: int) -> None:
        assert record_progress(history(EXECUTING), M1, percent)

    @pytest.mark.parametrize("percent", [-1, 101, Decimal("50"), 50.0, True, "50"])
    def test_anything_but_a_whole_number_from_0_to_100_is_refused(self, percent: object) -> None:
        with pytest.raises(RuleViolation) as refused:
            record_progress(history(EXECUTING), M1, percent)
        assert refused.value.details == {"field": "percent_complete"}

    def test_progress_never_decreases(self) -> None:
        past = then(history(EXECUTING), progress(M1, 60))
        with pytest.raises(RuleViolation) as refused:
            record_progress(past, M1, 59)
        assert refused.value.details == {"field": "percent_complete", "recorded": 60}

    def test_the_same_percent_again_is_not_a_decrease(self) -> None:
        past = then(history(EXECUTING), progress(M1, 60))
        assert record_progress(past, M1, 60)

    def test_each_milestone_has_its_own_progress(self) -> None:
        past = then(history(EXECUTING), progress(M1, 90))
        events = record_progress(past, M2, 10)
        project = given([*past, *events])
        assert (project.percent_complete(M1), project.percent_complete(M2)) == (90, 10)

    @pytest.mark.parametrize("name", ["unknown", "需求分析", ""])
    def test_the_milestone_is_one_of_the_plan(self, name: str) -> None:
        with pytest.raises(RuleViolation) as refused:
            record_progress(history(EXECUTING), name, 10)
        assert refused.value.details == {"field": "milestone"}


class TestRecordCost:
    """Costs above zero, in the project's currency, by the project manager or finance."""

    @pytest.mark.parametrize("by", [ACCOUNTANT, PM], ids=["finance", "project_manager"])
    def test_the_cost_is_recorded_and_added_up(self, by: Actor) -> None:
        past = then(history(EXECUTING), cost("1000.00"))
        events = record_cost(past, cny("234.56"), by=by, description="服务器 (servers)")
        at = next_moment(past)
        assert events == [
            CostRecorded(
                occurred_at=at,
                actor=by,
                amount=Decimal("234.56"),
                currency="CNY",
                description="服务器 (servers)",
            )
        ]
        project = given([*past, *events])
        assert str(project.actual_cost) == "1234.56 CNY"
        assert project.cost_log[-1] == CostEntry(
            at=at, amount=Decimal("234.56"), description="服务器 (servers)"
        )

    @pytest.mark.parametrize("steps", [ON_HOLD, ACCEPTED], ids=["on_hold", "accepted"])
    def test_costs_still_arrive_on_hold_and_after_acceptance(self, steps: Steps) -> None:
        assert record_cost(history(steps), cny("10.00"))

    @pytest.mark.parametrize("amount", [cny("0"), cny("-5.00"), Money.parse("5.00", "USD")])
    def test_zero_negative_or_another_currency_is_refused(self, amount: Money) -> None:
        with pytest.raises(RuleViolation) as refused:
            record_cost(history(EXECUTING), amount)
        assert refused.value.details == {"field": "amount"}

    def test_a_cost_is_described(self) -> None:
        with pytest.raises(RuleViolation) as refused:
            record_cost(history(EXECUTING), cny("1.00"), description=" ")
        assert refused.value.details == {"field": "description"}
