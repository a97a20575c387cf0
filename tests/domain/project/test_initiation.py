"""Proposing, approving or rejecting, appointing the manager, building the team (DOMAIN §4
`project.propose`, `approve`, `reject`, `appoint_manager`, `add_member`)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from domain.project import decisions
from domain.project.events import (
    ProjectApproved,
    ProjectManagerAppointed,
    ProjectProposed,
    ProjectRejected,
    TeamMemberAdded,
)
from domain.project.values import Status
from domain.shared.actor import Role
from domain.shared.errors import InvalidTransition, RuleViolation, SegregationOfDuties
from domain.shared.money import Money
from tests.domain.project.fixtures import (
    APPROVED,
    BOSS,
    BUDGET,
    BUDGET_ID,
    COMMANDS,
    DEPARTMENT,
    EXECUTING,
    GOALS,
    NAME,
    OTHER_BOSS,
    OTHER_PM,
    PLAN_SUBMITTED,
    PLANNED_END,
    PLANNED_START,
    PLANNING,
    PM,
    PROJECT_ID,
    PROPOSED,
    PROPOSER,
    SCHEDULE_DUE,
    SCOPE,
    T0,
    Command,
    actor,
    decide,
    given,
    history,
    member_added,
    next_moment,
    propose_as,
    then,
)


class TestPropose:
    """An employee proposes a project with its goals, scope, planned dates and budget."""

    def test_the_proposal_records_every_part_and_when_the_schedule_is_due(self) -> None:
        assert propose_as(PROPOSER) == [
            ProjectProposed(
                occurred_at=T0,
                actor=PROPOSER,
                project_id=PROJECT_ID,
                name=NAME,
                department=DEPARTMENT,
                goals=GOALS,
                scope=SCOPE,
                planned_start=PLANNED_START,
                planned_end=PLANNED_END,
                schedule_due=SCHEDULE_DUE,
                budget_amount=BUDGET.amount,
                currency="CNY",
                budget_id=BUDGET_ID,
            )
        ]

    def test_the_proposed_project_records_its_proposer_and_budget(self) -> None:
        project = given(propose_as(PROPOSER))
        assert project.status is Status.PROPOSED
        assert project.proposer_id == PROPOSER.id
        assert project.manager_id is None
        assert str(project.budget) == "500000.00 CNY"

    def test_the_planned_end_day_ends_at_midnight_in_the_company_zone(self) -> None:
        events = propose_as(PROPOSER, end=date(2026, 12, 31))
        assert isinstance(events[0], ProjectProposed)
        assert events[0].schedule_due == datetime(2026, 12, 31, 16, 0, tzinfo=UTC)

    def test_a_budget_in_another_currency_is_the_projects_currency(self) -> None:
        project = given(propose_as(PROPOSER, budget=Money.parse("80000", "USD")))
        assert project.currency == "USD"

    def test_a_budget_line_is_optional(self) -> None:
        events = propose_as(PROPOSER, budget_id=None)
        assert isinstance(events[0], ProjectProposed)
        assert events[0].budget_id is None

    def test_a_one_day_project_ends_the_day_it_starts(self) -> None:
        assert propose_as(PROPOSER, start=date(2026, 7, 1), end=date(2026, 7, 1))

    def test_the_end_is_not_before_the_start(self) -> None:
        with pytest.raises(RuleViolation) as refused:
            propose_as(PROPOSER, start=date(2026, 7, 2), end=date(2026, 7, 1))
        assert refused.value.details == {"field": "planned_end"}

    @pytest.mark.parametrize("amount", ["0", "-1.00"])
    def test_the_budget_is_above_zero(self, amount: str) -> None:
        with pytest.raises(RuleViolation) as refused:
            propose_as(PROPOSER, budget=Money.parse(amount, "CNY"))
        assert refused.value.details == {"field": "budget_amount"}

    @pytest.mark.parametrize("field", ["name", "department", "goals", "scope"])
    def test_each_text_says_something(self, field: str) -> None:
        texts: dict[str, Any] = {
            "name": NAME,
            "department": DEPARTMENT,
            "goals": GOALS,
            "scope": SCOPE,
        }
        texts[field] = "  "
        with pytest.raises(RuleViolation) as refused:
            propose_as(PROPOSER, **texts)
        assert refused.value.details == {"field": field}


class TestApproveAndReject:
    """Management decides a proposal, never the one who proposed it."""

    def test_approval(self) -> None:
        past = history(PROPOSED)
        events, after = decide(past, COMMANDS["approve"], BOSS)
        assert events == [ProjectApproved(occurred_at=next_moment(past), actor=BOSS)]
        assert given(after).status is Status.APPROVED

    def test_rejection_is_final(self) -> None:
        events, after = decide(history(PROPOSED), COMMANDS["reject"], BOSS)
        assert [type(e) for e in events] == [ProjectRejected]
        project = given(after)
        assert project.status is Status.REJECTED
        assert project.finished_at == events[0].occurred_at
        with pytest.raises(InvalidTransition):
            COMMANDS["approve"](project, OTHER_BOSS, next_moment(after))

    @pytest.mark.parametrize("command", ["approve", "reject"])
    def test_the_proposer_may_not_decide_their_own_proposal(self, command: str) -> None:
        boss_who_proposed = actor("u-cto", Role.MANAGEMENT)
        past = propose_as(boss_who_proposed)
        with pytest.raises(SegregationOfDuties) as refused:
            COMMANDS[command](given(past), boss_who_proposed, next_moment(past))
        assert refused.value.code == "segregation_of_duties"
        assert refused.value.details == {"duty": "proposed", "action": command}
        assert refused.value.message == (
            f"u-cto already proposed this project and may not {command} it"
        )


class TestAppointManager:
    """Management appoints the manager of an approved project, who then plans it."""

    def test_the_approved_project_starts_planning_under_its_manager(self) -> None:
        events, after = decide(history(APPROVED), _appoint(PM.id), BOSS)
        assert events == [
            ProjectManagerAppointed(occurred_at=events[0].occurred_at, actor=BOSS, manager_id=PM.id)
        ]
        project = given(after)
        assert project.status is Status.PLANNING
        assert project.manager_id == PM.id

    def test_a_manager_is_replaced_while_the_project_runs(self) -> None:
        _, after = decide(history(EXECUTING), _appoint(OTHER_PM.id), BOSS)
        project = given(after)
        assert (project.status, project.manager_id) == (Status.EXECUTING, OTHER_PM.id)

    def test_a_replacement_during_planning_voids_the_plan_not_yet_approved(self) -> None:
        _, after = decide(history(PLAN_SUBMITTED), _appoint(OTHER_PM.id), BOSS)
        project = given(after)
        assert project.submitted_plan is None
        with pytest.raises(RuleViolation, match="no plan has been submitted"):
            COMMANDS["approve_plan"](project, BOSS, next_moment(after))

    def test_the_manager_in_office_is_not_appointed_again(self) -> None:
        with pytest.raises(RuleViolation) as refused:
            decide(history(PLANNING), _appoint(PM.id), BOSS)
        assert refused.value.details == {"field": "manager_id"}

    def test_a_manager_is_named(self) -> None:
        with pytest.raises(RuleViolation) as refused:
            decide(history(PLANNING), _appoint(" "), BOSS)
        assert refused.value.details == {"field": "manager_id"}


class TestAddMember:
    """The project manager adds each member once, with their role on the project."""

    def test_the_member_joins_the_team(self) -> None:
        events, after = decide(history(PLANNING), COMMANDS["add_member"], PM)
        assert events == [
            TeamMemberAdded(
                occurred_at=events[0].occurred_at,
                actor=PM,
                member_id="u-dev-9",
                role="测试 (tester)",
            )
        ]
        assert given(after).members == {"u-dev-9": "测试 (tester)"}

    def test_a_member_is_added_once(self) -> None:
        past = then(history(PLANNING), member_added("u-dev-9", "开发 (developer)"))
        with pytest.raises(RuleViolation) as refused:
            COMMANDS["add_member"](given(past), PM, next_moment(past))
        assert refused.value.details == {"field": "member_id"}
        assert "开发 (developer)" in refused.value.message

    @pytest.mark.parametrize("field", ["member_id", "role"])
    def test_member_and_role_say_something(self, field: str) -> None:
        past = history(PLANNING)
        values = {"member_id": "u-dev-9", "role": "开发"} | {field: ""}
        with pytest.raises(RuleViolation) as refused:
            decisions.add_member(given(past), **values, actor=PM, at=next_moment(past))
        assert refused.value.details == {"field": field}


def _appoint(manager_id: str) -> Command:
    return lambda p, a, t: decisions.appoint_manager(p, manager_id=manager_id, actor=a, at=t)
