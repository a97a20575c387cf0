"""A backup cut short or edited anywhere is refused by `opsledger restore`, naming the line
(and position) and what is wrong, and the store is left as empty as it was: a SQLite file the
restore would have created does not exist afterwards; a PostgreSQL database holds no event and
no read-model row. SQLite file and PostgreSQL."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from infrastructure.store.url import StoreUrl
from tests.infrastructure.backup.backup_lines import (
    document,
    line_of,
    read_lines,
    state_of,
    with_state,
    write_lines,
)
from tests.infrastructure.backup.filled import Filled, raw_rows
from tests.infrastructure.cli.command_line import Cli
from tests.integrity.raw_log import GENESIS_HASH, RawLog, StoredRow, expected_link

#: The event whose line is edited: position 10 lies on line 11 (the header is line 1).
EDITED = 10


@pytest.fixture(scope="module")
def backup_file(sqlite_source: Filled, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A backup of the filled SQLite source, written once; tests change copies of it."""
    from infrastructure.cli.main import main

    path = tmp_path_factory.mktemp("backup") / "intact.gz"
    assert main(["--store", sqlite_source.url, "backup", str(path)]) == 0
    return path


@pytest.fixture
def lines(backup_file: Path) -> list[bytes]:
    return read_lines(backup_file)


def assert_left_empty(url: str) -> None:
    """Nothing was restored: no store file where there was none, or no event and no row of any
    read model."""
    store = StoreUrl.parse(url)
    if store.kind == "sqlite":
        assert not Path(store.path).exists()
        assert not Path(f"{store.path}-wal").exists()
        return
    with RawLog(url) as raw:
        if raw.query("SELECT to_regclass('public.opsledger_events')") == [(None,)]:
            return  # refused before the store was opened: not even a table
        assert raw.size() == 0
        for table in ("audit_trail", "records", "deadlines", "snapshots"):
            assert raw.query(f"SELECT count(*) FROM {table}") == [(0,)], table
        # Every read model is there, empty, at position 0.
        assert raw.query("SELECT count(*) FROM projection_positions WHERE position <> 0") == [(0,)]


def restore(cli: Cli, target: str, path: Path) -> tuple[int, str]:
    outcome = cli("--store", target, "restore", str(path))
    assert outcome.out == ""
    return outcome.status, outcome.err


def refusal(path: Path, where: str, problem: str) -> str:
    return f"opsledger restore: {path} {where}: {problem}; nothing was restored\n"


MISMATCH = (
    "the event does not match its chain hash (its stored bytes, ids, topic or hash were edited)"
)


