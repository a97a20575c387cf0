"""The project as a kind of record."""

from __future__ import annotations

from domain.project import deadlines
from domain.project.earned_value import earned_value
from domain.project.events import ProjectProposed
from domain.project.state import Project, evolve
from domain.shared.kind import Kind

PROJECT = Kind(
    name="project",
    evolve=evolve,
    created_by=(ProjectProposed,),
    state_class=Project,
    overdue=lambda project, now, noticed_at: deadlines.overdue(project, now),
    next_deadline=deadlines.next_deadline,
    figures=lambda project, at, zone: {
        "earned_value": earned_value(project, on=at.astimezone(zone).date(), zone=zone)
    },
)
