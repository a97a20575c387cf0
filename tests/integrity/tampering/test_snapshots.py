"""A snapshot is a cache of the log: `audit verify` replays every snapshotted aggregate and
names a snapshot that does not match its events. Both stores."""

from __future__ import annotations

from datetime import datetime
from typing import cast

import orjson
import pytest

from application.commands.complaint import COMPLAINT
from application.errors import NotFound
from application.snapshots import SNAPSHOT_AFTER_EVENTS
from domain.shared.recorded import Recorded
from infrastructure.bench.load_time import build_complaint
from infrastructure.cli.main import main
from infrastructure.integrity.snapshot_check import verify_snapshots
from infrastructure.opsledger import Opsledger


class TestVerifyReplaysSnapshots:
    def test_a_true_snapshot_passes(self, ledger: Opsledger) -> None:
        complaint_id = build_complaint(ledger, events=SNAPSHOT_AFTER_EVENTS)
        ledger.ledger.load(COMPLAINT, complaint_id)

        check = verify_snapshots(ledger.ledger, ledger.snapshots)

        assert (check.ok, check.checked) == (True, 1)

    def test_an_edited_snapshot_is_named(
        self, ledger: Opsledger, store_url: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        complaint_id = build_complaint(ledger, events=SNAPSHOT_AFTER_EVENTS)
        ledger.ledger.load(COMPLAINT, complaint_id)
        (row,) = ledger.snapshots.all()
        forged = dict(row.state, status="closed")
        with ledger.database.transaction() as cursor:
            cursor.execute("UPDATE snapshots SET state = %s", (orjson.dumps(forged).decode(),))

        check = verify_snapshots(ledger.ledger, ledger.snapshots)

        assert not check.ok
        assert check.finding is not None
        assert str(complaint_id) in check.finding
        assert main(["--store", store_url, "audit", "verify"]) == 1
        assert "does not match a replay" in capsys.readouterr().out

    @pytest.mark.parametrize(
        "forged_time",
        [None, "1999-01-01T00:00:00+00:00", "2099-01-01T00:00:00+00:00"],
    )
    def test_an_edited_latest_business_time_is_named(
        self, ledger: Opsledger, forged_time: str | None
    ) -> None:
        """The latest business time sets the floor for new commands' occurred_at: a snapshot
        that moves it is as false as one that changes the state."""
        complaint_id = build_complaint(ledger, events=SNAPSHOT_AFTER_EVENTS)
        ledger.ledger.load(COMPLAINT, complaint_id)
        value = None if forged_time is None else datetime.fromisoformat(forged_time)
        with ledger.database.transaction() as cursor:
            cursor.execute("UPDATE snapshots SET last_occurred_at = %s", (value,))

        check = verify_snapshots(ledger.ledger, ledger.snapshots)

        assert check.finding is not None
        assert "does not match a replay" in check.finding

    def test_a_number_respelt_as_a_float_is_named(self, ledger: Opsledger) -> None:
        complaint_id = build_complaint(ledger, events=SNAPSHOT_AFTER_EVENTS)
        ledger.ledger.load(COMPLAINT, complaint_id)
        (row,) = ledger.snapshots.all()
        forged = dict(row.state, escalation_level=float(row.state["escalation_level"]))
        with ledger.database.transaction() as cursor:
            cursor.execute("UPDATE snapshots SET state = %s", (orjson.dumps(forged).decode(),))

        assert not verify_snapshots(ledger.ledger, ledger.snapshots).ok


class TestASnapshotMustStandOnItsOwnStream:
    """A snapshot row forged for another stream (here a command's idempotency record) is not
    used by loads, and `audit verify` names it instead of failing."""

    def test_forged_for_a_command_record_stream(
        self, ledger: Opsledger, store_url: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        complaint_id = build_complaint(ledger, events=SNAPSHOT_AFTER_EVENTS)
        ledger.ledger.load(COMPLAINT, complaint_id)
        (row,) = ledger.snapshots.all()
        record_stream = next(
            r.originator_id for r in _all_recorded(ledger) if r.aggregate_type == "command"
        )
        with ledger.database.transaction() as cursor:
            cursor.execute(
                "INSERT INTO snapshots (aggregate_id, version, aggregate_type, state_version,"
                " state, last_occurred_at) VALUES (%s, 1, 'complaint', 1, %s, NULL)",
                (record_stream, orjson.dumps(row.state).decode()),
            )

        with pytest.raises(NotFound):
            ledger.ledger.load(COMPLAINT, record_stream)
        check = verify_snapshots(ledger.ledger, ledger.snapshots)
        assert check.finding is not None
        assert str(record_stream) in check.finding
        assert main(["--store", store_url, "audit", "verify"]) == 1
        out = capsys.readouterr().out
        assert out.startswith("ok: ")  # the log itself is intact, and says so
        assert "FAILED: snapshot" in out


def _all_recorded(ledger: Opsledger) -> list[Recorded]:
    notifications = ledger.ledger.recorder.select_notifications(start=None, limit=100_000)
    return [cast(Recorded, ledger.ledger.mapper.to_domain_event(n)) for n in notifications]
