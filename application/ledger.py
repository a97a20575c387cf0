"""The one event store: an eventsourcing Application holding every aggregate in one log."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any, cast
from uuid import UUID

import attrs
from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError, PersistenceError

from application.command_record import CommandHandled, command_record_id
from application.errors import ConcurrencyConflict, InvalidCommand, NotFound, StoreUnavailable
from application.kinds import AggregateKind
from application.ports import Deadline
from application.snapshots import SNAPSHOT_AFTER_EVENTS, Snapshot, SnapshotStore
from domain.shared.actor import Role
from domain.shared.recorded import Recorded


def latest_business_time(events: Sequence[Recorded]) -> datetime | None:
    """The latest business time of the facts people and services entered. Breaches the system
    noticed are dated when noticed, and must not stop a fact that happened earlier from being
    entered late (DOMAIN §1)."""
    entered = [e.occurred_at for e in events if not e.actor.holds(Role.SYSTEM)]
    return max(entered, default=None)


def known_by(events: Sequence[Recorded], known_at: datetime) -> list[Recorded]:
    """The events the store held at recorded time `known_at`: the stream's prefix recorded by
    then. A stream grows in version order, so a later version was not known before an earlier
    one even if a clock that moved backwards dated it so."""
    known: list[Recorded] = []
    for recorded in events:
        if recorded.recorded_at > known_at:
            break
        known.append(recorded)
    return known


@attrs.frozen(kw_only=True)
class Loaded:
    """An aggregate's state with the version and business time of its latest event."""

    state: Any
    version: int
    last_occurred_at: datetime | None


