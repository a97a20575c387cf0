"""The batched projection runner: a page of rows and its position in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import cast

import attrs

from application.ledger import Ledger
from domain.shared.recorded import Recorded
from infrastructure.sql import audit_trail_table
from infrastructure.sql.database import Cursor, Database
from infrastructure.sql.positions import advance_position, claim_position, read_position
from projections import audit_trail
from projections.log import LogEntry


@attrs.frozen(kw_only=True)
class Projector:
    """A read model the runner keeps: its name, how a page of events becomes rows, how to clear."""

    name: str
    apply: Callable[[Cursor, Sequence[LogEntry]], None]
    clear: Callable[[Cursor], None]


def _apply_audit_trail(cursor: Cursor, entries: Sequence[LogEntry]) -> None:
    rows = [row for entry in entries if (row := audit_trail.audit_row(entry)) is not None]
    audit_trail_table.write_rows(cursor, rows)


AUDIT_TRAIL = Projector(
    name=audit_trail.NAME, apply=_apply_audit_trail, clear=audit_trail_table.clear
)

PROJECTORS: dict[str, Projector] = {AUDIT_TRAIL.name: AUDIT_TRAIL}


@attrs.frozen(kw_only=True)
class ProjectionStatus:
    """How far a read model is: its position, the log's head, and the lag between them."""

    name: str
    position: int
    head: int

    @property
    def lag(self) -> int:
        return max(0, self.head - self.position)


class UnknownProjection(LookupError):
    """No read model has that name."""


class ProjectionRunner:
    """Brings read models up to date with the log; safe to run in several processes at once."""

    def __init__(self, *, ledger: Ledger, database: Database, page_size: int = 1000) -> None:
        self._ledger = ledger
        self._database = database
        self._page_size = page_size

    def projectors(self, name: str | None) -> list[Projector]:
        if name is None:
            return list(PROJECTORS.values())
        if name not in PROJECTORS:
            known = ", ".join(sorted(PROJECTORS))
            raise UnknownProjection(f"no projection named {name!r} (known: {known})")
        return [PROJECTORS[name]]

    def head(self) -> int:
        """The position of the newest event in the log."""
        return self._ledger.recorder.max_notification_id() or 0

    def status(self, name: str | None = None) -> list[ProjectionStatus]:
        head = self.head()
        return [
            ProjectionStatus(name=p.name, position=read_position(self._database, p.name), head=head)
            for p in self.projectors(name)
        ]

    def catch_up(self, name: str | None = None) -> dict[str, int]:
        """Apply every event not yet applied; returns how many log events each one consumed."""
        return {p.name: self._catch_up(p) for p in self.projectors(name)}

    def rebuild(self, name: str | None = None) -> dict[str, int]:
        """Clear the read model and its position in one transaction, then catch up from zero."""
        for projector in self.projectors(name):
            with self._database.transaction() as cursor:
                claim_position(cursor, self._database, projector.name)
                projector.clear(cursor)
                advance_position(cursor, projector.name, 0)
        return self.catch_up(name)

    def _catch_up(self, projector: Projector) -> int:
        consumed = 0
        position = read_position(self._database, projector.name)
        while True:
            entries = self._read_page(after=position)
            if not entries:
                return consumed
            with self._database.transaction() as cursor:
                current = claim_position(cursor, self._database, projector.name)
                if current != position:
                    position = current  # another runner got there first: read again from there
                    continue
                projector.apply(cursor, entries)
                advance_position(cursor, projector.name, entries[-1].position)
            position = entries[-1].position
            consumed += len(entries)

    def _read_page(self, *, after: int) -> list[LogEntry]:
        notifications = self._ledger.recorder.select_notifications(
            start=after, limit=self._page_size, inclusive_of_start=False
        )
        mapper = self._ledger.mapper
        return [
            LogEntry(
                position=notification.id,
                recorded=cast(Recorded, mapper.to_domain_event(notification)),
            )
            for notification in notifications
        ]
