"""Decisions from identifying a risk to assessing it: inherent and residual."""

from __future__ import annotations

from datetime import datetime, tzinfo
from uuid import UUID

from domain.risk.decisions.owner import SUBJECT, require_owner_or_officer, require_score
from domain.risk.due_dates import next_review
from domain.risk.events import ResidualRiskAssessed, RiskAssessed, RiskEvent, RiskIdentified
from domain.risk.matrix import level_of, recommended_strategy
from domain.risk.state import Risk
from domain.risk.values import EMPLOYEE_ROLES, OPEN, RESPONDED, Category, Strategy
from domain.shared.actor import Actor, Role
from domain.shared.errors import RuleViolation
from domain.shared.guards import require_role, require_status, require_text


def identify(
    *,
    risk_id: UUID,
    title: str,
    category: Category,
    description: str,
    owner_id: str,
    department: str,
    related_id: str | None = None,
    actor: Actor,
    at: datetime,
) -> list[RiskEvent]:
    """Any employee identifies a risk: a title, its category, a description, the department it
    belongs to, and its owner, who answers for it from then on; and, where it concerns one
    thing (an order, a project, a contract), that thing's id."""
    require_role(actor, *EMPLOYEE_ROLES, action="identify a risk")
    for field, value in (
        ("title", title),
        ("description", description),
        ("owner_id", owner_id),
        ("department", department),
    ):
        require_text(value, field)
    if related_id is not None:
        require_text(related_id, "related_id")
    return [
        RiskIdentified(
            occurred_at=at,
            actor=actor,
            risk_id=risk_id,
            title=title,
            category=category,
            description=description,
            owner_id=owner_id,
            department=department,
            related_id=related_id,
        )
    ]


def assess(
    risk: Risk, *, likelihood: int, impact: int, actor: Actor, at: datetime, zone: tzinfo
) -> list[RiskEvent]:
    """A risk officer or the owner assesses the inherent risk, likelihood and impact each from
    1 to 5, while the risk is open. The level is derived from the 5x5 matrix, never entered;
    the policies' recommended response is recorded beside it; the next review falls due by the
    level. Assessing again voids the response chosen for the earlier assessment (and any
    acceptance and residual assessment): the risk is responded to afresh."""
    require_owner_or_officer(risk, actor, action="assess a risk")
    require_status(risk.status, *OPEN, subject=SUBJECT, action="assess")
    require_score(likelihood, "likelihood")
    require_score(impact, "impact")
    level = level_of(likelihood, impact)
    review_on, review_due = next_review(level, at=at, zone=zone)
    return [
        RiskAssessed(
            occurred_at=at,
            actor=actor,
            likelihood=likelihood,
            impact=impact,
            level=level,
            recommended_strategy=recommended_strategy(likelihood, impact),
            next_review_on=review_on,
            review_due=review_due,
        )
    ]


def assess_residual(
    risk: Risk, *, likelihood: int, impact: int, actor: Actor, at: datetime, zone: tzinfo
) -> list[RiskEvent]:
    """A risk officer assesses the risk that remains with the response in force, which moves
    the risk to monitoring. Neither the residual likelihood nor the residual impact is above
    the inherent one (so neither is the level). Either is lower only once a mitigation action
    was completed since the inherent assessment, or the risk was transferred. An acceptance
    awaiting management's approval is not yet in force. The next review falls due by the
    residual level."""
    require_role(actor, Role.RISK_OFFICER, action="assess a risk's residual risk")
    require_status(risk.status, *RESPONDED, subject=SUBJECT, action="assess the residual risk of")
    require_score(likelihood, "likelihood")
    require_score(impact, "impact")
    if risk.acceptance_pending:
        raise RuleViolation("accepting this risk still awaits management's approval")
    inherent_likelihood, inherent_impact = risk.likelihood or 0, risk.impact or 0
    for field, residual, inherent in (
        ("likelihood", likelihood, inherent_likelihood),
        ("impact", impact, inherent_impact),
    ):
        if residual > inherent:
            raise RuleViolation(
                f"the residual {field} {residual} is above the inherent {field} {inherent}",
                field=field,
                inherent=inherent,
            )
    lower = (likelihood, impact) != (inherent_likelihood, inherent_impact)
    if lower and not (risk.mitigated or risk.strategy is Strategy.TRANSFER):
        raise RuleViolation(
            "the residual risk is lower than the inherent one only after a mitigation action "
            "was completed or the risk was transferred"
        )
    level = level_of(likelihood, impact)
    review_on, review_due = next_review(level, at=at, zone=zone)
    return [
        ResidualRiskAssessed(
            occurred_at=at,
            actor=actor,
            likelihood=likelihood,
            impact=impact,
            level=level,
            next_review_on=review_on,
            review_due=review_due,
        )
    ]
