"""`opsledger backup FILE`: what the file holds (every stored event as stored, its recorded
time, a header and a trailer with the digest), how it is written (owner-only, renamed into
place when complete, never over a file without --force), that it is one consistent read while
commands go on being appended, and that a log which does not verify is not copied. SQLite file
and PostgreSQL."""

from __future__ import annotations

import base64
import io
import stat
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

import orjson
import pytest
from eventsourcing.persistence import MapperDeserialisationError, StoredEvent

from infrastructure.backup.snapshot import log_snapshot
from infrastructure.backup.writer import write_backup
from infrastructure.opsledger import Opsledger
from infrastructure.serialisation.mapper import LedgerMapper
from infrastructure.settings import StoreTimeouts
from infrastructure.store.url import StoreUrl
from projections.registry import PROJECTIONS
from tests.application import complaint_envelopes
from tests.clocks import FixedClock
from tests.infrastructure.backup.backup_lines import document, read_lines
from tests.infrastructure.backup.filled import Filled, fill, raw_rows
from tests.infrastructure.cli.command_line import Cli
from tests.integrity.raw_log import GENESIS_HASH, RawLog, head_hash


class TestContents:
    """Line 1 the header, then each stored event as stored, then the trailer."""

    def test_every_event_as_stored_between_header_and_trailer(
        self, source: Filled, cli: Cli, tmp_path: Path
    ) -> None:
        path = tmp_path / "backup.gz"
        before = datetime.now(UTC)

        outcome = cli("--store", source.url, "backup", str(path))

        rows = raw_rows(source.url)
        digest = {"position": len(rows), "hash": head_hash(rows).hex()}
        assert (outcome.status, outcome.err) == (0, "")
        assert orjson.loads(outcome.out) == digest
        header, *entries, trailer = map(document, read_lines(path))
        created_at = datetime.fromisoformat(header.pop("created_at"))
        assert before <= created_at <= datetime.now(UTC)
        assert header == {
            "format": "opsledger-backup",
            "format_version": 1,
            "dialect": StoreUrl.parse(source.url).kind,
            "entries": len(rows),
        }
        assert entries == [
            {
                "position": row.position,
                "originator_id": str(row.originator_id),
                "version": row.version,
                "topic": row.topic,
                "state": base64.b64encode(row.state).decode(),
                "hash": row.chain_hash.hex() if row.chain_hash else None,
                "recorded_at": orjson.loads(row.state)["recorded_at"],
            }
            for row in rows
        ]
        assert trailer == {"end": "opsledger-backup", "entries": len(rows), "digest": digest}

    def test_the_file_is_its_owners_alone_and_no_temporary_file_remains(
        self, source: Filled, cli: Cli, tmp_path: Path
    ) -> None:
        path = tmp_path / "backup.gz"

        assert cli("--store", source.url, "backup", str(path)).status == 0

        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("backup")) == [
            "backup.gz"
        ]


class TestWhereItGoes:
    """An existing file is replaced only with --force; a file that cannot be written is a usage
    error."""

    def test_refused_without_force(self, source: Filled, cli: Cli, tmp_path: Path) -> None:
        path = tmp_path / "backup.gz"
        path.write_bytes(b"last week's backup")

        outcome = cli("--store", source.url, "backup", str(path))

        assert (outcome.status, outcome.out, outcome.err) == (
            2,
            "",
            f"opsledger backup: {path} exists: name another file, or give --force to replace it\n",
        )
        assert path.read_bytes() == b"last week's backup"

    def test_replaced_with_force(self, source: Filled, cli: Cli, tmp_path: Path) -> None:
        path = tmp_path / "backup.gz"
        path.write_bytes(b"last week's backup")

        outcome = cli("--store", source.url, "backup", "--force", str(path))

        assert outcome.status == 0, outcome.err
        assert document(read_lines(path)[-1])["entries"] == len(raw_rows(source.url))

    def test_a_folder_that_does_not_exist(self, source: Filled, cli: Cli, tmp_path: Path) -> None:
        path = tmp_path / "no-such-folder" / "backup.gz"

        outcome = cli("--store", source.url, "backup", str(path))

        assert (outcome.status, outcome.out, outcome.err) == (
            2,
            "",
            f"opsledger backup: cannot write {path}: No such file or directory\n",
        )


