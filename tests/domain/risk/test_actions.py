"""Mitigation actions: added by the owner or a risk officer, completed by their own owner
(DOMAIN §6 `risk.add_action`, `risk.complete_action`)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from domain.risk import decisions
from domain.risk.events import MitigationActionAdded, MitigationActionCompleted
from domain.risk.values import Status
from domain.shared.errors import RuleViolation
from tests.domain.risk.fixtures import (
    ACTION_DUE,
    ACTION_DUE_ON,
    DOER,
    EVIDENCE,
    MITIGATED,
    MONITORING,
    OFFICER,
    OWNER,
    RESPONDING,
    SHANGHAI,
    actor,
    add,
    complete,
    decide,
    given,
    history,
    next_moment,
)


class TestAddAction:
    """An action has an id unique within the risk, a description, an owner and a due day."""

    def test_the_action_records_when_it_becomes_late(self) -> None:
        past = history(RESPONDING)
        events, after = decide(past, add("A-2", due_on=ACTION_DUE_ON), OFFICER)
        assert events == [
            MitigationActionAdded(
                occurred_at=next_moment(past),
                actor=OFFICER,
                action_id="A-2",
                description="双源采购 (dual sourcing)",
                owner_id=DOER.id,
                due_on=ACTION_DUE_ON,
                action_due=ACTION_DUE,
            )
        ]
        risk = given(after)
        assert list(risk.actions) == ["A-1", "A-2"]
        action = risk.actions["A-2"]
        assert (action.owner_id, action.added_by, action.is_open) == (DOER.id, OFFICER.id, True)
        assert [a.action_id for a in risk.open_actions] == ["A-1", "A-2"]

    def test_while_monitoring_too(self) -> None:
        _, after = decide(history(MONITORING), add("A-2"), OWNER)
        risk = given(after)
        assert (risk.status, [a.action_id for a in risk.open_actions]) == (
            Status.MONITORING,
            ["A-2"],
        )

    def test_an_id_is_unique_within_the_risk(self) -> None:
        past = history(MITIGATED)  # A-1 done: its id is still taken
        with pytest.raises(RuleViolation) as refused:
            add("A-1")(given(past), OWNER, next_moment(past))
        assert refused.value.details == {"field": "action_id"}

    @pytest.mark.parametrize("field", ["action_id", "description", "owner_id"])
    def test_each_text_says_something(self, field: str) -> None:
        past = history(RESPONDING)
        blank: dict[str, Any] = {field: ""}
        values: dict[str, Any] = {
            "action_id": "A-2",
            "description": "复盘 (review)",
            "owner_id": DOER.id,
        } | blank
        with pytest.raises(RuleViolation) as refused:
            decisions.add_action(
                given(past),
                **values,
                due_on=ACTION_DUE_ON,
                actor=OWNER,
                at=next_moment(past),
                zone=SHANGHAI,
            )
        assert refused.value.details == {"field": field}

    def test_an_action_may_be_due_the_day_it_is_added(self) -> None:
        past = history(RESPONDING)  # sent at 12:30 on 1 July in Shanghai
        events, _ = decide(past, add("A-2", due_on=date(2026, 7, 1)), OWNER)
        assert isinstance(events[0], MitigationActionAdded)
        assert events[0].action_due == datetime(2026, 7, 1, 16, tzinfo=UTC)

    def test_not_before_it_is_added_in_the_companys_time_zone(self) -> None:
        """17:00 UTC on 1 July is already 2 July in Shanghai."""
        past = history(RESPONDING)
        late_evening = datetime(2026, 7, 1, 17, 0, tzinfo=UTC)
        with pytest.raises(RuleViolation) as refused:
            add("A-2", due_on=date(2026, 7, 1))(given(past), OWNER, late_evening)
        assert refused.value.details == {"field": "due_on"}

    def test_a_due_day_is_a_calendar_day(self) -> None:
        past = history(RESPONDING)
        with pytest.raises(RuleViolation) as refused:
            add("A-2", due_on=datetime(2026, 7, 31, tzinfo=UTC))(
                given(past), OWNER, next_moment(past)
            )
        assert refused.value.details == {"field": "due_on"}


class TestCompleteAction:
    """Only that action's owner completes it, once, with evidence."""

    def test_the_owner_of_the_action_completes_it(self) -> None:
        past = history(RESPONDING)
        events, after = decide(past, complete("A-1"), DOER)
        assert events == [
            MitigationActionCompleted(
                occurred_at=next_moment(past), actor=DOER, action_id="A-1", evidence=EVIDENCE
            )
        ]
        risk = given(after)
        action = risk.actions["A-1"]
        assert (action.completed_at, action.evidence) == (next_moment(past), EVIDENCE)
        assert risk.open_actions == ()
        assert risk.mitigated

    def test_each_action_by_its_own_owner(self) -> None:
        other = actor("u-legal-3", *DOER.roles)
        past = history(RESPONDING)
        _, added = decide(past, add("A-2", owner_id=other.id), OWNER)
        _, done = decide(added, complete("A-2"), other)
        assert [a.action_id for a in given(done).open_actions] == ["A-1"]

    def test_evidence_says_something(self) -> None:
        past = history(RESPONDING)
        with pytest.raises(RuleViolation) as refused:
            complete("A-1", evidence="  ")(given(past), DOER, next_moment(past))
        assert refused.value.details == {"field": "evidence"}

    def test_an_action_is_completed_once(self) -> None:
        past = history(MITIGATED)
        with pytest.raises(RuleViolation, match="already completed") as refused:
            complete("A-1")(given(past), DOER, next_moment(past))
        assert refused.value.details == {"field": "action_id"}

    def test_an_action_the_risk_does_not_have(self) -> None:
        past = history(RESPONDING)
        with pytest.raises(RuleViolation, match="no mitigation action 'A-7'") as refused:
            complete("A-7")(given(past), DOER, next_moment(past))
        assert refused.value.details == {"field": "action_id"}
