"""The aggregate a command aims at: unknown ids are `not_found`; a create chooses or gets one."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from application.command_record import command_record_id
from application.errors import NotFound
from domain.complaint.events import ComplaintReceived
from infrastructure.opsledger import Opsledger
from tests.application.complaint_envelopes import accept, command, drive
from tests.application.ledger_reading import LedgerReading, event_as
from tests.clocks import FixedClock


class TestCommandsAimedAtNothingAreNotFound:
    """A command for an id that holds no complaint gets `not_found`."""

    def test_an_unknown_id(self, ledger: Opsledger, clock: FixedClock) -> None:
        drive(ledger, clock)
        unknown = uuid4()

        result = ledger.submit(command("acknowledge", unknown))

        assert (result.ok, result.code) == (False, "not_found")
        assert result.details == {"aggregate_id": str(unknown)}

    def test_a_stream_that_is_not_a_complaint(self, ledger: Opsledger) -> None:
        registered = command("register")
        accept(ledger, registered)
        record_stream = command_record_id(UUID(registered["command_id"]))
        assert ledger.history(record_stream)  # the stream exists, but holds a command record

        result = ledger.submit(command("acknowledge", record_stream))

        assert (result.ok, result.code) == (False, "not_found")

    def test_reading_an_unknown_id_raises_not_found(self, ledger: Opsledger) -> None:
        with pytest.raises(NotFound):
            ledger.history(uuid4())
        with pytest.raises(NotFound):
            ledger.state(uuid4())


class TestCreatingCommandsChooseOrReceiveTheId:
    """`complaint.register` may name its aggregate id, or be given a new UUID; an id in use is
    refused."""

    def test_without_an_id_a_new_uuid_is_returned(self, ledger: Opsledger) -> None:
        bodies = [command("register"), command("register")]
        first, second = (accept(ledger, body) for body in bodies)

        assert isinstance(first.aggregate_id, UUID)
        assert isinstance(second.aggregate_id, UUID)
        assert first.aggregate_id != second.aggregate_id
        for result, body in ((first, bodies[0]), (second, bodies[1])):
            assert result.aggregate_id is not None
            # a new id: not the command id, nor the stream that records the command
            command_id = UUID(body["command_id"])
            assert result.aggregate_id not in (command_id, command_record_id(command_id))
            [received] = ledger.history(result.aggregate_id)
            assert received.event_type == "ComplaintReceived"
            assert event_as(received, ComplaintReceived).complaint_id == result.aggregate_id

    def test_a_chosen_id_is_used(self, ledger: Opsledger) -> None:
        chosen = uuid4()

        result = accept(ledger, command("register", aggregate_id=str(chosen)))

        assert (result.aggregate_id, result.version) == (chosen, 1)
        assert [r.originator_id for r in ledger.history(chosen)] == [chosen]

    def test_an_id_in_use_is_refused_and_nothing_appended(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        complaint_id = drive(ledger, clock, to="acknowledged")
        before = LedgerReading.take(ledger, [complaint_id])

        result = ledger.submit(command("register", aggregate_id=str(complaint_id)))

        assert (result.ok, result.code) == (False, "invalid_transition")
        assert LedgerReading.take(ledger, [complaint_id]) == before

    def test_the_id_of_another_kind_of_stream_is_refused(self, ledger: Opsledger) -> None:
        registered = command("register")
        accept(ledger, registered)
        record_stream = command_record_id(UUID(registered["command_id"]))

        result = ledger.submit(command("register", aggregate_id=str(record_stream)))

        assert not result.ok
        assert len(ledger.history(record_stream)) == 1
