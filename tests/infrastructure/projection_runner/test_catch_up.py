"""Catch-up of the audit trail (DESIGN §2.7): one row per business event, nothing twice."""

from __future__ import annotations

from infrastructure.opsledger import Opsledger
from projections.registry import PROJECTIONS
from tests.clocks import FixedClock
from tests.infrastructure.projection_runner.audit_trail_rows import expected_keys, keys, trail
from tests.infrastructure.projection_runner.complaint_log import LIFECYCLE, build_log, logged


class TestCatchUpBuildsOneRowPerBusinessEvent:
    """Catch-up gives exactly one audit-trail row per business event, in log order; command
    records and refusals' entries are bookkeeping and get none."""

    def test_rows_match_the_business_events_of_the_log(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """Each business event has its row at its position; no command record and no refusal
        (one per complaint here) has one."""
        first, second = build_log(ledger, clock)
        applied = ledger.projections.catch_up()
        # Every projection read the whole log, whichever entries it needed.
        assert applied == {projection.name: len(logged(ledger)) for projection in PROJECTIONS}
        rows = trail(ledger)
        assert keys(rows) == expected_keys(ledger)
        assert all(r["aggregate_type"] == "complaint" for r in rows)
        for complaint_id in (first, second):
            assert [r["event_type"] for r in rows if r["aggregate_id"] == complaint_id] == LIFECYCLE
        # One command record per event here, and one refusal per complaint.
        topics = [e.recorded.event_type for e in logged(ledger)]
        assert topics.count("CommandRefused") == 2
        assert len(topics) == 2 * len(rows) + 2


class TestCatchUpIsIdempotent:
    """Running catch-up again applies nothing twice; later runs apply only what is new."""

    def test_a_second_run_adds_nothing(self, ledger: Opsledger, clock: FixedClock) -> None:
        """The second catch-up consumes no event and leaves the rows as they were."""
        build_log(ledger, clock, complaints=1)
        ledger.projections.catch_up("audit_trail")
        before = trail(ledger)
        assert ledger.projections.catch_up("audit_trail") == {"audit_trail": 0}
        assert trail(ledger) == before

    def test_a_later_run_applies_only_new_events(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """After more commands, catch-up consumes just the new log events."""
        build_log(ledger, clock, complaints=1)
        ledger.projections.catch_up("audit_trail")
        seen = len(logged(ledger))
        build_log(ledger, clock, complaints=1)
        assert ledger.projections.catch_up("audit_trail") == {
            "audit_trail": len(logged(ledger)) - seen
        }
        assert keys(trail(ledger)) == expected_keys(ledger)
