"""The deadline sweep (DOMAIN §1, §3): at the clock's now it appends ComplaintSlaBreached exactly
once per breach; acknowledgement after 24 hours, resolution after the severity's days with paused
time added back, nothing while paused. Both stores; with a hand-moved clock, and with the system
clock under freezegun."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest
from freezegun import freeze_time
from freezegun.api import FrozenDateTimeFactory

from application.sweep import Breach
from domain.complaint.events import ComplaintSlaBreached
from domain.complaint.values import SlaKind
from domain.shared.actor import SYSTEM_ACTOR
from domain.shared.recorded import Recorded
from infrastructure.clock import SystemClock
from infrastructure.opsledger import Opsledger
from tests.application.complaint_envelopes import accept, command, drive
from tests.application.ledger_reading import event_as
from tests.clocks import FixedClock

RESOLVE_DAYS = {"critical": 2, "high": 5, "medium": 10, "low": 15}


def breaches(ledger: Opsledger, complaint_id: UUID) -> list[Recorded]:
    return [r for r in ledger.history(complaint_id) if r.event_type == "ComplaintSlaBreached"]


def sweep_finds(ledger: Opsledger) -> list[tuple[UUID, str]]:
    """Sweep once; what it appended, as (complaint id, which deadline)."""
    report = ledger.sweep()
    assert all(b.event_type == "ComplaintSlaBreached" for b in report.breaches)
    return [(b.aggregate_id, b.detail) for b in report.breaches]


def classified(ledger: Opsledger, clock: FixedClock, severity: str) -> tuple[UUID, datetime]:
    """A complaint acknowledged in time and classified with `severity`; and when it was."""
    complaint_id = drive(ledger, clock, to="acknowledged")
    clock.advance(hours=1)
    payload = {"category": "delivery", "severity": severity}
    accept(ledger, command("classify", complaint_id, payload=payload))
    return complaint_id, clock.now()


class TestAcknowledgementBreach:
    """A complaint not acknowledged within 24 hours of receipt breaches once."""

    def test_found_once_just_after_24_hours(self, ledger: Opsledger, clock: FixedClock) -> None:
        complaint_id = drive(ledger, clock)
        received_at = clock.now()

        clock.advance(hours=23, minutes=59)
        assert sweep_finds(ledger) == []
        clock.advance(minutes=1)
        assert sweep_finds(ledger) == []  # at the deadline itself it is not yet passed
        clock.advance(seconds=1)
        assert sweep_finds(ledger) == [(complaint_id, "acknowledgement")]
        assert sweep_finds(ledger) == []
        clock.advance(days=3)
        assert sweep_finds(ledger) == []

        [breach] = breaches(ledger, complaint_id)
        assert event_as(breach, ComplaintSlaBreached).which is SlaKind.ACKNOWLEDGEMENT
        assert event_as(breach, ComplaintSlaBreached).deadline == received_at + timedelta(hours=24)
        assert (
            breach.occurred_at == breach.recorded_at == received_at + timedelta(hours=24, seconds=1)
        )
        assert breach.actor == SYSTEM_ACTOR
        assert breach.originator_version == 2

    def test_acknowledged_in_time_never_breaches(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        complaint_id = drive(ledger, clock)
        clock.advance(hours=23)
        accept(ledger, command("acknowledge", complaint_id))

        clock.advance(days=60)

        assert sweep_finds(ledger) == []
        assert breaches(ledger, complaint_id) == []

    def test_a_late_acknowledgement_after_the_breach_is_still_accepted(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        complaint_id = drive(ledger, clock)
        clock.advance(hours=30)
        assert sweep_finds(ledger) == [(complaint_id, "acknowledgement")]

        result = accept(ledger, command("acknowledge", complaint_id))

        assert result.version == 3
        assert sweep_finds(ledger) == []

    def test_each_complaint_is_swept(self, ledger: Opsledger, clock: FixedClock) -> None:
        first = drive(ledger, clock)
        clock.advance(hours=2)
        second = drive(ledger, clock)
        acknowledged = drive(ledger, clock, to="acknowledged")
        clock.advance(hours=23)

        assert sweep_finds(ledger) == [(first, "acknowledgement")]
        clock.advance(hours=3)
        report = ledger.sweep()
        # Only what the deadline index holds as due is looked at: the first complaint's
        # breach was reported, the acknowledged one has no deadline before classification.
        assert report.examined == 1
        assert report.breaches == (
            Breach(
                aggregate_type="complaint",
                aggregate_id=second,
                event_type="ComplaintSlaBreached",
                detail="acknowledgement",
            ),
        )
        assert breaches(ledger, acknowledged) == []


class TestResolutionBreach:
    """An open complaint not resolved within its severity's days of classification breaches
    once; paused time is added back and nothing is found while it is paused."""

    @pytest.mark.parametrize("severity", list(RESOLVE_DAYS))
    def test_found_once_just_after_the_severity_s_days(
        self, ledger: Opsledger, clock: FixedClock, severity: str
    ) -> None:
        complaint_id, classified_at = classified(ledger, clock, severity)
        due = classified_at + timedelta(days=RESOLVE_DAYS[severity])

        clock.current = due
        assert sweep_finds(ledger) == []
        clock.advance(seconds=1)
        assert sweep_finds(ledger) == [(complaint_id, "resolution")]
        assert sweep_finds(ledger) == []

        [breach] = breaches(ledger, complaint_id)
        assert event_as(breach, ComplaintSlaBreached).which is SlaKind.RESOLUTION
        assert event_as(breach, ComplaintSlaBreached).deadline == due
        assert breach.occurred_at == due + timedelta(seconds=1)

    def test_paused_time_is_added_back(self, ledger: Opsledger, clock: FixedClock) -> None:
        complaint_id, classified_at = classified(ledger, clock, "high")
        for verb in ("assign", "record_investigation"):
            clock.advance(hours=1)
            accept(ledger, command(verb, complaint_id))
        clock.advance(hours=1)
        accept(ledger, command("pause", complaint_id))
        clock.advance(days=3)
        accept(ledger, command("resume", complaint_id))
        due = classified_at + timedelta(days=5 + 3)

        clock.current = classified_at + timedelta(days=5, seconds=1)
        assert sweep_finds(ledger) == []
        clock.current = due
        assert sweep_finds(ledger) == []
        clock.advance(seconds=1)
        assert sweep_finds(ledger) == [(complaint_id, "resolution")]
        assert event_as(breaches(ledger, complaint_id)[0], ComplaintSlaBreached).deadline == due

    def test_nothing_while_paused(self, ledger: Opsledger, clock: FixedClock) -> None:
        complaint_id, classified_at = classified(ledger, clock, "critical")
        clock.advance(hours=1)
        accept(ledger, command("pause", complaint_id))

        for days in (3, 30, 300):
            clock.current = classified_at + timedelta(days=days)
            assert sweep_finds(ledger) == []

        accept(ledger, command("resume", complaint_id))
        clock.advance(days=3)
        assert sweep_finds(ledger) == [(complaint_id, "resolution")]

    def test_resolved_or_closed_in_time_never_breaches(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        resolved = drive(ledger, clock, to="resolved")
        closed = drive(ledger, clock, to="closed")

        clock.advance(days=365)

        assert sweep_finds(ledger) == []
        assert breaches(ledger, resolved) == breaches(ledger, closed) == []

    def test_both_deadlines_of_one_complaint_are_reported_once_each(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        complaint_id = drive(ledger, clock)
        clock.advance(hours=30)
        assert sweep_finds(ledger) == [(complaint_id, "acknowledgement")]
        for verb in ("acknowledge", "classify"):
            accept(ledger, command(verb, complaint_id))
        clock.advance(days=11)

        assert sweep_finds(ledger) == [(complaint_id, "resolution")]
        assert sweep_finds(ledger) == []
        assert [
            event_as(b, ComplaintSlaBreached).which for b in breaches(ledger, complaint_id)
        ] == [
            SlaKind.ACKNOWLEDGEMENT,
            SlaKind.RESOLUTION,
        ]

    def test_a_breach_never_precedes_the_previous_event(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """Commands may run up to 5 minutes ahead of the clock; a breach noticed meanwhile is
        dated at that latest event, so a stream's business time never runs backwards."""
        complaint_id, classified_at = classified(ledger, clock, "critical")
        clock.current = classified_at + timedelta(days=2, seconds=1)
        ahead = clock.now() + timedelta(minutes=4)
        accept(ledger, command("assign", complaint_id, occurred_at=ahead.isoformat()))

        assert sweep_finds(ledger) == [(complaint_id, "resolution")]

        *_, assigned, breach = ledger.history(complaint_id)
        assert breach.occurred_at == assigned.occurred_at == ahead
        assert breach.recorded_at == clock.now()


