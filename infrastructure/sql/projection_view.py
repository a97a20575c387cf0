"""A projection's view port over SQL: its rows cached for the page, written back in bulk.

Within one page a projection may read and rewrite the same row many times (a complaint's
facts change with each of its events). The view keeps each row it has read or put, and at the
end of the page writes every changed row with one `executemany` per table and kind of change,
inside the transaction that records the projection's new position.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import orjson

from infrastructure.serialisation.cipher import NO_KEYS, Keyring
from infrastructure.serialisation.codec import decode_attrs, to_primitive
from infrastructure.sql.database import Cursor, Dialect
from infrastructure.sql.sealed_json import open_document, seal_document, stored_json
from projections.plugin import Column, ColumnType, Row, Table, table_named

#: Column types as each store declares them.
SQL_TYPES: dict[Dialect, dict[ColumnType, str]] = {
    "sqlite": {
        "text": "TEXT",
        "integer": "INTEGER",
        "decimal": "TEXT",
        "time": "TEXT",
        "date": "TEXT",
        "json": "TEXT",
        "boolean": "INTEGER",
        "uuid": "TEXT",
        "record": "TEXT",
    },
    "postgresql": {
        "text": "TEXT",
        "integer": "BIGINT",
        "decimal": "NUMERIC",
        "time": "TIMESTAMPTZ",
        "date": "DATE",
        "json": "JSONB",
        "boolean": "BOOLEAN",
        "uuid": "UUID",
        "record": "JSONB",
    },
}


def sqlite_time(value: datetime) -> str:
    """An instant as SQLite keeps it: UTC, fixed width, so text order is time order."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


def to_sql(dialect: Dialect, column: Column, value: Any) -> Any:
    """A Python value of the column's type as the store takes it."""
    return writer(dialect, column.type)(value)


def writer(dialect: Dialect, kind: ColumnType) -> Callable[[Any], Any]:
    """How a value of a column of this type is handed to the store (None stays None)."""
    convert = _SQLITE_WRITERS.get(kind) if dialect == "sqlite" else _POSTGRES_WRITERS.get(kind)
    if convert is None:
        return _same
    return lambda value: None if value is None else convert(value)


def _same(value: Any) -> Any:
    return value


def _json_text(value: Any) -> str:
    return orjson.dumps(to_primitive(value)).decode()


def _jsonb(value: Any) -> Any:
    from psycopg.types.json import Jsonb

    # orjson, not the driver's default json.dumps: a third of the cost, the same jsonb value.
    return Jsonb(to_primitive(value), dumps=_orjson_text)


def _orjson_text(value: Any) -> str:
    return orjson.dumps(value).decode()


_SQLITE_WRITERS: dict[ColumnType, Callable[[Any], Any]] = {
    "time": sqlite_time,
    "decimal": str,
    "uuid": str,
    "date": lambda value: value.isoformat(),
    "json": _json_text,
    "record": _json_text,
    "boolean": lambda value: int(bool(value)),
}

_POSTGRES_WRITERS: dict[ColumnType, Callable[[Any], Any]] = {
    "json": _jsonb,
    "record": _jsonb,
    "time": lambda value: value.astimezone(UTC),
}


def from_sql(dialect: Dialect, column: Column, value: Any, row: Mapping[str, Any]) -> Any:
    """A stored value back as the column's Python type (`row`: the row's other values, read
    before it, which may name a record's class)."""
    if value is None:
        return None
    kind = column.type
    if kind == "record":
        data = orjson.loads(value) if isinstance(value, str | bytes) else value
        return decode_attrs(column.record_class(row), data)
    if kind == "decimal":
        return value if isinstance(value, Decimal) else Decimal(value)
    if kind == "time":
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
        return moment.astimezone(UTC)
    if kind == "date":
        return value if isinstance(value, date) else date.fromisoformat(value)
    if kind == "uuid":
        return value if isinstance(value, UUID) else UUID(value)
    if kind == "boolean":
        return bool(value)
    if kind == "json" and dialect == "sqlite":
        return orjson.loads(value)
    return value


