"""Finding records without knowing their ids: the `records` read model, by kind and by what
services ask of it (status, department, customer, overdue, opened between two times)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from infrastructure.sql.database import Database
from infrastructure.sql.projection_view import read_row, writer
from projections.plugin import Table
from projections.records import RECORDS

#: The columns a listing shows (the folded state stays in the read model).
LISTED = Table(
    name=RECORDS.name,
    columns=tuple(column for column in RECORDS.columns if column.name != "state"),
    key=RECORDS.key,
)


@attrs.frozen(kw_only=True)
class RecordQuery:
    kind: str
    status: str | None = None
    department: str | None = None
    customer: str | None = None
    #: Only records whose next deadline passed before this instant.
    overdue_at: datetime | None = None
    #: Opened (business time) at or after `start` and before `end`.
    start: datetime | None = None
    end: datetime | None = None
    limit: int | None = None


def find_records(database: Database, query: RecordQuery) -> list[dict[str, Any]]:
    """The records that answer the query, oldest opened first: one indexed query."""

    moment = writer(database.dialect, "time")

    where = ["aggregate_type = %s"]
    params: list[Any] = [query.kind]
    for name in ("status", "department", "customer"):
        value = getattr(query, name)
        if value is not None:
            where.append(f"{name} = %s")
            params.append(value)
    if query.overdue_at is not None:
        where.append("next_deadline < %s")
        params.append(moment(query.overdue_at))
    if query.start is not None:
        where.append("opened_at >= %s")
        params.append(moment(query.start))
    if query.end is not None:
        where.append("opened_at < %s")
        params.append(moment(query.end))
    columns = ", ".join(column.name for column in LISTED.columns)
    sql = (
        f"SELECT {columns} FROM {RECORDS.name} WHERE {' AND '.join(where)}"
        " ORDER BY opened_at, aggregate_id"
    )
    if query.limit is not None:
        sql += f" LIMIT {int(query.limit)}"
    return [read_row(database.dialect, LISTED, row) for row in database.query(sql, params)]
