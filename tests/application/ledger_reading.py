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
from infrastructure.opsledger import Opsledger
from infrastructure.sql.security_log import SecurityLogEntry


@attrs.frozen(kw_only=True)
class LedgerReading:
    """The log head, every stored notification, and each aggregate's history and state."""

    head: int | None
    log: tuple[Any, ...]
    histories: dict[UUID, list[Recorded]]
    states: dict[UUID, tuple[str, Loaded]]

    @classmethod
    def take(cls, ledger: Opsledger, aggregate_ids: Iterable[UUID] = ()) -> LedgerReading:
        recorder = ledger.ledger.recorder
        ids = list(aggregate_ids)
        return cls(
            head=recorder.max_notification_id(),
            log=tuple(recorder.select_notifications(start=1, limit=100_000)),
            histories={aggregate_id: ledger.history(aggregate_id) for aggregate_id in ids},
            states={aggregate_id: ledger.state(aggregate_id) for aggregate_id in ids},
        )


def logged_at(entry: SecurityLogEntry) -> datetime:
    """When a security-log entry says the refusal happened, as an aware instant."""
    return datetime.fromisoformat(entry.at)


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


_TEXT_COLUMNS = (
    "actor_id",
    "actor_roles",
    "actor_department",
    "command_type",
    "command_id",
    "code",
    "message",
    "details",
)
_ROW_BYTES_SQL = {
    "sqlite": "SELECT "
    + " + ".join(f"COALESCE(length(CAST({c} AS BLOB)), 0)" for c in _TEXT_COLUMNS)
    + " FROM security_log ORDER BY id",
    "postgresql": "SELECT "
    + " + ".join(f"COALESCE(octet_length(CAST({c} AS TEXT)), 0)" for c in _TEXT_COLUMNS)
    + " FROM security_log ORDER BY id",
}


def stored_row_bytes(ledger: Opsledger) -> list[int]:
    """The bytes each security-log row holds in its texts, as the database itself counts them,
    oldest row first."""
    rows = ledger.database.query(_ROW_BYTES_SQL[ledger.database.dialect])
    return [int(row[0]) for row in rows]
