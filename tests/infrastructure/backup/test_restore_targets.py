"""`opsledger restore FILE` goes only into an empty store: a store holding events is refused
in one line and left as it was; an existing store without events (its tables created) is
restored into, and stays empty when the backup is refused. On PostgreSQL the position sequence
is moved past the restored log. SQLite file and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from infrastructure.opsledger import Opsledger
from infrastructure.store.url import StoreUrl
from projections.registry import PROJECTIONS
from tests.application import complaint_envelopes
from tests.clocks import FixedClock
from tests.infrastructure.backup.backup_lines import read_lines, write_lines
from tests.infrastructure.backup.filled import Filled, raw_rows
from tests.infrastructure.cli.command_line import Cli
from tests.integrity.raw_log import RawLog


@pytest.fixture(scope="module")
def backup_file(sqlite_source: Filled, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from infrastructure.cli.main import main

    path = tmp_path_factory.mktemp("backup") / "backup.gz"
    assert main(["--store", sqlite_source.url, "backup", str(path)]) == 0
    return path


class TestStoreWithEvents:
    """Restoring over a log would mix two histories: refused, and nothing changes."""

    def test_refused_in_one_line(self, cli: Cli, target: str, backup_file: Path) -> None:
        clock = FixedClock()
        with Opsledger.open(target, clock=clock) as ledger:
            complaint_envelopes.drive(ledger, clock, "acknowledged")
        before = raw_rows(target)

        outcome = cli("--store", target, "restore", str(backup_file))

        display = StoreUrl.parse(target).display()
        assert (outcome.status, outcome.out, outcome.err) == (
            1,
            "",
            f"opsledger restore: the store {display} already holds events (its log reaches "
            f"position {len(before)}): restore only into an empty store\n",
        )
        assert raw_rows(target) == before

    def test_a_second_restore_is_refused(self, cli: Cli, target: str, backup_file: Path) -> None:
        assert cli("--store", target, "restore", str(backup_file)).status == 0
        before = raw_rows(target)

        outcome = cli("--store", target, "restore", str(backup_file))

        assert outcome.status == 1
        assert "already holds events" in outcome.err
        assert raw_rows(target) == before


class TestEmptyStore:
    """A store opened before but holding no event is a store to restore into."""

    def test_restored_into(self, cli: Cli, target: str, backup_file: Path) -> None:
        Opsledger.open(target).close()

        outcome = cli("--store", target, "restore", str(backup_file))

        rows = raw_rows(target)
        assert outcome.status == 0, outcome.err
        assert outcome.out.splitlines() == [
            f"restored {len(rows)} event(s) into {StoreUrl.parse(target).display()}: position "
            f"{len(rows)}, hash {rows[-1].chain_hash.hex() if rows[-1].chain_hash else ''}",
            *(f"{p.name}: rebuilt from {len(rows)} event(s)" for p in PROJECTIONS),
            "deadlines: 3 running",
        ]

    def test_stays_empty_when_the_backup_is_refused(
        self, cli: Cli, target: str, backup_file: Path, tmp_path: Path
    ) -> None:
        Opsledger.open(target).close()
        cut = write_lines(tmp_path / "cut.gz", read_lines(backup_file)[:-1])

        outcome = cli("--store", target, "restore", str(cut))

        assert outcome.status == 1
        assert "without its trailer" in outcome.err
        with RawLog(target) as raw:
            assert raw.size() == 0
            assert raw.query("SELECT count(*) FROM audit_trail") == [(0,)]


@pytest.mark.postgres
class TestPostgresSequence:
    """The log's position column keeps its sequence: after a restore it stands at the last
    restored position, as if the events had been appended there."""

    def test_moved_past_the_restored_log(self, cli: Cli, pg_target: str, backup_file: Path) -> None:
        assert cli("--store", pg_target, "restore", str(backup_file)).status == 0

        with RawLog(pg_target) as raw:
            sequence = raw.query(
                "SELECT last_value, is_called FROM opsledger_events_notification_id_seq"
            )
            size = raw.size()

        assert sequence == [(size, True)]
