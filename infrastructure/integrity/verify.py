"""`audit verify` and `audit digest`: recompute the chain and check a kept digest."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

import attrs

from infrastructure.integrity.chain import GENESIS, follow, link
from infrastructure.integrity.log_pages import StoredRow, stored_pages
from infrastructure.sql.database import Database

__all__ = ["Digest", "Finding", "Verification", "verify"]


@attrs.frozen(kw_only=True)
class Digest:
    """A log position and the chain hash there: kept by auditors, outside the system."""

    position: int
    hash: str

    def to_json(self) -> dict[str, Any]:
        return {"position": self.position, "hash": self.hash}


@attrs.frozen(kw_only=True)
class Finding:
    """The first place where the stored log is not what was written."""

    position: int
    problem: str
    aggregate_id: str | None = None
    version: int | None = None
    event_type: str | None = None


@attrs.frozen(kw_only=True)
class Verification:
    """What `verify` found: how many events it checked, the head, and the first finding."""

    checked: int
    head: Digest
    finding: Finding | None

    @property
    def ok(self) -> bool:
        return self.finding is None


@attrs.frozen
class LogRow:
    """One stored row with every value in the type its link needs."""

    position: int
    originator_id: UUID
    version: int
    topic: str
    state: bytes
    chain_hash: bytes | None


def log_row(stored: StoredRow) -> LogRow:
    """A stored row with every value in the type its link needs; a value of the wrong type or
    spelling still gives one, which then cannot match its hash."""
    position, originator_id, version, topic, state, chain_hash = stored
    return LogRow(
        position=position,
        originator_id=originator_id if type(originator_id) is UUID else _uuid(originator_id),
        version=version if type(version) is int else -1,
        topic=topic if type(topic) is str else str(topic),
        state=state if type(state) is bytes else (_bytes(state) or b""),
        chain_hash=chain_hash if type(chain_hash) is bytes else _bytes(chain_hash),
    )


def _uuid(value: Any) -> UUID:
    """The stored aggregate id. SQLite keeps it as text in the library's one spelling (32 hex
    digits, what it looks events up by): any other spelling hides the event from its aggregate,
    so it is read as an id that cannot match its hash."""
    if isinstance(value, UUID):
        return value
    try:
        parsed = UUID(str(value))
    except ValueError:
        return UUID(int=0)
    return parsed if parsed.hex == value else UUID(int=0)


def _bytes(value: Any) -> bytes | None:
    """Stored bytes as bytes; a value whose type was changed (SQLite lets TEXT replace a
    BLOB) still has bytes, and they will not match the chain."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.encode("utf-8", "surrogateescape")
    if isinstance(value, int):
        return str(value).encode()
    return bytes(value)


def verify(database: Database, *, digest: Digest | None = None) -> Verification:
    """Recompute every link from the first event; the log must be gap-free from position 1,
    every stored hash must match, and a given digest must still lie on the chain."""
    if digest is not None and digest.position <= 0:
        if digest.position == 0 and digest.hash == GENESIS.hex():
            digest = None  # the empty log's digest: every log extends it
        else:
            finding = Finding(position=0, problem="the digest is not one this log could have given")
            return Verification(
                checked=0, head=Digest(position=0, hash=GENESIS.hex()), finding=finding
            )
    previous, checked = GENESIS, 0
    digest_seen = False
    watched = digest.position if digest is not None else 0
    id_bytes = _id_bytes(database)
    for page in stored_pages(database):
        rows = iter(page)
        while True:
            previous, matched, unusual = follow(
                previous, rows, position=checked + 1, id_bytes=id_bytes, stop_at=watched
            )
            checked += matched
            if unusual is None:
                break
            # A gap, a mismatch, a value of the wrong type or the digest's row: looked at closely.
            outcome = _check(unusual, previous=previous, checked=checked, digest=digest)
            if isinstance(outcome, Verification):
                return outcome
            previous, checked = outcome, checked + 1
            digest_seen = digest_seen or unusual[0] == watched
    head = Digest(position=checked, hash=previous.hex())
    if digest is not None and not digest_seen and digest.position > 0:
        finding = Finding(
            position=checked + 1,
            problem=f"the log ends at position {checked}, before the digest's position "
            f"{digest.position}: events were removed from its end",
        )
        return Verification(checked=checked, head=head, finding=finding)
    return Verification(checked=checked, head=head, finding=None)


def _check(
    stored: StoredRow, *, previous: bytes, checked: int, digest: Digest | None
) -> bytes | Verification:
    """One row looked at closely: its link when it is the next event and matches its hash (and
    the digest, at the digest's position), else the verification that ends at it."""
    row = log_row(stored)
    expected = checked + 1
    head = Digest(position=checked, hash=previous.hex())
    if row.position < expected:
        return Verification(
            checked=checked,
            head=head,
            finding=_finding(
                row, f"an event lies at position {row.position}, outside the chain (1, 2, …)"
            ),
        )
    if row.position > expected:
        return Verification(
            checked=checked,
            head=head,
            finding=Finding(
                position=expected,
                problem=f"event at position {expected} is missing "
                f"(the next stored one is at {row.position})",
            ),
        )
    computed = link(
        previous,
        position=row.position,
        originator_id=row.originator_id,
        originator_version=row.version,
        topic=row.topic,
        state=row.state,
    )
    problem = None
    if row.chain_hash is None:
        problem = "event has no chain hash (written around the recorder)"
    elif computed != row.chain_hash:
        problem = "stored event does not match its chain hash (edited, moved or inserted)"
    elif digest is not None and row.position == digest.position and computed.hex() != digest.hash:
        problem = "the log no longer extends the digest: another history up to here"
    if problem is not None:
        return Verification(checked=checked, head=head, finding=_finding(row, problem))
    return computed


def _id_bytes(database: Database) -> Callable[[Any], bytes]:
    """How a stored aggregate id becomes the 16 bytes its link hashes, on this store."""
    if database.dialect == "sqlite":
        return _sqlite_ids()
    return _uuid_bytes


def _uuid_bytes(value: UUID) -> bytes:
    return value.bytes


def _sqlite_ids() -> Callable[[str], bytes]:
    """SQLite keeps an aggregate id as 32 lowercase hex digits; any other spelling hides the
    event from its aggregate, so it is refused here and judged in `_check` (by `_uuid`). Ids
    met recently are remembered: an aggregate's events lie close together in the log. (A
    closure: called once per event, it costs less than an object's `__call__`.)"""
    known: dict[str, bytes] = {}
    remembered = known.get

    def id_bytes(text: str) -> bytes:
        raw = remembered(text)
        if raw is not None:
            return raw
        raw = bytes.fromhex(text)
        # Exactly 16 bytes: a shorter id would be padded with zeros where the link packs it.
        if len(raw) != 16 or raw.hex() != text:
            raise ValueError("not the one spelling of an id")
        if len(known) >= _IDS_KEPT:
            known.clear()
        known[text] = raw
        return raw

    return id_bytes


#: Ids remembered at once while verifying SQLite's log.
_IDS_KEPT = 4096


def _finding(row: LogRow, problem: str) -> Finding:
    return Finding(
        position=row.position,
        problem=problem,
        aggregate_id=str(row.originator_id),
        version=row.version,
        event_type=row.topic,
    )
