"""The command side's state cache never changes an outcome: another process that moved an
aggregate is always seen before a command is accepted or refused. Both stores."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from infrastructure.opsledger import Opsledger
from tests.application.complaint_envelopes import accept, command, drive
from tests.application.ledger_reading import assert_refusals_only_since, head
from tests.clocks import FixedClock


@pytest.fixture
def other(store_url: str, clock: FixedClock) -> Iterator[Opsledger]:
    """A second process's opsledger on the same store, with its own cache."""
    with Opsledger.open(store_url, clock=clock) as opened:
        yield opened


class TestAStaleCacheNeverRefusesWrongly:
    """A refusal decided on cached state is decided again on the stored state."""

    def test_a_command_allowed_only_after_another_process_moved_the_aggregate(
        self, ledger: Opsledger, other: Opsledger, clock: FixedClock
    ) -> None:
        complaint_id = drive(ledger, clock)  # this process caches it as received
        clock.advance(hours=1)
        accept(other, command("acknowledge", complaint_id))  # the other moves it on
        clock.advance(hours=1)

        result = ledger.submit(command("classify", complaint_id))

        assert result.ok, result.to_json()
        assert result.version == 3

    def test_expected_version_is_checked_against_the_store(
        self, ledger: Opsledger, other: Opsledger, clock: FixedClock
    ) -> None:
        complaint_id = drive(ledger, clock)
        clock.advance(hours=1)
        accept(other, command("acknowledge", complaint_id))
        clock.advance(hours=1)

        result = ledger.submit(command("classify", complaint_id, expected_version=2))

        assert result.ok, result.to_json()


class TestAStaleCacheNeverAcceptsWrongly:
    """An acceptance decided on cached state only stands if the store is at that version."""

    def test_a_command_the_other_process_made_impossible_is_refused(
        self, ledger: Opsledger, other: Opsledger, clock: FixedClock
    ) -> None:
        complaint_id = drive(ledger, clock)  # cached as received
        clock.advance(hours=1)
        accept(other, command("acknowledge", complaint_id))
        before = head(ledger)
        clock.advance(hours=1)

        result = ledger.submit(command("acknowledge", complaint_id))

        assert (result.ok, result.code) == (False, "invalid_transition")
        assert_refusals_only_since(ledger, before)
        assert [r.event_type for r in ledger.history(complaint_id)] == [
            "ComplaintReceived",
            "ComplaintAcknowledged",
        ]

    def test_a_stale_expected_version_is_a_conflict(
        self, ledger: Opsledger, other: Opsledger, clock: FixedClock
    ) -> None:
        complaint_id = drive(ledger, clock)
        clock.advance(hours=1)
        accept(other, command("acknowledge", complaint_id))
        clock.advance(hours=1)

        result = ledger.submit(command("acknowledge", complaint_id, expected_version=1))

        assert (result.ok, result.code) == (False, "concurrency_conflict")
