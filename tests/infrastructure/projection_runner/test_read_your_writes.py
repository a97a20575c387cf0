"""Read-your-writes: an accepted command's result carries the log position of its last entry;
queries wait until the read models have reached it, or give up with one clear line."""

from __future__ import annotations

import threading
import time

import pytest

from infrastructure.opsledger import Opsledger
from infrastructure.projection_runner import ReadModelBehind
from tests.application.complaint_envelopes import accept, command
from tests.clocks import FixedClock


def test_results_carry_the_position_of_their_last_entry(
    ledger: Opsledger, clock: FixedClock
) -> None:
    """A command's events, then its command record: the record's position is the head."""
    registered = accept(ledger, command("register"))
    assert registered.position == ledger.projections.head() == 2  # event 1, record 2
    assert registered.to_json()["position"] == 2
    assert registered.aggregate_id is not None
    acknowledged = accept(ledger, command("acknowledge", registered.aggregate_id))
    assert acknowledged.position == 4
    body = command("classify", registered.aggregate_id)
    first = accept(ledger, body)
    again = ledger.submit(body)
    # Sent again: the first answer, its position included; nothing more stored.
    assert (first.position, again) == (6, first)
    assert ledger.projections.head() == 6


def test_a_batch_gives_each_accepted_command_its_position(
    ledger: Opsledger, clock: FixedClock
) -> None:
    """Register, a refused acknowledgement (no such complaint), register: entries 1-2, the
    refusal's entry 3, entries 4-5."""
    missing = command("acknowledge", "00000000-0000-4000-8000-000000000001")
    results = ledger.submit_batch([command("register"), missing, command("register")])
    assert [r.ok for r in results] == [True, False, True]
    assert [r.position for r in results] == [2, None, 5]
    assert ledger.projections.head() == 5


def test_wait_for_returns_once_a_runner_has_caught_up(ledger: Opsledger, clock: FixedClock) -> None:
    position = accept(ledger, command("register")).position
    assert position is not None
    with pytest.raises(ReadModelBehind, match=f"did not reach log position {position}"):
        ledger.wait_for(position, timeout=0.1)

    def later() -> None:
        time.sleep(0.3)
        ledger.projections.catch_up()

    runner = threading.Thread(target=later)
    started = time.monotonic()
    runner.start()
    ledger.wait_for(position, timeout=10)
    waited = time.monotonic() - started
    runner.join()
    assert 0.25 <= waited < 5
    statuses = ledger.projections.status()
    assert all(status.position >= position for status in statuses)
