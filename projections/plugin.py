"""What a projection declares, and the view port it writes its rows through.

A projection is a plug-in: its name, its version, the event types it needs, its tables, and
`apply(view, page)`. The runner reads and decodes each page of the log once and hands it to
every projection that follows it; the rows a projection writes through its view are committed
with its position in one transaction. Nothing here knows which database holds the rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal, Protocol

import attrs

from projections.log import LogEntry

#: The kinds of value a column holds, as Python values: str, int, Decimal, datetime (aware),
#: date, JSON (plain JSON values, or values the log itself stores: attrs values, Decimal,
#: UUID, dates, enums; read back as plain JSON), bool, UUID, and a record: an attrs value of
#: the column's `of` class, kept as JSON and read back as that class.
ColumnType = Literal[
    "text", "integer", "decimal", "time", "date", "json", "boolean", "uuid", "record"
]

#: A class (a column's field named `type` hides the builtin inside Column).
AnyClass = type

#: One row, by column name.
Row = Mapping[str, Any]


@attrs.frozen
class Column:
    name: str
    type: ColumnType
    nullable: bool = True
    #: The attrs class a `record` column holds (per row, by `of_column`'s value, when that is
    #: given: the class named by another column of the row).
    of: Mapping[str, AnyClass] | AnyClass | None = None
    of_column: str | None = None
    #: Holds payload text (a "json" or "record" column): stored encrypted while a key is set.
    sealed: bool = False
    #: Holds payload text (a "text" column): while a key is set, stored encrypted inside the
    #: sealed column named here, and NULL in its own.
    sealed_in: str | None = None

    def record_class(self, row: Mapping[str, Any]) -> AnyClass:
        """The class of this record column's value in `row`."""
        if isinstance(self.of, type):
            return self.of
        if self.of is None or self.of_column is None:
            raise ValueError(f"record column {self.name} names no class")
        return self.of[row[self.of_column]]


@attrs.frozen(kw_only=True)
class Table:
    """A table of a projection, by its public name: reporting jobs read it under that name, and
    each build of the projection writes a physical table of its own behind it."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    indexes: tuple[tuple[str, ...], ...] = ()

    def __attrs_post_init__(self) -> None:
        names = [column.name for column in self.columns]
        if len(set(names)) != len(names):
            raise ValueError(f"table {self.name}: a column is declared twice")
        for column_names in (self.key, *self.indexes):
            if missing := set(column_names) - set(names):
                raise ValueError(f"table {self.name}: no column {sorted(missing)}")
        sealed = {column.name for column in self.columns if column.sealed}
        for column in self.columns:
            if column.sealed and (column.type not in ("json", "record") or column.sealed_in):
                raise ValueError(f"table {self.name}: {column.name} cannot be sealed")
            if column.sealed_in is not None and (
                column.sealed_in not in sealed or column.type != "text" or not column.nullable
            ):
                raise ValueError(
                    f"table {self.name}: {column.name} must be nullable text sealed in a sealed "
                    "column of the table"
                )
            if (column.sealed or column.sealed_in) and column.name in self.key + tuple(
                name for index in self.indexes for name in index
            ):
                raise ValueError(f"table {self.name}: {column.name} is searched by: not sealed")

    def key_of(self, row: Row) -> tuple[Any, ...]:
        """The key of a row that holds exactly this table's columns (else ValueError)."""
        names = {column.name for column in self.columns}
        if set(row) != names:
            raise ValueError(
                f"a row of {self.name} needs exactly its columns: missing "
                f"{sorted(names - set(row))}, unknown {sorted(set(row) - names)}"
            )
        return tuple(row[name] for name in self.key)

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"table {self.name} has no column {name!r}")


class View(Protocol):
    """A projection's own tables, within the transaction that will record its new position."""

    def get(self, table: str, key: Sequence[Any]) -> dict[str, Any] | None:
        """The row with this key, as last put (in this page or before), or None."""
        ...

    def load(self, table: str, keys: Iterable[Sequence[Any]]) -> None:
        """Read the rows with these keys ahead, in as few queries as the store allows, so that
        the `get`s that follow need none each. Keys with no row read as None."""
        ...

    def put(self, table: str, row: Row) -> None:
        """Insert the row, or replace the one with the same key. Every column must be given."""
        ...

    def delete(self, table: str, key: Sequence[Any]) -> None:
        """Remove the row with this key, if there is one."""
        ...

    def rows(self, table: str, **equal: Any) -> list[dict[str, Any]]:
        """Every row whose named columns equal the values given (all rows without any)."""
        ...


class Projection(Protocol):
    """A read model built from the log."""

    @property
    def name(self) -> str:
        """Its name: in `projections status`, and the key of its position."""
        ...

    @property
    def version(self) -> int:
        """Raised when what it builds changes; a new version is built beside the old one."""
        ...

    @property
    def topics(self) -> frozenset[str] | None:
        """The event types it needs (None: every entry of the log)."""
        ...

    @property
    def tables(self) -> tuple[Table, ...]:
        """Its tables, by public name."""
        ...

    def apply(self, view: View, page: Sequence[LogEntry]) -> None:
        """Bring its rows up to date with these entries (in log order, only its topics)."""
        ...


def table_named(tables: Mapping[str, Table], name: str) -> Table:
    """A projection's table by name, for a view; KeyError naming it when not declared."""
    try:
        return tables[name]
    except KeyError:
        raise KeyError(f"this projection declares no table {name!r}") from None
