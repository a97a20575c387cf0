"""Values that are valid JSON but hostile to the machinery behind the command side: lone
surrogates, NUL characters, integers beyond 64 bits, instants at the edge of the calendar. Each
must be refused (or accepted) with a result, never escape as an exception. Both stores.

Each test here pinned a bug found while writing the command-side tests.
"""

from __future__ import annotations

from uuid import UUID

import pytest

from infrastructure.opsledger import Opsledger
from tests.application.complaint_envelopes import PAYLOADS, Json, accept, command, drive
from tests.application.ledger_reading import assert_refusals_only_since
from tests.clocks import FixedClock


def refused_cleanly(ledger: Opsledger, body: object) -> tuple[str | None, set[str]]:
    """Submit, expecting a refusal with nothing appended; the code and the named fields."""
    head = ledger.ledger.recorder.max_notification_id()
    refusals = len(ledger.security_log.entries())

    result = ledger.submit(body)

    assert not result.ok
    assert_refusals_only_since(ledger, head)
    assert len(ledger.security_log.entries()) == refusals + 1
    return result.code, set(result.details.get("fields", {}))


def on_postgres(ledger: Opsledger) -> bool:
    return ledger.store.kind == "postgresql"


class TestLoneSurrogatesAreRefused:
    """JSON may escape a lone UTF-16 surrogate ("\\ud800"); it is not text any store can keep,
    so the field holding it is refused as `invalid_command`."""

    def test_in_a_payload_field(self, ledger: Opsledger) -> None:
        payload = {**PAYLOADS["register"], "summary": "broken \ud800 text"}

        assert refused_cleanly(ledger, command("register", payload=payload)) == (
            "invalid_command",
            {"payload.summary"},
        )

    def test_in_an_unknown_field_name(self, ledger: Opsledger) -> None:
        code, fields = refused_cleanly(ledger, {**command("register"), "\udc00": 1})

        assert code == "invalid_command"
        assert len(fields) == 1


class TestNulCharactersNeverBreakTheStore:
    """NUL is valid in JSON text; PostgreSQL text and jsonb cannot hold it. A command carrying
    one is refused or stored, never an exception, and its refusal is logged on both stores."""

    def test_in_the_command_type(self, ledger: Opsledger, request: pytest.FixtureRequest) -> None:
        body = {**command("register"), "type": "complaint.register\x00"}

        assert refused_cleanly(ledger, body)[0] == "invalid_command"

    def test_in_an_unknown_field_name(
        self, ledger: Opsledger, request: pytest.FixtureRequest
    ) -> None:
        code, fields = refused_cleanly(ledger, {**command("register"), "bad\x00key": 1})

        assert (code, fields) == ("invalid_command", {"bad\\0key"})

    def test_in_a_text_field_is_refused_before_it_reaches_the_log(
        self, ledger: Opsledger, request: pytest.FixtureRequest
    ) -> None:
        payload = {**PAYLOADS["register"], "summary": "before\x00after"}

        assert refused_cleanly(ledger, command("register", payload=payload)) == (
            "invalid_command",
            {"payload.summary"},
        )
        ledger.projections.catch_up()  # nothing unstorable reached the log


class TestIntegersBeyondSixtyFourBitsAreRefused:
    """JSON integers are unbounded; the log and the security log store 64-bit ones. A larger
    one is refused as `invalid_command` naming its field."""

    def test_in_a_payload_field(self, ledger: Opsledger, clock: FixedClock) -> None:
        complaint_id = drive(ledger, clock, to="assigned")

        body = command("escalate", complaint_id, payload={"level": 2**64})

        assert refused_cleanly(ledger, body) == ("invalid_command", {"payload.level"})

    def test_in_expected_version(self, ledger: Opsledger, clock: FixedClock) -> None:
        complaint_id = drive(ledger, clock)

        code, _ = refused_cleanly(
            ledger, command("acknowledge", complaint_id, expected_version=2**64)
        )

        assert code in ("invalid_command", "concurrency_conflict")

    def test_the_largest_64_bit_level_is_stored(self, ledger: Opsledger, clock: FixedClock) -> None:
        complaint_id = drive(ledger, clock, to="assigned")

        accept(ledger, command("escalate", complaint_id, payload={"level": 2**63 - 1}))

        assert ledger.state(complaint_id)[1].state.escalation_level == 2**63 - 1


class TestInstantsAtTheCalendarsEdgeAreRefused:
    """An offset timestamp whose UTC instant falls outside years 1 to 9999 is refused as
    `invalid_command` naming `occurred_at`."""

    @pytest.mark.parametrize("sent", ["0001-01-01T00:30:00+01:00", "9999-12-31T23:30:00-01:00"])
    def test_an_instant_outside_the_calendar(self, ledger: Opsledger, sent: str) -> None:
        body: Json = command("register", occurred_at=sent)

        assert refused_cleanly(ledger, body) == ("invalid_command", {"occurred_at"})

    def test_the_first_instant_of_the_calendar_is_accepted_as_the_past(
        self, ledger: Opsledger
    ) -> None:
        result = accept(ledger, command("register", occurred_at="0001-01-01T00:00:00+00:00"))

        assert isinstance(result.aggregate_id, UUID)
