"""`evolve` folds every rectification event ever stored, in any order and with any values, and
never refuses; the rectification then holds the facts the events state."""

from __future__ import annotations

from datetime import UTC, datetime

import hypothesis
import pytest
from hypothesis import strategies as st

from domain.rectification.deadlines import next_deadline, overdue
from domain.rectification.events import (
    RectificationAcknowledged,
    RectificationClosed,
    RectificationDeadlineExtended,
    RectificationEvent,
    RectificationIssued,
    RectificationOverdue,
    RectificationRejected,
    RectificationStarted,
    RectificationSubmitted,
    RectificationVerified,
)
from domain.rectification.state import evolve
from domain.rectification.values import Severity, Status
from domain.shared.events import event_types
from tests.domain.rectification.fixtures import (
    BOSS,
    HEAD,
    RESPONSIBLE,
    SUPERVISOR,
    SYSTEM,
    T0,
    acknowledged,
    given,
)

instants = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)
)
dates = st.dates()
actors = st.sampled_from([SUPERVISOR, RESPONSIBLE, HEAD, BOSS, SYSTEM])
texts = st.text(max_size=12)


def built(
    event_type: type[RectificationEvent], **fields: st.SearchStrategy[object]
) -> st.SearchStrategy[RectificationEvent]:
    return st.builds(event_type, occurred_at=instants, actor=actors, **fields)


issues = built(
    RectificationIssued,
    rectification_id=st.uuids(),
    department=texts,
    process=texts,
    finding=texts,
    severity=st.sampled_from(Severity),
    responsible_id=texts,
    due_on=dates,
    deadline=instants,
    related_id=st.none() | texts,
)

#: A strategy for every rectification event type, with any field values a stored event may hold.
EVENTS: dict[type[RectificationEvent], st.SearchStrategy[RectificationEvent]] = {
    RectificationIssued: issues,
    RectificationAcknowledged: built(RectificationAcknowledged),
    RectificationStarted: built(RectificationStarted, plan=texts),
    RectificationSubmitted: built(RectificationSubmitted, actions_taken=texts, evidence=texts),
    RectificationVerified: built(RectificationVerified, notes=texts),
    RectificationRejected: built(RectificationRejected, notes=texts),
    RectificationDeadlineExtended: built(
        RectificationDeadlineExtended,
        previous_due_on=dates,
        new_due_on=dates,
        new_deadline=instants,
    ),
    RectificationClosed: built(RectificationClosed),
    RectificationOverdue: built(RectificationOverdue, due_on=dates, deadline=instants),
}
any_event: st.SearchStrategy[RectificationEvent] = st.one_of(*EVENTS.values())

#: The status each status-setting event leaves the rectification in, by DOMAIN §6a's states.
SETS_STATUS: dict[type[RectificationEvent], Status] = {
    RectificationIssued: Status.ISSUED,
    RectificationAcknowledged: Status.ACKNOWLEDGED,
    RectificationStarted: Status.RECTIFYING,
    RectificationSubmitted: Status.SUBMITTED,
    RectificationVerified: Status.VERIFIED,
    RectificationRejected: Status.RECTIFYING,
    RectificationClosed: Status.CLOSED,
}


def test_every_rectification_event_type_is_generated() -> None:
    registered = {c for c in event_types.values() if c.aggregate_type == "rectification"}
    assert set(EVENTS) == registered - {RectificationEvent}


def test_every_event_is_of_the_rectification_aggregate() -> None:
    assert all(event_type.aggregate_type == "rectification" for event_type in EVENTS)


def test_a_history_starts_with_an_issue() -> None:
    with pytest.raises(ValueError, match="cannot start a rectification's history"):
        evolve(None, acknowledged(T0))


class TestEvolveNeverRefusesAnyStoredHistory:
    """Whatever events were stored after a RectificationIssued, in whatever order, `evolve`
    folds them; status, due date, counts and overdue reports are what the events say, and the
    sweep can look at the result at any moment without an error."""

    @hypothesis.settings(max_examples=300, deadline=None)
    @hypothesis.given(first=issues, rest=st.lists(any_event, max_size=30), now=instants)
    def test_any_sequence_folds(
        self, first: RectificationEvent, rest: list[RectificationEvent], now: datetime
    ) -> None:
        events = [first, *rest]
        rectification = given(events)

        start = max(i for i, e in enumerate(events) if isinstance(e, RectificationIssued))
        since = events[start:]
        issue = since[0]
        assert isinstance(issue, RectificationIssued)
        status, due_on, deadline = Status.ISSUED, issue.due_on, issue.deadline
        reported: list[object] = []
        for event in since:
            if type(event) in SETS_STATUS:
                status = SETS_STATUS[type(event)]
            if isinstance(event, RectificationDeadlineExtended):
                due_on, deadline = event.new_due_on, event.new_deadline
            if isinstance(event, RectificationOverdue) and event.due_on not in reported:
                reported.append(event.due_on)
        assert rectification.status is status
        assert (rectification.due_on, rectification.deadline) == (due_on, deadline)
        assert rectification.overdue_due_dates == tuple(reported)
        assert rectification.responsible_id == issue.responsible_id
        assert rectification.issuer_id == issue.actor.id
        assert rectification.last_event_at == max(e.occurred_at for e in since)
        assert rectification.submissions == sum(
            isinstance(e, RectificationSubmitted) for e in since
        )
        assert rectification.rejections == sum(isinstance(e, RectificationRejected) for e in since)
        assert rectification.extensions == sum(
            isinstance(e, RectificationDeadlineExtended) for e in since
        )

        found = overdue(rectification, now)
        assert len(found) <= 1
        if found:
            assert next_deadline(rectification) == deadline <= now
