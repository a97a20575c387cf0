"""The rectification sweep (DOMAIN §1 deadlines, §6a `RectificationOverdue`: not verified by its
due date): a rectification not verified by the end of its due day (in Shanghai) gets one
`RectificationOverdue` from the `system` actor, however often the sweep runs; once per due date,
so an extension that is missed in its turn is reported again. Verified and closed rectifications
never are; submitted but not verified ones are. The sweep examines only rectifications due.
Both stores."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from domain.rectification.events import RectificationOverdue
from infrastructure.opsledger import Opsledger
from tests.application.ledger_reading import event_as
from tests.application.rectification_envelopes import (
    DEADLINE,
    NEW_DEADLINE,
    accept,
    command,
    drive,
    extension,
    notice,
    status_of,
    version_of,
    walk,
)
from tests.clocks import FixedClock

#: Every rectification below is due on 15 July 2026 unless told: overdue from 16:00 UTC that day
#: (midnight in Shanghai, the company's time zone).
JUST_LATE = DEADLINE + timedelta(seconds=1)
OVERDUE = "RectificationOverdue"


def overdue(ledger: Opsledger, rectification_id: UUID) -> list[date]:
    """The due dates the stored history reports overdue, in order."""
    return [
        event_as(r, RectificationOverdue).due_on
        for r in ledger.history(rectification_id)
        if r.event_type == OVERDUE
    ]


def swept(ledger: Opsledger) -> tuple[int, list[tuple[UUID, str]]]:
    report = ledger.sweep()
    return report.examined, [(b.aggregate_id, b.event_type) for b in report.breaches]


class TestOncePerDueDate:
    def test_two_sweeps_give_one_overdue(self, ledger: Opsledger, clock: FixedClock) -> None:
        rectification_id = drive(ledger, clock, to="rectifying")  # version 3
        clock.current = DEADLINE - timedelta(seconds=1)
        assert swept(ledger) == (0, [])  # on the due day itself it is not late

        clock.current = JUST_LATE
        assert swept(ledger) == (1, [(rectification_id, OVERDUE)])
        assert swept(ledger) == (0, [])
        clock.advance(days=30)
        assert swept(ledger) == (0, [])

        assert overdue(ledger, rectification_id) == [date(2026, 7, 15)]
        last = ledger.history(rectification_id)[-1]
        roles = {role.value for role in last.actor.roles}
        assert (last.originator_version, last.actor.id, roles) == (4, "system", {"system"})
        assert last.occurred_at == JUST_LATE
        assert event_as(last, RectificationOverdue).due_on == date(2026, 7, 15)
        assert status_of(ledger, rectification_id) == "rectifying"

    def test_a_missed_extension_is_reported_again(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """Overdue on 15 July; extended on 16 July to 31 July; the sweep says nothing until 31
        July has passed, then reports the new due date once."""
        rectification_id = drive(ledger, clock, to="acknowledged")
        clock.current = JUST_LATE
        assert swept(ledger) == (1, [(rectification_id, OVERDUE)])

        clock.current = datetime(2026, 7, 16, 2, 0, tzinfo=UTC)
        accept(ledger, extension(rectification_id, "2026-07-31"))
        clock.current = NEW_DEADLINE - timedelta(seconds=1)
        assert swept(ledger) == (0, [])
        clock.current = NEW_DEADLINE + timedelta(hours=3)
        assert swept(ledger) == (1, [(rectification_id, OVERDUE)])
        assert swept(ledger) == (0, [])

        assert overdue(ledger, rectification_id) == [date(2026, 7, 15), date(2026, 7, 31)]
        assert version_of(ledger, rectification_id) == 5
        # the work goes on after it: started, submitted, verified, closed; no more reports
        walk(ledger, clock, rectification_id, "start", "submit", "verify", "close")
        clock.advance(days=60)
        assert swept(ledger) == (0, [])
        assert status_of(ledger, rectification_id) == "closed"

    def test_an_extension_before_the_due_date_moves_it(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        moved = drive(ledger, clock, to="rectifying")
        kept = drive(ledger, clock, to="rectifying")
        clock.advance(hours=1)
        accept(ledger, extension(moved, "2026-07-31"))

        clock.current = JUST_LATE
        assert swept(ledger) == (1, [(kept, OVERDUE)])
        clock.current = NEW_DEADLINE + timedelta(seconds=1)
        assert swept(ledger) == (1, [(moved, OVERDUE)])
        assert overdue(ledger, moved) == [date(2026, 7, 31)]
        assert overdue(ledger, kept) == [date(2026, 7, 15)]

    def test_extended_after_the_due_date_but_before_any_sweep(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """Extended on 17 July, the 15th was never swept: the sweep reports the due date in
        force when it runs, and only once it is missed (the lateness of the 15th is in the
        business timestamps)."""
        rectification_id = drive(ledger, clock, to="rectifying")
        clock.current = datetime(2026, 7, 17, 2, 0, tzinfo=UTC)
        accept(ledger, extension(rectification_id, "2026-07-31"))
        assert swept(ledger) == (0, [])
        clock.current = NEW_DEADLINE + timedelta(seconds=1)
        assert swept(ledger) == (1, [(rectification_id, OVERDUE)])
        assert overdue(ledger, rectification_id) == [date(2026, 7, 31)]


class TestWhichRectificationsAreLate:
    def test_not_verified_by_the_due_date(self, ledger: Opsledger, clock: FixedClock) -> None:
        rectifications = {status: drive(ledger, clock, to=status) for status in (
            "issued", "acknowledged", "rectifying", "submitted", "verified", "closed",
        )}  # fmt: skip
        rejected = drive(ledger, clock, to="submitted")
        walk(ledger, clock, rejected, "reject")
        # due later: not late yet
        later = drive(ledger, clock, to="rectifying", issue=notice(due_on="2026-08-20"))
        every = (*rectifications.values(), rejected, later)
        versions = {r: version_of(ledger, r) for r in every}

        clock.current = JUST_LATE
        examined, breaches = swept(ledger)

        late = {rectifications[s] for s in ("issued", "acknowledged", "rectifying", "submitted")}
        late.add(rejected)
        assert examined == len(late)
        assert sorted(breaches) == sorted((r, OVERDUE) for r in late)
        assert swept(ledger) == (0, [])
        for rectification_id, version in versions.items():
            expected = [date(2026, 7, 15)] if rectification_id in late else []
            assert overdue(ledger, rectification_id) == expected
            assert version_of(ledger, rectification_id) == version + len(expected)
        for status, rectification_id in rectifications.items():
            assert status_of(ledger, rectification_id) == status  # the report moves nothing

        clock.current = datetime(2026, 8, 20, 16, 0, 1, tzinfo=UTC)
        assert swept(ledger) == (1, [(later, OVERDUE)])

    def test_verified_late_before_any_sweep(self, ledger: Opsledger, clock: FixedClock) -> None:
        """Verified on 20 July, after the due date but before a sweep ran: nothing to report
        (the lateness is in the business timestamps already), now or ever."""
        rectification_id = drive(ledger, clock, to="submitted")
        clock.current = datetime(2026, 7, 20, 2, 0, tzinfo=UTC)
        accept(ledger, command("verify", rectification_id))
        assert swept(ledger) == (0, [])
        clock.advance(days=90)
        assert swept(ledger) == (0, [])
        assert overdue(ledger, rectification_id) == []

    def test_reported_then_verified_and_closed(self, ledger: Opsledger, clock: FixedClock) -> None:
        rectification_id = drive(ledger, clock, to="submitted")
        clock.current = JUST_LATE
        assert swept(ledger) == (1, [(rectification_id, OVERDUE)])
        walk(ledger, clock, rectification_id, "verify", "close")
        clock.advance(days=30)
        assert swept(ledger) == (0, [])
        assert [r.event_type for r in ledger.history(rectification_id)][-3:] == [
            OVERDUE,
            "RectificationVerified",
            "RectificationClosed",
        ]
