"""Who may send each complaint command (DOMAIN §3 "who"): every command by every role."""

from __future__ import annotations

import pytest

from application.commands.catalogue import COMMANDS as CATALOGUE
from domain.complaint.events import (
    ComplaintAcknowledged,
    ComplaintAssigned,
    ComplaintClassified,
    ComplaintClosed,
    ComplaintClosedUnresolved,
    ComplaintEscalated,
    ComplaintEvent,
    ComplaintPaused,
    ComplaintReceived,
    ComplaintReopened,
    ComplaintResumed,
    ComplaintSlaBreached,
    CustomerSatisfied,
    InvestigationRecorded,
    ResolutionProposed,
)
from domain.complaint.values import Status
from domain.shared.actor import Actor, Role
from domain.shared.errors import Forbidden, RuleViolation
from tests.catalogue_verbs import creating_verbs, verbs
from tests.domain.complaint_fixtures import (
    AGENT,
    ASSIGNEE,
    ASSIGNEE_ID,
    COMMANDS,
    DEPARTMENT,
    HEAD,
    HOUR,
    OTHER_DEPARTMENT,
    OTHER_HEAD,
    OUTSIDER,
    T0,
    actor,
    assigned,
    given,
    history,
    investigated,
    next_moment,
    register_as,
    run_sweep,
    then,
)

CS = Role.CUSTOMER_SERVICE
SM = Role.SERVICE_MANAGER


def holder_of(role: Role) -> Actor:
    """Someone holding only `role`, in the assigned department, who is not the assignee."""
    return actor(f"u-{role.value}", role, department=DEPARTMENT)


#: command: (the state it is sent in, the roles that may send it, the event it then decides).
#: For record_investigation the role is department_head *of the assigned department*; every
#: holder_of() works in that department. pause, resume, record_investigation and
#: propose_resolution are also open to the assignee, tested separately below.
ROLE_RULES: dict[str, tuple[Status, frozenset[Role], type[ComplaintEvent]]] = {
    "acknowledge": (Status.RECEIVED, frozenset({CS}), ComplaintAcknowledged),
    "classify": (Status.ACKNOWLEDGED, frozenset({CS, SM}), ComplaintClassified),
    "assign": (Status.CLASSIFIED, frozenset({SM}), ComplaintAssigned),
    "record_investigation": (
        Status.ASSIGNED,
        frozenset({Role.DEPARTMENT_HEAD}),
        InvestigationRecorded,
    ),
    "pause": (Status.INVESTIGATING, frozenset({CS}), ComplaintPaused),
    "resume": (Status.PAUSED, frozenset({CS}), ComplaintResumed),
    "propose_resolution": (Status.INVESTIGATING, frozenset(), ResolutionProposed),
    "record_feedback": (Status.RESOLUTION_PROPOSED, frozenset({CS}), CustomerSatisfied),
    "close": (Status.RESOLVED, frozenset({CS, SM}), ComplaintClosed),
    "close_unresolved": (Status.RESOLUTION_PROPOSED, frozenset({SM}), ComplaintClosedUnresolved),
    "reopen": (Status.CLOSED, frozenset({CS, SM}), ComplaintReopened),
    "escalate": (Status.INVESTIGATING, frozenset({CS, SM}), ComplaintEscalated),
}

ASSIGNEE_COMMANDS = ["record_investigation", "pause", "resume", "propose_resolution"]

EVERY_COMMAND_AND_ROLE = [
    pytest.param(command, role, id=f"{command}-by-{role}")
    for command in ROLE_RULES
    for role in Role
]


class TestTheTableIsTheCatalogues:
    """Every complaint command the production catalogue declares has its row here (register
    has its own tests below), and the decisions check the roles the catalogue's gate declares."""

    def test_every_command_in_the_catalogue_has_a_row(self) -> None:
        assert creating_verbs("complaint") == {"register"}
        assert set(ROLE_RULES) == verbs("complaint") - {"register"}, "add the missing rows"

    @pytest.mark.parametrize("command", sorted(ROLE_RULES))
    def test_the_row_names_the_roles_the_catalogue_lets_through(self, command: str) -> None:
        _, allowed, _ = ROLE_RULES[command]

        assert CATALOGUE[f"complaint.{command}"].who.roles == allowed

    def test_the_commands_open_to_the_assignee_are_the_catalogues(self) -> None:
        declared = {
            verb
            for verb in verbs("complaint")
            if CATALOGUE[f"complaint.{verb}"].who.recorded == "the assignee"
        }

        assert set(ASSIGNEE_COMMANDS) == declared


