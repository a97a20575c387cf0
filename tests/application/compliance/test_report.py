"""`report compliance` (DOMAIN §7): the findings open at any time in a period, and the compliance
rate per rule and department = subjects without a finding open in the period ÷ subjects (the
records of the rule's kind active in the period; every kind for SEGREGATION_OF_DUTIES), each
worked out by hand; department and rule filters; as known at a past recorded time. Both
stores."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from domain.shared.period import Period
from infrastructure.opsledger import Opsledger
from infrastructure.reporting.compliance import ComplianceReport, compliance_report
from projections.compliance.findings import Rule
from tests.application import complaint_envelopes as complaints
from tests.application.compliance.history import july
from tests.application.compliance.reading import iso, utc
from tests.clocks import FixedClock

CS = "customer_service"


def report(ledger: Opsledger, period: str, **options: Any) -> ComplianceReport:
    return compliance_report(
        database=ledger.database,
        ledger=ledger.ledger,
        period=Period.parse(period),
        zone=ZoneInfo("Asia/Shanghai"),
        **options,
    )


def rates(result: ComplianceReport) -> dict[tuple[str, str | None], tuple[int, int, float | None]]:
    return {
        (rate.rule, rate.department): (rate.subjects, rate.with_findings, rate.rate_pct)
        for rate in result.rates
    }


def listed(result: ComplianceReport) -> list[tuple[str, Any, str, datetime]]:
    return [(f.rule, f.subject_id, f.status, f.opened_at) for f in result.findings]


class TestRates:
    def test_july_by_rule_and_department(self, ledger: Opsledger, clock: FixedClock) -> None:
        seen = july(ledger, clock)
        result = report(ledger, "2026-07")

        assert listed(result) == [
            ("SEGREGATION_OF_DUTIES", seen.order, "recorded", utc(2026, 7, 1, 4, 30)),
            ("COMPLAINT_ACK_SLA", seen.late, "closed", utc(2026, 7, 2, 1, 30)),
            ("COMPLAINT_ACK_SLA", seen.never, "open", utc(2026, 7, 2, 2, 30)),
        ]
        expected: dict[tuple[str, str | None], tuple[int, int, float | None]] = {
            # three complaints, two with a finding: 1/3 = 33.33 %
            ("COMPLAINT_ACK_SLA", CS): (3, 2, 33.33),
            ("COMPLAINT_ACK_SLA", None): (3, 2, 33.33),
            ("COMPLAINT_RESOLUTION_SLA", CS): (3, 0, 100.0),
            ("COMPLAINT_RESOLUTION_SLA", None): (3, 0, 100.0),
            ("ORDER_DELIVERY_DUE", "sales"): (1, 0, 100.0),
            ("ORDER_DELIVERY_DUE", None): (1, 0, 100.0),
            # every record counts: 3 complaints and the order, which has the finding: 3/4
            ("SEGREGATION_OF_DUTIES", CS): (3, 0, 100.0),
            ("SEGREGATION_OF_DUTIES", "sales"): (1, 1, 0.0),
            ("SEGREGATION_OF_DUTIES", None): (4, 1, 75.0),
            **{
                (rule.value, None): (0, 0, None)
                for rule in Rule
                if rule.value.startswith(("PROJECT", "BUDGET", "RISK", "RECTIFICATION"))
            },
        }
        assert rates(result) == expected

    def test_a_finding_or_record_closed_before_the_period_is_not_in_it(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        seen = july(ledger, clock)
        complaints.drive(ledger, clock, to="closed")  # received 07-02 08:30, closed 16:30
        ledger.projections.catch_up()
        july_rates = rates(report(ledger, "2026-07", rule=Rule.COMPLAINT_ACK_SLA))
        assert july_rates[("COMPLAINT_ACK_SLA", None)] == (4, 2, 50.0)  # 2 of 4 without one
        result = report(ledger, "2026-08", rule=Rule.COMPLAINT_ACK_SLA)

        assert listed(result) == [("COMPLAINT_ACK_SLA", seen.never, "open", utc(2026, 7, 2, 2, 30))]
        assert rates(result) == {
            # the closed complaint is no subject in August; the three still open are: 2/3
            ("COMPLAINT_ACK_SLA", CS): (3, 1, 66.67),
            ("COMPLAINT_ACK_SLA", None): (3, 1, 66.67),
        }


class TestFilters:
    def test_department(self, ledger: Opsledger, clock: FixedClock) -> None:
        seen = july(ledger, clock)
        result = report(ledger, "2026-Q3", department="sales")

        assert listed(result) == [
            ("SEGREGATION_OF_DUTIES", seen.order, "recorded", utc(2026, 7, 1, 4, 30))
        ]
        assert set(rates(result)) == {(rule.value, "sales") for rule in Rule}
        assert rates(result)[("SEGREGATION_OF_DUTIES", "sales")] == (1, 1, 0.0)
        assert rates(result)[("COMPLAINT_ACK_SLA", "sales")] == (0, 0, None)

    def test_rule(self, ledger: Opsledger, clock: FixedClock) -> None:
        seen = july(ledger, clock)
        result = report(ledger, "2026-07", rule=Rule.SEGREGATION_OF_DUTIES, department=CS)

        assert listed(result) == []
        assert rates(result) == {("SEGREGATION_OF_DUTIES", CS): (3, 0, 100.0)}
        assert seen.order not in {f.subject_id for f in result.findings}


class TestKnownAt:
    def test_a_late_correction_changes_todays_report_not_the_known_at_one(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """The sweep at 07-02 07:30 finds the complaint unacknowledged; at 07-02 09:30 an
        acknowledgement made at 07-02 01:00, before the 01:30 deadline, is entered."""
        complaint = complaints.drive(ledger, clock)
        clock.current = utc(2026, 7, 2, 7, 30)
        ledger.sweep()
        clock.current = utc(2026, 7, 2, 9, 30)
        made = iso(utc(2026, 7, 2, 1))
        complaints.accept(ledger, complaints.command("acknowledge", complaint, occurred_at=made))
        ledger.projections.catch_up()
        rule = Rule.COMPLAINT_ACK_SLA

        then = report(ledger, "2026-07", rule=rule, known_at=utc(2026, 7, 2, 8))
        now = report(ledger, "2026-07", rule=rule)
        again = report(ledger, "2026-07", rule=rule, known_at=utc(2026, 7, 3))

        assert listed(then) == [(rule.value, complaint, "open", utc(2026, 7, 2, 1, 30))]
        assert rates(then)[(rule.value, None)] == (1, 1, 0.0)
        assert listed(now) == listed(again) == []
        assert rates(now)[(rule.value, None)] == rates(again)[(rule.value, None)] == (1, 0, 100.0)
