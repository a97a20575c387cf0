"""Who may send each command, as the production catalogue declares it, is exactly DOMAIN's "who"
column: the table below is copied from DOMAIN.md by hand, never derived from the code."""

from __future__ import annotations

import pytest

from application.commands.catalogue import COMMANDS, KINDS
from application.commands.spec import Who
from domain.shared.actor import Actor, Role
from tests.catalogue_verbs import verbs

CS = Role.CUSTOMER_SERVICE
SM = Role.SERVICE_MANAGER
THE_ASSIGNEE = "the assignee"
THE_PROJECT_MANAGER = "the project manager"
THE_RESPONSIBLE_PERSON = "the responsible person"
THE_OWNER = "the owner"
#: DOMAIN §1: "any employee" means any actor but `auditor` and `system`.
ANY_EMPLOYEE = frozenset(Role) - {Role.AUDITOR, Role.SYSTEM}


def row(*roles: Role, recorded: str | None = None) -> tuple[frozenset[Role], str | None]:
    """One line of a "who" column: the roles named, and the person recorded in that part."""
    return frozenset(roles), recorded


#: DOMAIN's "who" column, per aggregate and command verb. The sweeps' `system` rows are not
#: commands anyone sends and are not listed.
DOMAIN_WHO: dict[str, dict[str, tuple[frozenset[Role], str | None]]] = {
    # DOMAIN §2
    "order": {
        "draft": row(Role.SALES_REP),
        "amend": row(Role.SALES_REP),
        "request_review": row(Role.SALES_REP),
        # legal (legal), finance (financial), risk_officer (risk): the decision matches the
        # aspect to the role.
        "review_clause": row(Role.LEGAL, Role.FINANCE, Role.RISK_OFFICER),
        # sales_manager up to the signing limit, management above it: the decision applies it.
        "sign": row(Role.SALES_MANAGER, Role.MANAGEMENT),
        "start_fulfilment": row(Role.OPERATIONS),
        "ship": row(Role.OPERATIONS),
        "confirm_delivery": row(Role.OPERATIONS),
        "invoice": row(Role.FINANCE),
        "record_payment": row(Role.FINANCE),
        "hold": row(Role.SALES_MANAGER),
        "resume": row(Role.SALES_MANAGER),
        "cancel": row(Role.SALES_MANAGER),
        "close": row(Role.FINANCE),
    },
    # DOMAIN §4
    "project": {
        "propose": row(*ANY_EMPLOYEE),
        "approve": row(Role.MANAGEMENT),
        "reject": row(Role.MANAGEMENT),
        "appoint_manager": row(Role.MANAGEMENT),
        "add_member": row(recorded=THE_PROJECT_MANAGER),
        "submit_plan": row(recorded=THE_PROJECT_MANAGER),
        "approve_plan": row(Role.MANAGEMENT, Role.DEPARTMENT_HEAD),
        "start": row(recorded=THE_PROJECT_MANAGER),
        "record_progress": row(recorded=THE_PROJECT_MANAGER),
        "record_cost": row(Role.FINANCE, recorded=THE_PROJECT_MANAGER),
        "request_change": row(recorded=THE_PROJECT_MANAGER),
        "approve_change": row(Role.MANAGEMENT),
        "hold": row(Role.MANAGEMENT),
        "resume": row(Role.MANAGEMENT),
        "cancel": row(Role.MANAGEMENT),
        "request_acceptance": row(recorded=THE_PROJECT_MANAGER),
        "record_acceptance": row(Role.QUALITY_INSPECTOR),
        "submit_closing_report": row(recorded=THE_PROJECT_MANAGER),
        "close": row(Role.MANAGEMENT),
    },
    # DOMAIN §5
    "budget": {
        "draft": row(Role.DEPARTMENT_HEAD),
        "revise_draft": row(Role.DEPARTMENT_HEAD),
        "submit": row(Role.DEPARTMENT_HEAD),
        "review": row(Role.FINANCE),
        "approve": row(Role.MANAGEMENT),
        "commit_funds": row(Role.DEPARTMENT_HEAD, Role.PROJECT_MANAGER),
        "record_spend": row(Role.FINANCE),
        "request_adjustment": row(Role.DEPARTMENT_HEAD),
        "review_adjustment": row(Role.FINANCE),
        "approve_adjustment": row(Role.MANAGEMENT),
        "reject_adjustment": row(Role.MANAGEMENT),
        "close": row(Role.FINANCE_MANAGER),
    },
    # DOMAIN §6
    "risk": {
        "identify": row(*ANY_EMPLOYEE),
        "assess": row(Role.RISK_OFFICER, recorded=THE_OWNER),
        "choose_response": row(Role.RISK_OFFICER, recorded=THE_OWNER),
        "approve_acceptance": row(Role.MANAGEMENT),
        "add_action": row(Role.RISK_OFFICER, recorded=THE_OWNER),
        "complete_action": row(recorded="that action's owner"),
        "assess_residual": row(Role.RISK_OFFICER),
        "review": row(Role.RISK_OFFICER, recorded=THE_OWNER),
        "close": row(Role.RISK_OFFICER),
        "reopen": row(Role.RISK_OFFICER),
    },
    # DOMAIN §6a
    "rectification": {
        "issue": row(Role.SUPERVISOR),
        # the responsible person, department_head of that department (the decision checks
        # the department)
        "acknowledge": row(Role.DEPARTMENT_HEAD, recorded=THE_RESPONSIBLE_PERSON),
        "start": row(recorded=THE_RESPONSIBLE_PERSON),
        "submit": row(recorded=THE_RESPONSIBLE_PERSON),
        "verify": row(Role.SUPERVISOR),
        "extend": row(Role.SUPERVISOR, Role.MANAGEMENT),
        "close": row(Role.SUPERVISOR),
    },
    # DOMAIN §3
    "complaint": {
        "register": row(CS),
        "acknowledge": row(CS),
        "classify": row(CS, SM),
        "assign": row(SM),
        "record_investigation": row(Role.DEPARTMENT_HEAD, recorded=THE_ASSIGNEE),
        "pause": row(CS, recorded=THE_ASSIGNEE),
        "resume": row(CS, recorded=THE_ASSIGNEE),
        "propose_resolution": row(recorded=THE_ASSIGNEE),
        "record_feedback": row(CS),
        "close": row(CS, SM),
        "close_unresolved": row(SM),
        "reopen": row(CS, SM),
        "escalate": row(CS, SM),
    },
}


