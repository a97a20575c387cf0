"""A snapshot is a cache of the log: `audit verify` replays every snapshotted aggregate and
names a snapshot that does not match its events. Both stores."""

from __future__ import annotations

import orjson
import pytest

from application.commands.complaint import COMPLAINT
from application.snapshots import SNAPSHOT_AFTER_EVENTS
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
        forged = dict(row[4], status="closed")
        with ledger.database.transaction() as cursor:
            cursor.execute("UPDATE snapshots SET state = %s", (orjson.dumps(forged).decode(),))

        check = verify_snapshots(ledger.ledger, ledger.snapshots)

        assert not check.ok
        assert check.finding is not None
        assert str(complaint_id) in check.finding
        assert main(["--store", store_url, "audit", "verify"]) == 1
        assert "does not match a replay" in capsys.readouterr().out
