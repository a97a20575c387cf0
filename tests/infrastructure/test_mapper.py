"""The event mapper (DESIGN §2.4): stored state and back, on both stores; topics are event type
names; old versions are upcast; unreadable stored events are MapperDeserialisationError."""

from __future__ import annotations

import contextlib
import zlib
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, ClassVar, cast
from uuid import UUID, uuid4

import attrs
import orjson
import pytest
from eventsourcing.compressor import ZlibCompressor
from eventsourcing.persistence import MapperDeserialisationError, StoredEvent
from hypothesis import given, settings
from hypothesis import strategies as st

from application.ledger import Ledger
from domain.complaint.events import ComplaintAcknowledged, ComplaintReceived
from domain.shared.actor import Actor, Role
from domain.shared.events import Event
from domain.shared.recorded import Recorded
from infrastructure.opsledger import Opsledger
from infrastructure.serialisation.mapper import LedgerMapper, recorded_from_state, stored_state
from infrastructure.serialisation.transcoder import OrjsonTranscoder
from infrastructure.store.url import StoreUrl
from tests.infrastructure.test_codec import (
    Tint,
    actors,
    assert_identical,
    aware_datetimes,
    decimals,
    texts,
)
from tests.pg import throwaway_database

MAPPER = LedgerMapper(transcoder=OrjsonTranscoder())
AGENT = Actor(id="u-cs-1", roles=frozenset({Role.CUSTOMER_SERVICE}), department="客服")
T0 = datetime(2026, 7, 1, 9, 30, tzinfo=timezone(timedelta(hours=8)))
ZLIB = "eventsourcing.compressor:ZlibCompressor"


# --- test-only events ---------------------------------------------------------------------------


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


# --- builders -----------------------------------------------------------------------------------

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


# --- stores -----------------------------------------------------------------------------------


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def shared_ledger(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Opsledger]:
    """One store of each kind for this module's tests that keep to streams of their own (a
    fresh PostgreSQL database per test would cost more than the tests)."""
    if request.param == "sqlite":
        with Opsledger.open(f"sqlite:///{tmp_path_factory.mktemp('mapper') / 'o.db'}") as opened:
            yield opened
        return
    with throwaway_database() as url, Opsledger.open(url) as opened:
        yield opened


# --- tests --------------------------------------------------------------------------------------


class TestStoredStateRoundTrip:
    """stored_state → orjson bytes → recorded_from_state gives back the very same event."""

    @settings(max_examples=150)
    @given(recordings())
    def test_every_field_and_all_metadata_come_back_exactly(self, original: Recorded) -> None:
        """Decimals, offsets, dates, ids, enums, text, None and metadata survive unchanged."""
        data = OrjsonTranscoder().encode(stored_state(original))
        back = recorded_from_state(
            topic=original.event.type_name(),
            originator_id=original.originator_id,
            originator_version=original.originator_version,
            state=OrjsonTranscoder().decode(data),
        )
        assert_identical(original, back)

    @settings(max_examples=50)
    @given(recordings())
    def test_the_mapper_round_trips_through_stored_events(self, original: Recorded) -> None:
        """LedgerMapper.to_stored_event then to_domain_event gives back the same event."""
        stored_event = MAPPER.to_stored_event(original)
        assert_identical(original, MAPPER.to_domain_event(stored_event))

    def test_the_stored_object_keeps_metadata_beside_the_payload(self) -> None:
        """Business time, recorded time, actor, ids and reason sit beside the payload; amounts
        and times are strings; a version-1 event stores no class_version."""
        state = orjson.loads(MAPPER.to_stored_event(recorded(probe())).state)
        assert set(state) == {
            "occurred_at",
            "recorded_at",
            "actor",
            "command_id",
            "correlation_id",
            "causation_id",
            "reason",
            "payload",
        }
        assert state["occurred_at"] == "2026-07-01T09:30:00+08:00"
        assert state["recorded_at"] == "2026-07-01T01:31:00+00:00"
        assert state["actor"] == {
            "id": "u-cs-1",
            "roles": ["customer_service"],
            "department": "客服",
        }
        assert state["reason"] == "因为客户来电"
        assert state["payload"]["amount"] == "1250.00"
        assert state["payload"]["text"] == "扫地机器人到货时外壳破裂"


