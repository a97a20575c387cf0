"""`audit export`: what the bundle holds, checked against the log read by plain SQL and the
chain recomputed by the tests' own code; and its verifier, run with a bare interpreter, finds
a fresh export intact."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from infrastructure.bundle.errors import BundleError
from infrastructure.bundle.event_lines import EventLines
from infrastructure.serialisation.mapper import LedgerMapper
from infrastructure.serialisation.transcoder import OrjsonTranscoder
from tests.bundle.bundle_files import (
    Demo,
    digest,
    events,
    export,
    finding,
    lines,
    run_verifier,
)
from tests.integrity.raw_log import GENESIS_HASH, RawLog, StoredRow, chain_problems, head_hash

#: One event type of each of the six kinds of record, all of which the demo writes.
EVERY_KIND = {
    "ComplaintReceived",
    "OrderDrafted",
    "ProjectProposed",
    "BudgetDrafted",
    "RiskIdentified",
    "RectificationIssued",
}


def expected_line(row: StoredRow, previous: bytes) -> dict[str, object]:
    """The line one stored row must give, worked out from the row alone."""
    document = json.loads(row.state)
    assert row.chain_hash is not None
    return {
        "position": row.position,
        "originator_id": str(row.originator_id),
        "version": row.version,
        "topic": row.topic,
        "recorded_at": document["recorded_at"],
        "stored_bytes": base64.b64encode(row.state).decode("ascii"),
        "decoded": document,
        "hash": row.chain_hash.hex(),
        "previous_hash": previous.hex(),
    }


class TestWholeLog:
    """A bundle of the whole log holds every event exactly as stored."""

    def test_every_line_is_its_stored_event(self, demo: Demo, bundle: Path) -> None:
        assert chain_problems(demo.rows) == []
        exported = export(demo.url, bundle)

        previous = [GENESIS_HASH, *(row.chain_hash or b"" for row in demo.rows)]
        assert events(bundle) == [
            expected_line(row, previous[index]) for index, row in enumerate(demo.rows)
        ]
        assert exported.events == len(demo.rows)
        assert {row.topic for row in demo.rows} >= EVERY_KIND

    def test_the_digest_is_the_recomputed_head_and_the_range(
        self, demo: Demo, bundle: Path
    ) -> None:
        export(demo.url, bundle)

        assert digest(bundle) == {
            "position": len(demo.rows),
            "hash": head_hash(demo.rows).hex(),
            "from_position": 1,
            "to_position": len(demo.rows),
            "previous_hash": "0" * 64,
            "events": len(demo.rows),
        }

    def test_a_bare_interpreter_finds_it_intact(self, demo: Demo, bundle: Path) -> None:
        export(demo.url, bundle)

        verdict = run_verifier(bundle)

        assert verdict.status == 0, verdict
        assert verdict.out == (
            f"intact: {len(demo.rows):,} events, positions 1 to {len(demo.rows)}, "
            f"head hash {head_hash(demo.rows).hex()}\n"
        )
        assert verdict.err == ""

    def test_the_bundle_holds_its_four_files(self, demo: Demo, bundle: Path) -> None:
        export(demo.url, bundle)

        assert sorted(path.name for path in bundle.iterdir()) == [
            "README.md",
            "digest.json",
            "events.jsonl",
            "verify_bundle.py",
        ]
        readme = (bundle / "README.md").read_text(encoding="utf-8")
        assert f"positions 1 to {len(demo.rows)}" in readme
        assert "python3 -I verify_bundle.py" in readme


class TestRange:
    """A range starts from the hash before it, which digest.json names."""

    def test_a_range_holds_those_positions_and_verifies(self, demo: Demo, bundle: Path) -> None:
        first, last = 100, 250
        exported = export(demo.url, bundle, first=first, last=last)

        chosen = demo.rows[first - 1 : last]
        before = demo.rows[first - 2].chain_hash
        assert before is not None
        previous = [before, *(row.chain_hash or b"" for row in chosen)]
        assert events(bundle) == [
            expected_line(row, previous[index]) for index, row in enumerate(chosen)
        ]
        assert digest(bundle) == {
            "position": last,
            "hash": head_hash(demo.rows[:last]).hex(),
            "from_position": first,
            "to_position": last,
            "previous_hash": head_hash(demo.rows[: first - 1]).hex(),
            "events": last - first + 1,
        }
        assert (exported.first, exported.last) == (first, last)
        verdict = run_verifier(bundle)
        assert verdict.status == 0, verdict
        assert verdict.out.startswith(f"intact: {last - first + 1} events, positions 100 to 250")

    def test_a_range_past_the_end_stops_at_the_newest(self, demo: Demo, bundle: Path) -> None:
        newest = len(demo.rows)
        export(demo.url, bundle, first=newest - 4, last=newest + 1000)

        assert [line["position"] for line in events(bundle)] == list(range(newest - 4, newest + 1))
        assert run_verifier(bundle).status == 0

    def test_a_range_after_the_newest_is_refused(self, demo: Demo, bundle: Path) -> None:
        newest = len(demo.rows)
        with pytest.raises(BundleError, match=f"the log ends at position {newest}"):
            export(demo.url, bundle, first=newest + 1)
        assert not bundle.exists()


class TestDirectory:
    def test_a_directory_holding_files_is_refused(self, demo: Demo, bundle: Path) -> None:
        bundle.mkdir()
        (bundle / "notes.txt").write_text("mine")

        with pytest.raises(BundleError, match="is not empty"):
            export(demo.url, bundle)
        assert [path.name for path in bundle.iterdir()] == ["notes.txt"]

    def test_an_empty_directory_is_used(self, demo: Demo, bundle: Path) -> None:
        bundle.mkdir()
        export(demo.url, bundle)
        assert run_verifier(bundle).status == 0


@pytest.fixture
def tampered(demo: Demo) -> Iterator[RawLog]:
    """The demo's log to change directly in the database, written back afterwards."""
    with RawLog(demo.url) as raw:
        try:
            yield raw
        finally:
            raw.restore(demo.rows)


