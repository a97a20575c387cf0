"""Changing the baseline (DOMAIN §4 `project.request_change`, `project.approve_change`)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from domain.project import decisions
from domain.project.deadlines import next_deadline
from domain.project.events import BaselineChanged, ChangeRequested, ProjectEvent
from domain.project.values import Baseline, Milestone, Status
from domain.shared.actor import Actor, Role
from domain.shared.errors import RuleViolation, SegregationOfDuties
from domain.shared.money import Money
from tests.domain.project.fixtures import (
    BOSS,
    COMMANDS,
    EXECUTING,
    NEW_END,
    NEW_SCHEDULE_DUE,
    PLAN_APPROVED,
    PLANNED_END,
    PLANNING,
    PM,
    SCHEDULE_DUE,
    SHANGHAI,
    actor,
    change_requested,
    cny,
    given,
    history,
    next_moment,
    plan_approved,
    plan_submitted,
    started,
    then,
)


def request(
    past: list[ProjectEvent], *, end: date | None = None, new_cost: Money | None = None
) -> list[ProjectEvent]:
    return decisions.request_change(
        given(past),
        new_planned_end=end,
        new_baseline_cost=new_cost,
        actor=PM,
        at=next_moment(past),
        zone=SHANGHAI,
    )


def approve(past: list[ProjectEvent], by: Actor = BOSS) -> list[ProjectEvent]:
    return decisions.approve_change(given(past), actor=by, at=next_moment(past))


class TestRequestChange:
    """The project manager asks to move the planned end, the baseline cost, or both."""

    def test_a_new_end_and_when_the_schedule_is_then_due(self) -> None:
        past = history(EXECUTING)
        assert request(past, end=NEW_END) == [
            ChangeRequested(
                occurred_at=next_moment(past),
                actor=PM,
                new_planned_end=NEW_END,
                new_schedule_due=NEW_SCHEDULE_DUE,
                new_baseline_cost=None,
                currency="CNY",
            )
        ]

    def test_a_new_cost_may_exceed_the_budget(self) -> None:
        events = request(history(EXECUTING), new_cost=cny("650000.00"))
        assert isinstance(events[0], ChangeRequested)
        assert (events[0].new_planned_end, events[0].new_baseline_cost) == (
            None,
            Decimal("650000.00"),
        )

    def test_the_request_awaits_approval_and_nothing_moves_yet(self) -> None:
        past = history(EXECUTING)
        project = given([*past, *request(past, end=NEW_END, new_cost=cny("1.00"))])
        assert project.pending_change is not None
        assert project.pending_change.requested_by == PM.id
        assert (project.planned_end, project.baseline_cost) == (PLANNED_END, Decimal("400000.00"))

    def test_a_new_request_replaces_the_pending_one(self) -> None:
        past = then(history(EXECUTING), change_requested(new_cost="1.00"))
        project = given([*past, *request(past, end=NEW_END)])
        assert project.pending_change is not None
        assert project.pending_change.new_baseline_cost is None

    def test_a_request_changes_something(self) -> None:
        with pytest.raises(RuleViolation, match="moves the planned end, the baseline cost"):
            request(history(EXECUTING))

    def test_the_end_in_force_is_no_change(self) -> None:
        with pytest.raises(RuleViolation) as refused:
            request(history(EXECUTING), end=PLANNED_END)
        assert refused.value.details == {"field": "new_planned_end"}

    def test_the_cost_in_force_is_no_change(self) -> None:
        with pytest.raises(RuleViolation) as refused:
            request(history(EXECUTING), new_cost=cny("400000"))
        assert refused.value.details == {"field": "new_baseline_cost"}

    @pytest.mark.parametrize("amount", [cny("0"), Money.parse("1.00", "USD")])
    def test_the_new_cost_is_above_zero_in_the_projects_currency(self, amount: Money) -> None:
        with pytest.raises(RuleViolation) as refused:
            request(history(EXECUTING), new_cost=amount)
        assert refused.value.details == {"field": "new_baseline_cost"}


class TestAnEarlierEnd:
    """The end may come earlier, but never before a milestone is due."""

    EARLY_PLAN = (Milestone(name="only", due=date(2026, 8, 31), weight=Decimal(1)),)

    def past(self) -> list[ProjectEvent]:
        return then(
            history(PLANNING),
            plan_submitted(self.EARLY_PLAN),
            plan_approved(self.EARLY_PLAN),
            started,
        )

    def test_on_the_last_milestones_day(self) -> None:
        assert request(self.past(), end=date(2026, 8, 31))

    def test_before_the_last_milestone(self) -> None:
        with pytest.raises(RuleViolation) as refused:
            request(self.past(), end=date(2026, 8, 30))
        assert refused.value.details == {"field": "new_planned_end"}


class TestApproveChange:
    """Management approves the change, never the one who requested it; the baseline moves."""

    def test_the_baseline_moves_from_the_approval_on(self) -> None:
        past = then(history(EXECUTING), change_requested(end=NEW_END, new_cost="450000.00"))
        at = next_moment(past)
        events = approve(past)
        assert events == [
            BaselineChanged(
                occurred_at=at,
                actor=BOSS,
                planned_end=NEW_END,
                schedule_due=NEW_SCHEDULE_DUE,
                baseline_cost=Decimal("450000.00"),
                currency="CNY",
                requested_by=PM.id,
            )
        ]
        project = given([*past, *events])
        assert project.status is Status.EXECUTING
        assert (project.planned_end, project.baseline_cost) == (NEW_END, Decimal("450000.00"))
        assert project.baselines[-1] == Baseline(
            effective_at=at, cost=Decimal("450000.00"), planned_end=NEW_END
        )
        assert len(project.baselines) == 2
        assert project.pending_change is None
        assert next_deadline(project) == NEW_SCHEDULE_DUE

    def test_a_cost_only_change_keeps_the_planned_end(self) -> None:
        past = then(history(PLAN_APPROVED), change_requested(end=None, new_cost="300000.00"))
        (event,) = approve(past)
        assert isinstance(event, BaselineChanged)
        assert (event.planned_end, event.schedule_due) == (PLANNED_END, SCHEDULE_DUE)
        assert event.baseline_cost == Decimal("300000.00")

    def test_an_end_only_change_keeps_the_baseline_cost(self) -> None:
        past = then(history(EXECUTING), change_requested(end=date(2026, 12, 31)))
        (event,) = approve(past)
        assert isinstance(event, BaselineChanged)
        assert event.baseline_cost == Decimal("400000.00")
        assert event.schedule_due == datetime(2026, 12, 31, 16, tzinfo=UTC)

    def test_the_requester_may_not_approve_their_own_change(self) -> None:
        manager_and_boss = actor(PM.id, Role.PROJECT_MANAGER, Role.MANAGEMENT)
        past = then(history(EXECUTING), change_requested())
        with pytest.raises(SegregationOfDuties) as refused:
            approve(past, by=manager_and_boss)
        assert refused.value.details == {"duty": "requested", "action": "approve"}

    def test_a_change_is_requested_before_it_is_approved(self) -> None:
        past = history(EXECUTING)
        with pytest.raises(RuleViolation, match="no change"):
            COMMANDS["approve_change"](given(past), BOSS, next_moment(past))

    def test_an_approved_change_is_not_approved_twice(self) -> None:
        past = then(history(EXECUTING), change_requested())
        approved_once = [*past, *approve(past)]
        with pytest.raises(RuleViolation):
            approve(approved_once)
