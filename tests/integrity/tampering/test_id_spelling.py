"""SQLite keeps an aggregate id as 32 hex digits; an event whose id is stored spelt otherwise is
hidden from its aggregate, so `verify` names it even where the chain's bytes would agree."""

from __future__ import annotations

import hashlib
from uuid import UUID

import attrs
import pytest

from tests.integrity.raw_log import GENESIS_HASH, RawLog, preimage
from tests.integrity.stores import Populated
from tests.integrity.tampering.verification import verified


def test_an_id_cut_short_is_named_though_its_padded_bytes_link(populated: Populated) -> None:
    """The event's id is rewritten to end in a zero byte, stored without it (30 hex digits),
    and the whole chain is recomputed over the 16 bytes with the zero: the link agrees with a
    packing that pads short ids, but the event no longer belongs to its aggregate."""
    if not populated.url.startswith("sqlite"):
        pytest.skip("PostgreSQL stores the id as uuid: it has one spelling")
    position = 5
    rows = list(populated.rows)
    padded = UUID(bytes=rows[position - 1].originator_id.bytes[:15] + b"\x00")
    rows[position - 1] = attrs.evolve(rows[position - 1], originator_id=padded)
    previous = GENESIS_HASH
    for index, row in enumerate(rows):
        previous = hashlib.sha256(
            preimage(
                previous,
                position=row.position,
                originator_id=row.originator_id,
                version=row.version,
                topic=row.topic,
                state=row.state,
            )
        ).digest()
        rows[index] = attrs.evolve(row, chain_hash=previous)
    with RawLog(populated.url) as raw:
        raw.restore(rows)
        raw.update(position, originator_id=padded.hex[:30])

    result = verified(populated.url)

    assert result.finding is not None
    assert result.finding.position == position
    assert result.checked == position - 1
