"""A refusal removed or edited with plain SQL is found (DOMAIN §1, §8): each is a `CommandRefused`
entry of the chained log, so `audit verify` names it at its position, like any event; one
removed from the end of the log is found against a digest. SQLite and PostgreSQL."""

from __future__ import annotations

from uuid import uuid4

import pytest

from infrastructure.integrity.verify import Digest
from infrastructure.opsledger import Opsledger
from tests.clocks import FixedClock
from tests.integrity.raw_log import RawLog, StoredRow
from tests.integrity.stores import Populated
from tests.integrity.tampering.verification import assert_found, digest_of, verified
from tests.integrity.workload import CS_AGENT, MANAGER, accept, envelope, register, step

REFUSED = "CommandRefused"


@pytest.fixture
def with_refusals(store_url: str) -> Populated:
    """Two complaints, with refused commands between accepted ones and one refusal last:
    registered, a forbidden assignment, acknowledged, a broken line, the second registered,
    an acknowledgement of an acknowledged complaint."""
    clock = FixedClock()
    with Opsledger.open(store_url, clock=clock) as ledger:
        first = accept(ledger, register(_new_id()))["aggregate_id"]
        clock.advance(minutes=5)
        refused = ledger.submit(
            envelope(
                "assign",
                first,
                actor=CS_AGENT,
                payload={"department": "quality", "assignee_id": "u-q-1"},
            )
        )
        assert refused.code == "forbidden"
        clock.advance(minutes=5)
        accept(ledger, step("acknowledge", first))
        assert ledger.refuse_unreadable("line 4 is not valid JSON").code == "invalid_command"
        accept(ledger, register(_new_id()))
        clock.advance(minutes=5)
        again = ledger.submit(
            envelope("acknowledge", first, actor=MANAGER, payload={"message": "again"})
        )
        assert again.code in {"invalid_transition", "forbidden"}
    with RawLog(store_url) as raw:
        rows = tuple(raw.rows())
    assert [row.topic for row in rows].count(REFUSED) == 3
    assert rows[-1].topic == REFUSED
    return Populated(url=store_url, rows=rows)


def _new_id() -> str:
    return str(uuid4())


def _refusals(populated: Populated) -> list[StoredRow]:
    return [row for row in populated.rows if row.topic == REFUSED]


class TestARefusalIsChainedLikeAnyEvent:
    def test_the_untouched_log_verifies_and_reads_every_refusal(
        self, with_refusals: Populated
    ) -> None:
        result = verified(with_refusals.url)

        assert result.ok, result.finding
        assert result.checked == with_refusals.size
        with Opsledger.open(with_refusals.url) as ledger:
            positions = [e.position for e in ledger.security_log.entries()]
        assert positions == [row.position for row in _refusals(with_refusals)]


class TestATamperedRefusalIsFoundAtItsPosition:
    def test_a_deleted_refusal(self, with_refusals: Populated) -> None:
        """The forbidden assignment, removed: its position is a hole in the chain."""
        row = _refusals(with_refusals)[0]
        with RawLog(with_refusals.url) as raw:
            raw.delete(row.position)

        assert_found(verified(with_refusals.url), with_refusals, at=row.position, problem="missing")
        with Opsledger.open(with_refusals.url) as ledger:
            positions = [e.position for e in ledger.security_log.entries()]
        assert positions == [r.position for r in _refusals(with_refusals)[1:]]

    def test_an_edited_refusal(self, with_refusals: Populated) -> None:
        """The forbidden assignment rewritten as if it had been something else."""
        row = _refusals(with_refusals)[0]
        assert b'"forbidden"' in row.state
        with RawLog(with_refusals.url) as raw:
            raw.update(row.position, state=row.state.replace(b'"forbidden"', b'"not_found"'))

        assert_found(
            verified(with_refusals.url),
            with_refusals,
            at=row.position,
            row=row,
            problem="does not match its chain hash",
        )

    def test_a_refusal_moved_into_an_aggregate_s_stream(self, with_refusals: Populated) -> None:
        """Given an aggregate's id and the next version, it would read as that aggregate's."""
        row, complaint = _refusals(with_refusals)[1], with_refusals.rows[0]
        with RawLog(with_refusals.url) as raw:
            raw.update(row.position, originator_id=complaint.originator_id, originator_version=9)

        result = verified(with_refusals.url)

        assert result.finding is not None
        assert result.finding.position == row.position
        assert "does not match its chain hash" in result.finding.problem

    def test_the_last_refusal_deleted_is_found_against_a_digest(
        self, with_refusals: Populated
    ) -> None:
        """The chain alone cannot tell a shorter log; the digest an auditor kept can."""
        digest: Digest = digest_of(with_refusals.rows)
        with RawLog(with_refusals.url) as raw:
            raw.delete(with_refusals.size)

        result = verified(with_refusals.url, digest)

        assert result.finding is not None
        assert result.finding.position == with_refusals.size
        assert "removed from its end" in result.finding.problem
