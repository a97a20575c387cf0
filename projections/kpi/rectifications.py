"""Rectification KPIs (DOMAIN §7): notices issued in a period, open at its end, and the share
of those closed in it that were verified by their due date.

The facts are one row per rectification notice holding its state, folded with the domain's own
`evolve`: when it was issued, its deadline in force (moved by extensions, which end with
verification), and when it was verified and closed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from typing import Any

import attrs

from domain.rectification.kind import RECTIFICATION
from domain.rectification.state import Rectification
from domain.shared.events import event_types
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
        Column("state", "record", nullable=False, of=Rectification, sealed=True),
    ),
    key=("rectification_id",),
    indexes=(("department",),),
)

KEYS = ("rectifications_issued", "rectifications_open", "rectifications_closed_on_time_pct")


@attrs.frozen
class RectificationFacts:
    """One row of facts per rectification notice, for the rectification KPIs."""

    name: str = "kpi_rectifications"
    version: int = 1
    topics: frozenset[str] | None = frozenset(
        name for name, cls in event_types.items() if cls.aggregate_type == RECTIFICATION.name
    )
    tables: tuple[Table, ...] = (RECTIFICATIONS,)

    def apply(self, view: View, page: Sequence[LogEntry]) -> None:
        view.load(RECTIFICATIONS.name, ((entry.recorded.originator_id,) for entry in page))
        for entry in page:
            row = view.get(RECTIFICATIONS.name, [entry.recorded.originator_id])
            state: Rectification = RECTIFICATION.evolve(
                None if row is None else row["state"], entry.recorded.event
            )
            view.put(
                RECTIFICATIONS.name,
                {"rectification_id": state.id, "department": state.department, "state": state},
            )


def verified_on_time(notice: Rectification) -> bool:
    """Verified before the end of its due day in force (no extension follows verification)."""
    return before(notice.verified_at, notice.deadline)


@attrs.frozen
class RectificationKpis:
    """DOMAIN §7 rectifications. A notice is open at the period's end when it was issued before
    then and not yet verified; it is closed on time when, closed in the period, it was verified
    by the end of its due day (extensions included)."""

    projection: RectificationFacts = RectificationFacts()
    keys: tuple[str, ...] = KEYS

    def figures(self, facts: Facts, period: Period, zone: tzinfo) -> dict[str, Any]:
        notices: list[Rectification] = [row["state"] for row in facts[RECTIFICATIONS.name]]
        end = period.end(zone)
        closed = [
            notice
            for notice in notices
            if notice.closed_at is not None and period.contains(notice.closed_at, zone)
        ]
        return {
            "rectifications_issued": sum(
                1 for notice in notices if period.contains(notice.issued_at, zone)
            ),
            "rectifications_open": sum(
                1
                for notice in notices
                if notice.issued_at < end and not before(notice.verified_at, end)
            ),
            "rectifications_closed_on_time_pct": pct(
                sum(1 for notice in closed if verified_on_time(notice)), len(closed)
            ),
        }
