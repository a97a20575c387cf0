"""The deadline index (DESIGN §2.11): every append moves it in the same transaction, so the sweep
looks only at aggregates with a deadline due, never at every aggregate ever created."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

import attrs

from infrastructure.opsledger import Opsledger
from infrastructure.sql.deadlines_table import SqlDeadlineIndex
from tests.application.complaint_envelopes import accept, command, drive
from tests.clocks import FixedClock

ACKNOWLEDGE_WITHIN = timedelta(hours=24)


def index_rows(ledger: Opsledger) -> dict[UUID, datetime]:
    """The index as stored, read straight from its table."""
    rows = ledger.database.query("SELECT aggregate_id, due_at FROM deadlines")
    return {
        UUID(str(row[0])): row[1]
        if isinstance(row[1], datetime)
        else datetime.fromisoformat(row[1])
        for row in rows
    }


class TestEveryAppendMovesTheIndex:
    def test_a_complaint_enters_with_its_acknowledgement_deadline(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        received_at = clock.now()
        complaint_id = drive(ledger, clock)

        assert index_rows(ledger) == {complaint_id: received_at + ACKNOWLEDGE_WITHIN}

    def test_it_leaves_when_no_deadline_runs_and_returns_with_the_next(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        complaint_id = drive(ledger, clock, to="acknowledged")
        assert index_rows(ledger) == {}  # acknowledged, not yet classified: nothing runs

        clock.advance(hours=1)
        classified_at = clock.now()
        accept(ledger, command("classify", complaint_id))  # medium: 10 days

        assert index_rows(ledger) == {complaint_id: classified_at + timedelta(days=10)}

    def test_a_reported_breach_takes_it_out(self, ledger: Opsledger, clock: FixedClock) -> None:
        drive(ledger, clock)
        clock.advance(hours=25)

        assert len(ledger.sweep().breaches) == 1
        assert index_rows(ledger) == {}

    def test_a_refused_command_leaves_it_unchanged(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        complaint_id = drive(ledger, clock)
        before = index_rows(ledger)

        refused = ledger.submit(command("close", complaint_id))

        assert not refused.ok
        assert index_rows(ledger) == before


class TestTheSweepLooksOnlyAtWhatIsDue:
    def test_closed_and_not_yet_due_complaints_are_not_examined(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        closed = [drive(ledger, clock, to="closed") for _ in range(6)]
        late = [drive(ledger, clock) for _ in range(2)]
        clock.advance(hours=25)
        on_time = drive(ledger, clock)

        report = ledger.sweep()

        assert report.examined == 2
        assert sorted(b.aggregate_id for b in report.breaches) == sorted(late)
        assert set(index_rows(ledger)) == {on_time}
        assert not set(closed) & set(index_rows(ledger))


class TestALogOlderThanTheIndex:
    def test_opening_it_fills_the_index_and_the_sweep_finds_what_is_overdue(
        self, store_url: str, clock: FixedClock
    ) -> None:
        with Opsledger.open(store_url, clock=clock) as ledger:
            waiting = drive(ledger, clock)
            drive(ledger, clock, to="closed")
            with ledger.database.transaction() as cursor:
                cursor.execute("DROP TABLE deadlines")

        with Opsledger.open(store_url, clock=clock) as reopened:
            assert set(index_rows(reopened)) == {waiting}
            clock.advance(hours=25)
            assert [b.aggregate_id for b in reopened.sweep().breaches] == [waiting]

    def test_an_entry_out_of_step_is_corrected_by_the_sweep(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        complaint_id = drive(ledger, clock)
        true_due = index_rows(ledger)[complaint_id]
        index = SqlDeadlineIndex(ledger.database)
        (entry,) = index.due(true_due)
        index.correct(entry, attrs.evolve(entry, due_at=true_due - timedelta(hours=20)))
        clock.advance(hours=5)

        report = ledger.sweep()

        assert (report.examined, report.breaches) == (1, ())
        assert index_rows(ledger) == {complaint_id: true_due}
