"""Who may send each rectification command (DOMAIN §6a "who"): everyone else is `forbidden`. A
supervisor issues, verifies and closes; "the responsible person" is the person the notice
names, whatever roles they hold, and working in the same department does not make anyone else
it; the department head of *that* department may acknowledge, the head of another may not;
supervisor or management extend; `system` is the sweep's own role and no command may claim it.
The role table is written from DOMAIN and tied to the production catalogue: a rectification
command added without its row fails here. Refusals append nothing and are each in the security
log. Both stores."""

from __future__ import annotations

from uuid import UUID

import pytest

from application.commands.catalogue import COMMANDS
from domain.shared.actor import Role
from infrastructure.opsledger import Opsledger
from tests.application.rectification_envelopes import (
    AUDITOR,
    COLLEAGUE,
    DEPARTMENT,
    HEAD,
    OTHER_HEAD,
    RESPONSIBLE,
    SENDERS,
    SYSTEM,
    Json,
    accept,
    command,
    drive,
    head,
    holding,
    notice,
    status_of,
    step,
    version_of,
)
from tests.clocks import FixedClock

EVERY_ROLE = [role.value for role in Role]
SUPERVISOR = frozenset({"supervisor"})
NOBODY_BY_ROLE: frozenset[str] = frozenset()

#: Who may send each rectification command, as DOMAIN §6a lists them: the roles, and whether
#: "the responsible person" (the person the rectification records) may too. The department
#: head must be the head of the rectification's department (checked below).
WHO: dict[str, tuple[frozenset[str], bool]] = {
    "rectification.issue": (SUPERVISOR, False),
    "rectification.acknowledge": (frozenset({"department_head"}), True),
    "rectification.start": (NOBODY_BY_ROLE, True),
    "rectification.submit": (NOBODY_BY_ROLE, True),
    "rectification.verify": (SUPERVISOR, False),
    "rectification.extend": (frozenset({"supervisor", "management"}), False),
    "rectification.close": (SUPERVISOR, False),
}

#: Where each command is sent: the status a rectification is driven to (None: it is issued).
WHERE: dict[str, str | None] = {
    "rectification.issue": None,
    "rectification.acknowledge": "issued",
    "rectification.start": "acknowledged",
    "rectification.submit": "rectifying",
    "rectification.verify": "submitted",
    "rectification.extend": "rectifying",
    "rectification.close": "verified",
}

RECTIFICATION_COMMANDS = sorted(t for t in COMMANDS if t.startswith("rectification."))
RESPONSIBLES_COMMANDS = sorted(t for t, (_, recorded) in WHO.items() if recorded)


class TestTheRoleTableCoversTheCatalogue:
    def test_every_rectification_command_in_the_catalogue_has_a_row(self) -> None:
        assert set(WHO) == set(RECTIFICATION_COMMANDS)
        assert set(WHERE) == set(RECTIFICATION_COMMANDS)
        assert len(RECTIFICATION_COMMANDS) == 7

    @pytest.mark.parametrize("command_type", RECTIFICATION_COMMANDS)
    def test_the_declared_senders_are_domains(self, command_type: str) -> None:
        declared = COMMANDS[command_type].who
        roles, the_responsible = WHO[command_type]
        assert {role.value for role in declared.roles} == roles
        assert (declared.recorded is not None) == the_responsible


def placed(ledger: Opsledger, clock: FixedClock, command_type: str) -> UUID | None:
    """A rectification where `command_type` is accepted from the right sender (None to issue)."""
    status = WHERE[command_type]
    if status is None:
        return None
    rectification_id = drive(ledger, clock, to=status)
    clock.advance(hours=1)
    return rectification_id


def assert_all_forbidden(ledger: Opsledger, bodies: list[Json], allowed: frozenset[str]) -> None:
    """Each body is refused `forbidden`, naming exactly the roles that may send it (none where
    only the responsible person may); none appends anything, and each refusal is in the
    security log."""
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
    """For every rectification command, an actor holding any single role DOMAIN does not list
    for it (and who is not the responsible person) is refused `forbidden`, and the log is
    unchanged; then the right sender is accepted on the same rectification."""

    @pytest.mark.parametrize("command_type", RECTIFICATION_COMMANDS)
    def test_each_wrong_role(self, ledger: Opsledger, clock: FixedClock, command_type: str) -> None:
        verb = command_type.removeprefix("rectification.")
        allowed, _ = WHO[command_type]
        rectification_id = placed(ledger, clock, command_type)
        wrong = [role for role in EVERY_ROLE if role not in allowed]
        assert wrong
        # in the rectification's own department, so only the role is wrong
        bodies = [
            command(verb, rectification_id, actor=holding(role, department=DEPARTMENT))
            for role in wrong
        ]

        assert_all_forbidden(ledger, bodies, allowed)

        assert accept(ledger, command(verb, rectification_id, actor=SENDERS[verb])).ok

    @pytest.mark.parametrize("command_type", sorted(set(WHO) - set(RESPONSIBLES_COMMANDS)))
    def test_the_responsible_person_holds_no_role_of_it(
        self, ledger: Opsledger, clock: FixedClock, command_type: str
    ) -> None:
        """The buyer the notice names may do their own part, nothing a role is needed for."""
        verb = command_type.removeprefix("rectification.")
        rectification_id = placed(ledger, clock, command_type)
        if rectification_id is None:  # issuing a notice to a colleague
            body = command(verb, actor=RESPONSIBLE, payload=notice(responsible_id=COLLEAGUE["id"]))
        else:
            body = command(verb, rectification_id, actor=RESPONSIBLE)
        assert_all_forbidden(ledger, [body], WHO[command_type][0])


