"""The schedule sweep (DOMAIN §1 deadlines, §4 `ProjectScheduleOverdue`): a project not accepted
by its planned end gets one `ProjectScheduleOverdue` from the `system` actor, however often the
sweep runs; accepted, closed, cancelled and rejected projects never do. An approved change of
the planned end moves the deadline. The sweep examines only projects due. Both stores."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from domain.project.events import ProjectScheduleOverdue
from infrastructure.opsledger import Opsledger
from tests.application.ledger_reading import event_as
from tests.application.project_envelopes import (
    SCHEDULE_DUE,
    accept,
    command,
    drive,
    proposal,
    step,
    version_of,
)
from tests.clocks import FixedClock

#: Every project below ends on 31 December 2026: late from 16:00 UTC that day (midnight in
#: Shanghai, the company's time zone).
JUST_LATE = SCHEDULE_DUE + timedelta(seconds=1)


def overdue(ledger: Opsledger, project_id: UUID) -> list[str]:
    return [
        r.event_type for r in ledger.history(project_id) if r.event_type == "ProjectScheduleOverdue"
    ]


def swept(ledger: Opsledger) -> tuple[int, list[tuple[UUID, str]]]:
    report = ledger.sweep()
    return report.examined, [(b.aggregate_id, b.event_type) for b in report.breaches]


class TestOnceForALateProject:
    def test_two_sweeps_give_one_overdue(self, ledger: Opsledger, clock: FixedClock) -> None:
        project_id = drive(ledger, clock, to="executing")  # version 6
        clock.current = SCHEDULE_DUE - timedelta(seconds=1)
        assert swept(ledger) == (0, [])  # on the planned end day itself it is not late

        clock.current = JUST_LATE
        assert swept(ledger) == (1, [(project_id, "ProjectScheduleOverdue")])
        assert swept(ledger) == (0, [])
        clock.advance(days=30)
        assert swept(ledger) == (0, [])

        assert overdue(ledger, project_id) == ["ProjectScheduleOverdue"]
        last = ledger.history(project_id)[-1]
        roles = {role.value for role in last.actor.roles}
        assert (last.originator_version, last.actor.id, roles) == (7, "system", {"system"})
        assert last.occurred_at == JUST_LATE
        event = event_as(last, ProjectScheduleOverdue)
        assert event.planned_end == date(2026, 12, 31)
        assert ledger.state(project_id)[1].state.status.value == "executing"

    def test_the_project_carries_on_after_it(self, ledger: Opsledger, clock: FixedClock) -> None:
        """A late project is still accepted and closed, and never reported twice, not even
        after a later change of its planned end has passed too."""
        project_id = drive(ledger, clock, to="executing")
        clock.current = JUST_LATE
        swept(ledger)

        for name in ("request_change", "approve_change"):  # planned end 31 January 2027
            clock.advance(hours=1)
            accept(ledger, step(name, project_id))
        clock.current = datetime(2027, 2, 1, tzinfo=UTC)
        assert swept(ledger) == (0, [])
        for name in ("done_0", "done_1", "done_2", "request_acceptance", "record_acceptance"):
            clock.advance(hours=1)
            accept(ledger, step(name, project_id))
        assert ledger.state(project_id)[1].state.status.value == "accepted"
        assert overdue(ledger, project_id) == ["ProjectScheduleOverdue"]


class TestWhichProjectsAreLate:
    def test_not_accepted_by_the_planned_end(self, ledger: Opsledger, clock: FixedClock) -> None:
        projects = {status: drive(ledger, clock, to=status) for status in (
            "approved", "planning", "plan_approved", "executing", "on_hold",
            "acceptance_requested", "accepted", "closed", "cancelled", "rejected",
        )}  # fmt: skip
        # ends later: not late yet
        later = drive(ledger, clock, to="executing", propose=proposal(planned_end="2027-03-31"))
        every = (*projects.values(), later)
        versions = {project_id: version_of(ledger, project_id) for project_id in every}

        clock.current = JUST_LATE
        examined, breaches = swept(ledger)

        late = {projects[s] for s in (
            "approved", "planning", "plan_approved", "executing", "on_hold",
            "acceptance_requested",
        )}  # fmt: skip
        assert examined == len(late)
        assert sorted(breaches) == sorted((p, "ProjectScheduleOverdue") for p in late)
        assert swept(ledger) == (0, [])
        for project_id, version in versions.items():
            expected = ["ProjectScheduleOverdue"] if project_id in late else []
            assert overdue(ledger, project_id) == expected
            assert version_of(ledger, project_id) == version + len(expected)

        clock.current = datetime(2027, 3, 31, 16, 0, 1, tzinfo=UTC)
        assert swept(ledger) == (1, [(later, "ProjectScheduleOverdue")])

    def test_a_proposal_never_approved_owes_no_schedule(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """Only an approved project has a schedule to keep; a proposal still waiting, or held
        while waiting, is not reported late."""
        waiting = drive(ledger, clock)
        held = drive(ledger, clock)
        accept(ledger, command("hold", held))

        clock.current = JUST_LATE
        assert swept(ledger) == (0, [])
        assert overdue(ledger, waiting) == overdue(ledger, held) == []

    def test_accepted_late_before_any_sweep(self, ledger: Opsledger, clock: FixedClock) -> None:
        """Accepted after the planned end but before a sweep ran: nothing to report (the
        lateness is in the business timestamps already)."""
        project_id = drive(ledger, clock, to="acceptance_requested")
        clock.current = JUST_LATE + timedelta(days=1)
        accept(ledger, step("record_acceptance", project_id))

        assert swept(ledger) == (0, [])
        assert overdue(ledger, project_id) == []

    def test_an_approved_change_moves_the_deadline(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """A change requested but not approved moves nothing; approved, the new planned end
        (31 January 2027) is the deadline."""
        moved = drive(ledger, clock, to="executing")
        requested_only = drive(ledger, clock, to="executing")
        for name in ("request_change", "approve_change"):
            clock.advance(hours=1)
            accept(ledger, step(name, moved))
        accept(ledger, step("request_change", requested_only))

        clock.current = JUST_LATE
        assert swept(ledger) == (1, [(requested_only, "ProjectScheduleOverdue")])
        clock.current = datetime(2027, 1, 31, 15, 59, 59, tzinfo=UTC)
        assert swept(ledger) == (0, [])
        clock.current = datetime(2027, 1, 31, 16, 0, 1, tzinfo=UTC)
        assert swept(ledger) == (1, [(moved, "ProjectScheduleOverdue")])
