"""The link of the hash chain (DESIGN §2.5): Python and PostgreSQL compute the same bytes, field
boundaries are unambiguous, the first link starts from GENESIS, and both chained recorders
write every link, in position order, with no gaps, even after a failed append."""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import attrs
import psycopg
import pytest
from eventsourcing.persistence import IntegrityError, StoredEvent
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infrastructure.integrity.chain import GENESIS, link
from infrastructure.integrity.postgres_recorder import ChainedPostgresApplicationRecorder
from infrastructure.integrity.sqlite_recorder import ChainedSQLiteApplicationRecorder
from infrastructure.opsledger import Opsledger
from tests.clocks import FixedClock
from tests.integrity.raw_log import (
    GENESIS_HASH,
    RawLog,
    StoredRow,
    chain_problems,
    expected_link,
    preimage,
)
from tests.integrity.workload import accept, register
from tests.pg import admin as pg_admin

#: Text PostgreSQL can store: any Unicode scalar value but NUL.
topics = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=40)
states = st.binary(max_size=300)
hashes = st.binary(min_size=32, max_size=32)
positions = st.integers(min_value=1, max_value=2**63 - 1)
versions = st.integers(min_value=0, max_value=2**63 - 1)


@attrs.frozen(kw_only=True)
class Fields:
    """Everything one link covers besides the previous hash."""

    position: int
    originator_id: UUID
    version: int
    topic: str
    state: bytes

    def link(self, previous: bytes) -> bytes:
        return link(
            previous,
            position=self.position,
            originator_id=self.originator_id,
            originator_version=self.version,
            topic=self.topic,
            state=self.state,
        )

    def preimage(self, previous: bytes) -> bytes:
        return preimage(previous, **attrs.asdict(self, recurse=False))


fields = st.builds(
    Fields,
    position=positions,
    originator_id=st.uuids(),
    version=versions,
    topic=topics,
    state=states,
)


def decode(data: bytes) -> tuple[bytes, Fields]:
    """Read a link's bytes back into the previous hash and the fields: that this is possible
    for every input is what makes the encoding unambiguous."""
    previous, rest = data[:32], data[32:]
    (state_length,) = struct.unpack(">i", rest[:4])
    state, rest = rest[4 : 4 + state_length], rest[4 + state_length :]
    (position,) = struct.unpack(">q", rest[:8])
    originator_id = UUID(bytes=rest[8:24])
    (version,) = struct.unpack(">q", rest[24:32])
    (topic_length,) = struct.unpack(">i", rest[32:36])
    topic = rest[36 : 36 + topic_length]
    assert len(topic) == topic_length, "topic cut short"
    assert len(rest) == 36 + topic_length, "trailing bytes"
    return previous, Fields(
        position=position,
        originator_id=originator_id,
        version=version,
        topic=topic.decode("utf-8"),
        state=state,
    )


class TestGenesis:
    """The chain starts from 32 zero bytes."""

    def test_genesis_is_32_zero_bytes(self) -> None:
        assert GENESIS == GENESIS_HASH == b"\x00" * 32

    def test_the_first_event_of_a_store_links_to_genesis(self, store_url: str) -> None:
        with Opsledger.open(store_url, clock=FixedClock()) as ledger:
            accept(ledger, register(uuid4()))
        with RawLog(store_url) as raw:
            first = raw.rows()[0]

        assert first.position == 1
        assert first.chain_hash == expected_link(GENESIS_HASH, first)
        assert first.chain_hash == Fields(
            position=1,
            originator_id=first.originator_id,
            version=first.version,
            topic=first.topic,
            state=first.state,
        ).link(GENESIS)


class TestThePythonLinkHashesTheDocumentedBytes:
    """`chain.link` is SHA-256 over exactly the bytes DESIGN §2.5 lists, in that order."""

    @given(previous=hashes, event=fields)
    def test_link_is_sha256_of_the_documented_bytes(self, previous: bytes, event: Fields) -> None:
        assert event.link(previous) == hashlib.sha256(event.preimage(previous)).digest()

    def test_a_known_vector(self) -> None:
        """Pinned so that a change of the format cannot pass unnoticed."""
        event = Fields(
            position=1,
            originator_id=UUID("00000000-0000-0000-0000-000000000001"),
            version=1,
            topic="ComplaintReceived",
            state=b"{}",
        )
        expected = (
            bytes(32)
            + b"\x00\x00\x00\x02{}"
            + b"\x00" * 7
            + b"\x01"
            + b"\x00" * 15
            + b"\x01"
            + b"\x00" * 7
            + b"\x01"
            + b"\x00\x00\x00\x11ComplaintReceived"
        )
        assert event.preimage(GENESIS) == expected
        assert event.link(GENESIS) == hashlib.sha256(expected).digest()


