"""Scripted histories for the KPI report tests: commands sent at chosen business times on the
company's calendar through the real ledger, the clock moving forward to each."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from infrastructure.opsledger import Opsledger
from tests.clocks import FixedClock
from tests.infrastructure.reporting.kpi_rows import SHANGHAI


def local(month: int, day: int, hour: int = 10, minute: int = 0, *, year: int = 2026) -> datetime:
    """A moment on the company's calendar (Shanghai, UTC+8)."""
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


class Script:
    """Sends commands at business times in order; the clock moves forward to each of them."""

    def __init__(self, ledger: Opsledger, clock: FixedClock) -> None:
        self.ledger = ledger
        self.clock = clock

    def at(self, when: datetime, body: dict[str, Any]) -> UUID:
        """`body` as having happened at `when`, entered then (or now, if the clock is later)."""
        if self.clock.current < when:
            self.clock.current = when
        body["occurred_at"] = when.isoformat()
        result = self.ledger.submit(body)
        assert result.ok, result.to_json()
        assert result.aggregate_id is not None
        return result.aggregate_id
