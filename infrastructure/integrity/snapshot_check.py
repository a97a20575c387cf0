"""Snapshots checked against the log: each must equal a replay of its aggregate's events."""

from __future__ import annotations

import attrs

from application.commands.catalogue import KINDS
from application.ledger import Ledger
from infrastructure.serialisation.codec import to_primitive
from infrastructure.sql.snapshots_table import SqlSnapshots


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
    snapshot that differs was edited (or written by a bug) and would change what loads see."""
    checked = 0
    for aggregate_id, version, aggregate_type, state_version, stored in snapshots.all():
        kind = KINDS.get(aggregate_type)
        where = f"snapshot of {aggregate_type} {aggregate_id} at version {version}"
        if kind is None:
            return SnapshotCheck(checked=checked, finding=f"{where}: unknown aggregate type")
        if state_version != kind.state_version:
            continue  # an older format, never used by loads
        events = ledger.history(aggregate_id, upto_version=version)
        if not events or events[-1].originator_version != version:
            return SnapshotCheck(checked=checked, finding=f"{where}: the log has no such version")
        replayed = to_primitive(kind.fold(None, [e.event for e in events]))
        if replayed != stored:
            return SnapshotCheck(
                checked=checked, finding=f"{where} does not match a replay of its events"
            )
        checked += 1
    return SnapshotCheck(checked=checked, finding=None)
