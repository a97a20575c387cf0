"""The event mapper: recorded domain events to the library's stored events and back."""

# Topics are the events' public type names (`ComplaintAcknowledged`), never module paths, so
# moving a class never breaks stored data. A class that raised its `class_version` is read
# through its `upcast_vN_vN+1` functions.

from __future__ import annotations

from datetime import datetime
from typing import Any, cast
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Mapper, MapperDeserialisationError, StoredEvent

# Importing these registers every event type the ledger can store: the aggregates' (through
# the catalogue), the command records and the security log's refusals.
import application.command_record
import application.commands.catalogue
import application.security_log  # noqa: F401
from application.errors import PayloadKeyMissing
from domain.shared.events import event_type_named
from domain.shared.recorded import Recorded
from infrastructure.serialisation.codec import (
    DecodeError,
    decode_attrs,
    from_primitive,
    to_primitive,
)


def stored_state(recorded: Recorded) -> dict[str, Any]:
    """The JSON object stored for one event: metadata beside the business payload."""
    payload = to_primitive(recorded.event)
    occurred_at = payload.pop("occurred_at")
    actor = payload.pop("actor")
    state: dict[str, Any] = {
        "occurred_at": occurred_at,
        "recorded_at": recorded.recorded_at.isoformat(),
        "actor": actor,
        "command_id": str(recorded.command_id),
        "correlation_id": str(recorded.correlation_id),
        "causation_id": str(recorded.causation_id) if recorded.causation_id else None,
        "reason": recorded.reason,
        "payload": payload,
    }
    if type(recorded.event).class_version > 1:
        state["class_version"] = type(recorded.event).class_version
    return state


def recorded_from_state(
    *, topic: str, originator_id: UUID, originator_version: int, state: dict[str, Any]
) -> Recorded:
    """Rebuild a Recorded event from its stored JSON object, upcasting old versions."""
    event_class = event_type_named(topic)
    payload = dict(state["payload"])
    version = state.get("class_version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise DecodeError(f"class_version must be a whole number from 1, found {version!r}")
    while version < event_class.class_version:
        getattr(event_class, f"upcast_v{version}_v{version + 1}")(payload)
        version += 1
    payload["occurred_at"] = state["occurred_at"]
    payload["actor"] = state["actor"]
    event = decode_attrs(event_class, payload)
    return Recorded(
        originator_id=originator_id,
        originator_version=originator_version,
        recorded_at=from_primitive(datetime, state["recorded_at"]),
        event=event,
        command_id=from_primitive(UUID, state["command_id"]),
        correlation_id=from_primitive(UUID, state["correlation_id"]),
        causation_id=from_primitive(UUID | None, state.get("causation_id")),
        reason=from_primitive(str | None, state.get("reason")),
    )


class LedgerMapper(Mapper[UUID]):
    """Maps `Recorded` events to stored events with stable topics, through the transcoder,
    optional compression and optional encryption."""

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        recorded = cast(Recorded, domain_event)
        data = self.transcoder.encode(stored_state(recorded))
        if self.compressor:
            data = self.compressor.compress(data)
        if self.cipher:
            data = self.cipher.encrypt(data)
        return StoredEvent(
            originator_id=recorded.originator_id,
            originator_version=recorded.originator_version,
            topic=recorded.event.type_name(),
            state=data,
        )

    def plain_state(self, state: bytes) -> bytes:
        """A stored state as the transcoder wrote it: decrypted and decompressed as configured.
        Raises whatever the cipher or compressor raises for bytes they cannot read."""
        data = state
        if self.cipher:
            data = self.cipher.decrypt(data)
        if self.compressor:
            data = self.compressor.decompress(data)
        return data

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        try:
            data = self.plain_state(stored_event.state)
            originator_id = stored_event.originator_id
            return cast(
                DomainEventProtocol[UUID],
                recorded_from_state(
                    topic=stored_event.topic,
                    originator_id=originator_id
                    if isinstance(originator_id, UUID)
                    else UUID(str(originator_id)),
                    originator_version=stored_event.originator_version,
                    state=self.transcoder.decode(data),
                ),
            )
        except PayloadKeyMissing:
            raise  # a setting to fix, not damage: its message says which
        except Exception as error:
            # (corrupt bytes from the cipher or compressor, a misfit value, an unknown topic)
            raise MapperDeserialisationError(
                f"cannot read stored event {stored_event.topic} "
                f"{stored_event.originator_id} v{stored_event.originator_version}: {error}"
            ) from error
