"""The composition root: one object that services import to send commands and read history."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any
from uuid import UUID

import psycopg
from eventsourcing.persistence import PersistenceError

from application.batch import Line, Unreadable
from application.commands.catalogue import KINDS
from application.errors import NotFound, PayloadKeyMissing, StoreUnavailable
from application.handler import CommandHandler
from application.ledger import Ledger, Loaded, known_by
from application.ports import Clock
from application.results import Result
from application.security_log import Excerpt
from application.sweep import SweepReport, fill_index, sweep
from domain.shared.errors import DomainError
from domain.shared.recorded import Recorded
from infrastructure.clock import SystemClock
from infrastructure.command_failures import LOG, answer_failure
from infrastructure.projection_follower import Wakener
from infrastructure.projection_runner import ProjectionRunner
from infrastructure.security_log import SecurityLog
from infrastructure.serialisation.cipher import keyring_from_environment
from infrastructure.settings import (
    StoreTimeouts,
    policies_from_environment,
    store_timeouts_from_environment,
)
from infrastructure.sql.database import Database, PostgresDatabase, SqliteDatabase
from infrastructure.sql.deadlines_table import SqlDeadlineIndex
from infrastructure.sql.schema import ensure_schema, schema_lock
from infrastructure.sql.snapshots_table import SqlSnapshots
from infrastructure.store.url import StoreUrl


class Opsledger:
    """opsledger on one store: submit commands, sweep deadlines, read history, run projections."""

    def __init__(self, store: StoreUrl, *, clock: Clock | None = None) -> None:
        self.store = store
        self.clock: Clock = clock or SystemClock()
        self.policies = policies = policies_from_environment()
        timeouts = store_timeouts_from_environment()
        #: The keys payloads are encrypted with (OPSLEDGER_CIPHER_KEY, ..._OLD_KEYS), if any.
        self.keyring = keyring = keyring_from_environment()
        try:
            self.database: Database = _open_database(store, timeouts)
        except (psycopg.Error, sqlite3.Error, StoreUnavailable) as error:
            raise StoreUnavailable(
                f"cannot open the store {store.display()}: {_one_line(error)}"
            ) from None
        self.snapshots = SqlSnapshots(self.database, keyring=keyring)
        try:
            with schema_lock(self.database):
                index_is_new = ensure_schema(self.database)
                self.ledger = Ledger(env=store.library_env(timeouts), snapshots=self.snapshots)
                self.deadlines = SqlDeadlineIndex(self.database)
                if index_is_new:
                    fill_index(ledger=self.ledger, index=self.deadlines, kinds=KINDS)
                self.projections = ProjectionRunner(
                    ledger=self.ledger, database=self.database, keyring=keyring
                )
                self.projections.prepare()
        except (psycopg.Error, sqlite3.Error, PersistenceError, StoreUnavailable) as error:
            self.database.close()
            raise StoreUnavailable(
                f"cannot open the store {store.display()}: {_one_line(error)}"
            ) from None
        except PayloadKeyMissing:
            self.database.close()
            raise
        self.security_log = SecurityLog(ledger=self.ledger, database=self.database)
        self.handler = CommandHandler(
            ledger=self.ledger,
            clock=self.clock,
            policies=policies,
            retry_seconds=timeouts.retry_for,
        )

    @classmethod
    def open(cls, url: str | None = None, *, clock: Clock | None = None) -> Opsledger:
        """Open the store named by `url`, else `OPSLEDGER_STORE`, else ./opsledger.db."""
        return cls(StoreUrl.from_environment(url), clock=clock)

    def submit(self, envelope: object, *, excerpt: Excerpt | None = None) -> Result:
        """Handle one command envelope (a JSON object as a dict; `excerpt`, what the security
        log keeps of its input line should it not be a readable command). Whatever happens
        inside it is this command's answer, never an exception: the commands after it carry on."""
        try:
            return self.handler.handle(envelope, excerpt=excerpt)
        except StoreUnavailable as error:
            return Result.refused(code=error.code, message=error.message, details=error.details)
        except Exception as error:
            return self._failed(Line(envelope, excerpt) if excerpt else envelope, error)

    def submit_batch(
        self, items: Sequence[object], *, before: Callable[[int], None] | None = None
    ) -> list[Result]:
        """Handle envelopes (or input `Line`s, or `Unreadable` lines) in order, each accepted or
        refused on its own and each seeing the ones before it, with the accepted ones' events
        and the refusals' entries stored in one transaction: much faster for many commands than
        one transaction each. `before(i)` runs before the i-th is handled."""
        try:
            return self.handler.handle_batch(items, on_failure=self._failed, before=before)
        except Exception:  # the one transaction failed unexpectedly: answer each on its own
            LOG.exception("a batch of %d commands is handled again one by one", len(items))
            return [self._submit_item(item) for item in items]

    def _submit_item(self, item: object) -> Result:
        if isinstance(item, Unreadable):
            return self.refuse_unreadable(item.message, excerpt=item.excerpt)
        if isinstance(item, Line):
            return self.submit(item.value, excerpt=item.excerpt)
        return self.submit(item)

    def _failed(self, item: object, error: Exception) -> Result:
        """The answer to a batch item whose handling failed unexpectedly."""
        raw, excerpt = item, None
        if isinstance(item, Line | Unreadable):
            raw, excerpt = (item.value if isinstance(item, Line) else None), item.excerpt

        def log(refusal: DomainError) -> None:
            self.handler.record_refusal(raw, refusal, excerpt=excerpt)

        return answer_failure(raw, error, ledger=self.ledger, log=log)

    def refuse_unreadable(self, message: str, *, excerpt: Excerpt | None = None) -> Result:
        """Refuse (and log) input that is not a JSON command at all, e.g. a broken line."""
        try:
            return self.handler.refuse_unreadable(message, excerpt=excerpt)
        except StoreUnavailable as error:
            return Result.refused(code=error.code, message=error.message, details=error.details)
        except Exception as error:
            return self._failed(Unreadable(message, excerpt), error)

    def wait_for(self, position: int, *, timeout: float = 10.0) -> None:
        """Read-your-writes: return once every read model has applied the log up to
        `position` (a result's `position`); ReadModelBehind after `timeout` seconds."""
        self.projections.wait_for(position, timeout=timeout)

    def wakener(self) -> Wakener:
        """What `projections run` waits on: NOTIFY of the log's channel on PostgreSQL, a timer
        on SQLite."""
        channel = getattr(self.ledger.recorder, "channel_name", None)
        if self.store.kind != "postgresql" or not isinstance(channel, str):
            return Wakener()
        return Wakener((self.store.conninfo(store_timeouts_from_environment()), channel))

    def sweep(self) -> SweepReport:
        """Append breach events for every deadline passed at the clock's now."""
        return sweep(
            handler=self.handler,
            ledger=self.ledger,
            index=self.deadlines,
            clock=self.clock,
            kinds=KINDS,
        )

    def history(
        self,
        aggregate_id: UUID,
        *,
        as_of: datetime | None = None,
        version: int | None = None,
        known_at: datetime | None = None,
    ) -> list[Recorded]:
        """An aggregate's stored events, oldest first, up to a version, a business time
        (`as_of`) or a recorded time (`known_at`: only events stored by then); these combine."""
        events = self.ledger.history(aggregate_id, upto_version=version)
        if known_at is not None:
            events = known_by(events, known_at)
        if as_of is not None:
            events = [e for e in events if e.occurred_at <= as_of]
        if not events:
            raise NotFound("record", aggregate_id)
        return events

    def state(
        self,
        aggregate_id: UUID,
        *,
        as_of: datetime | None = None,
        version: int | None = None,
        known_at: datetime | None = None,
    ) -> tuple[str, Loaded]:
        """An aggregate reconstructed as it stood at a version or a business time, or as the
        store knew it at a recorded time; these combine."""
        first = self.ledger.history(aggregate_id, upto_version=1)
        if not first or first[0].aggregate_type not in KINDS:
            raise NotFound("record", aggregate_id)
        kind = KINDS[first[0].aggregate_type]
        return kind.name, self.ledger.load(
            kind, aggregate_id, version=version, as_of=as_of, known_at=known_at
        )

    def figures(
        self,
        kind: str,
        loaded: Loaded,
        *,
        as_of: datetime | None = None,
        version: int | None = None,
        known_at: datetime | None = None,
    ) -> Mapping[str, object]:
        """What the kind derives from a reconstructed state (a project's earned value), as of
        the state's time: `as_of` when given; for a version, the business time of its latest
        event; as known at a recorded time, that time; else the clock's now."""
        at = as_of
        if at is None and version is not None:
            at = loaded.last_occurred_at
        at = at or known_at or self.clock.now()
        return KINDS[kind].figures(loaded.state, at, self.policies.zone)

    def close(self) -> None:
        self.ledger.close()
        self.database.close()

    def __enter__(self) -> Opsledger:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _open_database(store: StoreUrl, timeouts: StoreTimeouts) -> Database:
    if store.kind == "sqlite":
        return SqliteDatabase(store.path)
    return PostgresDatabase(store.conninfo(timeouts))


def _one_line(error: Any) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
