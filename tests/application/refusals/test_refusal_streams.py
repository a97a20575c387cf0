"""Refusals' entries are not aggregates (DOMAIN §1): no command reaches one, no read model,
deadline or reconstructed state holds one, and a log full of them fills the deadline index, is
swept and verifies like any other. Both stores."""

from __future__ import annotations

from uuid import UUID

import pytest

from application.errors import NotFound
from infrastructure.integrity.snapshot_check import verify_snapshots
from infrastructure.integrity.verify import verify
from infrastructure.opsledger import Opsledger
from tests.application.complaint_envelopes import AUDITOR, command, drive
from tests.application.ledger_reading import REFUSED, head
from tests.clocks import FixedClock


def refusal_stream(ledger: Opsledger) -> UUID:
    """The stream of the newest refusal's entry."""
    (entry,) = ledger.ledger.recorder.select_notifications(start=head(ledger), limit=1)
    assert entry.topic == REFUSED
    return UUID(str(entry.originator_id))


class TestARefusalsStreamIsNoAggregate:
    def test_a_command_sent_to_it_is_not_found(self, ledger: Opsledger) -> None:
        ledger.submit(command("register", actor=AUDITOR))
        stream = refusal_stream(ledger)

        result = ledger.submit(command("acknowledge", stream))

        assert result.code == "not_found"

    def test_a_create_with_its_id_is_refused(self, ledger: Opsledger) -> None:
        ledger.submit(command("register", actor=AUDITOR))
        stream = refusal_stream(ledger)

        result = ledger.submit(command("register", aggregate_id=str(stream)))

        assert result.code == "invalid_transition"
        assert len(ledger.ledger.history(stream)) == 1

    def test_it_has_no_reconstructed_state_and_no_audit_trail_row(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        complaint_id = drive(ledger, clock)
        ledger.submit(command("acknowledge", complaint_id, actor=AUDITOR))
        stream = refusal_stream(ledger)

        ledger.projections.catch_up()

        status = ledger.projections.status()[0]
        assert status.position == status.head == head(ledger)
        rows = ledger.database.query("SELECT aggregate_id, event_type FROM audit_trail")
        assert [row[1] for row in rows] == ["ComplaintReceived"]
        assert [r.event_type for r in ledger.history(stream)] == [REFUSED]
        with pytest.raises(NotFound):
            ledger.state(stream)


class TestALogWithRefusals:
    def test_fills_the_deadline_index_sweeps_and_verifies(
        self, store_url: str, clock: FixedClock
    ) -> None:
        """The index of a log older than it holds the aggregates alone; the sweep finds the
        overdue complaint; the chain, refusals included, verifies; snapshots check out."""
        with Opsledger.open(store_url, clock=clock) as ledger:
            waiting = drive(ledger, clock)
            ledger.submit(command("acknowledge", waiting, actor=AUDITOR))
            closed = drive(ledger, clock, to="closed")
            ledger.refuse_unreadable("line 9 is not valid JSON")
            ledger.submit(command("reopen", closed, actor=AUDITOR))
            refused = len(ledger.security_log.entries())
            with ledger.database.transaction() as cursor:
                cursor.execute("DROP TABLE deadlines")

        with Opsledger.open(store_url, clock=clock) as reopened:
            due = reopened.database.query("SELECT aggregate_id FROM deadlines")
            assert [UUID(str(row[0])) for row in due] == [waiting]
            clock.advance(hours=25)
            assert [b.aggregate_id for b in reopened.sweep().breaches] == [waiting]
            verification = verify(reopened.database)
            assert verification.ok, verification.finding
            assert verification.checked == head(reopened)
            assert verify_snapshots(reopened.ledger, reopened.snapshots).ok
            assert len(reopened.security_log.entries()) == refused == 3
