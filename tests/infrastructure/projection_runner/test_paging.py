"""The log read in pages: the same rows, each page committed with its position or not at all."""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import pytest

from infrastructure.opsledger import Opsledger
from infrastructure.projection_runner import ProjectionRunner
from projections.audit_trail import AuditTrail
from projections.log import LogEntry
from projections.plugin import View
from tests.clocks import FixedClock
from tests.infrastructure.projection_runner.audit_trail_rows import (
    expected_keys,
    keys,
    runner,
    trail,
)
from tests.infrastructure.projection_runner.complaint_log import build_log, logged


class TestPaging:
    """Reading the log in pages smaller than the log gives the same rows."""

    def test_page_size_three_gives_the_same_rows(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """A runner with page_size=3 builds the same trail as one page of everything."""
        build_log(ledger, clock)
        total = len(logged(ledger))
        assert total > 3 * 5
        assert runner(ledger, page_size=3).catch_up("audit_trail") == {"audit_trail": total}
        paged = trail(ledger)
        assert keys(paged) == expected_keys(ledger)
        assert runner(ledger).rebuild("audit_trail") == {"audit_trail": total}
        assert trail(ledger) == paged


class _PoisonedAuditTrail(Exception):
    """Raised by the test projector after it wrote a page's rows."""


@attrs.frozen
class _FailingAuditTrail(AuditTrail):
    """The audit trail, failing after it wrote the rows of the page holding `poison`."""

    poison: int = 0

    def apply(self, view: View, page: Sequence[LogEntry]) -> None:
        super().apply(view, page)
        view.flush()  # type: ignore[attr-defined]  # rows written: the failure must undo them
        if any(entry.position == self.poison for entry in page):
            raise _PoisonedAuditTrail(self.poison)


class TestAPageIsOneTransaction:
    """A page's rows and the position after it are committed together: a failure part-way
    through a page leaves neither."""

    def test_a_failure_after_writing_rows_rolls_back_rows_and_position(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """A projector that writes a page's rows and then fails on the fourth page leaves the
        first three pages' rows and position, nothing of the fourth; a healthy run then
        completes the trail with no duplicate."""
        build_log(ledger, clock)
        log = logged(ledger)
        poison = log[10].position  # in the fourth page of three

        failing = ProjectionRunner(
            ledger=ledger.ledger,
            database=ledger.database,
            page_size=3,
            projections=(_FailingAuditTrail(poison=poison),),
        )
        with pytest.raises(_PoisonedAuditTrail):
            failing.catch_up("audit_trail")
        committed = log[8].position  # the last event of the third page
        (status,) = ledger.projections.status("audit_trail")
        assert status.position == committed
        assert keys(trail(ledger)) == [k for k in expected_keys(ledger) if k[0] <= committed]

        assert ledger.projections.catch_up("audit_trail") == {"audit_trail": len(log) - 9}
        assert keys(trail(ledger)) == expected_keys(ledger)
