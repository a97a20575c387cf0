"""Builds of a projection: physical tables behind public views, swapped in atomically.

Each build of a projection (a generation) writes physical tables named `<table>__g<N>`, and
keeps its position in `projection_builds`. Reporting jobs read the public names, which are SQL
views of the live build's tables. A rebuild, or a new version of a projection, fills a new
generation beside the live one while readers keep reading the old; once it has caught up, one
transaction points the views at it, records its position as the live one and drops the old
tables, so a reader sees either the old model or the new, never half of one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Literal

import attrs

from infrastructure.sql.database import Cursor, Database, Dialect
from infrastructure.sql.projection_view import SQL_TYPES
from projections.plugin import Projection, Table

BuildState = Literal["live", "building"]

_TIME = {"sqlite": "TEXT", "postgresql": "TIMESTAMPTZ"}


def ensure_builds_table(cursor: Cursor, dialect: Dialect) -> None:
    """The table of builds (idempotent DDL)."""
    cursor.execute(
        "CREATE TABLE IF NOT EXISTS projection_builds ("
        " name TEXT NOT NULL,"
        " generation INTEGER NOT NULL,"
        " version INTEGER NOT NULL,"
        " state TEXT NOT NULL,"
        " position BIGINT NOT NULL,"
        f" updated_at {_TIME[dialect]} NOT NULL,"
        " PRIMARY KEY (name, generation))"
    )


@attrs.frozen(kw_only=True)
class Build:
    """One generation of a projection's tables, and how far in the log it has applied."""

    name: str
    generation: int
    version: int
    state: BuildState
    position: int

    def physical(self, table: Table) -> str:
        return f"{table.name}__g{self.generation}"

    def physical_names(self, tables: Sequence[Table]) -> dict[str, str]:
        return {table.name: self.physical(table) for table in tables}


def builds(database: Database, name: str) -> list[Build]:
    """Every build of the projection, oldest generation first."""
    rows = database.query(
        "SELECT generation, version, state, position FROM projection_builds"
        " WHERE name = %s ORDER BY generation",
        (name,),
    )
    return [
        Build(name=name, generation=int(g), version=int(v), state=s, position=int(p))
        for g, v, s, p in rows
    ]


def live_builds(database: Database) -> dict[str, Build]:
    """The live build of every projection that has one, by projection name: one query."""
    rows = database.query(
        "SELECT name, generation, version, position FROM projection_builds WHERE state = 'live'"
    )
    return {
        str(n): Build(name=str(n), generation=int(g), version=int(v), state="live", position=int(p))
        for n, g, v, p in rows
    }


def create_build(
    cursor: Cursor, dialect: Dialect, projection: Projection, *, state: BuildState
) -> Build:
    """A new generation with empty tables (and, when it is the first, the public views)."""
    cursor.execute(
        "SELECT COALESCE(MAX(generation), 0) FROM projection_builds WHERE name = %s",
        (projection.name,),
    )
    generation = int(cursor.fetchall()[0][0]) + 1
    build = Build(
        name=projection.name,
        generation=generation,
        version=projection.version,
        state=state,
        position=0,
    )
    types = SQL_TYPES[dialect]
    if state == "live":  # no build is live: views left behind (say, by a wipe) go first
        for table in projection.tables:
            cursor.execute(f"DROP VIEW IF EXISTS {table.name}")
    for table in projection.tables:
        physical = build.physical(table)
        columns = ", ".join(
            f"{column.name} {types[column.type]}{'' if column.nullable else ' NOT NULL'}"
            for column in table.columns
        )
        cursor.execute(f"DROP TABLE IF EXISTS {physical}")
        cursor.execute(f"CREATE TABLE {physical} ({columns}, PRIMARY KEY ({', '.join(table.key)}))")
        for number, index in enumerate(table.indexes, start=1):
            cursor.execute(f"CREATE INDEX {physical}_i{number} ON {physical} ({', '.join(index)})")
    cursor.execute(
        "INSERT INTO projection_builds (name, generation, version, state, position, updated_at)"
        " VALUES (%s, %s, %s, %s, 0, %s)",
        (projection.name, generation, projection.version, state, datetime.now(UTC)),
    )
    if state == "live":
        _point_views(cursor, projection.tables, build)
        _mirror_position(cursor, projection.name, 0)
    return build


