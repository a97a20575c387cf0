"""Snapshots: a long history is replayed once, later loads start from its snapshot, and the
state is the same either way. Both stores."""

from __future__ import annotations

from uuid import UUID

import orjson

from application.commands.complaint import COMPLAINT
from application.snapshots import SNAPSHOT_AFTER_EVENTS
from infrastructure.bench.load_time import build_complaint
from infrastructure.opsledger import Opsledger

LONG = SNAPSHOT_AFTER_EVENTS + 30


def snapshot_versions(ledger: Opsledger, complaint_id: UUID) -> list[int]:
    return [row.version for row in ledger.snapshots.all() if row.aggregate_id == complaint_id]


def replayed(ledger: Opsledger, complaint_id: UUID, upto: int | None = None) -> object:
    events = ledger.ledger.history(complaint_id, upto_version=upto)
    return COMPLAINT.fold(None, [r.event for r in events])


class TestALongReplayLeavesASnapshot:
    def test_the_first_load_snapshots_and_the_next_loads_agree(self, ledger: Opsledger) -> None:
        complaint_id = build_complaint(ledger, events=LONG)
        assert snapshot_versions(ledger, complaint_id) == []

        first = ledger.ledger.load(COMPLAINT, complaint_id)

        assert snapshot_versions(ledger, complaint_id) == [LONG]
        second = ledger.ledger.load(COMPLAINT, complaint_id)
        assert second == first
        assert second.state == replayed(ledger, complaint_id)
        assert second.state.escalation_level == LONG - 1

    def test_a_short_history_leaves_none(self, ledger: Opsledger) -> None:
        complaint_id = build_complaint(ledger, events=SNAPSHOT_AFTER_EVENTS - 1)
        ledger.ledger.load(COMPLAINT, complaint_id)
        assert snapshot_versions(ledger, complaint_id) == []


class TestLoadsStartFromTheRightSnapshot:
    def test_events_after_the_snapshot_are_folded_on_top(self, ledger: Opsledger) -> None:
        complaint_id = build_complaint(ledger, events=LONG)
        ledger.ledger.load(COMPLAINT, complaint_id)  # snapshot at LONG
        result = ledger.submit(
            {
                "type": "complaint.escalate",
                "command_id": "9a0e4c1b-7d3f-4e25-b861-2f5a0c9d7e31",
                "aggregate_id": str(complaint_id),
                "actor": {"id": "u-sm", "roles": ["service_manager"]},
                "reason": "still waiting",
                "payload": {"level": LONG},
            }
        )
        assert result.ok, result.to_json()

        loaded = ledger.ledger.load(COMPLAINT, complaint_id)

        assert loaded.version == LONG + 1
        assert loaded.state == replayed(ledger, complaint_id)

    def test_a_version_below_the_snapshot_replays_from_the_start(self, ledger: Opsledger) -> None:
        complaint_id = build_complaint(ledger, events=LONG)
        ledger.ledger.load(COMPLAINT, complaint_id)

        earlier = ledger.ledger.load(COMPLAINT, complaint_id, version=50)

        assert earlier.version == 50
        assert earlier.state == replayed(ledger, complaint_id, upto=50)

    def test_a_snapshot_of_another_state_format_is_not_used(self, ledger: Opsledger) -> None:
        complaint_id = build_complaint(ledger, events=LONG)
        ledger.ledger.load(COMPLAINT, complaint_id)
        with ledger.database.transaction() as cursor:
            cursor.execute("UPDATE snapshots SET state_version = 0")
            cursor.execute(
                "UPDATE snapshots SET state = %s",
                (orjson.dumps({"escalation_level": 999}).decode(),),
            )

        loaded = ledger.ledger.load(COMPLAINT, complaint_id)

        assert loaded.state.escalation_level == LONG - 1

    def test_an_unreadable_snapshot_is_replaced_by_the_events(self, ledger: Opsledger) -> None:
        complaint_id = build_complaint(ledger, events=LONG)
        ledger.ledger.load(COMPLAINT, complaint_id)
        with ledger.database.transaction() as cursor:
            cursor.execute(
                "UPDATE snapshots SET state = %s", (orjson.dumps({"no": "such state"}).decode(),)
            )

        loaded = ledger.ledger.load(COMPLAINT, complaint_id)

        assert loaded.state == replayed(ledger, complaint_id)
