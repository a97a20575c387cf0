"""Decisions at the end of a project: acceptance, the closing report, closing."""

from __future__ import annotations

from datetime import datetime

from domain.project.decisions.manager import SUBJECT, require_manager
from domain.project.events import (
    AcceptanceFailed,
    AcceptancePassed,
    AcceptanceRequested,
    ClosingReportSubmitted,
    ProjectClosed,
    ProjectEvent,
)
from domain.project.state import Project
from domain.project.values import HIGHEST_SCORE, LOWEST_SCORE, Status
from domain.shared.actor import Actor, Role
from domain.shared.errors import InvalidTransition, RuleViolation
from domain.shared.guards import require_role, require_segregated, require_status, require_text


def request_acceptance(project: Project, *, actor: Actor, at: datetime) -> list[ProjectEvent]:
    """The project manager asks for acceptance once every milestone stands at 100%."""
    require_manager(project, actor, action="request acceptance of a project")
    require_status(
        project.status, Status.EXECUTING, subject=SUBJECT, action="request acceptance of"
    )
    incomplete = project.incomplete_milestones
    if incomplete:
        raise RuleViolation(
            "acceptance is requested only with every milestone at 100%; not yet: "
            + ", ".join(incomplete),
            incomplete=list(incomplete),
        )
    return [AcceptanceRequested(occurred_at=at, actor=actor)]


def record_acceptance(
    project: Project, *, passed: bool, defects: str = "", actor: Actor, at: datetime
) -> list[ProjectEvent]:
    """A quality inspector who is not the project manager inspects the project: passed, it is
    accepted (any minor defects noted); failed, the defects found say why and it goes back to
    executing."""
    require_role(actor, Role.QUALITY_INSPECTOR, action="record acceptance of a project")
    require_status(
        project.status,
        Status.ACCEPTANCE_REQUESTED,
        subject=SUBJECT,
        action="record acceptance of",
    )
    require_segregated(actor, project.manager_id, duty="manages", subject=SUBJECT, action="inspect")
    if passed:
        return [AcceptancePassed(occurred_at=at, actor=actor, defects=defects)]
    require_text(defects, "defects")
    return [AcceptanceFailed(occurred_at=at, actor=actor, defects=defects)]


def submit_closing_report(
    project: Project, *, summary: str, lessons_learned: str, actor: Actor, at: datetime
) -> list[ProjectEvent]:
    """The project manager submits the closing report, a summary and the lessons learned,
    once acceptance has passed; a later report replaces it until the project is closed."""
    require_manager(project, actor, action="submit a project's closing report")
    require_status(
        project.status, Status.ACCEPTED, subject=SUBJECT, action="submit a closing report for"
    )
    require_text(summary, "summary")
    require_text(lessons_learned, "lessons_learned")
    return [
        ClosingReportSubmitted(
            occurred_at=at, actor=actor, summary=summary, lessons_learned=lessons_learned
        )
    ]


def close(
    project: Project, *, evaluation_score: int, actor: Actor, at: datetime
) -> list[ProjectEvent]:
    """Management closes a project with an evaluation score of 1 to 5, once acceptance has
    passed and the closing report is in."""
    require_role(actor, Role.MANAGEMENT, action="close a project")
    if project.status.is_finished or project.status is Status.ON_HOLD:
        raise InvalidTransition(SUBJECT, project.status.value, "close")
    if project.status is not Status.ACCEPTED:
        raise RuleViolation(
            "a project is closed only after its acceptance has passed",
            status=project.status.value,
        )
    if not project.closing_report_submitted:
        raise RuleViolation("a project is closed only once its closing report is in")
    if (
        isinstance(evaluation_score, bool)
        or not isinstance(evaluation_score, int)
        or not LOWEST_SCORE <= evaluation_score <= HIGHEST_SCORE
    ):
        raise RuleViolation(
            f"an evaluation score is a whole number from {LOWEST_SCORE} to {HIGHEST_SCORE}, "
            f"not {evaluation_score!r}",
            field="evaluation_score",
        )
    return [ProjectClosed(occurred_at=at, actor=actor, evaluation_score=evaluation_score)]
