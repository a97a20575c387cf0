"""`opsledger demo`: a simulated quarter of complaint handling on real SQLite and PostgreSQL."""

from __future__ import annotations

import contextlib
import io
import json
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

import attrs
import pytest

from infrastructure.cli.main import main
from infrastructure.demo.planning import plan_quarter
from infrastructure.demo.run import run_demo
from infrastructure.demo.scenarios import ComplaintPath
from infrastructure.demo.simulated_clock import Quarter
from infrastructure.opsledger import Opsledger

#: A fixed "today", so the simulated quarter (2026-Q3) does not move with the calendar.
TODAY = date(2026, 11, 22)
#: Small enough to be quick, large enough that every path of the demo is taken once.
COMPLAINTS = 10
SEED = 7

#: Events only some paths produce: reopened, escalated, paused, closed unresolved, and the
#: breaches the sweep notices (a late acknowledgement among them).
VARIETY = {
    "ComplaintReopened",
    "ComplaintEscalated",
    "ComplaintPaused",
    "ComplaintClosedUnresolved",
    "ComplaintSlaBreached",
}


@attrs.frozen(kw_only=True)
class DemoRun:
    """One demo run: the store it wrote to, its exit status, JSON summary and progress lines."""

    url: str
    status: int
    summary: dict[str, Any]
    progress: str


def run(url: str, *, seed: int = SEED) -> DemoRun:
    out, progress = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out):
        status = run_demo(
            store=url,
            seed=seed,
            complaints=COMPLAINTS,
            as_json=True,
            today=TODAY,
            progress=progress,
        )
    return DemoRun(
        url=url, status=status, summary=json.loads(out.getvalue()), progress=progress.getvalue()
    )


def event_types_by_stream(url: str) -> dict[str, list[str]]:
    """Every stream in the log (complaints and command records) with its event types in order."""
    streams: dict[str, list[str]] = defaultdict(list)
    with Opsledger.open(url) as ledger:
        position = 0
        while page := ledger.ledger.recorder.select_notifications(
            start=position, limit=500, inclusive_of_start=False
        ):
            for notification in page:
                streams[str(notification.originator_id)].append(notification.topic)
            position = page[-1].id
    return dict(streams)


def audit_position_and_head(url: str) -> tuple[int, int]:
    with Opsledger.open(url) as ledger:
        (status,) = ledger.projections.status("audit_trail")
        return status.position, ledger.projections.head()


def appended_types(url: str) -> set[str]:
    return {topic for topics in event_types_by_stream(url).values() for topic in topics}


