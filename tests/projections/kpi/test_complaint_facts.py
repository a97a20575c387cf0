"""The complaint KPI facts and figures, in memory: the deadlines as the domain computes them,
the department a complaint counts in, and which feedback counts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import attrs

from domain.complaint.events import ComplaintEvent
from domain.complaint.values import Category, Severity
from projections.kpi.complaints import FACTS, ComplaintKpis
from tests.domain.complaint_fixtures import (
    COMPLAINT_ID,
    DAY,
    HOUR,
    T0,
    acknowledged,
    assigned,
    classified,
    closed,
    closed_unresolved,
    dissatisfied,
    investigated,
    paused,
    proposed,
    received,
    reopened,
    resumed,
    satisfied,
)
from tests.projections.kpi.log_entries import entries, figures, folded

KPIS = ComplaintKpis()
OTHER_ID = UUID("5c1d7a3e-2b4f-4e6a-8d9c-0a1b2c3d4e5f")


def facts(*events: ComplaintEvent, complaint_id: UUID = COMPLAINT_ID) -> dict[str, Any]:
    """The facts row of one complaint after its events."""
    view = folded(KPIS, entries(complaint_id, events))
    row = view.get(FACTS.name, (complaint_id,))
    assert row is not None
    return row


def worked_on() -> list[ComplaintEvent]:
    """Received at T0, acknowledged at T0 + 1 h, classified medium at T0 + 2 h (due 10 days
    later, T0 + 10 d 2 h), assigned and investigated, a resolution proposed at T0 + 5 h."""
    return [
        received(T0),
        acknowledged(T0 + HOUR),
        classified(T0 + 2 * HOUR, severity=Severity.MEDIUM),
        assigned(T0 + 3 * HOUR),
        investigated(T0 + 4 * HOUR),
        proposed(T0 + 5 * HOUR),
    ]


class TestResolutionDeadline:
    """The resolution deadline is the domain's: paused time, and the time between a
    resolution and a reopening, are added back; satisfaction is judged against it then."""

    def test_a_pause_moves_the_deadline_by_the_paused_time(self) -> None:
        """Paused 3 days: due T0 + 10 d 2 h + 3 d; satisfied at T0 + 12 d is on time."""
        row = facts(
            *worked_on()[:5],
            paused(T0 + DAY),
            resumed(T0 + 4 * DAY, paused_seconds=3 * 86400),
            proposed(T0 + 4 * DAY + HOUR),
            satisfied(T0 + 12 * DAY),
        )
        assert row["paused_seconds"] == 3 * 86400
        assert row["resolution_due"] == T0 + 10 * DAY + 2 * HOUR
        assert row["resolution_deadline"] == T0 + 13 * DAY + 2 * HOUR
        assert row["resolved_on_time"] is True

    def test_a_reopening_adds_back_the_time_it_stood_resolved(self) -> None:
        """Satisfied at T0 + 9 d, closed, reopened at T0 + 20 d: 11 days stood still, so the
        deadline becomes T0 + 21 d 2 h and a new satisfaction at T0 + 21 d is on time. Until
        then no satisfaction stands."""
        first = [*worked_on(), satisfied(T0 + 9 * DAY), closed(T0 + 9 * DAY + HOUR)]
        reopening = reopened(T0 + 20 * DAY)
        row = facts(*first, reopening)
        assert (row["satisfied_at"], row["resolved_on_time"], row["status"]) == (
            None,
            None,
            "investigating",
        )
        assert row["reopen_count"] == 1
        row = facts(
            *first,
            reopening,
            proposed(T0 + 20 * DAY + HOUR),
            satisfied(T0 + 21 * DAY),
        )
        assert row["resolution_deadline"] == T0 + 21 * DAY + 2 * HOUR
        assert row["satisfied_at"] == T0 + 21 * DAY
        assert row["resolved_on_time"] is True

    def test_satisfaction_after_the_deadline_is_late(self) -> None:
        """Medium, due T0 + 10 d 2 h; satisfied at T0 + 10 d 3 h: late."""
        row = facts(*worked_on(), satisfied(T0 + 10 * DAY + 3 * HOUR))
        assert row["resolved_on_time"] is False

    def test_closing_unresolved_while_paused_counts_the_pause(self) -> None:
        """Paused at T0 + 6 h, closed unresolved two days later: 2 days of paused time."""
        row = facts(
            *worked_on(),
            paused(T0 + 6 * HOUR),
            closed_unresolved(T0 + 2 * DAY + 6 * HOUR),
        )
        assert row["paused_seconds"] == 2 * 86400
        assert row["status"] == "closed_unresolved"
        assert row["paused_at"] is None


class TestDepartment:
    """A complaint counts in the department it is assigned to, else its registrar's."""

    def test_unassigned_it_is_the_registering_agents_department(self) -> None:
        assert facts(received(T0), acknowledged(T0 + HOUR))["department"] == "customer_service"

    def test_a_transfer_moves_it_to_the_new_department(self) -> None:
        row = facts(*worked_on()[:4], assigned(T0 + 4 * HOUR, department="logistics"))
        assert (row["department"], row["registered_department"]) == (
            "logistics",
            "customer_service",
        )