def drop_legacy_tables(cursor: Cursor, dialect: Dialect, projection: Projection) -> None:
    """Drop plain tables (not views) under the projection's public names, and its position:
    what an older release kept there is rebuilt from the log."""
    for table in projection.tables:
        if dialect == "sqlite":
            cursor.execute(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = %s",
                (table.name,),
            )
        else:
            cursor.execute(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = %s"
                " AND table_type = 'BASE TABLE' AND table_schema = current_schema()",
                (table.name,),
            )
        if cursor.fetchall()[0][0]:
            cursor.execute(f"DROP TABLE {table.name}")
    cursor.execute("DELETE FROM projection_positions WHERE name = %s", (projection.name,))


def claim(cursor: Cursor, dialect: Dialect, build: Build) -> Build | None:
    """Inside a write transaction: the build as stored now, locked against other runners (None
    when it is gone: swapped out or dropped)."""
    lock = " FOR UPDATE" if dialect == "postgresql" else ""
    cursor.execute(
        "SELECT version, state, position FROM projection_builds"
        f" WHERE name = %s AND generation = %s{lock}",
        (build.name, build.generation),
    )
    found = cursor.fetchall()
    if not found:
        return None
    version, state, position = found[0]
    return attrs.evolve(build, version=int(version), state=state, position=int(position))


def advance(cursor: Cursor, build: Build, position: int) -> None:
    """Record that the build has applied every entry up to `position` (with its rows)."""
    cursor.execute(
        "UPDATE projection_builds SET position = %s, updated_at = %s"
        " WHERE name = %s AND generation = %s",
        (position, datetime.now(UTC), build.name, build.generation),
    )
    if build.state == "live":
        _mirror_position(cursor, build.name, position)


def make_live(cursor: Cursor, projection: Projection, build: Build) -> None:
    """Point the public views at this build and drop every other generation's tables."""
    cursor.execute(
        "SELECT generation FROM projection_builds WHERE name = %s AND generation <> %s",
        (projection.name, build.generation),
    )
    others = [int(row[0]) for row in cursor.fetchall()]
    _point_views(cursor, projection.tables, build)
    for generation in others:
        for table in projection.tables:
            cursor.execute(f"DROP TABLE IF EXISTS {table.name}__g{generation}")
    cursor.execute(
        "DELETE FROM projection_builds WHERE name = %s AND generation <> %s",
        (projection.name, build.generation),
    )
    cursor.execute(
        "UPDATE projection_builds SET state = 'live', updated_at = %s"
        " WHERE name = %s AND generation = %s",
        (datetime.now(UTC), projection.name, build.generation),
    )
    _mirror_position(cursor, projection.name, build.position)


def _point_views(cursor: Cursor, tables: Sequence[Table], build: Build) -> None:
    for table in tables:
        cursor.execute(f"DROP VIEW IF EXISTS {table.name}")
        columns = ", ".join(column.name for column in table.columns)
        cursor.execute(f"CREATE VIEW {table.name} AS SELECT {columns} FROM {build.physical(table)}")


def _mirror_position(cursor: Cursor, name: str, position: int) -> None:
    """`projection_positions` keeps the live build's position under the projection's name."""
    cursor.execute(
        "INSERT INTO projection_positions (name, position, updated_at) VALUES (%s, %s, %s)"
        " ON CONFLICT (name) DO UPDATE SET position = excluded.position,"
        " updated_at = excluded.updated_at",
        (name, position, datetime.now(UTC)),
    )
