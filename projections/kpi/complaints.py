"""Complaint KPIs (DOMAIN §7): one row of facts per complaint, and the figures of a period.

The facts are the complaint as the domain folds it (`domain.complaint.state.evolve`), so the
deadlines are the ones the domain computes: the acknowledgement deadline fixed at receipt, the
resolution deadline fixed at classification with paused time added back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import tzinfo
from typing import Any

import attrs

from domain.complaint.events import (
    ComplaintEscalated,
    ComplaintEvent,
    ComplaintReceived,
    ComplaintReopened,
    CustomerDissatisfied,
    CustomerSatisfied,
)
from domain.complaint.state import Complaint, evolve
from domain.complaint.values import Category, Channel, Severity, Status, WaitingFor
from domain.shared.events import event_types
from domain.shared.period import Period
from projections.kpi.family import Facts
from projections.kpi.figures import hours, mean, median, p90, pct
from projections.kpi.periods import in_period
from projections.log import LogEntry
from projections.plugin import Column, Table, View

#: Scores a customer gives when satisfied enough to count for CSAT: 4 or 5 of 5.
CSAT_SATISFIED = 4

#: How `complaints_by_category` names complaints not classified yet.
UNCLASSIFIED = "unclassified"

FACTS = Table(
    name="kpi_complaint_facts",
    columns=(
        Column("complaint_id", "uuid", nullable=False),
        # The department it is assigned to, else the department of whoever registered it.
        Column("department", "text", nullable=False),
        Column("registered_department", "text", nullable=False),
        Column("customer_id", "text", nullable=False),
        Column("channel", "text", nullable=False),
        Column("order_id", "text"),
        Column("received_at", "time", nullable=False),
        Column("received_by", "text", nullable=False),
        Column("acknowledge_due", "time", nullable=False),
        Column("acknowledged_at", "time"),
        Column("status", "text", nullable=False),
        Column("category", "text"),
        Column("severity", "text"),
        Column("classified_at", "time"),
        # As classification fixed it, and with the paused time so far added back.
        Column("resolution_due", "time"),
        Column("resolution_deadline", "time"),
        Column("assigned_department", "text"),
        Column("assignee_id", "text"),
        Column("investigation_recorded", "boolean", nullable=False),
        Column("resolution_proposed", "boolean", nullable=False),
        Column("paused_from", "text"),
        Column("paused_at", "time"),
        Column("waiting_for", "text"),
        Column("paused_seconds", "integer", nullable=False),
        # The satisfaction that stands (cleared by a reopening) and whether it met the deadline.
        Column("satisfied_at", "time"),
        Column("resolved_on_time", "boolean"),
        # The latest feedback, satisfied or not, and its score.
        Column("feedback_at", "time"),
        Column("csat", "integer"),
        Column("closed_at", "time"),
        Column("escalation_level", "integer", nullable=False),
        Column("escalated", "boolean", nullable=False),
        Column("reopen_count", "integer", nullable=False),
    ),
    key=("complaint_id",),
    indexes=(("department", "received_at"),),
)

#: Every complaint event: the facts follow the complaint's whole fold.
TOPICS = frozenset(name for name, kind in event_types.items() if issubclass(kind, ComplaintEvent))


def complaint(row: dict[str, Any]) -> Complaint:
    """The complaint a facts row was made from, as far as the KPIs need it: the facts keep no
    free text (the summary and remedy sought come back empty) and no breach reports."""
    return Complaint(
        id=row["complaint_id"],
        customer_id=row["customer_id"],
        channel=Channel(row["channel"]),
        summary="",
        remedy_sought="",
        order_id=row["order_id"],
        received_at=row["received_at"],
        received_by=row["received_by"],
        acknowledge_due=row["acknowledge_due"],
        status=Status(row["status"]),
        acknowledged_at=row["acknowledged_at"],
        category=None if row["category"] is None else Category(row["category"]),
        severity=None if row["severity"] is None else Severity(row["severity"]),
        classified_at=row["classified_at"],
        resolution_due=row["resolution_due"],
        department=row["assigned_department"],
        assignee_id=row["assignee_id"],
        investigation_recorded=row["investigation_recorded"],
        resolution_proposed=row["resolution_proposed"],
        paused_from=None if row["paused_from"] is None else Status(row["paused_from"]),
        paused_at=row["paused_at"],
        waiting_for=None if row["waiting_for"] is None else WaitingFor(row["waiting_for"]),
        paused_seconds_after_classification=row["paused_seconds"],
        satisfied_at=row["satisfied_at"],
        csat=row["csat"],
        closed_at=row["closed_at"],
        escalation_level=row["escalation_level"],
        reopen_count=row["reopen_count"],
    )


def _enum_value(value: Any) -> str | None:
    return None if value is None else str(value.value)


def facts_row(
    c: Complaint, *, before: dict[str, Any] | None, event: ComplaintEvent
) -> dict[str, Any]:
    """The facts of a complaint after `event`, given its facts before it (None at receipt)."""
    registered = event.actor.department if before is None else before["registered_department"]
    resolved_on_time = None if before is None else before["resolved_on_time"]
    feedback_at = None if before is None else before["feedback_at"]
    escalated = False if before is None else before["escalated"]
    deadline = c.effective_resolution_due
    if isinstance(event, CustomerSatisfied):
        # Judged when the customer is satisfied, against the deadline as it stands then.
        resolved_on_time = deadline is not None and event.occurred_at <= deadline
    elif isinstance(event, ComplaintReopened):
        resolved_on_time = None
    if isinstance(event, CustomerSatisfied | CustomerDissatisfied):
        feedback_at = event.occurred_at
    if isinstance(event, ComplaintEscalated):
        escalated = True
    return {
        "complaint_id": c.id,
        "department": c.department or registered,
        "registered_department": registered,
        "customer_id": c.customer_id,
        "channel": c.channel.value,
        "order_id": c.order_id,
        "received_at": c.received_at,
        "received_by": c.received_by,
        "acknowledge_due": c.acknowledge_due,
        "acknowledged_at": c.acknowledged_at,
        "status": c.status.value,
        "category": _enum_value(c.category),
        "severity": _enum_value(c.severity),
        "classified_at": c.classified_at,
        "resolution_due": c.resolution_due,
        "resolution_deadline": deadline,
        "assigned_department": c.department,
        "assignee_id": c.assignee_id,
        "investigation_recorded": c.investigation_recorded,
        "resolution_proposed": c.resolution_proposed,
        "paused_from": _enum_value(c.paused_from),
        "paused_at": c.paused_at,
        "waiting_for": _enum_value(c.waiting_for),
        "paused_seconds": c.paused_seconds_after_classification,
        "satisfied_at": c.satisfied_at,
        "resolved_on_time": resolved_on_time,
        "feedback_at": feedback_at,
        "csat": c.csat,
        "closed_at": c.closed_at,
        "escalation_level": c.escalation_level,
        "escalated": escalated,
        "reopen_count": c.reopen_count,
    }


@attrs.frozen
class ComplaintFacts:
    """One row of facts per complaint, brought up to date with each of its events."""

    name: str = "kpi_complaints"
    version: int = 1
    topics: frozenset[str] | None = TOPICS
    tables: tuple[Table, ...] = (FACTS,)

    def apply(self, view: View, page: Sequence[LogEntry]) -> None:
        view.load(FACTS.name, ((entry.recorded.originator_id,) for entry in page))
        for entry in page:
            event = entry.recorded.event
            if not isinstance(event, ComplaintEvent):
                continue
            key = (entry.recorded.originator_id,)
            before = None if isinstance(event, ComplaintReceived) else view.get(FACTS.name, key)
            if before is None and not isinstance(event, ComplaintReceived):
                continue  # a history that does not start with its receipt has no facts
            state = evolve(None if before is None else complaint(before), event)
            view.put(FACTS.name, facts_row(state, before=before, event=event))


KEYS = (
    "complaints_received",
    "complaints_ack_within_sla_pct",
    "complaints_first_response_hours_mean",
    "complaints_first_response_hours_median",
    "complaints_first_response_hours_p90",
    "complaints_resolution_rate_pct",
    "complaints_resolved_on_time_pct",
    "complaints_csat_pct",
    "complaints_reopen_rate_pct",
    "complaints_escalation_rate_pct",
    "complaints_by_category",
)


def by_category(received: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """Complaints by category, every category named (0 when none), then those unclassified."""
    counts = {category.value: 0 for category in Category}
    counts[UNCLASSIFIED] = 0
    for row in received:
        counts[row["category"] or UNCLASSIFIED] += 1
    return counts


@attrs.frozen
class ComplaintKpis:
    """Complaint handling: receipt, first response, resolution, satisfaction (DOMAIN §7)."""

    projection: ComplaintFacts = ComplaintFacts()
    keys: tuple[str, ...] = KEYS

    def figures(self, facts: Facts, period: Period, zone: tzinfo) -> dict[str, Any]:
        """Each complaint counts in the period of the event that completes the measure:
        receipt for the count and the category counts, acknowledgement for the first response,
        satisfaction for on-time resolution, the latest feedback for CSAT. Rates "÷ received"
        take the complaints received in the period and what has become of them since."""
        rows = facts[FACTS.name]
        received = in_period(rows, "received_at", period, zone)
        acknowledged = in_period(rows, "acknowledged_at", period, zone)
        satisfied = [
            row
            for row in in_period(rows, "satisfied_at", period, zone)
            if row["resolved_on_time"] is not None
        ]
        rated = [
            row for row in in_period(rows, "feedback_at", period, zone) if row["csat"] is not None
        ]
        response = [hours(row["received_at"], row["acknowledged_at"]) for row in acknowledged]
        return {
            "complaints_received": len(received),
            "complaints_ack_within_sla_pct": pct(
                sum(row["acknowledged_at"] <= row["acknowledge_due"] for row in acknowledged),
                len(acknowledged),
            ),
            "complaints_first_response_hours_mean": mean(response),
            "complaints_first_response_hours_median": median(response),
            "complaints_first_response_hours_p90": p90(response),
            "complaints_resolution_rate_pct": pct(
                sum(row["status"] == Status.CLOSED.value for row in received), len(received)
            ),
            "complaints_resolved_on_time_pct": pct(
                sum(row["resolved_on_time"] for row in satisfied), len(satisfied)
            ),
            "complaints_csat_pct": pct(
                sum(row["csat"] >= CSAT_SATISFIED for row in rated), len(rated)
            ),
            "complaints_reopen_rate_pct": pct(
                sum(row["reopen_count"] > 0 for row in received), len(received)
            ),
            "complaints_escalation_rate_pct": pct(
                sum(row["escalated"] for row in received), len(received)
            ),
            "complaints_by_category": by_category(received),
        }
