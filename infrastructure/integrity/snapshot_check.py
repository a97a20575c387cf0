"""Snapshots checked against the log: each must equal a replay of its aggregate's events."""

from __future__ import annotations

import attrs
import orjson

from application.commands.catalogue import KINDS
from application.errors import PayloadKeyMissing
from application.ledger import Ledger, latest_business_time
from infrastructure.serialisation.codec import to_primitive
from infrastructure.sql.snapshots_table import SqlSnapshots, StoredSnapshot


@attrs.frozen(kw_only=True)
class SnapshotCheck:
    """How many snapshots were replayed, the first that did not match, if any, and how many
    could not be compared for want of the key their payloads are encrypted with."""

    checked: int
    finding: str | None
    unchecked: int = 0

    @property
    def ok(self) -> bool:
        return self.finding is None


def verify_snapshots(ledger: Ledger, snapshots: SqlSnapshots) -> SnapshotCheck:
    """Replay every snapshotted aggregate up to the snapshot's version, from the log alone; a
    snapshot that differs in anything a load uses (state, version, latest business time) was
    edited, or written by a bug, and would change what loads see. Without the key, encrypted
    snapshots are counted as unchecked: the chain alone needs no key."""
    checked = unchecked = 0
    for row in snapshots.all():
        try:
            problem = _problem(ledger, row)
        except PayloadKeyMissing:
            unchecked += 1
            continue
        if problem is not None:
            where = f"snapshot of {row.aggregate_type} {row.aggregate_id} at version {row.version}"
            return SnapshotCheck(checked=checked, finding=f"{where} {problem}", unchecked=unchecked)
        checked += 1
    return SnapshotCheck(checked=checked, finding=None, unchecked=unchecked)


def _problem(ledger: Ledger, row: StoredSnapshot) -> str | None:
    """What is wrong with the snapshot, if anything; `PayloadKeyMissing` when its state or its
    events are encrypted with a key not given."""
    if row.key_missing is not None:
        raise row.key_missing
    kind = KINDS.get(row.aggregate_type)
    if kind is None:
        return "names an unknown aggregate type"
    events = ledger.history(row.aggregate_id, upto_version=row.version)
    if not events or events[-1].originator_version != row.version:
        return "names a version the log does not hold"
    if any(e.aggregate_type != kind.name for e in events):
        return "stands on events of another kind"
    if row.state_version != kind.state_version:
        return None  # an older format: loads never use it
    try:
        replayed = to_primitive(kind.fold(None, [e.event for e in events]))
    except (TypeError, ValueError) as error:
        return f"cannot be replayed: {error}"
    same_state = _canonical(replayed) == _canonical(row.state)
    if not same_state or row.last_occurred_at != latest_business_time(events):
        return "does not match a replay of its events"
    return None


def _canonical(value: object) -> bytes:
    """JSON bytes with sorted keys: 99 and 99.0, 0 and false, stay different."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS, default=str)
