"""An inserted event is found (DOMAIN §8, DESIGN §5): an event nobody sent, at the end, in
the middle or before the first position, is named where it was put."""

from __future__ import annotations

import attrs
import pytest

from infrastructure.opsledger import Opsledger
from tests.integrity.raw_log import RawLog, StoredRow, expected_link, head_hash
from tests.integrity.stores import Populated
from tests.integrity.tampering.history_rows import forged
from tests.integrity.tampering.verification import assert_found, verified


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
