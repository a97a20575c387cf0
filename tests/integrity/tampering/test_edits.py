"""An edited event is found (DOMAIN §8, DESIGN §5): a change made with plain SQL to a stored
event's bytes, type, version, aggregate or chain hash is named at its exact position."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID, uuid4

import attrs
import pytest

from infrastructure.opsledger import Opsledger
from tests.clocks import FixedClock
from tests.integrity.raw_log import RawLog, StoredRow
from tests.integrity.stores import Populated
from tests.integrity.tampering.history_rows import first, severity_raised
from tests.integrity.tampering.verification import assert_found, verified
from tests.integrity.workload import accept, register, step


def _one_byte_flipped(row: StoredRow) -> dict[str, object]:
    return {"state": row.state[:-1] + bytes([row.state[-1] ^ 1])}


EDITS: dict[str, Callable[[StoredRow], dict[str, object]]] = {
    "payload": lambda row: {"state": severity_raised(row.state)},
    "one-byte": _one_byte_flipped,
    "topic": lambda row: {"topic": "ComplaintEscalated"},
    "version": lambda row: {"originator_version": row.version + 100},
    "aggregate": lambda row: {"originator_id": uuid4()},
}


def _edited(row: StoredRow, values: dict[str, object]) -> StoredRow:
    """`row` as the finding must name it after the edit."""
    topic = values.get("topic", row.topic)
    version = values.get("originator_version", row.version)
    originator_id = values.get("originator_id", row.originator_id)
    assert isinstance(topic, str)
    assert isinstance(version, int)
    assert isinstance(originator_id, UUID)
    return attrs.evolve(row, topic=topic, version=version, originator_id=originator_id)


class TestAnEditedEventIsFoundAtItsPosition:
    """Any change to a stored event's bytes, type, version or aggregate breaks its link."""

    @pytest.mark.parametrize("edit", list(EDITS))
    def test_edit_of_a_middle_event(self, populated: Populated, edit: str) -> None:
        row = first(populated, "ComplaintClassified")
        assert 1 < row.position < populated.size
        values = EDITS[edit](row)
        with RawLog(populated.url) as raw:
            raw.update(row.position, **values)

        result = verified(populated.url)

        assert_found(
            result,
            populated,
            at=row.position,
            row=_edited(row, values),
            problem="does not match its chain hash",
        )

    @pytest.mark.parametrize("where", ["first", "last"])
    def test_edit_of_the_payload_at_either_end(self, populated: Populated, where: str) -> None:
        row = populated.rows[0] if where == "first" else populated.rows[-1]
        with RawLog(populated.url) as raw:
            raw.update(row.position, **_one_byte_flipped(row))

        assert_found(
            verified(populated.url),
            populated,
            at=row.position,
            row=row,
            problem="does not match its chain hash",
        )

    def test_a_chain_hash_set_to_null(self, populated: Populated) -> None:
        row = populated.rows[populated.size // 2]
        with RawLog(populated.url) as raw:
            raw.update(row.position, chain_hash=None)

        assert_found(
            verified(populated.url),
            populated,
            at=row.position,
            row=row,
            problem="no chain hash",
        )

    def test_a_chain_hash_replaced_by_the_one_before(self, populated: Populated) -> None:
        row = populated.rows[populated.size // 2]
        with RawLog(populated.url) as raw:
            raw.update(row.position, chain_hash=populated.rows[row.position - 2].chain_hash)

        assert_found(
            verified(populated.url),
            populated,
            at=row.position,
            row=row,
            problem="does not match its chain hash",
        )


class TestARespelledAggregateIdIsFound:
    """SQLite: the same UUID spelled another way is another aggregate to the application."""

    @pytest.mark.parametrize("spelling", ["upper-case", "with-hyphens"])
    def test_respelled_id(self, sqlite_url: str, spelling: str) -> None:
        clock = FixedClock()
        with Opsledger.open(sqlite_url, clock=clock) as ledger:
            complaint = uuid4()
            accept(ledger, register(complaint))
            accept(ledger, step("acknowledge", complaint))
            accept(ledger, step("classify", complaint))
        with RawLog(sqlite_url) as raw:
            classified = next(r for r in raw.rows() if r.topic == "ComplaintClassified")
            text = complaint.hex.upper() if spelling == "upper-case" else str(complaint)
            raw.execute(
                (
                    "UPDATE {table} SET originator_id = %s WHERE {position} = %s",
                    [text, classified.position],
                )
            )
        with Opsledger.open(sqlite_url) as ledger:
            history = ledger.history(complaint)
        assert [r.event_type for r in history] == ["ComplaintReceived", "ComplaintAcknowledged"]

        result = verified(sqlite_url)

        assert result.finding is not None, "an event removed from its history verified ok"
        assert result.finding.position == classified.position
