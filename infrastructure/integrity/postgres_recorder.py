"""The PostgreSQL log with a hash chain, appended by one database function per batch."""

# One round trip per append, under the table lock, with gap-free positions and each event's
# chain hash computed by PostgreSQL's sha256.

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

import psycopg
from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from psycopg.sql import SQL, Identifier

from application.backoff import Backoff
from application.ports import Deadline
from infrastructure.store.postgres_outcome import settle_append
from infrastructure.store.postgres_pool import Session, pool_timeouts

APPEND_FUNCTION = "opsledger_append_events"


class ChainedPostgresApplicationRecorder(PostgresApplicationRecorder):
    """The library's application recorder, with a `chain_hash` column and an append function.

    The function takes `LOCK TABLE ... IN EXCLUSIVE MODE` (writers serialise, so positions
    commit in order), gives each event the next position after the newest (no gaps, even when a
    write fails), chains it to the hash before it with PostgreSQL's `sha256`, inserts, and
    sends NOTIFY for live followers. One statement, one round trip.
    """

    def __init__(
        self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"
    ) -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        schema = Identifier(self.datastore.schema)
        table = Identifier(self.events_table_name)
        self.sql_create_statements.append(
            SQL("ALTER TABLE {schema}.{table} ADD COLUMN IF NOT EXISTS chain_hash bytea").format(
                schema=schema, table=table
            )
        )
        # The function once took the events alone; that form would make calls ambiguous.
        self.sql_create_statements.append(
            SQL("DROP FUNCTION IF EXISTS {schema}.{function}({schema}.{event}[])").format(
                schema=schema,
                function=Identifier(APPEND_FUNCTION),
                event=Identifier(self.stored_event_type_name),
            )
        )
        self.sql_create_statements.append(
            SQL(
                "CREATE OR REPLACE FUNCTION {schema}.{function}(events {schema}.{event}[], "
                "  deadline_ids uuid[], deadline_types text[], deadline_due timestamptz[]) "
                "RETURNS SETOF bigint LANGUAGE plpgsql AS $BODY$ "
                "DECLARE "
                "  previous bytea; "
                "  position bigint; "
                "  e record; "
                "  topic_bytes bytea; "
                "BEGIN "
                "  SET LOCAL lock_timeout = '{lock_timeout}s'; "
                "  LOCK TABLE {schema}.{table} IN EXCLUSIVE MODE; "
                "  NOTIFY {channel}; "
                "  SELECT t.notification_id, t.chain_hash INTO position, previous "
                "    FROM {schema}.{table} t ORDER BY t.notification_id DESC LIMIT 1; "
                "  position := coalesce(position, 0); "
                "  previous := coalesce(previous, '\\x{genesis}'::bytea); "
                "  FOR e IN SELECT * FROM unnest(events) WITH ORDINALITY AS u "
                "    ORDER BY u.ordinality "
                "  LOOP "
                "    position := position + 1; "
                "    topic_bytes := convert_to(e.topic, 'UTF8'); "
                "    previous := sha256(previous || int4send(length(e.state)) || e.state "
                "      || int8send(position) || uuid_send(e.originator_id) "
                "      || int8send(e.originator_version) || int4send(length(topic_bytes)) "
                "      || topic_bytes); "
                "    INSERT INTO {schema}.{table} "
                "      (originator_id, originator_version, topic, state, notification_id, "
                "       chain_hash) "
                "      VALUES (e.originator_id, e.originator_version, e.topic, e.state, "
                "              position, previous); "
                "    RETURN NEXT position; "
                "  END LOOP; "
                "  IF cardinality(deadline_ids) > 0 THEN "
                "    DELETE FROM {schema}.deadlines d "
                "      USING unnest(deadline_ids, deadline_due) AS u(id, due) "
                "      WHERE u.due IS NULL AND d.aggregate_id = u.id; "
                "    INSERT INTO {schema}.deadlines (aggregate_id, aggregate_type, due_at) "
                "      SELECT u.id, u.kind, u.due "
                "      FROM unnest(deadline_ids, deadline_types, deadline_due) AS u(id, kind, due) "
                "      WHERE u.due IS NOT NULL "
                "      ON CONFLICT (aggregate_id) DO UPDATE "
                "      SET aggregate_type = EXCLUDED.aggregate_type, due_at = EXCLUDED.due_at; "
                "  END IF; "
                "END; $BODY$"
            ).format(
                schema=schema,
                table=table,
                function=Identifier(APPEND_FUNCTION),
                event=Identifier(self.stored_event_type_name),
                channel=Identifier(self.channel_name),
                lock_timeout=SQL(str(int(self.datastore.lock_timeout))),
                genesis=SQL("0" * 64),
            )
        )
        self.sql_append_events = SQL(
            "SELECT * FROM {schema}.{function}((%s), %s::uuid[], %s::text[], %s::timestamptz[])"
        ).format(schema=schema, function=Identifier(APPEND_FUNCTION))

    def position_of(self, originator_id: UUID, originator_version: int) -> int | None:
        """The log position of one stored event, if it is there."""
        statement = SQL(
            "SELECT notification_id FROM {schema}.{table} "
            "WHERE originator_id = %s AND originator_version = %s"
        ).format(schema=Identifier(self.datastore.schema), table=Identifier(self.events_table_name))
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(statement, (originator_id, originator_version))
            row = curs.fetchone()
        return None if row is None else int(row["notification_id"])

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        """Append in one statement. A failure to connect is tried again until the retry time is
        spent; a connection that broke with the statement in flight is settled (see
        `settle_append`): the caller learns the positions stored, or that nothing was."""
        if not stored_events:
            return []
        events = [
            self.construct_pg_stored_event(
                originator_id=e.originator_id,
                originator_version=e.originator_version,
                topic=e.topic,
                state=e.state,
            )
            for e in stored_events
        ]
        deadlines: Sequence[Deadline] = kwargs.get("deadlines", ())
        params = (
            events,
            [d.aggregate_id for d in deadlines],
            [d.aggregate_type for d in deadlines],
            [d.due_at for d in deadlines],
        )
        timeouts = pool_timeouts(self.datastore.pool)
        retries = Backoff(seconds=timeouts.retry_for)
        while True:
            used: psycopg.Connection[Any] | None = None
            session: Session | None = None
            try:
                # One statement in autocommit: the function's work is one transaction.
                with self.datastore.get_connection() as conn, conn.cursor() as curs:
                    used, session = conn, Session.of(conn)
                    curs.execute(self.sql_append_events, params, prepare=True)
                    return [row[APPEND_FUNCTION] for row in curs.fetchall()]
            except (InterfaceError, OperationalError) as error:
                if used is None and retries.wait():
                    continue  # never reached the server: nothing was sent
                if used is None or session is None or not used.broken:
                    raise  # no statement was sent, or the server refused it: nothing stored
                return settle_append(
                    self,
                    session=session,
                    first=stored_events[0],
                    count=len(stored_events),
                    error=error,
                    seconds=timeouts.retry_for,
                )
