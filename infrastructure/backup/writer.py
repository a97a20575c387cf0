"""Writing a backup: the snapshot's log, page by page, checked link by link as it is copied."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime
from typing import Any, cast
from uuid import UUID

import attrs
from eventsourcing.persistence import Mapper, StoredEvent

from domain.shared.recorded import Recorded
from infrastructure.backup.errors import LogDoesNotVerify
from infrastructure.backup.format import Entry, Header, Trailer
from infrastructure.backup.snapshot import LogSnapshot
from infrastructure.integrity.chain import GENESIS, link
from infrastructure.integrity.log_pages import stored_rows
from infrastructure.integrity.verify import Digest

#: How often (in events) the progress callback hears how far the copy is.
PROGRESS_EVERY = 1000


def write_backup(
    snapshot: LogSnapshot,
    out: io.BufferedIOBase,
    *,
    mapper: Mapper[UUID],
    created_at: datetime,
    progress: Callable[[int, int], None] | None = None,
) -> Trailer:
    """Copy every stored event of the snapshot to `out` as the backup format says. Each link is
    recomputed on the way: a log that does not verify is refused, since its copy could never be
    restored. Memory stays flat whatever the size of the log."""
    total = snapshot.size()
    out.write(Header(dialect=snapshot.dialect, created_at=created_at, entries=total).line())
    previous, count = GENESIS, 0
    for stored in stored_rows(snapshot):
        entry = _entry(stored, expected=count + 1)
        computed = link(
            previous,
            position=entry.position,
            originator_id=entry.originator_id,
            originator_version=entry.version,
            topic=entry.topic,
            state=entry.state,
        )
        if computed != entry.chain_hash:
            raise LogDoesNotVerify(
                position=entry.position,
                problem="stored event does not match its chain hash (edited, moved or inserted)",
            )
        out.write(_with_recorded_time(entry, mapper).line())
        previous, count = computed, count + 1
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count, total)
    if count != total:  # cannot happen inside one snapshot; said plainly if it ever does
        raise LogDoesNotVerify(
            position=count, problem=f"the log counted {total} events and read {count}"
        )
    trailer = Trailer(entries=count, digest=Digest(position=count, hash=previous.hex()))
    out.write(trailer.line())
    if progress is not None:
        progress(count, total)
    return trailer


def _entry(stored: tuple[Any, ...], *, expected: int) -> Entry:
    """A stored row as an entry, or the reason the log does not verify there."""
    position, originator_id, version, topic, state, chain_hash = stored
    if position != expected:
        problem = (
            f"an event lies at position {position}, outside the chain (1, 2, …)"
            if position < expected
            else f"event at position {expected} is missing (the next stored one is at {position})"
        )
        raise LogDoesNotVerify(position=min(position, expected), problem=problem)
    if chain_hash is None:
        raise LogDoesNotVerify(
            position=position, problem="event has no chain hash (written around the recorder)"
        )
    if isinstance(originator_id, str):  # SQLite keeps ids as text, in one spelling
        try:
            parsed = UUID(originator_id)
        except ValueError:
            parsed = None
        if parsed is None or parsed.hex != originator_id:
            raise LogDoesNotVerify(
                position=position, problem=f"aggregate id {originator_id!r} is not stored as one"
            )
        originator_id = parsed
    if (
        not isinstance(state, bytes | memoryview)
        or not isinstance(topic, str)
        or type(version) is not int
    ):
        raise LogDoesNotVerify(
            position=position, problem="stored event does not match its chain hash (edited)"
        )
    return Entry(
        position=position,
        originator_id=originator_id,
        version=version,
        topic=topic,
        state=bytes(state),
        chain_hash=bytes(chain_hash),
    )


def _with_recorded_time(entry: Entry, mapper: Mapper[UUID]) -> Entry:
    """The entry with its recorded time, read from its payload. A payload this process cannot
    read (encrypted under a key it lacks, or of a kind it does not know) still goes into the
    backup whole; only the time beside it is left empty."""
    stored = StoredEvent(
        originator_id=entry.originator_id,
        originator_version=entry.version,
        topic=entry.topic,
        state=entry.state,
    )
    try:
        recorded_at = cast(Recorded, mapper.to_domain_event(stored)).recorded_at
    except Exception:  # whatever the cipher, the codec or an upcaster raises: the time is extra
        return entry
    return attrs.evolve(entry, recorded_at=recorded_at.isoformat())
