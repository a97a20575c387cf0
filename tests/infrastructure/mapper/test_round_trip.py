"""The mapper (DESIGN §2.4) gives back exactly the event it stored, in memory and in a store."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import attrs
import orjson
from hypothesis import given, settings

from domain.complaint.events import ComplaintReceived
from domain.shared.recorded import Recorded
from infrastructure.opsledger import Opsledger
from infrastructure.serialisation.mapper import recorded_from_state, stored_state
from infrastructure.serialisation.transcoder import OrjsonTranscoder
from tests.infrastructure.mapper.probe_events import MAPPER, probe, recorded, recordings
from tests.infrastructure.test_codec import assert_identical


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
