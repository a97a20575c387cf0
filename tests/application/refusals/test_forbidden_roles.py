"""Only the roles the domain names may send a command; any other actor gets `forbidden`."""

from __future__ import annotations

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
from tests.clocks import FixedClock


class TestOnlyTheRolesDomainNamesMaySendACommand:
    """An actor without the role a command needs gets `forbidden`; the right actor is accepted."""

    @pytest.mark.parametrize(
        ("verb", "status", "wrong", "right"),
        [
            ("register", "received", MANAGER, CS_AGENT),
            ("acknowledge", "received", SALES_REP, CS_AGENT),
            ("acknowledge", "received", AUDITOR, CS_AGENT),
            ("classify", "acknowledged", ASSIGNEE, MANAGER),
            ("assign", "classified", CS_AGENT, MANAGER),
            ("record_investigation", "assigned", CS_AGENT, HEAD_OF_QUALITY),
            ("record_investigation", "assigned", MANAGER, ASSIGNEE),
            ("pause", "investigating", SALES_REP, ASSIGNEE),
            ("resume", "paused", MANAGER, CS_AGENT),
            ("propose_resolution", "investigating", CS_AGENT, ASSIGNEE),
            ("record_feedback", "resolution_proposed", MANAGER, CS_AGENT),
            ("close", "resolved", ASSIGNEE, MANAGER),
            ("close_unresolved", "resolution_proposed", CS_AGENT, MANAGER),
            ("reopen", "closed", ASSIGNEE, CS_AGENT),
            ("escalate", "assigned", SYSTEM, CS_AGENT),
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
        assert ledger.ledger.recorder.max_notification_id() == head
        assert ledger.security_log.entries()[-1].actor_id == wrong["id"]
        assert ledger.submit(command(verb, complaint_id, actor=right)).ok
