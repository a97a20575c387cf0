"""Projection status: each read model's position, the log's head and the lag between them."""

from __future__ import annotations

from datetime import timedelta

from infrastructure.opsledger import Opsledger
from tests.clocks import FixedClock
from tests.infrastructure.projection_runner.complaint_log import (
    AGENT,
    START,
    Timeline,
    build_log,
    logged,
)


class TestStatus:
    """Status shows each read model's position, the log's head and the lag between them."""

    def test_before_and_after_catch_up(self, ledger: Opsledger, clock: FixedClock) -> None:
        """Before: position 0 and lag = head. After: position = head, lag 0. One more command
        (its event and its command record) makes the lag 2."""
        (status,) = ledger.projections.status("audit_trail")
        assert (status.name, status.position, status.head, status.lag) == ("audit_trail", 0, 0, 0)
        build_log(ledger, clock, complaints=1)
        head = logged(ledger)[-1].position
        (status,) = ledger.projections.status("audit_trail")
        assert (status.position, status.head, status.lag) == (0, head, head)
        ledger.projections.catch_up("audit_trail")
        (status,) = ledger.projections.status("audit_trail")
        assert (status.position, status.head, status.lag) == (head, head, 0)
        timeline = Timeline(ledger, clock, at=START + timedelta(days=1))
        timeline.send(
            "complaint.register",
            AGENT,
            {"customer_id": "c-2", "channel": "online", "summary": "迟到", "remedy_sought": "-"},
        )
        (status,) = ledger.projections.status("audit_trail")
        assert (status.position, status.lag) == (head, 2)