class TestRoundTripThroughTheStores:
    """Appended to a real store and read back, an event is unchanged (SQLite and PostgreSQL)."""

    @settings(max_examples=25, deadline=None)
    @given(original=recordings())
    def test_append_then_history(self, shared_ledger: Opsledger, original: Recorded) -> None:
        """ledger.history returns what was appended, value for value."""
        original = attrs.evolve(original, originator_id=uuid4(), originator_version=1)
        shared_ledger.ledger.append([original])
        (back,) = shared_ledger.history(original.originator_id)
        assert_identical(original, back)

    def test_a_chinese_complaint_submitted_as_json_reads_back_exactly(
        self, shared_ledger: Opsledger
    ) -> None:
        """A complaint registered through the command side keeps its Chinese text and its
        business time's offset."""
        result = shared_ledger.submit(
            {
                "type": "complaint.register",
                "command_id": str(uuid4()),
                "actor": {"id": "u-cs-1", "roles": ["customer_service"], "department": "客服"},
                "occurred_at": "2026-07-01T09:25:00+08:00",
                "payload": {
                    "customer_id": "客户-王小明",
                    "channel": "phone",
                    "summary": "扫地机器人到货时外壳破裂 🙁",
                    "remedy_sought": "换货",
                },
            }
        )
        assert result.ok, result
        assert result.aggregate_id is not None
        (event,) = shared_ledger.history(result.aggregate_id)
        assert isinstance(event.event, ComplaintReceived)
        assert event.event.summary == "扫地机器人到货时外壳破裂 🙁"
        assert event.event.customer_id == "客户-王小明"
        assert event.occurred_at == datetime(2026, 7, 1, 1, 25, tzinfo=UTC)
        assert event.actor.department == "客服"


class TestTopicsAreEventTypeNames:
    """Stored topics are the public event type names, never module paths, so moving a class
    never breaks stored data."""

    def test_a_complaint_event_is_stored_under_its_name(self, shared_ledger: Opsledger) -> None:
        """ComplaintReceived is stored with topic "ComplaintReceived"."""
        complaint_id = register(shared_ledger)
        (stored_event,) = shared_ledger.ledger.recorder.select_events(complaint_id)
        assert stored_event.topic == "ComplaintReceived"

    def test_no_stored_topic_is_a_module_path(self, shared_ledger: Opsledger) -> None:
        """Every topic in the log, the command records' included, is a bare class name."""
        register(shared_ledger)
        notifications = shared_ledger.ledger.recorder.select_notifications(start=None, limit=10**6)
        topics = {notification.topic for notification in notifications}
        assert {"ComplaintReceived", "CommandHandled"} <= topics
        assert all(topic.isidentifier() for topic in topics), topics

    def test_a_test_event_topic_is_its_class_name(self) -> None:
        """The mapper names any event by its type name alone."""
        assert MAPPER.to_stored_event(recorded(probe())).topic == "MapperProbeRecorded"


class TestUpcasting:
    """A class that raised its class_version reads older stored events through its upcasters."""

    def test_a_version_1_state_gains_the_new_field(self) -> None:
        """A stored v1 event (no class_version) is read through upcast_v1_v2."""
        back = read(v1_state("old"), "MapperUpcastProbeNoted")
        assert back.event == MapperUpcastProbeNoted(
            occurred_at=T0, actor=AGENT, note="old", priority="normal"
        )

    def test_a_current_version_is_stored_with_its_version_and_not_upcast_again(self) -> None:
        """A v2 event is stored with class_version 2 and read back untouched."""
        event = MapperUpcastProbeNoted(occurred_at=T0, actor=AGENT, note="new", priority="high")
        state = stored_state(recorded(event))
        assert state["class_version"] == 2
        assert read(orjson.loads(orjson.dumps(state)), "MapperUpcastProbeNoted").event == event

    def test_upcasters_chain_from_any_older_version(self) -> None:
        """v1 goes through v1→v2 and v2→v3; a stored v2 goes through v2→v3 only."""
        from_v1 = read(v1_state("one"), "MapperChainProbeNoted").event
        v2 = {**v1_state("two"), "class_version": 2}
        v2["payload"] = {"note": "two", "priority": "high"}
        from_v2 = read(v2, "MapperChainProbeNoted").event
        assert from_v1 == MapperChainProbeNoted(
            occurred_at=T0, actor=AGENT, note="one", urgent=False
        )
        assert from_v2 == MapperChainProbeNoted(
            occurred_at=T0, actor=AGENT, note="two", urgent=True
        )

    def test_the_stored_state_is_not_modified_by_reading(self) -> None:
        """Upcasting works on a copy: the stored object is left as it was."""
        state = v1_state("old")
        read(state, "MapperUpcastProbeNoted")
        assert state["payload"] == {"note": "old"}


