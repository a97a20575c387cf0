"""Events as the log hands them to a projection, and a family's figures over a MemoryView."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.shared.events import Event
from domain.shared.period import Period
from domain.shared.recorded import Recorded
from projections.kpi.family import KpiFamily
from projections.log import LogEntry
from projections.memory_view import MemoryView

SHANGHAI = ZoneInfo("Asia/Shanghai")


def entries(aggregate_id: UUID, events: Iterable[Event], *, first: int = 1) -> list[LogEntry]:
    """One aggregate's events at rising positions, each recorded a minute after it happened."""
    return [
        LogEntry(
            position=first + index,
            recorded=Recorded(
                originator_id=aggregate_id,
                originator_version=index + 1,
                recorded_at=event.occurred_at + timedelta(minutes=1),
                event=event,
                command_id=UUID(int=first + index),
                correlation_id=aggregate_id,
            ),
        )
        for index, event in enumerate(events)
    ]


def folded(family: KpiFamily, *histories: list[LogEntry]) -> MemoryView:
    """The family's facts after the histories, applied one page each."""
    view = MemoryView(family.projection.tables)
    for page in histories:
        family.projection.apply(view, page)
    return view


def figures(family: KpiFamily, view: MemoryView, period: str) -> dict[str, Any]:
    """The company-wide figures of a period."""
    facts = {table.name: view.rows(table.name) for table in family.projection.tables}
    return family.figures(facts, Period.parse(period), SHANGHAI)
