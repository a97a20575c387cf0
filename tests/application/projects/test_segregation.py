"""Segregation of duties on projects (DOMAIN §1 maker-checker, §4 *SoD*): the proposer neither
approves nor rejects the proposal, the project manager does not approve their own plan, the
requester of a change does not approve it, and the project manager does not inspect the
project, even when they hold the role that would otherwise allow it (and several more). Each
attempt is `segregation_of_duties`, appends nothing, leaves the project as it was and is in the
security log; someone else with the role is accepted. Both stores."""

from __future__ import annotations

from uuid import UUID

import pytest

from infrastructure.opsledger import Opsledger
from tests.application.project_envelopes import (
    EMPLOYEE,
    OTHER_MANAGEMENT,
    PROJECT_MANAGER,
    Json,
    accept,
    command,
    drive,
    holding,
    inspection,
    refuse,
    status_of,
    version_of,
)
from tests.clocks import FixedClock


def refused_sod(ledger: Opsledger, project_id: UUID, body: Json) -> dict[str, object]:
    """`body` is refused for segregation of duties; the project is as it was."""
    status, version = status_of(ledger, project_id), version_of(ledger, project_id)
    refused = refuse(ledger, body, "segregation_of_duties")
    entry = ledger.security_log.entries()[-1]
    assert (entry.code, entry.command_id) == ("segregation_of_duties", body["command_id"])
    assert (status_of(ledger, project_id), version_of(ledger, project_id)) == (status, version)
    return refused.details


#: The proposer, who also holds management (and more): DOMAIN's SoD is about the person.
PROPOSER_ROLES = [("management",), ("management", "department_head", "project_manager")]


class TestTheProposerNeitherApprovesNorRejects:
    @pytest.mark.parametrize("verb", ["approve", "reject"])
    @pytest.mark.parametrize("roles", PROPOSER_ROLES, ids=lambda roles: "+".join(roles))
    def test_their_own_proposal(
        self, ledger: Opsledger, clock: FixedClock, verb: str, roles: tuple[str, ...]
    ) -> None:
        proposer = holding(*roles, actor_id="u-proposer")
        project_id = drive(ledger, clock, actor=proposer)
        clock.advance(hours=1)

        details = refused_sod(ledger, project_id, command(verb, project_id, actor=proposer))

        assert details["duty"] == "proposed"
        assert status_of(ledger, project_id) == "proposed"
        other = accept(ledger, command(verb, project_id, actor=OTHER_MANAGEMENT))
        assert other.version == 2

    def test_an_employee_who_proposed_may_not_approve_by_gaining_management(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """The proposer is recorded by id: the same person later holding management is still
        the proposer."""
        project_id = drive(ledger, clock)  # proposed by EMPLOYEE, an engineer
        promoted = {**EMPLOYEE, "roles": ["operations", "management"]}
        refused_sod(ledger, project_id, command("approve", project_id, actor=promoted))


#: The project manager holding a role that approves plans, changes or inspects (and others).
def the_manager(*roles: str) -> Json:
    return holding(*roles, actor_id=PROJECT_MANAGER["id"])


class TestTheManagerDoesNotApproveTheirOwnPlan:
    @pytest.mark.parametrize(
        "roles",
        [
            ("management",),
            ("department_head",),
            ("project_manager", "management", "department_head"),
        ],
        ids=lambda roles: "+".join(roles),
    )
    def test_approving_the_plan(
        self, ledger: Opsledger, clock: FixedClock, roles: tuple[str, ...]
    ) -> None:
        project_id = drive(ledger, clock, to="planning")
        accept(ledger, command("submit_plan", project_id))
        clock.advance(hours=1)

        refused_sod(
            ledger, project_id, command("approve_plan", project_id, actor=the_manager(*roles))
        )

        assert status_of(ledger, project_id) == "planning"
        assert accept(ledger, command("approve_plan", project_id)).events == ("PlanApproved",)


class TestTheRequesterDoesNotApproveTheChange:
    def test_approving_their_own_change(self, ledger: Opsledger, clock: FixedClock) -> None:
        project_id = drive(ledger, clock, to="executing")
        requester = the_manager("project_manager", "management")
        accept(ledger, command("request_change", project_id, actor=requester))
        clock.advance(hours=1)

        details = refused_sod(
            ledger, project_id, command("approve_change", project_id, actor=requester)
        )

        assert details["duty"] == "requested"
        project = ledger.state(project_id)[1].state
        assert str(project.planned_end) == "2026-12-31"  # the baseline did not move
        assert accept(ledger, command("approve_change", project_id)).events == ("BaselineChanged",)


class TestTheManagerDoesNotInspect:
    @pytest.mark.parametrize("passed", [True, False], ids=["passing", "failing"])
    @pytest.mark.parametrize(
        "roles",
        [("quality_inspector",), ("quality_inspector", "management", "project_manager")],
        ids=lambda roles: "+".join(roles),
    )
    def test_recording_acceptance(
        self, ledger: Opsledger, clock: FixedClock, passed: bool, roles: tuple[str, ...]
    ) -> None:
        project_id = drive(ledger, clock, to="acceptance_requested")
        clock.advance(hours=1)

        refused_sod(
            ledger, project_id, inspection(project_id, passed=passed, actor=the_manager(*roles))
        )

        assert status_of(ledger, project_id) == "acceptance_requested"
        accepted = accept(ledger, inspection(project_id, passed=passed))
        assert accepted.events == (("AcceptancePassed",) if passed else ("AcceptanceFailed",))
