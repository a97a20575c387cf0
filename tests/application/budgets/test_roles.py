"""Who may send each budget command (DOMAIN §5 "who"): everyone else is `forbidden`, naming the
roles that may. `system` is the sweep's own role and no command may claim it; `auditor` reads
only. The role table is written from DOMAIN and tied to the production catalogue: a budget
command added without its row fails here. Refusals append nothing and are each in the security
log. Both stores."""

from __future__ import annotations

from uuid import UUID

import pytest

from application.commands.catalogue import COMMANDS
from domain.shared.actor import Role
from infrastructure.opsledger import Opsledger
from tests.application.budget_envelopes import (
    AUDITOR,
    DEPUTY_HEAD,
    FINANCE,
    HEAD,
    PROJECT_MANAGER,
    SENDERS,
    SYSTEM,
    Json,
    accept,
    after_the_year,
    command,
    drive,
    head,
    holding,
    step,
)
from tests.clocks import FixedClock

EVERY_ROLE = [role.value for role in Role]
HEADS = frozenset({"department_head"})
FINANCE_ROLE = frozenset({"finance"})
MANAGEMENT = frozenset({"management"})

#: Who may send each budget command, as DOMAIN §5 lists them.
WHO: dict[str, frozenset[str]] = {
    "budget.draft": HEADS,
    "budget.revise_draft": HEADS,
    "budget.submit": HEADS,
    "budget.review": FINANCE_ROLE,
    "budget.approve": MANAGEMENT,
    "budget.commit_funds": frozenset({"department_head", "project_manager"}),
    "budget.record_spend": FINANCE_ROLE,
    "budget.request_adjustment": HEADS,
    "budget.review_adjustment": FINANCE_ROLE,
    "budget.approve_adjustment": MANAGEMENT,
    "budget.reject_adjustment": MANAGEMENT,
    "budget.close": frozenset({"finance_manager"}),
}

#: Where each command is sent: the status a budget is driven to, then the steps taken first.
WHERE: dict[str, tuple[str | None, tuple[str, ...]]] = {
    "budget.draft": (None, ()),
    "budget.revise_draft": ("draft", ()),
    "budget.submit": ("draft", ()),
    "budget.review": ("submitted", ()),
    "budget.approve": ("finance_reviewed", ()),
    "budget.commit_funds": ("approved", ()),
    "budget.record_spend": ("approved", ()),
    "budget.request_adjustment": ("approved", ()),
    "budget.review_adjustment": ("approved", ("request_adjustment",)),
    "budget.approve_adjustment": ("approved", ("request_adjustment", "review_adjustment")),
    "budget.reject_adjustment": ("approved", ("request_adjustment", "review_adjustment")),
    "budget.close": ("approved", ()),
}

BUDGET_COMMANDS = sorted(t for t in COMMANDS if t.startswith("budget."))


class TestTheRoleTableCoversTheCatalogue:
    def test_every_budget_command_in_the_catalogue_has_a_row(self) -> None:
        assert set(WHO) == set(BUDGET_COMMANDS)
        assert set(WHERE) == set(BUDGET_COMMANDS)
        assert len(BUDGET_COMMANDS) == 12

    @pytest.mark.parametrize("command_type", BUDGET_COMMANDS)
    def test_the_declared_senders_are_domains(self, command_type: str) -> None:
        declared = COMMANDS[command_type].who
        assert {role.value for role in declared.roles} == WHO[command_type]
        assert declared.recorded is None  # no budget command is "the person the record names"

    @pytest.mark.parametrize("command_type", BUDGET_COMMANDS)
    def test_the_usual_sender_may(self, command_type: str) -> None:
        sender = SENDERS[command_type.removeprefix("budget.")]
        assert set(sender["roles"]) <= WHO[command_type]


def placed(ledger: Opsledger, clock: FixedClock, command_type: str) -> UUID | None:
    """A budget where `command_type` is accepted from the right sender (None for a draft)."""
    status, first = WHERE[command_type]
    if status is None:
        return None
    budget_id = drive(ledger, clock, to=status)
    for name in first:
        clock.advance(hours=1)
        accept(ledger, step(name, budget_id))
    clock.advance(hours=1)
    if command_type == "budget.close":
        after_the_year(clock)
    return budget_id


def assert_all_forbidden(ledger: Opsledger, bodies: list[Json], allowed: frozenset[str]) -> None:
    """Each body is refused `forbidden`, naming exactly the roles that may send it; none appends
    anything, and each refusal is in the security log."""
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
    """For every budget command, an actor holding any single role DOMAIN does not list for it
    is refused `forbidden` and the log is unchanged; then the right sender is accepted on the
    same budget."""

    @pytest.mark.parametrize("command_type", BUDGET_COMMANDS)
    def test_each_wrong_role(self, ledger: Opsledger, clock: FixedClock, command_type: str) -> None:
        verb = command_type.removeprefix("budget.")
        allowed = WHO[command_type]
        budget_id = placed(ledger, clock, command_type)
        wrong = [role for role in EVERY_ROLE if role not in allowed]
        assert len(wrong) == len(EVERY_ROLE) - len(allowed)

        assert_all_forbidden(
            ledger, [command(verb, budget_id, actor=holding(role)) for role in wrong], allowed
        )

        assert accept(ledger, command(verb, budget_id, actor=SENDERS[verb])).ok

    def test_an_auditor_is_refused_everything(self, ledger: Opsledger, clock: FixedClock) -> None:
        """The auditor reads only: every budget command from an auditor is forbidden."""
        budget_id = drive(ledger, clock, to="approved")
        bodies = [
            command(t.removeprefix("budget."), budget_id if t != "budget.draft" else None,
                    actor=AUDITOR)
            for t in BUDGET_COMMANDS
        ]  # fmt: skip
        before = head(ledger)
        for body in bodies:
            refused = ledger.submit(body)
            assert (refused.ok, refused.code) == (False, "forbidden"), body["type"]
        assert head(ledger) == before


class TestRightRolesWhoeverTheyAre:
    def test_a_project_manager_or_a_department_head_commits(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        budget_id = drive(ledger, clock, to="approved")
        for n, sender in enumerate((PROJECT_MANAGER, HEAD, DEPUTY_HEAD), start=1):
            clock.advance(hours=1)
            body = command("commit_funds", budget_id, actor=sender)
            body["payload"]["reference"] = f"PO-{n}"
            assert accept(ledger, body).version == 4 + n

    def test_a_second_role_beside_the_right_one_does_not_matter(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        both = holding("finance", "auditor", actor_id="u-fin-9")
        budget_id = drive(ledger, clock, to="submitted")
        clock.advance(hours=1)
        assert accept(ledger, command("review", budget_id, actor=both)).events == (
            "BudgetReviewed",
        )


class TestTheSystemRoleIsTheSweepsOwn:
    def test_no_command_may_claim_it(self, ledger: Opsledger, clock: FixedClock) -> None:
        """Every budget command from an actor holding `system` beside the right role (and the
        right id) is forbidden, whatever state the budget is in."""
        budget_id = drive(ledger, clock, to="approved")
        bodies = []
        for command_type in BUDGET_COMMANDS:
            verb = command_type.removeprefix("budget.")
            sender = SENDERS[verb]
            claiming = {**sender, "roles": [*sender["roles"], "system"]}
            target = None if verb == "draft" else budget_id
            bodies.append(command(verb, target, actor=claiming))
        bodies.append(command("record_spend", budget_id, actor=SYSTEM))
        bodies.append(command("record_spend", budget_id, actor={**FINANCE, "roles": ["system"]}))

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
