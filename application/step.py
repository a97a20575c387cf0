"""One run of load, decide, append on one aggregate: its decision and the stamp on its events."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

import attrs

from application.command_record import CommandHandled
from application.kinds import AggregateKind
from domain.shared.events import Event
from domain.shared.recorded import Recorded

#: A decision as the loop runs it: the state (None before a create) and the business time.
Decision = Callable[[Any, datetime], Sequence[Event]]


@attrs.frozen(kw_only=True)
class Stamp:
    """What every event of one decision records besides itself: which command, why."""

    command_id: UUID
    correlation_id: UUID
    causation_id: UUID | None = None
    reason: str | None = None


@attrs.frozen(kw_only=True)
class Step:
    """One run of load → decide → append on one aggregate."""

    kind: AggregateKind
    aggregate_id: UUID
    decide: Decision
    stamp: Stamp
    creates: bool = False
    expected_version: int | None = None
    #: The business time the sender gave; None: the clock's now (never before the last event).
    occurred_at: datetime | None = None
    #: The command's record, when a command (not the sweep) is deciding.
    record: Callable[[int, tuple[str, ...], datetime], CommandHandled] | None = None


def stamped(
    stamp: Stamp, stream_id: UUID, version: int, event: Event, recorded_at: datetime
) -> Recorded:
    """An event as the log holds it, with what the decision's stamp says."""
    return Recorded(
        originator_id=stream_id,
        originator_version=version,
        recorded_at=recorded_at,
        event=event,
        command_id=stamp.command_id,
        correlation_id=stamp.correlation_id,
        causation_id=stamp.causation_id,
        reason=stamp.reason,
    )


@attrs.frozen(kw_only=True)
class Decided:
    """What one decision came to: the aggregate's new version, its new events, and the log
    position of the last entry stored for it (None when nothing was stored, or when it waits
    in a batch whose transaction has not run yet)."""

    version: int
    events: tuple[Event, ...]
    position: int | None = None
