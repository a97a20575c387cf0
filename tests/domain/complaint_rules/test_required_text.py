"""Complaint text that must say something (DOMAIN §3 rules): a blank one is a rule violation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from domain.complaint import decisions
from domain.complaint.events import ComplaintEvent
from domain.complaint.state import Complaint
from domain.complaint.values import Channel, Status
from domain.shared.errors import RuleViolation
from tests.domain.complaint_fixtures import (
    AGENT,
    ASSIGNEE,
    ASSIGNEE_ID,
    COMPLAINT_ID,
    DEPARTMENT,
    MANAGER,
    REMEDY_OFFERED,
    T0,
    given,
    history,
    next_moment,
    register_as,
)

BLANKS = [
    pytest.param("", id="empty"),
    pytest.param("   ", id="spaces"),
    pytest.param("\t\n", id="tab-newline"),
    pytest.param("\u3000", id="ideographic-space"),
]

Attempt = Callable[[Complaint, str, datetime], list[ComplaintEvent]]

#: field: (the state it is sent in, the command with `text` in that field).
TEXT_FIELDS: dict[str, tuple[Status, Attempt]] = {
    "message": (
        Status.RECEIVED,
        lambda c, text, at: decisions.acknowledge(c, message=text, actor=AGENT, at=at),
    ),
    "department": (
        Status.CLASSIFIED,
        lambda c, text, at: decisions.assign(
            c, department=text, assignee_id=ASSIGNEE_ID, actor=MANAGER, at=at
        ),
    ),
    "assignee_id": (
        Status.CLASSIFIED,
        lambda c, text, at: decisions.assign(
            c, department=DEPARTMENT, assignee_id=text, actor=MANAGER, at=at
        ),
    ),
    "root_cause": (
        Status.ASSIGNED,
        lambda c, text, at: decisions.record_investigation(
            c, root_cause=text, findings="x", actor=ASSIGNEE, at=at
        ),
    ),
    "resolution": (
        Status.INVESTIGATING,
        lambda c, text, at: decisions.propose_resolution(
            c, resolution=text, remedy_offered=REMEDY_OFFERED, actor=ASSIGNEE, at=at
        ),
    ),
}


class TestABlankSummaryIsRefused:
    """A complaint is registered only with a summary that says something."""

    @pytest.mark.parametrize("summary", BLANKS)
    def test_blank_summary(self, summary: str) -> None:
        with pytest.raises(RuleViolation) as refused:
            register_as(AGENT, summary=summary)

        assert refused.value.code == "rule_violation"
        assert refused.value.details == {"field": "summary"}

    def test_a_one_character_chinese_summary_is_enough(self) -> None:
        (event,) = register_as(AGENT, summary="坏")

        assert given([event]).summary == "坏"

    @pytest.mark.parametrize("customer_id", BLANKS)
    def test_blank_customer_is_refused_too(self, customer_id: str) -> None:
        with pytest.raises(RuleViolation) as refused:
            decisions.register(
                complaint_id=COMPLAINT_ID,
                customer_id=customer_id,
                channel=Channel.ONLINE,
                summary="late delivery",
                remedy_sought="",
                order_id=None,
                actor=AGENT,
                at=T0,
            )

        assert refused.value.details == {"field": "customer_id"}


class TestOtherRequiredTextIsNotBlank:
    """Acknowledgement message, department, assignee, root cause and resolution say something."""

    @pytest.mark.parametrize("field", list(TEXT_FIELDS))
    @pytest.mark.parametrize("text", BLANKS)
    def test_blank_text_is_a_rule_violation(self, field: str, text: str) -> None:
        status, attempt = TEXT_FIELDS[field]
        past = history(status)

        with pytest.raises(RuleViolation) as refused:
            attempt(given(past), text, next_moment(past))

        assert refused.value.code == "rule_violation"
        assert refused.value.details == {"field": field}
