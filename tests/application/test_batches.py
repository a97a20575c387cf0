"""A batch of commands (`submit` of a file) stores its accepted commands in one transaction, yet
every line is answered exactly as if the lines had been sent one by one (DESIGN §3)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4, uuid5

import pytest

from application.aggregate_ids import NEW_AGGREGATES
from application.batch import Unreadable
from application.ports import Deadline
from domain.shared.recorded import Recorded
from infrastructure.opsledger import Opsledger
from infrastructure.sql.deadlines_table import SqlDeadlineIndex
from tests.application.complaint_envelopes import Json, accept, command
from tests.clocks import FixedClock

FAR_FUTURE = datetime(2100, 1, 1, tzinfo=UTC)


def a_day_of_work(ids: list[str]) -> list[object]:
    """Commands that lean on each other: registrations, acknowledgements of what was just
    registered, a second acknowledgement (refused), a command sent twice with one id, a
    broken line, a wrong role, and a classification of a complaint registered earlier."""
    first, second = (command("register", command_id=i) for i in ids[:2])
    first_id = str(uuid4())
    ack = command("acknowledge", _created(ids[0]), command_id=first_id)
    return [
        first,
        second,
        ack,
        dict(ack),  # the same command again, in the same batch: its first result
        command("acknowledge", _created(ids[0])),  # acknowledged already: refused
        Unreadable("line 6 is not valid JSON"),
        command("classify", _created(ids[1]), actor={"id": "x", "roles": ["auditor"]}),
        command("acknowledge", _created(ids[1])),
        command("classify", _created(ids[1])),
        {  # its id reused for another body
            **command("acknowledge", _created(ids[0]), payload={"message": "another"}),
            "command_id": first_id,
        },
    ]


def _created(command_id: str) -> str:
    """The id a create without an aggregate id gets: it follows from its command id."""
    return str(uuid5(NEW_AGGREGATES, command_id))


def answers(results: Sequence[Any]) -> list[Json]:
    return [result.to_json() for result in results]


def stored(ledger: Opsledger) -> list[tuple[str, int, str]]:
    """The log as (stream, version, event type), in log order; a refusal's stream is new and
    its own, whatever its id, so it shows as "(refusal)"."""
    recorder = ledger.ledger.recorder
    rows = recorder.select_notifications(start=1, limit=10_000)
    return [
        (
            "(refusal)" if n.topic == "CommandRefused" else str(n.originator_id),
            n.originator_version,
            n.topic,
        )
        for n in rows
    ]


class TestABatchAnswersAsOneByOne:
    def test_the_same_answers_and_the_same_log(self, store_url: str, tmp_path: Any) -> None:
        ids = [str(uuid4()) for _ in range(2)]
        work = a_day_of_work(ids)
        with Opsledger.open(store_url, clock=FixedClock()) as batched:
            in_batch = answers(batched.submit_batch(work))
            batched_log = stored(batched)
            batched_index = SqlDeadlineIndex(batched.database).due(FAR_FUTURE)
        one_by_one_url = f"sqlite:///{tmp_path / 'one_by_one.db'}"
        with Opsledger.open(one_by_one_url, clock=FixedClock()) as single:
            singly = answers(
                [
                    single.refuse_unreadable(item.message)
                    if isinstance(item, Unreadable)
                    else single.submit(item)
                    for item in work
                ]
            )
            single_log = stored(single)
            single_index = SqlDeadlineIndex(single.database).due(FAR_FUTURE)

        assert in_batch == singly
        assert [a["ok"] or a["error"]["code"] for a in in_batch] == [
            True,
            True,
            True,
            True,
            "invalid_transition",
            "invalid_command",
            "forbidden",
            True,
            True,
            "duplicate_command",
        ]
        assert in_batch[3] == in_batch[2]
        assert batched_log == single_log
        assert batched_index == single_index
        assert len(batched_index) == 1  # the second complaint's resolution deadline alone

    def test_the_accepted_commands_are_stored_in_one_transaction(
        self, ledger: Opsledger, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        appends: list[int] = []
        original = ledger.ledger.append

        def counted(recorded: Sequence[Recorded], *, deadlines: Sequence[Deadline] = ()) -> Any:
            appends.append(len(recorded))
            return original(recorded, deadlines=deadlines)

        monkeypatch.setattr(ledger.ledger, "append", counted)
        results = ledger.submit_batch([command("register") for _ in range(50)])

        assert all(result.ok for result in results)
        assert appends == [100]  # 50 events and 50 command records, one append


class TestABatchThatLosesARace:
    def test_each_accepted_command_is_handled_again_and_applied_once(
        self, store_url: str, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Another process changes a complaint of the batch before the batch commits: the one
        transaction fails, and each command is handled again on its own; the refused one is
        logged once."""
        with (
            Opsledger.open(store_url, clock=clock) as first,
            Opsledger.open(store_url, clock=clock) as second,
        ):
            complaint = accept(first, command("register")).aggregate_id
            assert complaint is not None
            accept(first, command("acknowledge", complaint))
            original = first.ledger.append

            def another_writer_first(
                recorded: Sequence[Recorded], *, deadlines: Sequence[Deadline] = ()
            ) -> Any:
                monkeypatch.setattr(first.ledger, "append", original)
                assert second.submit(command("escalate", complaint)).ok
                return original(recorded, deadlines=deadlines)

            monkeypatch.setattr(first.ledger, "append", another_writer_first)
            head = first.ledger.recorder.max_notification_id() or 0
            results = first.submit_batch(
                [
                    command("register"),
                    command("classify", complaint),
                    command("acknowledge", complaint),  # acknowledged already
                    command("register"),
                ]
            )

            assert [r.ok or r.code for r in results] == [True, True, "invalid_transition", True]
            added = first.ledger.recorder.select_notifications(
                start=head, limit=100, inclusive_of_start=False
            )
            assert [n.topic for n in added].count("CommandRefused") == 1
            assert first.security_log.entries()[-1].code == "invalid_transition"
            results = [results[0], results[1], results[3]]
            # Classified after the other process's escalation: version 4, not 3.
            assert results[1].version == 4
            history = [r.event_type for r in first.history(complaint)]
            assert history == [
                "ComplaintReceived",
                "ComplaintAcknowledged",
                "ComplaintEscalated",
                "ComplaintClassified",
            ]
            for result in (results[0], results[2]):
                assert result.aggregate_id is not None
                assert len(first.history(result.aggregate_id)) == 1
