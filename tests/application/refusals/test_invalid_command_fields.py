"""`invalid_command` names exactly the bad fields, a missing or blank reason among them."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

import pytest

from infrastructure.opsledger import Opsledger
from tests.application.complaint_envelopes import CS_AGENT, Json, command, drive
from tests.application.ledger_reading import assert_refusals_only_since
from tests.clocks import FixedClock


class TestInvalidCommandNamesEachBadField:
    """`invalid_command` lists every bad field in `details.fields`, nothing more, nothing less."""

    @pytest.mark.parametrize(
        ("make", "expected"),
        [
            pytest.param(
                lambda c: {**command("acknowledge", c), "type": "complaint.teleport"},
                {"type"},
                id="unknown-type",
            ),
            pytest.param(
                lambda c: command("acknowledge", c, payload={}),
                {"payload.message"},
                id="missing-payload-field",
            ),
            pytest.param(
                lambda c: command("acknowledge", c, payload={"message": None}),
                {"payload.message"},
                id="null-payload-field",
            ),
            pytest.param(
                lambda c: command("acknowledge", c, payload={"message": "hi", "tone": "warm"}),
                {"payload.tone"},
                id="extra-payload-field",
            ),
            pytest.param(
                lambda c: command("classify", c, payload={"category": 7, "priority": "p1"}),
                {"payload.category", "payload.severity", "payload.priority"},
                id="several-payload-fields",
            ),
            pytest.param(
                lambda c: command(
                    "record_feedback", c, payload={"satisfied": "yes", "csat": 6, "comment": 1}
                ),
                {"payload.satisfied", "payload.csat", "payload.comment"},
                id="ill-typed-and-out-of-range",
            ),
            pytest.param(
                lambda c: command(
                    "register",
                    payload={**command("register")["payload"], "channel": "carrier pigeon"},
                ),
                {"payload.channel"},
                id="unknown-choice",
            ),
            pytest.param(
                lambda c: command("acknowledge", payload={"message": "hi"}),
                {"aggregate_id"},
                id="aggregate-id-missing",
            ),
            pytest.param(
                lambda c: command("escalate", c, drop=["reason"], payload={"level": 0}),
                {"reason", "payload.level"},
                id="reason-and-payload",
            ),
            pytest.param(
                lambda c: command("acknowledge", c, colour="red", command_id="nope"),
                {"colour", "command_id"},
                id="envelope-fields",
            ),
            pytest.param(
                lambda c: {"actor": CS_AGENT},
                {"type", "command_id"},
                id="only-an-actor",
            ),
        ],
    )
    def test_the_details_name_exactly_the_bad_fields(
        self,
        ledger: Opsledger,
        clock: FixedClock,
        make: Callable[[UUID], Json],
        expected: set[str],
    ) -> None:
        complaint_id = drive(ledger, clock, to="resolution_proposed")
        head = ledger.ledger.recorder.max_notification_id()

        result = ledger.submit(make(complaint_id))

        assert (result.ok, result.code) == (False, "invalid_command")
        assert set(result.details["fields"]) == expected
        assert_refusals_only_since(ledger, head)


class TestSomeCommandsNeedAReason:
    """close_unresolved, reopen and escalate need a non-blank reason (`invalid_command` naming
    `reason`); with one they are accepted."""

    @pytest.mark.parametrize(
        ("verb", "status"),
        [
            ("close_unresolved", "resolution_proposed"),
            ("reopen", "closed"),
            ("escalate", "assigned"),
        ],
    )
    def test_refused_without_a_reason_and_accepted_with_one(
        self, ledger: Opsledger, clock: FixedClock, verb: str, status: str
    ) -> None:
        complaint_id = drive(ledger, clock, to=status)
        head = ledger.ledger.recorder.max_notification_id()
        missing = command(verb, complaint_id, drop=["reason"])
        blanks = (None, "", "  \t")
        for body in (missing, *({**missing, "reason": blank} for blank in blanks)):
            refused = ledger.submit(body)

            assert (refused.ok, refused.code) == (False, "invalid_command"), body
            assert set(refused.details["fields"]) == {"reason"}
        assert_refusals_only_since(ledger, head, count=4)
        assert ledger.submit(command(verb, complaint_id)).ok
