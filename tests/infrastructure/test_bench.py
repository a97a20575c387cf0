"""scripts/bench (DESIGN §5) in its smallest configuration: the figures it prints on each store,
and that it never writes beside events a store already holds. Speed itself is not tested."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest

from application.commands.budget import BUDGET
from application.snapshots import SNAPSHOT_AFTER_EVENTS
from application.state_cache import StateCache
from domain.budget.events import SpendRecorded
from domain.budget.values import Status
from domain.complaint.events import ComplaintClosed, ComplaintReceived, ComplaintSlaBreached
from domain.complaint.values import SlaKind
from infrastructure.bench.baselines import RAW_LOG_TABLE, RAW_TABLE
from infrastructure.bench.budget_workload import (
    ACCOUNT,
    APPROVAL_EVENTS,
    approved_budget,
    record_spends,
    spend_commands,
    spends_total,
)
from infrastructure.bench.bulk_submit import bulk_run, expected_appends, raw_run
from infrastructure.bench.bulk_workload import Line, bulk_workload
from infrastructure.bench.cli import main
from infrastructure.bench.errors import BenchError, WorkloadRefused
from infrastructure.bench.load_time import measure_p6_budget
from infrastructure.bench.p1_commands import complaint_commands
from infrastructure.bench.sizes import SIZES
from infrastructure.bench.stores import scratch_stores
from infrastructure.bench.sweep_time import prepare, timed_sweep
from infrastructure.bench.sweep_workload import (
    Commands,
    Workload,
    closed_complaint,
    fill,
    sweep_workload,
)
from infrastructure.clock import SystemClock
from infrastructure.integrity.log_pages import stored_rows
from infrastructure.opsledger import Opsledger
from infrastructure.sql.database import Database
from infrastructure.store.url import StoreUrl
from projections.registry import PROJECTIONS
from tests.clocks import FixedClock

TINY = ["--tiny", "--runs", "1"]
ROOT = Path(__file__).resolve().parents[2]


def _suffix(store_url: str) -> str:
    return ".sqlite" if store_url.startswith("sqlite") else ""


def _kind(store_url: str) -> str:
    return "sqlite" if store_url.startswith("sqlite") else "postgresql"


def _bench_json(store_url: str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    status = main(["--store", store_url, *TINY, "--json"])
    out = capsys.readouterr().out
    assert status == 0
    figures: dict[str, Any] = json.loads(out)
    return figures


def _is_positive_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0


def _leftover_scratch_databases(store_url: str) -> list[str]:
    """Scratch files beside a SQLite store, or bench databases on the PostgreSQL server other
    than the test's own."""
    store = StoreUrl.parse(store_url)
    if store.kind == "sqlite":
        parent = Path(store.path).parent
        return [p.name for p in parent.iterdir() if p.name.startswith("opsledger-bench-")]
    with psycopg.connect(store.conninfo(), autocommit=True) as connection:
        rows = connection.execute(
            "SELECT datname FROM pg_database WHERE starts_with(datname, %s)",
            (f"{store.dbname}_scratch_",),
        ).fetchall()
    return [name for (name,) in rows]


def _has_raw_table(store_url: str, table: str = RAW_TABLE) -> bool:
    with Opsledger.open(store_url) as opsledger:
        if opsledger.database.dialect == "sqlite":
            statement = "SELECT 1 FROM sqlite_master WHERE name = %s"
        else:
            statement = "SELECT 1 FROM information_schema.tables WHERE table_name = %s"
        return bool(opsledger.database.query(statement, (table,)))


def _domain_events(lines: Sequence[Line]) -> int:
    """DOMAIN §2 and §3, counted by hand from the commands: one event each, and one more for
    an order's last clause review (all three passed: ContractApproved) and for a delivery of
    everything ordered (OrderDelivered)."""
    kinds = [line.command["type"] for line in lines]
    risk_reviews = sum(
        1
        for line in lines
        if line.command["type"] == "order.review_clause"
        and line.command["payload"]["aspect"] == "risk"
    )
    return len(kinds) + risk_reviews + kinds.count("order.confirm_delivery")