class TestTheResponsiblePersonIsThePersonNamed:
    """Commands of "the responsible person": a colleague in the same department, or anyone
    holding a powerful role, is not that person."""

    @pytest.mark.parametrize("command_type", RESPONSIBLES_COMMANDS)
    @pytest.mark.parametrize(
        "someone",
        [COLLEAGUE, holding("supervisor", "management", "operations")],
        ids=["a-colleague", "a-supervisor-and-management"],
    )
    def test_someone_else_is_forbidden(
        self, ledger: Opsledger, clock: FixedClock, command_type: str, someone: Json
    ) -> None:
        verb = command_type.removeprefix("rectification.")
        rectification_id = placed(ledger, clock, command_type)
        assert rectification_id is not None
        status, version = status_of(ledger, rectification_id), version_of(ledger, rectification_id)

        assert_all_forbidden(
            ledger, [command(verb, rectification_id, actor=someone)], WHO[command_type][0]
        )

        assert (status_of(ledger, rectification_id), version_of(ledger, rectification_id)) == (
            status,
            version,
        )
        assert accept(ledger, command(verb, rectification_id, actor=RESPONSIBLE)).ok

    def test_each_acts_on_the_notice_naming_them(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """Two notices to two people of the same department: each acts on their own only."""
        mine = drive(ledger, clock)
        theirs = drive(ledger, clock, issue=notice(responsible_id=COLLEAGUE["id"]))
        clock.advance(hours=1)
        before = head(ledger)
        for actor, rectification_id in ((RESPONSIBLE, theirs), (COLLEAGUE, mine)):
            refused = ledger.submit(command("acknowledge", rectification_id, actor=actor))
            assert (refused.ok, refused.code) == (False, "forbidden")
        assert head(ledger) == before
        assert accept(ledger, command("acknowledge", theirs, actor=COLLEAGUE)).ok
        assert accept(ledger, command("acknowledge", mine, actor=RESPONSIBLE)).ok


class TestTheDepartmentHead:
    """`department_head of that department`: the actor's department is the notice's."""

    def test_of_another_department_is_forbidden(self, ledger: Opsledger, clock: FixedClock) -> None:
        rectification_id = drive(ledger, clock)
        clock.advance(hours=1)
        before = head(ledger)
        for someone in (OTHER_HEAD, holding("department_head", department="Procurement")):
            refused = ledger.submit(command("acknowledge", rectification_id, actor=someone))
            assert (refused.ok, refused.code) == (False, "forbidden"), refused.to_json()
        assert head(ledger) == before
        assert status_of(ledger, rectification_id) == "issued"

        accepted = accept(ledger, command("acknowledge", rectification_id, actor=HEAD))
        assert accepted.events == ("RectificationAcknowledged",)

    def test_a_head_of_that_department_is_not_the_responsible_person(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """The head may acknowledge for the department; the work stays the named person's."""
        rectification_id = drive(ledger, clock)
        accept(ledger, command("acknowledge", rectification_id, actor=HEAD))
        clock.advance(hours=1)
        refused = ledger.submit(command("start", rectification_id, actor=HEAD))
        assert (refused.ok, refused.code) == (False, "forbidden")
        assert accept(ledger, command("start", rectification_id)).events == (
            "RectificationStarted",
        )

    def test_an_auditor_reads_only(self, ledger: Opsledger, clock: FixedClock) -> None:
        rectification_id = drive(ledger, clock)
        auditor_of_it = {**AUDITOR, "department": DEPARTMENT}
        refused = ledger.submit(command("acknowledge", rectification_id, actor=auditor_of_it))
        assert (refused.ok, refused.code) == (False, "forbidden")


class TestTheSystemRoleIsTheSweepsOwn:
    def test_no_command_may_claim_it(self, ledger: Opsledger, clock: FixedClock) -> None:
        """Every rectification command from an actor holding `system` beside the right role
        (and the right id) is forbidden, whatever state the rectification is in."""
        rectification_id = drive(ledger, clock, to="rectifying")
        bodies = []
        for command_type in RECTIFICATION_COMMANDS:
            verb = command_type.removeprefix("rectification.")
            sender = SENDERS[verb]
            claiming = {**sender, "roles": [*sender["roles"], "system"]}
            target = None if verb == "issue" else rectification_id
            bodies.append(command(verb, target, actor=claiming))
        bodies.append(step("reject", rectification_id) | {"actor": SYSTEM})
        bodies.append(command("extend", rectification_id, actor=SYSTEM))

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
