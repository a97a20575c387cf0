"""A ledger and its clock, and what every refused command must leave behind: its entry in the
security log, in the chain (who, what, when, why), and nothing appended to any aggregate
(DOMAIN §1)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import attrs

from application.results import Result
from infrastructure.opsledger import Opsledger
from tests.application.order_envelopes import Json
from tests.clocks import FixedClock

#: The one entry a refusal adds to the log (DOMAIN §1: "each refusal is a `CommandRefused` entry
#: in the one chained log, in a stream of its own").
REFUSAL_ENTRY = "CommandRefused"


def head(ledger: Opsledger) -> int:
    """The position of the last entry of the log (0 while it is empty)."""
    return ledger.ledger.recorder.max_notification_id() or 0


def appended_since(ledger: Opsledger, position: int) -> list[tuple[str, int, UUID]]:
    """The entries appended after `position`: topic, version and stream."""
    recorder = ledger.ledger.recorder
    return [
        (n.topic, n.originator_version, UUID(str(n.originator_id)))
        for n in recorder.select_notifications(start=position + 1, limit=10_000)
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
            appended = appended_since(self.ledger, position)
            assert [(topic, version) for topic, version, _ in appended] == [(REFUSAL_ENTRY, 1)], (
                f"the refused {body['type']} appended more than its refusal: {appended}"
            )
            stream = appended[0][2]
            assert stream != aggregate_id
            assert len(self.ledger.ledger.history(stream)) == 1
            assert version_of(self.ledger, aggregate_id) == version
        return result


def assert_traced(ledger: Opsledger, body: Json, result: Result, *, at: datetime) -> None:
    """The refusal of `body` is the security log's latest entry, read from the chained log: who
    (the actor's id), what (the command's type and id), when (the clock's now) and why (the
    code and message given)."""
    entry = ledger.security_log.entries()[-1]
    assert entry.position == head(ledger), entry
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
