"""Everything a reader can see of a ledger, taken at once so a test can prove nothing changed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

import attrs

from application.ledger import Loaded
from domain.shared.events import Event
from domain.shared.recorded import Recorded
from infrastructure.integrity.log_pages import events_table
from infrastructure.opsledger import Opsledger
from infrastructure.sql.security_log import SecurityLogEntry

#: The topic of the security log's entries, one per refused command, each in a stream of its own.
REFUSED = "CommandRefused"


@attrs.frozen(kw_only=True)
class LedgerReading:
    """Every stored entry of the log but the security log's, and each aggregate's history and
    state; the refusals' entries are kept apart (`refusals`, not compared): a refused command
    adds one of those and changes nothing else."""

    log: tuple[Any, ...]
    histories: dict[UUID, list[Recorded]]
    states: dict[UUID, tuple[str, Loaded]]
    refusals: tuple[Any, ...] = attrs.field(eq=False)

    @classmethod
    def take(cls, ledger: Opsledger, aggregate_ids: Iterable[UUID] = ()) -> LedgerReading:
        recorder = ledger.ledger.recorder
        ids = list(aggregate_ids)
        everything = recorder.select_notifications(start=1, limit=100_000)
        return cls(
            log=tuple(n for n in everything if n.topic != REFUSED),
            refusals=tuple(n for n in everything if n.topic == REFUSED),
            histories={aggregate_id: ledger.history(aggregate_id) for aggregate_id in ids},
            states={aggregate_id: ledger.state(aggregate_id) for aggregate_id in ids},
        )

    def refusals_since(self, earlier: LedgerReading) -> tuple[Any, ...]:
        """The refusals' entries added since `earlier`, after checking each is the first and only
        entry of a stream no earlier entry used, stored after everything `earlier` saw."""
        added = self.refusals[len(earlier.refusals) :]
        assert self.refusals[: len(earlier.refusals)] == earlier.refusals
        seen = {n.originator_id for n in (*earlier.log, *earlier.refusals)}
        last = max((n.id for n in (*earlier.log, *earlier.refusals)), default=0)
        streams = [n.originator_id for n in added]
        assert len(set(streams)) == len(streams), "two refusals share a stream"
        for notification in added:
            assert notification.originator_version == 1, notification
            assert notification.originator_id not in seen, notification
            assert notification.id > last, notification
        return added


def logged_at(entry: SecurityLogEntry) -> datetime:
    """When a security-log entry says the refusal happened, as an aware instant."""
    return entry.at


E = TypeVar("E", bound=Event)


def event_as(recorded: Recorded, kind: type[E]) -> E:
    """The stored event, which must be of type `kind`."""
    event = recorded.event
    assert isinstance(event, kind), f"{recorded.event_type} is not {kind.__name__}"
    return event


def complaints_received(ledger: Opsledger) -> int:
    """How many complaints the stored log says were received, read from the log itself."""
    notifications = ledger.ledger.recorder.select_notifications(start=1, limit=100_000)
    return sum(1 for notification in notifications if notification.topic == "ComplaintReceived")


_ENTRY_BYTES_SQL = {
    "sqlite": "SELECT length(state) FROM stored_events WHERE topic = %s ORDER BY rowid",
    "postgresql": "SELECT octet_length(state) FROM opsledger_events WHERE topic = %s"
    " ORDER BY notification_id",
}


def stored_row_bytes(ledger: Opsledger) -> list[int]:
    """The bytes each refusal's entry takes in the log, as the database itself counts them,
    oldest first."""
    rows = ledger.database.query(_ENTRY_BYTES_SQL[ledger.database.dialect], ("CommandRefused",))
    return [int(row[0]) for row in rows]


def head(ledger: Opsledger) -> int:
    """The position of the newest entry of the log (0 while it is empty)."""
    return ledger.ledger.recorder.max_notification_id() or 0


def records_head(ledger: Opsledger) -> int | None:
    """The position of the newest entry that is not a refusal's (None: there is none)."""
    table = events_table(ledger.database)
    position = "rowid" if ledger.database.dialect == "sqlite" else "notification_id"
    rows = ledger.database.query(
        f"SELECT max({position}) FROM {table} WHERE topic <> %s", (REFUSED,)
    )
    return None if rows[0][0] is None else int(rows[0][0])


def assert_refusals_only_since(ledger: Opsledger, position: int | None, *, count: int = 1) -> None:
    """Since `position`, the log gained exactly `count` entries, each a refusal's
    (`CommandRefused`), each the first and only entry of a stream of its own: a refused command
    appends nothing to any aggregate."""
    added = ledger.ledger.recorder.select_notifications(
        start=position or 0, limit=10_000, inclusive_of_start=False
    )
    assert [n.topic for n in added] == [REFUSED] * count, [n.topic for n in added]
    for notification in added:
        assert notification.originator_version == 1, notification
        stream = UUID(str(notification.originator_id))
        assert len(ledger.ledger.history(stream)) == 1, notification
