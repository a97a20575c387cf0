"""The batched projection runner (DESIGN §2.7) keeping the audit trail (DOMAIN §7), on SQLite and
PostgreSQL: one row per business event, pages committed with their position, rebuilds identical
to the live read model, concurrent runners without duplicates or gaps."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast
from uuid import UUID, uuid4

import attrs
import orjson
import pytest

from application.results import Result
from domain.shared.recorded import Recorded
from infrastructure.opsledger import Opsledger
from infrastructure.projection_runner import AUDIT_TRAIL, ProjectionRunner, Projector
from infrastructure.sql.database import Cursor
from projections.log import LogEntry
from tests.clocks import FixedClock

COLUMNS = (
    "position",
    "recorded_at",
    "occurred_at",
    "aggregate_type",
    "aggregate_id",
    "version",
    "event_type",
    "actor_id",
    "actor_roles",
    "actor_department",
    "command_id",
    "correlation_id",
    "causation_id",
    "reason",
    "payload",
)

AGENT = {"id": "u-cs-1", "roles": ["customer_service"], "department": "客服"}
MANAGER = {"id": "u-sm-1", "roles": ["service_manager", "customer_service"], "department": "客服"}
ASSIGNEE = {"id": "u-quality-7", "roles": ["quality_inspector"], "department": "quality"}

#: The events of one complaint handled from receipt to closing, as DOMAIN §3 names them.
LIFECYCLE = [
    "ComplaintReceived",
    "ComplaintAcknowledged",
    "ComplaintClassified",
    "ComplaintAssigned",
    "ComplaintEscalated",
    "InvestigationRecorded",
    "ResolutionProposed",
    "CustomerSatisfied",
    "ComplaintClosed",
]

#: Business time of the first event: 09:00 in Shanghai, 30 June 2026, entered the next morning.
START = datetime(2026, 6, 30, 1, 0, tzinfo=UTC)
ESCALATION = {
    "correlation_id": UUID("22222222-2222-4222-8222-222222222222"),
    "causation_id": UUID("33333333-3333-4333-8333-333333333333"),
}


# --- building a log -----------------------------------------------------------------------------


@attrs.define
class Timeline:
    """Sends commands with rising business times while the clock records them later."""

    ledger: Opsledger
    clock: FixedClock
    at: datetime = START

    def send(
        self,
        command: str,
        actor: dict[str, Any],
        payload: dict[str, Any] | None = None,
        *,
        aggregate_id: UUID | None = None,
        reason: str | None = None,
        **envelope: Any,
    ) -> Result:
        self.at += timedelta(minutes=30)
        self.clock.advance(minutes=1)
        body: dict[str, Any] = {
            "type": command,
            "command_id": str(envelope.pop("command_id", uuid4())),
            "actor": actor,
            "occurred_at": self.at.isoformat(),
            "payload": payload or {},
            **{key: str(value) for key, value in envelope.items()},
        }
        if aggregate_id is not None:
            body["aggregate_id"] = str(aggregate_id)
        if reason is not None:
            body["reason"] = reason
        return self.ledger.submit(body)

    def complaint(self, summary: str = "扫地机器人外壳破裂") -> UUID:
        """One complaint through its whole lifecycle, with an escalation on the way; plus one
        refused command, which must leave no row."""
        received = self.send(
            "complaint.register",
            AGENT,
            {
                "customer_id": "c-1001",
                "channel": "phone",
                "summary": summary,
                "remedy_sought": "换货",
            },
        )
        assert received.ok, received
        assert received.aggregate_id is not None
        cid = received.aggregate_id
        steps: list[tuple[str, dict[str, Any], dict[str, Any], dict[str, Any]]] = [
            ("complaint.acknowledge", AGENT, {"message": "已收到"}, {}),
            ("complaint.classify", MANAGER, {"category": "delivery", "severity": "high"}, {}),
            (
                "complaint.assign",
                MANAGER,
                {"department": "quality", "assignee_id": "u-quality-7"},
                {},
            ),
            ("complaint.escalate", MANAGER, {"level": 1}, {"reason": "VIP 客户", **ESCALATION}),
            (
                "complaint.record_investigation",
                ASSIGNEE,
                {"root_cause": "包装", "findings": "无泡沫"},
                {},
            ),
            (
                "complaint.propose_resolution",
                ASSIGNEE,
                {"resolution": "换货", "remedy_offered": "新机"},
                {},
            ),
            (
                "complaint.record_feedback",
                AGENT,
                {"satisfied": True, "csat": 5, "comment": "满意"},
                {},
            ),
            ("complaint.close", AGENT, {}, {}),
        ]
        for command, actor, payload, extra in steps:
            result = self.send(command, actor, payload, aggregate_id=cid, **extra)
            assert result.ok, (command, result)
        refused = self.send("complaint.close", ASSIGNEE, aggregate_id=cid)
        assert not refused.ok
        return cid


def build_log(ledger: Opsledger, clock: FixedClock, *, complaints: int = 2) -> list[UUID]:
    timeline = Timeline(ledger, clock)
    return [timeline.complaint(f"投诉 #{n}") for n in range(complaints)]


def logged(ledger: Opsledger) -> list[LogEntry]:
    """Every event in the log with its position, read straight from the store."""
    notifications = ledger.ledger.recorder.select_notifications(start=None, limit=10**6)
    return [
        LogEntry(position=n.id, recorded=cast(Recorded, ledger.ledger.mapper.to_domain_event(n)))
        for n in notifications
    ]


def business_events(ledger: Opsledger) -> list[LogEntry]:
    """The log without the command records (aggregate type "command")."""
    return [e for e in logged(ledger) if e.recorded.aggregate_type != "command"]


# --- reading the trail --------------------------------------------------------------------------


def _time(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _uuid(value: Any) -> UUID | None:
    return None if value is None else UUID(str(value))


def trail(ledger: Opsledger) -> list[dict[str, Any]]:
    """Every audit-trail row in position order, with the two stores' column types made alike:
    times as UTC datetimes, ids as UUIDs, the payload as a dict."""
    rows = ledger.database.query(f"SELECT {', '.join(COLUMNS)} FROM audit_trail ORDER BY position")
    result = []
    for row in rows:
        values = dict(zip(COLUMNS, row, strict=True))
        values["recorded_at"] = _time(values["recorded_at"]).astimezone(UTC)
        values["occurred_at"] = _time(values["occurred_at"]).astimezone(UTC)
        for name in ("aggregate_id", "command_id", "correlation_id", "causation_id"):
            values[name] = _uuid(values[name])
        payload = values["payload"]
        values["payload"] = orjson.loads(payload) if isinstance(payload, str | bytes) else payload
        result.append(values)
    return result


def keys(rows: Sequence[dict[str, Any]]) -> list[tuple[int, UUID, int, str]]:
    return [(r["position"], r["aggregate_id"], r["version"], r["event_type"]) for r in rows]


def expected_keys(ledger: Opsledger) -> list[tuple[int, UUID, int, str]]:
    return [
        (e.position, e.recorded.originator_id, e.recorded.originator_version, e.recorded.event_type)
        for e in business_events(ledger)
    ]


def runner(ledger: Opsledger, *, page_size: int = 1000) -> ProjectionRunner:
    return ProjectionRunner(ledger=ledger.ledger, database=ledger.database, page_size=page_size)


# --- tests --------------------------------------------------------------------------------------


class TestCatchUpBuildsOneRowPerBusinessEvent:
    """Catch-up gives exactly one audit-trail row per business event, in log order; command
    records are bookkeeping and get none."""

    def test_rows_match_the_business_events_of_the_log(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """Each business event has its row at its position; no command record has one."""
        first, second = build_log(ledger, clock)
        applied = ledger.projections.catch_up()
        assert applied == {"audit_trail": len(logged(ledger))}
        rows = trail(ledger)
        assert keys(rows) == expected_keys(ledger)
        assert all(r["aggregate_type"] == "complaint" for r in rows)
        for complaint_id in (first, second):
            assert [r["event_type"] for r in rows if r["aggregate_id"] == complaint_id] == LIFECYCLE
        assert len(logged(ledger)) == 2 * len(rows)  # one command record per event here


class TestRowColumns:
    """A row carries what auditors read: who (actor, roles, department), both times, the
    command, correlation and causation ids, the reason and the business payload."""

    def test_the_escalation_row(self, ledger: Opsledger, clock: FixedClock) -> None:
        """The escalation's row has the manager, both roles, its business and recorded times,
        the ids the envelope gave, the reason and the payload."""
        (complaint_id,) = build_log(ledger, clock, complaints=1)
        ledger.projections.catch_up()
        (row,) = [r for r in trail(ledger) if r["event_type"] == "ComplaintEscalated"]
        (event,) = [
            e.recorded
            for e in business_events(ledger)
            if e.recorded.event_type == "ComplaintEscalated"
        ]
        assert row["aggregate_id"] == complaint_id
        assert row["version"] == 5
        assert (row["actor_id"], row["actor_roles"], row["actor_department"]) == (
            "u-sm-1",
            "customer_service,service_manager",
            "客服",
        )
        assert row["occurred_at"] == START + timedelta(minutes=30 * 5)
        assert row["recorded_at"] == event.recorded_at
        assert row["recorded_at"] != row["occurred_at"]
        assert row["command_id"] == event.command_id
        assert row["correlation_id"] == ESCALATION["correlation_id"]
        assert row["causation_id"] == ESCALATION["causation_id"]
        assert row["reason"] == "VIP 客户"
        assert row["payload"] == {"level": 1}

    def test_defaults_and_nulls(self, ledger: Opsledger, clock: FixedClock) -> None:
        """Without correlation or causation ids both are the command id; no reason is NULL; a
        sweep's breach has no causation and the system actor; Chinese text is kept."""
        timeline = Timeline(ledger, clock)
        received = timeline.send(
            "complaint.register",
            AGENT,
            {
                "customer_id": "c-9",
                "channel": "email",
                "summary": "发票错误",
                "remedy_sought": "更正",
            },
        )
        assert received.ok
        clock.advance(days=3)
        assert len(ledger.sweep().breaches) == 1
        ledger.projections.catch_up()
        register_row, breach_row = trail(ledger)
        assert register_row["command_id"] == register_row["correlation_id"]
        assert register_row["causation_id"] == register_row["command_id"]
        assert register_row["reason"] is None
        assert register_row["payload"]["summary"] == "发票错误"
        assert register_row["payload"]["channel"] == "email"
        assert breach_row["event_type"] == "ComplaintSlaBreached"
        assert (breach_row["actor_id"], breach_row["actor_roles"]) == ("system", "system")
        assert breach_row["causation_id"] is None
        assert breach_row["payload"]["which"] == "acknowledgement"


