"""`expected_version` is an optimistic concurrency check: `concurrency_conflict` on mismatch."""

from __future__ import annotations

import pytest

from infrastructure.opsledger import Opsledger
from tests.application.complaint_envelopes import command, drive
from tests.application.ledger_reading import LedgerReading
from tests.clocks import FixedClock


class TestExpectedVersionIsAnOptimisticConcurrencyCheck:
    """`expected_version` must match the aggregate's version, else `concurrency_conflict`."""

    def test_the_current_version_is_accepted(self, ledger: Opsledger, clock: FixedClock) -> None:
        complaint_id = drive(ledger, clock, to="acknowledged")

        result = ledger.submit(command("classify", complaint_id, expected_version=2))

        assert (result.ok, result.version) == (True, 3)

    @pytest.mark.parametrize("expected", [0, 1, 3, 99])
    def test_any_other_version_is_a_conflict(
        self, ledger: Opsledger, clock: FixedClock, expected: int
    ) -> None:
        complaint_id = drive(ledger, clock, to="acknowledged")
        before = LedgerReading.take(ledger, [complaint_id])

        result = ledger.submit(command("classify", complaint_id, expected_version=expected))

        assert (result.ok, result.code) == (False, "concurrency_conflict")
        assert result.details == {"expected_version": expected, "actual_version": 2}
        assert LedgerReading.take(ledger, [complaint_id]) == before

    def test_a_create_expects_version_zero(self, ledger: Opsledger) -> None:
        assert ledger.submit(command("register", expected_version=0)).ok
        conflict = ledger.submit(command("register", expected_version=1))
        assert (conflict.ok, conflict.code) == (False, "concurrency_conflict")
