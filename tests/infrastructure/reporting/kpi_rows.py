"""The KPI report read through the Python API: figures of the keys a test is about, by
department (None: the company-wide row)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from domain.shared.period import Period
from infrastructure.opsledger import Opsledger
from infrastructure.reporting.kpi import kpi_report

SHANGHAI = ZoneInfo("Asia/Shanghai")


def report(
    ledger: Opsledger,
    period: str,
    keys: Sequence[str],
    *,
    department: str | None = None,
    known_at: datetime | None = None,
) -> dict[str | None, dict[str, Any]]:
    """Each row of `report kpi` for the period, cut to `keys`, by department. The live report
    is read after catching the read models up."""
    if known_at is None:
        ledger.projections.catch_up()
    rows = kpi_report(
        database=ledger.database,
        ledger=ledger.ledger,
        period=Period.parse(period),
        zone=SHANGHAI,
        department=department,
        known_at=known_at,
    )
    return {row.department: {key: row.figures[key] for key in keys} for row in rows}
