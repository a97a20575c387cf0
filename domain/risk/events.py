"""Facts of a risk's life, named as DOMAIN.md §6 names them."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar
from uuid import UUID

import attrs

from domain.risk.values import Category, Level, Strategy
from domain.shared.events import Event


@attrs.frozen(kw_only=True)
class RiskEvent(Event):
    """Base of every risk event."""

    aggregate_type: ClassVar[str] = "risk"


@attrs.frozen(kw_only=True)
class RiskIdentified(RiskEvent):
    """An employee identified a risk and named its owner, `owner_id`; `related_id` names what
    it concerns (an order, a project, a contract), where it concerns one thing."""

    risk_id: UUID
    title: str
    category: Category
    description: str
    owner_id: str
    department: str
    related_id: str | None = None


@attrs.frozen(kw_only=True)
class RiskAssessed(RiskEvent):
    """The inherent risk: likelihood and impact (1-5), the level the matrix derives from them,
    and the response the policies recommend (None where they recommend none). The next review
    is on `next_review_on`, overdue from `review_due`. Any response chosen before is void."""

    likelihood: int
    impact: int
    level: Level
    recommended_strategy: Strategy | None
    next_review_on: date
    review_due: datetime


@attrs.frozen(kw_only=True)
class ResponseChosen(RiskEvent):
    """The response to the risk as assessed (`level`), beside the one the policies recommend.
    `counterparty` takes the risk over in a transfer. An acceptance with `approval_required`
    waits for management's approval."""

    strategy: Strategy
    rationale: str
    counterparty: str | None
    recommended_strategy: Strategy | None
    level: Level
    approval_required: bool


@attrs.frozen(kw_only=True)
class RiskAcceptanceApproved(RiskEvent):
    """Management approved accepting the risk."""


@attrs.frozen(kw_only=True)
class MitigationActionAdded(RiskEvent):
    """An action to mitigate the risk, `action_id` unique within it, for `owner_id` to do by
    `due_on`; late from `action_due`, the first instant after that day."""

    action_id: str
    description: str
    owner_id: str
    due_on: date
    action_due: datetime


@attrs.frozen(kw_only=True)
class MitigationActionCompleted(RiskEvent):
    """The action's owner completed it, with evidence."""

    action_id: str
    evidence: str


@attrs.frozen(kw_only=True)
class ResidualRiskAssessed(RiskEvent):
    """The risk that remains with the response in force: likelihood, impact and their level.
    The next review (by this level) is on `next_review_on`, overdue from `review_due`."""

    likelihood: int
    impact: int
    level: Level
    next_review_on: date
    review_due: datetime


@attrs.frozen(kw_only=True)
class RiskReviewed(RiskEvent):
    """The risk was reviewed at its `level`; the next review is on `next_review_on`, overdue
    from `review_due`."""

    notes: str
    level: Level
    next_review_on: date
    review_due: datetime


@attrs.frozen(kw_only=True)
class RiskClosed(RiskEvent):
    """A risk officer closed the risk (the reason is on the envelope)."""


@attrs.frozen(kw_only=True)
class RiskReopened(RiskEvent):
    """A risk officer reopened a closed risk (the reason is on the envelope); it is assessed
    afresh."""


@attrs.frozen(kw_only=True)
class RiskReviewOverdue(RiskEvent):
    """The sweep noticed the review due on `next_review_on` not done by its end."""

    next_review_on: date
    review_due: datetime


@attrs.frozen(kw_only=True)
class MitigationActionOverdue(RiskEvent):
    """The sweep noticed the action not completed by the end of its due day."""

    action_id: str
    owner_id: str
    due_on: date
    action_due: datetime
