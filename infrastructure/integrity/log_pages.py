"""The stored log read as it lies in the table, page by page in position order: what `verify`,
`export` and the bench's raw read all read."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from infrastructure.sql.database import Database

#: Rows per page: large enough that a page's round trip is a small part of reading it, small
#: enough that memory stays a few MB whatever the size of the log.
PAGE = 5000

#: Below any position a store can hold (a signed 64-bit integer).
LOWEST = -(2**63)
HIGHEST = 2**63 - 1

#: One stored row: position, originator id (uuid in PostgreSQL; text, 32 hex digits, in SQLite),
#: originator version, topic, stored bytes, chain hash.
StoredRow = tuple[Any, ...]


def events_table(database: Database) -> str:
    """The library's log table: fixed in SQLite, named after the application in PostgreSQL."""
    return "stored_events" if database.dialect == "sqlite" else "opsledger_events"


def _position_column(database: Database) -> str:
    return "rowid" if database.dialect == "sqlite" else "notification_id"


def stored_pages(
    database: Database,
    *,
    first: int = LOWEST,
    last: int = HIGHEST,
    page: int = PAGE,
    binary: bool = True,
) -> Iterator[list[StoredRow]]:
    """The stored rows from position `first` to `last` (both included), in position order, a
    page at a time; by default every row, a row slipped in below position 1 too. Each page is
    its own statement (keyset paging), so memory does not grow with the log. PostgreSQL sends
    them in its binary format unless `binary` is False (the same values, read slower)."""
    table = events_table(database)
    position = _position_column(database)
    # One bound in SQL: the planner reads `>= start ORDER BY position LIMIT n` from the index
    # (a second bound, on a table not yet analysed, had PostgreSQL sort the whole range), and
    # the limit keeps each page within `last`.
    statement = (
        f"SELECT {position}, originator_id, originator_version, topic, state, chain_hash"
        f" FROM {table} WHERE {position} >= %s ORDER BY {position} LIMIT %s"
    )
    start = first
    while start <= last:
        wanted = min(page, last - start + 1)
        rows = database.query(statement, (start, wanted), binary=binary)
        if rows and rows[-1][0] > last:  # fewer rows than positions in the range: gaps
            rows = [row for row in rows if row[0] <= last]
            if rows:
                yield rows
            return
        if rows:
            yield rows
        if len(rows) < wanted:
            return
        start = rows[-1][0] + 1


def stored_rows(database: Database) -> Iterator[StoredRow]:
    """Every stored row, in position order, from the very lowest position."""
    for rows in stored_pages(database):
        yield from rows


def chain_hash_at(database: Database, position: int) -> bytes | None:
    """The chain hash stored at `position`; None when no row lies there (or it has none)."""
    column = _position_column(database)
    rows = database.query(
        f"SELECT chain_hash FROM {events_table(database)} WHERE {column} = %s",
        (position,),
        binary=True,
    )
    if not rows or rows[0][0] is None:
        return None
    value = rows[0][0]
    return value if isinstance(value, bytes) else bytes(value)


def last_position(database: Database) -> int:
    """The highest stored position (0 for an empty log)."""
    column = _position_column(database)
    rows = database.query(f"SELECT max({column}) FROM {events_table(database)}", binary=True)
    return int(rows[0][0]) if rows and rows[0][0] is not None else 0