@pytest.fixture(scope="module")
def sqlite_run(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    """One demo run on a fresh SQLite file, shared by the tests that only read its results."""
    return run(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}")


class TestQuarterOnSqlite:
    def test_runs_cleanly(self, sqlite_run: DemoRun) -> None:
        """Every command meant to be accepted is accepted, and the run exits 0."""
        assert sqlite_run.status == 0
        assert sqlite_run.summary["unexpected"] == []
        assert sqlite_run.summary["complaints"] == COMPLAINTS
        assert sqlite_run.summary["quarter"] == "2026-Q3"

    def test_appends_every_kind_of_event(self, sqlite_run: DemoRun) -> None:
        """Reopened, escalated, paused, closed-unresolved complaints and swept breaches occur."""
        assert appended_types(sqlite_run.url) >= VARIETY
        assert set(sqlite_run.summary["appended"]) >= VARIETY

    def test_sweep_notices_a_late_acknowledgement(self, sqlite_run: DemoRun) -> None:
        """The complaint acknowledged late has its breach recorded by the sweep, not inferred."""
        assert sqlite_run.summary["breaches_noticed"]["acknowledgement"] >= 1

    def test_audit_trail_is_caught_up_to_the_log_head(self, sqlite_run: DemoRun) -> None:
        position, head = audit_position_and_head(sqlite_run.url)
        assert position == head > 0
        assert sqlite_run.summary["audit_trail_position"] == sqlite_run.summary["log_head"] == head

    def test_deliberate_mistakes_are_refused_and_logged(self, sqlite_run: DemoRun) -> None:
        """A wrong role gets `forbidden`; closing before the customer is satisfied is a rule
        violation; each refusal is in the security log."""
        refusals = sqlite_run.summary["refusals"]
        codes = {(r["command_type"], r["code"]) for r in refusals}
        assert ("complaint.escalate", "forbidden") in codes
        assert ("complaint.close", "rule_violation") in codes
        assert all(r["deliberate"] for r in refusals)
        assert sqlite_run.summary["security_log_entries"] == len(refusals)

    def test_shows_the_history_of_a_complaint_with_an_eventful_path(
        self, sqlite_run: DemoRun
    ) -> None:
        history = [event["event_type"] for event in sqlite_run.summary["showcase_history"]]
        assert history[0] == "ComplaintReceived"
        assert {"ComplaintPaused", "ComplaintEscalated", "ComplaintReopened"} <= set(history)

    def test_reports_progress_per_simulated_week(self, sqlite_run: DemoRun) -> None:
        lines = sqlite_run.progress.splitlines()
        assert lines[0].startswith("2026-Q3 week  1/14")
        assert len(lines) == 14

    def test_the_same_seed_gives_the_same_ids_and_histories(
        self, sqlite_run: DemoRun, sqlite_url: str
    ) -> None:
        """A second run on a fresh store produces the same streams with the same event types."""
        again = run(sqlite_url)
        assert event_types_by_stream(again.url) == event_types_by_stream(sqlite_run.url)
        assert again.summary["showcase_id"] == sqlite_run.summary["showcase_id"]

    def test_running_again_on_the_same_store_appends_nothing(self, sqlite_run: DemoRun) -> None:
        """Command ids repeat, so every command is answered with its first result."""
        before = event_types_by_stream(sqlite_run.url)
        again = run(sqlite_run.url)
        assert again.status == 0
        assert again.summary["events_appended"] == 0
        assert again.summary["statuses"] == sqlite_run.summary["statuses"]
        assert event_types_by_stream(sqlite_run.url) == before


@pytest.mark.postgres
class TestQuarterOnPostgres:
    def test_runs_with_every_kind_of_event_and_a_caught_up_audit_trail(self, pg_url: str) -> None:
        result = run(pg_url)
        assert result.status == 0
        assert appended_types(pg_url) >= VARIETY
        position, head = audit_position_and_head(pg_url)
        assert position == head > 0


class TestPlan:
    @pytest.mark.parametrize(
        ("today", "label"),
        [
            (date(2026, 11, 22), "2026-Q3"),
            (date(2026, 10, 1), "2026-Q3"),
            (date(2026, 9, 30), "2026-Q2"),
            (date(2026, 1, 5), "2025-Q4"),
        ],
    )
    def test_plays_the_last_full_quarter_before_today(self, today: date, label: str) -> None:
        assert Quarter.last_full_before(today).label == label

    def test_every_step_lies_inside_the_quarter_and_is_entered_after_it_happened(self) -> None:
        quarter = Quarter.last_full_before(TODAY)
        plans = plan_quarter(seed=SEED, quarter=quarter, complaints=40)
        steps = [step for plan in plans for step in plan.steps]
        assert all(quarter.start <= s.occurred_at <= s.entered_at < quarter.end for s in steps)
        for plan in plans:
            times = [step.occurred_at for step in plan.steps]
            assert times == sorted(times)

    def test_a_different_seed_plans_different_complaints(self) -> None:
        quarter = Quarter.last_full_before(TODAY)
        first = plan_quarter(seed=1, quarter=quarter, complaints=3)
        second = plan_quarter(seed=2, quarter=quarter, complaints=3)
        assert {p.complaint_id for p in first}.isdisjoint(p.complaint_id for p in second)

    def test_late_acknowledgements_come_after_a_sweep_has_noticed_them(self) -> None:
        quarter = Quarter.last_full_before(TODAY)
        plans = plan_quarter(seed=SEED, quarter=quarter, complaints=COMPLAINTS)
        (late,) = [p for p in plans if p.path is ComplaintPath.LATE_ACKNOWLEDGEMENT]
        received, acknowledged = late.steps[0], late.steps[1]
        assert acknowledged.occurred_at - received.occurred_at > timedelta(hours=24)


class TestCommandLine:
    def test_demo_prints_tables_and_a_history(
        self, sqlite_url: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        status = main(["--store", sqlite_url, "demo", "--complaints", "2", "--seed", "3"])
        captured = capsys.readouterr()
        assert status == 0
        assert "status at quarter end" in captured.out
        assert "ComplaintReopened" in captured.out  # the first complaint's full history
        assert "week  1/" in captured.err


class TestTheDemoKeepsToItsOwnStore:
    """The demo writes simulated history on a simulated clock: never into a store with data
    it did not write."""

    def test_a_store_holding_other_complaints_is_refused_untouched(self, sqlite_url: str) -> None:
        with Opsledger.open(sqlite_url) as ledger:
            assert ledger.submit(
                {
                    "type": "complaint.register",
                    "command_id": "7d1f5b0e-2a43-4c8e-9b61-0f3e2d4c5a76",
                    "actor": {"id": "u-1", "roles": ["customer_service"]},
                    "payload": {
                        "customer_id": "c-real",
                        "channel": "phone",
                        "summary": "a real complaint",
                        "remedy_sought": "refund",
                    },
                }
            ).ok
            head = ledger.projections.head()

        status = run_demo(store=sqlite_url, seed=7, complaints=COMPLAINTS, as_json=True)

        assert status == 2
        with Opsledger.open(sqlite_url) as ledger:
            assert ledger.projections.head() == head
