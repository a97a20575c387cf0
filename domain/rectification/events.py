"""Facts of a rectification's life, named as DOMAIN.md §6a names them."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar
from uuid import UUID

import attrs

from domain.rectification.values import Severity
from domain.shared.events import Event


@attrs.frozen(kw_only=True)
class RectificationEvent(Event):
    """Base of every rectification event."""

    aggregate_type: ClassVar[str] = "rectification"


@attrs.frozen(kw_only=True)
class RectificationIssued(RectificationEvent):
    """A supervisor (the actor) found `finding` in `process` of `department` and gave
    `responsible_id` until `due_on` to put it right. `deadline` is the first instant after
    `due_on` in the company's time zone: a notice not verified by then is overdue.
    `related_id` names what the finding concerns (an order, a project, a contract), where it
    concerns one thing."""

    rectification_id: UUID
    department: str
    process: str
    finding: str
    severity: Severity
    responsible_id: str
    due_on: date
    deadline: datetime
    related_id: str | None = None


@attrs.frozen(kw_only=True)
class RectificationAcknowledged(RectificationEvent):
    """The responsible person, or the head of the department, took note of the notice."""


@attrs.frozen(kw_only=True)
class RectificationStarted(RectificationEvent):
    """The responsible person started putting it right, following `plan`."""

    plan: str


@attrs.frozen(kw_only=True)
class RectificationSubmitted(RectificationEvent):
    """The responsible person submitted what was done and the evidence, for verification."""

    actions_taken: str
    evidence: str


@attrs.frozen(kw_only=True)
class RectificationVerified(RectificationEvent):
    """A supervisor checked the submission and the finding is put right."""

    notes: str


@attrs.frozen(kw_only=True)
class RectificationRejected(RectificationEvent):
    """A supervisor checked the submission and it falls short (`notes` say why): the
    rectification is back in `rectifying`."""

    notes: str


@attrs.frozen(kw_only=True)
class RectificationDeadlineExtended(RectificationEvent):
    """The due date moved from `previous_due_on` to `new_due_on` (the reason is on the
    record); `new_deadline` is the first instant after `new_due_on` in the company's zone."""

    previous_due_on: date
    new_due_on: date
    new_deadline: datetime


@attrs.frozen(kw_only=True)
class RectificationClosed(RectificationEvent):
    """A supervisor closed the verified rectification."""


@attrs.frozen(kw_only=True)
class RectificationOverdue(RectificationEvent):
    """The sweep noticed the rectification not verified by the end of `due_on`."""

    due_on: date
    deadline: datetime
