"""Segregation of duties on rectifications (DOMAIN §1 maker-checker, §6a *SoD*): the responsible
person is never the issuer (a supervisor does not issue a notice to themself), never verifies
their own rectification and never extends their own due date, even when they hold the role that
would otherwise allow it (and several more). Each attempt is `segregation_of_duties`, appends
nothing, leaves the rectification as it was and is in the security log; someone else with the
role is accepted. Both stores."""

from __future__ import annotations

from uuid import UUID

import pytest

from infrastructure.opsledger import Opsledger
from tests.application.rectification_envelopes import (
    DEPARTMENT,
    MANAGEMENT,
    OTHER_SUPERVISOR,
    SUPERVISOR,
    Json,
    accept,
    command,
    drive,
    extension,
    head,
    holding,
    notice,
    refuse,
    status_of,
    the_responsible,
    verification,
    version_of,
)
from tests.clocks import FixedClock


def refused_sod(ledger: Opsledger, rectification_id: UUID | None, body: Json) -> None:
    """`body` is refused for segregation of duties, appending nothing; the refusal is in the
    security log and the rectification (if any) is as it was."""
    before = None
    if rectification_id is not None:
        before = (status_of(ledger, rectification_id), version_of(ledger, rectification_id))
    refuse(ledger, body, "segregation_of_duties")
    entry = ledger.security_log.entries()[-1]
    assert (entry.code, entry.command_id) == ("segregation_of_duties", body["command_id"])
    if rectification_id is not None:
        after = (status_of(ledger, rectification_id), version_of(ledger, rectification_id))
        assert after == before


ids = "+".join


class TestNobodyIssuesANoticeToThemself:
    @pytest.mark.parametrize(
        "roles",
        [("supervisor",), ("supervisor", "management", "department_head")],
        ids=ids,
    )
    def test_the_issuer_named_as_responsible(
        self, ledger: Opsledger, roles: tuple[str, ...]
    ) -> None:
        issuer = holding(*roles, actor_id="u-sup-9", department=DEPARTMENT)
        body = command("issue", actor=issuer, payload=notice(responsible_id="u-sup-9"))

        refused_sod(ledger, None, body)

        assert head(ledger) is None
        # the same notice from another supervisor is accepted
        other = accept(ledger, command("issue", payload=notice(responsible_id="u-sup-9")))
        assert (other.events, other.version) == (("RectificationIssued",), 1)

    def test_with_an_id_of_its_own_choosing(self, ledger: Opsledger) -> None:
        """The id named in the envelope changes nothing: no rectification is created."""
        chosen = UUID("3c2b1a09-8f7e-4d6c-9b5a-493827161504")
        body = command(
            "issue", chosen, payload=notice(responsible_id=SUPERVISOR["id"]), actor=SUPERVISOR
        )
        refused_sod(ledger, None, body)
        refused = ledger.submit(command("acknowledge", chosen))
        assert (refused.ok, refused.code) == (False, "not_found")


#: The responsible person holding the checker's role (and more): DOMAIN's SoD is about the
#: person, recorded by id, not about the roles they happen to hold.
AS_SUPERVISOR = [("supervisor",), ("supervisor", "management", "department_head", "operations")]


class TestTheResponsiblePersonDoesNotVerify:
    @pytest.mark.parametrize("passed", [True, False], ids=["passing", "failing"])
    @pytest.mark.parametrize("roles", AS_SUPERVISOR, ids=ids)
    def test_their_own_rectification(
        self, ledger: Opsledger, clock: FixedClock, passed: bool, roles: tuple[str, ...]
    ) -> None:
        rectification_id = drive(ledger, clock, to="submitted")
        clock.advance(hours=1)

        refused_sod(
            ledger,
            rectification_id,
            verification(rectification_id, passed=passed, actor=the_responsible(*roles)),
        )

        assert status_of(ledger, rectification_id) == "submitted"
        accepted = accept(ledger, verification(rectification_id, passed=passed))
        expected = "RectificationVerified" if passed else "RectificationRejected"
        assert (accepted.events, accepted.version) == ((expected,), 5)

    def test_a_responsible_person_who_became_a_supervisor(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """Promoted after the notice was issued: still the same person, still refused."""
        rectification_id = drive(ledger, clock, to="rectifying")
        promoted = the_responsible("operations", "supervisor")
        clock.advance(hours=1)
        accept(ledger, command("submit", rectification_id, actor=promoted))  # their own part
        clock.advance(hours=1)
        refused_sod(
            ledger, rectification_id, verification(rectification_id, passed=True, actor=promoted)
        )


class TestTheResponsiblePersonDoesNotExtend:
    @pytest.mark.parametrize(
        "roles",
        [("supervisor",), ("management",), ("supervisor", "management")],
        ids=ids,
    )
    @pytest.mark.parametrize("status", ["issued", "acknowledged", "rectifying", "submitted"])
    def test_their_own_due_date(
        self, ledger: Opsledger, clock: FixedClock, roles: tuple[str, ...], status: str
    ) -> None:
        rectification_id = drive(ledger, clock, to=status)
        clock.advance(hours=1)

        refused_sod(
            ledger,
            rectification_id,
            extension(rectification_id, "2026-07-31", actor=the_responsible(*roles)),
        )

        assert str(ledger.state(rectification_id)[1].state.due_on) == "2026-07-15"
        for extender, due in ((MANAGEMENT, "2026-07-31"), (OTHER_SUPERVISOR, "2026-08-10")):
            accept(ledger, extension(rectification_id, due, actor=extender))
        assert str(ledger.state(rectification_id)[1].state.due_on) == "2026-08-10"


class TestTheIssuerIsNotKeptOut:
    def test_the_issuer_verifies_extends_and_closes(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """Only the responsible person is kept from checking: the supervisor who issued the
        notice may extend it, verify it and close it."""
        rectification_id = drive(ledger, clock, to="submitted")
        for body in (
            extension(rectification_id, "2026-07-31", actor=SUPERVISOR),
            verification(rectification_id, passed=True, actor=SUPERVISOR),
            command("close", rectification_id, actor=SUPERVISOR),
        ):
            clock.advance(hours=1)
            accept(ledger, body)
        assert (status_of(ledger, rectification_id), version_of(ledger, rectification_id)) == (
            "closed",
            7,
        )
