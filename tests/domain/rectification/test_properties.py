"""Properties of rectifications over random command sequences, checked against an independent
model."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date, datetime

import hypothesis
from hypothesis import strategies as st

from domain.rectification import decisions
from domain.rectification.deadlines import next_deadline, overdue
from domain.rectification.events import RectificationEvent, RectificationOverdue
from domain.rectification.state import Rectification, evolve
from domain.rectification.values import Status
from domain.shared.errors import DomainError
from tests.domain.rectification.fixtures import (
    DAY,
    HOUR,
    SHANGHAI,
    SUPERVISOR,
    T0,
    given,
    issue_as,
)
from tests.domain.rectification.model import (
    DUE,
    EXTENSIONS,
    OK,
    PEOPLE,
    Model,
    deadline,
)

Decide = Callable[[Rectification, datetime], list[RectificationEvent]]


def decision(op: tuple[str, ...]) -> Decide:
    """The decision an operation stands for, sent by the person it names."""
    kind, *args = op
    who = PEOPLE[args[0]] if args else SUPERVISOR
    text = "" if args and args[-1] in ("blank", "fail_blank") else "说明 (notes)"
    table: dict[str, Decide] = {
        "acknowledge": lambda r, t: decisions.acknowledge(r, actor=who, at=t),
        "start": lambda r, t: decisions.start(r, plan=text, actor=who, at=t),
        "submit": lambda r, t: decisions.submit(
            r, actions_taken="整改 (fixed)", evidence=text, actor=who, at=t
        ),
        "verify": lambda r, t: decisions.verify(
            r, passed=args[1] == "pass", notes=text, actor=who, at=t
        ),
        "extend": lambda r, t: decisions.extend(
            r, new_due_on=date.fromisoformat(args[1]), actor=who, at=t, zone=SHANGHAI
        ),
        "close": lambda r, t: decisions.close(r, actor=who, at=t),
        "sweep": lambda r, t: overdue(r, t),
    }
    return table[kind]


def attempt(
    decide: Decide, rectification: Rectification, at: datetime
) -> list[RectificationEvent] | DomainError:
    """The events decided, or the refusal."""
    try:
        return decide(rectification, at)
    except DomainError as refused:
        return refused


def candidates() -> list[tuple[str, ...]]:
    """Every operation that might be sent, by everyone who might send it."""
    ops: list[tuple[str, ...]] = [("sweep",)]
    for person in PEOPLE:
        ops += [
            ("acknowledge", person),
            ("start", person, "good"),
            ("start", person, "blank"),
            ("submit", person, "good"),
            ("submit", person, "blank"),
            ("verify", person, "pass"),
            ("verify", person, "fail"),
            ("verify", person, "fail_blank"),
            ("close", person),
            *(("extend", person, str(day)) for day in EXTENSIONS),
        ]
    return ops


#: Operations that move a rectification along its road, short of its end, or report it late.
ONWARD = {"acknowledge", "start", "submit", "sweep"}


class TestRandomCommandSequences:
    """Whatever commands arrive in whatever order, each is decided exactly when DOMAIN §6a
    allows it and refused with the code it names otherwise; every due date is reported overdue
    at most once, and only once missed; and the stored events replay to the state decided on."""

    @hypothesis.settings(max_examples=200, deadline=None)
    @hypothesis.given(data=st.data())
    def test_walk(self, data: st.DataObject) -> None:
        past = issue_as(SUPERVISOR, responsible_id=PEOPLE["resp"].id, due_on=DUE)
        rectification, model = given(past), Model()
        ops, at = candidates(), T0
        for _ in range(data.draw(st.integers(min_value=0, max_value=40), label="steps")):
            if model.status == "closed":
                break
            # Now and then a long pause, so that due dates pass, are reported, are extended.
            at += data.draw(st.sampled_from([HOUR, DAY, 3 * DAY, 6 * DAY]), label="later")
            allowed = [op for op in ops if model.outcome(op, at) == OK]
            onward = [op for op in allowed if op[0] in ONWARD]
            # Mostly something DOMAIN §6a allows: often what moves the notice on (so that the walk
            # gets far and due dates are missed and extended), sometimes a verification or a
            # close; sometimes anything at all.
            pool = data.draw(st.sampled_from([onward] * 3 + [allowed] * 4 + [ops]), label="pool")
            op = data.draw(st.sampled_from(pool or ops), label="op")
            expected = model.outcome(op, at)
            events = attempt(decision(op), rectification, at)
            if isinstance(events, DomainError):
                assert events.code == expected, f"{op} in {rectification.status}"
                continue
            if op[0] == "sweep" and not events:
                assert expected != OK, f"nothing overdue at {at}"
                continue
            assert expected == OK, f"{op} accepted in {rectification.status}"
            for event in events:
                rectification = evolve(rectification, event)
            past += events
            model.apply(op)
            self.assert_agrees(rectification, model)
            if op[0] == "sweep":
                assert overdue(rectification, at) == [], "a second sweep reports it again"
            hypothesis.event(f"accepted {op[0]}")
        assert given(past) == rectification
        self.assert_reported_once_per_due_date(past)
        hypothesis.event(f"ended {rectification.status}")
        hypothesis.event(f"due dates reported overdue: {len(rectification.overdue_due_dates)}")

    @staticmethod
    def assert_agrees(rectification: Rectification, model: Model) -> None:
        assert rectification.status.value == model.status
        assert rectification.due_on == model.due
        assert rectification.deadline == deadline(model.due)
        assert rectification.overdue_due_dates == tuple(model.reported)
        assert (rectification.submissions, rectification.rejections) == (
            model.submissions,
            model.rejections,
        )
        assert next_deadline(rectification) == model.next_deadline()

    @staticmethod
    def assert_reported_once_per_due_date(past: list[RectificationEvent]) -> None:
        reports = [e for e in past if isinstance(e, RectificationOverdue)]
        assert all(count == 1 for count in Counter(e.due_on for e in reports).values())
        assert all(e.occurred_at >= deadline(e.due_on) for e in reports)


def test_the_walk_starts_where_the_model_does() -> None:
    """A guard on the model: the notice it starts from is the one the walk issues."""
    rectification = given(issue_as(SUPERVISOR, responsible_id=PEOPLE["resp"].id, due_on=DUE))
    assert rectification.status is Status.ISSUED
    assert next_deadline(rectification) == Model().next_deadline() == deadline(DUE)
