"""Unreadable stored events (unknown topic, corrupt state) are MapperDeserialisationError."""

from __future__ import annotations

import contextlib
from typing import Any, cast
from uuid import uuid4

import orjson
import pytest
from eventsourcing.persistence import MapperDeserialisationError, StoredEvent
from hypothesis import given
from hypothesis import strategies as st

from domain.complaint.events import ComplaintAcknowledged
from domain.shared.recorded import Recorded
from infrastructure.opsledger import Opsledger
from tests.infrastructure.mapper.probe_events import AGENT, MAPPER, T0, stored, v1_state


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
