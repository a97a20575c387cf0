"""The project schedule sweep: a project not accepted by its planned end is reported late once."""

from __future__ import annotations

from datetime import datetime

from domain.project.events import ProjectEvent, ProjectScheduleOverdue
from domain.project.state import Project
from domain.project.values import SCHEDULE_OWED, Status
from domain.shared.actor import SYSTEM_ACTOR


def is_schedule_owed(project: Project) -> bool:
    """Approved and not yet accepted, rejected, cancelled or closed: the project owes its
    acceptance by the planned end. A project on hold still owes it if it was held after
    approval; a hold does not move the planned end, only an approved change does."""
    if project.status is Status.ON_HOLD:
        return project.held_from in SCHEDULE_OWED
    return project.status in SCHEDULE_OWED


def next_deadline(project: Project) -> datetime | None:
    """When the sweep next needs to look at this project: the end of its planned end day
    (company time zone) while acceptance is owed and the project was not yet reported late;
    None otherwise."""
    if project.overdue_reported or not is_schedule_owed(project):
        return None
    return project.schedule_due


def overdue(project: Project, now: datetime) -> list[ProjectEvent]:
    """A project not accepted by the end of its planned end day is reported overdue by the
    system, once per project: a later change of the planned end does not report it again. The
    report is dated `now`, and never before the project's latest event."""
    due = next_deadline(project)
    if due is None or now < due:
        return []
    return [
        ProjectScheduleOverdue(
            occurred_at=max(now, project.last_event_at),
            actor=SYSTEM_ACTOR,
            planned_end=project.planned_end,
            schedule_due=project.schedule_due,
        )
    ]
