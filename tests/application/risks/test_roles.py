"""Who may send each risk command (DOMAIN §6 "who"): everyone else is `forbidden`. "Any
employee" identifies, which is any actor but `auditor` and `system`; "the owner" is the person
`identify` named and "that action's owner" the person `add_action` named, whatever roles they
hold, and holding a role does not make anyone else them; `system` is the sweep's own role and
no command may claim it. The role table is written from DOMAIN and tied to the production
catalogue: a risk command added without its row fails here. Refusals append nothing and are
each in the security log. Both stores."""

from __future__ import annotations

from uuid import UUID

import pytest

from application.commands.catalogue import COMMANDS
from domain.shared.actor import Role
from infrastructure.opsledger import Opsledger
from tests.application.risk_envelopes import (
    ACTION_OWNER,
    OTHER_ACTION_OWNER,
    OWNER,
    RISK_OFFICER,
    SENDERS,
    SYSTEM,
    Json,
    accept,
    command,
    completion,
    drive,
    head,
    holding,
    identification,
    the_owner,
)
from tests.clocks import FixedClock

EVERY_ROLE = [role.value for role in Role]
ANY_EMPLOYEE = frozenset(EVERY_ROLE) - {"auditor", "system"}
OFFICER = frozenset({"risk_officer"})
NOBODY_BY_ROLE: frozenset[str] = frozenset()

#: Who may send each risk command, as DOMAIN §6 lists them: the roles, and the person the risk
#: records who may too ("the owner", "that action's owner"), if any.
WHO: dict[str, tuple[frozenset[str], str | None]] = {
    "risk.identify": (ANY_EMPLOYEE, None),
    "risk.assess": (OFFICER, "the owner"),
    "risk.choose_response": (OFFICER, "the owner"),
    "risk.approve_acceptance": (frozenset({"management"}), None),
    "risk.add_action": (OFFICER, "the owner"),
    "risk.complete_action": (NOBODY_BY_ROLE, "that action's owner"),
    "risk.assess_residual": (OFFICER, None),
    "risk.review": (OFFICER, "the owner"),
    "risk.close": (OFFICER, None),
    "risk.reopen": (OFFICER, None),
}

#: Where each command is sent: the status a risk is driven to, then the steps taken first.
WHERE: dict[str, tuple[str | None, tuple[str, ...]]] = {
    "risk.identify": (None, ()),
    "risk.assess": ("identified", ()),
    "risk.choose_response": ("assessed", ()),
    "risk.approve_acceptance": ("assessed", ("accept",)),
    "risk.add_action": ("responding", ()),
    "risk.complete_action": ("responding", ("add_action",)),
    "risk.assess_residual": ("responding", ("add_action", "complete_action")),
    "risk.review": ("assessed", ()),
    "risk.close": ("monitoring", ()),
    "risk.reopen": ("closed", ()),
}

RISK_COMMANDS = sorted(t for t in COMMANDS if t.startswith("risk."))


class TestTheRoleTableCoversTheCatalogue:
    def test_every_risk_command_in_the_catalogue_has_a_row(self) -> None:
        assert set(WHO) == set(RISK_COMMANDS)
        assert set(WHERE) == set(RISK_COMMANDS)
        assert len(RISK_COMMANDS) == 10

    @pytest.mark.parametrize("command_type", RISK_COMMANDS)
    def test_the_declared_senders_are_domains(self, command_type: str) -> None:
        declared = COMMANDS[command_type].who
        roles, recorded = WHO[command_type]
        assert {role.value for role in declared.roles} == roles
        assert declared.recorded == recorded


def placed(ledger: Opsledger, clock: FixedClock, command_type: str) -> UUID | None:
    """A risk where `command_type` is accepted from the right sender (None for identify)."""
    status, first = WHERE[command_type]
    if status is None:
        return None
    risk_id = drive(ledger, clock, to=status, then=first)
    clock.advance(hours=1)
    return risk_id


def assert_all_forbidden(ledger: Opsledger, bodies: list[Json], allowed: frozenset[str]) -> None:
    """Each body is refused `forbidden`, naming exactly the roles that may send it (none where
    only a recorded person may); none appends anything, and each refusal is in the security
    log."""
    before = head(ledger)
    for body in bodies:
        refused = ledger.submit(body)
        assert (refused.ok, refused.code) == (False, "forbidden"), (body, refused.to_json())
        if "system" in body["actor"]["roles"]:
            assert refused.details["claimed_role"] == "system"
            continue
        named = set(refused.details["allowed_roles"].split(", ")) - {""}
        assert named == allowed, refused.details
    assert head(ledger) == before
    logged = ledger.security_log.entries()[-len(bodies) :]
    assert [(e.code, e.command_id) for e in logged] == [
        ("forbidden", body["command_id"]) for body in bodies
    ]


def sender(command_type: str) -> Json:
    return SENDERS[command_type.removeprefix("risk.")]


