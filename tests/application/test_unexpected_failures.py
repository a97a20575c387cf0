"""An unexpected exception inside one command is that command's refusal, `command_failed` with an
incident id the log shares, never the end of a batch. Both stores."""

from __future__ import annotations

import logging
from typing import Any, NoReturn

import attrs
import pytest

from application.commands.catalogue import COMMANDS
from application.state_cache import StateCache
from infrastructure.opsledger import Opsledger
from tests.application.complaint_envelopes import accept, command, drive
from tests.application.ledger_reading import complaints_received
from tests.clocks import FixedClock


def _broken_decision(*_: Any) -> NoReturn:
    raise ValueError("a bug in a decision")


@pytest.fixture
def broken_acknowledge(monkeypatch: pytest.MonkeyPatch) -> None:
    """`complaint.acknowledge` whose decision raises what no refusal expects."""
    spec = COMMANDS["complaint.acknowledge"]
    monkeypatch.setitem(COMMANDS, spec.type, attrs.evolve(spec, decide=_broken_decision))


@pytest.mark.usefixtures("broken_acknowledge")
class TestAFailingCommand:
    """The failing command is refused on its own; the ledger carries on."""

    def test_it_is_refused_with_an_incident_and_the_next_command_is_handled(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """register, the failing acknowledge, register: accepted, `command_failed`, accepted."""
        complaint_id = drive(ledger, clock)

        failed = ledger.submit(command("acknowledge", complaint_id))
        after = ledger.submit(command("register"))

        assert (failed.ok, failed.code) == (False, "command_failed")
        assert failed.details["incident"] in (failed.message or "")
        assert "was not recorded" in (failed.message or "")
        assert "internal error" not in (failed.message or "")
        assert after.ok, after.to_json()
        assert len(ledger.history(complaint_id)) == 1  # nothing appended for it
        assert complaints_received(ledger) == 2

    def test_the_log_has_the_traceback_under_the_same_incident(
        self, ledger: Opsledger, caplog: pytest.LogCaptureFixture
    ) -> None:
        """Operators find the traceback by the incident id the sender was given."""
        registered = accept(ledger, command("register"))

        with caplog.at_level(logging.ERROR, logger="opsledger"):
            failed = ledger.submit(command("acknowledge", registered.aggregate_id))

        (record,) = [r for r in caplog.records if failed.details["incident"] in r.getMessage()]
        assert record.exc_info is not None
        assert isinstance(record.exc_info[1], ValueError)

    def test_the_security_log_keeps_the_refusal(self, ledger: Opsledger) -> None:
        """Like any refusal, it is in the security log, with who sent it."""
        registered = accept(ledger, command("register"))
        body = command("acknowledge", registered.aggregate_id)

        ledger.submit(body)

        entry = ledger.security_log.entries()[-1]
        assert (entry.code, entry.command_id) == ("command_failed", body["command_id"])
        assert entry.actor_id == body["actor"]["id"]


class TestAFailureAfterTheCommandWasStored:
    """A command stored before something failed is answered with its result, not a refusal."""

    def test_the_stored_result_is_given(
        self, ledger: Opsledger, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The state cache breaks after the append: the answer is the accepted result, and a
        retry gives the same one."""

        def broken_put(*_: Any) -> NoReturn:
            raise RuntimeError("the cache broke after the append")

        monkeypatch.setattr(StateCache, "put", broken_put)
        body = command("register")

        result = ledger.submit(body)
        monkeypatch.undo()

        assert result.ok, result.to_json()
        assert ledger.submit(body) == result
        assert complaints_received(ledger) == 1
        assert ledger.security_log.entries() == []


class TestUnreadableInputThatFails:
    """Refusing an unreadable line cannot fail either."""

    def test_a_failing_security_log_still_gives_an_answer(
        self, ledger: Opsledger, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """When even writing to the security log raises, the line is answered
        `command_failed`."""

        def broken_record(*_: Any, **__: Any) -> NoReturn:
            raise RuntimeError("the security log broke")

        monkeypatch.setattr(ledger.handler, "record_refusal", broken_record)

        result = ledger.refuse_unreadable("line 3 is not valid JSON")

        assert (result.ok, result.code) == (False, "command_failed")