class TestConsistentRead:
    """The backup is the log as one read transaction saw it: commands appended meanwhile are
    in the store and not in the copy, whose digest is the log's head when the read began."""

    def test_appends_during_the_backup_stay_out_of_it(self, target: str) -> None:
        fill(target)
        before = raw_rows(target)
        clock = FixedClock(datetime(2026, 8, 1, tzinfo=UTC))
        store = StoreUrl.parse(target)
        out = io.BytesIO()
        with (
            Opsledger.open(target, clock=clock) as ledger,
            log_snapshot(store, StoreTimeouts()) as snapshot,
        ):
            assert snapshot.size() == len(before)  # the read has begun
            complaint_envelopes.drive(ledger, clock, "acknowledged")

            trailer = write_backup(
                snapshot, out, mapper=ledger.ledger.mapper, created_at=clock.now()
            )

        assert len(raw_rows(target)) > len(before)
        assert trailer.entries == len(before)
        assert trailer.digest.to_json() == {
            "position": len(before),
            "hash": head_hash(before).hex(),
        }
        lines = out.getvalue().splitlines()
        assert len(lines) == len(before) + 2


class TestUnreadablePayloads:
    """A payload this process cannot read (e.g. encrypted under a key it does not hold) is
    still copied whole; only its recorded time is left empty."""

    def test_copied_with_no_recorded_time(self, source: Filled) -> None:
        class CannotRead(LedgerMapper):
            def to_domain_event(self, stored_event: StoredEvent) -> object:  # type: ignore[override]
                raise MapperDeserialisationError("encrypted under a key this process lacks")

        out = io.BytesIO()
        with (
            Opsledger.open(source.url) as ledger,
            log_snapshot(StoreUrl.parse(source.url), StoreTimeouts()) as snapshot,
        ):
            mapper = CannotRead(transcoder=ledger.ledger.mapper.transcoder)
            write_backup(snapshot, out, mapper=mapper, created_at=datetime.now(UTC))

        _, *entries, _ = map(orjson.loads, out.getvalue().splitlines())
        rows = raw_rows(source.url)
        assert [e["recorded_at"] for e in entries] == [None] * len(rows)
        assert [base64.b64decode(e["state"]) for e in entries] == [row.state for row in rows]


class TestRefused:
    """A log that does not verify is not copied: its copy could never be restored."""

    @pytest.mark.parametrize(
        ("tamper", "problem"),
        [
            (
                lambda raw: raw.update(7, state=b'{"edited": true}'),
                "stored event does not match its chain hash (edited, moved or inserted)",
            ),
            (
                lambda raw: raw.delete(7),
                "event at position 7 is missing (the next stored one is at 8)",
            ),
        ],
        ids=["edited", "deleted"],
    )
    def test_a_tampered_log(
        self,
        target: str,
        cli: Cli,
        tmp_path: Path,
        tamper: Callable[[RawLog], None],
        problem: str,
    ) -> None:
        fill(target)
        with RawLog(target) as raw:
            tamper(raw)
        path = tmp_path / "backup.gz"

        outcome = cli("--store", target, "backup", str(path))

        assert (outcome.status, outcome.out, outcome.err) == (
            1,
            "",
            f"opsledger backup: the log does not verify at position 7: {problem}; no backup "
            "was written (run `opsledger audit verify`, and take a physical copy of the store "
            "to investigate)\n",
        )
        assert list(tmp_path.glob("backup.gz*")) == []

    def test_a_sqlite_store_that_does_not_exist(self, cli: Cli, tmp_path: Path) -> None:
        url = f"sqlite:///{tmp_path / 'missing.db'}"

        outcome = cli("--store", url, "backup", str(tmp_path / "backup.gz"))

        assert (outcome.status, outcome.err) == (
            1,
            f"opsledger backup: there is no store at {url}\n",
        )
        assert sorted(p.name for p in tmp_path.iterdir()) == []


class TestEmptyLog:
    """A store without events backs up to a header and a trailer with the empty log's digest,
    and restores to a store whose first command takes position 1."""

    def test_round_trip(self, cli: Cli, tmp_path: Path, target: str) -> None:
        empty = f"sqlite:///{tmp_path / 'empty.db'}"
        Opsledger.open(empty).close()
        path = tmp_path / "backup.gz"

        backed_up = cli("--store", empty, "backup", str(path))
        restored = cli("--store", target, "--format", "json", "restore", str(path))
        with Opsledger.open(target) as ledger:
            registered = ledger.submit(complaint_envelopes.command("register"))

        genesis = {"position": 0, "hash": GENESIS_HASH.hex()}
        assert orjson.loads(backed_up.out) == genesis
        assert restored.json_lines() == [
            {
                "restored": 0,
                "digest": genesis,
                "projections": {projection.name: 0 for projection in PROJECTIONS},
                "deadlines": 0,
            }
        ]
        assert registered.ok
        assert [row.position for row in raw_rows(target)] == [1, 2]
        assert UUID(str(registered.aggregate_id)) in {row.originator_id for row in raw_rows(target)}
