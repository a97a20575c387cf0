"""Truncation is found only against a digest kept outside (DOMAIN §8, DESIGN §5), and such a
digest still verifies after new appends but not after its hash or the history was altered."""

from __future__ import annotations

import attrs
import pytest

from infrastructure.integrity.verify import Digest
from tests.integrity.raw_log import GENESIS_HASH, RawLog, chain_problems, expected_link, head_hash
from tests.integrity.stores import Populated
from tests.integrity.tampering.history_rows import first, send_more, severity_raised
from tests.integrity.tampering.verification import assert_found, digest_of, verified


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
