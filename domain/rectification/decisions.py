"""Decisions on rectifications: who may do what, when, and which events follow (DOMAIN §6a).

One pure function per command of §6a, named as its command type names it
(`rectification.verify` is `verify`): the rectification (except for `issue`), the payload's
fields, then `actor` and `at` (and the company's time zone where a due date is set), all by
keyword. Each returns the events decided or raises the refusal. The reason an extension
needs travels on the command's envelope and is recorded with the event, not decided here.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from uuid import UUID

from domain.rectification.deadlines import deadline_of
from domain.rectification.events import (
    RectificationAcknowledged,
    RectificationClosed,
    RectificationDeadlineExtended,
    RectificationEvent,
    RectificationIssued,
    RectificationRejected,
    RectificationStarted,
    RectificationSubmitted,
    RectificationVerified,
)
from domain.rectification.state import Rectification
from domain.rectification.values import UNVERIFIED, Severity, Status
from domain.shared.actor import Actor, Role
from domain.shared.errors import Forbidden, RuleViolation
from domain.shared.guards import (
    is_recorded_actor,
    require_recorded_actor,
    require_role,
    require_segregated,
    require_status,
    require_text,
)
from domain.shared.period import local_date

__all__ = ["acknowledge", "close", "extend", "issue", "start", "submit", "verify"]

SUBJECT = "rectification"
RESPONSIBLE = "the responsible person"
#: The duty the responsible person holds, as a refusal of segregation of duties names it.
ANSWERS_FOR = "answers for"
#: Who may extend a rectification's due date (DOMAIN §6a `rectification.extend`).
EXTENDERS = (Role.SUPERVISOR, Role.MANAGEMENT)


def issue(
    *,
    rectification_id: UUID,
    department: str,
    process: str,
    finding: str,
    severity: Severity,
    responsible_id: str,
    due_on: date,
    related_id: str | None = None,
    actor: Actor,
    at: datetime,
    zone: tzinfo,
) -> list[RectificationEvent]:
    """A supervisor who spot-checked a department's process issues a rectification notice: the
    department, the process and the finding, its severity, the person responsible for putting
    it right, a due date after the day it is issued (in the company's time zone), and what it
    concerns, if one thing. Nobody issues a notice to themselves: the issuer is never the
    responsible person."""
    require_role(actor, Role.SUPERVISOR, action="issue a rectification")
    require_segregated(actor, responsible_id, duty=ANSWERS_FOR, subject=SUBJECT, action="issue")
    require_text(department, "department")
    require_text(process, "process")
    require_text(finding, "finding")
    require_text(responsible_id, "responsible_id")
    if related_id is not None:
        require_text(related_id, "related_id")
    issued_on = local_date(at, zone)
    if due_on <= issued_on:
        raise RuleViolation(
            f"the due date {due_on} is not after {issued_on}, the day the notice is issued",
            field="due_on",
        )
    return [
        RectificationIssued(
            occurred_at=at,
            actor=actor,
            rectification_id=rectification_id,
            department=department,
            process=process,
            finding=finding,
            severity=severity,
            responsible_id=responsible_id,
            due_on=due_on,
            deadline=deadline_of(due_on, zone=zone),
            related_id=related_id,
        )
    ]


def acknowledge(
    rectification: Rectification, *, actor: Actor, at: datetime
) -> list[RectificationEvent]:
    """The responsible person, or the department head of the department the notice is for,
    acknowledges an issued notice."""
    _require_responsible_or_their_head(rectification, actor, action="acknowledge a rectification")
    require_status(rectification.status, Status.ISSUED, subject=SUBJECT, action="acknowledge")
    return [RectificationAcknowledged(occurred_at=at, actor=actor)]


def start(
    rectification: Rectification, *, plan: str, actor: Actor, at: datetime
) -> list[RectificationEvent]:
    """The responsible person starts rectifying an acknowledged notice, saying how: the plan."""
    _require_responsible(rectification, actor, action="start a rectification")
    require_status(rectification.status, Status.ACKNOWLEDGED, subject=SUBJECT, action="start")
    require_text(plan, "plan")
    return [RectificationStarted(occurred_at=at, actor=actor, plan=plan)]


def submit(
    rectification: Rectification,
    *,
    actions_taken: str,
    evidence: str,
    actor: Actor,
    at: datetime,
) -> list[RectificationEvent]:
    """The responsible person submits the rectification for verification: what was done, and
    the evidence that it was."""
    _require_responsible(rectification, actor, action="submit a rectification")
    require_status(rectification.status, Status.RECTIFYING, subject=SUBJECT, action="submit")
    require_text(actions_taken, "actions_taken")
    require_text(evidence, "evidence")
    return [
        RectificationSubmitted(
            occurred_at=at, actor=actor, actions_taken=actions_taken, evidence=evidence
        )
    ]


def verify(
    rectification: Rectification, *, passed: bool, notes: str, actor: Actor, at: datetime
) -> list[RectificationEvent]:
    """A supervisor who is not the responsible person verifies a submitted rectification:
    passed, it is verified; failed, it is rejected, the notes say why, and it is back in
    rectifying."""
    require_role(actor, Role.SUPERVISOR, action="verify a rectification")
    require_status(rectification.status, Status.SUBMITTED, subject=SUBJECT, action="verify")
    require_segregated(
        actor, rectification.responsible_id, duty=ANSWERS_FOR, subject=SUBJECT, action="verify"
    )
    if passed:
        return [RectificationVerified(occurred_at=at, actor=actor, notes=notes)]
    require_text(notes, "notes")
    return [RectificationRejected(occurred_at=at, actor=actor, notes=notes)]


def extend(
    rectification: Rectification,
    *,
    new_due_on: date,
    actor: Actor,
    at: datetime,
    zone: tzinfo,
) -> list[RectificationEvent]:
    """A supervisor or management, never the responsible person, extends the due date of a
    rectification not yet verified, with a reason: to a day later than the current due date,
    and after the day the extension is granted (an extension already run out extends
    nothing)."""
    require_role(actor, *EXTENDERS, action="extend a rectification's due date")
    require_status(rectification.status, *UNVERIFIED, subject=SUBJECT, action="extend")
    require_segregated(
        actor, rectification.responsible_id, duty=ANSWERS_FOR, subject=SUBJECT, action="extend"
    )
    if new_due_on <= rectification.due_on:
        raise RuleViolation(
            f"the new due date {new_due_on} is not later than the current one, "
            f"{rectification.due_on}",
            field="new_due_on",
        )
    granted_on = local_date(at, zone)
    if new_due_on <= granted_on:
        raise RuleViolation(
            f"the new due date {new_due_on} is not after {granted_on}, the day it is granted",
            field="new_due_on",
        )
    return [
        RectificationDeadlineExtended(
            occurred_at=at,
            actor=actor,
            previous_due_on=rectification.due_on,
            new_due_on=new_due_on,
            new_deadline=deadline_of(new_due_on, zone=zone),
        )
    ]


def close(rectification: Rectification, *, actor: Actor, at: datetime) -> list[RectificationEvent]:
    """A supervisor closes a rectification once its verification has passed."""
    require_role(actor, Role.SUPERVISOR, action="close a rectification")
    require_status(rectification.status, Status.VERIFIED, subject=SUBJECT, action="close")
    return [RectificationClosed(occurred_at=at, actor=actor)]


def _require_responsible(rectification: Rectification, actor: Actor, *, action: str) -> None:
    """Only the responsible person, whatever roles they hold."""
    require_recorded_actor(actor, rectification.responsible_id, who=RESPONSIBLE, action=action)


def _require_responsible_or_their_head(
    rectification: Rectification, actor: Actor, *, action: str
) -> None:
    """The responsible person (whatever roles they hold), or a department head whose own
    department is the one the notice is for."""
    if is_recorded_actor(actor, rectification.responsible_id):
        return
    department = rectification.department
    if actor.holds(Role.DEPARTMENT_HEAD) and department.strip() and actor.department == department:
        return
    raise Forbidden(
        f"only {RESPONSIBLE} or the department head of {department} may {action}",
        action=action,
        allowed_roles=Role.DEPARTMENT_HEAD.value,
        required_actor=RESPONSIBLE,
        department=department,
    )
