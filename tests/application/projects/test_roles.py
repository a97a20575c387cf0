"""Who may send each project command (DOMAIN §4 "who"): everyone else is `forbidden`. "Any
employee" proposes, which is any actor but `auditor` and `system`; "the project manager" is the
person appointed, whatever roles they hold, and holding the project_manager role does not make
anyone else it; `system` is the sweep's own role and no command may claim it. The role table is
written from DOMAIN and tied to the production catalogue: a project command added without its
row fails here. Refusals append nothing and are each in the security log. Both stores."""

from __future__ import annotations

from uuid import UUID

import pytest

from application.commands.catalogue import COMMANDS
from domain.shared.actor import Role
from infrastructure.opsledger import Opsledger
from tests.application.project_envelopes import (
    OTHER_PM,
    PROJECT_MANAGER,
    SENDERS,
    SYSTEM,
    Json,
    accept,
    command,
    drive,
    head,
    holding,
    step,
)
from tests.clocks import FixedClock

EVERY_ROLE = [role.value for role in Role]
ANY_EMPLOYEE = frozenset(EVERY_ROLE) - {"auditor", "system"}
MANAGEMENT = frozenset({"management"})
NOBODY_BY_ROLE: frozenset[str] = frozenset()

#: Who may send each project command, as DOMAIN §4 lists them: the roles, and whether "the
#: project manager" (the person the project records) may too.
WHO: dict[str, tuple[frozenset[str], bool]] = {
    "project.propose": (ANY_EMPLOYEE, False),
    "project.approve": (MANAGEMENT, False),
    "project.reject": (MANAGEMENT, False),
    "project.appoint_manager": (MANAGEMENT, False),
    "project.add_member": (NOBODY_BY_ROLE, True),
    "project.submit_plan": (NOBODY_BY_ROLE, True),
    "project.approve_plan": (frozenset({"management", "department_head"}), False),
    "project.start": (NOBODY_BY_ROLE, True),
    "project.record_progress": (NOBODY_BY_ROLE, True),
    "project.record_cost": (frozenset({"finance"}), True),
    "project.request_change": (NOBODY_BY_ROLE, True),
    "project.approve_change": (MANAGEMENT, False),
    "project.hold": (MANAGEMENT, False),
    "project.resume": (MANAGEMENT, False),
    "project.cancel": (MANAGEMENT, False),
    "project.request_acceptance": (NOBODY_BY_ROLE, True),
    "project.record_acceptance": (frozenset({"quality_inspector"}), False),
    "project.submit_closing_report": (NOBODY_BY_ROLE, True),
    "project.close": (MANAGEMENT, False),
}

#: Where each command is sent: the status a project is driven to, then the steps taken first.
WHERE: dict[str, tuple[str | None, tuple[str, ...]]] = {
    "project.propose": (None, ()),
    "project.approve": ("proposed", ()),
    "project.reject": ("proposed", ()),
    "project.appoint_manager": ("approved", ()),
    "project.add_member": ("planning", ()),
    "project.submit_plan": ("planning", ()),
    "project.approve_plan": ("planning", ("submit_plan",)),
    "project.start": ("plan_approved", ()),
    "project.record_progress": ("executing", ()),
    "project.record_cost": ("executing", ()),
    "project.request_change": ("executing", ()),
    "project.approve_change": ("executing", ("request_change",)),
    "project.hold": ("executing", ()),
    "project.resume": ("on_hold", ()),
    "project.cancel": ("executing", ()),
    "project.request_acceptance": ("executing", ("done_0", "done_1", "done_2")),
    "project.record_acceptance": ("acceptance_requested", ()),
    "project.submit_closing_report": ("accepted", ()),
    "project.close": ("accepted", ("submit_closing_report",)),
}

PROJECT_COMMANDS = sorted(t for t in COMMANDS if t.startswith("project."))


class TestTheRoleTableCoversTheCatalogue:
    def test_every_project_command_in_the_catalogue_has_a_row(self) -> None:
        assert set(WHO) == set(PROJECT_COMMANDS)
        assert set(WHERE) == set(PROJECT_COMMANDS)
        assert len(PROJECT_COMMANDS) == 19

    @pytest.mark.parametrize("command_type", PROJECT_COMMANDS)
    def test_the_declared_senders_are_domains(self, command_type: str) -> None:
        declared = COMMANDS[command_type].who
        roles, the_manager = WHO[command_type]
        assert {role.value for role in declared.roles} == roles
        assert (declared.recorded is not None) == the_manager


def placed(ledger: Opsledger, clock: FixedClock, command_type: str) -> UUID | None:
    """A project where `command_type` is accepted from the right sender (None for a proposal)."""
    status, first = WHERE[command_type]
    if status is None:
        return None
    project_id = drive(ledger, clock, to=status)
    for name in first:
        clock.advance(hours=1)
        accept(ledger, step(name, project_id))
    clock.advance(hours=1)
    return project_id


