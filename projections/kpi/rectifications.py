"""Rectification KPIs (DOMAIN §7): notices issued in a period, open at its end, and the share
of those closed in it that were verified by their due date.

The facts are one row per rectification notice: its department, when it was issued, the
deadline in force (moved by extensions), when it was verified and whether that was by the
deadline then in force, and when it was closed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from typing import Any

import attrs

from domain.rectification.events import (
    RectificationClosed,
    RectificationDeadlineExtended,
    RectificationIssued,
    RectificationVerified,
)
from domain.shared.period import Period
from projections.kpi.family import Facts
from projections.kpi.figures import pct
from projections.kpi.instants import before
from projections.log import LogEntry
from projections.plugin import Column, Table, View

RECTIFICATIONS = Table(
    name="kpi_rectifications",
    columns=(
        Column("rectification_id", "uuid", nullable=False),
        Column("department", "text", nullable=False),
        Column("issued_at", "time", nullable=False),
        #: The first instant after the due date in force: from then on the notice is overdue.
        Column("deadline", "time", nullable=False),
        Column("verified_at", "time"),
        #: Verified before the deadline in force then.
        Column("verified_on_time", "boolean"),
        Column("closed_at", "time"),
    ),
    key=("rectification_id",),
    indexes=(("department",),),
)

KEYS = ("rectifications_issued", "rectifications_open", "rectifications_closed_on_time_pct")

_TOPICS = (
    RectificationIssued,
    RectificationDeadlineExtended,
    RectificationVerified,
    RectificationClosed,
)


@attrs.frozen
class RectificationFacts:
    """One row of facts per rectification notice, for the rectification KPIs."""

    name: str = "kpi_rectifications"
    version: int = 1
    topics: frozenset[str] | None = frozenset(kind.type_name() for kind in _TOPICS)
    tables: tuple[Table, ...] = (RECTIFICATIONS,)

    def apply(self, view: View, page: Sequence[LogEntry]) -> None:
        for entry in page:
            event = entry.recorded.event
            if isinstance(event, RectificationIssued):
                view.put(
                    RECTIFICATIONS.name,
                    {
                        "rectification_id": event.rectification_id,
                        "department": event.department,
                        "issued_at": event.occurred_at,
                        "deadline": event.deadline,
                        "verified_at": None,
                        "verified_on_time": None,
                        "closed_at": None,
                    },
                )
                continue
            row = view.get(RECTIFICATIONS.name, [entry.recorded.originator_id])
            if row is None:
                continue
            match event:
                case RectificationDeadlineExtended():
                    row["deadline"] = event.new_deadline
                case RectificationVerified():
                    row["verified_at"] = event.occurred_at
                    row["verified_on_time"] = event.occurred_at < row["deadline"]
                case RectificationClosed():
                    row["closed_at"] = event.occurred_at
            view.put(RECTIFICATIONS.name, row)


@attrs.frozen
class RectificationKpis:
    """DOMAIN §7 rectifications. A notice is open at the period's end when it was issued before
    then and not yet verified; it is closed on time when, closed in the period, it was verified
    by the end of its due day (extensions included)."""

    projection: RectificationFacts = RectificationFacts()
    keys: tuple[str, ...] = KEYS

    def figures(self, facts: Facts, period: Period, zone: tzinfo) -> dict[str, Any]:
        rows = facts[RECTIFICATIONS.name]
        end = period.end(zone)
        closed = [
            row
            for row in rows
            if row["closed_at"] is not None and period.contains(row["closed_at"], zone)
        ]
        return {
            "rectifications_issued": sum(
                1 for row in rows if period.contains(row["issued_at"], zone)
            ),
            "rectifications_open": sum(
                1 for row in rows if row["issued_at"] < end and not before(row["verified_at"], end)
            ),
            "rectifications_closed_on_time_pct": pct(
                sum(1 for row in closed if row["verified_on_time"]), len(closed)
            ),
        }
