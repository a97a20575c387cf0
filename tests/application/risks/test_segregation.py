"""Segregation of duties on risks (DOMAIN §1 maker-checker, §6 `risk.approve_acceptance` *SoD:
≠ owner*): management who is the risk's owner may not approve accepting it, whatever other
roles they hold; nor may the person who chose to accept it (they requested the acceptance).
Each attempt is `segregation_of_duties`, appends nothing, leaves the risk as it was (the
acceptance still pending) and is in the security log; other management is accepted. Both
stores."""

from __future__ import annotations

from uuid import UUID

import pytest

from infrastructure.opsledger import Opsledger
from tests.application.risk_envelopes import (
    OTHER_MANAGEMENT,
    Json,
    accept,
    assessing,
    command,
    drive,
    holding,
    identification,
    refuse,
    responding,
    status_of,
    the_owner,
    version_of,
)
from tests.clocks import FixedClock


def refused_sod(ledger: Opsledger, risk_id: UUID, body: Json) -> dict[str, object]:
    """`body` is refused for segregation of duties; the risk is as it was."""
    status, version = status_of(ledger, risk_id), version_of(ledger, risk_id)
    refused = refuse(ledger, body, "segregation_of_duties")
    entry = ledger.security_log.entries()[-1]
    assert (entry.code, entry.command_id) == ("segregation_of_duties", body["command_id"])
    assert (status_of(ledger, risk_id), version_of(ledger, risk_id)) == (status, version)
    risk = ledger.state(risk_id)[1].state
    assert risk.acceptance_approved_by is None
    return refused.details


def approval(risk_id: UUID, actor: Json) -> Json:
    return command("approve_acceptance", risk_id, actor=actor)


OWNER_ROLES = [
    ("management",),
    ("management", "risk_officer"),
    ("management", "risk_officer", "department_head", "finance"),
]


class TestTheOwnerDoesNotApproveAcceptingTheirRisk:
    def test_management_who_is_the_owner(self, ledger: Opsledger, clock: FixedClock) -> None:
        """The owner (a department head) chose to accept a high risk; the same person holding
        management (and more) may not approve it."""
        risk_id = drive(ledger, clock, to="assessed", then=("accept",))
        clock.advance(hours=1)

        for roles in OWNER_ROLES:
            details = refused_sod(ledger, risk_id, approval(risk_id, the_owner(*roles)))
            assert details["duty"] == "owns"

        other = accept(ledger, approval(risk_id, OTHER_MANAGEMENT))
        assert (other.events, other.version) == (("RiskAcceptanceApproved",), 4)

    def test_even_when_a_risk_officer_chose_to_accept(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """The owner did not choose the response, but still owns the risk."""
        boss = holding("management", actor_id="u-cfo")
        risk_id = drive(ledger, clock, identify=identification(owner_id="u-cfo"), then=("assess",))
        accept(ledger, responding(risk_id, "accept", actor=holding("risk_officer")))
        clock.advance(hours=1)

        details = refused_sod(ledger, risk_id, approval(risk_id, boss))

        assert details["duty"] == "owns"
        assert accept(ledger, approval(risk_id, OTHER_MANAGEMENT)).ok

    def test_the_owner_who_identified_it_themself(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        owner = the_owner("management")
        risk_id = drive(ledger, clock, actor=owner, then=("assess",))
        accept(ledger, assessing(risk_id, 5, 5, actor=owner))
        accept(ledger, responding(risk_id, "accept", actor=owner))
        clock.advance(hours=1)
        refused_sod(ledger, risk_id, approval(risk_id, owner))


class TestWhoChoseToAcceptDoesNotApproveIt:
    @pytest.mark.parametrize(
        "roles",
        [("risk_officer", "management"), ("risk_officer", "management", "department_head")],
        ids=lambda roles: "+".join(roles),
    )
    def test_a_risk_officer_who_is_also_management(
        self, ledger: Opsledger, clock: FixedClock, roles: tuple[str, ...]
    ) -> None:
        """Maker-checker (DOMAIN §1): whoever requested the acceptance may not approve it."""
        chooser = holding(*roles, actor_id="u-risk-boss")
        risk_id = drive(ledger, clock, to="assessed")
        accept(ledger, responding(risk_id, "accept", actor=chooser))
        clock.advance(hours=1)

        details = refused_sod(ledger, risk_id, approval(risk_id, chooser))

        assert details["duty"] == "chose to accept"
        assert accept(ledger, approval(risk_id, OTHER_MANAGEMENT)).ok
