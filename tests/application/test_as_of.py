"""As-of reconstruction (DOMAIN §7): a complaint's state at a business time or a version equals
folding only the events up to it. Both stores."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any
from uuid import UUID

import pytest

from application.errors import NotFound
from application.ledger import Loaded
from domain.complaint.events import ComplaintEvent
from domain.complaint.state import Complaint, evolve
from domain.shared.recorded import Recorded
from infrastructure.opsledger import Opsledger
from tests.application.complaint_envelopes import accept, command
from tests.clocks import FixedClock

#: Hours after registration at which each later command happened: uneven gaps, and two
#: commands at the same instant.
STEPS: list[tuple[str, float]] = [
    ("acknowledge", 0.5),
    ("classify", 2),
    ("assign", 2),
    ("record_investigation", 26),
    ("pause", 30),
    ("resume", 75),
    ("propose_resolution", 76.25),
    ("record_feedback", 100),
    ("close", 101),
]


def fold(history: list[Recorded]) -> Complaint:
    """The complaint made by these events alone, folded with the domain's evolve."""
    complaint: Complaint | None = None
    for recorded in history:
        event: Any = recorded.event
        assert isinstance(event, ComplaintEvent)
        complaint = evolve(complaint, event)
    assert complaint is not None
    return complaint


@pytest.fixture
def complaint_id(ledger: Opsledger, clock: FixedClock) -> UUID:
    """A complaint registered five days ago and handled to closed on the STEPS timeline, all
    entered now (late entry: business times in the past)."""
    start = clock.now() - timedelta(days=5)
    registered = accept(ledger, command("register", occurred_at=start.isoformat()))
    assert registered.aggregate_id is not None
    for verb, hours in STEPS:
        at = (start + timedelta(hours=hours)).isoformat()
        accept(ledger, command(verb, registered.aggregate_id, occurred_at=at))
    return registered.aggregate_id


class TestStateAtAVersion:
    """`state(id, version=N)` is the fold of events 1..N; `history(id, version=N)` lists them."""

    def test_every_version(self, ledger: Opsledger, complaint_id: UUID) -> None:
        history = ledger.history(complaint_id)
        assert len(history) == len(STEPS) + 1

        for n in range(1, len(history) + 1):
            upto = history[:n]
            assert ledger.history(complaint_id, version=n) == upto
            assert ledger.state(complaint_id, version=n) == (
                "complaint",
                Loaded(state=fold(upto), version=n, last_occurred_at=upto[-1].occurred_at),
            )

    def test_a_version_beyond_the_last_gives_the_current_state(
        self, ledger: Opsledger, complaint_id: UUID
    ) -> None:
        assert ledger.state(complaint_id, version=1000) == ledger.state(complaint_id)


class TestStateAsOfABusinessTime:
    """`state(id, as_of=T)` is the fold of the events that occurred at or before T."""

    def test_at_each_event_and_between_events(self, ledger: Opsledger, complaint_id: UUID) -> None:
        history = ledger.history(complaint_id)
        moments = sorted(
            {
                r.occurred_at + shift
                for r in history
                for shift in (timedelta(0), timedelta(minutes=7))
            }
        )

        for moment in moments:
            upto = [r for r in history if r.occurred_at <= moment]
            assert upto == history[: len(upto)]  # business time never runs backwards
            assert ledger.history(complaint_id, as_of=moment) == upto
            assert ledger.state(complaint_id, as_of=moment) == (
                "complaint",
                Loaded(state=fold(upto), version=len(upto), last_occurred_at=upto[-1].occurred_at),
            )

    def test_the_state_while_paused(self, ledger: Opsledger, complaint_id: UUID) -> None:
        paused_at = ledger.history(complaint_id)[5].occurred_at

        _, loaded = ledger.state(complaint_id, as_of=paused_at + timedelta(hours=1))

        assert loaded.version == 6
        assert loaded.state.status == "paused"

    def test_an_instant_in_any_offset_means_the_same_moment(
        self, ledger: Opsledger, complaint_id: UUID
    ) -> None:
        classified_at = ledger.history(complaint_id)[2].occurred_at
        in_shanghai = classified_at.astimezone(timezone(timedelta(hours=8)))

        assert ledger.state(complaint_id, as_of=in_shanghai) == ledger.state(
            complaint_id, as_of=classified_at
        )
        assert ledger.state(complaint_id, as_of=in_shanghai)[1].version == 4

    def test_before_the_complaint_was_received_there_is_nothing(
        self, ledger: Opsledger, complaint_id: UUID
    ) -> None:
        received_at = ledger.history(complaint_id)[0].occurred_at
        before = received_at - timedelta(microseconds=1)

        with pytest.raises(NotFound):
            ledger.history(complaint_id, as_of=before)
        with pytest.raises(NotFound):
            ledger.state(complaint_id, as_of=before)

    def test_the_present_is_the_whole_history(
        self, ledger: Opsledger, clock: FixedClock, complaint_id: UUID
    ) -> None:
        now: datetime = clock.now()

        assert ledger.state(complaint_id, as_of=now) == ledger.state(complaint_id)
        assert ledger.state(complaint_id)[1].state.status == "closed"
