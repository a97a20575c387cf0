"""Extending a rectification's due date (DOMAIN §6a `rectification.extend`)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from domain.rectification.events import RectificationDeadlineExtended
from domain.rectification.values import UNVERIFIED, Status
from domain.shared.actor import Actor, Role
from domain.shared.errors import RuleViolation, SegregationOfDuties
from tests.domain.rectification.fixtures import (
    BOSS,
    DUE_ON,
    ISSUED,
    NEW_DEADLINE,
    NEW_DUE_ON,
    RECTIFYING,
    RESPONSIBLE,
    SUPERVISOR,
    T0,
    actor,
    decide,
    extension,
    given,
    history,
    history_to,
    issued,
    next_moment,
)


class TestExtend:
    """A supervisor or management moves the due date of a rectification not yet verified to a
    later day; the reason is on the command's record."""

    @pytest.mark.parametrize("by", [SUPERVISOR, BOSS], ids=["supervisor", "management"])
    def test_the_due_date_moves(self, by: Actor) -> None:
        past = history(RECTIFYING)
        events, after = decide(past, extension(), by)
        assert events == [
            RectificationDeadlineExtended(
                occurred_at=next_moment(past),
                actor=by,
                previous_due_on=DUE_ON,
                new_due_on=NEW_DUE_ON,
                new_deadline=NEW_DEADLINE,
            )
        ]
        rectification = given(after)
        assert (rectification.due_on, rectification.deadline) == (NEW_DUE_ON, NEW_DEADLINE)
        assert rectification.extensions == 1
        assert rectification.status is Status.RECTIFYING

    @pytest.mark.parametrize("status", sorted(UNVERIFIED))
    def test_in_every_state_before_verification(self, status: Status) -> None:
        events, after = decide(history_to(status), extension(), SUPERVISOR)
        assert [type(e) for e in events] == [RectificationDeadlineExtended]
        assert given(after).status is status

    def test_again_only_beyond_the_last_extension(self) -> None:
        _, once = decide(history(RECTIFYING), extension(), SUPERVISOR)
        with pytest.raises(RuleViolation):
            decide(once, extension(NEW_DUE_ON), SUPERVISOR)
        events, twice = decide(once, extension(NEW_DUE_ON + timedelta(days=1)), SUPERVISOR)
        assert isinstance(events[0], RectificationDeadlineExtended)
        assert events[0].previous_due_on == NEW_DUE_ON
        assert given(twice).extensions == 2


class TestTheNewDueDate:
    """The new due date is later than the current one, and after the day it is granted."""

    @pytest.mark.parametrize("new_due_on", [DUE_ON, DUE_ON - timedelta(days=1)])
    def test_later_than_the_current_one(self, new_due_on: date) -> None:
        with pytest.raises(RuleViolation) as refused:
            decide(history(RECTIFYING), extension(new_due_on), SUPERVISOR)
        assert refused.value.details == {"field": "new_due_on"}

    def test_the_day_after_the_current_one_will_do(self) -> None:
        events, _ = decide(history(ISSUED), extension(DUE_ON + timedelta(days=1)), SUPERVISOR)
        assert [type(e) for e in events] == [RectificationDeadlineExtended]

    def test_not_a_day_already_begun(self) -> None:
        """Granted on 20 July, long after the notice fell due on 15 July, an extension to
        20 July would run out the moment it was granted."""
        granted = datetime(2026, 7, 20, 1, 30, tzinfo=UTC)
        past = [issued(T0)]
        with pytest.raises(RuleViolation) as refused:
            extension(date(2026, 7, 20))(given(past), SUPERVISOR, granted)
        assert refused.value.details == {"field": "new_due_on"}
        assert extension(date(2026, 7, 21))(given(past), SUPERVISOR, granted)


class TestSegregationOfDuties:
    """The responsible person never extends their own due date, whatever roles they hold."""

    @pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.MANAGEMENT])
    def test_a_responsible_person_who_may_extend_may_not_extend_their_own(self, role: Role) -> None:
        themselves = actor(RESPONSIBLE.id, role)
        with pytest.raises(SegregationOfDuties) as refused:
            decide(history(RECTIFYING), extension(), themselves)
        assert refused.value.details == {"duty": "answers for", "action": "extend"}
