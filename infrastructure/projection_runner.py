"""The projection runner: each page of the log read and decoded once, for every projection.

Projections are plug-ins (projections/plugin.py) listed in projections/registry.py. The runner
brings each one's live build up to the head of the log; a projection whose version changed, or
one asked to rebuild, gets a new build beside the live one, swapped in once it has caught up.
Each projection's rows for a page are committed with its new position in one transaction, so a
runner killed at any moment resumes exactly where its last commit left it. Several runners may
run at once: a page another runner has already applied is read again from the new position.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import cast

import attrs
from eventsourcing.persistence import Notification, PersistenceError

from application.errors import StoreUnavailable
from application.ledger import Ledger
from domain.shared.recorded import Recorded
from infrastructure.serialisation.cipher import Keyring, keyring_of
from infrastructure.sql.database import Cursor, Database
from infrastructure.sql.projection_builds import (
    Build,
    advance,
    builds,
    claim,
    create_build,
    drop_legacy_tables,
    ensure_builds_table,
    live_builds,
    make_live,
)
from infrastructure.sql.projection_view import RowCache, SqlView
from infrastructure.sql.schema import schema_lock
from projections.log import LogEntry
from projections.plugin import Projection
from projections.registry import PROJECTIONS

#: The most rows of one table a runner keeps in memory from one page to the next.
WARM_ROWS = 20_000


@attrs.frozen(kw_only=True)
class ProjectionStatus:
    """How far a read model is: its position, the log's head, the lag between them, and the
    version its live tables were built by."""

    name: str
    position: int
    head: int
    version: int = 0
    #: Seconds since the oldest entry it has not applied was stored (0 when caught up).
    lag_seconds: float = 0.0

    @property
    def lag(self) -> int:
        return max(0, self.head - self.position)


class UnknownProjection(LookupError):
    """No read model has that name."""


class ReadModelBehind(StoreUnavailable):
    """The read models did not reach a log position within the time allowed."""

    code = "read_model_behind"


@attrs.define
class _Target:
    """A build being brought up to date in this pass, and its rows as its last page left them
    (valid while no other runner writes to it)."""

    projection: Projection
    build: Build
    applied: int = 0
    warm: RowCache | None = None


class ProjectionRunner:
    """Brings read models up to date with the log; safe to run in several processes at once."""

    def __init__(
        self,
        *,
        ledger: Ledger,
        database: Database,
        page_size: int = 1000,
        projections: Sequence[Projection] = PROJECTIONS,
        keyring: Keyring | None = None,
    ) -> None:
        """`keyring`: what the read models' sealed columns are written and read with; by
        default the keys of the log itself."""
        self._ledger = ledger
        self._database = database
        self._keyring = keyring_of(ledger.mapper) if keyring is None else keyring
        self._page_size = page_size
        self._projections = {projection.name: projection for projection in projections}
        self._ready = False

    def projectors(self, name: str | None) -> list[Projection]:
        """The projections named (all of them for None)."""
        if name is None:
            return list(self._projections.values())
        if name not in self._projections:
            known = ", ".join(sorted(self._projections))
            raise UnknownProjection(f"no projection named {name!r} (known: {known})")
        return [self._projections[name]]

    def head(self) -> int:
        """The position of the newest event in the log."""
        try:
            return self._ledger.recorder.max_notification_id() or 0
        except PersistenceError as error:
            raise StoreUnavailable(f"cannot read the event store: {error}") from None

    def status(self, name: str | None = None) -> list[ProjectionStatus]:
        self.prepare()
        head = self.head()
        lives = live_builds(self._database)
        rows = []
        for projection in self.projectors(name):
            live = lives[projection.name]
            rows.append(
                ProjectionStatus(
                    name=projection.name,
                    position=live.position,
                    head=head,
                    version=live.version,
                    lag_seconds=self._lag_seconds(live.position, head),
                )
            )
        return rows

    def wait_for(
        self, position: int, *, timeout: float, name: str | None = None, poll: float = 0.02
    ) -> None:
        """Return once every read model named (all for None) has applied the log up to
        `position` (read-your-writes: the position a command's result gave); raise
        ReadModelBehind after `timeout` seconds. Whoever runs the projections moves them."""
        self.prepare()
        wanted = {projection.name for projection in self.projectors(name)}
        deadline = time.monotonic() + timeout
        while True:
            positions = {n: b.position for n, b in live_builds(self._database).items()}
            behind = {n: positions.get(n, 0) for n in wanted if positions.get(n, 0) < position}
            if not behind:
                return
            if time.monotonic() >= deadline:
                slowest = min(behind, key=behind.__getitem__)
                raise ReadModelBehind(
                    f"read models did not reach log position {position} within {timeout:g} s "
                    f"({slowest} is at {behind[slowest]}); is `opsledger projections run` "
                    "running?"
                )
            time.sleep(poll)

    def catch_up(self, name: str | None = None) -> dict[str, int]:
        """Apply every entry not yet applied; how many log entries each projection consumed. A
        projection whose version changed is built anew beside the live tables and swapped in."""
        self.prepare()
        targets = [self._target(projection) for projection in self.projectors(name)]
        return self._run(targets)

    def rebuild(self, name: str | None = None) -> dict[str, int]:
        """Build each projection anew from the whole log beside its live tables, which readers
        keep reading until the new build has caught up and is swapped in."""
        self.prepare()
        targets = []
        for projection in self.projectors(name):
            with self._database.transaction() as cursor:
                build = create_build(cursor, self._database.dialect, projection, state="building")
            targets.append(_Target(projection, build))
        return self._run(targets)

    def prepare(self) -> None:
        """Every projection has a live build (tables and public views) before anything runs.
        A read model kept in a plain table by an older release is dropped, to be rebuilt from
        the log by the next catch-up. One query when all are there; else one transaction."""
        if self._ready:
            return
        if self._live_names() >= set(self._projections):
            self._ready = True
            return
        with schema_lock(self._database), self._database.transaction() as cursor:
            ensure_builds_table(cursor, self._database.dialect)
            cursor.execute("SELECT name FROM projection_builds WHERE state = 'live'")
            live = {str(row[0]) for row in cursor.fetchall()}
            for projection in self._projections.values():
                if projection.name not in live:
                    drop_legacy_tables(cursor, self._database.dialect, projection)
                    create_build(cursor, self._database.dialect, projection, state="live")
        self._ready = True

    def _live_names(self) -> set[str]:
        """The projections with a live build (none in a store that has no builds yet)."""
        try:
            return set(live_builds(self._database))
        except StoreUnavailable:
            return set()  # no such table yet (or the store is away: the DDL path will say so)

    def _target(self, projection: Projection) -> _Target:
        """The build to bring up to date: the live one, or the one being built beside it when
        the projection's version has changed since the live one was built."""
        known = builds(self._database, projection.name)
        live = next(b for b in known if b.state == "live")
        if live.version == projection.version:
            return _Target(projection, live)
        building = [b for b in known if b.state == "building" and b.version == projection.version]
        if building:
            return _Target(projection, building[-1])
        with self._database.transaction() as cursor:
            build = create_build(cursor, self._database.dialect, projection, state="building")
        return _Target(projection, build)

    def _run(self, targets: list[_Target]) -> dict[str, int]:
        while targets:
            start = min(target.build.position for target in targets)
            page = self._read_page(after=start)
            if not page:
                break
            self._apply_page(targets, page)
        for target in targets:
            if target.build.state == "building":
                self._swap(target)
        return {target.projection.name: target.applied for target in targets}

    def _apply_page(self, targets: Sequence[_Target], page: Sequence[LogEntry]) -> None:
        """One transaction for the page: each projection's rows and new position, so a page
        costs one commit however many projections follow the log. Should it fail, nothing of
        the page is kept, and each projection's rows in memory are dropped."""
        with self._database.transaction() as cursor:
            settled = [self._apply(cursor, target, page) for target in targets]
        for settle in settled:
            settle()

    def _apply(
        self, cursor: Cursor, target: _Target, page: Sequence[LogEntry]
    ) -> Callable[[], None]:
        """Within the page's transaction: the projection's rows and position for the entries
        of the page it has not applied; what to remember of it once the transaction commits."""
        entries = [entry for entry in page if entry.position > target.build.position]
        projection = target.projection
        warm, target.warm = target.warm, None  # dropped should the transaction fail
        if not entries:
            return lambda: setattr(target, "warm", warm)
        current = claim(cursor, self._database.dialect, target.build)
        if current is None:
            raise UnknownProjection(
                f"the build of {projection.name} this runner was filling was replaced; run again"
            )
        if current.position != target.build.position:
            # Another runner got there first: read again from its position, with no rows kept.
            return lambda: setattr(target, "build", current)
        wanted = projection.topics
        chosen = (
            entries
            if wanted is None
            else [entry for entry in entries if entry.recorded.event_type in wanted]
        )
        if chosen:
            view = SqlView(
                cursor,
                self._database.dialect,
                projection.tables,
                current.physical_names(projection.tables),
                warm=warm,
                keyring=self._keyring,
            )
            projection.apply(view, chosen)
            view.flush()
            warm = view.rows_kept(limit=WARM_ROWS)
        advance(cursor, current, entries[-1].position)

        def settle() -> None:
            target.warm = warm
            target.build = attrs.evolve(current, position=entries[-1].position)
            target.applied += len(entries)

        return settle

    def _swap(self, target: _Target) -> None:
        """Make a caught-up build live, in one transaction with its position check."""
        with schema_lock(self._database), self._database.transaction() as cursor:
            current = claim(cursor, self._database.dialect, target.build)
            if current is None or current.state == "live":
                return
            make_live(cursor, target.projection, current)

    def _notifications(self, *, after: int, limit: int) -> list[Notification]:
        try:
            return list(
                self._ledger.recorder.select_notifications(
                    start=after, limit=limit, inclusive_of_start=False
                )
            )
        except PersistenceError as error:
            raise StoreUnavailable(f"cannot read the event store: {error}") from None

    def _read_page(self, *, after: int) -> list[LogEntry]:
        notifications = self._notifications(after=after, limit=self._page_size)
        mapper = self._ledger.mapper
        return [
            LogEntry(
                position=notification.id,
                recorded=cast(Recorded, mapper.to_domain_event(notification)),
            )
            for notification in notifications
        ]

    def _lag_seconds(self, position: int, head: int) -> float:
        if position >= head:
            return 0.0
        oldest = self._notifications(after=position, limit=1)
        if not oldest:
            return 0.0
        recorded = cast(Recorded, self._ledger.mapper.to_domain_event(oldest[0]))
        waited = datetime.now(UTC) - recorded.recorded_at
        return max(0.0, waited.total_seconds())
