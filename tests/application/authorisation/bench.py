"""A ledger and its clock, and what every refused command must leave behind: its entry in the
security log (who, what, when, why) and nothing appended to any aggregate (DOMAIN §1)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import attrs

from application.results import Result
from infrastructure.opsledger import Opsledger
from tests.application.order_envelopes import Json
from tests.clocks import FixedClock

#: The one kind of log entry a refusal may add (DOMAIN §1: "each refusal is a `CommandRefused`
#: entry in the one chained log, in a stream of its own"); today the security log is a table
#: beside the log and a refusal adds no entry at all.
REFUSAL_ENTRY = "CommandRefused"


def head(ledger: Opsledger) -> int:
    """The position of the last entry of the log (0 while it is empty)."""
    return ledger.ledger.recorder.max_notification_id() or 0


def appended_since(ledger: Opsledger, position: int) -> list[str]:
    """The topics of the entries appended after `position`, except refusals' own entries."""
    recorder = ledger.ledger.recorder
    return [
        notification.topic
        for notification in recorder.select_notifications(start=position + 1, limit=10_000)
        if notification.topic != REFUSAL_ENTRY
    ]


def version_of(ledger: Opsledger, aggregate_id: UUID | None) -> int:
    """How many events the aggregate has (0: none, or no aggregate)."""
    if aggregate_id is None:
        return 0
    return len(ledger.ledger.history(aggregate_id))


@attrs.define
class Bench:
    """opsledger on one store, with the hand-moved clock its commands are dated by."""

    ledger: Opsledger
    clock: FixedClock

    def submit(self, body: Json, aggregate_id: UUID | None) -> Result:
        """Send `body` (to `aggregate_id`, None for a create) a second after the last command;
        a refusal is checked to be in the security log and to have appended nothing."""
        self.clock.advance(seconds=1)
        position, version = head(self.ledger), version_of(self.ledger, aggregate_id)
        result = self.ledger.submit(body)
        if not result.ok:
            assert_traced(self.ledger, body, result, at=self.clock.now())
            assert appended_since(self.ledger, position) == [], (
                f"the refused {body['type']} appended to the log"
            )
            assert version_of(self.ledger, aggregate_id) == version
        return result


def assert_traced(ledger: Opsledger, body: Json, result: Result, *, at: datetime) -> None:
    """The refusal of `body` is the security log's latest entry: who (the actor's id), what
    (the command's type and id), when (the clock's now) and why (the code and message given)."""
    entry = ledger.security_log.entries()[-1]
    assert (
        entry.actor_id,
        entry.command_type,
        entry.command_id,
        entry.code,
        entry.message,
    ) == (
        body["actor"]["id"],
        body["type"],
        body["command_id"],
        result.code,
        result.message,
    ), entry
    assert entry.at == at, entry
