"""An untouched log verifies (DOMAIN §8, DESIGN §5): every event written through opsledger
is on the chain, and its own digest verifies."""

from __future__ import annotations

from tests.integrity.raw_log import RawLog, chain_problems
from tests.integrity.stores import Populated
from tests.integrity.tampering.verification import digest_of, verified
from tests.integrity.workload import events_of


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
