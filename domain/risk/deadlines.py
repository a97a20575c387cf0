"""The risk sweep: a review or a mitigation action not done by its due day is reported once."""

from __future__ import annotations

from datetime import datetime

from domain.risk.events import MitigationActionOverdue, RiskEvent, RiskReviewOverdue
from domain.risk.state import Risk
from domain.risk.values import UNDER_REVIEW, MitigationAction
from domain.shared.actor import SYSTEM_ACTOR


def review_deadline(risk: Risk) -> datetime | None:
    """When the next review becomes overdue, while the risk is assessed and open and that
    review was not yet reported overdue; None otherwise (before an assessment, once closed,
    reopened and not yet assessed afresh)."""
    if risk.status not in UNDER_REVIEW or risk.review_due is None:
        return None
    if risk.review_overdue_reported_for == risk.review_due:
        return None
    return risk.review_due


def action_deadlines(risk: Risk) -> list[MitigationAction]:
    """The open mitigation actions not yet reported overdue, in the order they were added."""
    return [action for action in risk.open_actions if not action.overdue_reported]


def next_deadline(risk: Risk) -> datetime | None:
    """When the sweep next needs to look at this risk: the earliest of its review deadline and
    its open actions' deadlines not yet reported; None while none runs."""
    dues = [action.action_due for action in action_deadlines(risk)]
    review_due = review_deadline(risk)
    if review_due is not None:
        dues.append(review_due)
    return min(dues, default=None)


def overdue(risk: Risk, now: datetime) -> list[RiskEvent]:
    """A review not done by the end of its review date is reported overdue by the system once
    per review date (a later review sets a new date, which may be reported in turn); an open
    mitigation action not completed by the end of its due day is reported once. Reports are
    dated `now`, and never before the risk's latest event."""
    at = max(now, risk.last_event_at)
    events: list[RiskEvent] = []
    review_due = review_deadline(risk)
    if review_due is not None and now >= review_due and risk.next_review_on is not None:
        events.append(
            RiskReviewOverdue(
                occurred_at=at,
                actor=SYSTEM_ACTOR,
                next_review_on=risk.next_review_on,
                review_due=review_due,
            )
        )
    events.extend(
        MitigationActionOverdue(
            occurred_at=at,
            actor=SYSTEM_ACTOR,
            action_id=action.action_id,
            owner_id=action.owner_id,
            due_on=action.due_on,
            action_due=action.action_due,
        )
        for action in action_deadlines(risk)
        if now >= action.action_due
    )
    return events
