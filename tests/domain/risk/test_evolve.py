"""`evolve` folds every risk event ever stored, in any order and with any values, and never
refuses; the risk then holds the facts the events state, and the sweep can look at it."""

from __future__ import annotations

from datetime import UTC, datetime

import hypothesis
import pytest
from hypothesis import strategies as st

from domain.risk.deadlines import next_deadline, overdue
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
from domain.risk.state import evolve
from domain.risk.values import Category, Level, Status, Strategy
from domain.shared.events import event_types
from tests.domain.risk.fixtures import BOSS, DOER, OFFICER, OWNER, SYSTEM, T0, given, reopened

instants = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)
)
dates = st.dates()
actors = st.sampled_from([OWNER, OFFICER, BOSS, DOER, SYSTEM])
texts = st.text(max_size=12)
ids = st.sampled_from(["A-1", "A-2", "", "措施"])
#: Mostly scores a decision would record, sometimes anything at all.
scores = st.integers(1, 5) | st.integers(-10, 100)
levels = st.sampled_from(Level)
strategies = st.none() | st.sampled_from(Strategy)


def built(
    event_type: type[RiskEvent], **fields: st.SearchStrategy[object]
) -> st.SearchStrategy[RiskEvent]:
    return st.builds(event_type, occurred_at=instants, actor=actors, **fields)


identifications = built(
    RiskIdentified,
    risk_id=st.uuids(),
    title=texts,
    category=st.sampled_from(Category),
    description=texts,
    owner_id=st.sampled_from([OWNER.id, DOER.id, ""]),
    department=texts,
    related_id=st.none() | texts,
)

#: A strategy for every risk event type, with any field values a stored event may hold.
EVENTS: dict[type[RiskEvent], st.SearchStrategy[RiskEvent]] = {
    RiskIdentified: identifications,
    RiskAssessed: built(
        RiskAssessed,
        likelihood=scores,
        impact=scores,
        level=levels,
        recommended_strategy=strategies,
        next_review_on=dates,
        review_due=instants,
    ),
    ResponseChosen: built(
        ResponseChosen,
        strategy=st.sampled_from(Strategy),
        rationale=texts,
        counterparty=st.none() | texts,
        recommended_strategy=strategies,
        level=levels,
        approval_required=st.booleans(),
    ),
    RiskAcceptanceApproved: built(RiskAcceptanceApproved),
    MitigationActionAdded: built(
        MitigationActionAdded,
        action_id=ids,
        description=texts,
        owner_id=texts,
        due_on=dates,
        action_due=instants,
    ),
    MitigationActionCompleted: built(MitigationActionCompleted, action_id=ids, evidence=texts),
    ResidualRiskAssessed: built(
        ResidualRiskAssessed,
        likelihood=scores,
        impact=scores,
        level=levels,
        next_review_on=dates,
        review_due=instants,
    ),
    RiskReviewed: built(
        RiskReviewed, notes=texts, level=levels, next_review_on=dates, review_due=instants
    ),
    RiskClosed: built(RiskClosed),
    RiskReopened: built(RiskReopened),
    RiskReviewOverdue: built(RiskReviewOverdue, next_review_on=dates, review_due=instants),
    MitigationActionOverdue: built(
        MitigationActionOverdue, action_id=ids, owner_id=texts, due_on=dates, action_due=instants
    ),
}
any_event: st.SearchStrategy[RiskEvent] = st.one_of(*EVENTS.values())

#: The status each status-setting event leaves the risk in.
SETS_STATUS: dict[type[RiskEvent], Status] = {
    RiskIdentified: Status.IDENTIFIED,
    RiskAssessed: Status.ASSESSED,
    ResponseChosen: Status.RESPONDING,
    ResidualRiskAssessed: Status.MONITORING,
    RiskClosed: Status.CLOSED,
    RiskReopened: Status.REOPENED,
}


def test_every_risk_event_type_is_generated() -> None:
    registered = {c for c in event_types.values() if c.aggregate_type == "risk"}
    assert set(EVENTS) == registered - {RiskEvent}


def test_every_risk_event_is_of_the_risk_aggregate() -> None:
    assert {event_type.aggregate_type for event_type in EVENTS} == {"risk"}


def test_a_history_starts_with_an_identification() -> None:
    with pytest.raises(ValueError, match="cannot start a risk's history"):
        evolve(None, reopened(T0))


class TestEvolveNeverRefusesAnyStoredHistory:
    """Whatever events were stored after a RiskIdentified, in whatever order, `evolve` folds
    them; the risk's status, assessments, response and actions are what the events say, and
    the sweep looks at it without an error."""

    @hypothesis.settings(max_examples=300, deadline=None)
    @hypothesis.given(first=identifications, rest=st.lists(any_event, max_size=40), now=instants)
    def test_any_sequence_folds(
        self, first: RiskEvent, rest: list[RiskEvent], now: datetime
    ) -> None:
        events = [first, *rest]
        risk = given(events)

        start = max(i for i, e in enumerate(events) if isinstance(e, RiskIdentified))
        since = events[start:]
        status = Status.IDENTIFIED
        level: Level | None = None
        strategy: Strategy | None = None
        added: dict[str, bool] = {}
        for event in since:
            status = SETS_STATUS.get(type(event), status)
            if isinstance(event, RiskAssessed):
                level, strategy = event.level, None
            elif isinstance(event, ResponseChosen):
                strategy = event.strategy
            elif isinstance(event, MitigationActionAdded):
                added[event.action_id] = False
            elif isinstance(event, MitigationActionCompleted) and event.action_id in added:
                added[event.action_id] = True
        assert risk.status is status
        assert (risk.level, risk.strategy) == (level, strategy)
        assert {a: action.completed_at is not None for a, action in risk.actions.items()} == added
        assert risk.last_event_at == max(e.occurred_at for e in since)

        overdue(risk, now)
        next_deadline(risk)
