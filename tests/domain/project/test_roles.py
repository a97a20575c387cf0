"""Who may send each project command (DOMAIN §4 "who"): every command by every role, and the
project manager whatever roles they hold."""

from __future__ import annotations

import pytest

from domain.project import decisions
from domain.project.events import (
    AcceptancePassed,
    AcceptanceRequested,
    BaselineChanged,
    ChangeRequested,
    ClosingReportSubmitted,
    CostRecorded,
    PlanApproved,
    PlanSubmitted,
    ProgressRecorded,
    ProjectApproved,
    ProjectCancelled,
    ProjectClosed,
    ProjectEvent,
    ProjectManagerAppointed,
    ProjectProposed,
    ProjectPutOnHold,
    ProjectRejected,
    ProjectResumed,
    ProjectStarted,
    TeamMemberAdded,
)
from domain.project.values import Status
from domain.shared.actor import Actor, Role
from domain.shared.errors import Forbidden
from tests.domain.project.fixtures import (
    ACCEPTANCE_REQUESTED,
    ACCEPTED,
    ALL_DONE,
    APPROVED,
    BOSS,
    CHANGE_PENDING,
    COMMANDS,
    EXECUTING,
    ON_HOLD,
    OTHER_PM,
    PLAN_APPROVED,
    PLAN_SUBMITTED,
    PLANNING,
    PM,
    PROPOSED,
    REPORTED,
    Step,
    actor,
    decide,
    given,
    history,
    next_moment,
    propose_as,
)

MANAGEMENT = frozenset({Role.MANAGEMENT})
NOBODY_BY_ROLE: frozenset[Role] = frozenset()


def holder_of(role: Role) -> Actor:
    """Someone holding only `role`, who neither proposed nor manages the project."""
    return actor(f"u-{role.value}", role)


#: command: (the history it is sent after, the roles that may send it, whether the project
#: manager may send it too, the first event decided).
ROLE_RULES: dict[str, tuple[tuple[Step, ...], frozenset[Role], bool, type[ProjectEvent]]] = {
    "approve": (PROPOSED, MANAGEMENT, False, ProjectApproved),
    "reject": (PROPOSED, MANAGEMENT, False, ProjectRejected),
    "appoint_manager": (APPROVED, MANAGEMENT, False, ProjectManagerAppointed),
    "add_member": (PLANNING, NOBODY_BY_ROLE, True, TeamMemberAdded),
    "submit_plan": (PLANNING, NOBODY_BY_ROLE, True, PlanSubmitted),
    "approve_plan": (
        PLAN_SUBMITTED,
        frozenset({Role.MANAGEMENT, Role.DEPARTMENT_HEAD}),
        False,
        PlanApproved,
    ),
    "start": (PLAN_APPROVED, NOBODY_BY_ROLE, True, ProjectStarted),
    "record_progress": (EXECUTING, NOBODY_BY_ROLE, True, ProgressRecorded),
    "record_cost": (EXECUTING, frozenset({Role.FINANCE}), True, CostRecorded),
    "request_change": (EXECUTING, NOBODY_BY_ROLE, True, ChangeRequested),
    "approve_change": (CHANGE_PENDING, MANAGEMENT, False, BaselineChanged),
    "hold": (EXECUTING, MANAGEMENT, False, ProjectPutOnHold),
    "resume": (ON_HOLD, MANAGEMENT, False, ProjectResumed),
    "cancel": (EXECUTING, MANAGEMENT, False, ProjectCancelled),
    "request_acceptance": (ALL_DONE, NOBODY_BY_ROLE, True, AcceptanceRequested),
    "record_acceptance": (
        ACCEPTANCE_REQUESTED,
        frozenset({Role.QUALITY_INSPECTOR}),
        False,
        AcceptancePassed,
    ),
    "submit_closing_report": (ACCEPTED, NOBODY_BY_ROLE, True, ClosingReportSubmitted),
    "close": (REPORTED, MANAGEMENT, False, ProjectClosed),
}

EVERY_COMMAND_AND_ROLE = [
    pytest.param(command, role, id=f"{command}-by-{role}")
    for command in ROLE_RULES
    for role in Role
]
MANAGER_COMMANDS = [command for command, (_, _, by_manager, _) in ROLE_RULES.items() if by_manager]


