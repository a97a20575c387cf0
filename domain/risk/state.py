"""A risk as its events have made it, and `evolve`, which folds one more event into it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from uuid import UUID

import attrs

from domain.risk.events import (
    MitigationActionAdded,
    MitigationActionCompleted,
    MitigationActionOverdue,
    ResidualRiskAssessed,
    ResponseChosen,
    RiskAcceptanceApproved,
    RiskAssessed,
    RiskClosed,
    RiskEvent,
    RiskIdentified,
    RiskReopened,
    RiskReviewed,
    RiskReviewOverdue,
)
from domain.risk.values import Category, Level, MitigationAction, Status, Strategy


@attrs.frozen(kw_only=True)
class Risk:
    """The state of one risk, rebuilt from its events."""

    id: UUID
    title: str
    category: Category
    description: str
    #: The owner: the person who answers for the risk, whatever roles they hold.
    owner_id: str
    department: str
    related_id: str | None
    identified_by: str
    identified_at: datetime
    #: The business time of the latest event: nothing that follows is dated before it.
    last_event_at: datetime
    status: Status = Status.IDENTIFIED
    #: The inherent assessment in force; None until the risk is assessed.
    likelihood: int | None = None
    impact: int | None = None
    level: Level | None = None
    recommended_strategy: Strategy | None = None
    #: The response chosen for the assessment in force, who chose it, and whether accepting
    #: it waits for management's approval (and who gave it).
    strategy: Strategy | None = None
    rationale: str | None = None
    counterparty: str | None = None
    response_chosen_by: str | None = None
    approval_required: bool = False
    acceptance_approved_by: str | None = None
    #: The residual assessment of the response in force; None until assessed.
    residual_likelihood: int | None = None
    residual_impact: int | None = None
    residual_level: Level | None = None
    #: Whether a mitigation action was completed since the inherent assessment in force.
    mitigated: bool = False
    #: Every mitigation action by its id, in the order they were added.
    actions: Mapping[str, MitigationAction] = attrs.field(factory=dict)
    #: The next review: its day, and the instant from which it is overdue; None while no
    #: review is owed (before an assessment, once closed).
    next_review_on: date | None = None
    review_due: datetime | None = None
    last_reviewed_at: datetime | None = None
    #: The review deadline the sweep last reported overdue.
    review_overdue_reported_for: datetime | None = None
    closed_at: datetime | None = None
    times_reopened: int = 0

    @property
    def is_open(self) -> bool:
        return self.status is not Status.CLOSED

    @property
    def acceptance_pending(self) -> bool:
        """An acceptance that needs management's approval and does not have it yet."""
        return self.approval_required and self.acceptance_approved_by is None

    @property
    def current_level(self) -> Level | None:
        """The level in force: the residual one once assessed, else the inherent one."""
        return self.residual_level if self.residual_level is not None else self.level

    @property
    def open_actions(self) -> tuple[MitigationAction, ...]:
        """The mitigation actions not yet completed, in the order they were added."""
        return tuple(action for action in self.actions.values() if action.is_open)


def evolve(risk: Risk | None, event: RiskEvent) -> Risk:
    """Fold one stored event into the risk. Accepts every event ever stored; never refuses."""
    if isinstance(event, RiskIdentified):
        return Risk(
            id=event.risk_id,
            title=event.title,
            category=event.category,
            description=event.description,
            owner_id=event.owner_id,
            department=event.department,
            related_id=event.related_id,
            identified_by=event.actor.id,
            identified_at=event.occurred_at,
            last_event_at=event.occurred_at,
        )
    if risk is None:
        raise ValueError(f"{type(event).__name__} cannot start a risk's history")
    return _evolve_existing(
        attrs.evolve(risk, last_event_at=max(risk.last_event_at, event.occurred_at)), event
    )


def _evolve_existing(r: Risk, event: RiskEvent) -> Risk:
    match event:
        case RiskAssessed():
            # A new inherent assessment voids the response chosen for the one before.
            return attrs.evolve(
                _without_response(r),
                status=Status.ASSESSED,
                likelihood=event.likelihood,
                impact=event.impact,
                level=event.level,
                recommended_strategy=event.recommended_strategy,
                mitigated=False,
                next_review_on=event.next_review_on,
                review_due=event.review_due,
            )
        case ResponseChosen():
            return attrs.evolve(
                _without_response(r),
                status=Status.RESPONDING,
                strategy=event.strategy,
                rationale=event.rationale,
                counterparty=event.counterparty,
                response_chosen_by=event.actor.id,
                approval_required=event.approval_required,
            )
        case RiskAcceptanceApproved():
            return attrs.evolve(r, acceptance_approved_by=event.actor.id)
        case MitigationActionAdded():
            action = MitigationAction(
                action_id=event.action_id,
                description=event.description,
                owner_id=event.owner_id,
                due_on=event.due_on,
                action_due=event.action_due,
                added_by=event.actor.id,
                added_at=event.occurred_at,
            )
            return attrs.evolve(r, actions={**r.actions, event.action_id: action})
        case MitigationActionCompleted():
            return _completed(r, event)
        case ResidualRiskAssessed():
            return attrs.evolve(
                r,
                status=Status.MONITORING,
                residual_likelihood=event.likelihood,
                residual_impact=event.impact,
                residual_level=event.level,
                next_review_on=event.next_review_on,
                review_due=event.review_due,
            )
        case RiskReviewed():
            return attrs.evolve(
                r,
                next_review_on=event.next_review_on,
                review_due=event.review_due,
                last_reviewed_at=event.occurred_at,
            )
        case RiskClosed():
            return attrs.evolve(
                r,
                status=Status.CLOSED,
                next_review_on=None,
                review_due=None,
                closed_at=event.occurred_at,
            )
        case RiskReopened():
            return attrs.evolve(
                r, status=Status.REOPENED, closed_at=None, times_reopened=r.times_reopened + 1
            )
        case RiskReviewOverdue():
            return attrs.evolve(r, review_overdue_reported_for=event.review_due)
        case MitigationActionOverdue():
            return _action_reported(r, event)
    return r


def _without_response(r: Risk) -> Risk:
    """The risk with no response chosen: no strategy, acceptance or residual assessment."""
    return attrs.evolve(
        r,
        strategy=None,
        rationale=None,
        counterparty=None,
        response_chosen_by=None,
        approval_required=False,
        acceptance_approved_by=None,
        residual_likelihood=None,
        residual_impact=None,
        residual_level=None,
    )


def _completed(r: Risk, event: MitigationActionCompleted) -> Risk:
    """A completed action counts as mitigation of the assessment in force."""
    action = r.actions.get(event.action_id)
    if action is None or not action.is_open:
        return r  # a completion is recorded once: the first one stands
    done = attrs.evolve(action, completed_at=event.occurred_at, evidence=event.evidence)
    return attrs.evolve(r, actions={**r.actions, event.action_id: done}, mitigated=True)


def _action_reported(r: Risk, event: MitigationActionOverdue) -> Risk:
    """The action's deadline was reported overdue; it is not reported again."""
    action = r.actions.get(event.action_id)
    if action is None:
        return r
    reported = attrs.evolve(action, overdue_reported=True)
    return attrs.evolve(r, actions={**r.actions, event.action_id: reported})
