"""Scripted histories for the KPI tests: commands sent at chosen business times through the
real ledger, and the KPI report of a period read back by department."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.shared.period import Period
from infrastructure.opsledger import Opsledger
from infrastructure.reporting.kpi import kpi_report
from tests.clocks import FixedClock

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(month: int, day: int, hour: int = 10, minute: int = 0, *, year: int = 2026) -> datetime:
    """A moment on the company's calendar (Shanghai, UTC+8)."""
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


class Script:
    """Sends commands at business times in order; the clock moves forward to each of them
    unless the fact is entered late."""

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


def report(
    ledger: Opsledger,
    period: str,
    *,
    department: str | None = None,
    known_at: datetime | None = None,
) -> dict[str | None, dict[str, Any]]:
    """The KPI figures of `period` by department (None: the whole company), the read models
    caught up first."""
    ledger.projections.catch_up()
    rows = kpi_report(
        database=ledger.database,
        ledger=ledger.ledger,
        period=Period.parse(period),
        zone=SHANGHAI,
        department=department,
        known_at=known_at,
    )
    return {row.department: row.figures for row in rows}
