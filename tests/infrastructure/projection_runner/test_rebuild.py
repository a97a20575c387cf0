"""A rebuild from the log gives exactly the read model the live catch-ups built."""

from __future__ import annotations

from infrastructure.opsledger import Opsledger
from tests.clocks import FixedClock
from tests.infrastructure.projection_runner.audit_trail_rows import trail
from tests.infrastructure.projection_runner.complaint_log import build_log, logged


class TestRebuild:
    """Rebuilding from the log gives exactly the read model the live catch-ups built."""

    def test_rebuild_equals_live(self, ledger: Opsledger, clock: FixedClock) -> None:
        """Catch-ups interleaved with commands, then a rebuild: the same rows, column for
        column, and the same position."""
        for _ in range(3):
            build_log(ledger, clock, complaints=1)
            ledger.projections.catch_up("audit_trail")
        live = trail(ledger)
        (live_status,) = ledger.projections.status("audit_trail")
        assert ledger.projections.rebuild("audit_trail") == {"audit_trail": len(logged(ledger))}
        assert trail(ledger) == live
        assert ledger.projections.status("audit_trail") == [live_status]
