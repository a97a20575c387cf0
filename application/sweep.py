"""The deadline sweep: at the clock's now, append one breach event per deadline newly passed."""

from __future__ import annotations

from uuid import UUID, uuid4, uuid5

import attrs

from application.commands.complaint import COMPLAINT
from application.errors import ConcurrencyConflict
from application.ledger import Ledger
from application.ports import Clock
from domain.complaint import deadlines
from domain.shared.actor import SYSTEM_ACTOR
from domain.shared.recorded import Recorded

SWEEPS = UUID("b5e0c6a4-1f0d-5c3e-9a7b-2d8f4e6a1c90")


@attrs.frozen(kw_only=True)
class Breach:
    """One breach the sweep appended."""

    aggregate_type: str
    aggregate_id: UUID
    event_type: str
    detail: str


@attrs.frozen(kw_only=True)
class SweepReport:
    """What one sweep looked at and what it appended."""

    examined: int
    breaches: tuple[Breach, ...]


def sweep(ledger: Ledger, clock: Clock) -> SweepReport:
    """Every open item past a deadline gets its breach event exactly once: the state remembers
    reported breaches, and a sweep racing another loses the version check and appends nothing."""
    now = clock.now()
    run_id = uuid4()
    examined = 0
    breaches: list[Breach] = []
    for complaint_id in ledger.ids_created_by([kind.type_name() for kind in COMPLAINT.created_by]):
        examined += 1
        loaded = ledger.load(COMPLAINT, complaint_id)
        # A breach is noticed now, but never dated before the complaint's latest event (commands
        # may run up to five minutes ahead of this clock).
        noticed_at = max(now, loaded.last_occurred_at or now)
        events = deadlines.sweep(loaded.state, actor=SYSTEM_ACTOR, now=now, dated=noticed_at)
        if not events:
            continue
        command_id = uuid5(SWEEPS, f"{complaint_id}:{loaded.version}")
        recorded = [
            Recorded(
                originator_id=complaint_id,
                originator_version=loaded.version + offset,
                recorded_at=now,
                event=event,
                command_id=command_id,
                correlation_id=run_id,
                causation_id=None,
            )
            for offset, event in enumerate(events, start=1)
        ]
        try:
            ledger.append(recorded)
        except ConcurrencyConflict:
            continue  # changed meanwhile, perhaps by another sweep: the next sweep looks again
        breaches.extend(
            Breach(
                aggregate_type=COMPLAINT.name,
                aggregate_id=complaint_id,
                event_type=event.type_name(),
                detail=str(getattr(event, "which", "")),
            )
            for event in events
        )
    return SweepReport(examined=examined, breaches=tuple(breaches))