class TestEachCommandIsOpenOnlyToItsRoles:
    """A holder of a listed role gets the command's event; every other role gets `forbidden`."""

    @pytest.mark.parametrize(("command", "role"), EVERY_COMMAND_AND_ROLE)
    def test_role_decides(self, command: str, role: Role) -> None:
        status, allowed, event_type = ROLE_RULES[command]
        past = history(status)
        complaint = given(past)
        who = holder_of(role)

        if role in allowed:
            events = COMMANDS[command](complaint, who, next_moment(past))
            assert [type(event) for event in events] == [event_type]
        else:
            with pytest.raises(Forbidden) as refused:
                COMMANDS[command](complaint, who, next_moment(past))
            assert refused.value.code == "forbidden"


class TestRegisterIsOpenOnlyToCustomerService:
    """Only customer service registers complaints."""

    @pytest.mark.parametrize("role", list(Role))
    def test_role_decides(self, role: Role) -> None:
        if role is CS:
            assert [type(e) for e in register_as(holder_of(role))] == [ComplaintReceived]
        else:
            with pytest.raises(Forbidden) as refused:
                register_as(holder_of(role))
            assert refused.value.code == "forbidden"

    def test_the_role_is_checked_before_the_summary(self) -> None:
        with pytest.raises(Forbidden):
            register_as(OUTSIDER, summary="  ")

        with pytest.raises(RuleViolation):
            register_as(AGENT, summary="  ")


class TestOnlyTheSystemRunsTheSweep:
    """The deadline sweep is run by the `system` actor and by nobody else."""

    @pytest.mark.parametrize("role", list(Role))
    def test_role_decides(self, role: Role) -> None:
        complaint = given(history(Status.RECEIVED))
        overdue_now = T0 + 25 * HOUR

        if role is Role.SYSTEM:
            events = run_sweep(complaint, holder_of(role), overdue_now)
            assert [type(event) for event in events] == [ComplaintSlaBreached]
        else:
            with pytest.raises(Forbidden) as refused:
                run_sweep(complaint, holder_of(role), overdue_now)
            assert refused.value.code == "forbidden"

    def test_the_sweep_is_refused_even_when_nothing_is_due(self) -> None:
        with pytest.raises(Forbidden):
            run_sweep(given(history(Status.RECEIVED)), AGENT, T0 + HOUR)


class TestTheAssigneeMayWhateverRolesTheyHold:
    """The assignee is the actor whose id the complaint records, whatever roles they hold."""

    @pytest.mark.parametrize(
        ("command", "role"),
        [
            pytest.param(command, role, id=f"{command}-by-assignee-holding-{role}")
            for command in ASSIGNEE_COMMANDS
            for role in Role
            if role not in {Role.AUDITOR, Role.SYSTEM}
        ],
    )
    def test_the_assignee_may(self, command: str, role: Role) -> None:
        status, _, event_type = ROLE_RULES[command]
        past = history(status)
        assignee = actor(ASSIGNEE_ID, role, department=OTHER_DEPARTMENT)

        events = COMMANDS[command](given(past), assignee, next_moment(past))

        assert [type(event) for event in events] == [event_type]

    @pytest.mark.parametrize("command", ASSIGNEE_COMMANDS)
    def test_the_assignee_needs_no_role_at_all(self, command: str) -> None:
        status, _, event_type = ROLE_RULES[command]
        past = history(status)
        assignee = actor(ASSIGNEE_ID)

        events = COMMANDS[command](given(past), assignee, next_moment(past))

        assert [type(event) for event in events] == [event_type]


