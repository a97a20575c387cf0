"""Rectification KPIs through the real ledger on both stores: notices issued in a period, open
at its end, and closed in it having been verified by their due date (extensions included),
compared with figures worked out by hand."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import pytest

from infrastructure.opsledger import Opsledger
from projections.kpi.rectifications import KEYS
from tests.application import rectification_envelopes as x
from tests.clocks import FixedClock
from tests.infrastructure.reporting.kpi_rows import report
from tests.infrastructure.reporting.scripted import Script, local

PROCUREMENT = x.DEPARTMENT


class Notices:
    """Five notices (business times in Shanghai; a notice is overdue from the first instant
    after its due day):

    - X1 (procurement): issued 1 Jul, due 15 Jul; verified 12 Jul, closed 13 Jul: on time.
    - X2 (procurement): issued 5 Jul, due 20 Jul; rejected 19 Jul, verified 28 Jul (late),
      closed 2 Aug.
    - X3 (procurement): issued 10 Jul, due 31 Jul, extended on 25 Jul to 15 Aug; verified
      12 Aug (on time by the extension), closed 14 Aug.
    - X4 (sales): issued 20 Aug, due 30 Sep; acknowledged, never verified.
    - X5 (procurement): issued 28 Sep, due 20 Oct; never verified.
    """

    def __init__(self, ledger: Opsledger, clock: FixedClock) -> None:
        self.script = Script(ledger, clock)
        x1 = self.issued(local(7, 1), PROCUREMENT, "2026-07-15")
        x2 = self.issued(local(7, 5), PROCUREMENT, "2026-07-20")
        x3 = self.issued(local(7, 10), PROCUREMENT, "2026-07-31")
        self.walk(x1, local(7, 2), "acknowledge", "start", "submit")
        self.walk(x1, local(7, 12), "verify")
        self.walk(x1, local(7, 13), "close")
        self.walk(x2, local(7, 6), "acknowledge", "start", "submit")
        self.walk(x2, local(7, 19), "reject")
        self.walk(x2, local(7, 25), "submit")
        self.script.at(local(7, 25, 12), x.extension(x3, "2026-08-15"))
        self.walk(x2, local(7, 28), "verify")
        self.walk(x2, local(8, 2), "close")
        self.walk(x3, local(8, 10), "acknowledge", "start", "submit")
        self.walk(x3, local(8, 12), "verify")
        self.walk(x3, local(8, 14), "close")
        x4 = self.issued(local(8, 20), "sales", "2026-09-30")
        self.walk(x4, local(8, 21), "acknowledge")
        self.issued(local(9, 28), PROCUREMENT, "2026-10-20")

    def issued(self, when: datetime, department: str, due_on: str) -> UUID:
        notice = x.notice(department=department, due_on=due_on)
        return self.script.at(when, x.command("issue", payload=notice))

    def walk(self, notice: UUID, when: datetime, *steps: str) -> None:
        for minute, name in enumerate(steps):
            self.script.at(when.replace(minute=minute), x.step(name, notice))


@pytest.fixture
def notices(ledger: Opsledger, clock: FixedClock) -> Notices:
    return Notices(ledger, clock)


def test_months_quarter_year_and_department(ledger: Opsledger, notices: Notices) -> None:
    # July: X1, X2, X3 issued; on 31 Jul only X3 is not yet verified; closed in July: X1, on
    # time: 100%.
    assert _figures(report(ledger, "2026-07", KEYS)[None]) == {
        "rectifications_issued": 3,
        "rectifications_open": 1,
        "rectifications_closed_on_time_pct": 100.0,
    }
    # August: X4 issued; on 31 Aug X4 is open; closed in August: X2 (verified 28 Jul, after
    # 21 Jul 00:00) and X3 (12 Aug, before 16 Aug 00:00 by its extension): 1 of 2.
    assert _figures(report(ledger, "2026-08", KEYS)[None]) == {
        "rectifications_issued": 1,
        "rectifications_open": 1,
        "rectifications_closed_on_time_pct": 50.0,
    }
    # September: X5 issued; X4 and X5 open; nothing closed: null.
    assert _figures(report(ledger, "2026-09", KEYS)[None]) == {
        "rectifications_issued": 1,
        "rectifications_open": 2,
        "rectifications_closed_on_time_pct": None,
    }
    # The quarter and the year: 5 issued, 2 open at the end, X1 and X3 of 3 closed on time.
    quarter = report(ledger, "2026-Q3", KEYS)
    assert list(quarter) == [PROCUREMENT, "sales", None]
    expected = {
        "rectifications_issued": 5,
        "rectifications_open": 2,
        "rectifications_closed_on_time_pct": 66.67,
    }
    assert _figures(quarter[None]) == expected
    assert _figures(report(ledger, "2026", KEYS)[None]) == expected
    # By department: procurement issued 4, X5 open; sales issued X4, open, nothing closed.
    assert _figures(quarter[PROCUREMENT]) == {
        "rectifications_issued": 4,
        "rectifications_open": 1,
        "rectifications_closed_on_time_pct": 66.67,
    }
    only_sales = report(ledger, "2026-Q3", KEYS, department="sales")
    assert _figures(only_sales["sales"]) == {
        "rectifications_issued": 1,
        "rectifications_open": 1,
        "rectifications_closed_on_time_pct": None,
    }


def _figures(figures: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in figures.items() if key.startswith("rectifications_")}
