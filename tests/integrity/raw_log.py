"""The log table read and written with plain SQL, beside opsledger: what someone with database
access can do to it, and a recomputation of the chain, written out from DESIGN §2.5 and
independent of `infrastructure.integrity`, to check the recorders and `verify` by."""

from __future__ import annotations

import hashlib
import sqlite3
import struct
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any
from uuid import UUID

import attrs
import psycopg

from infrastructure.store.url import StoreUrl

#: The hash before the first event: 32 zero bytes.
GENESIS_HASH = bytes(32)

Statement = tuple[str, Sequence[object]]


@attrs.frozen(kw_only=True)
class StoredRow:
    """One row of the log table as stored."""

    position: int
    originator_id: UUID
    version: int
    topic: str
    state: bytes
    chain_hash: bytes | None


def preimage(
    previous: bytes, *, position: int, originator_id: UUID, version: int, topic: str, state: bytes
) -> bytes:
    """The bytes one link hashes: previous hash ‖ i32 len(state) ‖ state ‖ i64 position ‖
    originator id (16 bytes) ‖ i64 version ‖ i32 len(topic) ‖ topic as UTF-8, big-endian."""
    topic_bytes = topic.encode("utf-8")
    return b"".join(
        (
            previous,
            struct.pack(">i", len(state)),
            state,
            struct.pack(">q", position),
            originator_id.bytes,
            struct.pack(">q", version),
            struct.pack(">i", len(topic_bytes)),
            topic_bytes,
        )
    )


def expected_link(previous: bytes, row: StoredRow) -> bytes:
    """The chain hash `row` must carry when `previous` is the hash of the row before it."""
    return hashlib.sha256(
        preimage(
            previous,
            position=row.position,
            originator_id=row.originator_id,
            version=row.version,
            topic=row.topic,
            state=row.state,
        )
    ).digest()


def chain_problems(rows: Sequence[StoredRow]) -> list[str]:
    """What is wrong with a log read in position order: positions other than exactly 1..N, or a
    stored hash that is not the link recomputed from the first row on. Empty when intact."""
    problems: list[str] = []
    previous = GENESIS_HASH
    for expected_position, row in enumerate(rows, start=1):
        if row.position != expected_position:
            problems.append(f"row at position {row.position} where {expected_position} belongs")
        link = expected_link(previous, row)
        if row.chain_hash != link:
            stored = row.chain_hash.hex() if row.chain_hash is not None else None
            problems.append(f"position {row.position}: stored {stored}, link {link.hex()}")
        previous = link
    return problems


def head_hash(rows: Sequence[StoredRow]) -> bytes:
    """The recomputed chain hash of the last row (the genesis hash for an empty log)."""
    previous = GENESIS_HASH
    for row in rows:
        previous = expected_link(previous, row)
    return previous


class RawLog:
    """The log table of one opsledger store, over a connection of its own.

    Statements name the table `{table}` and the position column `{position}`, and use `%s`
    placeholders; each call to `execute` is one transaction.
    """

    def __init__(self, url: str) -> None:
        store = StoreUrl.parse(url)
        self.dialect = store.kind
        self._sqlite: sqlite3.Connection | None = None
        self._pg: psycopg.Connection[tuple[Any, ...]] | None = None
        if store.kind == "sqlite":
            self.table, self.position = "stored_events", "rowid"
            self._sqlite = sqlite3.connect(store.path, isolation_level=None, timeout=30)
        else:
            self.table, self.position = "opsledger_events", "notification_id"
            self._pg = psycopg.connect(store.conninfo(), autocommit=True)

    def close(self) -> None:
        if self._sqlite is not None:
            self._sqlite.close()
        if self._pg is not None:
            self._pg.close()

    def __enter__(self) -> RawLog:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _sql(self, statement: str) -> str:
        text = statement.format(table=self.table, position=self.position)
        return text.replace("%s", "?") if self._sqlite is not None else text

    def _params(self, params: Sequence[object]) -> list[object]:
        """UUIDs as each store keeps them: 32 hex digits in SQLite, uuid in PostgreSQL."""
        if self._sqlite is None:
            return list(params)
        return [p.hex if isinstance(p, UUID) else p for p in params]

    def query(self, statement: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        if self._sqlite is not None:
            return self._sqlite.execute(self._sql(statement), self._params(params)).fetchall()
        assert self._pg is not None
        return self._pg.execute(self._sql(statement), self._params(params)).fetchall()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        if self._sqlite is not None:
            self._sqlite.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._sqlite.execute("ROLLBACK")
                raise
            self._sqlite.execute("COMMIT")
            return
        assert self._pg is not None
        with self._pg.transaction():
            yield

    def execute(self, *statements: Statement) -> None:
        """Run the statements in one transaction."""
        with self._transaction():
            for statement, params in statements:
                if self._sqlite is not None:
                    self._sqlite.execute(self._sql(statement), self._params(params))
                else:
                    assert self._pg is not None
                    self._pg.execute(self._sql(statement), self._params(params))

    # --- reading ----------------------------------------------------------------------------

    def rows(self) -> list[StoredRow]:
        """Every row, in position order."""
        return [
            StoredRow(
                position=position,
                originator_id=UUID(str(originator_id)),
                version=version,
                topic=topic,
                state=bytes(state),
                chain_hash=None if chain_hash is None else bytes(chain_hash),
            )
            for position, originator_id, version, topic, state, chain_hash in self.query(
                "SELECT {position}, originator_id, originator_version, topic, state, chain_hash"
                " FROM {table} ORDER BY {position}"
            )
        ]

    def row(self, position: int) -> StoredRow:
        (found,) = [row for row in self.rows() if row.position == position]
        return found

    def size(self) -> int:
        (count,) = self.query("SELECT count(*) FROM {table}")[0]
        return int(count)

    # --- tampering ----------------------------------------------------------------------------

    def update(self, position: int, **values: object) -> None:
        """Set columns of the row at `position`."""
        assignments = ", ".join(f"{column} = %s" for column in values)
        self.execute(
            (
                f"UPDATE {{table}} SET {assignments} WHERE {{position}} = %s",
                [*values.values(), position],
            )
        )

    def delete(self, *positions: int) -> None:
        self.execute(*(("DELETE FROM {table} WHERE {position} = %s", [p]) for p in positions))

    def move(self, moves: Mapping[int, int]) -> None:
        """Give rows new positions ({from: to}) in one transaction, as a reordering would; the
        rows go through negative positions first so that no two rows ever share one."""
        self.execute(
            *(("UPDATE {table} SET {position} = %s WHERE {position} = %s", [-p, p]) for p in moves),
            *(
                ("UPDATE {table} SET {position} = %s WHERE {position} = %s", [to, -p])
                for p, to in moves.items()
            ),
        )

    def insert(self, *rows: StoredRow) -> None:
        """Write rows at the positions they name, around the recorder."""
        self.execute(*((_INSERT, _values(row)) for row in rows))

    def restore(self, rows: Sequence[StoredRow]) -> None:
        """Make the table hold exactly `rows` again."""
        self.execute(("DELETE FROM {table}", []), *((_INSERT, _values(row)) for row in rows))


_INSERT = (
    "INSERT INTO {table} ({position}, originator_id, originator_version, topic, state, chain_hash)"
    " VALUES (%s, %s, %s, %s, %s, %s)"
)


def _values(row: StoredRow) -> list[object]:
    return [row.position, row.originator_id, row.version, row.topic, row.state, row.chain_hash]
