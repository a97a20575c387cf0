"""Complaint KPIs (DOMAIN §7) from a scripted history sent through the command side, on both
stores, each figure worked out by hand below.

Business times are UTC; Shanghai is UTC+8, so 2026-07-31T17:00Z is 1 August there.

- A: received 07-01 01:00, acknowledged 07-01 05:00 (4 h, in SLA); product_quality/high, due
  07-06 06:00; paused 07-02 06:00 to 07-05 06:00 (3 days added back: due 07-09 06:00);
  satisfied 07-08 10:00 with csat 5 (on time only thanks to the pause); closed.
- B: received 07-10 00:00, acknowledged 07-11 06:00 (30 h, late: due 07-11 00:00);
  delivery/critical, due 07-13 07:00; escalated; satisfied 07-14 02:00 with csat 3 (late);
  closed.
- C: received 07-20 00:00, acknowledged 07-20 10:00 (10 h); service/low; satisfied
  07-21 02:00 with csat 4; closed; reopened 07-22.
- D: received 07-31 17:00 (1 August in Shanghai), acknowledged 07-31 18:00 (1 h); no more.
- E: received 06-30 15:00 (30 June in Shanghai), acknowledged 07-01 03:00 (12 h); no more.

A, B and C are assigned to `quality`; D and E stay with the registering agent's department,
`customer_service`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest

from infrastructure.opsledger import Opsledger
from projections.kpi.complaints import KEYS
from tests.application.complaint_envelopes import MANAGER, accept, command
from tests.clocks import FixedClock
from tests.infrastructure.reporting.kpi_rows import report

#: When the history is entered: after all of it happened.
ENTERED = datetime(2026, 9, 1, tzinfo=UTC)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(ENTERED)


def at(text: str) -> datetime:
    """A business time written as UTC."""
    return datetime.fromisoformat(f"2026-{text}:00+00:00")


def send(ledger: Opsledger, verb: str, complaint: UUID | None, when: str, **fields: Any) -> UUID:
    result = accept(ledger, command(verb, complaint, occurred_at=at(when).isoformat(), **fields))
    assert result.aggregate_id is not None
    return result.aggregate_id


def classify(category: str, severity: str) -> dict[str, Any]:
    return {"payload": {"category": category, "severity": severity}}


def feedback(csat: int) -> dict[str, Any]:
    return {"payload": {"satisfied": True, "csat": csat, "comment": "好 (fine)"}}


def handled(ledger: Opsledger, received: str, acknowledged: str) -> UUID:
    complaint = send(ledger, "register", None, received)
    send(ledger, "acknowledge", complaint, acknowledged)
    return complaint


def worked_on(ledger: Opsledger, complaint: UUID, start: str, category: str, severity: str) -> None:
    """Classified at `start`, assigned to quality and investigated in the two hours after."""
    begin = at(start)
    send(ledger, "classify", complaint, start, **classify(category, severity))
    for hours, verb in ((1, "assign"), (2, "record_investigation")):
        send(ledger, verb, complaint, (begin + timedelta(hours=hours)).strftime("%m-%dT%H:%M"))


def history(ledger: Opsledger) -> None:
    a = handled(ledger, "07-01T01:00", "07-01T05:00")
    worked_on(ledger, a, "07-01T06:00", "product_quality", "high")
    send(ledger, "pause", a, "07-02T06:00")
    send(ledger, "resume", a, "07-05T06:00")
    send(ledger, "propose_resolution", a, "07-08T06:00")
    send(ledger, "record_feedback", a, "07-08T10:00", **feedback(5))
    send(ledger, "close", a, "07-09T00:00")

    b = handled(ledger, "07-10T00:00", "07-11T06:00")
    worked_on(ledger, b, "07-11T07:00", "delivery", "critical")
    send(ledger, "escalate", b, "07-11T10:00")
    send(ledger, "propose_resolution", b, "07-14T00:00")
    send(ledger, "record_feedback", b, "07-14T02:00", **feedback(3))
    send(ledger, "close", b, "07-14T03:00")

    c = handled(ledger, "07-20T00:00", "07-20T10:00")
    worked_on(ledger, c, "07-20T11:00", "service", "low")
    send(ledger, "propose_resolution", c, "07-21T00:00")
    send(ledger, "record_feedback", c, "07-21T02:00", **feedback(4))
    send(ledger, "close", c, "07-21T03:00")
    send(ledger, "reopen", c, "07-22T00:00", actor=MANAGER)

    handled(ledger, "07-31T17:00", "07-31T18:00")  # D
    handled(ledger, "06-30T15:00", "07-01T03:00")  # E


def categories(**counts: int) -> dict[str, int]:
    every = ("product_quality", "delivery", "service", "billing", "other", "unclassified")
    return {name: counts.get(name, 0) for name in every}


#: July, company-wide. Received in July (Shanghai): A, B, C (D is 1 August, E 30 June).
#: Acknowledged in July: A 4 h, B 30 h, C 10 h, E 12 h; in SLA: A, C, E -> 3/4 = 75 %.
#: Mean (4 + 30 + 10 + 12) / 4 = 14; median of 4, 10, 12, 30 = (10 + 12) / 2 = 11;
#: p90 = the ceil(0.9 * 4) = 4th smallest = 30.
#: Closed satisfied of A, B, C: A and B (C was reopened) -> 2/3 = 66.67 %.
#: Satisfied in July and still standing: A (07-08 10:00, by 07-09 06:00 with the pause: on time;
#: without it, 07-06 06:00, it would be late) and B (07-14 02:00 after 07-13 07:00: late) -> 50 %.
#: Latest feedback in July: A 5, B 3, C 4 -> 4-5 of 5: 2/3 = 66.67 %.
#: Reopened: C -> 1/3 = 33.33 %; escalated: B -> 1/3 = 33.33 %.
JULY = {
    "complaints_received": 3,
    "complaints_ack_within_sla_pct": 75.0,
    "complaints_first_response_hours_mean": 14.0,
    "complaints_first_response_hours_median": 11.0,
    "complaints_first_response_hours_p90": 30.0,
    "complaints_resolution_rate_pct": 66.67,
    "complaints_resolved_on_time_pct": 50.0,
    "complaints_csat_pct": 66.67,
    "complaints_reopen_rate_pct": 33.33,
    "complaints_escalation_rate_pct": 33.33,
    "complaints_by_category": categories(product_quality=1, delivery=1, service=1),
}

#: July, quality (A, B, C): acknowledged A 4 h, B 30 h, C 10 h -> 2/3 in SLA = 66.67 %;
#: mean 44 / 3 = 14.67, median 10, p90 = 3rd smallest = 30; the rest as company-wide.
JULY_QUALITY = {
    **JULY,
    "complaints_ack_within_sla_pct": 66.67,
    "complaints_first_response_hours_mean": 14.67,
    "complaints_first_response_hours_median": 10.0,
}

#: July, customer_service (D, E): none received in July, so every "÷ received" rate is null;
#: E's acknowledgement (12 h, in SLA) falls in July.
JULY_CUSTOMER_SERVICE = {
    "complaints_received": 0,
    "complaints_ack_within_sla_pct": 100.0,
    "complaints_first_response_hours_mean": 12.0,
    "complaints_first_response_hours_median": 12.0,
    "complaints_first_response_hours_p90": 12.0,
    "complaints_resolution_rate_pct": None,
    "complaints_resolved_on_time_pct": None,
    "complaints_csat_pct": None,
    "complaints_reopen_rate_pct": None,
    "complaints_escalation_rate_pct": None,
    "complaints_by_category": categories(),
}

#: August: D alone (received and acknowledged 1 August in Shanghai, 1 h, in SLA; open).
AUGUST = {
    "complaints_received": 1,
    "complaints_ack_within_sla_pct": 100.0,
    "complaints_first_response_hours_mean": 1.0,
    "complaints_first_response_hours_median": 1.0,
    "complaints_first_response_hours_p90": 1.0,
    "complaints_resolution_rate_pct": 0.0,
    "complaints_resolved_on_time_pct": None,
    "complaints_csat_pct": None,
    "complaints_reopen_rate_pct": 0.0,
    "complaints_escalation_rate_pct": 0.0,
    "complaints_by_category": categories(unclassified=1),
}

#: 2026-Q3: received A, B, C, D (4); acknowledged A, B, C, D, E (4, 30, 10, 1, 12 h): in SLA
#: 4/5 = 80 %; mean 57 / 5 = 11.4; median 10; p90 = ceil(4.5) = 5th smallest = 30.
#: Closed satisfied 2/4 = 50 %; on time 1/2; CSAT 2/3; reopened 1/4; escalated 1/4.
QUARTER = {
    "complaints_received": 4,
    "complaints_ack_within_sla_pct": 80.0,
    "complaints_first_response_hours_mean": 11.4,
    "complaints_first_response_hours_median": 10.0,
    "complaints_first_response_hours_p90": 30.0,
    "complaints_resolution_rate_pct": 50.0,
    "complaints_resolved_on_time_pct": 50.0,
    "complaints_csat_pct": 66.67,
    "complaints_reopen_rate_pct": 25.0,
    "complaints_escalation_rate_pct": 25.0,
    "complaints_by_category": categories(product_quality=1, delivery=1, service=1, unclassified=1),
}

#: 2026: received A to E (5): closed satisfied 2/5 = 40 %, reopened 1/5, escalated 1/5; the
#: acknowledgements are the quarter's.
YEAR = {
    **QUARTER,
    "complaints_received": 5,
    "complaints_resolution_rate_pct": 40.0,
    "complaints_reopen_rate_pct": 20.0,
    "complaints_escalation_rate_pct": 20.0,
    "complaints_by_category": categories(product_quality=1, delivery=1, service=1, unclassified=2),
}


class TestComplaintFigures:
    """Every complaint KPI of a scripted history equals its hand computation."""

    def test_by_month_quarter_year_and_department(self, ledger: Opsledger) -> None:
        """July by department and company-wide; August, the quarter and the year company-wide;
        an instant on 31 July in UTC counts in August, Shanghai's day."""
        history(ledger)
        july = report(ledger, "2026-07", KEYS)
        assert list(july) == ["customer_service", "quality", None]
        assert july[None] == JULY
        assert july["quality"] == JULY_QUALITY
        assert july["customer_service"] == JULY_CUSTOMER_SERVICE
        assert report(ledger, "2026-08", KEYS)[None] == AUGUST
        assert report(ledger, "2026-Q3", KEYS)[None] == QUARTER
        assert report(ledger, "2026", KEYS)[None] == YEAR

    def test_a_department_filter_gives_that_department_only(self, ledger: Opsledger) -> None:
        """--department quality: one row, the quality figures."""
        history(ledger)
        assert report(ledger, "2026-07", KEYS, department="quality") == {"quality": JULY_QUALITY}


class TestKnownAt:
    """A report as known at a moment is not changed by a fact entered later with an earlier
    business time; today's report is."""

    def test_a_late_escalation_changes_today_not_the_known_at_report(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """One July complaint, acknowledged in 1 h; three days later it is entered that it had
        been escalated the same morning: 0 % escalated as known then, 100 % now."""
        complaint = handled(ledger, "07-01T01:00", "07-01T02:00")
        known = clock.now()
        clock.advance(days=3)
        send(ledger, "escalate", complaint, "07-01T03:00")
        keys = ("complaints_received", "complaints_escalation_rate_pct")
        before = {"complaints_received": 1, "complaints_escalation_rate_pct": 0.0}
        after = {"complaints_received": 1, "complaints_escalation_rate_pct": 100.0}
        assert report(ledger, "2026-07", keys)[None] == after
        assert report(ledger, "2026-07", keys, known_at=known)[None] == before
        assert report(ledger, "2026-07", keys, known_at=clock.now())[None] == after
