"""Risk commands out of state (DOMAIN §6's states `identified → assessed → responding →
monitoring → closed`, with `reopened`): `invalid_transition`, naming the status the risk is in.
A response is chosen once assessed; actions are added and the residual risk assessed once a
response is chosen; reviews are owed while an assessment is in force; only a closed risk is
reopened, and a reopened one is assessed afresh before anything else but closing. A closed
risk takes nothing but reopen. Where the state allows the command but the risk has nothing for
it (no acceptance awaiting approval, no such action, an action already completed), the rule is
broken: `rule_violation`. A command to a risk that does not exist: `not_found`. Nothing is
appended. Both stores."""

from __future__ import annotations

from uuid import uuid4

import pytest

from infrastructure.opsledger import Opsledger
from tests.application import project_envelopes
from tests.application.risk_envelopes import (
    ON_A_RISK,
    STATUSES,
    accept,
    command,
    drive,
    head,
    refuse,
    status_of,
    step,
    version_of,
)
from tests.clocks import FixedClock

IT, RULE = "invalid_transition", "rule_violation"


def each(code: str, *verbs: str) -> dict[str, str]:
    return dict.fromkeys(verbs, code)


#: For each status (as `drive` reaches it: the monitoring road completes action A-1), the
#: commands DOMAIN §6's states do not allow there, and the code each is refused with. Each is
#: sent as its usual sender sends it (`complete_action` of A-1 by its owner).
OUT_OF_STATE: dict[str, dict[str, str]] = {
    "identified": {
        **each(IT, "choose_response", "approve_acceptance", "add_action", "assess_residual",
               "review", "reopen"),
        "complete_action": RULE,  # no action A-1
    },
    "assessed": {
        **each(IT, "approve_acceptance", "add_action", "assess_residual", "reopen"),
        "complete_action": RULE,
    },
    "responding": {
        **each(IT, "reopen"),
        **each(RULE, "approve_acceptance", "complete_action"),  # reduce; no action yet
    },
    "monitoring": {
        **each(IT, "approve_acceptance", "reopen"),
        "complete_action": RULE,  # A-1 is done
    },
    "closed": each(IT, *(verb for verb in ON_A_RISK if verb != "reopen")),
    "reopened": {
        **each(IT, "choose_response", "approve_acceptance", "add_action", "assess_residual",
               "review", "reopen"),
        "complete_action": RULE,  # A-1 is done
    },
}  # fmt: skip


class TestOutOfState:
    def test_every_status_has_a_row(self) -> None:
        assert set(OUT_OF_STATE) == set(STATUSES) == {
            "identified", "assessed", "responding", "monitoring", "closed", "reopened",
        }  # fmt: skip

    @pytest.mark.parametrize("status", STATUSES)
    def test_each_command_the_state_does_not_allow(
        self, ledger: Opsledger, clock: FixedClock, status: str
    ) -> None:
        risk_id = drive(ledger, clock, to=status)
        clock.advance(hours=1)
        version, before = version_of(ledger, risk_id), head(ledger)

        refused = {}
        for name in OUT_OF_STATE[status]:
            result = ledger.submit(step(name, risk_id))
            refused[name] = (result.code, result.details.get("status"))

        expected = {
            name: (code, status if code == IT else None)
            for name, code in OUT_OF_STATE[status].items()
        }
        assert refused == expected
        assert head(ledger) == before
        assert (status_of(ledger, risk_id), version_of(ledger, risk_id)) == (status, version)

    @pytest.mark.parametrize("status", STATUSES)
    def test_every_other_command_is_accepted_there(
        self, ledger: Opsledger, clock: FixedClock, status: str
    ) -> None:
        """The table is the whole story: each command not in a status's row is accepted there
        (each on a risk of its own, driven to that status; the residual assessment equal to
        the inherent one, which needs no completed action; a second action, A-2)."""
        allowed = [verb for verb in ON_A_RISK if verb not in OUT_OF_STATE[status]]
        assert allowed
        for verb in allowed:
            risk_id = drive(ledger, clock, to=status)
            clock.advance(hours=1)
            name = {"assess_residual": "residual_same", "add_action": "add_action_2"}.get(
                verb, verb
            )
            assert accept(ledger, step(name, risk_id)).ok, verb


class TestNoSuchRisk:
    def test_a_command_to_an_unknown_risk(self, ledger: Opsledger) -> None:
        for name in ON_A_RISK:
            refuse(ledger, step(name, uuid4()), "not_found")
        assert head(ledger) is None

    def test_identify_naming_a_risk_that_exists(self, ledger: Opsledger, clock: FixedClock) -> None:
        risk_id = drive(ledger, clock, to="assessed")
        refused = refuse(ledger, command("identify", risk_id), IT)
        assert refused.details["status"] == "already created"
        assert version_of(ledger, risk_id) == 2

    def test_a_project_is_not_a_risk(self, ledger: Opsledger, clock: FixedClock) -> None:
        project_id = project_envelopes.drive(ledger, clock)
        refuse(ledger, command("assess", project_id), "not_found")
