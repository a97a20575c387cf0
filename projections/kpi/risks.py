"""Risk KPIs (DOMAIN §7): the risks open at a period's end by level, by category and on the
5x5 heat map, the share of them with a response, their overdue reviews and actions, and the
mean days from identification to a first response.

The facts are one row per risk (its department, category, when it was identified and first
responded to, and its dated assessments, responses, reviews, closes and reopens) and one row
per mitigation action. Figures fold a risk's history up to the period's end, so the same facts
give any period.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime, tzinfo
from typing import Any

import attrs

from domain.risk.events import (
    MitigationActionAdded,
    MitigationActionCompleted,
    ResidualRiskAssessed,
    ResponseChosen,
    RiskAssessed,
    RiskClosed,
    RiskEvent,
    RiskIdentified,
    RiskReopened,
    RiskReviewed,
)
from domain.risk.matrix import level_of
from domain.risk.values import HIGHEST_SCORE, LEVELS, UNDER_REVIEW, Category, Status
from domain.shared.period import Period
from projections.kpi.family import Facts
from projections.kpi.figures import days, mean, pct
from projections.kpi.instants import before, instant, stamp
from projections.log import LogEntry
from projections.plugin import Column, Table, View

RISKS = Table(
    name="kpi_risks",
    columns=(
        Column("risk_id", "uuid", nullable=False),
        Column("department", "text", nullable=False),
        Column("category", "text", nullable=False),
        Column("identified_at", "time", nullable=False),
        Column("first_response_at", "time"),
        #: [kind, at, ...] of each assessment, residual assessment, response, review, close
        #: and reopen, in order (see `RiskAtEnd.fold`).
        Column("history", "json", nullable=False),
    ),
    key=("risk_id",),
    indexes=(("department",),),
)

ACTIONS = Table(
    name="kpi_risk_actions",
    columns=(
        Column("risk_id", "uuid", nullable=False),
        Column("action_id", "text", nullable=False),
        Column("department", "text", nullable=False),
        Column("added_at", "time", nullable=False),
        #: The first instant after the action's due day: from then on it is overdue.
        Column("action_due", "time", nullable=False),
        Column("completed_at", "time"),
    ),
    key=("risk_id", "action_id"),
    indexes=(("department",),),
)

KEYS = (
    "risks_open_by_level",
    "risks_open_by_category",
    "risks_heat_map",
    "risks_with_response_pct",
    "risks_reviews_overdue",
    "risks_actions_overdue",
    "risks_days_to_response_mean",
)

#: An open risk not yet assessed has no level: it is counted under this name.
UNASSESSED = "unassessed"

_TOPICS = (
    RiskIdentified,
    RiskAssessed,
    ResidualRiskAssessed,
    ResponseChosen,
    RiskReviewed,
    RiskClosed,
    RiskReopened,
    MitigationActionAdded,
    MitigationActionCompleted,
)


def _entry(event: RiskEvent) -> list[Any] | None:
    """The history entry an event adds to its risk's facts; None for the others."""
    at = stamp(event.occurred_at)
    match event:
        case RiskAssessed():
            return ["assessed", at, event.likelihood, event.impact, stamp(event.review_due)]
        case ResidualRiskAssessed():
            return ["residual", at, event.likelihood, event.impact, stamp(event.review_due)]
        case RiskReviewed():
            return ["reviewed", at, stamp(event.review_due)]
        case ResponseChosen():
            return ["response", at]
        case RiskClosed():
            return ["closed", at]
        case RiskReopened():
            return ["reopened", at]
    return None


@attrs.frozen
class RiskFacts:
    """One row of facts per risk and per mitigation action, for the risk KPIs."""

    name: str = "kpi_risks"
    version: int = 1
    topics: frozenset[str] | None = frozenset(kind.type_name() for kind in _TOPICS)
    tables: tuple[Table, ...] = (RISKS, ACTIONS)

    def apply(self, view: View, page: Sequence[LogEntry]) -> None:
        for entry in page:
            event = entry.recorded.event
            if isinstance(event, RiskIdentified):
                view.put(
                    RISKS.name,
                    {
                        "risk_id": event.risk_id,
                        "department": event.department,
                        "category": event.category.value,
                        "identified_at": event.occurred_at,
                        "first_response_at": None,
                        "history": [],
                    },
                )
                continue
            risk_id = entry.recorded.originator_id
            row = view.get(RISKS.name, [risk_id])
            if row is None or not isinstance(event, RiskEvent):
                continue
            if isinstance(event, MitigationActionAdded):
                view.put(
                    ACTIONS.name,
                    {
                        "risk_id": risk_id,
                        "action_id": event.action_id,
                        "department": row["department"],
                        "added_at": event.occurred_at,
                        "action_due": event.action_due,
                        "completed_at": None,
                    },
                )
            elif isinstance(event, MitigationActionCompleted):
                action = view.get(ACTIONS.name, [risk_id, event.action_id])
                if action is not None and action["completed_at"] is None:
                    view.put(ACTIONS.name, {**action, "completed_at": event.occurred_at})
            elif (added := _entry(event)) is not None:
                if isinstance(event, ResponseChosen) and row["first_response_at"] is None:
                    row["first_response_at"] = event.occurred_at
                view.put(RISKS.name, {**row, "history": [*row["history"], added]})