def holder_of(role: Role) -> Actor:
    """Someone holding `role` and nothing else."""
    return Actor(id=f"u-{role.value}", roles=frozenset({role}), department="quality")


class TestTheCatalogueDeclaresDomainsWho:
    """Every command the catalogue accepts has DOMAIN's row, and declares exactly its roles and
    the person it records; a command added without its row, or with other senders, fails."""

    @pytest.mark.parametrize("kind", sorted(KINDS))
    def test_every_kind_has_its_rows(self, kind: str) -> None:
        assert kind in DOMAIN_WHO, (
            f"the catalogue has the kind {kind!r} but DOMAIN_WHO has no rows for it: add them "
            "here, copied from the 'who' column of its section of DOMAIN.md"
        )
        assert set(DOMAIN_WHO[kind]) == verbs(kind), (
            f"the {kind} commands of the catalogue and of DOMAIN_WHO differ: add the missing "
            "rows from DOMAIN.md, or declare the missing commands"
        )

    @pytest.mark.parametrize("command_type", sorted(COMMANDS))
    def test_the_declared_senders_are_domains(self, command_type: str) -> None:
        kind, verb = command_type.split(".", 1)
        roles, recorded = DOMAIN_WHO.get(kind, {}).get(verb, (None, None))
        assert roles is not None, f"{command_type} has no row in DOMAIN_WHO: add it from DOMAIN.md"

        assert COMMANDS[command_type].who == Who(roles, recorded)

    @pytest.mark.parametrize("command_type", sorted(COMMANDS))
    def test_no_command_is_open_to_auditors_or_the_system(self, command_type: str) -> None:
        """DOMAIN §1: auditors only read; `system` only runs the deadline sweeps."""
        assert COMMANDS[command_type].who.roles.isdisjoint({Role.AUDITOR, Role.SYSTEM})


class TestTheGateLetsThroughWhomDomainNames:
    """Before a decision runs, the gate lets through a holder of a named role; where DOMAIN also
    names a recorded person ("the assignee") any employee passes and the decision checks that
    it is them; auditors and `system` never pass."""

    @pytest.mark.parametrize(
        ("verb", "role"),
        [
            pytest.param(verb, role, id=f"{verb}-by-{role}")
            for verb in sorted(DOMAIN_WHO["complaint"])
            for role in Role
        ],
    )
    def test_a_complaint_command_by_a_holder_of_one_role(self, verb: str, role: Role) -> None:
        roles, recorded = DOMAIN_WHO["complaint"][verb]
        employee = role not in {Role.AUDITOR, Role.SYSTEM}
        expected = role in roles or (recorded is not None and employee)

        assert COMMANDS[f"complaint.{verb}"].who.may_send(holder_of(role)) is expected
