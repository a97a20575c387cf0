"""On PostgreSQL our own connections read and write the schema the library writes the log to
(`public`), whatever schemas the role's search path puts first: a decoy copy of the log in a
schema named after the user is never what `audit verify` reads."""

from __future__ import annotations

import psycopg
import pytest

from infrastructure.integrity.verify import verify
from infrastructure.opsledger import Opsledger
from tests.application.complaint_envelopes import command, drive
from tests.clocks import FixedClock


@pytest.mark.postgres
def test_verify_reads_the_real_log_not_a_decoy(pg_url: str) -> None:
    clock = FixedClock()
    with Opsledger.open(pg_url, clock=clock) as ledger:
        complaint_id = drive(ledger, clock, to="classified")
        assert ledger.submit(command("escalate", complaint_id)).ok
    with psycopg.connect(pg_url, autocommit=True) as connection:
        connection.execute('CREATE SCHEMA IF NOT EXISTS "postgres"')
        connection.execute(
            'CREATE TABLE "postgres".opsledger_events AS TABLE public.opsledger_events'
        )
        connection.execute(
            "UPDATE public.opsledger_events SET state = state || '\\x20'::bytea"
            " WHERE notification_id = 2"
        )

    with Opsledger.open(pg_url) as ledger:
        result = verify(ledger.database)

    assert result.finding is not None
    assert result.finding.position == 2
