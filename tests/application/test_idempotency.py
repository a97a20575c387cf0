"""Idempotency by command id (DOMAIN §1): a resent command returns its first result and appends
nothing; the same id with a different body is `duplicate_command`. Both stores."""

from __future__ import annotations

from uuid import UUID

from domain.complaint.events import ComplaintReceived
from infrastructure.opsledger import Opsledger
from tests.application.complaint_envelopes import CS_AGENT, accept, command, drive
from tests.application.ledger_reading import LedgerReading, assert_refusals_only_since, event_as
from tests.clocks import FixedClock


class TestResendingACommandReturnsItsFirstResult:
    """The same command id with the same body: the first result again, nothing appended."""

    def test_a_resent_command_appends_nothing(self, ledger: Opsledger, clock: FixedClock) -> None:
        complaint_id = drive(ledger, clock)
        acknowledge = command("acknowledge", complaint_id)
        first = accept(ledger, acknowledge)
        before = LedgerReading.take(ledger, [complaint_id])
        refusals = ledger.security_log.entries()

        again = ledger.submit(acknowledge)

        assert again == first
        assert again.to_json() == {
            "ok": True,
            "aggregate_id": str(complaint_id),
            "version": 2,
            "events": ["ComplaintAcknowledged"],
            # Receipt and its record at 1 and 2; the acknowledgement at 3, its record at 4.
            "position": 4,
        }
        assert LedgerReading.take(ledger, [complaint_id]) == before
        assert ledger.security_log.entries() == refusals

    def test_a_resent_create_without_an_id_returns_the_same_new_id(self, ledger: Opsledger) -> None:
        register = command("register")
        first = accept(ledger, register)
        head = ledger.ledger.recorder.max_notification_id()

        again = accept(ledger, register)

        assert again == first
        assert_refusals_only_since(ledger, head, count=0)

    def test_a_command_resent_after_later_commands_still_gives_its_first_result(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        complaint_id = drive(ledger, clock)
        acknowledge = command("acknowledge", complaint_id, expected_version=1)
        first = accept(ledger, acknowledge)
        clock.advance(hours=1)
        accept(ledger, command("classify", complaint_id))
        clock.advance(hours=1)
        before = LedgerReading.take(ledger, [complaint_id])

        again = ledger.submit(acknowledge)

        assert again == first
        assert (again.version, again.events) == (2, ("ComplaintAcknowledged",))
        assert LedgerReading.take(ledger, [complaint_id]) == before

    def test_the_order_of_keys_does_not_make_a_different_body(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        complaint_id = drive(ledger, clock, to="acknowledged")
        classify = command("classify", complaint_id)
        first = accept(ledger, classify)
        head = ledger.ledger.recorder.max_notification_id()
        reordered = dict(reversed(list(classify.items())))
        reordered["payload"] = dict(reversed(list(classify["payload"].items())))
        reordered["actor"] = dict(reversed(list(classify["actor"].items())))

        assert ledger.submit(reordered) == first
        assert_refusals_only_since(ledger, head, count=0)

    def test_the_same_command_resent_many_times_is_applied_once(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        complaint_id = drive(ledger, clock, to="assigned")
        escalate = command("escalate", complaint_id)

        first, *again = [ledger.submit(escalate) for _ in range(5)]

        assert first.ok
        assert again == [first] * 4
        events = [r.event_type for r in ledger.history(complaint_id)]
        assert events.count("ComplaintEscalated") == 1


class TestReusingACommandIdForAnotherBodyIsRefused:
    """The same command id with any difference in the body gets `duplicate_command`."""

    def test_a_different_body_is_a_duplicate_command(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        complaint_id = drive(ledger, clock, to="acknowledged")
        classify = command("classify", complaint_id)
        accept(ledger, classify)
        before = LedgerReading.take(ledger, [complaint_id])
        variants = [
            {**classify, "payload": {"category": "billing", "severity": "medium"}},
            {**classify, "actor": {**CS_AGENT, "id": "u-cs-2"}},
            {**classify, "reason": "changed my mind"},
            {**classify, "type": "complaint.escalate", "payload": {"level": 1}, "reason": "r"},
            command("register", command_id=classify["command_id"]),
        ]

        for body in variants:
            result = ledger.submit(body)

            assert (result.ok, result.code) == (False, "duplicate_command"), body
            assert result.details["command_id"] == classify["command_id"]
            assert result.details["first_type"] == "complaint.classify"
        after = LedgerReading.take(ledger, [complaint_id])
        assert after == before
        assert len(after.refusals_since(before)) == 5
        assert [e.code for e in ledger.security_log.entries()] == ["duplicate_command"] * 5

    def test_the_first_command_stays_in_force(self, ledger: Opsledger, clock: FixedClock) -> None:
        register = command("register")
        first = accept(ledger, register)
        assert first.aggregate_id is not None

        ledger.submit({**register, "payload": {**register["payload"], "summary": "other"}})

        [received] = ledger.history(first.aggregate_id)
        assert event_as(received, ComplaintReceived).summary == register["payload"]["summary"]
        assert received.command_id == UUID(register["command_id"])
