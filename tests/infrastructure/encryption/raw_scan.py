"""Looking for text in a store's raw data, below opsledger: the SQLite file's bytes, or every
text, bytea and JSON column of every table in a PostgreSQL database."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import psycopg
from psycopg import sql

from infrastructure.store.url import StoreUrl

_TEXT_TYPES = ("text", "character varying", "character", "json", "jsonb", "bytea")


def found_in_clear(url: str, texts: Iterable[str]) -> dict[str, list[str]]:
    """For each text, where it lies in the clear (UTF-8) in the store at `url`: the file names
    (SQLite, with its -wal and -journal files) or the `table.column` names of the tables
    (PostgreSQL; a read model's build tables are named after it, `audit_trail__g1`)."""
    store = StoreUrl.parse(url)
    wanted = {text: text.encode() for text in texts}
    if store.kind == "sqlite":
        files = sorted(Path(store.path).parent.glob(Path(store.path).name + "*"))
        assert files, f"no SQLite file at {store.path}"
        contents = {file.name: file.read_bytes() for file in files}
        return {
            text: [name for name, data in contents.items() if encoded in data]
            for text, encoded in wanted.items()
        }
    found: dict[str, list[str]] = {text: [] for text in wanted}
    with psycopg.connect(store.conninfo()) as connection:
        columns = connection.execute(
            "SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c"
            " JOIN information_schema.tables t USING (table_schema, table_name)"
            " WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'"
            " AND c.data_type = ANY(%s)",
            (list(_TEXT_TYPES),),
        ).fetchall()
        assert columns, "no columns to scan"
        for table, column, data_type in columns:
            value: sql.Composable = sql.Identifier(column)
            if data_type != "bytea":
                value = sql.SQL("convert_to({}::text, 'UTF8')").format(value)
            rows = connection.execute(
                sql.SQL("SELECT {} FROM {}").format(value, sql.Identifier(table))
            ).fetchall()
            data = b"\n".join(bytes(row[0]) for row in rows if row[0] is not None)
            for text, encoded in wanted.items():
                if encoded in data:
                    found[text].append(f"{table}.{column}")
    return found