class TestUpcastingThroughTheStores:
    """Version-1 events written straight into a real store are read through the version-2
    class (SQLite and PostgreSQL)."""

    def test_version_1_rows_read_as_version_2(self, shared_ledger: Opsledger) -> None:
        """Raw v1 stored events, inserted with the recorder, come back upcast, in order, beside
        a v2 event appended through the mapper."""
        stream = uuid4()
        shared_ledger.ledger.recorder.insert_events(
            [
                StoredEvent(
                    originator_id=stream,
                    originator_version=version,
                    topic="MapperUpcastProbeNoted",
                    state=orjson.dumps(v1_state(f"v1 #{version} 中文")),
                )
                for version in (1, 2)
            ]
        )
        current = MapperUpcastProbeNoted(occurred_at=T0, actor=AGENT, note="v2", priority="high")
        shared_ledger.ledger.append([recorded(current, stream=stream, version=3)])
        events = [r.event for r in shared_ledger.history(stream)]
        assert events == [
            MapperUpcastProbeNoted(
                occurred_at=T0, actor=AGENT, note="v1 #1 中文", priority="normal"
            ),
            MapperUpcastProbeNoted(
                occurred_at=T0, actor=AGENT, note="v1 #2 中文", priority="normal"
            ),
            current,
        ]

    def test_the_projection_runner_reads_upcast_events_too(self, ledger: Opsledger) -> None:
        """The read side sees the upcast event: the audit trail payload has the new field."""
        stream = uuid4()
        ledger.ledger.recorder.insert_events(
            [
                StoredEvent(
                    originator_id=stream,
                    originator_version=1,
                    topic="MapperUpcastProbeNoted",
                    state=orjson.dumps(v1_state("old")),
                )
            ]
        )
        ledger.projections.catch_up()
        rows = ledger.database.query("SELECT payload FROM audit_trail")
        payload = rows[0][0]
        payload = orjson.loads(payload) if isinstance(payload, str) else payload
        assert payload == {"note": "old", "priority": "normal"}


def acknowledged_state(**changes: Any) -> bytes:
    """A readable stored ComplaintAcknowledged, with some parts replaced."""
    return orjson.dumps({**v1_state("x"), "payload": {"message": "收到"}, **changes})


#: Stored states of a ComplaintAcknowledged that cannot be read.
CORRUPT_STATES = [
    pytest.param(b"", id="empty"),
    pytest.param(b"not json", id="not-json"),
    pytest.param(b"\xff\xfe\x00", id="not-utf8"),
    pytest.param(b"[]", id="a-list"),
    pytest.param(b"null", id="null"),
    pytest.param(b"{}", id="empty-object"),
    pytest.param(acknowledged_state(payload="x"), id="payload-a-string"),
    pytest.param(acknowledged_state(payload={}), id="payload-missing-field"),
    pytest.param(acknowledged_state(payload={"message": 5}), id="wrong-type"),
    pytest.param(acknowledged_state(actor="u-1"), id="actor-a-string"),
    pytest.param(acknowledged_state(occurred_at="soon"), id="bad-business-time"),
    pytest.param(acknowledged_state(recorded_at=5), id="bad-recorded-time"),
    pytest.param(acknowledged_state(command_id="nope"), id="bad-command-id"),
    pytest.param(acknowledged_state(class_version="2"), id="version-a-string"),
    pytest.param(
        acknowledged_state(command_id=12),
        id="command-id-a-number",
    ),
    pytest.param(
        acknowledged_state(causation_id=12),
        id="causation-id-a-number",
    ),
    pytest.param(
        acknowledged_state(class_version=0),
        id="class-version-zero",
    ),
]


