"""Budget KPIs through the real ledger on both stores: approved, committed, spent, available,
execution rate, variance, adjustments and overspend flags of a period's months, by department
and account, after a commitment released by a spend, a transfer and a flagged overspend,
compared with figures worked out by hand."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest

from infrastructure.opsledger import Opsledger
from projections.kpi.budgets import KEYS
from tests.application import budget_envelopes as b
from tests.clocks import FixedClock
from tests.infrastructure.reporting.kpi_rows import report
from tests.infrastructure.reporting.scripted import Script, local

OPS, IT = b.DEPARTMENT, b.OTHER_DEPARTMENT
ADMIN = "行政部 (administration)"
ADMIN_HEAD = {"id": "u-head-admin", "roles": ["department_head"], "department": ADMIN}
TRAVEL, SERVERS = b.TRAVEL, b.SERVERS


class Budgets:
    """Two approved budgets for 2026 (business times in Shanghai):

    - operations (stop control): travel 1,000.00 a month; servers 5,000.00 in March and
      September; sales 20,000.00 a month (revenue, left out of every figure). 300.00 of July's
      travel committed on 5 Jul (PO-1); 200.00 spent against it on 10 Jul (releasing 200.00:
      100.00 stays open); 900.00 of August's travel spent on 3 Aug; 4,000.00 of September's
      servers committed on 10 Aug (PO-2); a transfer of 500.00 from December's travel to
      September's servers approved on 1 Sep; 4,500.00 spent on September's servers against
      PO-2 on 15 Sep (releasing all 4,000.00).
    - it (warn control): travel 1,000.00 a month; 7,500.00 of July's travel spent on 20 Jul,
      more than the 7,000.00 available (January to July): recorded and flagged.
    - administration: the usual lines, drafted on 1 Jul and never submitted.
    """

    def __init__(self, ledger: Opsledger, clock: FixedClock) -> None:
        self.script = script = Script(ledger, clock)
        self.ops = self.approved(10, b.PAYLOADS["draft"], b.HEAD)
        it_lines = [b.line(TRAVEL, "expense", b.months("1000.00"))]
        self.it = self.approved(
            11, b.drafted(department=IT, control="warn", lines=it_lines), b.OTHER_HEAD
        )
        script.at(
            local(7, 1, 12),
            b.command("draft", payload=b.drafted(department=ADMIN), actor=ADMIN_HEAD),
        )
        script.at(local(7, 5), b.commitment(self.ops, "300.00", 7, "PO-1"))
        script.at(local(7, 10), b.spend(self.ops, "200.00", 7, "INV-1", commitment_ref="PO-1"))
        script.at(local(7, 20), b.spend(self.it, "7500.00", 7, "INV-IT-1"))
        script.at(local(8, 3), b.spend(self.ops, "900.00", 8, "INV-2"))
        script.at(local(8, 10), b.commitment(self.ops, "4000.00", 9, "PO-2", account=SERVERS))
        script.at(
            local(9, 1, 10),
            b.adjustment(self.ops, "transfer", (TRAVEL, 12, "-500.00"), (SERVERS, 9, "500.00")),
        )
        script.at(local(9, 1, 11), b.command("review_adjustment", self.ops))
        script.at(local(9, 1, 12), b.command("approve_adjustment", self.ops))
        script.at(
            local(9, 15),
            b.spend(self.ops, "4500.00", 9, "INV-3", account=SERVERS, commitment_ref="PO-2"),
        )

    def approved(self, hour: int, draft: dict[str, Any], head: dict[str, Any]) -> UUID:
        budget = self.script.at(local(7, 1, hour), b.command("draft", payload=draft, actor=head))
        for minute, verb in enumerate(("submit", "review", "approve"), start=1):
            actor = head if verb == "submit" else None
            self.script.at(local(7, 1, hour, minute), b.command(verb, budget, actor=actor))
        return budget


@pytest.fixture
def budgets(ledger: Opsledger, clock: FixedClock) -> Budgets:
    return Budgets(ledger, clock)


def test_a_month_by_department_and_company(ledger: Opsledger, budgets: Budgets) -> None:
    figures = report(ledger, "2026-07", KEYS)
    assert list(figures) == [IT, ADMIN, OPS, None]
    # operations, July: approved travel 1,000 (servers nothing in July); committed 100 (300
    # less the 200 released); spent 200. Available in July (smallest balance of Jul..Dec):
    # travel Jul 7,000 - 100 - 200 = 6,700, Aug 8,000 - 100 - 1,100 = 6,800, ..., so 6,700;
    # servers Jul 5,000, Aug 5,000, Sep 10,500 - 4,500 = 6,000, ..., so 5,000: 11,700.
    # Execution 200 / 1,000 = 20%; variance 800.
    assert _budget_figures(figures[OPS]) == {
        "budgets_approved": "1000.00",
        "budgets_committed": "100.00",
        "budgets_spent": "200.00",
        "budgets_available": "11700.00",
        "budgets_execution_rate_pct": 20.0,
        "budgets_variance": "800.00",
        "budgets_adjustment_count": 0,
        "budgets_adjustment_amount": "0.00",
        "budgets_overspend_flags": 0,
    }
    # it, July: approved 1,000, spent 7,500; available Jul 7,000 - 7,500 = -500 (Dec 12,000 -
    # 7,500 = 4,500 is larger); execution 750%; variance -6,500; one overspend flagged.
    assert _budget_figures(figures[IT]) == {
        "budgets_approved": "1000.00",
        "budgets_committed": "0.00",
        "budgets_spent": "7500.00",
        "budgets_available": "-500.00",
        "budgets_execution_rate_pct": 750.0,
        "budgets_variance": "-6500.00",
        "budgets_adjustment_count": 0,
        "budgets_adjustment_amount": "0.00",
        "budgets_overspend_flags": 1,
    }
    # administration: only a draft, so nothing approved: no execution rate (null, not 0).
    assert _budget_figures(figures[ADMIN]) == {
        "budgets_approved": "0.00",
        "budgets_committed": "0.00",
        "budgets_spent": "0.00",
        "budgets_available": "0.00",
        "budgets_execution_rate_pct": None,
        "budgets_variance": "0.00",
        "budgets_adjustment_count": 0,
        "budgets_adjustment_amount": "0.00",
        "budgets_overspend_flags": 0,
    }
    assert figures[ADMIN]["budgets_by_account"][TRAVEL]["approved"] == "0.00"
    # The company: the two approved budgets added up; execution 7,700 / 2,000 = 385%.
    assert _budget_figures(figures[None]) == {
        "budgets_approved": "2000.00",
        "budgets_committed": "100.00",
        "budgets_spent": "7700.00",
        "budgets_available": "11200.00",
        "budgets_execution_rate_pct": 385.0,
        "budgets_variance": "-5700.00",
        "budgets_adjustment_count": 0,
        "budgets_adjustment_amount": "0.00",
        "budgets_overspend_flags": 1,
    }


def test_the_quarter_after_a_transfer_by_account(ledger: Opsledger, budgets: Budgets) -> None:
    figures = report(ledger, "2026-Q3", KEYS, department=OPS)
    assert list(figures) == [OPS]
    ops = figures[OPS]
    # Travel, Jul-Sep: approved 3,000; committed 100; spent 200 + 900 = 1,100; available in
    # September: Sep 9,000 - 100 - 1,100 = 7,800, Oct 8,800, Nov 9,800, Dec 11,500 - 1,200 =
    # 10,300: 7,800; execution 1,100 / 3,000 = 36.67%. The transfer took December's 500,
    # outside the quarter.
    # Servers, Jul-Sep: approved September 5,000 + 500 transferred = 5,500; committed 0 (PO-2
    # released); spent 4,500; available in September: 5,000 + 5,500 - 4,500 = 6,000 for every
    # month to December; execution 4,500 / 5,500 = 81.82%; the transfer added 500.
    assert ops["budgets_by_account"] == {
        SERVERS: {
            "approved": "5500.00",
            "committed": "0.00",
            "spent": "4500.00",
            "available": "6000.00",
            "execution_rate_pct": 81.82,
            "variance": "1000.00",
            "adjustment_amount": "500.00",
            "overspend_flags": 0,
        },
        TRAVEL: {
            "approved": "3000.00",
            "committed": "100.00",
            "spent": "1100.00",
            "available": "7800.00",
            "execution_rate_pct": 36.67,
            "variance": "1900.00",
            "adjustment_amount": "0.00",
            "overspend_flags": 0,
        },
    }
    # Together: 8,500 approved, 5,600 spent (65.88%), 13,800 available; one adjustment
    # changed the quarter's months, by +500 net.
    assert _budget_figures(ops) == {
        "budgets_approved": "8500.00",
        "budgets_committed": "100.00",
        "budgets_spent": "5600.00",
        "budgets_available": "13800.00",
        "budgets_execution_rate_pct": 65.88,
        "budgets_variance": "2900.00",
        "budgets_adjustment_count": 1,
        "budgets_adjustment_amount": "500.00",
        "budgets_overspend_flags": 0,
    }


def test_the_year_and_a_year_without_budgets(ledger: Opsledger, budgets: Budgets) -> None:
    # operations, 2026: travel 11 x 1,000 + 500 = 11,500, servers 5,000 + 5,500 = 10,500:
    # 22,000 approved; spent 5,600 (25.45%); available in December: travel 11,500 - 100 -
    # 1,100 = 10,300, servers 6,000: 16,300. The transfer nets to zero within the year.
    assert _budget_figures(report(ledger, "2026", KEYS, department=OPS)[OPS]) == {
        "budgets_approved": "22000.00",
        "budgets_committed": "100.00",
        "budgets_spent": "5600.00",
        "budgets_available": "16300.00",
        "budgets_execution_rate_pct": 25.45,
        "budgets_variance": "16400.00",
        "budgets_adjustment_count": 1,
        "budgets_adjustment_amount": "0.00",
        "budgets_overspend_flags": 0,
    }
    # 2027 has no budget: nothing approved, so no execution rate (null, not 0).
    empty = _budget_figures(report(ledger, "2027-Q1", KEYS)[None])
    assert empty["budgets_approved"] == "0.00"
    assert empty["budgets_execution_rate_pct"] is None


def _budget_figures(figures: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value
        for key, value in figures.items()
        if key.startswith("budgets_") and key != "budgets_by_account"
    }
