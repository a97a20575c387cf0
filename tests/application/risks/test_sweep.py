"""The risk sweep (DOMAIN §1 deadlines, §6 `RiskReviewOverdue`, `MitigationActionOverdue`): a
review not done by the end of its review date, and a mitigation action not completed by the end
of its due day (both in Shanghai, the company's time zone), are each reported once by the
`system` actor, however often the sweep runs; a later review date is reported once in turn.
Risks not yet assessed, closed, or reopened and not yet assessed afresh owe no review; completed
actions are never late. Both stores."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID

import pytest

from domain.risk.events import MitigationActionOverdue, RiskReviewOverdue
from infrastructure.opsledger import Opsledger
from tests.application.ledger_reading import event_as
from tests.application.risk_envelopes import (
    ACTION_DUE,
    ACTION_OWNER,
    OTHER_ACTION_OWNER,
    accept,
    action,
    assessing,
    command,
    completion,
    drive,
    late_from,
    status_of,
    version_of,
)
from tests.clocks import FixedClock

#: Assessed high (L4xI3) on 1 July 2026 in Shanghai: the next review is on 30 August (+60), and
#: overdue from midnight after it in Shanghai, 16:00 UTC on 30 August.
REVIEW_ON = date(2026, 8, 30)
REVIEW_DUE = datetime(2026, 8, 30, 16, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)

REVIEW, ACTION = "RiskReviewOverdue", "MitigationActionOverdue"


def swept(ledger: Opsledger) -> tuple[int, list[tuple[UUID, str]]]:
    report = ledger.sweep()
    return report.examined, sorted((b.aggregate_id, b.event_type) for b in report.breaches)


def overdue(ledger: Opsledger, risk_id: UUID) -> list[str]:
    return [r.event_type for r in ledger.history(risk_id) if r.event_type in (REVIEW, ACTION)]


class TestAReviewOverdue:
    def test_two_sweeps_give_one(self, ledger: Opsledger, clock: FixedClock) -> None:
        risk_id = drive(ledger, clock, to="assessed")  # version 2
        assert late_from(REVIEW_ON) == REVIEW_DUE
        clock.current = REVIEW_DUE - SECOND  # the last second of the review day
        assert swept(ledger) == (0, [])

        clock.current = REVIEW_DUE
        assert swept(ledger) == (1, [(risk_id, REVIEW)])
        assert swept(ledger) == (0, [])
        clock.advance(days=45)
        assert swept(ledger) == (0, [])

        assert overdue(ledger, risk_id) == [REVIEW]
        last = ledger.history(risk_id)[-1]
        roles = {role.value for role in last.actor.roles}
        assert (last.originator_version, last.actor.id, roles) == (3, "system", {"system"})
        assert last.occurred_at == REVIEW_DUE
        event = event_as(last, RiskReviewOverdue)
        assert (event.next_review_on, event.review_due) == (REVIEW_ON, REVIEW_DUE)
        assert status_of(ledger, risk_id) == "assessed"

    def test_a_later_review_date_is_reported_once_in_turn(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """Reviewed late on 2 September: the next review, 60 days on (1 November), is late
        from 16:00 UTC that day, and reported once too."""
        risk_id = drive(ledger, clock, to="assessed")
        clock.current = REVIEW_DUE
        swept(ledger)
        clock.current = datetime(2026, 9, 2, 2, 0, tzinfo=UTC)
        accept(ledger, command("review", risk_id))
        assert ledger.state(risk_id)[1].state.next_review_on == date(2026, 11, 1)

        clock.current = datetime(2026, 11, 1, 15, 59, 59, tzinfo=UTC)
        assert swept(ledger) == (0, [])
        clock.current = datetime(2026, 11, 1, 16, 0, tzinfo=UTC)
        assert swept(ledger) == (1, [(risk_id, REVIEW)])
        assert swept(ledger) == (0, [])

        assert overdue(ledger, risk_id) == [REVIEW, REVIEW]
        reported = [
            event_as(r, RiskReviewOverdue).next_review_on
            for r in ledger.history(risk_id)
            if r.event_type == REVIEW
        ]
        assert reported == [REVIEW_ON, date(2026, 11, 1)]

    def test_a_review_in_time_moves_the_date(self, ledger: Opsledger, clock: FixedClock) -> None:
        """Residual medium on 1 July, so due for review on 29 September; reviewed on 20 August:
        nothing at the end of 29 September, late from the end of 18 November (90 days on)."""
        risk_id = drive(ledger, clock, to="monitoring")
        assert ledger.state(risk_id)[1].state.next_review_on == date(2026, 9, 29)
        clock.current = datetime(2026, 8, 20, 2, 0, tzinfo=UTC)
        accept(ledger, command("review", risk_id))
        clock.current = datetime(2026, 9, 29, 16, 0, tzinfo=UTC)
        assert swept(ledger) == (0, [])
        clock.current = datetime(2026, 11, 18, 15, 59, 59, tzinfo=UTC)
        assert swept(ledger) == (0, [])
        clock.current = datetime(2026, 11, 18, 16, 0, tzinfo=UTC)
        assert swept(ledger) == (1, [(risk_id, REVIEW)])

    def test_a_new_assessment_moves_the_date(self, ledger: Opsledger, clock: FixedClock) -> None:
        """Assessed critical (L5xI5) on 2 July: the next review is on 1 August, not 30 August."""
        risk_id = drive(ledger, clock, to="assessed")
        clock.current = datetime(2026, 7, 2, 2, 0, tzinfo=UTC)
        accept(ledger, assessing(risk_id, 5, 5))
        clock.current = datetime(2026, 8, 1, 16, 0, tzinfo=UTC)
        assert swept(ledger) == (1, [(risk_id, REVIEW)])
        clock.current = REVIEW_DUE
        assert swept(ledger) == (0, [])
        event = event_as(ledger.history(risk_id)[-1], RiskReviewOverdue)
        assert event.next_review_on == date(2026, 8, 1)

    def test_which_risks_owe_a_review(self, ledger: Opsledger, clock: FixedClock) -> None:
        """Assessed, responding and monitoring risks do; one only identified, a closed one and
        one reopened (not yet assessed afresh) do not."""
        risks = {status: drive(ledger, clock, to=status) for status in (
            "identified", "assessed", "responding", "monitoring", "closed", "reopened",
        )}  # fmt: skip
        versions = {risk_id: version_of(ledger, risk_id) for risk_id in risks.values()}

        clock.current = datetime(2027, 1, 1, tzinfo=UTC)  # past every review date
        examined, breaches = swept(ledger)

        owing = [risks[status] for status in ("assessed", "responding", "monitoring")]
        assert breaches == sorted((risk_id, REVIEW) for risk_id in owing)
        assert examined == len(owing)
        assert swept(ledger) == (0, [])
        for risk_id, version in versions.items():
            expected = [REVIEW] if risk_id in owing else []
            assert overdue(ledger, risk_id) == expected
            assert version_of(ledger, risk_id) == version + len(expected)

    def test_a_reopened_risk_assessed_afresh_owes_one_again(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        risk_id = drive(ledger, clock, to="reopened")
        clock.current = datetime(2026, 7, 3, 2, 0, tzinfo=UTC)
        accept(ledger, assessing(risk_id, 1, 1))  # low: 180 days on, 30 December
        clock.current = datetime(2026, 12, 30, 15, 59, 59, tzinfo=UTC)
        assert swept(ledger) == (0, [])
        clock.current = datetime(2026, 12, 30, 16, 0, tzinfo=UTC)
        assert swept(ledger) == (1, [(risk_id, REVIEW)])


class TestAnActionOverdue:
    def test_two_sweeps_give_one(self, ledger: Opsledger, clock: FixedClock) -> None:
        """Action A-1 is due on 31 July: late from 16:00 UTC that day."""
        risk_id = drive(ledger, clock, to="responding", then=("add_action",))  # version 4
        clock.current = ACTION_DUE - SECOND
        assert swept(ledger) == (0, [])

        clock.current = ACTION_DUE
        assert swept(ledger) == (1, [(risk_id, ACTION)])
        assert swept(ledger) == (0, [])
        clock.current = ACTION_DUE + timedelta(days=20)
        assert swept(ledger) == (0, [])

        assert overdue(ledger, risk_id) == [ACTION]
        last = ledger.history(risk_id)[-1]
        assert (last.originator_version, last.actor.id, last.occurred_at) == (
            5,
            "system",
            ACTION_DUE,
        )
        event = event_as(last, MitigationActionOverdue)
        assert (event.action_id, event.owner_id, event.due_on, event.action_due) == (
            "A-1",
            ACTION_OWNER["id"],
            date(2026, 7, 31),
            ACTION_DUE,
        )
        # still to be done: its owner completes it late, and nothing more is reported
        accept(ledger, completion(risk_id))
        assert swept(ledger) == (0, [])

    def test_each_action_once_by_its_own_day(self, ledger: Opsledger, clock: FixedClock) -> None:
        risk_id = drive(ledger, clock, to="responding", then=("add_action",))
        accept(ledger, action(risk_id, "A-2", owner=OTHER_ACTION_OWNER, due_on="2026-08-10"))
        accept(ledger, action(risk_id, "A-3", due_on="2026-08-10"))
        clock.current = ACTION_DUE
        assert swept(ledger) == (1, [(risk_id, ACTION)])
        clock.current = datetime(2026, 8, 10, 16, 0, tzinfo=UTC)
        examined, breaches = swept(ledger)
        assert (examined, breaches) == (1, [(risk_id, ACTION), (risk_id, ACTION)])
        assert swept(ledger) == (0, [])
        reported = [
            event_as(r, MitigationActionOverdue).action_id
            for r in ledger.history(risk_id)
            if r.event_type == ACTION
        ]
        assert reported == ["A-1", "A-2", "A-3"]

    @pytest.mark.parametrize("late", [False, True], ids=["in-time", "late-before-a-sweep"])
    def test_a_completed_action_is_never_reported(
        self, ledger: Opsledger, clock: FixedClock, late: bool
    ) -> None:
        """Completed after its day but before any sweep: the lateness is in the business
        timestamps already (DOMAIN §1), not a sweep's to report."""
        risk_id = drive(ledger, clock, to="responding", then=("add_action",))
        clock.current = ACTION_DUE + timedelta(hours=2) if late else ACTION_DUE - SECOND
        accept(ledger, completion(risk_id))
        clock.current = ACTION_DUE + timedelta(days=1)
        assert swept(ledger) == (0, [])
        assert overdue(ledger, risk_id) == []


class TestBoth:
    def test_one_of_each_per_due_date(self, ledger: Opsledger, clock: FixedClock) -> None:
        """Past both the action's day and the review date: one sweep reports both, once
        each; the next reports nothing."""
        risk_id = drive(ledger, clock, to="responding", then=("add_action",))
        clock.current = REVIEW_DUE + timedelta(days=1)
        assert swept(ledger) == (1, sorted([(risk_id, REVIEW), (risk_id, ACTION)]))
        assert swept(ledger) == (0, [])
        assert sorted(overdue(ledger, risk_id)) == [ACTION, REVIEW]
        assert version_of(ledger, risk_id) == 6
