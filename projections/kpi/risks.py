"""Risk KPIs (DOMAIN §7): the risks open at a period's end by level, by category and on the
5x5 heat map, the share of them with a response, their overdue reviews and actions, and the
mean days from identification to a first response.

The facts are one row per risk: its state, folded with the domain's own `evolve` (its
category, department, identification and every mitigation action with when it was added, due
and completed), and a timeline of what the KPIs read from the state whenever that changed:
status, the likelihood and impact in force, whether a response is in force, and when the next
review is overdue. A period's figures read each risk's timeline as it stood at the period's end.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import Any

import attrs

from domain.risk.events import ResponseChosen
from domain.risk.kind import RISK
from domain.risk.matrix import level_of
from domain.risk.state import Risk
from domain.risk.values import HIGHEST_SCORE, LEVELS, UNDER_REVIEW, Category, Status
from domain.shared.events import event_types
from domain.shared.period import Period
from projections.kpi.family import Facts
from projections.kpi.figures import days, mean, pct
from projections.kpi.instants import before, instant, stamp
from projections.kpi.periods import in_period
from projections.log import LogEntry
from projections.plugin import Column, Table, View

RISKS = Table(
    name="kpi_risks",
    columns=(
        Column("risk_id", "uuid", nullable=False),
        Column("department", "text", nullable=False),
        Column("state", "record", nullable=False, of=Risk, sealed=True),
        Column("first_response_at", "time"),
        #: [at, status, likelihood, impact, responded, review_due] whenever one of them
        #: changed (see `RiskAtEnd`).
        Column("timeline", "json", nullable=False),
    ),
    key=("risk_id",),
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


@attrs.frozen(kw_only=True)
class RiskAtEnd:
    """What the KPIs read from a risk's state: its status, the likelihood and impact in force
    (the residual ones once assessed for the response in force, else the inherent ones; None
    before an assessment), whether a response is in force, and from when its next review is
    overdue."""

    status: Status
    scores: tuple[int, int] | None
    responded: bool
    review_due: datetime | None

    @classmethod
    def of(cls, risk: Risk) -> RiskAtEnd:
        if risk.residual_likelihood is not None and risk.residual_impact is not None:
            scores: tuple[int, int] | None = (risk.residual_likelihood, risk.residual_impact)
        elif risk.likelihood is not None and risk.impact is not None:
            scores = (risk.likelihood, risk.impact)
        else:
            scores = None
        return cls(
            status=risk.status,
            scores=scores,
            responded=risk.strategy is not None,
            review_due=risk.review_due,
        )

    def entry(self, at: datetime) -> list[Any]:
        """Its timeline entry from `at` on."""
        likelihood, impact = self.scores if self.scores is not None else (None, None)
        due = None if self.review_due is None else stamp(self.review_due)
        return [stamp(at), self.status.value, likelihood, impact, self.responded, due]

    @classmethod
    def before(cls, timeline: Sequence[Sequence[Any]], end: datetime) -> RiskAtEnd | None:
        """The risk as it stood just before `end`: its last timeline entry before then."""
        found = None
        for at, status, likelihood, impact, responded, due in timeline:
            if instant(at) >= end:
                break
            found = cls(
                status=Status(status),
                scores=None if likelihood is None else (likelihood, impact),
                responded=responded,
                review_due=None if due is None else instant(due),
            )
        return found

    @property
    def level(self) -> str:
        """The level the domain's matrix gives the assessment in force; unassessed before one."""
        return UNASSESSED if self.scores is None else level_of(*self.scores).value

    def review_overdue(self, end: datetime) -> bool:
        """A review owed (assessed, not closed or reopened) and overdue before `end`."""
        return self.status in UNDER_REVIEW and before(self.review_due, end)


def _folded(row: dict[str, Any] | None, entry: LogEntry) -> dict[str, Any]:
    """The risk's facts with one more of its events."""
    event = entry.recorded.event
    state: Risk = RISK.evolve(None if row is None else row["state"], event)
    if row is None:
        row = {
            "risk_id": state.id,
            "department": state.department,
            "first_response_at": None,
            "timeline": [],
        }
    if isinstance(event, ResponseChosen) and row["first_response_at"] is None:
        row["first_response_at"] = event.occurred_at
    now = RiskAtEnd.of(state).entry(event.occurred_at)
    if not row["timeline"] or row["timeline"][-1][1:] != now[1:]:
        row["timeline"] = [*row["timeline"], now]
    return {**row, "state": state}


@attrs.frozen
class RiskFacts:
    """One row of facts per risk, for the risk KPIs."""

    name: str = "kpi_risks"
    version: int = 1
    topics: frozenset[str] | None = frozenset(
        name for name, cls in event_types.items() if cls.aggregate_type == RISK.name
    )
    tables: tuple[Table, ...] = (RISKS,)

    def apply(self, view: View, page: Sequence[LogEntry]) -> None:
        view.load(RISKS.name, ((entry.recorded.originator_id,) for entry in page))
        for entry in page:
            row = view.get(RISKS.name, [entry.recorded.originator_id])
            view.put(RISKS.name, _folded(row, entry))


def heat_map(risks: Sequence[RiskAtEnd]) -> list[list[int]]:
    """Counts of the assessed risks by the likelihood (rows 1-5) and impact (columns 1-5) in
    force."""
    cells = [[0] * HIGHEST_SCORE for _ in range(HIGHEST_SCORE)]
    for risk in risks:
        if risk.scores is not None:
            likelihood, impact = risk.scores
            cells[likelihood - 1][impact - 1] += 1
    return cells


def overdue_actions(risk: Risk, end: datetime) -> int:
    """The risk's mitigation actions past due before `end` and not completed by then."""
    return sum(
        1
        for action in risk.actions.values()
        if action.action_due < end and not before(action.completed_at, end)
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
        open_rows: list[tuple[Risk, RiskAtEnd]] = []
        for row in rows:
            risk = RiskAtEnd.before(row["timeline"], end)
            if risk is not None and risk.status is not Status.CLOSED:
                open_rows.append((row["state"], risk))
        open_risks = [risk for _, risk in open_rows]
        by_level = Counter(risk.level for risk in open_risks)
        by_category = Counter(state.category.value for state, _ in open_rows)
        responded = [
            days(row["state"].identified_at, row["first_response_at"])
            for row in in_period(rows, "first_response_at", period, zone)
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
            "risks_actions_overdue": sum(overdue_actions(row["state"], end) for row in rows),
            "risks_days_to_response_mean": mean(responded),
        }
