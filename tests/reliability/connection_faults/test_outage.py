"""The database going away: commands fail within the retry time, one line each, nothing is
half written, and the first command after the database returns goes through at once."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from uuid import UUID

import pytest

from application.results import Result
from infrastructure.opsledger import Opsledger
from tests.application.complaint_envelopes import accept, command
from tests.clocks import FixedClock
from tests.reliability.connection_faults.proxy import FaultProxy, fault_proxy
from tests.reliability.connection_faults.test_unknown_outcome import (
    SERVER,
    stored_versions,
    through,
)

pytestmark = pytest.mark.postgres

RETRY_SECONDS = 1.0


@pytest.fixture
def proxied(
    pg_url: str, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[FaultProxy, Opsledger]]:
    monkeypatch.setenv("OPSLEDGER_RETRY_SECONDS", str(RETRY_SECONDS))
    with fault_proxy(SERVER) as proxy, Opsledger.open(through(proxy, pg_url), clock=clock) as led:
        yield proxy, led


class TestAnOutage:
    def test_each_command_during_it_is_refused_within_the_retry_time_with_nothing_stored(
        self, proxied: tuple[FaultProxy, Opsledger], pg_url: str, clock: FixedClock
    ) -> None:
        proxy, ledger = proxied
        complaint_id = accept(ledger, command("register")).aggregate_id
        assert complaint_id is not None
        proxy.down()

        for verb in ("acknowledge", "acknowledge", "register"):
            clock.advance(minutes=1)
            started = time.monotonic()
            result = ledger.submit(command(verb, complaint_id if verb != "register" else None))
            waited = time.monotonic() - started

            assert (result.ok, result.code) == (False, "store_unavailable"), result
            assert result.details["outcome"] == "not_stored", result
            assert "\n" not in (result.message or "")
            assert waited < RETRY_SECONDS + 2.0, waited
        assert stored_versions(pg_url, complaint_id) == [1]

    def test_a_refusal_during_it_is_store_unavailable_and_logged_once_it_is_over(
        self, proxied: tuple[FaultProxy, Opsledger], pg_url: str, clock: FixedClock
    ) -> None:
        """A refusal cannot be chained while the store is away: the sender is told
        `store_unavailable` (nothing of the command was stored), never the refusal alone, so
        every refusal a sender was told of is in the security log. Sent again afterwards, it
        is refused and logged."""
        proxy, ledger = proxied
        forbidden = command("register", actor={"id": "u-aud", "roles": ["auditor"]})
        proxy.down()

        answers = [ledger.submit(forbidden), ledger.refuse_unreadable("line 2 is not JSON")]

        for answer in answers:
            assert (answer.ok, answer.code) == (False, "store_unavailable"), answer
            assert answer.details["outcome"] == "not_stored", answer
            assert "\n" not in (answer.message or "")
        proxy.up()
        assert ledger.submit(forbidden).code == "forbidden"
        with Opsledger.open(pg_url) as reader:
            assert [e.code for e in reader.security_log.entries()] == ["forbidden"]

    def test_the_first_command_after_it_goes_through_within_a_second(
        self, proxied: tuple[FaultProxy, Opsledger], pg_url: str, clock: FixedClock
    ) -> None:
        """A command sent while the database is away keeps trying, and succeeds as soon as
        the database is back (no reconnection schedule to wait out)."""
        proxy, ledger = proxied
        complaint_id = accept(ledger, command("register")).aggregate_id
        assert complaint_id is not None
        proxy.down()
        time.sleep(0.5)  # every pooled connection is gone by now
        answers: list[Result] = []
        finished: list[float] = []

        def send() -> None:
            answers.append(ledger.submit(command("acknowledge", complaint_id)))
            finished.append(time.monotonic())

        sender = threading.Thread(target=send)
        sender.start()
        time.sleep(RETRY_SECONDS / 2)
        back = time.monotonic()
        proxy.up()
        sender.join(timeout=10)

        assert answers, "the command never answered"
        assert answers[0].ok, answers
        assert finished[0] - back < 1.0
        assert stored_versions(pg_url, UUID(str(complaint_id))) == [1, 2]


class TestConnectionsAreReused:
    def test_commands_in_a_row_use_one_idle_connection(
        self, pg_url: str, clock: FixedClock
    ) -> None:
        """An idle connection is kept for the next command, not opened anew each time."""
        with Opsledger.open(pg_url, clock=clock) as ledger:
            complaint_id = accept(ledger, command("register")).aggregate_id
            pool = ledger.ledger.factory.datastore.pool  # type: ignore[attr-defined]
            with pool.connection() as connection:
                first = connection.info.backend_pid
            accept(ledger, command("acknowledge", complaint_id))
            with pool.connection() as connection:
                assert connection.info.backend_pid == first
