"""The library's zlib compressor works through our mapper."""

from __future__ import annotations

import zlib
from collections.abc import Iterator

import orjson
import pytest
from eventsourcing.compressor import ZlibCompressor
from eventsourcing.persistence import MapperDeserialisationError

from application.ledger import Ledger
from infrastructure.serialisation.mapper import LedgerMapper
from infrastructure.serialisation.transcoder import OrjsonTranscoder
from infrastructure.store.url import StoreUrl
from tests.infrastructure.mapper.probe_events import probe, recorded, stored
from tests.infrastructure.test_codec import assert_identical

ZLIB = "eventsourcing.compressor:ZlibCompressor"


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