FROZEN_AT = datetime(2026, 7, 1, 1, 30, tzinfo=UTC)

Frozen = tuple[Opsledger, FrozenDateTimeFactory]


@pytest.fixture
def frozen_ledger(store_url: str) -> Iterator[Frozen]:
    """opsledger opened without a clock, while freezegun holds time at 09:30 in Shanghai."""
    # The PostgreSQL driver's pool measures its own timeouts; with time frozen it would wait
    # each of them out in full, so freezegun leaves the driver's modules on real time.
    with (
        freeze_time(FROZEN_AT, ignore=["psycopg", "psycopg_pool"]) as frozen,
        Opsledger.open(store_url) as opened,
    ):
        assert isinstance(frozen, FrozenDateTimeFactory)
        assert isinstance(opened.clock, SystemClock)
        yield opened, frozen


class TestTheSystemClockHonoursFrozenTime:
    """Without an injected clock opsledger uses the system clock, which freezegun controls:
    business and recorded time, and the sweep's now, all follow the frozen time."""

    def test_commands_and_sweeps_use_the_frozen_time(self, frozen_ledger: Frozen) -> None:
        ledger, frozen = frozen_ledger
        tick = frozen.tick
        frozen_at = FROZEN_AT

        complaint_id = accept(ledger, command("register")).aggregate_id
        assert complaint_id is not None
        [received] = ledger.history(complaint_id)
        assert received.occurred_at == received.recorded_at == frozen_at

        tick(timedelta(hours=24))
        assert sweep_finds(ledger) == []
        tick(timedelta(seconds=1))
        assert sweep_finds(ledger) == [(complaint_id, "acknowledgement")]
        assert sweep_finds(ledger) == []

        [breach] = breaches(ledger, complaint_id)
        assert (
            breach.occurred_at == breach.recorded_at == frozen_at + timedelta(hours=24, seconds=1)
        )

    def test_the_five_minute_limit_is_measured_from_the_frozen_time(
        self, frozen_ledger: Frozen
    ) -> None:
        ledger, _ = frozen_ledger
        frozen_at = FROZEN_AT

        assert ledger.submit(
            command("register", occurred_at=(frozen_at + timedelta(minutes=5)).isoformat())
        ).ok
        late = ledger.submit(
            command("register", occurred_at=(frozen_at + timedelta(minutes=6)).isoformat())
        )
        assert (late.ok, late.code) == (False, "invalid_command")

    def test_the_resolution_deadline_under_frozen_time(self, frozen_ledger: Frozen) -> None:
        ledger, frozen = frozen_ledger
        tick = frozen.tick
        complaint_id = accept(ledger, command("register")).aggregate_id
        for verb in ("acknowledge", "classify"):
            tick(timedelta(hours=1))
            accept(ledger, command(verb, complaint_id))

        tick(timedelta(days=10))
        assert sweep_finds(ledger) == []
        tick(timedelta(seconds=1))
        assert sweep_finds(ledger) == [(complaint_id, "resolution")]
