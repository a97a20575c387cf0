"""Risk KPIs through the real ledger on both stores: the risks open at a period's end by level,
category and on the 5x5 heat map, with a response, with overdue reviews and actions, and the
mean days to a first response, compared with figures worked out by hand."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import pytest

from infrastructure.opsledger import Opsledger
from projections.kpi.risks import KEYS
from tests.application import risk_envelopes as r
from tests.clocks import FixedClock
from tests.infrastructure.reporting.kpi_rows import report
from tests.infrastructure.reporting.scripted import Script, local

PROCUREMENT = "procurement"


class Risks:
    """Five risks (business times in Shanghai):

    - R1 (procurement, operational): identified 1 Jul 10:00; assessed 2 Jul L4 x I3 (high:
      next review 60 days on, 31 Aug, overdue from 1 Sep); reduce chosen 4 Jul 10:00; action
      A-1 due 31 Jul (overdue from 1 Aug), never completed.
    - R2 (procurement, financial): identified 1 Jul 11:00; assessed 2 Jul L5 x I5
      (critical); transferred 10 Jul 11:00; action done 15 Jul; residual 5 Aug L2 x I5
      (high); reviewed 10 Sep (next review 9 Nov, overdue from 10 Nov).
    - R3 (procurement, legal): identified 3 Jul 10:00; assessed L1 x I1 (low); accepted
      5 Jul 10:00; closed 20 Aug.
    - R4 (sales, market): identified 10 Aug; never assessed.
    - R5 (procurement, operational): identified 5 Sep; assessed 6 Sep L3 x I3 (medium: next
      review 5 Dec, overdue from 6 Dec); no response.
    """

    def __init__(self, ledger: Opsledger, clock: FixedClock) -> None:
        self.script = s = Script(ledger, clock)
        self.r1 = self.identified(local(7, 1, 10), "operational", PROCUREMENT)
        self.r2 = self.identified(local(7, 1, 11), "financial", PROCUREMENT)
        s.at(local(7, 2, 10), r.assessing(self.r1, 4, 3))
        s.at(local(7, 2, 11), r.assessing(self.r2, 5, 5))
        self.r3 = self.identified(local(7, 3, 10), "legal", PROCUREMENT)
        s.at(local(7, 3, 11), r.assessing(self.r3, 1, 1))
        s.at(local(7, 4, 10), r.responding(self.r1, "reduce"))
        s.at(local(7, 4, 11), r.action(self.r1, "A-1", due_on="2026-07-31"))
        s.at(local(7, 5, 10), r.responding(self.r3, "accept"))
        s.at(local(7, 10, 11), r.responding(self.r2, "transfer", counterparty=r.INSURER))
        s.at(local(7, 10, 12), r.action(self.r2, "A-1", due_on="2026-07-20"))
        s.at(local(7, 15), r.completion(self.r2, "A-1"))
        s.at(local(8, 5), r.assessing(self.r2, 2, 5, residual=True))
        self.r4 = self.identified(local(8, 10), "market", "sales")
        s.at(local(8, 20), r.command("close", self.r3))
        self.r5 = self.identified(local(9, 5), "operational", PROCUREMENT)
        s.at(local(9, 6), r.assessing(self.r5, 3, 3))
        s.at(local(9, 10), r.command("review", self.r2))

    def identified(self, when: datetime, category: str, department: str) -> UUID:
        payload = r.identification(category=category, department=department)
        return self.script.at(when, r.command("identify", payload=payload))


@pytest.fixture
def risks(ledger: Opsledger, clock: FixedClock) -> Risks:
    return Risks(ledger, clock)


def test_the_quarter(ledger: Opsledger, risks: Risks) -> None:
    figures = report(ledger, "2026-Q3", KEYS)
    assert list(figures) == [PROCUREMENT, "sales", None]
    # Open on 30 Sep: R1 (L4 x I3, high), R2 (residual L2 x I5, high), R4 (unassessed), R5
    # (L3 x I3, medium); R3 was closed. Responses: R1 and R2 of the 4: 50%. Reviews overdue:
    # R1 (from 1 Sep); R2's is due 10 Nov, R5's 6 Dec. Actions overdue: R1's A-1 (from 1 Aug).
    # First responses in Q3: R1 after 3 days, R2 after 9, R3 after 2: mean 14 / 3 = 4.67.
    assert _risk_figures(figures[None]) == {
        "risks_open_by_level": {
            "low": 0,
            "medium": 1,
            "high": 2,
            "critical": 0,
            "unassessed": 1,
        },
        "risks_open_by_category": {
            "market": 1,
            "financial": 1,
            "operational": 2,
            "legal": 0,
            "other": 0,
        },
        "risks_heat_map": [
            [0, 0, 0, 0, 0],  # likelihood 1
            [0, 0, 0, 0, 1],  # likelihood 2: R2's residual, impact 5
            [0, 0, 1, 0, 0],  # likelihood 3: R5, impact 3
            [0, 0, 1, 0, 0],  # likelihood 4: R1, impact 3
            [0, 0, 0, 0, 0],  # likelihood 5
        ],
        "risks_with_response_pct": 50.0,
        "risks_reviews_overdue": 1,
        "risks_actions_overdue": 1,
        "risks_days_to_response_mean": 4.67,
    }
    # Sales: R4 alone, open, unassessed and without a response: 0 of 1 (0%, not null).
    sales = _risk_figures(figures["sales"])
    assert sales["risks_open_by_level"]["unassessed"] == 1
    assert sales["risks_with_response_pct"] == 0.0
    assert sales["risks_heat_map"] == [[0] * 5 for _ in range(5)]
    assert sales["risks_days_to_response_mean"] is None


def test_month_and_year(ledger: Opsledger, risks: Risks) -> None:
    # 31 Jul: R1 (L4 x I3, high), R2 (L5 x I5, critical: its residual comes in August), R3
    # (L1 x I1, low), every one with a response: 100%. R1's action is due by 1 Aug 00:00 and
    # R2's first review (critical: 30 days from 2 Jul, 1 Aug) by 2 Aug: neither overdue yet.
    july = _risk_figures(report(ledger, "2026-07", KEYS, department=PROCUREMENT)[PROCUREMENT])
    assert july["risks_open_by_level"] == {
        "low": 1,
        "medium": 0,
        "high": 1,
        "critical": 1,
        "unassessed": 0,
    }
    assert july["risks_heat_map"] == [
        [1, 0, 0, 0, 0],  # R3
        [0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0],
        [0, 0, 1, 0, 0],  # R1
        [0, 0, 0, 0, 1],  # R2, before its residual assessment
    ]
    assert july["risks_with_response_pct"] == 100.0
    assert (july["risks_reviews_overdue"], july["risks_actions_overdue"]) == (0, 0)
    assert july["risks_days_to_response_mean"] == 4.67
    # August: no first response (null); 31 Aug: R3 closed; R1's action overdue.
    august = _risk_figures(report(ledger, "2026-08", KEYS)[None])
    assert august["risks_days_to_response_mean"] is None
    assert august["risks_open_by_category"]["legal"] == 0
    assert august["risks_actions_overdue"] == 1
    assert august["risks_reviews_overdue"] == 0  # R1's review is overdue from 1 Sep
    # 31 Dec: R1's review (from 1 Sep), R2's (from 10 Nov) and R5's (from 6 Dec) overdue.
    year = _risk_figures(report(ledger, "2026", KEYS)[None])
    assert year["risks_reviews_overdue"] == 3
    assert year["risks_actions_overdue"] == 1


def test_a_late_review_changes_today_and_not_the_report_known_before(
    ledger: Opsledger, clock: FixedClock, risks: Risks
) -> None:
    printed = clock.current = local(10, 5)
    before = report(ledger, "2026-Q3", KEYS)
    assert before[None]["risks_reviews_overdue"] == 1
    # Entered on 10 Oct: R1 was reviewed on 25 Sep; its next review is due in November.
    clock.current = local(10, 10)
    late = r.command("review", risks.r1)
    late["occurred_at"] = local(9, 25).isoformat()
    assert ledger.submit(late).ok
    assert report(ledger, "2026-Q3", KEYS)[None]["risks_reviews_overdue"] == 0
    assert report(ledger, "2026-Q3", KEYS, known_at=printed) == before


def _risk_figures(figures: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in figures.items() if key.startswith("risks_")}
