"""The facts a KPI family's figures are computed from: read from its live tables, or rebuilt
in memory from the entries the log held at a past recorded time."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any, cast

from application.ledger import Ledger
from domain.shared.recorded import Recorded
from infrastructure.serialisation.cipher import Keyring
from infrastructure.sql.database import Database
from infrastructure.sql.projection_view import read_row
from projections.kpi.family import Facts
from projections.log import LogEntry
from projections.memory_view import MemoryView
from projections.plugin import Projection

#: Entries read from the log at a time when replaying it.
PAGE = 1000


def live_facts(
    database: Database, projection: Projection, department: str | None, *, keyring: Keyring
) -> Facts:
    """Every row of the projection's public tables, of one department or of all; encrypted
    columns opened with `keyring`."""
    facts: dict[str, list[dict[str, Any]]] = {}
    for table in projection.tables:
        columns = ", ".join(column.name for column in table.columns)
        sql = f"SELECT {columns} FROM {table.name}"
        params: list[Any] = []
        if department is not None:
            sql += " WHERE department = %s"
            params.append(department)
        facts[table.name] = [
            read_row(database.dialect, table, row, keyring=keyring)
            for row in database.query(sql, params)
        ]
    return facts


def entries_known_at(ledger: Ledger, known_at: datetime) -> Iterator[list[LogEntry]]:
    """Pages of the entries the log held at recorded time `known_at`, in log order."""
    position = 0
    while True:
        notifications = ledger.recorder.select_notifications(
            start=position, limit=PAGE, inclusive_of_start=False
        )
        if not notifications:
            return
        page = []
        for notification in notifications:
            recorded = cast(Recorded, ledger.mapper.to_domain_event(notification))
            if recorded.recorded_at <= known_at:
                page.append(LogEntry(position=notification.id, recorded=recorded))
        yield page
        position = notifications[-1].id


def replayed(
    ledger: Ledger, projections: Sequence[Projection], known_at: datetime
) -> list[MemoryView]:
    """Each projection's tables as they would have stood at `known_at`, rebuilt in memory."""
    views = [MemoryView(projection.tables) for projection in projections]
    for page in entries_known_at(ledger, known_at):
        for projection, view in zip(projections, views, strict=True):
            wanted = projection.topics
            chosen = [e for e in page if wanted is None or e.recorded.event_type in wanted]
            if chosen:
                projection.apply(view, chosen)
    return views


def memory_facts(view: MemoryView, projection: Projection, department: str | None) -> Facts:
    """The rows of a view rebuilt in memory, of one department or of all."""
    equal = {} if department is None else {"department": department}
    return {table.name: view.rows(table.name, **equal) for table in projection.tables}