class TestFieldBoundariesAreUnambiguous:
    """Length prefixes and fixed widths: no two different events give the same bytes."""

    @given(previous=hashes, event=fields)
    def test_the_bytes_decode_back_to_the_same_fields(self, previous: bytes, event: Fields) -> None:
        assert decode(event.preimage(previous)) == (previous, event)

    @given(joined=st.binary(max_size=40) | topics.map(str.encode), event=fields)
    def test_no_two_splits_of_the_same_bytes_into_state_and_topic_collide(
        self, joined: bytes, event: Fields
    ) -> None:
        """Every way of cutting the same bytes into a state and a topic is a different input."""
        splits = []
        for cut in range(len(joined) + 1):
            try:
                topic = joined[cut:].decode("utf-8")
            except UnicodeDecodeError:
                continue
            splits.append(attrs.evolve(event, state=joined[:cut], topic=topic))
        assert splits, "the empty topic is always a split"

        inputs = {split.preimage(GENESIS) for split in splits}
        links = {split.link(GENESIS) for split in splits}

        assert len(inputs) == len(links) == len(splits)


# --- PostgreSQL computes the same link --------------------------------------------------------

#: The expression of `opsledger_append_events` (infrastructure/integrity/postgres_recorder.py).
SQL_LINK = (
    "SELECT sha256(%(previous)s::bytea || int4send(length(%(state)s::bytea)) || %(state)s::bytea"
    " || int8send(%(position)s::bigint) || uuid_send(%(originator_id)s::uuid)"
    " || int8send(%(version)s::bigint) || int4send(length(convert_to(%(topic)s::text, 'UTF8')))"
    " || convert_to(%(topic)s::text, 'UTF8'))"
)


@pytest.fixture(scope="module")
def pg_connection() -> Iterator[psycopg.Connection[tuple[Any, ...]]]:
    with pg_admin() as connection:
        yield connection


@pytest.mark.postgres
class TestPostgresComputesTheSameLink:
    """`sha256` with `int4send`/`int8send`/`uuid_send`/`convert_to` gives Python's link."""

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(previous=hashes, event=fields)
    def test_the_sql_expression_equals_the_python_link(
        self, pg_connection: psycopg.Connection[tuple[Any, ...]], previous: bytes, event: Fields
    ) -> None:
        row = pg_connection.execute(
            SQL_LINK,
            {
                "previous": previous,
                "state": event.state,
                "position": event.position,
                "originator_id": event.originator_id,
                "version": event.version,
                "topic": event.topic,
            },
        ).fetchone()

        assert row is not None
        assert bytes(row[0]) == event.link(previous)


class TestTheRecordersWriteEveryLink:
    """Appended through the store's own recorder (the one `StoreUrl` selects), every stored
    hash is the link recomputed in Python, and positions run 1..N without gaps."""

    def test_the_store_selects_the_chained_recorder(self, store_url: str) -> None:
        with Opsledger.open(store_url) as ledger:
            expected = (
                ChainedSQLiteApplicationRecorder
                if ledger.database.dialect == "sqlite"
                else ChainedPostgresApplicationRecorder
            )
            assert type(ledger.ledger.recorder) is expected

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        first_version=versions, batch=st.lists(st.tuples(topics, states), min_size=1, max_size=6)
    )
    def test_arbitrary_batches(
        self, module_store: str, first_version: int, batch: list[tuple[str, bytes]]
    ) -> None:
        step = 1 if first_version < 2**62 else -1  # versions stay within 64 bits
        with RawLog(module_store) as raw, Opsledger.open(module_store) as ledger:
            before = raw.size()
            originator_id = uuid4()
            appended = ledger.ledger.recorder.insert_events(
                [
                    StoredEvent(
                        originator_id=originator_id,
                        originator_version=first_version + step * index,
                        topic=topic,
                        state=state,
                    )
                    for index, (topic, state) in enumerate(batch)
                ]
            )
            rows = raw.rows()

        assert list(appended or []) == list(range(before + 1, before + len(batch) + 1))
        assert [(r.topic, r.state) for r in rows[before:]] == batch
        assert chain_problems(rows) == []
        previous = GENESIS
        for row in rows:
            assert row.chain_hash == (previous := _python_link(previous, row))


def _python_link(previous: bytes, row: StoredRow) -> bytes:
    return link(
        previous,
        position=row.position,
        originator_id=row.originator_id,
        originator_version=row.version,
        topic=row.topic,
        state=row.state,
    )


class TestAFailedAppendLeavesNoTrace:
    """An append refused for a conflict stores nothing and uses no position: the next one
    takes the next position and links to the same head."""

    def test_the_next_append_continues_the_chain(self, store_url: str, tmp_path: Path) -> None:
        with Opsledger.open(store_url, clock=FixedClock()) as ledger:
            complaint = uuid4()
            accept(ledger, register(complaint))
            recorder = ledger.ledger.recorder
            (taken,) = recorder.select_events(complaint)
            fresh = StoredEvent(
                originator_id=uuid4(), originator_version=1, topic="Fresh", state=b"{}"
            )
            with RawLog(store_url) as raw:
                before = raw.rows()

                for _ in range(3):
                    with pytest.raises(IntegrityError):
                        recorder.insert_events([fresh, taken])
                assert raw.rows() == before

                assert recorder.insert_events([fresh]) == [len(before) + 1]
                after = raw.rows()

        assert after[:-1] == before
        assert after[-1].originator_id == fresh.originator_id
        assert chain_problems(after) == []
