"""Builds behind public views: a rebuild or a new version fills new tables beside the live ones
and swaps them in at once; a reader querying all the while sees the whole model every time."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Sequence
from typing import Any

import attrs
import psycopg

from infrastructure.opsledger import Opsledger
from infrastructure.projection_runner import ProjectionRunner
from infrastructure.sql.projection_builds import builds
from projections.audit_trail import AuditTrail
from projections.log import LogEntry
from projections.plugin import Column, Table, View
from tests.clocks import FixedClock
from tests.infrastructure.projection_runner.audit_trail_rows import expected_keys, keys, trail
from tests.infrastructure.projection_runner.complaint_log import build_log


def _reader(store_url: str) -> Callable[[str], list[tuple[Any, ...]]]:
    """A connection of its own, as a reporting job has."""
    if store_url.startswith("sqlite"):
        connection = sqlite3.connect(
            store_url.removeprefix("sqlite:///"), timeout=30, check_same_thread=False
        )
        return lambda sql: connection.execute(sql).fetchall()
    pg = psycopg.connect(store_url, autocommit=True)
    return lambda sql: pg.execute(sql).fetchall()


class TestRebuildWithoutDowntime:
    def test_a_reader_never_sees_a_half_built_trail(
        self, ledger: Opsledger, clock: FixedClock, store_url: str
    ) -> None:
        """While a rebuild fills new tables page by page (3 entries a page), a reader counting
        the trail's rows over and over always counts all of them; afterwards the rows are those
        the log gives, and only the new build's tables remain."""
        build_log(ledger, clock, complaints=4)
        ledger.projections.catch_up()
        expected = len(expected_keys(ledger))
        (before,) = [b for b in builds(ledger.database, "audit_trail") if b.state == "live"]

        read = _reader(store_url)
        counts: list[int] = []
        done = threading.Event()

        def keep_reading() -> None:
            while not done.is_set():
                counts.append(int(read("SELECT COUNT(*) FROM audit_trail")[0][0]))

        reader = threading.Thread(target=keep_reading)
        reader.start()
        try:
            slow = ProjectionRunner(ledger=ledger.ledger, database=ledger.database, page_size=3)
            assert slow.rebuild("audit_trail")["audit_trail"] > expected
        finally:
            done.set()
            reader.join()

        assert len(counts) > 10
        assert set(counts) == {expected}
        assert keys(trail(ledger)) == expected_keys(ledger)
        (after,) = builds(ledger.database, "audit_trail")
        assert (after.state, after.generation) == ("live", before.generation + 1)
        old = f"audit_trail__g{before.generation}"
        gone = read(
            f"SELECT COUNT(*) FROM sqlite_master WHERE name = '{old}'"
            if store_url.startswith("sqlite")
            else f"SELECT COUNT(*) FROM pg_tables WHERE tablename = '{old}'"
        )
        assert gone[0][0] == 0


@attrs.frozen
class _CountingTrail:
    """A second version of a projection: events counted per aggregate."""

    name: str = "audit_trail"
    version: int = 2
    topics: frozenset[str] | None = None
    tables: tuple[Table, ...] = (
        Table(
            name="audit_trail",
            columns=(
                Column("aggregate_id", "uuid", nullable=False),
                Column("events", "integer", nullable=False),
            ),
            key=("aggregate_id",),
        ),
    )

    def apply(self, view: View, page: Sequence[LogEntry]) -> None:
        for entry in page:
            key = (entry.recorded.originator_id,)
            row = view.get("audit_trail", key)
            view.put(
                "audit_trail",
                {"aggregate_id": key[0], "events": 1 if row is None else row["events"] + 1},
            )


class TestNewVersion:
    def test_a_new_version_is_built_beside_the_old_and_swapped_in(
        self, ledger: Opsledger, clock: FixedClock, store_url: str
    ) -> None:
        """Version 1 is live; a runner holding version 2 builds it beside and swaps it in
        once caught up; status shows version 2 at the head, the public name its rows."""
        build_log(ledger, clock, complaints=2)
        ledger.projections.catch_up()
        entries = ledger.projections.head()
        newer = ProjectionRunner(
            ledger=ledger.ledger, database=ledger.database, projections=(_CountingTrail(),)
        )
        assert newer.catch_up() == {"audit_trail": entries}
        (status,) = newer.status()
        assert (status.version, status.position, status.lag) == (2, entries, 0)
        counts = _reader(store_url)("SELECT events FROM audit_trail")
        assert sum(int(row[0]) for row in counts) == entries
        # And a runner still holding version 1 builds version 1 again beside it.
        older = ProjectionRunner(
            ledger=ledger.ledger, database=ledger.database, projections=(AuditTrail(),)
        )
        older.catch_up()
        assert keys(trail(ledger)) == expected_keys(ledger)