class TestFigures:
    """Periods by the company's calendar, the latest feedback for CSAT, null percentages."""

    def test_csat_takes_the_latest_feedback_in_its_period(self) -> None:
        """Dissatisfied (2) on 30 July, satisfied (5) on 2 August: July has no CSAT (the
        complaint's feedback is now August's), August has 1 of 1 = 100 %."""
        july_30 = datetime(2026, 7, 30, 2, 0, tzinfo=UTC)
        view = folded(
            KPIS,
            entries(
                COMPLAINT_ID,
                [
                    *worked_on(),
                    dissatisfied(july_30, csat=2),
                    proposed(july_30 + HOUR),
                    satisfied(july_30 + 3 * DAY, csat=5),
                ],
            ),
        )
        assert figures(KPIS, view, "2026-07")["complaints_csat_pct"] is None
        assert figures(KPIS, view, "2026-08")["complaints_csat_pct"] == 100.0

    def test_a_period_with_nothing_has_null_rates_and_zero_counts(self) -> None:
        view = folded(KPIS, entries(COMPLAINT_ID, worked_on()))
        assert figures(KPIS, view, "2026-06") == {
            "complaints_received": 0,
            "complaints_ack_within_sla_pct": None,
            "complaints_first_response_hours_mean": None,
            "complaints_first_response_hours_median": None,
            "complaints_first_response_hours_p90": None,
            "complaints_resolution_rate_pct": None,
            "complaints_resolved_on_time_pct": None,
            "complaints_csat_pct": None,
            "complaints_reopen_rate_pct": None,
            "complaints_escalation_rate_pct": None,
            "complaints_by_category": {
                "product_quality": 0,
                "delivery": 0,
                "service": 0,
                "billing": 0,
                "other": 0,
                "unclassified": 0,
            },
        }

    def test_categories_count_the_received_by_their_latest_category(self) -> None:
        """One reclassified from product quality to billing, one never classified."""
        one = [*worked_on()[:3], classified(T0 + 3 * HOUR, category=Category.BILLING)]
        other = [attrs.evolve(received(T0), complaint_id=OTHER_ID)]
        view = folded(KPIS, entries(COMPLAINT_ID, one), entries(OTHER_ID, other, first=10))
        assert figures(KPIS, view, "2026-07")["complaints_by_category"] == {
            "product_quality": 0,
            "delivery": 0,
            "service": 0,
            "billing": 1,
            "other": 0,
            "unclassified": 1,
        }

    def test_an_entry_without_its_receipt_is_ignored(self) -> None:
        """A page that starts mid-history (no receipt in the read model) leaves no row."""
        view = folded(KPIS, entries(COMPLAINT_ID, [acknowledged(T0 + HOUR)]))
        assert view.rows(FACTS.name) == []