def read_row(
    dialect: Dialect, table: Table, values: Sequence[Any], *, keyring: Keyring = NO_KEYS
) -> dict[str, Any]:
    """One stored row of `table` (every column, in order) as Python values, sealed columns
    opened with `keyring`; record columns are read last, as their class may follow from
    another column."""
    row: dict[str, Any] = {}
    pairs = list(zip(table.columns, _opened(dialect, table, values, keyring), strict=True))
    for column, value in sorted(pairs, key=lambda pair: pair[0].type == "record"):
        row[column.name] = from_sql(dialect, column, value, row)
    return {column.name: row[column.name] for column in table.columns}


def _opened(
    dialect: Dialect, table: Table, values: Sequence[Any], keyring: Keyring
) -> Sequence[Any]:
    """The stored values with every sealed column (and the columns sealed in it) as it would
    be stored plain."""
    sealed = [index for index, column in enumerate(table.columns) if column.sealed]
    if not sealed:
        return values
    opened = list(values)
    for index in sealed:
        value = stored_json(values[index], dialect=dialect)
        if not isinstance(value, str):
            continue  # stored plain
        name = table.columns[index].name
        document = open_document(keyring, value)
        plain = document.get(name)
        opened[index] = orjson.dumps(plain).decode() if dialect == "sqlite" else plain
        for carried, column in enumerate(table.columns):
            if column.sealed_in == name:
                opened[carried] = document.get(column.name)
    return opened


def stored_row(
    dialect: Dialect,
    table: Table,
    row: Row,
    *,
    writers: Sequence[Callable[[Any], Any]],
    keyring: Keyring,
) -> list[Any]:
    """The row's values as the store takes them, column by column. While a key is set, each
    sealed column holds the encrypted JSON object of its value and of the values of the
    columns sealed in it, and those hold NULL."""
    values = [write(row[column.name]) for write, column in zip(writers, table.columns, strict=True)]
    if not keyring.sealing:
        return values
    for index, column in enumerate(table.columns):
        if not column.sealed:
            continue
        document = {column.name: to_primitive(row[column.name])}
        for carried, other in enumerate(table.columns):
            if other.sealed_in == column.name:
                document[other.name] = to_primitive(row[other.name])
                values[carried] = None
        sealed = seal_document(keyring, document)
        values[index] = orjson.dumps(sealed).decode() if dialect == "sqlite" else _jsonb(sealed)
    return values


#: Rows by table and key, as last read or written (None: no such row).
RowCache = dict[str, dict[tuple[Any, ...], dict[str, Any] | None]]

#: Keys asked for in one query when a page's rows are read ahead.
LOAD_CHUNK = 500


