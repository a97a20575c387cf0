"""Rows of the populated history as the tampering tests pick, edit, forge and extend them."""

from __future__ import annotations

from uuid import UUID, uuid4

from infrastructure.opsledger import Opsledger
from tests.clocks import FixedClock
from tests.integrity.raw_log import StoredRow
from tests.integrity.stores import Populated
from tests.integrity.workload import accept, register, step


def first(populated: Populated, topic: str) -> StoredRow:
    return next(row for row in populated.rows if row.topic == topic)


def last_event_of(populated: Populated, topic: str) -> StoredRow:
    """The latest event of a complaint whose history ends with `topic`."""
    latest: dict[UUID, StoredRow] = {}
    for row in populated.rows:
        latest[row.originator_id] = row
    return next(row for row in latest.values() if row.topic == topic)


def forged(populated: Populated, *, position: int, chain_hash: bytes) -> StoredRow:
    """A plausible event nobody sent: a complaint that was never closed, closed (the closing
    payload copied from a real one), at the next version of that complaint."""
    satisfied = last_event_of(populated, "CustomerSatisfied")
    return StoredRow(
        position=position,
        originator_id=satisfied.originator_id,
        version=satisfied.version + 1,
        topic="ComplaintClosed",
        state=first(populated, "ComplaintClosed").state,
        chain_hash=chain_hash,
    )


def send_more(url: str, complaints: int = 2) -> int:
    """Register and acknowledge `complaints` new complaints; the number of events appended."""
    with Opsledger.open(url, clock=FixedClock()) as ledger:
        for _ in range(complaints):
            complaint = uuid4()
            accept(ledger, register(complaint))
            accept(ledger, step("acknowledge", complaint))
    return 4 * complaints


def severity_raised(state: bytes) -> bytes:
    """A classification's payload with its severity changed from medium to critical."""
    assert b'"severity":"medium"' in state
    return state.replace(b'"severity":"medium"', b'"severity":"critical"')
