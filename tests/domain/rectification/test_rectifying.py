"""Acknowledging, starting and submitting a rectification (DOMAIN §6a `rectification.acknowledge`,
`start`, `submit`)."""

from __future__ import annotations

import attrs
import pytest

from domain.rectification import decisions
from domain.rectification.events import (
    RectificationAcknowledged,
    RectificationEvent,
    RectificationStarted,
    RectificationSubmitted,
)
from domain.rectification.values import Status
from domain.shared.actor import Role
from domain.shared.errors import Forbidden, RuleViolation
from tests.domain.rectification.fixtures import (
    ACKNOWLEDGED,
    ACTIONS_TAKEN,
    COMMANDS,
    DEPARTMENT,
    EVIDENCE,
    HEAD,
    ISSUED,
    OTHER_HEAD,
    PLAN,
    RECTIFYING,
    RESPONSIBLE,
    T0,
    actor,
    decide,
    given,
    history,
    issued,
    next_moment,
)


class TestAcknowledge:
    """The responsible person, or the head of the department the notice is for, acknowledges
    an issued notice."""

    def test_by_the_responsible_person(self) -> None:
        past = history(ISSUED)
        events, after = decide(past, COMMANDS["acknowledge"], RESPONSIBLE)
        assert events == [
            RectificationAcknowledged(occurred_at=next_moment(past), actor=RESPONSIBLE)
        ]
        assert given(after).status is Status.ACKNOWLEDGED
        assert given(after).acknowledged_at == next_moment(past)

    def test_by_the_head_of_that_department(self) -> None:
        events, after = decide(history(ISSUED), COMMANDS["acknowledge"], HEAD)
        assert [type(e) for e in events] == [RectificationAcknowledged]
        assert given(after).status is Status.ACKNOWLEDGED

    def test_not_by_the_head_of_another_department(self) -> None:
        with pytest.raises(Forbidden) as refused:
            decide(history(ISSUED), COMMANDS["acknowledge"], OTHER_HEAD)
        assert refused.value.details == {
            "action": "acknowledge a rectification",
            "allowed_roles": "department_head",
            "required_actor": "the responsible person",
            "department": DEPARTMENT,
        }
        assert refused.value.message == (
            "only the responsible person or the department head of warehouse may acknowledge "
            "a rectification"
        )

    def test_nor_by_a_member_of_that_department_who_is_not_its_head(self) -> None:
        colleague = actor("u-wh-8", Role.OPERATIONS, department=DEPARTMENT)
        with pytest.raises(Forbidden):
            decide(history(ISSUED), COMMANDS["acknowledge"], colleague)

    def test_a_head_without_a_department_never_heads_a_notice_recorded_without_one(self) -> None:
        """A stored notice with a blank department (no decision issues one) is acknowledged by
        its responsible person only: a blank department names nobody's department."""
        past: list[RectificationEvent] = [attrs.evolve(issued(T0), department="")]
        nobody_s_head = actor("u-head-x", Role.DEPARTMENT_HEAD)
        with pytest.raises(Forbidden):
            decide(past, COMMANDS["acknowledge"], nobody_s_head)
        assert decide(past, COMMANDS["acknowledge"], RESPONSIBLE)[0]


class TestStart:
    """The responsible person starts rectifying an acknowledged notice, with a plan."""

    def test_the_plan_is_recorded(self) -> None:
        past = history(ACKNOWLEDGED)
        events, after = decide(past, COMMANDS["start"], RESPONSIBLE)
        assert events == [
            RectificationStarted(occurred_at=next_moment(past), actor=RESPONSIBLE, plan=PLAN)
        ]
        assert given(after).status is Status.RECTIFYING
        assert given(after).plan == PLAN

    def test_the_plan_says_something(self) -> None:
        past = history(ACKNOWLEDGED)
        with pytest.raises(RuleViolation) as refused:
            decisions.start(given(past), plan="  ", actor=RESPONSIBLE, at=next_moment(past))
        assert refused.value.details == {"field": "plan"}

    def test_not_by_the_department_head(self) -> None:
        """Acknowledging is open to the head; the work itself is the responsible person's."""
        with pytest.raises(Forbidden) as refused:
            decide(history(ACKNOWLEDGED), COMMANDS["start"], HEAD)
        assert refused.value.details["required_actor"] == "the responsible person"


class TestSubmit:
    """The responsible person submits what was done and the evidence, for verification."""

    def test_the_submission_is_recorded(self) -> None:
        past = history(RECTIFYING)
        events, after = decide(past, COMMANDS["submit"], RESPONSIBLE)
        assert events == [
            RectificationSubmitted(
                occurred_at=next_moment(past),
                actor=RESPONSIBLE,
                actions_taken=ACTIONS_TAKEN,
                evidence=EVIDENCE,
            )
        ]
        rectification = given(after)
        assert rectification.status is Status.SUBMITTED
        assert (rectification.actions_taken, rectification.evidence) == (ACTIONS_TAKEN, EVIDENCE)
        assert rectification.submissions == 1

    @pytest.mark.parametrize("field", ["actions_taken", "evidence"])
    def test_each_says_something(self, field: str) -> None:
        past = history(RECTIFYING)
        parts = {"actions_taken": ACTIONS_TAKEN, "evidence": EVIDENCE, field: ""}
        with pytest.raises(RuleViolation) as refused:
            decisions.submit(given(past), **parts, actor=RESPONSIBLE, at=next_moment(past))
        assert refused.value.details == {"field": field}