class TestAFormerAssigneeLosesTheirRights:
    """After a transfer, only the new assignee acts as the assignee."""

    @pytest.mark.parametrize("command", ["record_investigation", "pause", "propose_resolution"])
    def test_the_former_assignee_is_forbidden(self, command: str) -> None:
        past = then(
            history(Status.INVESTIGATING),
            lambda at: assigned(at, department=OTHER_DEPARTMENT, assignee_id="u-logistics-2"),
            lambda at: investigated(at, by=actor("u-logistics-2")),
        )

        with pytest.raises(Forbidden):
            COMMANDS[command](given(past), ASSIGNEE, next_moment(past))

    def test_the_new_assignee_may_propose(self) -> None:
        new_assignee = actor("u-logistics-2", Role.OPERATIONS, department=OTHER_DEPARTMENT)
        past = then(
            history(Status.INVESTIGATING),
            lambda at: assigned(at, department=OTHER_DEPARTMENT, assignee_id=new_assignee.id),
            lambda at: investigated(at, by=new_assignee),
        )

        events = COMMANDS["propose_resolution"](given(past), new_assignee, next_moment(past))

        assert [type(event) for event in events] == [ResolutionProposed]


class TestOnlyTheHeadOfTheAssignedDepartmentMayRecordTheInvestigation:
    """department_head may record the investigation only for their own department."""

    def test_the_head_of_the_assigned_department_may(self) -> None:
        past = history(Status.ASSIGNED)

        events = COMMANDS["record_investigation"](given(past), HEAD, next_moment(past))

        assert [type(event) for event in events] == [InvestigationRecorded]

    def test_the_head_of_another_department_is_forbidden(self) -> None:
        past = history(Status.ASSIGNED)

        with pytest.raises(Forbidden) as refused:
            COMMANDS["record_investigation"](given(past), OTHER_HEAD, next_moment(past))

        assert refused.value.code == "forbidden"

    def test_a_head_without_a_department_is_forbidden(self) -> None:
        past = history(Status.ASSIGNED)
        head = actor("u-head-x", Role.DEPARTMENT_HEAD)

        with pytest.raises(Forbidden):
            COMMANDS["record_investigation"](given(past), head, next_moment(past))

    def test_after_a_transfer_the_old_departments_head_is_forbidden(self) -> None:
        past = then(
            history(Status.ASSIGNED),
            lambda at: assigned(at, department=OTHER_DEPARTMENT, assignee_id="u-logistics-2"),
        )

        with pytest.raises(Forbidden):
            COMMANDS["record_investigation"](given(past), HEAD, next_moment(past))
        events = COMMANDS["record_investigation"](given(past), OTHER_HEAD, next_moment(past))
        assert [type(event) for event in events] == [InvestigationRecorded]

    def test_a_member_of_the_department_without_the_role_is_forbidden(self) -> None:
        past = history(Status.ASSIGNED)
        colleague = actor("u-quality-9", Role.QUALITY_INSPECTOR, department=DEPARTMENT)

        with pytest.raises(Forbidden):
            COMMANDS["record_investigation"](given(past), colleague, next_moment(past))


class TestSeveralRoles:
    """An actor holding several roles may do what any one of them allows."""

    def test_an_auditor_who_also_works_in_customer_service_may_acknowledge(self) -> None:
        past = history(Status.RECEIVED)
        both = actor("u-cs-audit", Role.AUDITOR, CS)

        events = COMMANDS["acknowledge"](given(past), both, next_moment(past))

        assert [type(event) for event in events] == [ComplaintAcknowledged]

    @pytest.mark.parametrize("command", list(ROLE_RULES))
    def test_an_actor_without_roles_is_forbidden(self, command: str) -> None:
        status, _, _ = ROLE_RULES[command]
        past = history(status)

        with pytest.raises(Forbidden):
            COMMANDS[command](given(past), actor("u-nobody"), next_moment(past))

    def test_customer_service_who_is_not_the_assignee_may_pause_but_not_propose(self) -> None:
        past = history(Status.INVESTIGATING)

        paused_events = COMMANDS["pause"](given(past), AGENT, next_moment(past))
        with pytest.raises(Forbidden):
            COMMANDS["propose_resolution"](given(past), AGENT, next_moment(past))
        assert [type(event) for event in paused_events] == [ComplaintPaused]
        assert AGENT.id != ASSIGNEE.id