class TestEveryOtherRoleIsForbidden:
    """For every risk command, an actor holding any single role DOMAIN does not list for it (and
    who is not the person the risk records) is refused `forbidden`, and the log is unchanged;
    then the right sender is accepted on the same risk."""

    @pytest.mark.parametrize("command_type", RISK_COMMANDS)
    def test_each_wrong_role(self, ledger: Opsledger, clock: FixedClock, command_type: str) -> None:
        verb = command_type.removeprefix("risk.")
        allowed, _ = WHO[command_type]
        risk_id = placed(ledger, clock, command_type)
        wrong = [role for role in EVERY_ROLE if role not in allowed]
        assert wrong

        assert_all_forbidden(
            ledger, [command(verb, risk_id, actor=holding(role)) for role in wrong], allowed
        )

        assert accept(ledger, command(verb, risk_id, actor=sender(command_type))).ok

    def test_any_employee_identifies(self, ledger: Opsledger) -> None:
        """Each role but auditor and system may identify a risk, on its own."""
        for role in sorted(ANY_EMPLOYEE):
            result = accept(ledger, command("identify", actor=holding(role)))
            assert (result.events, result.version) == (("RiskIdentified",), 1)

    def test_an_auditor_who_is_also_an_employee_identifies(self, ledger: Opsledger) -> None:
        both = holding("auditor", "finance")
        assert accept(ledger, command("identify", actor=both)).ok


OWNERS_COMMANDS = sorted(t for t, (_, who) in WHO.items() if who == "the owner")


class TestTheOwnerIsThePersonNamed:
    """Commands of "the owner": the person `identify` named may send them whatever roles they
    hold (an auditor's aside: read-only, never); anyone else needs the risk_officer role."""

    def test_the_owner_holding_no_listed_role(self, ledger: Opsledger, clock: FixedClock) -> None:
        for command_type in OWNERS_COMMANDS:
            verb = command_type.removeprefix("risk.")
            risk_id = placed(ledger, clock, command_type)
            assert accept(ledger, command(verb, risk_id, actor=the_owner("operations"))).ok

    def test_the_owner_of_another_risk_is_forbidden(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """Owning one risk does not make anyone the owner of another."""
        accept(ledger, command("identify", payload=identification(owner_id="u-head-sales")))
        other_owner = holding("department_head", actor_id="u-head-sales")
        for command_type in OWNERS_COMMANDS:
            verb = command_type.removeprefix("risk.")
            risk_id = placed(ledger, clock, command_type)
            before = head(ledger)

            refused = ledger.submit(command(verb, risk_id, actor=other_owner))

            assert (refused.ok, refused.code) == (False, "forbidden"), command_type
            assert refused.details["allowed_roles"] == "risk_officer"
            assert head(ledger) == before
            assert accept(ledger, command(verb, risk_id, actor=OWNER)).ok

    def test_the_owner_does_not_send_the_risk_officers_commands(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """Residual assessment, close and reopen are the risk officer's alone."""
        for command_type in ("risk.assess_residual", "risk.close", "risk.reopen"):
            verb = command_type.removeprefix("risk.")
            risk_id = placed(ledger, clock, command_type)
            refused = ledger.submit(command(verb, risk_id, actor=OWNER))
            assert (refused.code, refused.details["allowed_roles"]) == (
                "forbidden",
                "risk_officer",
            )

    def test_an_owner_who_is_an_auditor_only_reads(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """DOMAIN §1: the auditor reads only, even when named owner."""
        risk_id = drive(ledger, clock, identify=identification(owner_id="u-audit-1"))
        auditor_owner = holding("auditor", actor_id="u-audit-1")
        refused = ledger.submit(command("assess", risk_id, actor=auditor_owner))
        assert refused.code == "forbidden"


class TestThatActionsOwnerCompletesIt:
    """Only the person the action names completes it: not the risk's owner, not a risk officer,
    not the owner of another action, whatever roles they hold."""

    def test_anyone_else_is_forbidden(self, ledger: Opsledger, clock: FixedClock) -> None:
        risk_id = drive(ledger, clock, to="responding", then=("add_action", "add_action_2"))
        clock.advance(hours=1)
        before = head(ledger)

        for actor in (
            OWNER,
            RISK_OFFICER,
            OTHER_ACTION_OWNER,
            the_owner("risk_officer", "management"),
            holding("risk_officer", "management", "operations", "department_head"),
        ):
            refused = ledger.submit(completion(risk_id, "A-1", owner=actor))
            assert (refused.ok, refused.code) == (False, "forbidden"), refused.to_json()
            assert refused.details["required_actor"] == "that action's owner"

        assert head(ledger) == before
        assert ledger.state(risk_id)[1].state.actions["A-1"].completed_at is None
        assert accept(ledger, completion(risk_id, "A-1")).events == ("MitigationActionCompleted",)

    def test_the_actions_owner_whatever_their_roles(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        risk_id = drive(ledger, clock, to="responding", then=("add_action",))
        clock.advance(hours=1)
        owner = holding("sales_rep", "legal", actor_id=ACTION_OWNER["id"])
        assert accept(ledger, completion(risk_id, owner=owner)).ok


class TestTheSystemRoleIsTheSweepsOwn:
    def test_no_command_may_claim_it(self, ledger: Opsledger, clock: FixedClock) -> None:
        """Every risk command from an actor holding `system` beside the right role (and the
        right id) is forbidden, whatever state the risk is in."""
        risk_id = drive(ledger, clock, to="responding", then=("add_action",))
        bodies = []
        for command_type in RISK_COMMANDS:
            verb = command_type.removeprefix("risk.")
            usual = sender(command_type)
            claiming = {**usual, "roles": [*usual["roles"], "system"]}
            bodies.append(command(verb, risk_id, actor=claiming))
        bodies.append(command("close", risk_id, actor=SYSTEM))

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
