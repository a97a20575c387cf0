"""A bundle changed after export: the verifier, run with a bare interpreter, exits 1 and names
the first line that differs, and how."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import UUID

import orjson
import pytest

from tests.bundle.bundle_files import (
    Demo,
    as_line,
    digest,
    events,
    export,
    finding,
    lines,
    run_verifier,
    write_lines,
)
from tests.integrity.raw_log import preimage

#: The line the tests change (1-based), well inside the log.
LINE = 10


@pytest.fixture
def exported(demo: Demo, bundle: Path) -> Path:
    export(demo.url, bundle)
    assert run_verifier(bundle).status == 0
    return bundle


def forged_link(event: dict[str, Any], previous: str) -> str:
    """The hash a forger who knows the formula gives a line (the tests' own formula)."""
    return (
        hashlib.sha256(
            preimage(
                bytes.fromhex(previous),
                position=event["position"],
                originator_id=UUID(event["originator_id"]),
                version=event["version"],
                topic=event["topic"],
                state=base64.b64decode(event["stored_bytes"]),
            )
        )
        .digest()
        .hex()
    )


class TestEditedLines:
    def test_edited_stored_bytes(self, exported: Path) -> None:
        """The payload changed, its decoded copy changed to match: the hash gives it away."""
        changed = events(exported)
        event = changed[LINE - 1]
        document = event["decoded"]
        document["reason"] = "nothing to see here"
        event["stored_bytes"] = base64.b64encode(orjson.dumps(document)).decode("ascii")
        event["decoded"] = document
        write_lines(exported, [as_line(e) for e in changed])

        assert finding(run_verifier(exported)) == (
            f"line {LINE} (position {LINE}): edited: its stored bytes or fields do not give "
            "its hash"
        )

    def test_edited_decoded_copy(self, exported: Path) -> None:
        """Only the readable copy changed: it no longer matches the stored bytes."""
        changed = events(exported)
        changed[LINE - 1]["decoded"]["actor"]["id"] = "someone-else"
        write_lines(exported, [as_line(e) for e in changed])

        assert finding(run_verifier(exported)) == (
            f"line {LINE} (position {LINE}): edited: its decoded copy differs from its stored bytes"
        )

    def test_edited_hash(self, exported: Path) -> None:
        changed = events(exported)
        changed[LINE - 1]["hash"] = "ab" * 32
        write_lines(exported, [as_line(e) for e in changed])

        assert finding(run_verifier(exported)).startswith(
            f"line {LINE} (position {LINE}): hash mismatch"
        )

    def test_a_line_that_is_not_an_event(self, exported: Path) -> None:
        changed = lines(exported)
        changed[LINE - 1] = b"{not json\n"
        write_lines(exported, changed)

        assert finding(run_verifier(exported)).startswith(f"line {LINE}: damaged")

    @pytest.mark.parametrize(
        "damage",
        [
            lambda line: line.replace(b'"topic":"', b'"topic":"\\ud800', 1),
            lambda line: b"[" * 100_000 + b"]" * 100_000 + b"\n",
            lambda line: b"\xff\xfe" + line,
        ],
        ids=["lone-surrogate-in-topic", "deeply-nested", "not-utf8"],
    )
    def test_lines_no_event_could_be(
        self, exported: Path, damage: Callable[[bytes], bytes]
    ) -> None:
        changed = lines(exported)
        changed[LINE - 1] = damage(changed[LINE - 1])
        write_lines(exported, changed)

        assert finding(run_verifier(exported)).startswith(f"line {LINE}: damaged")

    def test_the_first_of_two_changes_is_named(self, exported: Path) -> None:
        """An edited line just before a damaged one: the edited one comes first."""
        changed = events(exported)
        changed[LINE - 1]["hash"] = "ab" * 32
        written = [as_line(e) for e in changed]
        written[LINE] = b"{not json\n"
        write_lines(exported, written)

        assert finding(run_verifier(exported)).startswith(f"line {LINE} (position {LINE}): ")


class TestMovedLines:
    def test_deleted_line(self, exported: Path) -> None:
        changed = lines(exported)
        del changed[LINE - 1]
        write_lines(exported, changed)

        assert finding(run_verifier(exported)) == (
            f"line {LINE} (position {LINE + 1}): missing: position {LINE} is not in the bundle "
            "(a line was deleted before this one)"
        )

    def test_swapped_lines(self, exported: Path) -> None:
        changed = lines(exported)
        changed[LINE - 1], changed[LINE] = changed[LINE], changed[LINE - 1]
        write_lines(exported, changed)

        assert finding(run_verifier(exported)) == (
            f"line {LINE} (position {LINE + 1}): out of order: position {LINE} follows it, "
            f"at line {LINE + 1}"
        )

    def test_inserted_copy_of_a_line(self, exported: Path) -> None:
        changed = lines(exported)
        changed.insert(LINE, changed[4])
        write_lines(exported, changed)

        assert finding(run_verifier(exported)) == (
            f"line {LINE + 1} (position 5): inserted: position 5 is already at line 5"
        )

    def test_inserted_line_forged_to_link(self, exported: Path) -> None:
        """A forger who knows the formula links a new line after line LINE: the genuine line
        that follows repeats its position."""
        changed = events(exported)
        forged = dict(changed[LINE - 1])
        forged["position"] = LINE + 1
        forged["previous_hash"] = changed[LINE - 1]["hash"]
        forged["hash"] = forged_link(forged, forged["previous_hash"])
        changed.insert(LINE, forged)
        write_lines(exported, [as_line(e) for e in changed])

        assert finding(run_verifier(exported)) == (
            f"line {LINE + 2} (position {LINE + 1}): inserted: position {LINE + 1} is already "
            f"at line {LINE + 1}"
        )

    def test_line_appended_after_the_digest(self, demo: Demo, exported: Path) -> None:
        changed = events(exported)
        extra = dict(changed[-1])
        extra["position"] += 1
        extra["previous_hash"] = changed[-1]["hash"]
        extra["hash"] = forged_link(extra, extra["previous_hash"])
        write_lines(exported, [as_line(e) for e in [*changed, extra]])

        size = len(demo.rows)
        assert finding(run_verifier(exported)) == (
            f"line {size + 1} (position {size + 1}): inserted: digest.json ends the bundle at "
            f"position {size}"
        )


class TestRangeStart:
    def test_a_range_whose_previous_hash_was_changed(self, demo: Demo, bundle: Path) -> None:
        """The first line no longer follows the hash digest.json says the range starts from."""
        export(demo.url, bundle, first=50, last=80)
        document = digest(bundle)
        document["previous_hash"] = "ef" * 32
        (bundle / "digest.json").write_bytes(orjson.dumps(document))

        assert finding(run_verifier(bundle)) == (
            "line 1 (position 50): chain broken: its previous_hash is not the previous_hash in "
            "digest.json"
        )


class TestTruncated:
    def test_cut_inside_a_line(self, demo: Demo, exported: Path) -> None:
        data = (exported / "events.jsonl").read_bytes()
        (exported / "events.jsonl").write_bytes(data[: len(data) - 100])

        assert finding(run_verifier(exported)) == (
            f"line {len(demo.rows)}: truncated: the file ends inside this line"
        )

    def test_last_lines_removed(self, demo: Demo, exported: Path) -> None:
        write_lines(exported, lines(exported)[:-3])

        size = len(demo.rows)
        assert finding(run_verifier(exported)) == (
            f"truncated: the bundle ends at position {size - 3} (line {size - 3}), but "
            f"digest.json names position {size}: lines are missing from the end"
        )


class TestDigest:
    def test_edited_digest_hash(self, exported: Path) -> None:
        document = digest(exported)
        document["hash"] = "cd" * 32
        (exported / "digest.json").write_bytes(orjson.dumps(document))

        assert finding(run_verifier(exported)).endswith(f"digest.json says {'cd' * 32}")

    def test_digest_moved_back(self, exported: Path) -> None:
        """A digest naming an earlier position (with its true hash) leaves lines after it."""
        document = digest(exported)
        earlier = events(exported)[LINE - 1]
        document.update(position=LINE, to_position=LINE, hash=earlier["hash"])
        (exported / "digest.json").write_bytes(orjson.dumps(document))

        assert finding(run_verifier(exported)) == (
            f"line {LINE + 1} (position {LINE + 1}): inserted: digest.json ends the bundle at "
            f"position {LINE}"
        )

    def test_damaged_digest(self, exported: Path) -> None:
        (exported / "digest.json").write_bytes(b'{"position": "many"}')

        assert finding(run_verifier(exported)).startswith("digest mismatch: digest.json is damaged")

    def test_missing_digest_cannot_be_checked(self, exported: Path) -> None:
        (exported / "digest.json").unlink()

        verdict = run_verifier(exported)

        assert verdict.status == 2
        assert verdict.out == ""
        assert verdict.err.startswith("cannot check: no digest.json")