class TestUnreadableStoredEvents:
    """An unknown topic or corrupt state is MapperDeserialisationError naming the event, never
    a raw KeyError, TypeError or AttributeError."""

    def test_an_unknown_topic(self) -> None:
        """A topic no event type has is MapperDeserialisationError, not KeyError."""
        state = orjson.dumps(v1_state("x"))
        with pytest.raises(MapperDeserialisationError, match="NoSuchEventHappened") as failed:
            MAPPER.to_domain_event(stored(state, topic="NoSuchEventHappened"))
        assert not isinstance(failed.value, KeyError)

    def test_a_module_path_topic_is_unknown(self) -> None:
        """The library's default topic form (module:Class) is not one of ours."""
        state = orjson.dumps({**v1_state("x"), "payload": {"message": "hi"}})
        with pytest.raises(MapperDeserialisationError):
            MAPPER.to_domain_event(
                stored(state, topic="domain.complaint.events:ComplaintAcknowledged")
            )

    def test_the_uncorrupted_state_is_readable(self) -> None:
        """The corrupt states below differ from this readable one only where named."""
        back = cast(Recorded, MAPPER.to_domain_event(stored(acknowledged_state())))
        assert back.event == ComplaintAcknowledged(
            occurred_at=T0,
            actor=AGENT,
            message="收到",
        )

    @pytest.mark.parametrize("state", CORRUPT_STATES)
    def test_corrupt_state(self, state: bytes) -> None:
        """Each corrupt state is MapperDeserialisationError."""
        with pytest.raises(MapperDeserialisationError):
            MAPPER.to_domain_event(stored(state))

    @given(st.binary(max_size=200))
    def test_arbitrary_bytes(self, state: bytes) -> None:
        """Whatever bytes are stored, reading them either works or is
        MapperDeserialisationError."""
        with contextlib.suppress(MapperDeserialisationError):
            MAPPER.to_domain_event(stored(state))

    def test_an_unknown_topic_in_a_real_store(self, shared_ledger: Opsledger) -> None:
        """Reading a stream with an event of unknown type from a store is
        MapperDeserialisationError (SQLite and PostgreSQL)."""
        stream = uuid4()
        shared_ledger.ledger.recorder.insert_events(
            [
                StoredEvent(
                    originator_id=stream,
                    originator_version=1,
                    topic="NoSuchEventHappened",
                    state=orjson.dumps(v1_state("x")),
                )
            ]
        )
        with pytest.raises(MapperDeserialisationError):
            shared_ledger.history(stream)

    def test_corrupt_state_in_a_real_store(self, shared_ledger: Opsledger) -> None:
        """A stored event whose bytes are not JSON is MapperDeserialisationError."""
        stream = uuid4()
        shared_ledger.ledger.recorder.insert_events(
            [
                StoredEvent(
                    originator_id=stream,
                    originator_version=1,
                    topic="ComplaintAcknowledged",
                    state=b"\x00garbage",
                )
            ]
        )
        with pytest.raises(MapperDeserialisationError):
            shared_ledger.history(stream)


@pytest.fixture
def compressed_ledger(store_url: str) -> Iterator[Ledger]:
    """The ledger on a fresh store (each backend) with the library's zlib compressor."""
    env = {**StoreUrl.parse(store_url).library_env(), "COMPRESSOR_TOPIC": ZLIB}
    ledger = Ledger(env=env)
    try:
        yield ledger
    finally:
        ledger.close()


class TestCompression:
    """COMPRESSOR_TOPIC works through our mapper: the stored bytes are zlib, the events exact."""

    def test_round_trip_with_zlib(self, compressed_ledger: Ledger) -> None:
        """An event appended compressed reads back unchanged, and is stored as zlib of the
        JSON object."""
        original = recorded(probe(note="压缩" * 50))
        compressed_ledger.append([original])
        (back,) = compressed_ledger.history(original.originator_id)
        assert_identical(original, back)
        (raw,) = compressed_ledger.recorder.select_events(original.originator_id)
        assert orjson.loads(zlib.decompress(raw.state))["payload"]["note"] == "压缩" * 50

    def test_corrupt_compressed_bytes(self) -> None:
        """Bytes that are not zlib are MapperDeserialisationError, like any corrupt state."""
        mapper = LedgerMapper(transcoder=OrjsonTranscoder(), compressor=ZlibCompressor())
        with pytest.raises(MapperDeserialisationError):
            mapper.to_domain_event(stored(b"not zlib"))


class TestValuesTheStoreCannotHold:
    """A command whose value orjson cannot store is refused, not crashed on (an unbounded
    integer once passed validation and raised TypeError inside Opsledger.submit)."""

    def test_an_integer_beyond_64_bits_is_invalid_command(self, sqlite_url: str) -> None:
        """complaint.escalate with level 2**64 gives invalid_command and appends nothing."""
        with Opsledger.open(sqlite_url) as ledger:
            complaint_id = register(ledger)
            result = ledger.submit(
                {
                    "type": "complaint.escalate",
                    "command_id": str(uuid4()),
                    "aggregate_id": str(complaint_id),
                    "actor": {"id": "u-cs-1", "roles": ["customer_service"]},
                    "reason": "VIP",
                    "payload": {"level": 2**64},
                }
            )
            assert (result.ok, result.code) == (False, "invalid_command")
            assert len(ledger.history(complaint_id)) == 1
