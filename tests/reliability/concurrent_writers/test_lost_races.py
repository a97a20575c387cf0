"""Deterministic forms of races the concurrent run brought up: lost races and duplicates."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest

from application.ports import Deadline
from domain.shared.recorded import Recorded
from infrastructure.opsledger import Opsledger
from tests.reliability.concurrent_writers.envelopes import (
    SETUP_ACTOR,
    Json,
    acknowledge_envelope,
    command_envelope,
    register_envelope,
    worker_actor,
)


class TickingClock:
    """A clock one second later at every reading, as a real clock is between two commands."""

    def __init__(self) -> None:
        self.current = datetime(2026, 7, 1, 1, 30, tzinfo=UTC)

    def now(self) -> datetime:
        self.current += timedelta(seconds=1)
        return self.current


def test_a_command_that_loses_a_race_is_decided_again_at_the_clock_s_now(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Deterministic form of a race the concurrent run above hits now and then: another writer
    commits between this command's decision and its append. `complaint.assign` may repeat, so
    after reloading, the command must be accepted on top of the other writer's assignment."""
    clock = TickingClock()
    with (
        Opsledger.open(store_url, clock=clock) as first,
        Opsledger.open(store_url, clock=clock) as second,
    ):
        complaint_id = str(uuid.uuid4())
        for envelope in (
            register_envelope(complaint_id, actor=SETUP_ACTOR),
            acknowledge_envelope(complaint_id, actor=SETUP_ACTOR),
            command_envelope(
                "complaint.classify",
                complaint_id,
                {"category": "delivery", "severity": "high"},
                actor=SETUP_ACTOR,
            ),
        ):
            assert first.submit(envelope).ok

        def assign(worker: int) -> Json:
            return command_envelope(
                "complaint.assign",
                complaint_id,
                {"department": "logistics", "assignee_id": f"u-eng-{worker}"},
                actor=worker_actor(worker),
            )

        original_append = first.ledger.append

        def another_writer_gets_in_first(
            recorded: Sequence[Recorded], *, deadlines: Sequence[Deadline] = ()
        ) -> list[int]:
            monkeypatch.setattr(first.ledger, "append", original_append)  # lose only once
            assert second.submit(assign(2)).ok
            return original_append(recorded, deadlines=deadlines)

        monkeypatch.setattr(first.ledger, "append", another_writer_gets_in_first)
        result = first.submit(assign(1)).to_json()

        assert result == {
            "ok": True,
            "aggregate_id": complaint_id,
            "version": 5,
            "events": ["ComplaintAssigned"],
            # Its record is the log's last entry, after the winner's event and record.
            "position": 10,
        }
        assert first.projections.head() == 10
        history = first.history(UUID(complaint_id))
        assert [r.event_type for r in history][-2:] == ["ComplaintAssigned", "ComplaintAssigned"]


@pytest.mark.parametrize("command", ["complaint.register", "complaint.acknowledge"])
def test_the_same_command_sent_twice_at_once_gets_the_first_result_both_times(
    store_url: str, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """Deterministic form of phase (c) above: the other copy commits after this one decided
    and before it appends."""
    with Opsledger.open(store_url) as first, Opsledger.open(store_url) as second:
        complaint_id = str(uuid.uuid4())
        at = datetime.now(UTC).isoformat()
        if command == "complaint.register":
            envelope = register_envelope(complaint_id, actor=SETUP_ACTOR, at=at)
            read = "append"  # a create reads nothing first
        else:
            assert first.submit(register_envelope(complaint_id, actor=SETUP_ACTOR, at=at)).ok
            envelope = acknowledge_envelope(complaint_id, actor=SETUP_ACTOR, at=at)
            read = "append"  # decided on the state this process has cached, then appended
        original_read = getattr(first.ledger, read)
        other: list[Json] = []

        def the_other_copy_commits_first(*args: Any, **kwargs: Any) -> Any:
            monkeypatch.setattr(first.ledger, read, original_read)
            other.append(second.submit(envelope).to_json())
            return original_read(*args, **kwargs)

        monkeypatch.setattr(first.ledger, read, the_other_copy_commits_first)
        result = first.submit(envelope).to_json()

        assert other, f"the other copy was not sent: {read} was not called"
        assert other[0]["ok"], other
        assert result == other[0]
        history = first.history(UUID(complaint_id))
        assert [str(r.command_id) for r in history].count(envelope["command_id"]) == 1
