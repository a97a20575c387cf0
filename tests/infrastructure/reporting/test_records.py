"""The records read model and `opsledger list`: records found without their ids, each row as
worked out here from the commands sent. Both stores."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from infrastructure.opsledger import Opsledger
from infrastructure.reporting.records import RecordQuery, find_records
from infrastructure.sql.projection_view import read_row
from projections.records import RECORDS
from tests.application import complaint_envelopes as complaints
from tests.application import order_envelopes as orders
from tests.clocks import FixedClock

#: FixedClock's start: 2026-07-01 01:30 UTC.
T0 = datetime(2026, 7, 1, 1, 30, tzinfo=UTC)


def _ids(rows: list[dict[str, object]]) -> list[object]:
    return [row["aggregate_id"] for row in rows]


class Story:
    """Three complaints and one order, one hour of clock time apart where driven:
    - `fresh`: received at T0, nothing more;
    - `assigned`: received at T0 + 1 h, walked to assigned (to quality, u-quality-7);
    - `other`: received at T0 + 5 h from another customer;
    - `order`: drafted at T0 + 6 h by u-rep-1 of sales, still a draft."""

    def __init__(self, ledger: Opsledger, clock: FixedClock) -> None:
        self.fresh = complaints.drive(ledger, clock)
        clock.advance(hours=1)
        self.assigned = complaints.drive(ledger, clock, "assigned")  # 3 more hours
        clock.advance(hours=1)
        body = complaints.command("register")
        body["payload"]["customer_id"] = "c-9999"
        other = ledger.submit(body)
        assert other.aggregate_id is not None
        self.other: UUID = other.aggregate_id
        clock.advance(hours=1)
        self.order = orders.drive(ledger, clock)
        ledger.projections.catch_up()


def test_rows_hold_what_each_record_says(ledger: Opsledger, clock: FixedClock) -> None:
    story = Story(ledger, clock)
    (fresh,) = [r for r in find_records(ledger.database, RecordQuery(kind="complaint"))
                if r["aggregate_id"] == story.fresh]  # fmt: skip
    assert fresh == {
        "aggregate_id": story.fresh,
        "aggregate_type": "complaint",
        "status": "received",
        # No department is named until assignment: the receiving agent's.
        "department": "customer_service",
        "customer": "c-1001",
        "people": {"received_by": "u-cs-1"},
        "opened_at": T0,
        "updated_at": T0,
        "next_deadline": T0 + timedelta(hours=24),  # acknowledge within 24 h
        "version": 1,
    }
    (assigned,) = find_records(ledger.database, RecordQuery(kind="complaint", status="assigned"))
    assert assigned["aggregate_id"] == story.assigned
    assert assigned["department"] == "quality"
    assert assigned["people"] == {"received_by": "u-cs-1", "assignee_id": "u-quality-7"}
    assert assigned["opened_at"] == T0 + timedelta(hours=1)
    assert assigned["updated_at"] == T0 + timedelta(hours=4)
    assert assigned["version"] == 4
    (order,) = find_records(ledger.database, RecordQuery(kind="order"))
    assert (order["aggregate_id"], order["status"], order["department"]) == (
        story.order,
        "draft",
        "sales",
    )
    assert order["people"] == {"sales_rep_id": "u-rep-1"}
    assert order["customer"] == "c-2001"


def test_the_stored_state_is_the_aggregates(ledger: Opsledger, clock: FixedClock) -> None:
    story = Story(ledger, clock)
    for aggregate_id in (story.fresh, story.assigned, story.other, story.order):
        (stored,) = ledger.database.query(
            "SELECT version FROM records WHERE aggregate_id = %s", (aggregate_id,)
        )
        assert stored[0] == ledger.state(aggregate_id)[1].version
    rows = ledger.database.query(
        f"SELECT {', '.join(c.name for c in RECORDS.columns)} FROM records"
    )
    for values in rows:
        row = read_row(ledger.database.dialect, RECORDS, values)
        assert row["state"] == ledger.state(row["aggregate_id"])[1].state


def test_filters(ledger: Opsledger, clock: FixedClock) -> None:
    story = Story(ledger, clock)

    def find(**query: Any) -> list[object]:
        return _ids(find_records(ledger.database, RecordQuery(**query)))

    assert find(kind="complaint") == [story.fresh, story.assigned, story.other]
    assert find(kind="complaint", customer="c-9999") == [story.other]
    assert find(kind="complaint", department="quality") == [story.assigned]
    assert find(kind="complaint", status="received") == [story.fresh, story.other]
    assert find(kind="complaint", start=T0 + timedelta(minutes=30)) == [
        story.assigned,
        story.other,
    ]
    assert find(kind="complaint", end=T0 + timedelta(hours=1)) == [story.fresh]
    assert find(kind="complaint", limit=1) == [story.fresh]
    # Acknowledgement due 24 h after receipt: at T0 + 24 h 30 min only `fresh` is overdue
    # (`assigned` was acknowledged; `other`, received at T0 + 5 h, is due at T0 + 29 h).
    assert find(kind="complaint", overdue_at=T0 + timedelta(hours=24, minutes=30)) == [story.fresh]
    assert find(kind="complaint", overdue_at=T0 + timedelta(hours=30)) == [
        story.fresh,
        story.other,
    ]
    assert find(kind="risk") == []


def test_rebuild_equals_live(ledger: Opsledger, clock: FixedClock) -> None:
    Story(ledger, clock)
    live = find_records(ledger.database, RecordQuery(kind="complaint"))
    ledger.projections.rebuild("records")
    assert find_records(ledger.database, RecordQuery(kind="complaint")) == live
