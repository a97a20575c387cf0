"""The deadline sweep: at the clock's now, append one breach event per deadline newly passed."""

from __future__ import annotations

from collections.abc import Mapping
from uuid import UUID, uuid4, uuid5

import attrs

from application.handler import CommandHandler
from application.kinds import AggregateKind
from application.ledger import Ledger
from application.ports import Clock, Deadline, DeadlineIndex
from application.step import Stamp

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


def sweep(
    *,
    handler: CommandHandler,
    ledger: Ledger,
    index: DeadlineIndex,
    clock: Clock,
    kinds: Mapping[str, AggregateKind],
) -> SweepReport:
    """Every open item past a deadline gets its breach event exactly once: the state remembers
    reported breaches, and a sweep racing another loses the version check and appends nothing.
    Only aggregates the deadline index holds as due are looked at, never every one created."""
    now = clock.now()
    run_id = uuid4()
    due = index.due(now)
    breaches: list[Breach] = []
    for entry in due:
        kind = kinds[entry.aggregate_type]
        version = ledger.load(kind, entry.aggregate_id).version
        stamp = Stamp(
            command_id=uuid5(SWEEPS, f"{entry.aggregate_id}:{version}"), correlation_id=run_id
        )
        events = handler.apply_deadlines(kind, entry.aggregate_id, now=now, stamp=stamp)
        if not events:
            # Due by the index, yet nothing is overdue (moved by a command meanwhile, or the
            # index was filled from an older log): bring the entry in step with the state.
            state = ledger.load(kind, entry.aggregate_id).state
            current = attrs.evolve(entry, due_at=kind.next_deadline(state))
            if current != entry:
                index.correct(entry, current)
            continue
        breaches.extend(
            Breach(
                aggregate_type=kind.name,
                aggregate_id=entry.aggregate_id,
                event_type=event.type_name(),
                detail=str(getattr(event, "which", "")),
            )
            for event in events
        )
    return SweepReport(examined=len(due), breaches=tuple(breaches))


def fill_index(*, ledger: Ledger, index: DeadlineIndex, kinds: Mapping[str, AggregateKind]) -> int:
    """Enter every aggregate of a log older than the index; returns how many have a deadline."""
    entries = []
    for kind in kinds.values():
        topics = [event.type_name() for event in kind.created_by]
        for aggregate_id in ledger.ids_created_by(topics):
            state = ledger.load(kind, aggregate_id).state
            entries.append(
                Deadline(
                    aggregate_id=aggregate_id,
                    aggregate_type=kind.name,
                    due_at=kind.next_deadline(state),
                )
            )
    index.fill(entries)
    return sum(1 for entry in entries if entry.due_at is not None)
