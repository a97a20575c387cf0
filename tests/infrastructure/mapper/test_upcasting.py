"""Older stored versions of an event are upcast when read, by the mapper and the read side."""

from __future__ import annotations

from uuid import uuid4

import orjson
from eventsourcing.persistence import StoredEvent

from infrastructure.opsledger import Opsledger
from infrastructure.serialisation.mapper import stored_state
from tests.infrastructure.mapper.probe_events import (
    AGENT,
    T0,
    MapperChainProbeNoted,
    MapperUpcastProbeNoted,
    read,
    recorded,
    v1_state,
)


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
