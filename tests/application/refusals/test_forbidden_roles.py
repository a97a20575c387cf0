"""Only the roles the domain names may send a command; any other actor gets `forbidden`."""

from __future__ import annotations

from datetime import timedelta

import pytest

from infrastructure.opsledger import Opsledger
from tests.application.complaint_envelopes import (
    ASSIGNEE,
    AUDITOR,
    CS_AGENT,
    HEAD_OF_QUALITY,
    MANAGER,
    SALES_REP,
    SYSTEM,
    Json,
    command,
    drive,
)
from tests.application.ledger_reading import assert_refusals_only_since
from tests.catalogue_verbs import verbs
from tests.clocks import FixedClock

#: Every complaint command: the status it is sent in, and pairs of an actor DOMAIN §3 does not
#: let send it there with one it does.
WHO_MAY_NOT: dict[str, tuple[str, tuple[tuple[Json, Json], ...]]] = {
    "register": ("received", ((MANAGER, CS_AGENT),)),
    "acknowledge": ("received", ((SALES_REP, CS_AGENT), (AUDITOR, CS_AGENT))),
    "classify": ("acknowledged", ((ASSIGNEE, MANAGER),)),
    "assign": ("classified", ((CS_AGENT, MANAGER),)),
    "record_investigation": ("assigned", ((CS_AGENT, HEAD_OF_QUALITY), (MANAGER, ASSIGNEE))),
    "pause": ("investigating", ((SALES_REP, ASSIGNEE),)),
    "resume": ("paused", ((MANAGER, CS_AGENT),)),
    "propose_resolution": ("investigating", ((CS_AGENT, ASSIGNEE),)),
    "record_feedback": ("resolution_proposed", ((MANAGER, CS_AGENT),)),
    "close": ("resolved", ((ASSIGNEE, MANAGER),)),
    "close_unresolved": ("resolution_proposed", ((CS_AGENT, MANAGER),)),
    "reopen": ("closed", ((ASSIGNEE, CS_AGENT),)),
    "escalate": ("assigned", ((SYSTEM, CS_AGENT),)),
}


def test_every_command_in_the_catalogue_has_a_row() -> None:
    assert set(WHO_MAY_NOT) == verbs("complaint"), "add a row for each command the catalogue adds"


class TestOnlyTheRolesDomainNamesMaySendACommand:
    """An actor without the role a command needs gets `forbidden`; the right actor is accepted."""

    @pytest.mark.parametrize(
        ("verb", "status", "wrong", "right"),
        [
            pytest.param(verb, status, wrong, right, id=f"{verb}-by-{wrong['id']}")
            for verb, (status, pairs) in WHO_MAY_NOT.items()
            for wrong, right in pairs
        ],
    )
    def test_wrong_role_is_forbidden_and_the_right_one_accepted(
        self,
        ledger: Opsledger,
        clock: FixedClock,
        verb: str,
        status: str,
        wrong: Json,
        right: Json,
    ) -> None:
        complaint_id = None if verb == "register" else drive(ledger, clock, to=status)
        head = ledger.ledger.recorder.max_notification_id()

        refused = ledger.submit(command(verb, complaint_id, actor=wrong))

        assert (refused.ok, refused.code) == (False, "forbidden")
        assert_refusals_only_since(ledger, head)
        assert ledger.security_log.entries()[-1].actor_id == wrong["id"]
        assert ledger.submit(command(verb, complaint_id, actor=right)).ok


class TestOnlyTheSweepActsAsSystem:
    """The `system` role belongs to the deadline sweep inside the process: an envelope that
    claims it is `forbidden` and appends nothing, whatever else the actor holds."""

    @pytest.mark.parametrize(
        "actor",
        [
            pytest.param(SYSTEM, id="system-alone"),
            pytest.param({**CS_AGENT, "roles": ["customer_service", "system"]}, id="with-others"),
        ],
    )
    def test_an_envelope_claiming_system_is_forbidden(
        self, ledger: Opsledger, clock: FixedClock, actor: Json
    ) -> None:
        complaint_id = drive(ledger, clock, to="acknowledged")
        head = ledger.ledger.recorder.max_notification_id()
        # Dated before the complaint's last event: `system` once skipped that rule.
        earlier = (clock.now() - timedelta(days=3)).isoformat()

        refused = ledger.submit(command("classify", complaint_id, actor=actor, occurred_at=earlier))

        assert (refused.ok, refused.code) == (False, "forbidden")
        assert refused.details["claimed_role"] == "system"
        assert_refusals_only_since(ledger, head)
        assert ledger.security_log.entries()[-1].code == "forbidden"

    def test_a_register_claiming_system_is_forbidden(self, ledger: Opsledger) -> None:
        refused = ledger.submit(command("register", actor=SYSTEM))
        assert (refused.ok, refused.code) == (False, "forbidden")
        assert_refusals_only_since(ledger, None)
