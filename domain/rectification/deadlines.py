"""The rectification sweep: a notice not verified by its due date is reported once per due date."""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo

from domain.rectification.events import RectificationEvent, RectificationOverdue
from domain.rectification.state import Rectification
from domain.rectification.values import UNVERIFIED
from domain.shared.actor import SYSTEM_ACTOR
from domain.shared.period import start_of_day


def deadline_of(due_on: date, *, zone: tzinfo) -> datetime:
    """When a rectification due on `due_on` becomes overdue: the end of that day in the
    company's time zone, the first instant (UTC) of the next."""
    return start_of_day(due_on + timedelta(days=1), zone)


def next_deadline(rectification: Rectification) -> datetime | None:
    """When the sweep next needs to look at this rectification: the end of its due day while
    it is not yet verified and that due date was not yet reported overdue; None otherwise."""
    if rectification.status not in UNVERIFIED or rectification.overdue_reported:
        return None
    return rectification.deadline


def overdue(rectification: Rectification, now: datetime) -> list[RectificationEvent]:
    """A rectification not verified by the end of its due day is reported overdue by the
    system, once per due date: after an extension the new due date, if it too is missed, is
    reported again. Submitted but not yet verified still counts as not verified. The report is
    dated `now`, and never before the rectification's latest event."""
    due = next_deadline(rectification)
    if due is None or now < due:
        return []
    return [
        RectificationOverdue(
            occurred_at=max(now, rectification.last_event_at),
            actor=SYSTEM_ACTOR,
            due_on=rectification.due_on,
            deadline=rectification.deadline,
        )
    ]