def test_the_tables_cover_every_decision() -> None:
    """A decision added without its rows here (and a command in the fixtures) fails."""
    assert set(ROLE_RULES) | {"propose"} == set(decisions.__all__)
    assert set(COMMANDS) == set(ROLE_RULES)


class TestEachCommandIsOpenOnlyToItsRoles:
    """A holder of a listed role gets the command's event; every other role gets `forbidden`,
    naming the roles allowed and, where the rule names them, the project manager."""

    @pytest.mark.parametrize(("command", "role"), EVERY_COMMAND_AND_ROLE)
    def test_role_decides(self, command: str, role: Role) -> None:
        steps, allowed, by_manager, event_type = ROLE_RULES[command]
        past = history(steps)
        project, who = given(past), holder_of(role)

        if role in allowed:
            events = COMMANDS[command](project, who, next_moment(past))
            assert type(events[0]) is event_type
        else:
            with pytest.raises(Forbidden) as refused:
                COMMANDS[command](project, who, next_moment(past))
            assert refused.value.code == "forbidden"
            assert refused.value.details["allowed_roles"] == ", ".join(
                sorted(r.value for r in allowed)
            )
            assert "action" in refused.value.details
            if by_manager:
                assert refused.value.details["required_actor"] == "the project manager"

    @pytest.mark.parametrize("command", list(ROLE_RULES))
    def test_the_role_is_checked_before_the_state(self, command: str) -> None:
        """An outsider learns that they may not, not what state the project is in."""
        past = history(PROPOSED if command != "approve" else REPORTED)
        with pytest.raises(Forbidden):
            COMMANDS[command](given(past), holder_of(Role.AUDITOR), next_moment(past))


class TestTheProjectManagerWhateverTheirRoles:
    """ "The project manager" is the person appointed, whatever roles they hold: even one whose
    only role would otherwise let them read and nothing more."""

    @pytest.mark.parametrize("role", list(Role))
    @pytest.mark.parametrize("command", MANAGER_COMMANDS)
    def test_the_appointed_manager_sends_it(self, command: str, role: Role) -> None:
        steps, _, _, event_type = ROLE_RULES[command]
        past = history(steps)
        events = COMMANDS[command](given(past), actor(PM.id, role), next_moment(past))
        assert type(events[0]) is event_type

    @pytest.mark.parametrize("command", MANAGER_COMMANDS)
    def test_a_project_manager_who_does_not_manage_it_is_forbidden(self, command: str) -> None:
        steps, *_ = ROLE_RULES[command]
        past = history(steps)
        someone_else = actor("u-pm-9", Role.PROJECT_MANAGER)
        with pytest.raises(Forbidden) as refused:
            COMMANDS[command](given(past), someone_else, next_moment(past))
        assert refused.value.message.startswith("only the project manager may ")

    def test_a_replaced_manager_no_longer_manages(self) -> None:
        _, replaced = decide(history(EXECUTING), COMMANDS["appoint_manager"], BOSS)
        with pytest.raises(Forbidden):
            COMMANDS["record_progress"](given(replaced), PM, next_moment(replaced))
        events = COMMANDS["record_progress"](given(replaced), OTHER_PM, next_moment(replaced))
        assert [type(e) for e in events] == [ProgressRecorded]


class TestProposeIsOpenToAnyEmployee:
    """Any employee proposes a project: anyone but the auditor and the system."""

    @pytest.mark.parametrize("role", list(Role))
    def test_role_decides(self, role: Role) -> None:
        if role in (Role.AUDITOR, Role.SYSTEM):
            with pytest.raises(Forbidden) as refused:
                propose_as(holder_of(role))
            assert refused.value.details["action"] == "propose a project"
            assert "auditor" not in refused.value.details["allowed_roles"]
            assert "system" not in refused.value.details["allowed_roles"]
        else:
            assert [type(e) for e in propose_as(holder_of(role))] == [ProjectProposed]

    def test_an_auditor_who_is_also_an_employee_proposes(self) -> None:
        both = actor("u-both", Role.AUDITOR, Role.FINANCE)
        assert [type(e) for e in propose_as(both)] == [ProjectProposed]


def test_every_road_of_the_role_table_ends_where_its_command_is_sent() -> None:
    """A guard on the fixtures."""
    assert given(history(ON_HOLD)).status is Status.ON_HOLD
    assert given(history(CHANGE_PENDING)).pending_change is not None
    assert given(history(ALL_DONE)).incomplete_milestones == ()