class SqlView:
    """The View port of one projection for one page, over the physical tables of one build."""

    def __init__(
        self,
        cursor: Cursor,
        dialect: Dialect,
        tables: Sequence[Table],
        physical: Mapping[str, str],
        warm: RowCache | None = None,
        *,
        keyring: Keyring = NO_KEYS,
    ) -> None:
        """`warm`: rows as committed by this view's previous page, kept by a runner that
        applies page after page (it must be exactly what the tables hold). `keyring`: what
        sealed columns are written and read with."""
        self._cursor = cursor
        self._dialect = dialect
        self._keyring = keyring
        self._tables = {table.name: table for table in tables}
        self._physical = physical
        self._rows: RowCache = warm if warm is not None else {}
        for table in tables:
            self._rows.setdefault(table.name, {})
        self._changed: dict[str, set[tuple[Any, ...]]] = {table.name: set() for table in tables}
        self._writers = {
            table.name: [writer(dialect, column.type) for column in table.columns]
            for table in tables
        }

    def _table(self, name: str) -> Table:
        return table_named(self._tables, name)

    def get(self, table: str, key: Sequence[Any]) -> dict[str, Any] | None:
        declared = self._table(table)
        wanted = tuple(key)
        cached = self._rows[table]
        if wanted not in cached:
            where = " AND ".join(f"{name} = %s" for name in declared.key)
            found = self._select(declared, where, self._key_values(declared, wanted))
            cached[wanted] = found[0] if found else None
        row = cached[wanted]
        return None if row is None else dict(row)

    def load(self, table: str, keys: Iterable[Sequence[Any]]) -> None:
        declared = self._table(table)
        cached = self._rows[table]
        wanted = list(dict.fromkeys(tuple(key) for key in keys if tuple(key) not in cached))
        if not wanted:
            return
        if len(declared.key) != 1:
            for key in wanted:
                self.get(table, key)
            return
        (name,) = declared.key
        column = declared.column(name)
        for start in range(0, len(wanted), LOAD_CHUNK):
            chunk = wanted[start : start + LOAD_CHUNK]
            marks = ", ".join("%s" for _ in chunk)
            values = [to_sql(self._dialect, column, key[0]) for key in chunk]
            for row in self._select(declared, f"{name} IN ({marks})", values):
                cached[(row[name],)] = row
            for key in chunk:
                cached.setdefault(key, None)

    def put(self, table: str, row: Row) -> None:
        key = self._table(table).key_of(row)
        self._rows[table][key] = dict(row)
        self._changed[table].add(key)

    def delete(self, table: str, key: Sequence[Any]) -> None:
        self._table(table)
        self._rows[table][tuple(key)] = None
        self._changed[table].add(tuple(key))

    def rows(self, table: str, **equal: Any) -> list[dict[str, Any]]:
        declared = self._table(table)
        self._flush(declared)
        for name in equal:
            if declared.column(name).sealed or declared.column(name).sealed_in:
                raise ValueError(f"{table}.{name} is sealed: rows cannot be found by it")
        where = " AND ".join(f"{name} = %s" for name in equal) or "1 = 1"
        values = [to_sql(self._dialect, declared.column(n), v) for n, v in equal.items()]
        found = self._select(declared, where, values)
        cached = self._rows[table]
        for row in found:
            cached.setdefault(tuple(row[name] for name in declared.key), row)
        return [dict(row) for row in found]

    def flush(self) -> None:
        """Write every changed row (the runner calls this before recording the position)."""
        for table in self._tables.values():
            self._flush(table)

    def rows_kept(self, *, limit: int) -> RowCache:
        """The rows read or written, to start the next page's view warm; a table holding more
        than `limit` of them starts cold again (memory stays bounded)."""
        return {name: rows if len(rows) <= limit else {} for name, rows in self._rows.items()}

    def _key_values(self, table: Table, key: tuple[Any, ...]) -> list[Any]:
        return [
            to_sql(self._dialect, table.column(name), value)
            for name, value in zip(table.key, key, strict=True)
        ]

    def _select(self, table: Table, where: str, values: Sequence[Any]) -> list[dict[str, Any]]:
        columns = ", ".join(column.name for column in table.columns)
        self._cursor.execute(
            f"SELECT {columns} FROM {self._physical[table.name]} WHERE {where}", values
        )
        return [
            read_row(self._dialect, table, row, keyring=self._keyring)
            for row in self._cursor.fetchall()
        ]

    def _flush(self, table: Table) -> None:
        changed = self._changed[table.name]
        if not changed:
            return
        rows = self._rows[table.name]
        physical = self._physical[table.name]
        gone = [key for key in changed if rows[key] is None]
        kept = [rows[key] for key in changed if rows[key] is not None]
        if gone:
            where = " AND ".join(f"{name} = %s" for name in table.key)
            self._cursor.executemany(
                f"DELETE FROM {physical} WHERE {where}",
                [self._key_values(table, key) for key in gone],
            )
        if kept:
            names = [column.name for column in table.columns]
            updates = [name for name in names if name not in table.key]
            conflict = (
                "DO UPDATE SET " + ", ".join(f"{name} = excluded.{name}" for name in updates)
                if updates
                else "DO NOTHING"
            )
            self._cursor.executemany(
                f"INSERT INTO {physical} ({', '.join(names)}) "
                f"VALUES ({', '.join('%s' for _ in names)}) "
                f"ON CONFLICT ({', '.join(table.key)}) {conflict}",
                [
                    stored_row(
                        self._dialect,
                        table,
                        row,
                        writers=self._writers[table.name],
                        keyring=self._keyring,
                    )
                    for row in kept
                    if row is not None
                ],
            )
        changed.clear()
