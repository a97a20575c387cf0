"""Tampering with the log is found (DOMAIN §8, DESIGN §5): on each store, after a realistic
history written through opsledger, one kind of change is made with plain SQL on the real
database, and `verify` must name the first event that does not match, at the exact position,
having checked exactly the good events before it. Truncation is found against a digest kept
outside; a digest still verifies after new appends. The same through `opsledger audit`."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import attrs
import orjson
import pytest

from infrastructure.cli.main import main
from infrastructure.integrity.verify import Digest, Verification, verify
from infrastructure.opsledger import Opsledger
from tests.clocks import FixedClock
from tests.integrity.raw_log import (
    GENESIS_HASH,
    RawLog,
    StoredRow,
    chain_problems,
    expected_link,
    head_hash,
)
from tests.integrity.stores import Populated
from tests.integrity.workload import accept, events_of, register, step


def verified(url: str, digest: Digest | None = None) -> Verification:
    """What `verify` says about the store at `url`, opened as the command line opens it."""
    with Opsledger.open(url) as ledger:
        return verify(ledger.database, digest=digest)


def digest_of(rows: list[StoredRow] | tuple[StoredRow, ...]) -> Digest:
    """The digest an auditor would have printed when the log held exactly `rows`."""
    return Digest(position=len(rows), hash=head_hash(rows).hex())


def assert_found(
    result: Verification,
    populated: Populated,
    *,
    at: int,
    row: StoredRow | None = None,
    problem: str,
) -> None:
    """`verify` stopped at position `at`, after exactly the `at - 1` good events before it
    (its head is their last link), naming `row` as stored there (None: no event there)."""
    assert result.finding is not None, result
    assert not result.ok
    assert result.finding.position == at, result.finding
    assert result.checked == at - 1, result
    assert result.head == digest_of(populated.rows[: at - 1]), result.head
    assert problem in result.finding.problem, result.finding.problem
    if row is None:
        assert result.finding.aggregate_id is None, result.finding
        return
    assert (result.finding.aggregate_id, result.finding.version, result.finding.event_type) == (
        str(row.originator_id),
        row.version,
        row.topic,
    )


def first(populated: Populated, topic: str) -> StoredRow:
    return next(row for row in populated.rows if row.topic == topic)


def last_event_of(populated: Populated, topic: str) -> StoredRow:
    """The latest event of a complaint whose history ends with `topic`."""
    latest: dict[UUID, StoredRow] = {}
    for row in populated.rows:
        latest[row.originator_id] = row
    return next(row for row in latest.values() if row.topic == topic)


def forged(populated: Populated, *, position: int, chain_hash: bytes) -> StoredRow:
    """A plausible event nobody sent: a complaint that was never closed, closed (the closing
    payload copied from a real one), at the next version of that complaint."""
    satisfied = last_event_of(populated, "CustomerSatisfied")
    return StoredRow(
        position=position,
        originator_id=satisfied.originator_id,
        version=satisfied.version + 1,
        topic="ComplaintClosed",
        state=first(populated, "ComplaintClosed").state,
        chain_hash=chain_hash,
    )


def send_more(url: str, complaints: int = 2) -> int:
    """Register and acknowledge `complaints` new complaints; the number of events appended."""
    with Opsledger.open(url, clock=FixedClock()) as ledger:
        for _ in range(complaints):
            complaint = uuid4()
            accept(ledger, register(complaint))
            accept(ledger, step("acknowledge", complaint))
    return 4 * complaints


# --- the untouched history -------------------------------------------------------------------


class TestAnUntouchedLogVerifies:
    """Every event written through opsledger is on the chain, from GENESIS to the head."""

    def test_every_event_is_checked_and_the_head_is_the_last_link(
        self, populated: Populated
    ) -> None:
        result = verified(populated.url)

        assert result.ok, result.finding
        assert populated.size == events_of(10) == 78
        assert result.checked == result.head.position == populated.size
        with RawLog(populated.url) as raw:
            assert raw.size() == populated.size
            assert raw.rows() == list(populated.rows)
        assert result.head == digest_of(populated.rows)

    def test_the_recorder_wrote_every_link_as_documented(self, populated: Populated) -> None:
        """Recomputed independently of `infrastructure.integrity`: positions exactly 1..N and
        each stored hash the SHA-256 link of the documented bytes."""
        assert chain_problems(populated.rows) == []

    def test_its_own_digest_verifies(self, populated: Populated) -> None:
        result = verified(populated.url, digest_of(populated.rows))

        assert result.ok, result.finding
        assert result.checked == populated.size


# --- editing ---------------------------------------------------------------------------------


def severity_raised(state: bytes) -> bytes:
    """A classification's payload with its severity changed from medium to critical."""
    assert b'"severity":"medium"' in state
    return state.replace(b'"severity":"medium"', b'"severity":"critical"')


