"""What an operation did: a sweep, a catch-up, a verification of the chain."""

from __future__ import annotations

import io
from collections.abc import Callable
from uuid import UUID

import orjson

from application.sweep import Breach, SweepReport
from infrastructure.integrity.snapshot_check import SnapshotCheck
from infrastructure.integrity.verify import Digest, Finding, Verification
from infrastructure.presentation.reports import show_applied, show_sweep, show_verification

ORDER_ID = UUID("0b8f3a10-5d2e-4c6b-9a7f-1e2d3c4b5a69")
HEAD = Digest(position=42, hash="ab" * 32)


def shown(show: Callable[..., None], *args: object, **kwargs: object) -> str:
    """What `show` writes."""
    out = io.StringIO()
    show(*args, out=out, **kwargs)
    return out.getvalue()


class TestSweep:
    REPORT = SweepReport(
        examined=3,
        breaches=(
            Breach(
                aggregate_type="order",
                aggregate_id=ORDER_ID,
                event_type="OrderDeliveryOverdue",
                detail="delivery",
            ),
        ),
    )

    def test_a_count_then_one_row_per_breach(self) -> None:
        assert shown(show_sweep, self.REPORT, as_json=False).splitlines() == [
            "examined 3, appended 1 breach event(s)",
            "aggregate  id                                    event                 which",
            "---------  ------------------------------------  --------------------  --------",
            f"order      {ORDER_ID}  OrderDeliveryOverdue  delivery",
        ]

    def test_nothing_appended_is_one_line(self) -> None:
        report = SweepReport(examined=0, breaches=())
        assert (
            shown(show_sweep, report, as_json=False) == "examined 0, appended 0 breach event(s)\n"
        )

    def test_json(self) -> None:
        assert orjson.loads(shown(show_sweep, self.REPORT, as_json=True)) == {
            "examined": 3,
            "breaches": [
                {
                    "type": "order",
                    "id": str(ORDER_ID),
                    "event": "OrderDeliveryOverdue",
                    "which": "delivery",
                }
            ],
        }


class TestApplied:
    def test_one_line_per_projection(self) -> None:
        text = shown(show_applied, {"audit_trail": 5}, verb="rebuilt from", as_json=False)
        assert text == "audit_trail: rebuilt from 5 event(s)\n"


class TestVerification:
    def test_all_good(self) -> None:
        result = Verification(checked=42, head=HEAD, finding=None)
        text = shown(
            show_verification, result, SnapshotCheck(checked=2, finding=None), as_json=False
        )
        assert text.splitlines() == [
            f"ok: 42 events verified; head 42 {HEAD.hash}",
            "ok: 2 snapshots match a replay of their events",
        ]

    def test_names_the_first_event_that_differs(self) -> None:
        finding = Finding(
            position=7,
            problem="stored bytes changed",
            aggregate_id=str(ORDER_ID),
            version=2,
            event_type="PaymentReceived",
        )
        result = Verification(checked=6, head=HEAD, finding=finding)
        text = shown(show_verification, result, as_json=False)
        assert text.splitlines() == [
            "FAILED after 6 good events: stored bytes changed",
            f"  position 7, PaymentReceived of {ORDER_ID} version 2",
        ]
        document = orjson.loads(shown(show_verification, result, as_json=True))
        assert (document["ok"], document["finding"]["position"]) == (False, 7)
        assert "snapshots" not in document
