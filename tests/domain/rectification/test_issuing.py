"""Issuing a rectification notice (DOMAIN §6a `rectification.issue`)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from domain.rectification.events import RectificationIssued
from domain.rectification.values import Severity, Status
from domain.shared.actor import Role
from domain.shared.errors import RuleViolation, SegregationOfDuties
from tests.domain.rectification.fixtures import (
    DEADLINE,
    DEPARTMENT,
    DUE_ON,
    FINDING,
    PROCESS,
    RECTIFICATION_ID,
    RELATED_ID,
    RESPONSIBLE,
    SEVERITY,
    SUPERVISOR,
    T0,
    actor,
    given,
    issue_as,
)


class TestIssue:
    """A supervisor issues a notice: what was found where, how serious, who puts it right, and
    by when."""

    def test_the_notice_records_every_part_and_when_it_becomes_overdue(self) -> None:
        assert issue_as(SUPERVISOR) == [
            RectificationIssued(
                occurred_at=T0,
                actor=SUPERVISOR,
                rectification_id=RECTIFICATION_ID,
                department=DEPARTMENT,
                process=PROCESS,
                finding=FINDING,
                severity=SEVERITY,
                responsible_id=RESPONSIBLE.id,
                due_on=DUE_ON,
                deadline=DEADLINE,
                related_id=RELATED_ID,
            )
        ]

    def test_the_issued_notice_records_its_issuer_and_responsible_person(self) -> None:
        rectification = given(issue_as(SUPERVISOR))
        assert rectification.status is Status.ISSUED
        assert rectification.issuer_id == SUPERVISOR.id
        assert rectification.issued_at == T0
        assert rectification.responsible_id == RESPONSIBLE.id
        assert rectification.department == DEPARTMENT
        assert (rectification.due_on, rectification.deadline) == (DUE_ON, DEADLINE)

    @pytest.mark.parametrize("severity", list(Severity))
    def test_every_severity(self, severity: Severity) -> None:
        assert given(issue_as(SUPERVISOR, severity=severity)).severity is severity

    def test_a_related_record_is_optional(self) -> None:
        assert given(issue_as(SUPERVISOR, related_id=None)).related_id is None

    def test_the_due_day_ends_at_midnight_in_the_company_zone(self) -> None:
        (event,) = issue_as(SUPERVISOR, due_on=date(2026, 12, 31))
        assert isinstance(event, RectificationIssued)
        assert event.deadline == datetime(2026, 12, 31, 16, 0, tzinfo=UTC)


class TestTheDueDate:
    """The due date is after the day the notice is issued, on the company's calendar."""

    def test_the_next_day_is_the_earliest(self) -> None:
        assert issue_as(SUPERVISOR, due_on=date(2026, 7, 2))

    @pytest.mark.parametrize("due_on", [date(2026, 7, 1), date(2026, 6, 30)])
    def test_not_the_same_day_nor_before(self, due_on: date) -> None:
        with pytest.raises(RuleViolation) as refused:
            issue_as(SUPERVISOR, due_on=due_on)
        assert refused.value.code == "rule_violation"
        assert refused.value.details == {"field": "due_on"}

    def test_the_day_is_shanghais_not_utcs(self) -> None:
        """00:30 on 1 July in Shanghai is still 30 June in UTC: 1 July is already today."""
        just_after_midnight = datetime(2026, 6, 30, 16, 30, tzinfo=UTC)
        with pytest.raises(RuleViolation):
            issue_as(SUPERVISOR, just_after_midnight, due_on=date(2026, 7, 1))
        assert issue_as(SUPERVISOR, just_after_midnight, due_on=date(2026, 7, 2))


class TestSegregationOfDuties:
    """Nobody issues a notice to themselves, whatever roles they hold."""

    def test_the_issuer_is_not_the_responsible_person(self) -> None:
        with pytest.raises(SegregationOfDuties) as refused:
            issue_as(SUPERVISOR, responsible_id=SUPERVISOR.id)
        assert refused.value.code == "segregation_of_duties"
        assert refused.value.details == {"duty": "answers for", "action": "issue"}

    def test_another_supervisor_may_be_responsible(self) -> None:
        colleague = actor("u-sup-9", Role.SUPERVISOR, Role.OPERATIONS)
        assert given(issue_as(SUPERVISOR, responsible_id=colleague.id)).responsible_id == "u-sup-9"


class TestRequiredText:
    """The department, the process, the finding and the responsible person say something, and
    so does what the notice concerns, when it is given."""

    @pytest.mark.parametrize(
        "field", ["department", "process", "finding", "responsible_id", "related_id"]
    )
    def test_each_says_something(self, field: str) -> None:
        parts: dict[str, Any] = {field: " \t"}
        with pytest.raises(RuleViolation) as refused:
            issue_as(SUPERVISOR, **parts)
        assert refused.value.details == {"field": field}

    def test_chinese_text_is_kept_exactly(self) -> None:
        rectification = given(issue_as(SUPERVISOR, department="仓储部", finding="复核缺失"))
        assert (rectification.department, rectification.finding) == ("仓储部", "复核缺失")
