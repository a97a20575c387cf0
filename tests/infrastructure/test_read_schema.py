"""The public read schema: every read-model column the README documents exists in a new store
of either kind, and every table a projection keeps is documented there."""

from __future__ import annotations

import re
from pathlib import Path

from infrastructure.opsledger import Opsledger
from projections.registry import PROJECTIONS

README = Path(__file__).resolve().parents[2] / "README.md"

#: "`records` — one row per ..." followed by a table whose first cells name columns.
_HEADING = re.compile(r"^`(?P<table>[a-z_]+)` — ", re.M)


def documented() -> dict[str, list[str]]:
    """Each documented read model's columns, from the README's read-model section."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Read-model tables") :]
    section = section[: section.index("\n## ", 1)]
    tables: dict[str, list[str]] = {}
    for match in _HEADING.finditer(section):
        rest = section[match.end() :].split("\n\n", 2)
        block = rest[1] if len(rest) > 1 and rest[1].startswith("|") else ""
        columns = []
        for line in block.splitlines()[2:]:
            first = line.split("|")[1]
            columns += re.findall(r"`([a-z_]+)`", first)
        if columns:
            tables[match["table"]] = columns
    return tables


def test_every_projection_table_is_documented() -> None:
    kept = {table.name for projection in PROJECTIONS for table in projection.tables}
    assert kept <= set(documented()), sorted(kept - set(documented()))
    for projection in PROJECTIONS:
        for table in projection.tables:
            named = documented()[table.name]
            assert len(named) == len(set(named)), table.name
            assert set(named) == {column.name for column in table.columns}, table.name


def test_documented_columns_exist(store_url: str) -> None:
    """A query naming every documented column of each read model runs on a new store."""
    tables = documented()
    kept = {table.name for projection in PROJECTIONS for table in projection.tables}
    assert kept <= set(tables), "the README's read-model section was not read"
    with Opsledger.open(store_url) as ledger:
        for table, columns in tables.items():
            ledger.database.query(f"SELECT {', '.join(columns)} FROM {table} WHERE 1 = 0")