class TestCatchUpIsIdempotent:
    """Running catch-up again applies nothing twice; later runs apply only what is new."""

    def test_a_second_run_adds_nothing(self, ledger: Opsledger, clock: FixedClock) -> None:
        """The second catch-up consumes no event and leaves the rows as they were."""
        build_log(ledger, clock, complaints=1)
        ledger.projections.catch_up()
        before = trail(ledger)
        assert ledger.projections.catch_up() == {"audit_trail": 0}
        assert trail(ledger) == before

    def test_a_later_run_applies_only_new_events(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """After more commands, catch-up consumes just the new log events."""
        build_log(ledger, clock, complaints=1)
        ledger.projections.catch_up()
        seen = len(logged(ledger))
        build_log(ledger, clock, complaints=1)
        assert ledger.projections.catch_up() == {"audit_trail": len(logged(ledger)) - seen}
        assert keys(trail(ledger)) == expected_keys(ledger)


class TestStatus:
    """Status shows each read model's position, the log's head and the lag between them."""

    def test_before_and_after_catch_up(self, ledger: Opsledger, clock: FixedClock) -> None:
        """Before: position 0 and lag = head. After: position = head, lag 0. One more command
        (its event and its command record) makes the lag 2."""
        (status,) = ledger.projections.status()
        assert (status.name, status.position, status.head, status.lag) == ("audit_trail", 0, 0, 0)
        build_log(ledger, clock, complaints=1)
        head = logged(ledger)[-1].position
        (status,) = ledger.projections.status()
        assert (status.position, status.head, status.lag) == (0, head, head)
        ledger.projections.catch_up()
        (status,) = ledger.projections.status("audit_trail")
        assert (status.position, status.head, status.lag) == (head, head, 0)
        timeline = Timeline(ledger, clock, at=START + timedelta(days=1))
        timeline.send(
            "complaint.register",
            AGENT,
            {"customer_id": "c-2", "channel": "online", "summary": "迟到", "remedy_sought": "-"},
        )
        (status,) = ledger.projections.status()
        assert (status.position, status.lag) == (head, 2)


class TestPaging:
    """Reading the log in pages smaller than the log gives the same rows."""

    def test_page_size_three_gives_the_same_rows(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """A runner with page_size=3 builds the same trail as one page of everything."""
        build_log(ledger, clock)
        total = len(logged(ledger))
        assert total > 3 * 5
        assert runner(ledger, page_size=3).catch_up() == {"audit_trail": total}
        paged = trail(ledger)
        assert keys(paged) == expected_keys(ledger)
        assert runner(ledger).rebuild() == {"audit_trail": total}
        assert trail(ledger) == paged


class _PoisonedAuditTrail(Exception):
    """Raised by the test projector after it wrote a page's rows."""


class _RunnerWith(ProjectionRunner):
    """A runner that keeps one given projector instead of the registered ones."""

    def __init__(self, projector: Projector, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._projector = projector

    def projectors(self, name: str | None) -> list[Projector]:
        return [self._projector]


class TestAPageIsOneTransaction:
    """A page's rows and the position after it are committed together: a failure part-way
    through a page leaves neither."""

    def test_a_failure_after_writing_rows_rolls_back_rows_and_position(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """A projector that writes a page's rows and then fails on the fourth page leaves the
        first three pages' rows and position, nothing of the fourth; a healthy run then
        completes the trail with no duplicate."""
        build_log(ledger, clock)
        log = logged(ledger)
        poison = log[10].position  # in the fourth page of three

        def apply_then_fail(cursor: Cursor, entries: Sequence[LogEntry]) -> None:
            AUDIT_TRAIL.apply(cursor, entries)
            if any(entry.position == poison for entry in entries):
                raise _PoisonedAuditTrail(poison)

        failing = _RunnerWith(
            attrs.evolve(AUDIT_TRAIL, apply=apply_then_fail),
            ledger=ledger.ledger,
            database=ledger.database,
            page_size=3,
        )
        with pytest.raises(_PoisonedAuditTrail):
            failing.catch_up()
        committed = log[8].position  # the last event of the third page
        (status,) = ledger.projections.status()
        assert status.position == committed
        assert keys(trail(ledger)) == [k for k in expected_keys(ledger) if k[0] <= committed]

        assert ledger.projections.catch_up() == {"audit_trail": len(log) - 9}
        assert keys(trail(ledger)) == expected_keys(ledger)


class TestRebuild:
    """Rebuilding from the log gives exactly the read model the live catch-ups built."""

    def test_rebuild_equals_live(self, ledger: Opsledger, clock: FixedClock) -> None:
        """Catch-ups interleaved with commands, then a rebuild: the same rows, column for
        column, and the same position."""
        for _ in range(3):
            build_log(ledger, clock, complaints=1)
            ledger.projections.catch_up()
        live = trail(ledger)
        (live_status,) = ledger.projections.status()
        assert ledger.projections.rebuild() == {"audit_trail": len(logged(ledger))}
        assert trail(ledger) == live
        assert ledger.projections.status() == [live_status]


class TestConcurrentRunners:
    """Two runners in two threads, each with its own connections, catching up the same store,
    end with every business event exactly once."""

    def test_no_duplicate_and_no_missing_row(
        self, ledger: Opsledger, clock: FixedClock, store_url: str
    ) -> None:
        """Three rounds of new commands, each caught up by two racing runners with small pages:
        both finish without error, the trail equals the log, and between them they applied
        each log event exactly once."""
        for _ in range(3):
            build_log(ledger, clock, complaints=1)
            before = ledger.projections.status()[0].position
            new_events = len([e for e in logged(ledger) if e.position > before])
            applied = _race(store_url, clock)
            assert sum(applied) == new_events
            rows = trail(ledger)
            assert keys(rows) == expected_keys(ledger)
            assert len({(r["aggregate_id"], r["version"]) for r in rows}) == len(rows)
            assert ledger.projections.status()[0].lag == 0


def _race(store_url: str, clock: FixedClock) -> list[int]:
    """Two runners, each on its own Opsledger in its own thread, start catching up together;
    returns how many log events each consumed."""
    start = threading.Barrier(2)
    applied: list[int] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            with Opsledger.open(store_url, clock=clock) as own:
                start.wait(timeout=30)
                applied.append(runner(own, page_size=2).catch_up()["audit_trail"])
        except BaseException as error:  # reported to the main thread below
            start.abort()
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(applied) == 2
    return applied


def _open_round(url: str, openers: int) -> list[BaseException]:
    """Open the store from `openers` threads at the same moment; what they raised."""
    start = threading.Barrier(openers)
    errors: list[BaseException] = []

    def open_and_close() -> None:
        try:
            start.wait(timeout=30)
            Opsledger.open(url).close()
        except BaseException as error:  # reported to the main thread
            errors.append(error)

    threads = [threading.Thread(target=open_and_close) for _ in range(openers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


class TestRunnersStartingTogether:
    """Projection processes may start at the same moment (DESIGN §2.7: any number of them);
    each opens the store, whether its tables exist yet or not. These are races: a regression
    is caught on most runs, not on every run; the bug below is caught within a few rounds."""

    def test_on_an_existing_store(self, store_url: str) -> None:
        """Four openers at once, ten times over, all open a store that already exists (on
        PostgreSQL the library's DDL on every open once failed with "tuple concurrently
        updated")."""
        Opsledger.open(store_url).close()
        for _ in range(10):
            assert _open_round(store_url, 4) == []

    @pytest.mark.postgres
    def test_on_a_new_postgres_database(self, pg_url: str) -> None:
        """Four openers at once on an empty PostgreSQL database all open it."""
        assert _open_round(pg_url, 4) == []

    def test_on_a_new_sqlite_file(self, tmp_path: Path) -> None:
        """Four openers at once on a new SQLite file all open it, round after round (each
        round a new file), up to 300 rounds."""
        for round_number in range(300):
            url = f"sqlite:///{tmp_path / f'new-{round_number}.db'}"
            assert _open_round(url, 4) == [], f"round {round_number}"


class TestTextTheCommandSideAccepts:
    """Whatever text a command carries, the projection never gets stuck on it: text the store
    cannot hold (U+0000: PostgreSQL JSONB and TEXT reject it) is refused at the command side
    with invalid_command, or else is projected exactly."""

    def test_a_nul_character_never_stops_the_projection(self, ledger: Opsledger) -> None:
        """A summary containing U+0000: either invalid_command and nothing appended, or an
        audit-trail row with the exact text; either way catch-up completes with lag 0."""
        summary = "pasted from a form\x00with a NUL"
        result = ledger.submit(
            {
                "type": "complaint.register",
                "command_id": str(uuid4()),
                "actor": AGENT,
                "payload": {
                    "customer_id": "c-1",
                    "channel": "online",
                    "summary": summary,
                    "remedy_sought": "refund",
                },
            }
        )
        ledger.projections.catch_up()
        assert ledger.projections.status()[0].lag == 0
        if result.ok:
            (row,) = trail(ledger)
            assert row["payload"]["summary"] == summary
        else:
            assert result.code == "invalid_command"
            assert logged(ledger) == []
