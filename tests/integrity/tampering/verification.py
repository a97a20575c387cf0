"""What `verify` says about a store, and the checks that it found tampering at the exact
position after exactly the good events before it."""

from __future__ import annotations

from infrastructure.integrity.verify import Digest, Verification, verify
from infrastructure.opsledger import Opsledger
from tests.integrity.raw_log import StoredRow, head_hash
from tests.integrity.stores import Populated


def verified(url: str, digest: Digest | None = None) -> Verification:
    """What `verify` says about the store at `url`, opened as the command line opens it."""
    with Opsledger.open(url) as ledger:
        return verify(ledger.database, digest=digest)


def digest_of(rows: list[StoredRow] | tuple[StoredRow, ...]) -> Digest:
    """The digest an auditor would have printed when the log held exactly `rows`."""
    return Digest(position=len(rows), hash=head_hash(rows).hex())


def assert_found(
    result: Verification,
    populated: Populated,
    *,
    at: int,
    row: StoredRow | None = None,
    problem: str,
) -> None:
    """`verify` stopped at position `at`, after exactly the `at - 1` good events before it
    (its head is their last link), naming `row` as stored there (None: no event there)."""
    assert result.finding is not None, result
    assert not result.ok
    assert result.finding.position == at, result.finding
    assert result.checked == at - 1, result
    assert result.head == digest_of(populated.rows[: at - 1]), result.head
    assert problem in result.finding.problem, result.finding.problem
    if row is None:
        assert result.finding.aggregate_id is None, result.finding
        return
    assert (result.finding.aggregate_id, result.finding.version, result.finding.event_type) == (
        str(row.originator_id),
        row.version,
        row.topic,
    )
