"""Refusals at the edges: late-entered facts after a sweep, which refusal wins, every bad
field at once, a command id whose record slot is taken, input that is not JSON. Both stores."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from application.command_record import command_record_id
from infrastructure.opsledger import Opsledger
from tests.application.complaint_envelopes import AUDITOR, accept, command, drive
from tests.application.ledger_reading import assert_refusals_only_since, head
from tests.clocks import FixedClock


class TestAFactEnteredLateAfterASweepIsAccepted:
    """A breach is dated when the sweep noticed it; an acknowledgement that really happened
    before that, typed in afterwards, is still a fact that may be entered (DOMAIN §1)."""

    def test_acknowledged_in_time_but_entered_after_the_breach_was_noticed(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        complaint_id = drive(ledger, clock)
        received_at = clock.now()
        clock.advance(hours=27)
        assert len(ledger.sweep().breaches) == 1
        clock.advance(hours=1)
        acknowledged_at = received_at + timedelta(hours=23)  # on time, entered 5 hours late
        body = command("acknowledge", complaint_id, occurred_at=acknowledged_at.isoformat())

        result = ledger.submit(body)

        assert result.ok, result.to_json()
        assert [r.event_type for r in ledger.history(complaint_id)] == [
            "ComplaintReceived",
            "ComplaintSlaBreached",
            "ComplaintAcknowledged",
        ]


class TestForbiddenIsReportedAsForbidden:
    """Roles are checked before the business-time rule: an actor who may not send a command is
    told `forbidden`, and the security log says so, whatever else is wrong with it."""

    def test_an_auditor_sending_a_backdated_command(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        complaint_id = drive(ledger, clock, to="acknowledged")
        backdated = (clock.now().replace(year=2020)).isoformat()

        result = ledger.submit(
            command("classify", complaint_id, actor=AUDITOR, occurred_at=backdated)
        )

        assert result.code == "forbidden"
        assert ledger.security_log.entries()[-1].code == "forbidden"


class TestEveryBadFieldIsNamedAtOnce:
    """A command refused for its envelope also names its bad payload fields and missing reason."""

    def test_envelope_payload_and_reason_together(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        complaint_id = drive(ledger, clock, to="assigned")
        body = command(
            "escalate",
            complaint_id,
            payload={"level": "high", "bogus": 1},
            expected_version="three",
            drop=["reason"],
        )

        result = ledger.submit(body)

        assert result.code == "invalid_command"
        assert set(result.details["fields"]) == {
            "expected_version",
            "payload.level",
            "payload.bogus",
            "reason",
        }


class TestACommandIdWhoseRecordSlotIsTaken:
    """Someone created a record at the id where a command's idempotency record belongs: that
    command is refused as `invalid_command`, never an exception, and nothing is appended."""

    def test_is_refused_cleanly(self, ledger: Opsledger, clock: FixedClock) -> None:
        command_id = UUID("3b0c2d9e-58f4-4d1a-a7c3-9e6f1b2d4c85")
        squatter = command("register", aggregate_id=command_record_id(command_id))
        accept(ledger, squatter)
        before = head(ledger)

        result = ledger.submit(command("register", command_id=str(command_id)))

        assert (result.ok, result.code) == (False, "invalid_command")
        assert "command_id" in result.details["fields"]
        assert_refusals_only_since(ledger, before)
        assert ledger.security_log.entries()[-1].command_id == str(command_id)


class TestInputThatIsNotJson:
    """A line that is not JSON is refused with `invalid_command` and written to the security
    log like any other refused command."""

    def test_is_refused_and_logged(self, ledger: Opsledger) -> None:
        before = len(ledger.security_log.entries())

        result = ledger.refuse_unreadable("line 3 is not valid JSON")

        assert (result.ok, result.code) == (False, "invalid_command")
        entries = ledger.security_log.entries()
        assert len(entries) == before + 1
        assert entries[-1].message == "line 3 is not valid JSON"
