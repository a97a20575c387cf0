"""The security log as auditors read it: the `CommandRefused` entries of the chained log, and
the rows of the legacy table a store written before them still holds, in time order."""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from datetime import datetime
from typing import cast

import attrs
import orjson
from eventsourcing.persistence import MapperDeserialisationError, PersistenceError

from application.errors import StoreUnavailable
from application.ledger import Ledger
from application.security_log import CommandRefused
from domain.shared.recorded import Recorded
from infrastructure.sql.database import Database
from infrastructure.sql.security_log import SecurityLogEntry, legacy_entries

#: The topic of refusals in the log.
TOPIC = CommandRefused.type_name()

#: Log entries read at a time.
PAGE = 1000


@attrs.frozen(kw_only=True)
class RefusalFilter:
    """Which refusals to show: refused within [start, end), by one actor, with one code."""

    start: datetime | None = None
    end: datetime | None = None
    actor_id: str | None = None
    code: str | None = None

    def admits(self, entry: SecurityLogEntry) -> bool:
        return (
            (self.start is None or entry.at >= self.start)
            and (self.end is None or entry.at < self.end)
            and (self.actor_id is None or entry.actor_id == self.actor_id)
            and (self.code is None or entry.code == self.code)
        )


class SecurityLog:
    """Every refused command, read from the log (a page at a time) and the legacy table."""

    def __init__(self, *, ledger: Ledger, database: Database) -> None:
        self._ledger = ledger
        self._database = database

    def each(self, only: RefusalFilter | None = None) -> Iterator[SecurityLogEntry]:
        """The refusals `only` admits, earliest first; the chained ones in log order."""
        only = only or RefusalFilter()
        merged = heapq.merge(
            legacy_entries(self._database), self.chained(), key=lambda entry: entry.at
        )
        return (entry for entry in merged if only.admits(entry))

    def entries(self, only: RefusalFilter | None = None) -> list[SecurityLogEntry]:
        """`each` as a list."""
        return list(self.each(only))

    def chained(self) -> Iterator[SecurityLogEntry]:
        """The `CommandRefused` entries of the log, in log order."""
        recorder, mapper = self._ledger.recorder, self._ledger.mapper
        position = 0
        while True:
            try:
                notifications = recorder.select_notifications(
                    start=position, limit=PAGE, topics=[TOPIC], inclusive_of_start=False
                )
            except PersistenceError as error:
                raise StoreUnavailable(f"cannot read the event store: {error}") from None
            for notification in notifications:
                try:
                    recorded = cast(Recorded, mapper.to_domain_event(notification))
                except MapperDeserialisationError as error:
                    raise StoreUnavailable(
                        f"the security log's entry at position {notification.id} cannot be "
                        f"read ({error}); `opsledger audit verify` tells whether it was altered"
                    ) from None
                yield chained_entry(notification.id, recorded)
            if len(notifications) < PAGE:
                return
            position = notifications[-1].id


def chained_entry(position: int, recorded: Recorded) -> SecurityLogEntry:
    """A `CommandRefused` entry of the log as auditors read it."""
    refused = recorded.event
    if not isinstance(refused, CommandRefused):
        raise TypeError(f"{recorded.event_type} at position {position} is not a refusal")
    return SecurityLogEntry(
        position=position,
        at=refused.occurred_at,
        actor_id=refused.actor_id,
        actor_roles=refused.actor_roles,
        actor_department=refused.actor_department,
        command_type=refused.command_type,
        command_id=refused.command_id,
        aggregate_id=None if refused.aggregate_id is None else str(refused.aggregate_id),
        code=refused.code,
        message=refused.message,
        details=orjson.loads(refused.details),
        excerpt=refused.excerpt,
        line_sha256=refused.line_sha256,
        line_bytes=refused.line_bytes,
    )
