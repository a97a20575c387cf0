"""The restore drill through the real command line, between every pair of store kinds: keep
the digest, back up, restore into an empty store, `audit verify --digest` passes; the log is
the same byte for byte, every history and read model is identical, and new commands carry on
the chain from where it ended. This is also the way from SQLite to PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from tests.application import complaint_envelopes
from tests.infrastructure.backup.filled import Filled, raw_rows, read_models
from tests.infrastructure.cli.command_line import Cli
from tests.infrastructure.cli.story_lines import history_of
from tests.integrity.raw_log import chain_problems

PAIRS = [
    ("sqlite_source", "sqlite_target"),
    pytest.param(("sqlite_source", "pg_target"), marks=pytest.mark.postgres),
    pytest.param(("pg_source", "sqlite_target"), marks=pytest.mark.postgres),
    pytest.param(("pg_source", "pg_target"), marks=pytest.mark.postgres),
]


@pytest.fixture(params=PAIRS, ids=["sqlite-sqlite", "sqlite-pg", "pg-sqlite", "pg-pg"])
def drill(request: pytest.FixtureRequest) -> tuple[Filled, str]:
    """A filled source and an empty target, for each pair of store kinds."""
    source_name, target_name = request.param
    source: Filled = request.getfixturevalue(source_name)
    target: str = request.getfixturevalue(target_name)
    return source, target


class TestDrill:
    """Backup, restore into an empty store, verify against the digest kept from the source."""

    def test_restored_store_is_the_source_again(
        self, drill: tuple[Filled, str], cli: Cli, tmp_path: Path
    ) -> None:
        source, target = drill
        kept = cli("--store", source.url, "audit", "digest")
        assert kept.status == 0, kept.err
        digest_file = tmp_path / "kept-digest.json"
        digest_file.write_text(kept.out)
        backup_file = str(tmp_path / "opsledger-backup.jsonl.gz")

        backed_up = cli("--store", source.url, "backup", backup_file)
        restored = cli("--store", target, "restore", backup_file)
        verified = cli("--store", target, "audit", "verify", "--digest", str(digest_file))

        assert backed_up.status == 0, backed_up.err
        assert backed_up.out == kept.out, "backup prints the digest audit digest printed"
        assert (backed_up.err, restored.err) == ("", "")
        assert restored.status == 0
        assert verified.status == 0, verified.out
        source_rows = raw_rows(source.url)
        assert raw_rows(target) == source_rows, "same positions, ids, bytes and chain hashes"
        assert len(source_rows) > 60
        for record in source.ids:
            assert history_of(cli, target, record) == history_of(cli, source.url, record)
        assert read_models(target) == read_models(source.url)

    def test_commands_after_a_restore_carry_on_the_chain(
        self, drill: tuple[Filled, str], cli: Cli, tmp_path: Path
    ) -> None:
        source, target = drill
        backup_file = str(tmp_path / "backup.gz")
        assert cli("--store", source.url, "backup", backup_file).status == 0
        assert cli("--store", target, "restore", backup_file).status == 0
        before = raw_rows(source.url)
        classified = source.ids[2]  # the complaint left classified, breached by the sweep
        last_version = history_of(cli, source.url, classified)[-1]["version"]
        commands = tmp_path / "more.jsonl"
        commands.write_bytes(
            orjson.dumps(complaint_envelopes.command("assign", classified))
            + b"\n"
            + orjson.dumps(complaint_envelopes.command("register"))
            + b"\n"
        )

        submitted = cli("--store", target, "--format", "json", "submit", str(commands))

        assert submitted.status == 0, submitted.out
        assigned, registered = submitted.json_lines()
        assert (assigned["version"], registered["version"]) == (last_version + 1, 1)
        after = raw_rows(target)
        assert after[: len(before)] == before
        assert [row.position for row in after] == list(range(1, len(after) + 1))
        assert len(after) >= len(before) + 2
        assert chain_problems(after) == []
        assert cli("--store", target, "audit", "verify").status == 0
