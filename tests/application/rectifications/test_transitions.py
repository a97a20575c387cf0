"""Rectification commands out of state (DOMAIN §6a's state machine, `issued → acknowledged →
rectifying → submitted → verified → closed`, a failed verification back to `rectifying`):
`invalid_transition`, naming the status the rectification is in. acknowledge only from
`issued`, start from `acknowledged`, submit from `rectifying`, verify from `submitted`, extend
before `verified`, close after verification passed; a closed rectification takes no command at
all. A command to a rectification that does not exist: `not_found`. Nothing is appended. Both
stores."""

from __future__ import annotations

from uuid import uuid4

import pytest

from infrastructure.opsledger import Opsledger
from tests.application import project_envelopes
from tests.application.rectification_envelopes import (
    ON_A_RECTIFICATION,
    STATUSES,
    accept,
    command,
    drive,
    head,
    refuse,
    status_of,
    step,
    version_of,
    walk,
)
from tests.clocks import FixedClock

#: For each status, the commands DOMAIN §6a allows there (sent by their usual sender).
ALLOWED: dict[str, frozenset[str]] = {
    "issued": frozenset({"acknowledge", "extend"}),
    "acknowledged": frozenset({"start", "extend"}),
    "rectifying": frozenset({"submit", "extend"}),
    "submitted": frozenset({"verify", "extend"}),
    "verified": frozenset({"close"}),
    "closed": frozenset(),
}


class TestTheTable:
    def test_every_status_has_a_row(self) -> None:
        assert set(ALLOWED) == set(STATUSES) == {
            "issued", "acknowledged", "rectifying", "submitted", "verified", "closed",
        }  # fmt: skip
        assert all(allowed <= set(ON_A_RECTIFICATION) for allowed in ALLOWED.values())

    @pytest.mark.parametrize("status", STATUSES)
    def test_each_command_the_state_does_not_allow(
        self, ledger: Opsledger, clock: FixedClock, status: str
    ) -> None:
        rectification_id = drive(ledger, clock, to=status)
        clock.advance(hours=1)
        version, before = version_of(ledger, rectification_id), head(ledger)
        refused_here = [verb for verb in ON_A_RECTIFICATION if verb not in ALLOWED[status]]

        refused = {}
        for verb in refused_here:
            result = ledger.submit(step(verb, rectification_id))
            refused[verb] = (result.code, result.details.get("status"))

        assert refused == dict.fromkeys(refused_here, ("invalid_transition", status))
        assert head(ledger) == before
        assert (status_of(ledger, rectification_id), version_of(ledger, rectification_id)) == (
            status,
            version,
        )

    @pytest.mark.parametrize("status", [s for s in STATUSES if ALLOWED[s]])
    def test_each_command_the_state_allows(
        self, ledger: Opsledger, clock: FixedClock, status: str
    ) -> None:
        """The complement: on a fresh rectification in that status, each allowed command is
        accepted as the next version."""
        for verb in sorted(ALLOWED[status]):
            rectification_id = drive(ledger, clock, to=status)
            clock.advance(hours=1)
            version = version_of(ledger, rectification_id)
            assert accept(ledger, step(verb, rectification_id)).version == version + 1

    def test_a_failed_verification_leaves_it_rectifying(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """After `RectificationRejected` the rectification answers exactly as one rectifying."""
        rectification_id = drive(ledger, clock, to="submitted")
        walk(ledger, clock, rectification_id, "reject")
        clock.advance(hours=1)
        before = head(ledger)
        refused = {
            verb: ledger.submit(step(verb, rectification_id)).code
            for verb in ON_A_RECTIFICATION
            if verb not in ALLOWED["rectifying"]
        }
        assert refused == dict.fromkeys(refused, "invalid_transition")
        assert head(ledger) == before


class TestNoSuchRectification:
    def test_a_command_to_an_unknown_rectification(self, ledger: Opsledger) -> None:
        for verb in ON_A_RECTIFICATION:
            refuse(ledger, step(verb, uuid4()), "not_found")
        assert head(ledger) is None

    def test_an_issue_naming_a_rectification_that_exists(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        rectification_id = drive(ledger, clock, to="acknowledged")
        refused = refuse(ledger, command("issue", rectification_id), "invalid_transition")
        assert refused.details["status"] == "already created"
        assert version_of(ledger, rectification_id) == 2

    def test_a_project_is_not_a_rectification(self, ledger: Opsledger, clock: FixedClock) -> None:
        project_id = project_envelopes.drive(ledger, clock)
        for verb in ON_A_RECTIFICATION:
            refuse(ledger, step(verb, project_id), "not_found")
        refused = refuse(ledger, command("issue", project_id), "invalid_transition")
        assert refused.details["status"] == "already created"