def assert_all_forbidden(ledger: Opsledger, bodies: list[Json], allowed: frozenset[str]) -> None:
    """Each body is refused `forbidden`, naming exactly the roles that may send it (none where
    only the project manager may); none appends anything, and each refusal is in the security
    log."""
    before = head(ledger)
    for body in bodies:
        refused = ledger.submit(body)
        assert (refused.ok, refused.code) == (False, "forbidden"), (body, refused.to_json())
        if "system" in body["actor"]["roles"]:
            continue  # the sweep's own role: refused for claiming it, whatever the command
        named = set(refused.details["allowed_roles"].split(", ")) - {""}
        assert named == allowed, refused.details
    assert head(ledger) == before
    logged = ledger.security_log.entries()[-len(bodies) :]
    assert [(e.code, e.command_id) for e in logged] == [
        ("forbidden", body["command_id"]) for body in bodies
    ]


class TestEveryOtherRoleIsForbidden:
    """For every project command, an actor holding any single role DOMAIN does not list for it
    (and who is not the project manager) is refused `forbidden`, and the log is unchanged; then
    the right sender is accepted on the same project."""

    @pytest.mark.parametrize("command_type", PROJECT_COMMANDS)
    def test_each_wrong_role(self, ledger: Opsledger, clock: FixedClock, command_type: str) -> None:
        verb = command_type.removeprefix("project.")
        allowed, _ = WHO[command_type]
        project_id = placed(ledger, clock, command_type)
        wrong = [role for role in EVERY_ROLE if role not in allowed]
        assert wrong

        assert_all_forbidden(
            ledger, [command(verb, project_id, actor=holding(role)) for role in wrong], allowed
        )

        assert accept(ledger, command(verb, project_id, actor=SENDERS[verb])).ok

    def test_any_employee_proposes(self, ledger: Opsledger) -> None:
        """Each role but auditor and system may propose, on its own."""
        for role in sorted(ANY_EMPLOYEE):
            result = accept(ledger, command("propose", actor=holding(role)))
            assert (result.events, result.version) == (("ProjectProposed",), 1)

    def test_an_auditor_who_is_also_an_employee_proposes(self, ledger: Opsledger) -> None:
        """The auditor role reads only; an actor holding another role as well is an employee."""
        both = holding("auditor", "finance")
        assert accept(ledger, command("propose", actor=both)).ok


class TestTheProjectManagerIsThePersonAppointed:
    """Commands of "the project manager": holding the project_manager role is not enough; the
    appointed person may, whatever else they hold."""

    MANAGERS_COMMANDS = sorted(t for t, (_, recorded) in WHO.items() if recorded)

    @pytest.mark.parametrize("command_type", MANAGERS_COMMANDS)
    def test_another_project_manager_is_forbidden(
        self, ledger: Opsledger, clock: FixedClock, command_type: str
    ) -> None:
        verb = command_type.removeprefix("project.")
        project_id = placed(ledger, clock, command_type)
        before = head(ledger)

        refused = ledger.submit(command(verb, project_id, actor=OTHER_PM))

        assert (refused.ok, refused.code) == (False, "forbidden")
        assert head(ledger) == before
        assert accept(ledger, command(verb, project_id, actor=PROJECT_MANAGER)).ok

    def test_nobody_is_the_manager_before_one_is_appointed(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """A manager is appointed before planning: until then, nobody plans."""
        project_id = drive(ledger, clock, to="approved")
        before = head(ledger)
        for actor in (PROJECT_MANAGER, holding("project_manager", "management")):
            refused = ledger.submit(command("submit_plan", project_id, actor=actor))
            assert (refused.ok, refused.code) == (False, "forbidden")
        assert head(ledger) == before


class TestTheSystemRoleIsTheSweepsOwn:
    def test_no_command_may_claim_it(self, ledger: Opsledger, clock: FixedClock) -> None:
        """Every project command from an actor holding `system` beside the right role (and the
        right id) is forbidden, whatever state the project is in."""
        project_id = drive(ledger, clock, to="executing")
        bodies = []
        for command_type in PROJECT_COMMANDS:
            verb = command_type.removeprefix("project.")
            sender = SENDERS[verb]
            claiming = {**sender, "roles": [*sender["roles"], "system"]}
            bodies.append(command(verb, project_id, actor=claiming))
        bodies.append(command("hold", project_id, actor=SYSTEM))

        before = head(ledger)
        for body in bodies:
            refused = ledger.submit(body)
            assert (refused.ok, refused.code) == (False, "forbidden"), body["type"]
            assert refused.details["claimed_role"] == "system"
        assert head(ledger) == before
        logged = ledger.security_log.entries()[-len(bodies) :]
        assert [(e.code, e.command_type) for e in logged] == [
            ("forbidden", body["type"]) for body in bodies
        ]
