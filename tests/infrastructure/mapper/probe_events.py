"""Test-only events the mapper must keep exactly, and builders of their stored forms."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, ClassVar
from uuid import UUID, uuid4

import attrs
from eventsourcing.persistence import StoredEvent
from hypothesis import strategies as st

from domain.shared.actor import Actor, Role
from domain.shared.events import Event
from domain.shared.recorded import Recorded
from infrastructure.opsledger import Opsledger
from infrastructure.serialisation.mapper import LedgerMapper, recorded_from_state
from infrastructure.serialisation.transcoder import OrjsonTranscoder
from tests.infrastructure.test_codec import Tint, actors, aware_datetimes, decimals, texts

MAPPER = LedgerMapper(transcoder=OrjsonTranscoder())
AGENT = Actor(id="u-cs-1", roles=frozenset({Role.CUSTOMER_SERVICE}), department="客服")
T0 = datetime(2026, 7, 1, 9, 30, tzinfo=timezone(timedelta(hours=8)))


@attrs.frozen(kw_only=True)
class MapperProbeRecorded(Event):
    """A test-only event with a field of each type the mapper must keep exactly."""

    aggregate_type: ClassVar[str] = "mapper_probe"

    amount: Decimal
    day: date
    at: datetime
    ref: UUID
    tint: Tint
    text: str
    note: str | None = None
    maybe_amount: Decimal | None = None
    maybe_at: datetime | None = None
    maybe_ref: UUID | None = None


@attrs.frozen(kw_only=True)
class MapperUpcastProbeNoted(Event):
    """Version 2 of a test-only event: version 1 had no `priority`."""

    aggregate_type: ClassVar[str] = "mapper_probe"
    class_version: ClassVar[int] = 2

    note: str
    priority: str

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        # Assigned, not defaulted, so applying it to a version-2 event would be visible.
        state["priority"] = "normal"


@attrs.frozen(kw_only=True)
class MapperChainProbeNoted(Event):
    """Version 3 of a test-only event: v2 added `priority`, v3 replaced it with `urgent`."""

    aggregate_type: ClassVar[str] = "mapper_probe"
    class_version: ClassVar[int] = 3

    note: str
    urgent: bool

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["priority"] = "normal"

    @staticmethod
    def upcast_v2_v3(state: dict[str, Any]) -> None:
        state["urgent"] = state.pop("priority") == "high"


probes = st.builds(
    MapperProbeRecorded,
    occurred_at=aware_datetimes,
    actor=actors,
    amount=decimals,
    day=st.dates(),
    at=aware_datetimes,
    ref=st.uuids(),
    tint=st.sampled_from(Tint),
    text=texts,
    note=st.none() | texts,
    maybe_amount=st.none() | decimals,
    maybe_at=st.none() | aware_datetimes,
    maybe_ref=st.none() | st.uuids(),
)


@st.composite
def recordings(draw: st.DrawFn) -> Recorded:
    """A probe event as the log holds it, with every metadata field varied."""
    return Recorded(
        originator_id=draw(st.uuids()),
        originator_version=draw(st.integers(1, 2**31)),
        recorded_at=draw(aware_datetimes),
        event=draw(probes),
        command_id=draw(st.uuids()),
        correlation_id=draw(st.uuids()),
        causation_id=draw(st.none() | st.uuids()),
        reason=draw(st.none() | texts),
    )


def recorded(event: Event, *, stream: UUID | None = None, version: int = 1) -> Recorded:
    command_id = uuid4()
    return Recorded(
        originator_id=stream or uuid4(),
        originator_version=version,
        recorded_at=datetime(2026, 7, 1, 1, 31, tzinfo=UTC),
        event=event,
        command_id=command_id,
        correlation_id=command_id,
        causation_id=command_id,
        reason="因为客户来电",
    )


def probe(**changes: Any) -> MapperProbeRecorded:
    fields: dict[str, Any] = {
        "occurred_at": T0,
        "actor": AGENT,
        "amount": Decimal("1250.00"),
        "day": date(2026, 7, 1),
        "at": T0,
        "ref": UUID(int=7),
        "tint": Tint.CHINESE,
        "text": "扫地机器人到货时外壳破裂",
    }
    return MapperProbeRecorded(**{**fields, **changes})


def v1_state(note: str) -> dict[str, Any]:
    """How version 1 of MapperUpcastProbeNoted / MapperChainProbeNoted was stored: no
    class_version, no priority."""
    command_id = str(uuid4())
    return {
        "occurred_at": T0.isoformat(),
        "recorded_at": "2026-07-01T01:31:00+00:00",
        "actor": {"id": "u-cs-1", "roles": ["customer_service"], "department": "客服"},
        "command_id": command_id,
        "correlation_id": command_id,
        "causation_id": None,
        "reason": None,
        "payload": {"note": note},
    }


def read(state: dict[str, Any], topic: str) -> Recorded:
    return recorded_from_state(
        topic=topic, originator_id=uuid4(), originator_version=1, state=state
    )


def stored(state: bytes, topic: str = "ComplaintAcknowledged") -> StoredEvent:
    return StoredEvent(originator_id=uuid4(), originator_version=1, topic=topic, state=state)


def register(ledger: Opsledger) -> UUID:
    """A complaint registered through the command side; returns its id."""
    result = ledger.submit(
        {
            "type": "complaint.register",
            "command_id": str(uuid4()),
            "actor": {"id": "u-cs-1", "roles": ["customer_service"]},
            "payload": {
                "customer_id": "c-1001",
                "channel": "phone",
                "summary": "外壳破裂",
                "remedy_sought": "replacement",
            },
        }
    )
    assert result.ok, result
    assert result.aggregate_id is not None
    return result.aggregate_id
