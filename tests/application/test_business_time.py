"""Business time and the envelope's facts on every event (DOMAIN §1): `occurred_at` defaults to
the clock, may lie in the past, not more than 5 minutes ahead nor before the aggregate's previous
event; every event carries actor, ids, reason, occurred_at and recorded_at. Both stores."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from domain.complaint.events import ComplaintReceived
from domain.shared.actor import Actor, Role
from infrastructure.opsledger import Opsledger
from tests.application.complaint_envelopes import (
    CS_AGENT,
    MANAGER,
    Json,
    accept,
    command,
    drive,
)
from tests.application.ledger_reading import LedgerReading, assert_refusals_only_since, event_as
from tests.clocks import FixedClock


def occurred_at_of(ledger: Opsledger, complaint_id: UUID, version: int) -> datetime:
    return ledger.history(complaint_id, version=version)[-1].occurred_at


class TestOccurredAtDefaultsToTheClock:
    """Without `occurred_at` the fact happened at the clock's now."""

    def test_the_event_occurred_at_the_clock_s_now(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        complaint_id = drive(ledger, clock)
        clock.advance(hours=5, minutes=17)

        accept(ledger, command("acknowledge", complaint_id))

        assert occurred_at_of(ledger, complaint_id, 2) == clock.now()


class TestOccurredAtMayLieInThePast:
    """A fact entered late keeps the time it happened; the store records when it was entered."""

    def test_a_complaint_phoned_in_yesterday(self, ledger: Opsledger, clock: FixedClock) -> None:
        yesterday = clock.now() - timedelta(days=1, hours=3)

        result = accept(ledger, command("register", occurred_at=yesterday.isoformat()))

        assert result.aggregate_id is not None
        [received] = ledger.history(result.aggregate_id)
        assert received.occurred_at == yesterday
        assert received.recorded_at == clock.now()
        assert event_as(received, ComplaintReceived).acknowledge_due == yesterday + timedelta(
            hours=24
        )

    def test_a_year_of_history_can_be_imported(self, ledger: Opsledger, clock: FixedClock) -> None:
        start = clock.now() - timedelta(days=365)
        result = accept(ledger, command("register", occurred_at=start.isoformat()))
        assert result.aggregate_id is not None

        for day, verb in enumerate(("acknowledge", "classify", "assign"), start=1):
            at = (start + timedelta(days=day)).isoformat()
            accept(ledger, command(verb, result.aggregate_id, occurred_at=at))

        history = ledger.history(result.aggregate_id)
        assert [r.occurred_at for r in history] == [start + timedelta(days=d) for d in range(4)]
        assert {r.recorded_at for r in history} == {clock.now()}


class TestOccurredAtMayNotLieMoreThanFiveMinutesAhead:
    """Clock skew between services is tolerated up to 5 minutes, no further."""

    @pytest.mark.parametrize(
        "ahead", [timedelta(minutes=4, seconds=59), timedelta(minutes=5)], ids=["4m59s", "5m"]
    )
    def test_up_to_five_minutes_ahead_is_accepted(
        self, ledger: Opsledger, clock: FixedClock, ahead: timedelta
    ) -> None:
        at = clock.now() + ahead

        result = accept(ledger, command("register", occurred_at=at.isoformat()))

        assert result.aggregate_id is not None
        assert occurred_at_of(ledger, result.aggregate_id, 1) == at

    @pytest.mark.parametrize(
        "ahead",
        [timedelta(minutes=5, microseconds=1), timedelta(minutes=6), timedelta(days=1)],
        ids=["5m+1us", "6m", "1d"],
    )
    def test_further_ahead_is_refused(
        self, ledger: Opsledger, clock: FixedClock, ahead: timedelta
    ) -> None:
        complaint_id = drive(ledger, clock)
        before = LedgerReading.take(ledger, [complaint_id])
        at = (clock.now() + ahead).astimezone(UTC)

        for body in (
            command("register", occurred_at=at.isoformat()),
            command("acknowledge", complaint_id, occurred_at=at.isoformat()),
        ):
            result = ledger.submit(body)

            assert (result.ok, result.code) == (False, "invalid_command")
            assert set(result.details["fields"]) == {"occurred_at"}
        assert LedgerReading.take(ledger, [complaint_id]) == before


class TestOccurredAtMayNotPrecedeThePreviousEvent:
    """An aggregate's business time never runs backwards."""

    def test_before_the_previous_event_is_refused(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        complaint_id = drive(ledger, clock, to="acknowledged")
        previous = occurred_at_of(ledger, complaint_id, 2)
        before = LedgerReading.take(ledger, [complaint_id])

        result = ledger.submit(
            command(
                "classify", complaint_id, occurred_at=(previous - timedelta(seconds=1)).isoformat()
            )
        )

        assert not result.ok
        # DOMAIN does not say which code; a business rule, not a malformed envelope.
        assert result.code == "rule_violation"
        assert LedgerReading.take(ledger, [complaint_id]) == before

    def test_the_same_moment_as_the_previous_event_is_accepted(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        complaint_id = drive(ledger, clock, to="acknowledged")
        previous = occurred_at_of(ledger, complaint_id, 2)

        accept(ledger, command("classify", complaint_id, occurred_at=previous.isoformat()))

        assert occurred_at_of(ledger, complaint_id, 3) == previous

    def test_a_past_time_after_the_previous_event_is_accepted(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        complaint_id = drive(ledger, clock, to="acknowledged")
        clock.advance(days=2)
        earlier = occurred_at_of(ledger, complaint_id, 2) + timedelta(minutes=10)

        accept(ledger, command("classify", complaint_id, occurred_at=earlier.isoformat()))

        assert occurred_at_of(ledger, complaint_id, 3) == earlier

    def test_a_defaulted_time_before_a_future_dated_previous_event_takes_that_event_time(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """Another process's clock may run ahead of ours: a command that names no business
        time is dated at the later of now and the aggregate's last event, never refused."""
        ahead = clock.now() + timedelta(minutes=4)
        result = accept(ledger, command("register", occurred_at=ahead.isoformat()))

        assert result.aggregate_id is not None
        accept(ledger, command("acknowledge", result.aggregate_id))

        assert occurred_at_of(ledger, result.aggregate_id, 2) == ahead

    def test_a_given_time_before_a_future_dated_previous_event_is_still_refused(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        ahead = clock.now() + timedelta(minutes=4)
        result = accept(ledger, command("register", occurred_at=ahead.isoformat()))

        refused = ledger.submit(
            command("acknowledge", result.aggregate_id, occurred_at=clock.now().isoformat())
        )

        assert (refused.ok, refused.code) == (False, "rule_violation")


class TestOccurredAtNeedsAnOffsetAndIsKeptInUtc:
    """Naive timestamps are refused, not guessed; any offset is stored as the UTC instant."""

    @pytest.mark.parametrize("naive", ["2026-07-01T09:30:00", "2026-07-01 09:30", "2026-07-01"])
    def test_a_naive_timestamp_is_refused(
        self, ledger: Opsledger, clock: FixedClock, naive: str
    ) -> None:
        head = ledger.ledger.recorder.max_notification_id()

        result = ledger.submit(command("register", occurred_at=naive))

        assert (result.ok, result.code) == (False, "invalid_command")
        assert set(result.details["fields"]) == {"occurred_at"}
        assert_refusals_only_since(ledger, head)

    @pytest.mark.parametrize(
        "sent",
        ["2026-07-01T08:30:00+08:00", "2026-07-01T00:30:00Z", "2026-06-30T20:30:00-04:00"],
    )
    def test_an_offset_is_normalised_to_utc(
        self, ledger: Opsledger, clock: FixedClock, sent: str
    ) -> None:
        result = accept(ledger, command("register", occurred_at=sent))
        assert result.aggregate_id is not None

        stored = occurred_at_of(ledger, result.aggregate_id, 1)

        assert stored == datetime(2026, 7, 1, 0, 30, tzinfo=UTC)
        assert stored.utcoffset() == timedelta(0)
        state = ledger.state(result.aggregate_id)[1].state
        assert state.received_at.utcoffset() == timedelta(0)


class TestEveryEventCarriesTheEnvelopeFacts:
    """Actor, command id, correlation and causation ids, reason, occurred_at and recorded_at."""

    def test_ids_and_reason_as_given(self, ledger: Opsledger, clock: FixedClock) -> None:
        complaint_id = drive(ledger, clock, to="assigned")
        clock.advance(minutes=40)
        correlation, causation = uuid4(), uuid4()
        at = clock.now() - timedelta(minutes=30)
        body = command(
            "escalate",
            complaint_id,
            payload={"level": 2},
            reason="客户投诉到总经理 (went to the general manager)",
            occurred_at=at.isoformat(),
            correlation_id=str(correlation),
            causation_id=str(causation),
        )

        accept(ledger, body)

        escalated = ledger.history(complaint_id)[-1]
        assert escalated.event_type == "ComplaintEscalated"
        assert escalated.aggregate_type == "complaint"
        assert (escalated.originator_id, escalated.originator_version) == (complaint_id, 5)
        assert escalated.actor == Actor(
            id=MANAGER["id"], roles=frozenset({Role.SERVICE_MANAGER}), department="customer_service"
        )
        assert escalated.command_id == UUID(body["command_id"])
        assert escalated.correlation_id == correlation
        assert escalated.causation_id == causation
        assert escalated.reason == body["reason"]
        assert escalated.occurred_at == at
        assert escalated.recorded_at == clock.now()

    def test_correlation_and_causation_default_to_the_command_id(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        body = command("register")

        result = accept(ledger, body)

        assert result.aggregate_id is not None
        [received] = ledger.history(result.aggregate_id)
        command_id = UUID(body["command_id"])
        assert (received.command_id, received.correlation_id, received.causation_id) == (
            command_id,
            command_id,
            command_id,
        )
        assert received.reason is None
        assert received.actor.id == CS_AGENT["id"]
        assert received.occurred_at == received.recorded_at == clock.now()

    def test_every_event_of_a_command_carries_the_same_facts(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        complaint_id = drive(ledger, clock, to="closed")
        bodies: list[Json] = []
        for verb in ("reopen", "escalate"):
            clock.advance(hours=1)
            bodies.append(command(verb, complaint_id, correlation_id=str(uuid4())))
            accept(ledger, bodies[-1])

        *_, reopened, escalated = ledger.history(complaint_id)

        for recorded, body in ((reopened, bodies[0]), (escalated, bodies[1])):
            assert recorded.command_id == UUID(body["command_id"])
            assert recorded.correlation_id == UUID(body["correlation_id"])
            assert recorded.causation_id == UUID(body["command_id"])
            assert recorded.reason == body["reason"]
            assert recorded.actor.id == body["actor"]["id"]
        assert reopened.recorded_at == reopened.occurred_at == clock.now() - timedelta(hours=1)
        assert escalated.recorded_at == escalated.occurred_at == clock.now()
