"""Snapshots: an aggregate's state at a version, kept so that loading it replays fewer events."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

import attrs

from application.kinds import AggregateKind

#: A load that replays this many events or more leaves a snapshot behind.
SNAPSHOT_AFTER_EVENTS = 100


@attrs.frozen(kw_only=True)
class Snapshot:
    """An aggregate as its events up to `version` made it. A cache of the log, never a fact:
    `audit verify` replays every snapshotted aggregate and compares."""

    aggregate_id: UUID
    version: int
    state: Any
    last_occurred_at: datetime | None


class SnapshotStore(Protocol):
    """Where snapshots are kept, by aggregate kind and the kind's state format version."""

    def latest(
        self, kind: AggregateKind, aggregate_id: UUID, *, upto_version: int | None
    ) -> Snapshot | None:
        """The newest readable snapshot at or below `upto_version` (any, when None)."""
        ...

    def save(self, kind: AggregateKind, snapshot: Snapshot) -> None:
        """Keep a snapshot; saving one that exists already changes nothing."""
        ...