def _one_byte_flipped(row: StoredRow) -> dict[str, object]:
    return {"state": row.state[:-1] + bytes([row.state[-1] ^ 1])}


EDITS: dict[str, Callable[[StoredRow], dict[str, object]]] = {
    "payload": lambda row: {"state": severity_raised(row.state)},
    "one-byte": _one_byte_flipped,
    "topic": lambda row: {"topic": "ComplaintEscalated"},
    "version": lambda row: {"originator_version": row.version + 100},
    "aggregate": lambda row: {"originator_id": uuid4()},
}


def _edited(row: StoredRow, values: dict[str, object]) -> StoredRow:
    """`row` as the finding must name it after the edit."""
    topic = values.get("topic", row.topic)
    version = values.get("originator_version", row.version)
    originator_id = values.get("originator_id", row.originator_id)
    assert isinstance(topic, str)
    assert isinstance(version, int)
    assert isinstance(originator_id, UUID)
    return attrs.evolve(row, topic=topic, version=version, originator_id=originator_id)


class TestAnEditedEventIsFoundAtItsPosition:
    """Any change to a stored event's bytes, type, version or aggregate breaks its link."""

    @pytest.mark.parametrize("edit", list(EDITS))
    def test_edit_of_a_middle_event(self, populated: Populated, edit: str) -> None:
        row = first(populated, "ComplaintClassified")
        assert 1 < row.position < populated.size
        values = EDITS[edit](row)
        with RawLog(populated.url) as raw:
            raw.update(row.position, **values)

        result = verified(populated.url)

        assert_found(
            result,
            populated,
            at=row.position,
            row=_edited(row, values),
            problem="does not match its chain hash",
        )

    @pytest.mark.parametrize("where", ["first", "last"])
    def test_edit_of_the_payload_at_either_end(self, populated: Populated, where: str) -> None:
        row = populated.rows[0] if where == "first" else populated.rows[-1]
        with RawLog(populated.url) as raw:
            raw.update(row.position, **_one_byte_flipped(row))

        assert_found(
            verified(populated.url),
            populated,
            at=row.position,
            row=row,
            problem="does not match its chain hash",
        )

    def test_a_chain_hash_set_to_null(self, populated: Populated) -> None:
        row = populated.rows[populated.size // 2]
        with RawLog(populated.url) as raw:
            raw.update(row.position, chain_hash=None)

        assert_found(
            verified(populated.url),
            populated,
            at=row.position,
            row=row,
            problem="no chain hash",
        )

    def test_a_chain_hash_replaced_by_the_one_before(self, populated: Populated) -> None:
        row = populated.rows[populated.size // 2]
        with RawLog(populated.url) as raw:
            raw.update(row.position, chain_hash=populated.rows[row.position - 2].chain_hash)

        assert_found(
            verified(populated.url),
            populated,
            at=row.position,
            row=row,
            problem="does not match its chain hash",
        )


# --- deleting --------------------------------------------------------------------------------


class TestADeletedEventIsFoundWhereItWas:
    """A position without an event: the log is gap-free, so the hole itself is the finding."""

    @pytest.mark.parametrize("where", ["first", "middle", "second-to-last"])
    def test_one_event_deleted(self, populated: Populated, where: str) -> None:
        position = {"first": 1, "middle": populated.size // 2, "second-to-last": -1}[where]
        position = position if position > 0 else populated.size - 1
        with RawLog(populated.url) as raw:
            raw.delete(position)

        assert_found(verified(populated.url), populated, at=position, problem="missing")

    def test_several_events_deleted(self, populated: Populated) -> None:
        with RawLog(populated.url) as raw:
            raw.delete(30, 31, 50)

        assert_found(verified(populated.url), populated, at=30, problem="missing")


# --- reordering ------------------------------------------------------------------------------


class TestReorderedEventsAreFoundAtTheEarlierPosition:
    """Moving events or their contents around breaks the chain where the first one moved."""

    def test_two_events_states_swapped(self, populated: Populated) -> None:
        earlier, later = populated.rows[20], populated.rows[40]
        with RawLog(populated.url) as raw:
            raw.execute(
                (
                    "UPDATE {table} SET state = %s WHERE {position} = %s",
                    [later.state, earlier.position],
                ),
                (
                    "UPDATE {table} SET state = %s WHERE {position} = %s",
                    [earlier.state, later.position],
                ),
            )

        assert_found(
            verified(populated.url),
            populated,
            at=earlier.position,
            row=earlier,
            problem="does not match its chain hash",
        )

    def test_two_whole_events_swapped(self, populated: Populated) -> None:
        earlier, later = populated.rows[20], populated.rows[40]
        with RawLog(populated.url) as raw:
            raw.move({earlier.position: later.position, later.position: earlier.position})

        assert_found(
            verified(populated.url),
            populated,
            at=earlier.position,
            row=later,  # now stored at the earlier position
            problem="does not match its chain hash",
        )

    def test_two_events_of_one_complaint_swapped_in_its_history(self, populated: Populated) -> None:
        """Versions 2 and 3 of one complaint exchanged: its history now reads in another
        order, while the log order is unchanged."""
        complaint = first(populated, "ComplaintClassified").originator_id
        second, third = (
            row
            for row in populated.rows
            if row.originator_id == complaint and row.version in (2, 3)
        )
        with RawLog(populated.url) as raw:
            raw.execute(
                (
                    "UPDATE {table} SET originator_version = -1 WHERE {position} = %s",
                    [second.position],
                ),
                (
                    "UPDATE {table} SET originator_version = 2 WHERE {position} = %s",
                    [third.position],
                ),
                (
                    "UPDATE {table} SET originator_version = 3 WHERE {position} = %s",
                    [second.position],
                ),
            )

        assert_found(
            verified(populated.url),
            populated,
            at=second.position,
            row=attrs.evolve(second, version=3),
            problem="does not match its chain hash",
        )


# --- inserting -------------------------------------------------------------------------------


class TestAnInsertedEventIsFound:
    """An event nobody sent, put into the log: at the end, or in the middle with every later
    event moved up one position."""

    def _insert_in_the_middle(self, populated: Populated, row: StoredRow) -> None:
        with RawLog(populated.url) as raw:
            raw.move({p: p + 1 for p in range(row.position, populated.size + 1)})
            raw.insert(row)

    def test_in_the_middle_with_a_made_up_hash(self, populated: Populated) -> None:
        forgery = forged(populated, position=40, chain_hash=bytes(range(32)))
        self._insert_in_the_middle(populated, forgery)

        assert_found(
            verified(populated.url),
            populated,
            at=40,
            row=forgery,
            problem="does not match its chain hash",
        )

    def test_in_the_middle_with_its_link_computed_correctly(self, populated: Populated) -> None:
        """The link is public: the forged event itself can be made to match. The event it
        pushed up one position then cannot."""
        forgery = forged(populated, position=40, chain_hash=b"")
        forgery = attrs.evolve(
            forgery, chain_hash=expected_link(head_hash(populated.rows[:39]), forgery)
        )
        self._insert_in_the_middle(populated, forgery)
        pushed = attrs.evolve(populated.rows[39], position=41)

        result = verified(populated.url)

        assert result.finding is not None, result
        assert result.finding.position == 41, result.finding
        assert result.checked == 40
        assert (result.finding.aggregate_id, result.finding.version) == (
            str(pushed.originator_id),
            pushed.version,
        )

    def test_at_the_end_with_a_wrong_hash(self, populated: Populated) -> None:
        forgery = forged(populated, position=populated.size + 1, chain_hash=bytes(32))
        with RawLog(populated.url) as raw:
            raw.insert(forgery)

        assert_found(
            verified(populated.url),
            populated,
            at=populated.size + 1,
            row=forgery,
            problem="does not match its chain hash",
        )

    def test_at_the_end_without_a_hash(self, populated: Populated) -> None:
        forgery = forged(populated, position=populated.size + 1, chain_hash=bytes(32))
        with RawLog(populated.url) as raw:
            raw.insert(attrs.evolve(forgery, chain_hash=None))

        assert_found(
            verified(populated.url),
            populated,
            at=populated.size + 1,
            row=forgery,
            problem="no chain hash",
        )

    @pytest.mark.parametrize("position", [0, -1])
    def test_outside_the_log_order(self, populated: Populated, position: int) -> None:
        """A forged closing event at a position before the first: the complaint now reads as
        closed, so it must not verify."""
        forgery = forged(populated, position=position, chain_hash=bytes(32))
        with RawLog(populated.url) as raw:
            raw.insert(forgery)
        with Opsledger.open(populated.url) as ledger:
            history = ledger.history(forgery.originator_id)
        assert history[-1].event_type == "ComplaintClosed"  # the forgery is read as real

        result = verified(populated.url)

        assert result.finding is not None, "a forged event the application reads verified ok"
        assert result.finding.position == position
        assert (result.finding.aggregate_id, result.finding.version) == (
            str(forgery.originator_id),
            forgery.version,
        )


class TestARespelledAggregateIdIsFound:
    """SQLite: the same UUID spelled another way is another aggregate to the application."""

    @pytest.mark.parametrize("spelling", ["upper-case", "with-hyphens"])
    def test_respelled_id(self, sqlite_url: str, spelling: str) -> None:
        clock = FixedClock()
        with Opsledger.open(sqlite_url, clock=clock) as ledger:
            complaint = uuid4()
            accept(ledger, register(complaint))
            accept(ledger, step("acknowledge", complaint))
            accept(ledger, step("classify", complaint))
        with RawLog(sqlite_url) as raw:
            classified = next(r for r in raw.rows() if r.topic == "ComplaintClassified")
            text = complaint.hex.upper() if spelling == "upper-case" else str(complaint)
            raw.execute(
                (
                    "UPDATE {table} SET originator_id = %s WHERE {position} = %s",
                    [text, classified.position],
                )
            )
        with Opsledger.open(sqlite_url) as ledger:
            history = ledger.history(complaint)
        assert [r.event_type for r in history] == ["ComplaintReceived", "ComplaintAcknowledged"]

        result = verified(sqlite_url)

        assert result.finding is not None, "an event removed from its history verified ok"
        assert result.finding.position == classified.position


# --- truncating and digests ------------------------------------------------------------------


class TestTruncationIsFoundOnlyAgainstADigest:
    """The chain alone cannot tell a shorter log from an older one: the digest can."""

    @pytest.mark.parametrize("removed", [1, 3])
    def test_without_a_digest_the_shorter_log_verifies(
        self, populated: Populated, removed: int
    ) -> None:
        with RawLog(populated.url) as raw:
            raw.delete(*range(populated.size - removed + 1, populated.size + 1))

        result = verified(populated.url)

        assert result.ok, result.finding
        assert result.checked == populated.size - removed
        assert result.head == digest_of(populated.rows[: populated.size - removed])

    @pytest.mark.parametrize("removed", [1, 3])
    def test_the_digest_taken_before_finds_it(self, populated: Populated, removed: int) -> None:
        digest = digest_of(populated.rows)
        with RawLog(populated.url) as raw:
            raw.delete(*range(populated.size - removed + 1, populated.size + 1))

        result = verified(populated.url, digest)

        assert_found(
            result, populated, at=populated.size - removed + 1, problem="removed from its end"
        )

    def test_new_events_written_over_the_removed_ones_do_not_hide_it(
        self, populated: Populated
    ) -> None:
        """After the tail is gone, new commands take its positions and chain on correctly;
        the digest's position now holds another history."""
        digest = digest_of(populated.rows)
        with RawLog(populated.url) as raw:
            raw.delete(*range(populated.size - 2, populated.size + 1))
        appended = send_more(populated.url)
        assert appended >= 3
        assert verified(populated.url).ok

        result = verified(populated.url, digest)

        assert result.finding is not None, result
        assert result.finding.position == populated.size
        assert result.checked == populated.size - 1
        assert "no longer extends the digest" in result.finding.problem


class TestADigestKeptOutside:
    """A later verification proves the log still extends the digest unchanged."""

    def test_a_digest_from_before_new_appends_still_verifies(self, populated: Populated) -> None:
        digest = digest_of(populated.rows)
        appended = send_more(populated.url)

        result = verified(populated.url, digest)

        assert result.ok, result.finding
        assert result.checked == result.head.position == populated.size + appended
        with RawLog(populated.url) as raw:
            assert raw.size() == populated.size + appended
            assert chain_problems(raw.rows()) == []

    @pytest.mark.parametrize("where", ["first", "middle", "head"])
    def test_a_digest_whose_hash_was_altered_fails(self, populated: Populated, where: str) -> None:
        position = {"first": 1, "middle": populated.size // 2, "head": populated.size}[where]
        good = digest_of(populated.rows[:position])
        altered = Digest(
            position=position, hash=good.hash[:-1] + ("0" if good.hash[-1] != "0" else "1")
        )

        assert verified(populated.url, good).ok
        assert_found(
            verified(populated.url, altered),
            populated,
            at=position,
            row=populated.rows[position - 1],
            problem="no longer extends the digest",
        )

    def test_a_history_rewritten_from_an_edit_on_is_found_at_the_digest(
        self, populated: Populated
    ) -> None:
        """Whoever can write the table can also recompute every link after an edit: the chain
        then verifies on its own, and only the digest kept outside tells."""
        digest = digest_of(populated.rows)
        edited = first(populated, "ComplaintClassified")
        rows = list(populated.rows)
        rows[edited.position - 1] = attrs.evolve(edited, state=severity_raised(edited.state))
        previous = head_hash(rows[: edited.position - 1])
        with RawLog(populated.url) as raw:
            for index in range(edited.position - 1, len(rows)):
                link = expected_link(previous, rows[index])
                rows[index] = attrs.evolve(rows[index], chain_hash=link)
                raw.update(rows[index].position, state=rows[index].state, chain_hash=link)
                previous = link

        assert verified(populated.url).ok
        result = verified(populated.url, digest)

        assert result.finding is not None, result
        assert result.finding.position == populated.size
        assert result.checked == populated.size - 1
        assert result.head == digest_of(rows[:-1])  # the rewritten history's
        assert "no longer extends the digest" in result.finding.problem

    def test_a_digest_of_the_empty_log_whose_hash_was_altered_fails(
        self, populated: Populated
    ) -> None:
        assert verified(populated.url, Digest(position=0, hash=GENESIS_HASH.hex())).ok

        result = verified(populated.url, Digest(position=0, hash="ab" * 32))

        assert not result.ok, "a digest naming a hash that is not the genesis hash verified ok"


# --- the command line ------------------------------------------------------------------------


@attrs.frozen
class Outcome:
    status: int
    out: str
    err: str

    def json(self) -> Any:
        (line,) = self.out.splitlines()
        return orjson.loads(line)


Cli = Callable[..., Outcome]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Cli:
    """Runs `opsledger ARGS` in-process."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("OPSLEDGER_STORE", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))

    def run(*argv: str) -> Outcome:
        status = main(list(argv))
        captured = capsys.readouterr()
        return Outcome(status, captured.out, captured.err)

    return run


@pytest.fixture
def digest_file(populated: Populated, cli: Cli, tmp_path: Path) -> Path:
    """The head printed by `opsledger audit digest`, kept in a file outside the store."""
    printed = cli("--store", populated.url, "audit", "digest")
    assert printed.status == 0, printed
    path = tmp_path / "digest.json"
    path.write_text(printed.out)
    return path


class TestCliDigest:
    """`opsledger audit digest` prints the verified head as {"position", "hash"}."""

    def test_prints_the_head(self, populated: Populated, cli: Cli) -> None:
        printed = cli("--store", populated.url, "audit", "digest")

        assert printed.status == 0, printed
        assert printed.json() == {
            "position": populated.size,
            "hash": head_hash(populated.rows).hex(),
        }

    def test_refuses_a_tampered_log_with_the_finding(self, populated: Populated, cli: Cli) -> None:
        with RawLog(populated.url) as raw:
            raw.delete(10)

        printed = cli("--store", populated.url, "audit", "digest")

        assert printed.status == 1, printed
        assert printed.out.startswith("FAILED after 9 good events")
        assert "position 10" in printed.out
        assert '"hash"' not in printed.out


class TestCliVerify:
    """`opsledger audit verify [--digest FILE]`: exit 0 when intact, 1 with the finding."""

    def test_intact_exits_0(self, populated: Populated, cli: Cli, digest_file: Path) -> None:
        printed = cli("--store", populated.url, "audit", "verify", "--digest", str(digest_file))

        assert printed.status == 0, printed
        assert printed.out.startswith(f"ok: {populated.size} events verified")

    def test_tampered_exits_1_naming_the_event(
        self, populated: Populated, cli: Cli, digest_file: Path
    ) -> None:
        row = first(populated, "ComplaintClassified")
        with RawLog(populated.url) as raw:
            raw.update(row.position, state=severity_raised(row.state))

        printed = cli("--store", populated.url, "audit", "verify", "--digest", str(digest_file))

        assert printed.status == 1, printed
        assert f"FAILED after {row.position - 1} good events" in printed.out
        assert (
            f"position {row.position}, ComplaintClassified of {row.originator_id} version "
            f"{row.version}"
        ) in printed.out

    def test_truncated_exits_1_only_with_the_digest(
        self, populated: Populated, cli: Cli, digest_file: Path
    ) -> None:
        with RawLog(populated.url) as raw:
            raw.delete(populated.size)

        assert cli("--store", populated.url, "audit", "verify").status == 0
        printed = cli("--store", populated.url, "audit", "verify", "--digest", str(digest_file))
        assert printed.status == 1, printed
        assert f"position {populated.size}" in printed.out

    def test_json_when_intact(self, populated: Populated, cli: Cli, digest_file: Path) -> None:
        printed = cli(
            "--store",
            populated.url,
            "--format",
            "json",
            "audit",
            "verify",
            "--digest",
            str(digest_file),
        )

        assert printed.status == 0, printed
        assert printed.json() == {
            "ok": True,
            "checked": populated.size,
            "head": {"position": populated.size, "hash": head_hash(populated.rows).hex()},
            "finding": None,
        }

    def test_json_with_the_finding(self, populated: Populated, cli: Cli) -> None:
        row = populated.rows[29]
        with RawLog(populated.url) as raw:
            raw.update(row.position, topic="ComplaintEscalated")

        printed = cli("--store", populated.url, "--format", "json", "audit", "verify")

        assert printed.status == 1, printed
        document = printed.json()
        assert document["ok"] is False
        assert document["checked"] == 29
        assert document["head"] == {"position": 29, "hash": head_hash(populated.rows[:29]).hex()}
        assert document["finding"] == {
            "position": 30,
            "problem": document["finding"]["problem"],
            "aggregate_id": str(row.originator_id),
            "version": row.version,
            "event_type": "ComplaintEscalated",
        }
        assert isinstance(document["finding"]["problem"], str)


class TestCliMalformedDigestFile:
    """A digest file that is not a digest is a usage error: exit 2, one line, no traceback."""

    @pytest.mark.parametrize(
        "content",
        [
            "",
            "not json",
            "[]",
            "42",
            '{"position": 3}',
            '{"hash": "00"}',
            '{"position": "three", "hash": "00"}',
            '{"position": null, "hash": "00"}',
        ],
    )
    def test_not_a_digest(
        self, populated: Populated, cli: Cli, tmp_path: Path, content: str
    ) -> None:
        path = tmp_path / "digest.json"
        path.write_text(content)

        printed = cli("--store", populated.url, "audit", "verify", "--digest", str(path))

        assert printed.status == 2, printed
        assert printed.out == ""
        assert printed.err.strip().splitlines() == [
            f'opsledger audit verify: {path} is not a digest ({{"position": N, "hash": "..."}})'
        ]

    def test_missing_file(self, populated: Populated, cli: Cli, tmp_path: Path) -> None:
        path = tmp_path / "no-such-digest.json"

        printed = cli("--store", populated.url, "audit", "verify", "--digest", str(path))

        assert printed.status == 2, printed
        assert len(printed.err.strip().splitlines()) == 1
        assert f"cannot read {path}" in printed.err
        assert "Traceback" not in printed.err
