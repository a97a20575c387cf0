"""Decisions on the response to a risk: choosing it, and management's approval of an acceptance."""

from __future__ import annotations

from datetime import datetime

from domain.risk.decisions.owner import SUBJECT, require_owner_or_officer
from domain.risk.events import ResponseChosen, RiskAcceptanceApproved, RiskEvent
from domain.risk.state import Risk
from domain.risk.values import RESPONSE_OPEN, Level, Status, Strategy
from domain.shared.actor import Actor, Role
from domain.shared.errors import RuleViolation
from domain.shared.guards import require_role, require_segregated, require_status, require_text

#: Accepting a risk of these levels waits for management's approval.
APPROVAL_LEVELS = frozenset({Level.HIGH, Level.CRITICAL})


def choose_response(
    risk: Risk,
    *,
    strategy: Strategy,
    rationale: str,
    counterparty: str | None = None,
    actor: Actor,
    at: datetime,
) -> list[RiskEvent]:
    """The owner or a risk officer chooses how to respond to the risk as assessed, with a
    rationale; the policies' recommended response is recorded beside the one chosen. A
    transfer names the counterparty who takes the risk over, and only a transfer names one.
    Accepting a high or critical risk waits for management's approval. A response may be
    chosen afresh while responding or monitoring; it replaces the one before (and its residual
    assessment and any acceptance)."""
    require_owner_or_officer(risk, actor, action="choose the response to a risk")
    require_status(risk.status, *RESPONSE_OPEN, subject=SUBJECT, action="choose a response to")
    require_text(rationale, "rationale")
    if strategy is Strategy.TRANSFER:
        if counterparty is None or not counterparty.strip():
            raise RuleViolation(
                "a transfer names the counterparty who takes the risk over", field="counterparty"
            )
    elif counterparty is not None:
        raise RuleViolation(
            f"only a transfer names a counterparty, not {strategy.value}", field="counterparty"
        )
    level = risk.level if risk.level is not None else Level.LOW
    return [
        ResponseChosen(
            occurred_at=at,
            actor=actor,
            strategy=strategy,
            rationale=rationale,
            counterparty=counterparty,
            recommended_strategy=risk.recommended_strategy,
            level=level,
            approval_required=strategy is Strategy.ACCEPT and level in APPROVAL_LEVELS,
        )
    ]


def approve_acceptance(risk: Risk, *, actor: Actor, at: datetime) -> list[RiskEvent]:
    """Management approves accepting a high or critical risk; never the risk's owner, nor
    whoever chose to accept it (maker-checker)."""
    require_role(actor, Role.MANAGEMENT, action="approve the acceptance of a risk")
    require_status(
        risk.status, Status.RESPONDING, subject=SUBJECT, action="approve the acceptance of"
    )
    if not risk.acceptance_pending:
        raise RuleViolation("no acceptance of this risk awaits approval")
    require_segregated(
        actor, risk.owner_id, duty="owns", subject=SUBJECT, action="approve the acceptance of"
    )
    require_segregated(
        actor,
        risk.response_chosen_by,
        duty="chose to accept",
        subject=SUBJECT,
        action="approve the acceptance of",
    )
    return [RiskAcceptanceApproved(occurred_at=at, actor=actor)]
