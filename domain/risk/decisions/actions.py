"""Decisions on mitigation actions: adding them, and their owners completing them."""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from domain.risk.decisions.owner import SUBJECT, require_owner_or_officer
from domain.risk.due_dates import late_from
from domain.risk.events import MitigationActionAdded, MitigationActionCompleted, RiskEvent
from domain.risk.state import Risk
from domain.risk.values import OPEN, RESPONDED
from domain.shared.actor import Actor
from domain.shared.errors import RuleViolation
from domain.shared.guards import require_recorded_actor, require_status, require_text
from domain.shared.period import local_date

ACTION_OWNER = "that action's owner"


def add_action(
    risk: Risk,
    *,
    action_id: str,
    description: str,
    owner_id: str,
    due_on: date,
    actor: Actor,
    at: datetime,
    zone: tzinfo,
) -> list[RiskEvent]:
    """The owner or a risk officer adds a mitigation action once a response is chosen: an id
    of the caller's choosing, unique within the risk, what is to be done, who does it, and the
    day it is due, no earlier than the day it is added (company time zone)."""
    require_owner_or_officer(risk, actor, action="add a mitigation action to a risk")
    require_status(risk.status, *RESPONDED, subject=SUBJECT, action="add a mitigation action to")
    require_text(action_id, "action_id")
    require_text(description, "description")
    require_text(owner_id, "owner_id")
    if action_id in risk.actions:
        raise RuleViolation(
            f"this risk already has a mitigation action {action_id!r}", field="action_id"
        )
    if isinstance(due_on, datetime) or not isinstance(due_on, date):
        raise RuleViolation(f"an action is due on a calendar day, not {due_on!r}", field="due_on")
    today = local_date(at, zone)
    if due_on < today:
        raise RuleViolation(
            f"an action is due on {today} or later, not on {due_on}", field="due_on"
        )
    return [
        MitigationActionAdded(
            occurred_at=at,
            actor=actor,
            action_id=action_id,
            description=description,
            owner_id=owner_id,
            due_on=due_on,
            action_due=late_from(due_on, zone=zone),
        )
    ]


def complete_action(
    risk: Risk, *, action_id: str, evidence: str, actor: Actor, at: datetime
) -> list[RiskEvent]:
    """Only that action's owner, whatever roles they hold, completes a mitigation action of an
    open risk, once, with evidence that it was done."""
    action = risk.actions.get(action_id)
    if action is None:
        raise RuleViolation(f"this risk has no mitigation action {action_id!r}", field="action_id")
    require_recorded_actor(
        actor, action.owner_id, who=ACTION_OWNER, action="complete a mitigation action"
    )
    require_status(risk.status, *OPEN, subject=SUBJECT, action="complete an action of")
    if not action.is_open:
        raise RuleViolation(
            f"mitigation action {action_id!r} is already completed", field="action_id"
        )
    require_text(evidence, "evidence")
    return [
        MitigationActionCompleted(
            occurred_at=at, actor=actor, action_id=action_id, evidence=evidence
        )
    ]