class TestCutShort:
    """A file cut anywhere lacks its trailer, or its compressed stream ends early."""

    def test_compressed_file_cut_in_the_middle(
        self, cli: Cli, target: str, backup_file: Path, tmp_path: Path
    ) -> None:
        cut = tmp_path / "cut.gz"
        data = backup_file.read_bytes()
        cut.write_bytes(data[: len(data) // 2])

        status, err = restore(cli, target, cut)

        assert status == 1
        assert err.startswith(f"opsledger restore: {cut} line ")
        assert err.endswith(
            ": the compressed file is cut short: the backup is incomplete; nothing was restored\n"
        )
        assert_left_empty(target)

    def test_lines_cut_from_the_end_and_compressed_again(
        self, cli: Cli, target: str, lines: list[bytes], tmp_path: Path
    ) -> None:
        kept = lines[:-4]  # the trailer and the last three events
        cut = write_lines(tmp_path / "cut.gz", kept)

        status, err = restore(cli, target, cut)

        events = len(lines) - 2 - 3
        assert (status, err) == (
            1,
            refusal(
                cut,
                f"line {len(kept)}",
                f"the file ends after {events} event(s) without its trailer: "
                "the backup is cut short",
            ),
        )
        assert_left_empty(target)

    def test_a_line_removed_from_the_middle(
        self, cli: Cli, target: str, lines: list[bytes], tmp_path: Path
    ) -> None:
        edited = write_lines(tmp_path / "gap.gz", lines[:EDITED] + lines[EDITED + 1 :])

        status, err = restore(cli, target, edited)

        assert (status, err) == (
            1,
            refusal(
                edited,
                f"line {EDITED + 1} (position {EDITED + 1})",
                f"holds position {EDITED + 1} where {EDITED} belongs "
                "(a line was removed, repeated or moved)",
            ),
        )
        assert_left_empty(target)


class TestEdited:
    """An edited line breaks its link; a chain forged anew no longer ends in the trailer's
    digest; an edited trailer no longer matches the events."""

    def test_stored_bytes_changed(
        self, cli: Cli, target: str, lines: list[bytes], tmp_path: Path
    ) -> None:
        entry = document(lines[EDITED])
        state = state_of(entry)
        assert b'"u-' in state
        lines[EDITED] = line_of(with_state(entry, state.replace(b'"u-', b'"x-', 1)))
        edited = write_lines(tmp_path / "edited.gz", lines)

        status, err = restore(cli, target, edited)

        assert (status, err) == (
            1,
            refusal(edited, f"line {EDITED + 1} (position {EDITED})", MISMATCH),
        )
        assert_left_empty(target)

    def test_chain_hash_changed(
        self, cli: Cli, target: str, lines: list[bytes], tmp_path: Path
    ) -> None:
        entry = document(lines[EDITED])
        lines[EDITED] = line_of({**entry, "hash": document(lines[EDITED - 1])["hash"]})
        edited = write_lines(tmp_path / "edited.gz", lines)

        status, err = restore(cli, target, edited)

        assert (status, err) == (
            1,
            refusal(edited, f"line {EDITED + 1} (position {EDITED})", MISMATCH),
        )
        assert_left_empty(target)

    def test_chain_forged_again_after_an_edit(
        self, cli: Cli, target: str, lines: list[bytes], tmp_path: Path
    ) -> None:
        """Whoever edits an event and recomputes every hash after it still cannot match the
        trailer's digest without editing that too."""
        events, head = _forged(lines)
        forged = write_lines(tmp_path / "forged.gz", [lines[0], *map(line_of, events), lines[-1]])
        trailer = document(lines[-1])["digest"]

        status, err = restore(cli, target, forged)

        count = len(events)
        assert (status, err) == (
            1,
            refusal(
                forged,
                f"line {len(lines)}",
                f"the trailer's digest (position {trailer['position']}, hash {trailer['hash']}) "
                f"is not the head of the chain the file holds (position {count}, hash "
                f"{head})",
            ),
        )
        assert_left_empty(target)

    def test_forged_trailer_and_all_is_caught_by_the_kept_digest(
        self, cli: Cli, target: str, lines: list[bytes], tmp_path: Path, sqlite_source: Filled
    ) -> None:
        """A backup forged from the edit to its end, trailer included, restores; the digest
        kept from the source is what proves it is not the log that was backed up."""
        kept = tmp_path / "kept.json"
        kept.write_text(cli("--store", sqlite_source.url, "audit", "digest").out)
        events, head = _forged(lines)
        trailer = document(lines[-1])
        trailer["digest"]["hash"] = head
        forged = write_lines(
            tmp_path / "forged.gz", [lines[0], *map(line_of, events), line_of(trailer)]
        )

        restored = cli("--store", target, "restore", str(forged))
        verified = cli("--store", target, "audit", "verify", "--digest", str(kept))

        assert restored.status == 0, restored.err
        assert verified.status == 1
        assert "the log no longer extends the digest" in verified.out

    def test_forged_into_an_unreadable_event(
        self, cli: Cli, target: str, lines: list[bytes], tmp_path: Path
    ) -> None:
        """The log goes back as the file holds it (payloads this process cannot read may be
        encrypted); a read model that cannot be built from it is reported, not hidden."""
        events, head = _forged(lines, lambda state: b'{"forged": true}')
        trailer = document(lines[-1])
        trailer["digest"]["hash"] = head
        forged = write_lines(
            tmp_path / "forged.gz", [lines[0], *map(line_of, events), line_of(trailer)]
        )

        restored = cli("--store", target, "restore", str(forged))

        count = len(events)
        assert restored.status == 1
        assert restored.err.startswith(
            f"opsledger restore: the log was restored ({count} events, position {count}, hash "
            f"{head}) but the read models could not be rebuilt from it: cannot read stored event "
        )
        assert restored.err.endswith(
            "; once that is put right, run `opsledger projections rebuild`\n"
        )
        assert len(restored.err.splitlines()) == 1
        assert len(raw_rows(target)) == count

    @pytest.mark.parametrize(
        ("edit", "problem"),
        [
            (
                lambda trailer: {**trailer, "entries": trailer["entries"] - 1},
                lambda n, head: f"the trailer counts {n - 1} events, the file holds {n}",
            ),
            (
                lambda trailer: {**trailer, "digest": {**trailer["digest"], "hash": "0" * 64}},
                lambda n, head: (
                    f"the trailer's digest (position {n}, hash {'0' * 64}) is not "
                    f"the head of the chain the file holds (position {n}, hash {head})"
                ),
            ),
        ],
        ids=["count", "digest"],
    )
    def test_trailer_edited(
        self,
        cli: Cli,
        target: str,
        lines: list[bytes],
        tmp_path: Path,
        edit: Callable[[dict[str, object]], dict[str, object]],
        problem: Callable[[int, str], str],
    ) -> None:
        trailer = document(lines[-1])
        head = trailer["digest"]["hash"]
        lines[-1] = line_of(edit(trailer))
        edited = write_lines(tmp_path / "edited.gz", lines)

        status, err = restore(cli, target, edited)

        count = len(lines) - 2
        assert (status, err) == (1, refusal(edited, f"line {len(lines)}", problem(count, head)))
        assert_left_empty(target)


class TestNotABackup:
    """Anything else is refused at its first line, before the store is touched."""

    @pytest.mark.parametrize(
        ("content", "problem"),
        [
            (b"", "the file is empty, not an opsledger backup"),
            (b"date,amount\n2026-07-01,12.50\n", "is not JSON (cut short or edited)"),
            (
                b'{"type": "complaint.register"}\n',
                "not an opsledger backup (the first line names no 'opsledger-backup')",
            ),
            (
                b'{"format": "opsledger-backup", "format_version": 2}\n',
                "format version 2 is not one this opsledger reads (1)",
            ),
        ],
        ids=["empty", "csv", "a command", "newer format"],
    )
    def test_refused_at_line_one(
        self, cli: Cli, target: str, tmp_path: Path, content: bytes, problem: str
    ) -> None:
        other = tmp_path / "other.gz"
        other.write_bytes(gzip.compress(content))

        status, err = restore(cli, target, other)

        assert (status, err) == (1, refusal(other, "line 1", problem))
        assert_left_empty(target)

    def test_a_missing_file_is_a_usage_error(self, cli: Cli, target: str, tmp_path: Path) -> None:
        missing = tmp_path / "nowhere.gz"

        status, err = restore(cli, target, missing)

        assert (status, err) == (
            2,
            f"opsledger restore: cannot read {missing}: No such file or directory\n",
        )
        assert_left_empty(target)


def _forged(
    lines: list[bytes],
    forge: Callable[[bytes], bytes] = lambda state: state.replace(b'"u-', b'"x-'),
) -> tuple[list[dict[str, Any]], str]:
    """The backup's events with one payload forged (by default, another actor id in it) and
    every chain hash from there on recomputed (from DESIGN §2.5, by the tests' own link), and
    the new head hash."""
    events = [document(line) for line in lines[1:-1]]
    events[EDITED - 1] = with_state(events[EDITED - 1], forge(state_of(events[EDITED - 1])))
    previous = GENESIS_HASH
    for entry in events:
        row = StoredRow(
            position=entry["position"],
            originator_id=UUID(entry["originator_id"]),
            version=entry["version"],
            topic=entry["topic"],
            state=state_of(entry),
            chain_hash=None,
        )
        previous = expected_link(previous, row)
        entry["hash"] = previous.hex()
    return events, previous.hex()
