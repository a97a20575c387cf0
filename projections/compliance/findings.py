"""Findings and the subjects they are about: the compliance history's two tables, and how a
subject's findings are brought in line with what its facts show."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

import attrs

from projections.compliance.marks import Mark, at
from projections.log import LogEntry
from projections.plugin import Column, Table, View


class Rule(enum.StrEnum):
    """The compliance rules of DOMAIN §7, by their public ids."""

    COMPLAINT_ACK_SLA = "COMPLAINT_ACK_SLA"
    COMPLAINT_RESOLUTION_SLA = "COMPLAINT_RESOLUTION_SLA"
    ORDER_DELIVERY_DUE = "ORDER_DELIVERY_DUE"
    PROJECT_SCHEDULE = "PROJECT_SCHEDULE"
    PROJECT_COST = "PROJECT_COST"
    BUDGET_OVERSPEND = "BUDGET_OVERSPEND"
    RISK_UNTREATED = "RISK_UNTREATED"
    RISK_REVIEW_OVERDUE = "RISK_REVIEW_OVERDUE"
    RISK_ACTION_OVERDUE = "RISK_ACTION_OVERDUE"
    RECTIFICATION_OVERDUE = "RECTIFICATION_OVERDUE"
    SEGREGATION_OF_DUTIES = "SEGREGATION_OF_DUTIES"


#: The kind of record each rule is about (None: records of every kind).
RULE_KINDS: dict[Rule, str | None] = {
    Rule.COMPLAINT_ACK_SLA: "complaint",
    Rule.COMPLAINT_RESOLUTION_SLA: "complaint",
    Rule.ORDER_DELIVERY_DUE: "order",
    Rule.PROJECT_SCHEDULE: "project",
    Rule.PROJECT_COST: "project",
    Rule.BUDGET_OVERSPEND: "budget",
    Rule.RISK_UNTREATED: "risk",
    Rule.RISK_REVIEW_OVERDUE: "risk",
    Rule.RISK_ACTION_OVERDUE: "risk",
    Rule.RECTIFICATION_OVERDUE: "rectification",
    Rule.SEGREGATION_OF_DUTIES: None,
}


class Status(enum.StrEnum):
    """Where a finding stands."""

    OPEN = "open"
    CLOSED = "closed"
    #: A point-in-time record that never closes: a refused maker-checker attempt.
    RECORDED = "recorded"
    #: Noticed, then shown by facts entered later never to have happened in business time.
    WITHDRAWN = "withdrawn"


FINDINGS = Table(
    name="compliance_findings",
    columns=(
        Column("subject_id", "uuid", nullable=False),
        Column("rule", "text", nullable=False),
        #: Which breach of the rule on this subject: "" where a subject can breach it once.
        Column("occurrence", "text", nullable=False),
        Column("subject_type", "text", nullable=False),
        Column("department", "text"),
        Column("severity", "text", nullable=False),
        Column("status", "text", nullable=False),
        Column("opened_at", "time", nullable=False),
        Column("closed_at", "time"),
        Column("detail", "text", nullable=False),
        Column("opened_by", "text", nullable=False),
        Column("opened_by_position", "integer", nullable=False),
        Column("closed_by", "text"),
        Column("closed_by_position", "integer"),
    ),
    key=("subject_id", "rule", "occurrence"),
    indexes=(("department", "rule", "opened_at"), ("rule", "opened_at"), ("opened_at",)),
)

SUBJECTS = Table(
    name="compliance_subjects",
    columns=(
        Column("subject_id", "uuid", nullable=False),
        Column("subject_type", "text", nullable=False),
        Column("department", "text"),
        #: Business time of its first fact, and of the fact that finished it (None while open).
        Column("began_at", "time", nullable=False),
        Column("ended_at", "time"),
        #: What its rules need to know, as plain JSON.
        Column("facts", "json", nullable=False),
    ),
    key=("subject_id",),
    indexes=(("subject_type", "department"),),
)


@attrs.frozen(kw_only=True)
class Breach:
    """A breach a subject's facts show: since when, and the fact that ended it, if any."""

    rule: Rule
    occurrence: str = ""
    severity: str
    opened_at: datetime
    closed: Mark | None = None
    detail: str
    recorded: bool = False


def reconcile(
    view: View,
    *,
    subject_id: UUID,
    subject_type: str,
    department: str | None,
    breaches: Sequence[Breach],
    entry: LogEntry,
    known: Sequence[Sequence[str]],
) -> list[list[str]]:
    """Bring the subject's findings in line with the breaches its facts now show, given the
    (rule, occurrence) of those it has (`known`); returns those it has now. A finding keeps
    the event that first showed it; one the facts no longer show is withdrawn (kept, so
    auditors see what was noticed, with closed_at = opened_at)."""
    shown = {(breach.rule.value, breach.occurrence): breach for breach in breaches}
    for rule, occurrence in known:
        if (rule, occurrence) in shown:
            continue
        row = view.get(FINDINGS.name, (subject_id, rule, occurrence))
        if row is None or row["status"] == Status.WITHDRAWN:
            continue
        row.update(
            status=Status.WITHDRAWN.value,
            closed_at=row["opened_at"],
            closed_by=entry.recorded.event_type,
            closed_by_position=entry.position,
            department=department,
        )
        view.put(FINDINGS.name, row)
    for breach in breaches:
        record(
            view,
            subject_id=subject_id,
            subject_type=subject_type,
            department=department,
            breach=breach,
            entry=entry,
        )
    return [list(key) for key in dict.fromkeys([*map(tuple, known), *shown])]


def record(
    view: View,
    *,
    subject_id: UUID,
    subject_type: str,
    department: str | None,
    breach: Breach,
    entry: LogEntry,
) -> None:
    """Write the finding of one breach; a finding already known keeps the event that first
    showed it."""
    known = view.get(FINDINGS.name, (subject_id, breach.rule.value, breach.occurrence))
    if breach.recorded:
        status, closed_at = Status.RECORDED, breach.opened_at
    elif breach.closed is None:
        status, closed_at = Status.OPEN, None
    else:
        status, closed_at = Status.CLOSED, at(breach.closed)
    row: dict[str, Any] = {
        "subject_id": subject_id,
        "rule": breach.rule.value,
        "occurrence": breach.occurrence,
        "subject_type": subject_type,
        "department": department,
        "severity": breach.severity,
        "status": status.value,
        "opened_at": breach.opened_at,
        "closed_at": closed_at,
        "detail": breach.detail,
        "opened_by": entry.recorded.event_type,
        "opened_by_position": entry.position,
        "closed_by": None if breach.closed is None else breach.closed["by"],
        "closed_by_position": None if breach.closed is None else breach.closed["pos"],
    }
    if known is not None and known["status"] != Status.WITHDRAWN:
        row["opened_by"] = known["opened_by"]
        row["opened_by_position"] = known["opened_by_position"]
    if known is None or _differs(known, row):
        view.put(FINDINGS.name, row)


def _differs(known: dict[str, Any], row: dict[str, Any]) -> bool:
    return any(known[name] != value for name, value in row.items())
