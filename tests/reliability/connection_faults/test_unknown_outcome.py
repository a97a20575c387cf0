"""An append whose connection breaks in flight is settled, never guessed (DOMAIN §1).

A proxy between opsledger and PostgreSQL breaks the connection that carries an append: either
before the server sees the call, or after the server committed it and before the answer comes
back. The command's answer must match what the log holds, checked on a connection of our own.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from uuid import UUID

import psycopg
import pytest

from infrastructure.opsledger import Opsledger
from tests.application.complaint_envelopes import Json, command
from tests.clocks import FixedClock
from tests.reliability.connection_faults.proxy import Fault, FaultProxy, fault_proxy

pytestmark = pytest.mark.postgres

SERVER = ("127.0.0.1", 5432)


@pytest.fixture
def proxy() -> Iterator[FaultProxy]:
    with fault_proxy(SERVER) as opened:
        yield opened


def through(proxy: FaultProxy, url: str) -> str:
    """The same database, reached through the proxy."""
    return url.replace(":5432/", f":{proxy.port}/", 1)


def stored_versions(url: str, aggregate_id: UUID) -> list[int]:
    """The versions the log holds for one aggregate, read straight from the table."""
    with psycopg.connect(url) as connection:
        rows = connection.execute(
            "SELECT originator_version FROM opsledger_events WHERE originator_id = %s"
            " ORDER BY originator_version",
            (aggregate_id,),
        ).fetchall()
    return [row[0] for row in rows]


def submit_through(
    proxy: FaultProxy,
    url: str,
    clock: FixedClock,
    body: Json,
    *,
    fault: Fault = Fault.NONE,
    then_down: bool = False,
) -> Json:
    """Open opsledger through the proxy (creating the schema sends the function's text too),
    then arm the fault and send one command."""
    with Opsledger.open(through(proxy, url), clock=clock) as ledger:
        proxy.arm(fault, then_down=then_down)
        return ledger.submit(body).to_json()


class TestAnAppendWhoseConnectionBrokeIsSettled:
    def test_an_append_the_server_committed_answers_with_its_result(
        self, proxy: FaultProxy, pg_url: str, clock: FixedClock
    ) -> None:
        """The answer was lost after the commit: the command is reported accepted, once."""
        body = command("register")

        result = submit_through(proxy, pg_url, clock, body, fault=Fault.LOSE_THE_ANSWER)

        assert proxy.appends_faulted == 1
        assert result["ok"] is True, result
        assert stored_versions(pg_url, UUID(result["aggregate_id"])) == [1]
        with Opsledger.open(pg_url, clock=clock) as direct:
            assert direct.submit(body).to_json() == result
        assert stored_versions(pg_url, UUID(result["aggregate_id"])) == [1]

    def test_an_append_the_server_never_saw_is_refused_with_nothing_stored(
        self, proxy: FaultProxy, pg_url: str, clock: FixedClock
    ) -> None:
        """The call was lost: `store_unavailable`, nothing in the log, and the same command
        sent again is applied."""
        body = command("register")

        result = submit_through(proxy, pg_url, clock, body, fault=Fault.LOSE_THE_CALL)

        assert proxy.appends_faulted == 1
        assert result["ok"] is False, result
        error = result["error"]
        assert error["code"] == "store_unavailable"
        assert error["details"]["outcome"] == "not_stored"
        assert "same command_id is safe" in error["message"]
        with Opsledger.open(pg_url, clock=clock) as direct:
            again = direct.submit(body).to_json()
        assert again["ok"] is True, again
        assert stored_versions(pg_url, UUID(again["aggregate_id"])) == [1]

    def test_a_store_that_stays_away_leaves_the_outcome_unknown_until_the_command_is_resent(
        self,
        proxy: FaultProxy,
        pg_url: str,
        clock: FixedClock,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """Committed, then the store is gone before it can be asked: the answer says the
        outcome is unknown; once the store is back, the same command gets the first result and
        is not applied twice."""
        monkeypatch.setenv("OPSLEDGER_RETRY_SECONDS", "1")
        body = command("register")

        started = time.monotonic()
        result = submit_through(
            proxy, pg_url, clock, body, fault=Fault.LOSE_THE_ANSWER, then_down=True
        )
        waited = time.monotonic() - started

        assert result["ok"] is False, result
        assert result["error"]["code"] == "store_unavailable"
        assert result["error"]["details"]["outcome"] == "unknown"
        assert "applies it at most once" in result["error"]["message"]
        assert waited < 4.0
        proxy.up()
        again = submit_through(proxy, pg_url, clock, body)
        assert again["ok"] is True, again
        assert stored_versions(pg_url, UUID(again["aggregate_id"])) == [1]
