"""The View port in memory: a projection's tables as dictionaries, for reports as known at a
past moment (the log replayed up to then) and for tests."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from projections.plugin import Row, Table, table_named


class MemoryView:
    """A projection's tables held in memory, keyed as declared."""

    def __init__(self, tables: Sequence[Table]) -> None:
        self._tables = {table.name: table for table in tables}
        self._rows: dict[str, dict[tuple[Any, ...], dict[str, Any]]] = {
            table.name: {} for table in tables
        }

    def _table(self, name: str) -> Table:
        return table_named(self._tables, name)

    def get(self, table: str, key: Sequence[Any]) -> dict[str, Any] | None:
        self._table(table)
        row = self._rows[table].get(tuple(key))
        return None if row is None else dict(row)

    def load(self, table: str, keys: Iterable[Sequence[Any]]) -> None:
        self._table(table)  # rows in memory need no reading ahead

    def put(self, table: str, row: Row) -> None:
        self._rows[table][self._table(table).key_of(row)] = dict(row)

    def delete(self, table: str, key: Sequence[Any]) -> None:
        self._table(table)
        self._rows[table].pop(tuple(key), None)

    def rows(self, table: str, **equal: Any) -> list[dict[str, Any]]:
        declared = self._table(table)
        for name in equal:
            declared.column(name)
        return [
            dict(row)
            for row in self._rows[table].values()
            if all(row[name] == value for name, value in equal.items())
        ]
