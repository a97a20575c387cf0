"""Decisions that review a risk, close it, and reopen it."""

from __future__ import annotations

from datetime import datetime, tzinfo

from domain.risk.decisions.owner import SUBJECT, require_owner_or_officer
from domain.risk.due_dates import next_review
from domain.risk.events import RiskClosed, RiskEvent, RiskReopened, RiskReviewed
from domain.risk.state import Risk
from domain.risk.values import OPEN, UNDER_REVIEW, Level, Status
from domain.shared.actor import Actor, Role
from domain.shared.errors import RuleViolation
from domain.shared.guards import require_role, require_status, require_text


def review(risk: Risk, *, notes: str, actor: Actor, at: datetime, zone: tzinfo) -> list[RiskEvent]:
    """The owner or a risk officer reviews an assessed risk, with notes. The review sets the
    next review date by the level in force (the residual one once assessed): 30 days on for a
    critical risk, 60 for high, 90 for medium, 180 for low."""
    require_owner_or_officer(risk, actor, action="review a risk")
    require_status(risk.status, *UNDER_REVIEW, subject=SUBJECT, action="review")
    require_text(notes, "notes")
    level = risk.current_level if risk.current_level is not None else Level.LOW
    review_on, review_due = next_review(level, at=at, zone=zone)
    return [
        RiskReviewed(
            occurred_at=at,
            actor=actor,
            notes=notes,
            level=level,
            next_review_on=review_on,
            review_due=review_due,
        )
    ]


def close(risk: Risk, *, actor: Actor, at: datetime) -> list[RiskEvent]:
    """A risk officer closes an open risk, with a reason, once no mitigation action is open.
    No review is owed from then on."""
    require_role(actor, Role.RISK_OFFICER, action="close a risk")
    require_status(risk.status, *OPEN, subject=SUBJECT, action="close")
    still_open = [action.action_id for action in risk.open_actions]
    if still_open:
        raise RuleViolation(
            "a risk is closed only with no open mitigation actions; still open: "
            + ", ".join(still_open),
            open_actions=still_open,
        )
    return [RiskClosed(occurred_at=at, actor=actor)]


def reopen(risk: Risk, *, actor: Actor, at: datetime) -> list[RiskEvent]:
    """A risk officer reopens a closed risk, with a reason; it is then assessed afresh."""
    require_role(actor, Role.RISK_OFFICER, action="reopen a risk")
    require_status(risk.status, Status.CLOSED, subject=SUBJECT, action="reopen")
    return [RiskReopened(occurred_at=at, actor=actor)]