class TestFigures:
    """`--json` prints one object keyed by bar id, P1, P2, P5, P6 (on a complaint, and on a
    budget: `P6.budget`) and P10 per store, with positive numbers."""

    def test_each_bar_is_keyed_by_bar_and_store_with_positive_figures(
        self, store_url: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """PostgreSQL figures are keyed `P1`, `P6`, `P6.budget`, SQLite ones `P1.sqlite`,
        `P6.budget.sqlite`, each naming its bar and variant. P1 is commands/s beside the raw
        rows/s of the same run and their ratio, met at 0.6; P6 is the p50 milliseconds to load
        the N-event complaint it names beside a 10-event one, met at 2x and 2 ms; P6.budget the
        same on a budget of N spends; P5 is verify's events/s beside a raw SELECT; P10 is sweep
        seconds beside closed complaints and with the open ones alone, met at 2x, with the sizes
        in its note; P2 is bulk submit's events/s (every entry its file stored: one per domain
        event and one per command record) beside raw executemany rows/s, met at 0.5. The
        baselines' scratch tables and the scratch stores of P2 and P10 are gone afterwards."""
        figures = _bench_json(store_url, capsys)
        suffix = _suffix(store_url)
        assert set(figures) == {
            f"P1{suffix}",
            f"P2{suffix}",
            f"P3{suffix}",
            f"P4{suffix}",
            f"P5{suffix}",
            f"P5.export{suffix}",
            f"P6{suffix}",
            f"P6.budget{suffix}",
            f"P10{suffix}",
        }
        assert {figure["store"] for figure in figures.values()} == {_kind(store_url)}
        assert {key: (f["bar"], f["variant"]) for key, f in figures.items()} == {
            f"P1{suffix}": ("P1", None),
            f"P2{suffix}": ("P2", None),
            f"P3{suffix}": ("P3", None),
            f"P4{suffix}": ("P4", None),
            f"P5{suffix}": ("P5", None),
            f"P5.export{suffix}": ("P5", "export"),
            f"P6{suffix}": ("P6", None),
            f"P6.budget{suffix}": ("P6", "budget"),
            f"P10{suffix}": ("P10", None),
        }

        p1 = figures[f"P1{suffix}"]
        assert (p1["unit"], p1["baseline_unit"]) == ("commands/s", "rows/s")
        for field in ("value", "baseline", "ratio"):
            assert _is_positive_number(p1[field]), field
        assert p1["met"] is (p1["ratio"] >= 0.6)
        assert p1["size"] == {"commands": SIZES["tiny"].commands}
        assert len(p1["runs"]) == 1

        tiny = SIZES["tiny"]
        p6 = figures[f"P6{suffix}"]
        _assert_p6_fields(p6)
        assert p6["size"] == {
            "events": tiny.aggregate_events,
            "loads": tiny.loads,
            "baseline_events": 10,
        }
        assert f"N={tiny.aggregate_events} events" in p6["note"]
        assert f"snapshot at version {tiny.aggregate_events}," in p6["note"]

        budget = figures[f"P6.budget{suffix}"]
        _assert_p6_fields(budget)
        assert budget["size"] == {
            "events": tiny.aggregate_events + APPROVAL_EVENTS,
            "spends": tiny.aggregate_events,
            "loads": tiny.loads,
            "baseline_events": 10,
        }
        assert f"N={tiny.aggregate_events} spends" in budget["note"]
        assert f"snapshot at version {tiny.aggregate_events + APPROVAL_EVENTS}," in budget["note"]
        assert not _has_raw_table(store_url), "the baseline's scratch table outlived the run"

        p2 = figures[f"P2{suffix}"]
        assert (p2["unit"], p2["baseline_unit"]) == ("events/s", "rows/s")
        for field in ("value", "baseline", "ratio"):
            assert _is_positive_number(p2[field]), field
        assert p2["target"] == "≥ 0.5x baseline"
        assert p2["met"] is (p2["ratio"] >= 0.5)
        assert p2["runs"] == [p2["value"]]
        events = _domain_events(bulk_workload(tiny.bulk_commands).lines)
        assert p2["size"] == {
            "commands": tiny.bulk_commands,
            "batch": tiny.bulk_batch,
            "events": events + tiny.bulk_commands,
            "domain_events": events,
            "command_records": tiny.bulk_commands,
        }
        assert f"{tiny.bulk_batch:,} lines per batch" in p2["note"]
        assert "json_lines.envelopes" in p2["note"]
        assert "a fresh empty store per run" in p2["note"]

        p5 = figures[f"P5{suffix}"]
        assert (p5["unit"], p5["baseline_unit"]) == ("events/s", "rows/s")
        for field in ("value", "baseline", "ratio"):
            assert _is_positive_number(p5[field]), field
        p5_bar = 0.5 if _kind(store_url) == "sqlite" else 0.7
        assert p5["target"] == f"≥ {p5_bar:g}x baseline"
        assert p5["met"] is (p5["ratio"] >= p5_bar)
        assert p5["size"]["events"] > SIZES["tiny"].aggregate_events

        export = figures[f"P5.export{suffix}"]
        assert (export["unit"], export["baseline_unit"]) == ("events/s", "rows/s")
        for field in ("value", "baseline", "ratio"):
            assert _is_positive_number(export[field]), field
        assert export["baseline"] == p5["baseline"]  # the same raw read, in the same runs
        assert export["target"] == "≥ 0.3x baseline"
        assert export["met"] is (export["ratio"] >= 0.3)
        assert export["size"] == p5["size"]

        p3 = figures[f"P3{suffix}"]
        assert (p3["unit"], p3["baseline_unit"]) == ("events/s", "events/s")
        for field in ("value", "baseline", "ratio"):
            assert _is_positive_number(p3[field]), field
        assert p3["met"] is (p3["ratio"] >= 0.25)
        assert p3["size"]["events"] >= p5["size"]["events"]
        assert p3["size"]["projections"] == len(PROJECTIONS)

        p4 = figures[f"P4{suffix}"]
        assert (p4["unit"], p4["baseline"]) == ("ms", None)
        assert p4["value"] >= 0
        assert p4["met"] is (p4["value"] <= 50)
        assert p4["size"] == {
            "commands": tiny.live_commands,
            "rate": 200,
            "projections": len(PROJECTIONS),
        }

        p10 = figures[f"P10{suffix}"]
        assert (p10["unit"], p10["baseline_unit"]) == ("s", "s")
        for field in ("value", "baseline", "ratio"):
            assert _is_positive_number(p10[field]), field
        assert p10["met"] is (p10["ratio"] <= 2.0)
        assert p10["target"] == "≤ 2x baseline"
        assert p10["size"] == {"closed": tiny.sweep_closed, "open": tiny.sweep_open}
        assert p10["runs"] == [p10["value"]]
        assert f"{tiny.sweep_closed} closed + {tiny.sweep_open} open" in p10["note"]
        assert "fresh copy" in p10["note"]
        assert not _leftover_scratch_databases(store_url), "scratch stores outlived the run"


def _assert_p6_fields(p6: dict[str, Any]) -> None:
    """A P6 figure: p50 ms beside the p50 ms of a 10-event aggregate, met at 2x and 2 ms."""
    assert (p6["unit"], p6["baseline_unit"]) == ("ms", "ms")
    for field in ("value", "baseline", "ratio"):
        assert _is_positive_number(p6[field]), field
    assert p6["target"] == "≤ 2x baseline, ≤ 2 ms"
    assert p6["met"] is (p6["ratio"] <= 2.0 and p6["value"] <= 2.0)
    assert p6["runs"] == [p6["value"]]


class TestOnly:
    """`--only` measures the bars named and no others."""

    def test_p5_alone_fills_the_log_and_gives_verify_and_export(
        self, sqlite_url: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        status = main(["--store", sqlite_url, *TINY, "--json", "--only", "p5"])
        figures = json.loads(capsys.readouterr().out)

        assert status == 0
        assert set(figures) == {"P5.sqlite", "P5.export.sqlite"}
        tiny = SIZES["tiny"]
        # P1's commands (two events each: the event and the command's record), and P6's
        # complaint and budget of N events (the budget's approval and their records besides).
        assert (
            figures["P5.sqlite"]["size"]["events"]
            > 2 * (tiny.warmup_commands + tiny.commands) + 2 * tiny.aggregate_events
        )

    def test_an_unknown_bar_is_a_usage_error(self, capsys: pytest.CaptureFixture[str]) -> None:
        with pytest.raises(SystemExit) as exit_:
            main(["--only", "P5,P7"])

        assert exit_.value.code == 2
        assert "not a bar: P7" in capsys.readouterr().err


class TestTable:
    """Without --json the figures are a table for people."""

    def test_table_has_a_row_per_bar_and_its_notes(
        self, sqlite_url: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Headings, one row per bar in the order of their numbers, and a note naming the
        aggregate's N."""
        assert main(["--store", sqlite_url, *TINY]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines[0].split() == [
            "bar",
            "store",
            "value",
            "unit",
            "baseline",
            "ratio",
            "bar",
            "target",
            "met",
        ]
        assert [line.split()[:2] for line in lines[2:11]] == [
            ["P1", "sqlite"],
            ["P2", "sqlite"],
            ["P3", "sqlite"],
            ["P4", "sqlite"],
            ["P5", "sqlite"],
            ["P5.export", "sqlite"],
            ["P6", "sqlite"],
            ["P6.budget", "sqlite"],
            ["P10", "sqlite"],
        ]
        assert any(line.startswith("P6.sqlite: N=") for line in lines)
        assert any(line.startswith("P6.budget.sqlite: N=") for line in lines)

    def test_module_runs_as_a_script(self, sqlite_url: str) -> None:
        """`python -m infrastructure.bench`, as scripts/bench runs it, prints JSON and exits 0."""
        done = subprocess.run(
            [sys.executable, "-m", "infrastructure.bench", "--store", sqlite_url, *TINY, "--json"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert set(json.loads(done.stdout)) == {
            "P1.sqlite",
            "P2.sqlite",
            "P3.sqlite",
            "P4.sqlite",
            "P5.sqlite",
            "P5.export.sqlite",
            "P6.sqlite",
            "P6.budget.sqlite",
            "P10.sqlite",
        }


class TestUsersData:
    """A store named by --store is benchmarked only while it holds no events."""

    def test_store_with_events_is_refused_in_one_line(
        self, store_url: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The bench exits 1 with one line on stderr and writes nothing."""
        with Opsledger.open(store_url) as opsledger:
            assert opsledger.submit(complaint_commands(1)[0]).ok
            before = len(opsledger.ledger.recorder.select_notifications(start=None, limit=100))
        status = main(["--store", store_url, *TINY])
        captured = capsys.readouterr()
        assert status == 1
        assert captured.out == ""
        assert captured.err.count("\n") == 1
        assert "already holds events" in captured.err
        with Opsledger.open(store_url) as opsledger:
            after = opsledger.ledger.recorder.select_notifications(start=None, limit=100)
        assert len(after) == before

    def test_bad_url_is_one_line(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unusable URL is a one-line error, not a traceback."""
        assert main(["--store", f"mysql://{uuid.uuid4().hex}", *TINY]) == 1
        err = capsys.readouterr().err
        assert err.startswith("bench: unsupported store URL")
        assert err.count("\n") == 1


class TestWorkload:
    """P1's commands are a service desk's mix that opsledger accepts in order."""

    def test_about_a_quarter_register_a_quarter_acknowledge_half_escalate(self) -> None:
        """Out of 400 commands, each kind is within one percent of its share."""
        kinds = [command["type"] for command in complaint_commands(400)]
        shares = {
            "complaint.register": 0.25,
            "complaint.acknowledge": 0.25,
            "complaint.escalate": 0.5,
        }
        assert len(kinds) == 400
        for kind, share in shares.items():
            assert abs(kinds.count(kind) / 400 - share) <= 0.01, kind

    def test_each_command_follows_its_complaints_registration(self) -> None:
        """Acknowledge and escalate name a complaint registered earlier; levels rise from 1."""
        registered: set[str] = set()
        levels: dict[str, int] = {}
        for command in complaint_commands(200):
            complaint = command["aggregate_id"]
            if command["type"] == "complaint.register":
                registered.add(complaint)
                continue
            assert complaint in registered
            if command["type"] == "complaint.escalate":
                assert command["payload"]["level"] == levels.get(complaint, 0) + 1
                assert command["reason"]
                levels[complaint] = command["payload"]["level"]


def _index(database: Database) -> list[tuple[Any, ...]]:
    return database.query(
        "SELECT aggregate_id, aggregate_type, due_at FROM deadlines ORDER BY aggregate_id"
    )


def _ids(complaints: list[Commands]) -> list[uuid.UUID]:
    return [uuid.UUID(commands[0]["aggregate_id"]) for commands in complaints]


class TestSweepStores:
    """P10's stores are what the command path would store, and its sweeps do the real work."""

    def test_bulk_fill_stores_exactly_what_submitting_one_by_one_stores(
        self, store_url: str, clock: FixedClock
    ) -> None:
        """The same commands, filled in batches (a partial one last) and submitted one by one on
        the same clock, give the same log byte for byte (positions, states, chain hashes) and
        the same deadline index: the open complaints' acknowledgement deadlines, nothing for
        the closed ones."""
        workload = sweep_workload(closed=6, open_=3, now=clock.now())
        complaints = list(workload.complaints())
        with scratch_stores(StoreUrl.parse(store_url)) as scratch:
            filled, submitted = scratch.new(), scratch.new()
            with Opsledger(filled, clock=clock) as opsledger:
                assert fill(opsledger, complaints, batch=4) == 6 * 16 + 3 * 2
                filled_log = list(stored_rows(opsledger.database))
                filled_index = _index(opsledger.database)
            with Opsledger(submitted, clock=clock) as opsledger:
                for commands in complaints:
                    for command in commands:
                        assert opsledger.submit(command).ok, command["type"]
                submitted_log = list(stored_rows(opsledger.database))
                submitted_index = _index(opsledger.database)
        assert filled_log == submitted_log
        assert filled_index == submitted_index
        assert {uuid.UUID(str(row[0])) for row in filled_index} == workload.open_ids
        for _, kind, due_at in filled_index:
            due = due_at if isinstance(due_at, datetime) else datetime.fromisoformat(due_at)
            assert kind == "complaint"
            assert due == clock.now() - timedelta(hours=1)  # registered ack time + 1 h ago

    def test_a_timed_sweep_appends_one_acknowledgement_breach_to_each_open_complaint(
        self, store_url: str
    ) -> None:
        """At the tiny size, a timed sweep on a fresh copy examines exactly the open complaints
        and appends one acknowledgement breach to each, and nothing to the closed ones; the
        store it was copied from is untouched, and a second sweep on the copy, finding nothing,
        stops the bench rather than time no work."""
        tiny = SIZES["tiny"]
        workload = sweep_workload(
            closed=tiny.sweep_closed, open_=tiny.sweep_open, now=SystemClock().now()
        )
        complaints = list(workload.complaints())
        closed_ids = set(_ids(complaints)) - workload.open_ids
        assert (len(closed_ids), len(workload.open_ids)) == (tiny.sweep_closed, tiny.sweep_open)
        with scratch_stores(StoreUrl.parse(store_url)) as scratch:
            original = scratch.new()
            prepare(original, complaints, progress=lambda _: None)
            copy = scratch.copy(original)
            seconds, report = timed_sweep(copy, expected=workload.open_ids)
            assert seconds > 0
            assert report.examined == tiny.sweep_open
            assert sorted(b.aggregate_id for b in report.breaches) == sorted(workload.open_ids)
            with Opsledger(copy) as opsledger:
                for complaint in workload.open_ids:
                    events = [r.event for r in opsledger.history(complaint)]
                    assert [type(e) for e in events] == [ComplaintReceived, ComplaintSlaBreached]
                    breach = events[-1]
                    assert isinstance(breach, ComplaintSlaBreached)
                    assert breach.which is SlaKind.ACKNOWLEDGEMENT
                for complaint in closed_ids:
                    events = [r.event for r in opsledger.history(complaint)]
                    assert len(events) == 8
                    assert isinstance(events[-1], ComplaintClosed)
                assert _index(opsledger.database) == []
            with Opsledger(original) as opsledger:
                assert len(_index(opsledger.database)) == tiny.sweep_open
                for complaint in workload.open_ids:
                    assert len(opsledger.history(complaint)) == 1
            with pytest.raises(BenchError, match="examined 0 complaint"):
                timed_sweep(copy, expected=workload.open_ids)

    def test_open_complaints_are_spread_evenly_through_the_log(self) -> None:
        """Three open complaints among ten closed ones come after the 2nd, 5th and 9th closed
        one; with no closed ones the open ones are all there is."""
        workload = sweep_workload(closed=10, open_=3, now=SystemClock().now())
        ids = _ids(list(workload.complaints()))
        assert len(ids) == 13
        assert [n for n, i in enumerate(ids) if i in workload.open_ids] == [2, 6, 11]
        alone = Workload(now=workload.now, closed=0, opened=workload.opened)
        assert set(_ids(list(alone.complaints()))) == workload.open_ids

    def test_a_refused_command_stops_the_fill_with_its_reason(self, sqlite_url: str) -> None:
        """A command opsledger refuses ends the fill with the refusal (its code where the
        handler gives one without asking the store), and the deciding thread ends too;
        complaints decided in whole batches before it are stored."""
        now = SystemClock().now()
        good = closed_complaint(now - timedelta(days=30))
        bad = closed_complaint(now - timedelta(days=30))
        del bad[1:-1]  # registered, then closed at once
        threads = threading.active_count()
        with Opsledger.open(sqlite_url) as opsledger:
            with pytest.raises(WorkloadRefused, match=r"complaint\.close"):
                fill(opsledger, [good, bad], batch=1)
            assert threading.active_count() == threads
            assert len(opsledger.history(uuid.UUID(good[0]["aggregate_id"]))) == 8
            blank = closed_complaint(now - timedelta(days=30))[:1]
            blank[0]["payload"]["summary"] = " "
            with pytest.raises(WorkloadRefused, match=r"complaint\.register: rule_violation"):
                fill(opsledger, [blank])
            assert threading.active_count() == threads


class TestBudgetLoads:
    """P6.budget loads a budget approved by three people and spent against N times, through the
    command path, from the snapshot its first load leaves."""

    def test_timed_loads_start_from_the_snapshot_the_first_load_leaves(
        self, store_url: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """At the tiny size (above the snapshot threshold) the figure has every field; the
        budget's one snapshot is at its last version; only the untimed first load replays its
        whole log, every later load reads the snapshot's event alone; and its state, approved,
        has spent exactly what its N stored spends add up to."""
        tiny = SIZES["tiny"]
        assert tiny.aggregate_events >= SNAPSHOT_AFTER_EVENTS
        events = tiny.aggregate_events + APPROVAL_EVENTS
        with Opsledger.open(store_url) as opsledger:
            reads: list[tuple[uuid.UUID, int | None, int]] = []
            history = opsledger.ledger.history

            def spied(aggregate_id: uuid.UUID, **versions: Any) -> list[Any]:
                found = history(aggregate_id, **versions)
                reads.append((aggregate_id, versions.get("after_version"), len(found)))
                return found

            monkeypatch.setattr(opsledger.ledger, "history", spied)
            figure = measure_p6_budget(opsledger, sizes=tiny, runs=2, progress=lambda _: None)
            monkeypatch.undo()

            assert (figure.bar, figure.variant, figure.key) == (
                "P6",
                "budget",
                "P6.budget" + _suffix(store_url),
            )
            assert (figure.unit, figure.baseline_unit) == ("ms", "ms")
            assert figure.baseline is not None
            assert figure.ratio is not None
            assert min(figure.value, figure.baseline, figure.ratio) > 0
            assert len(figure.runs) == 2
            assert figure.met is (figure.ratio <= 2.0 and figure.value <= 2.0)
            assert f"snapshot at version {events}," in figure.note

            snapshots = [s for s in opsledger.snapshots.all() if s.aggregate_type == "budget"]
            assert [s.version for s in snapshots] == [events]  # none of the 10-event budget
            budget = snapshots[0].aggregate_id

            mine = [(after, found) for aggregate, after, found in reads if aggregate == budget]
            assert mine.count((None, events)) == 1, "more than the first load replayed the log"
            # Every timed load, and the check after them, reads the snapshot's event alone.
            assert mine.count((events - 1, 1)) == 2 * tiny.loads + 1
            assert [m for m in mine if m[1] > APPROVAL_EVENTS and m != (None, events)] == []

            loaded = opsledger.ledger.load(BUDGET, budget)
            assert loaded.version == events
            assert loaded.state.status is Status.APPROVED
            stored = [r.event for r in opsledger.history(budget)]
            spends = [e for e in stored if isinstance(e, SpendRecorded)]
            assert len(spends) == tiny.aggregate_events
            assert sum(loaded.state.spent(ACCOUNT)) == sum(e.amount for e in spends)
            assert sum(e.amount for e in spends) == spends_total(tiny.aggregate_events)

    def test_bulk_spends_store_exactly_what_submitting_one_by_one_stores(
        self, store_url: str, clock: FixedClock
    ) -> None:
        """The same approved budget on two stores and the same clock, its spends recorded in
        batches (a partial one last) on one and submitted one by one on the other, gives the
        same log byte for byte (positions, states, chain hashes) and the same deadline index."""
        with scratch_stores(StoreUrl.parse(store_url)) as scratch:
            logs = []
            for bulk in (True, False):
                with Opsledger(scratch.new(), clock=clock) as opsledger:
                    budget = approved_budget(opsledger, department="bench-test", fiscal_year=2026)
                    if bulk:
                        assert record_spends(opsledger, budget, 7, batch=3) == 2 * 7
                    else:
                        for command in spend_commands(budget, 7):
                            assert opsledger.submit(command).ok, command["payload"]
                    logs.append(
                        (budget, list(stored_rows(opsledger.database)), _index(opsledger.database))
                    )
        assert logs[0] == logs[1]
        assert len(logs[0][1]) == 2 * (APPROVAL_EVENTS + 7)  # each event with its command record

    def test_a_spend_opsledger_refuses_stops_the_fill(self, sqlite_url: str) -> None:
        """A spend the budget cannot take (against an account it has not) ends a fill started
        from the loaded budget with the refusal; the spends before it, in whole batches, are
        stored."""
        with Opsledger.open(sqlite_url) as opsledger:
            budget = approved_budget(opsledger, department="bench-test", fiscal_year=2026)
            cache = StateCache()
            cache.put(BUDGET.name, budget, opsledger.ledger.load(BUDGET, budget))
            commands = list(spend_commands(budget, 2))
            commands[1]["payload"]["account"] = "catering"
            with pytest.raises(WorkloadRefused, match=r"budget\.record_spend"):
                fill(opsledger, [commands[:1], commands[1:]], batch=1, cache=cache)
            assert len(opsledger.history(budget)) == APPROVAL_EVENTS + 1


def _sqlite(directory: Path, name: str) -> StoreUrl:
    return StoreUrl(kind="sqlite", path=str(directory / name))


class TestBulkSubmit:
    """P2 submits a JSON-lines file through `submit_batch` on a fresh store and stores exactly
    what the file's commands name, one transaction per batch; its baseline writes those rows."""

    def test_bulk_run_stores_the_expected_events_as_one_by_one_submits_would(
        self, store_url: str, clock: FixedClock, tmp_path: Path
    ) -> None:
        """At the tiny size, every line is accepted; the log holds one entry per domain event
        (counted by hand from the commands) and one command record per line, stored in one
        append per batch; each order approved and delivered has its ContractApproved and
        OrderDelivered; and submitting the same lines one by one on the same clock gives the
        same log byte for byte."""
        tiny = SIZES["tiny"]
        workload = bulk_workload(tiny.bulk_commands)
        path = tmp_path / "commands.jsonl"
        path.write_bytes(workload.json_lines())
        assert len(path.read_bytes().splitlines()) == tiny.bulk_commands
        events = _domain_events(workload.lines)
        assert workload.events == events
        with scratch_stores(StoreUrl.parse(store_url)) as scratch:
            bulk, one_by_one = scratch.new(), scratch.new()
            run = bulk_run(bulk, path, workload, batch=tiny.bulk_batch, clock=clock)
            with Opsledger(bulk) as opsledger:
                log = list(stored_rows(opsledger.database))
            with Opsledger(one_by_one, clock=clock) as opsledger:
                for line in workload.lines:
                    assert opsledger.submit(line.command).ok, line.command["type"]
                submitted = list(stored_rows(opsledger.database))
        assert len(run.results) == tiny.bulk_commands
        assert all(result.ok for result in run.results)
        assert sum(len(result.events) for result in run.results) == events
        assert len(log) == events + tiny.bulk_commands
        assert [tuple(row) for row in log] == list(run.stored)
        topics = [row[3] for row in log]
        assert topics.count("CommandHandled") == tiny.bulk_commands
        assert len(topics) - topics.count("CommandHandled") == events
        kinds = [line.command["type"] for line in workload.lines]
        assert topics.count("ContractApproved") == sum(
            1
            for line in workload.lines
            if line.command["type"] == "order.review_clause"
            and line.command["payload"]["aspect"] == "risk"
        )
        assert topics.count("OrderDelivered") == kinds.count("order.confirm_delivery") > 0
        assert topics.count("ComplaintClosed") == kinds.count("complaint.close") > 0
        batches = -(-tiny.bulk_commands // tiny.bulk_batch)
        assert len(run.appends) == batches > 1
        assert list(run.appends) == expected_appends(workload.lines, tiny.bulk_batch)
        assert sum(run.appends) == len(log)
        assert log == submitted

    def test_a_refused_or_unreadable_line_stops_the_bench_naming_it(self, tmp_path: Path) -> None:
        """A line opsledger refuses (a complaint closed right after its registration) or cannot
        read stops the figure with that line's number and refusal."""
        workload = bulk_workload(SIZES["tiny"].bulk_commands)
        lines = workload.json_lines().splitlines(keepends=True)
        kinds = [line.command["type"] for line in workload.lines]
        close = lines[kinds.index("complaint.close")]
        complaint = workload.lines[kinds.index("complaint.close")].command["aggregate_id"]
        register = next(
            n for n, line in enumerate(workload.lines) if line.command["aggregate_id"] == complaint
        )
        early = tmp_path / "early.jsonl"
        early.write_bytes(b"".join([*lines[: register + 1], close, *lines[register + 1 :]]))
        with pytest.raises(
            WorkloadRefused, match=rf"line {register + 2} .*: rule_violation: .*satisfied"
        ):
            bulk_run(_sqlite(tmp_path, "early.db"), early, workload, batch=20)
        broken = tmp_path / "broken.jsonl"
        broken.write_bytes(b"".join([*lines[:3], b"{not json\n", *lines[3:]]))
        with pytest.raises(WorkloadRefused, match=r"line 4 .*: invalid_command"):
            bulk_run(_sqlite(tmp_path, "broken.db"), broken, workload, batch=20)

    def test_a_submit_that_does_not_batch_stops_the_bench(
        self, sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Were submit_batch to store each command in a transaction of its own, the figure would
        not be P2's: the bench counts the appends and stops."""
        workload = bulk_workload(SIZES["tiny"].bulk_commands)
        path = tmp_path / "commands.jsonl"
        path.write_bytes(workload.json_lines())
        one_by_one = Opsledger.submit_batch
        monkeypatch.setattr(
            Opsledger,
            "submit_batch",
            lambda self, items: [r for item in items for r in one_by_one(self, [item])],
        )
        with pytest.raises(BenchError, match=r"in 60 append\(s\), not in one per batch"):
            bulk_run(StoreUrl.parse(sqlite_url), path, workload, batch=20)

    def test_the_baseline_writes_exactly_the_rows_and_drops_its_table(
        self, store_url: str, tmp_path: Path
    ) -> None:
        """The raw baseline inserts every row the bulk run stored into its own table in the same
        store (a row more or less would be a different workload), and drops it afterwards."""
        workload = bulk_workload(SIZES["tiny"].bulk_commands)
        path = tmp_path / "commands.jsonl"
        path.write_bytes(workload.json_lines())
        store = StoreUrl.parse(store_url)
        run = bulk_run(store, path, workload, batch=20)
        seconds, durability = raw_run(store, run.stored, per_transaction=20)
        assert seconds > 0
        assert "sync" in durability
        assert not _has_raw_table(store_url, RAW_LOG_TABLE)
        with Opsledger(store) as opsledger:
            assert len(list(stored_rows(opsledger.database))) == workload.rows


class TestBulkWorkload:
    """P2's file: lives of complaints and orders side by side, each in its order."""

    def test_each_aggregate_is_created_first_and_lives_span_batches(self) -> None:
        """At the quick size every aggregate's first line creates it and its later lines follow
        in order; complaints and orders both run to close; and lives run across the batches
        of 1,000, so later batches act on aggregates earlier ones created."""
        quick = SIZES["quick"]
        workload = bulk_workload(quick.bulk_commands)
        assert workload.commands == quick.bulk_commands
        first_line: dict[str, int] = {}
        for number, line in enumerate(workload.lines):
            aggregate = line.command["aggregate_id"]
            if line.command["type"] in ("complaint.register", "order.draft"):
                assert aggregate not in first_line
                first_line[aggregate] = number
            else:
                assert aggregate in first_line, line.command["type"]
        kinds = [line.command["type"] for line in workload.lines]
        assert kinds.count("complaint.close") > 0
        assert kinds.count("order.close") > 0
        crossing = {
            line.command["aggregate_id"]
            for number, line in enumerate(workload.lines)
            if number // quick.bulk_batch
            > first_line[line.command["aggregate_id"]] // quick.bulk_batch
        }
        assert len(crossing) >= 50
