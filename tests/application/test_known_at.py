"""Known-at reconstruction (DOMAIN §8): a record as the store knew it at a recorded time, beside
as-of (business time). For every aggregate kind, a fact entered late, days after it happened,
makes the two answers differ, each as computed by hand here. Both stores."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from types import ModuleType
from typing import Any
from uuid import UUID

import pytest

from application.commands.catalogue import KINDS
from application.errors import NotFound
from application.snapshots import Snapshot
from infrastructure.opsledger import Opsledger
from tests.application import (
    budget_envelopes,
    complaint_envelopes,
    order_envelopes,
    project_envelopes,
    rectification_envelopes,
    risk_envelopes,
)
from tests.clocks import FixedClock

#: Per kind: its test envelopes, the status a new record has, and the status one more command
#: takes it to.
KNOWN: dict[str, tuple[ModuleType, str, str]] = {
    "complaint": (complaint_envelopes, "received", "acknowledged"),
    "order": (order_envelopes, "draft", "under_review"),
    "project": (project_envelopes, "proposed", "approved"),
    "budget": (budget_envelopes, "draft", "submitted"),
    "risk": (risk_envelopes, "identified", "assessed"),
    "rectification": (rectification_envelopes, "issued", "acknowledged"),
}


def test_every_kind_has_a_row() -> None:
    assert set(KNOWN) == set(KINDS)


def _step(envelopes: ModuleType) -> Callable[[str, UUID], dict[str, Any]]:
    step = getattr(envelopes, "step", None)
    if step is not None:
        return step  # type: ignore[no-any-return]
    return lambda verb, aggregate_id: envelopes.command(verb, aggregate_id)


def _status(ledger: Opsledger, aggregate_id: UUID, **moment: Any) -> str:
    return str(ledger.state(aggregate_id, **moment)[1].state.status.value)


class Timeline:
    """A record created at `created` (entered then), and its next fact, which happened an hour
    later but was entered three days later, at `entered`."""

    def __init__(self, ledger: Opsledger, clock: FixedClock, kind: str) -> None:
        envelopes, self.first, self.second = KNOWN[kind]
        self.created = clock.now()
        self.id = envelopes.drive(ledger, clock, self.first)
        road = envelopes.ROADS[self.second]
        assert road[:-1] == envelopes.ROADS[self.first]
        self.happened = self.created + timedelta(hours=1)
        self.entered = clock.advance(days=3)
        body = _step(envelopes)(road[-1], self.id)
        body["occurred_at"] = self.happened.isoformat()
        result = ledger.submit(body)
        assert result.ok, result.to_json()
        #: A moment between the fact happening and its being entered.
        self.between = self.created + timedelta(days=1)


@pytest.mark.parametrize("kind", sorted(KNOWN))
def test_a_late_entered_fact_separates_as_of_from_known_at(
    ledger: Opsledger, clock: FixedClock, kind: str
) -> None:
    line = Timeline(ledger, clock, kind)

    # By business time the fact had happened a day before `between`...
    assert _status(ledger, line.id, as_of=line.between) == line.second
    # ...but the store learnt of it only two days after `between`.
    assert _status(ledger, line.id, known_at=line.between) == line.first
    assert _status(ledger, line.id, known_at=line.entered) == line.second
    assert _status(ledger, line.id, known_at=line.entered - timedelta(microseconds=1)) == (
        line.first
    )
    # Both at once: what the store knew at `between` about business time `between`.
    assert _status(ledger, line.id, as_of=line.between, known_at=line.between) == line.first

    history = ledger.history(line.id)
    assert [e.originator_version for e in ledger.history(line.id, known_at=line.between)] == [1]
    assert [e.originator_version for e in ledger.history(line.id, as_of=line.between)] == [1, 2]
    assert ledger.history(line.id, known_at=line.entered) == history
    assert [e.recorded_at for e in history] == [line.created, line.entered]
    assert [e.occurred_at for e in history] == [line.created, line.happened]


def test_known_at_before_the_record_existed_is_not_found(
    ledger: Opsledger, clock: FixedClock
) -> None:
    line = Timeline(ledger, clock, "complaint")
    before = line.created - timedelta(seconds=1)
    with pytest.raises(NotFound):
        ledger.state(line.id, known_at=before)
    with pytest.raises(NotFound):
        ledger.history(line.id, known_at=before)


def test_known_at_ignores_snapshots_taken_later(ledger: Opsledger, clock: FixedClock) -> None:
    """A snapshot holds what was known when it was taken; a known-at read must not start from
    one taken after its moment."""
    line = Timeline(ledger, clock, "complaint")
    current = ledger.state(line.id)[1]
    ledger.snapshots.save(
        KINDS["complaint"],
        Snapshot(
            aggregate_id=line.id,
            version=current.version,
            state=current.state,
            last_occurred_at=current.last_occurred_at,
        ),
    )
    assert _status(ledger, line.id) == line.second
    assert _status(ledger, line.id, known_at=line.between) == line.first