@attrs.frozen(kw_only=True)
class RiskAtEnd:
    """A risk as it stood just before a moment (the end of a period), as far as the KPIs need:
    its status, its inherent assessment and the residual one of the response in force (as
    (likelihood, impact)), whether a response is in force, and when its next review is
    overdue."""

    status: Status = Status.IDENTIFIED
    inherent: tuple[int, int] | None = None
    residual: tuple[int, int] | None = None
    responded: bool = False
    review_due: datetime | None = None

    @classmethod
    def fold(cls, history: Sequence[Sequence[Any]], end: datetime) -> RiskAtEnd:
        """The risk's entries before `end`, in order, read as the domain's `evolve` reads
        their events: an assessment voids the response and residual assessment before it, and
        a new response voids the residual assessment; a close ends the reviews; a reopened
        risk owes no review until it is assessed afresh."""
        risk = cls()
        for kind, at, *rest in history:
            if instant(at) >= end:
                break
            if kind == "assessed":
                likelihood, impact, due = rest
                risk = cls(
                    status=Status.ASSESSED, inherent=(likelihood, impact), review_due=instant(due)
                )
            elif kind == "residual":
                likelihood, impact, due = rest
                risk = attrs.evolve(
                    risk,
                    status=Status.MONITORING,
                    residual=(likelihood, impact),
                    review_due=instant(due),
                )
            elif kind == "reviewed":
                risk = attrs.evolve(risk, review_due=instant(rest[0]))
            elif kind == "response":
                risk = attrs.evolve(risk, status=Status.RESPONDING, residual=None, responded=True)
            elif kind == "closed":
                risk = attrs.evolve(risk, status=Status.CLOSED, review_due=None)
            elif kind == "reopened":
                risk = attrs.evolve(risk, status=Status.REOPENED)
        return risk

    @property
    def in_force(self) -> tuple[int, int] | None:
        """The likelihood and impact in force: the residual ones once assessed, else the
        inherent ones; None before any assessment."""
        return self.residual if self.residual is not None else self.inherent

    @property
    def level(self) -> str:
        """The level the matrix gives the assessment in force; unassessed before one."""
        scores = self.in_force
        return UNASSESSED if scores is None else level_of(*scores).value

    def review_overdue(self, end: datetime) -> bool:
        """A review owed and overdue before `end`."""
        return self.status in UNDER_REVIEW and before(self.review_due, end)


def heat_map(risks: Sequence[RiskAtEnd]) -> list[list[int]]:
    """Counts of the assessed risks by the likelihood (rows 1-5) and impact (columns 1-5) in
    force."""
    cells = [[0] * HIGHEST_SCORE for _ in range(HIGHEST_SCORE)]
    for risk in risks:
        if (scores := risk.in_force) is not None:
            likelihood, impact = scores
            cells[likelihood - 1][impact - 1] += 1
    return cells


def overdue_actions(actions: Sequence[Mapping[str, Any]], end: datetime) -> int:
    """Mitigation actions added before `end`, past due before it and not completed by then."""
    return sum(
        1
        for action in actions
        if action["added_at"] < end
        and action["action_due"] < end
        and not before(action["completed_at"], end)
    )


@attrs.frozen
class RiskKpis:
    """DOMAIN §7 risks. A risk is open at the period's end when it was identified before the
    period's end and was not closed then (closed and not reopened since, by business time);
    levels, heat map, responses and reviews are those in force at that moment."""

    projection: RiskFacts = RiskFacts()
    keys: tuple[str, ...] = KEYS

    def figures(self, facts: Facts, period: Period, zone: tzinfo) -> dict[str, Any]:
        end = period.end(zone)
        rows = facts[RISKS.name]
        open_rows = []
        for row in rows:
            if row["identified_at"] < end:
                risk = RiskAtEnd.fold(row["history"], end)
                if risk.status is not Status.CLOSED:
                    open_rows.append((row, risk))
        open_risks = [risk for _, risk in open_rows]
        by_level = Counter(risk.level for risk in open_risks)
        by_category = Counter(row["category"] for row, _ in open_rows)
        responded = [
            days(row["identified_at"], row["first_response_at"])
            for row in rows
            if row["first_response_at"] is not None
            and period.contains(row["first_response_at"], zone)
        ]
        return {
            "risks_open_by_level": {
                name: by_level[name] for name in (*(level.value for level in LEVELS), UNASSESSED)
            },
            "risks_open_by_category": {kind.value: by_category[kind.value] for kind in Category},
            "risks_heat_map": heat_map(open_risks),
            "risks_with_response_pct": pct(
                sum(1 for risk in open_risks if risk.responded), len(open_risks)
            ),
            "risks_reviews_overdue": sum(1 for risk in open_risks if risk.review_overdue(end)),
            "risks_actions_overdue": overdue_actions(facts[ACTIONS.name], end),
            "risks_days_to_response_mean": mean(responded),
        }