class Ledger(Application[UUID]):
    """One log for orders, complaints, projects, budgets and risks: one total order, one chain."""

    name = "opsledger"

    def __init__(
        self, env: Mapping[str, str] | None = None, *, snapshots: SnapshotStore | None = None
    ) -> None:
        super().__init__(env)
        self.snapshots_store = snapshots

    def history(
        self,
        aggregate_id: UUID,
        *,
        upto_version: int | None = None,
        after_version: int | None = None,
    ) -> list[Recorded]:
        """Stored events of one aggregate, oldest first, within the versions given."""
        try:
            return cast(
                list[Recorded],
                list(self.events.get(aggregate_id, gt=after_version, lte=upto_version)),
            )
        except PersistenceError as error:
            raise StoreUnavailable(f"cannot read the event store: {error}") from None

    def load(
        self,
        kind: AggregateKind,
        aggregate_id: UUID,
        *,
        version: int | None = None,
        as_of: datetime | None = None,
        known_at: datetime | None = None,
    ) -> Loaded:
        """The aggregate's state now, at a version, as of a business time, or as the store knew
        it at a recorded time (`known_at`; combines with the others). Loads by version start
        from the newest snapshot below it, and leave one behind after a long replay."""
        current = as_of is None and known_at is None
        if current and self.snapshots_store is not None:
            snapshot = self.snapshots_store.latest(kind, aggregate_id, upto_version=version)
            loaded = None if snapshot is None else self._load_from(kind, snapshot, version)
            if loaded is not None:
                return loaded
        events = self.history(aggregate_id, upto_version=version)
        if not events or events[0].aggregate_type != kind.name:
            raise NotFound(kind.name, aggregate_id)
        if known_at is not None:
            events = known_by(events, known_at)
        if as_of is not None:
            events = [e for e in events if e.occurred_at <= as_of]
        if not events:
            raise NotFound(kind.name, aggregate_id)
        loaded = Loaded(
            state=kind.fold(None, [e.event for e in events]),
            version=events[-1].originator_version,
            last_occurred_at=latest_business_time(events),
        )
        if current:
            self._keep_snapshot(kind, aggregate_id, loaded, replayed=len(events))
        return loaded

    def _load_from(
        self, kind: AggregateKind, snapshot: Snapshot, upto_version: int | None
    ) -> Loaded | None:
        """Fold the events after the snapshot onto it, if the log bears the snapshot out: an
        event of this kind at its version, and only events of this kind after it."""
        events = self.history(
            snapshot.aggregate_id, after_version=snapshot.version - 1, upto_version=upto_version
        )
        if (
            not events
            or events[0].originator_version != snapshot.version
            or any(e.aggregate_type != kind.name for e in events)
        ):
            return None
        events = events[1:]
        loaded = Loaded(
            state=kind.fold(snapshot.state, [e.event for e in events]),
            version=events[-1].originator_version if events else snapshot.version,
            last_occurred_at=max(
                (t for t in (snapshot.last_occurred_at, latest_business_time(events)) if t),
                default=None,
            ),
        )
        self._keep_snapshot(kind, snapshot.aggregate_id, loaded, replayed=len(events))
        return loaded

    def _keep_snapshot(
        self, kind: AggregateKind, aggregate_id: UUID, loaded: Loaded, *, replayed: int
    ) -> None:
        if self.snapshots_store is None or replayed < SNAPSHOT_AFTER_EVENTS:
            return
        self.snapshots_store.save(
            kind,
            Snapshot(
                aggregate_id=aggregate_id,
                version=loaded.version,
                state=loaded.state,
                last_occurred_at=loaded.last_occurred_at,
            ),
        )

    def exists(self, aggregate_id: UUID) -> bool:
        """True when any event was stored for that id."""
        try:
            return any(True for _ in self.events.get(aggregate_id, limit=1))
        except PersistenceError as error:
            raise StoreUnavailable(f"cannot read the event store: {error}") from None

    def command_record(self, command_id: UUID) -> CommandHandled | None:
        """The record of an accepted command with this id, if there is one."""
        events = self.history(command_record_id(command_id))
        if not events:
            return None
        record = events[0].event
        if not isinstance(record, CommandHandled):
            raise InvalidCommand(
                "this command id cannot be used: another record was created in its place",
                fields={"command_id": "cannot be used; send the command with a new id"},
            )
        return record

    def position_of(self, stream_id: UUID, version: int) -> int | None:
        """Where one stored entry lies in the log (None when it is not there); the recorders
        of both stores answer this."""
        lookup = getattr(self.recorder, "position_of", None)
        if lookup is None:
            return None
        try:
            position = lookup(stream_id, version)
        except PersistenceError as error:
            raise StoreUnavailable(f"cannot read the event store: {error}") from None
        return None if position is None else int(position)

    def append(
        self, recorded: Sequence[Recorded], *, deadlines: Sequence[Deadline] = ()
    ) -> list[int]:
        """Store events atomically, and move the deadline index in the same transaction;
        returns their log positions. A writer that got in first gives `concurrency_conflict`;
        an unreachable store gives `store_unavailable`."""
        try:
            # Straight to the event store: these are finished events, not aggregates whose
            # pending events `save()` would collect, and we take no library snapshots.
            recordings = self.events.put(list(recorded), deadlines=tuple(deadlines))
        except IntegrityError:
            raise ConcurrencyConflict(
                "the aggregate was changed by another command; reload and retry"
            ) from None
        except PersistenceError as error:
            raise StoreUnavailable(f"the event store did not accept the write: {error}") from None
        return [recording.notification.id for recording in recordings]

    def ids_created_by(self, topics: Sequence[str], *, page: int = 1000) -> Iterator[UUID]:
        """Ids of every aggregate whose first event has one of these types, in log order."""
        position = 0
        while True:
            try:
                notifications = self.recorder.select_notifications(
                    start=position, limit=page, topics=topics, inclusive_of_start=False
                )
            except PersistenceError as error:
                raise StoreUnavailable(f"cannot read the event store: {error}") from None
            if not notifications:
                return
            for notification in notifications:
                if notification.originator_version == 1:
                    yield cast(UUID, notification.originator_id)
            position = notifications[-1].id
