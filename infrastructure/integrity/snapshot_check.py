"""Snapshots checked against the log: each must equal a replay of its aggregate's events."""

from __future__ import annotations

import attrs
import orjson

from application.commands.catalogue import KINDS
from application.ledger import Ledger, latest_business_time
from infrastructure.serialisation.codec import to_primitive
from infrastructure.sql.snapshots_table import SqlSnapshots, StoredSnapshot


@attrs.frozen(kw_only=True)
class SnapshotCheck:
    """How many snapshots were replayed, and the first that did not match, if any."""

    checked: int
    finding: str | None

    @property
    def ok(self) -> bool:
        return self.finding is None


def verify_snapshots(ledger: Ledger, snapshots: SqlSnapshots) -> SnapshotCheck:
    """Replay every snapshotted aggregate up to the snapshot's version, from the log alone; a
    snapshot that differs in anything a load uses (state, version, latest business time) was
    edited, or written by a bug, and would change what loads see."""
    checked = 0
    for row in snapshots.all():
        problem = _problem(ledger, row)
        if problem is not None:
            where = f"snapshot of {row.aggregate_type} {row.aggregate_id} at version {row.version}"
            return SnapshotCheck(checked=checked, finding=f"{where} {problem}")
        checked += 1
    return SnapshotCheck(checked=checked, finding=None)


def _problem(ledger: Ledger, row: StoredSnapshot) -> str | None:
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