class TestTamperedStore:
    """A log changed in the database goes out as stored, and its verifier names the line, as
    `audit verify` names the position."""

    def test_unreadable_bytes_go_out_without_a_reading(
        self, demo: Demo, bundle: Path, tampered: RawLog
    ) -> None:
        tampered.update(12, state=b"\x00 not json")

        export(demo.url, bundle)

        line = events(bundle)[11]
        assert (line["decoded"], line["recorded_at"]) == (None, None)
        assert base64.b64decode(line["stored_bytes"]) == b"\x00 not json"
        assert finding(run_verifier(bundle)) == (
            "line 12 (position 12): edited: its stored bytes or fields do not give its hash"
        )

    def test_json_over_several_lines_stays_on_one(
        self, demo: Demo, bundle: Path, tampered: RawLog
    ) -> None:
        document = json.loads(demo.rows[19].state)
        tampered.update(20, state=json.dumps(document, indent=2).encode("utf-8"))

        export(demo.url, bundle)

        assert len(lines(bundle)) == len(demo.rows)
        assert events(bundle)[19]["decoded"] == document
        assert finding(run_verifier(bundle)) == (
            "line 20 (position 20): edited: its stored bytes or fields do not give its hash"
        )

    def test_bytes_that_are_not_utf8_have_no_reading(
        self, demo: Demo, bundle: Path, tampered: RawLog
    ) -> None:
        stored = demo.rows[19].state.replace(b'"reason":', b'"reason\xff":', 1)
        assert stored != demo.rows[19].state
        tampered.update(20, state=stored)

        export(demo.url, bundle)

        line = events(bundle)[19]
        assert (line["decoded"], line["recorded_at"]) == (None, None)
        assert base64.b64decode(line["stored_bytes"]) == stored

    def test_an_event_without_a_chain_hash(
        self, demo: Demo, bundle: Path, tampered: RawLog
    ) -> None:
        tampered.update(7, chain_hash=None)

        export(demo.url, bundle)

        assert [line["hash"] for line in events(bundle)[6:8]] == [
            None,
            (demo.rows[7].chain_hash or b"").hex(),
        ]
        assert events(bundle)[7]["previous_hash"] is None
        assert finding(run_verifier(bundle)).startswith("line 7: damaged")


class _Unreadable:
    """A cipher whose key is not at hand: every stored state fails to decrypt."""

    def encrypt(self, plaintext: bytes) -> bytes:
        return plaintext

    def decrypt(self, ciphertext: bytes) -> bytes:
        raise ValueError("wrong key")


class TestUnreadablePayloads:
    """Bytes the exporter cannot read still go out whole, and still verify."""

    def test_lines_without_a_reading_have_null_and_verify(self, demo: Demo, bundle: Path) -> None:
        export(demo.url, bundle)
        rows = [
            (row.position, row.originator_id, row.version, row.topic, row.state, row.chain_hash)
            for row in demo.rows
        ]
        without_key = LedgerMapper(transcoder=OrjsonTranscoder(), cipher=_Unreadable())  # type: ignore[arg-type]
        (bundle / "events.jsonl").write_bytes(
            EventLines(without_key, previous_hash=GENESIS_HASH).lines(rows)
        )

        written = events(bundle)
        assert {line["decoded"] for line in written} == {None}
        assert {line["recorded_at"] for line in written} == {None}
        assert [base64.b64decode(line["stored_bytes"]) for line in written] == [
            row.state for row in demo.rows
        ]
        assert run_verifier(bundle).status == 0
