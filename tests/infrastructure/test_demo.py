"""`opsledger demo`: a simulated quarter of orders, projects and complaints on real SQLite and
PostgreSQL, which is also an end-to-end check of the rules."""

from __future__ import annotations

import contextlib
import io
import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

import attrs
import pytest

from application.commands.catalogue import KINDS
from domain.order.events import ContractSigned, OrderDrafted, PaymentReceived
from domain.project.events import ProjectProposed
from domain.shared.actor import Role
from domain.shared.recorded import Recorded
from infrastructure.cli.main import main
from infrastructure.demo import run as demo_run
from infrastructure.demo.complaints import ComplaintPath
from infrastructure.demo.orders import OrderPath
from infrastructure.demo.planning import Sizes, plan_quarter
from infrastructure.demo.projects import ProjectPath
from infrastructure.demo.run import run_demo
from infrastructure.demo.script import Plan, Refusal
from infrastructure.demo.simulated_clock import Quarter
from infrastructure.opsledger import Opsledger

#: A fixed "today", so the simulated quarter (2026-Q3) does not move with the calendar.
TODAY = date(2026, 11, 22)
QUARTER = Quarter.last_full_before(TODAY)
#: Small enough to be quick, large enough that every path of each kind is taken once.
COMPLAINTS = len(ComplaintPath) + 1
ORDERS = len(OrderPath) + 2
PROJECTS = len(ProjectPath)
SEED = 7
#: What `opsledger demo` plays unless told otherwise.
DEFAULT_SIZES = Sizes(complaints=240, orders=320, projects=24)
#: The default signing limit for CNY orders (DOMAIN §2).
LIMIT = Decimal(1_000_000)

#: Events only some complaint paths produce: reopened, escalated, paused, closed unresolved,
#: and the breaches the sweep notices (a late acknowledgement among them).
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

    def kind(self, name: str) -> dict[str, Any]:
        kind: dict[str, Any] = self.summary["kinds"][name]
        return kind


def run(url: str, *, seed: int = SEED, sizes: Sizes | None = None) -> DemoRun:
    sizes = sizes or Sizes(complaints=COMPLAINTS, orders=ORDERS, projects=PROJECTS)
    out, progress = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out):
        status = run_demo(
            store=url,
            seed=seed,
            complaints=sizes.complaints,
            orders=sizes.orders,
            projects=sizes.projects,
            as_json=True,
            today=TODAY,
            progress=progress,
        )
    return DemoRun(
        url=url, status=status, summary=json.loads(out.getvalue()), progress=progress.getvalue()
    )


def log_sequence(url: str) -> list[tuple[str, int, str]]:
    """The whole log in order: each entry's stream, version and type."""
    entries: list[tuple[str, int, str]] = []
    with Opsledger.open(url) as ledger:
        position = 0
        while page := ledger.ledger.recorder.select_notifications(
            start=position, limit=500, inclusive_of_start=False
        ):
            entries.extend((str(n.originator_id), n.originator_version, n.topic) for n in page)
            position = page[-1].id
    return entries


def event_types_by_stream(url: str) -> dict[str, list[str]]:
    streams: dict[str, list[str]] = defaultdict(list)
    for stream, _, topic in log_sequence(url):
        streams[stream].append(topic)
    return dict(streams)


def histories(url: str, kind: str) -> dict[UUID, list[Recorded]]:
    """Every record of a kind with its stored events."""
    with Opsledger.open(url) as ledger:
        topics = [event.type_name() for event in KINDS[kind].created_by]
        return {
            record_id: ledger.history(record_id)
            for record_id in ledger.ledger.ids_created_by(topics)
        }


def types(events: list[Recorded]) -> list[str]:
    return [event.event_type for event in events]


def after(events: list[Recorded], first: str, then: str) -> bool:
    """Whether an event `then` follows an event `first`."""
    names = types(events)
    return first in names and then in names[names.index(first) + 1 :]


def audit_position_and_head(url: str) -> tuple[int, int]:
    with Opsledger.open(url) as ledger:
        (status,) = ledger.projections.status("audit_trail")
        return status.position, ledger.projections.head()


def appended_types(url: str) -> set[str]:
    return {topic for _, _, topic in log_sequence(url)}


@pytest.fixture(scope="module")
def sqlite_run(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    """One demo run on a fresh SQLite file, shared by the tests that only read its results."""
    return run(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}")


@pytest.fixture(scope="module")
def default_plans() -> list[Plan]:
    """The quarter `opsledger demo` plays by default, planned but not played."""
    return plan_quarter(seed=SEED, quarter=QUARTER, sizes=DEFAULT_SIZES)


@pytest.fixture(scope="module")
def orders(sqlite_run: DemoRun) -> dict[UUID, list[Recorded]]:
    return histories(sqlite_run.url, "order")


@pytest.fixture(scope="module")
def projects(sqlite_run: DemoRun) -> dict[UUID, list[Recorded]]:
    return histories(sqlite_run.url, "project")


class TestQuarterOnSqlite:
    def test_runs_cleanly(self, sqlite_run: DemoRun) -> None:
        """Every command meant to be accepted is accepted, every deliberate mistake refused
        with its code, every predicted breach found, and the run exits 0."""
        assert sqlite_run.summary["unexpected"] == []
        assert sqlite_run.status == 0
        assert sqlite_run.summary["quarter"] == "2026-Q3"
        counts = {name: kind["count"] for name, kind in sqlite_run.summary["kinds"].items()}
        assert counts == {"complaint": COMPLAINTS, "order": ORDERS, "project": PROJECTS}

    def test_audit_trail_is_caught_up_to_the_log_head(self, sqlite_run: DemoRun) -> None:
        position, head = audit_position_and_head(sqlite_run.url)
        assert position == head > 0
        assert sqlite_run.summary["audit_trail_position"] == sqlite_run.summary["log_head"] == head

    def test_reports_progress_per_simulated_week(self, sqlite_run: DemoRun) -> None:
        lines = sqlite_run.progress.splitlines()
        assert lines[0].startswith("2026-Q3 week  1/14")
        assert "complaints" in lines[0]
        assert "orders" in lines[0]
        assert "projects" in lines[0]
        assert len(lines) == 14


class TestComplaints:
    def test_appends_every_kind_of_event(self, sqlite_run: DemoRun) -> None:
        """Reopened, escalated, paused, closed-unresolved complaints and swept breaches occur."""
        assert appended_types(sqlite_run.url) >= VARIETY
        assert set(sqlite_run.kind("complaint")["appended"]) >= VARIETY

    def test_sweep_notices_a_late_acknowledgement(self, sqlite_run: DemoRun) -> None:
        """The complaint acknowledged late has its breach recorded by the sweep, not inferred."""
        noticed = sqlite_run.kind("complaint")["breaches_noticed"]
        assert noticed["ComplaintSlaBreached (acknowledgement)"] >= 1

    def test_shows_the_history_of_a_complaint_with_an_eventful_path(
        self, sqlite_run: DemoRun
    ) -> None:
        complaint = sqlite_run.kind("complaint")
        history = [event["event_type"] for event in complaint["showcase_history"]]
        assert history[0] == "ComplaintReceived"
        assert {"ComplaintPaused", "ComplaintEscalated", "ComplaintReopened"} <= set(history)


class TestOrders:
    def test_a_rejected_review_is_amended_with_a_reason_then_approved(
        self, orders: dict[UUID, list[Recorded]]
    ) -> None:
        amended = [
            events
            for events in orders.values()
            if after(events, "ContractRejected", "OrderAmended")
            and after(events, "OrderAmended", "ContractApproved")
        ]
        assert amended
        for events in amended:
            assert all(e.reason for e in events if e.event_type == "OrderAmended")

    def test_management_signs_above_the_limit_and_sales_managers_the_rest(
        self, orders: dict[UUID, list[Recorded]]
    ) -> None:
        """Above the limit, or in a currency with no limit (USD), management signs; within
        the CNY limit a sales manager who is not the order's sales rep."""
        signed: Counter[tuple[str, str]] = Counter()
        for events in orders.values():
            drafted = events[0]
            assert isinstance(drafted.event, OrderDrafted)
            currency = drafted.event.currency
            for e in events:
                if not isinstance(e.event, ContractSigned):
                    continue
                value = e.event.order_value
                assert e.actor.id != drafted.actor.id
                if currency != "CNY" or value > LIMIT:
                    assert e.actor.holds(Role.MANAGEMENT)
                    signed["management", currency] += 1
                else:
                    assert e.actor.holds(Role.SALES_MANAGER)
                    assert not e.actor.holds(Role.MANAGEMENT)
                    signed["sales_manager", currency] += 1
        assert signed["management", "CNY"] >= 1
        assert signed["management", "USD"] >= 1
        assert signed["sales_manager", "CNY"] >= 1

    def test_partial_shipments_and_deliveries(self, orders: dict[UUID, list[Recorded]]) -> None:
        assert any(
            Counter(types(events))["ShipmentDispatched"] >= 2
            and Counter(types(events))["DeliveryConfirmed"] >= 2
            for events in orders.values()
        )

    def test_late_deliveries_are_caught_by_the_sweep_once(
        self, orders: dict[UUID, list[Recorded]]
    ) -> None:
        late = [events for events in orders.values() if "OrderDeliveryOverdue" in types(events)]
        assert late
        for events in late:
            (breach,) = [e for e in events if e.event_type == "OrderDeliveryOverdue"]
            assert breach.actor.holds(Role.SYSTEM)
        assert any(after(events, "OrderDeliveryOverdue", "OrderDelivered") for events in late)

    def test_holds_resume_and_cancellations_come_before_any_shipment(
        self, orders: dict[UUID, list[Recorded]]
    ) -> None:
        assert any(after(events, "OrderPutOnHold", "OrderResumed") for events in orders.values())
        cancelled = [events for events in orders.values() if "OrderCancelled" in types(events)]
        assert cancelled
        assert all("ShipmentDispatched" not in types(events) for events in cancelled)

    def test_payments_in_instalments_and_closes_when_delivered_and_paid(
        self, orders: dict[UUID, list[Recorded]]
    ) -> None:
        assert any(Counter(types(events))["PaymentReceived"] >= 2 for events in orders.values())
        closed = [events for events in orders.values() if "OrderClosed" in types(events)]
        assert closed
        for events in closed:
            drafted = events[0].event
            assert isinstance(drafted, OrderDrafted)
            value = sum((line.quantity * line.unit_price for line in drafted.lines), Decimal(0))
            paid = sum(
                (e.event.amount for e in events if isinstance(e.event, PaymentReceived)),
                Decimal(0),
            )
            assert "OrderDelivered" in types(events)
            assert paid == value

    def test_deliberate_mistakes_are_refused_with_their_codes(self, sqlite_run: DemoRun) -> None:
        codes = {
            (r["command_type"], r["code"])
            for r in sqlite_run.summary["refusals"]
            if r["kind"] == "order"
        }
        assert {
            ("order.sign", "forbidden"),  # a sales manager above the limit
            ("order.sign", "segregation_of_duties"),  # the drafter signing
            ("order.cancel", "rule_violation"),  # after the first shipment
            ("order.review_clause", "forbidden"),  # legal on the financial aspect
            ("order.close", "rule_violation"),  # before paid in full
        } <= codes


class TestProjects:
    def test_in_at_least_four_departments(self, projects: dict[UUID, list[Recorded]]) -> None:
        proposed = [events[0].event for events in projects.values()]
        departments = {p.department for p in proposed if isinstance(p, ProjectProposed)}
        assert len(departments) >= 4

    def test_proposals_approved_and_rejected(self, projects: dict[UUID, list[Recorded]]) -> None:
        outcomes = Counter(t for events in projects.values() for t in types(events))
        assert outcomes["ProjectApproved"] >= 1
        assert outcomes["ProjectRejected"] >= 1

    def test_a_plan_refused_or_sent_back_is_fixed_and_approved(
        self, sqlite_run: DemoRun, projects: dict[UUID, list[Recorded]]
    ) -> None:
        resubmitted = [
            events
            for events in projects.values()
            if Counter(types(events))["PlanSubmitted"] >= 2 and "PlanApproved" in types(events)
        ]
        assert resubmitted
        refused_plans = {
            r["record_id"]
            for r in sqlite_run.summary["refusals"]
            if r["command_type"] == "project.submit_plan" and r["code"] == "rule_violation"
        }
        assert refused_plans
        assert all("PlanApproved" in types(projects[UUID(i)]) for i in refused_plans)

    def test_a_baseline_change_requested_and_approved(
        self, projects: dict[UUID, list[Recorded]]
    ) -> None:
        assert any(
            after(events, "ChangeRequested", "BaselineChanged") for events in projects.values()
        )

    def test_an_acceptance_failed_then_passed(self, projects: dict[UUID, list[Recorded]]) -> None:
        assert any(
            after(events, "AcceptanceFailed", "AcceptancePassed") for events in projects.values()
        )

    def test_a_late_project_caught_by_the_sweep_and_a_cancelled_one(
        self, projects: dict[UUID, list[Recorded]]
    ) -> None:
        seen = Counter(t for events in projects.values() for t in types(events))
        assert seen["ProjectScheduleOverdue"] >= 1
        assert seen["ProjectCancelled"] >= 1

    def test_segregation_of_duties_refusals(self, sqlite_run: DemoRun) -> None:
        """The proposer approving, the manager approving the plan, the manager inspecting."""
        refused = {
            r["command_type"]
            for r in sqlite_run.summary["refusals"]
            if r["kind"] == "project" and r["code"] == "segregation_of_duties"
        }
        assert refused == {"project.approve", "project.approve_plan", "project.record_acceptance"}

    def test_every_project_has_spi_and_cpi_in_the_summary(self, sqlite_run: DemoRun) -> None:
        records = sqlite_run.kind("project")["records"]
        assert len(records) == PROJECTS
        for record in records:
            assert {"spi", "cpi", "bac", "ev", "ac"} <= set(record["figures"])
        executing = [r for r in records if r["status"] in ("executing", "closed")]
        assert executing
        assert all(r["figures"]["spi"] and r["figures"]["cpi"] for r in executing)


class TestSummary:
    def test_counts_per_kind_by_status_breaches_and_refusals(self, sqlite_run: DemoRun) -> None:
        for name, kind in sqlite_run.summary["kinds"].items():
            assert sum(kind["statuses"].values()) == kind["count"], name
            assert sum(kind["paths"].values()) == kind["count"], name
            assert kind["deliberate_refusals"] >= 1, name
        order, project = sqlite_run.kind("order"), sqlite_run.kind("project")
        assert order["breaches_noticed"]["OrderDeliveryOverdue"] == order["breaches_predicted"]
        assert (
            project["breaches_noticed"]["ProjectScheduleOverdue"] == (project["breaches_predicted"])
        )
        refusals = sqlite_run.summary["refusals"]
        assert all(r["deliberate"] and r["code"] == r["expected_code"] for r in refusals)
        assert sqlite_run.summary["security_log_entries"] == len(refusals)


class TestDeterminism:
    def test_the_same_seed_gives_the_same_log(self, sqlite_run: DemoRun, sqlite_url: str) -> None:
        """A second run on a fresh store appends the same events to the same records in the
        same order."""
        again = run(sqlite_url)
        assert again.status == 0
        assert log_sequence(again.url) == log_sequence(sqlite_run.url)

    def test_running_again_on_the_same_store_appends_nothing(self, sqlite_run: DemoRun) -> None:
        """Command ids repeat, so every command is answered with its first result."""
        before = log_sequence(sqlite_run.url)
        again = run(sqlite_run.url)
        assert again.status == 0
        assert again.summary["events_appended"] == 0
        for name, kind in again.summary["kinds"].items():
            assert kind["statuses"] == sqlite_run.kind(name)["statuses"]
        assert log_sequence(sqlite_run.url) == before


class TestTheDemoChecksItself:
    """An unexpected refusal, an unexpected acceptance, a refusal with another code or a
    breach the plan did not predict makes the demo fail."""

    def test_every_surprise_is_reported_and_the_run_fails(
        self, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def surprising(**arguments: Any) -> list[Plan]:
            plans = plan_quarter(**arguments)
            (order,) = [plan for plan in plans if plan.kind == "order"]
            steps = list(order.steps)
            draft, deliberate = steps[0], next(s for s in steps if s.refusal is not None)
            steps[0] = attrs.evolve(draft, refusal=Refusal(code="forbidden", why="surprise"))
            assert deliberate.refusal is not None
            wrong_code = Refusal(code="not_found", why=deliberate.refusal.why)
            steps[steps.index(deliberate)] = attrs.evolve(deliberate, refusal=wrong_code)
            flipped = attrs.evolve(
                order, steps=tuple(steps), breach_expected=not order.breach_expected
            )
            return [flipped if plan is order else plan for plan in plans]

        monkeypatch.setattr(demo_run, "plan_quarter", surprising)
        result = run(sqlite_url, sizes=Sizes(complaints=1, orders=1, projects=1))

        assert result.status == 1
        problems = "\n".join(result.summary["unexpected"])
        assert "was accepted; the demo meant it to show: surprise" in problems
        assert "was refused with forbidden" in problems
        assert "the plan expected" in problems


@pytest.mark.postgres
class TestQuarterOnPostgres:
    def test_runs_with_every_kind_of_event_and_a_caught_up_audit_trail(self, pg_url: str) -> None:
        result = run(pg_url)
        assert result.status == 0
        assert appended_types(pg_url) >= VARIETY | {
            "OrderDeliveryOverdue",
            "ProjectScheduleOverdue",
        }
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

    def test_the_default_quarter_has_every_required_path(self, default_plans: list[Plan]) -> None:
        """At least 300 orders and 20 projects in four departments; every path taken."""
        kinds = Counter(plan.kind for plan in default_plans)
        assert kinds["order"] >= 300
        assert kinds["project"] >= 20
        departments = {p.department for p in default_plans if p.kind == "project"}
        assert len(departments) >= 4
        paths = {plan.path for plan in default_plans}
        for path in (*ComplaintPath, *OrderPath, *ProjectPath):
            assert path.value in paths
        late = Counter(p.kind for p in default_plans if p.breach_expected)
        assert late["order"] >= 10
        assert late["project"] >= 1

    def test_every_step_lies_inside_the_quarter_and_is_entered_after_it_happened(
        self, default_plans: list[Plan]
    ) -> None:
        steps = [step for plan in default_plans for step in plan.steps]
        assert all(QUARTER.start <= s.occurred_at <= s.entered_at < QUARTER.end for s in steps)
        for plan in default_plans:
            times = [step.occurred_at for step in plan.steps]
            assert times == sorted(times)

    def test_a_different_seed_plans_different_records(self) -> None:
        sizes = Sizes(complaints=3, orders=3, projects=3)
        first = plan_quarter(seed=1, quarter=QUARTER, sizes=sizes)
        second = plan_quarter(seed=2, quarter=QUARTER, sizes=sizes)
        assert {p.aggregate_id for p in first}.isdisjoint(p.aggregate_id for p in second)

    def test_late_acknowledgements_come_after_a_sweep_has_noticed_them(self) -> None:
        plans = plan_quarter(seed=SEED, quarter=QUARTER, sizes=Sizes(complaints=COMPLAINTS))
        (late,) = [p for p in plans if p.path == ComplaintPath.LATE_ACKNOWLEDGEMENT.value]
        received, acknowledged = late.steps[0], late.steps[1]
        assert acknowledged.occurred_at - received.occurred_at > timedelta(hours=24)

    def test_some_complaints_are_about_orders_the_company_delivered(
        self, default_plans: list[Plan]
    ) -> None:
        order_ids = {str(p.aggregate_id) for p in default_plans if p.kind == "order"}
        about = [
            p.steps[0].envelope["payload"].get("order_id")
            for p in default_plans
            if p.kind == "complaint"
        ]
        assert any(order_id in order_ids for order_id in about)


class TestCommandLine:
    def test_demo_prints_tables_each_projects_earned_value_and_histories(
        self, sqlite_url: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        status = main(
            [
                "--store",
                sqlite_url,
                "demo",
                "--seed",
                "3",
                "--complaints",
                "2",
                "--orders",
                "3",
                "--projects",
                str(PROJECTS),
            ]
        )
        captured = capsys.readouterr()
        assert status == 0, captured.out
        assert "status at quarter end" in captured.out
        assert "ComplaintReopened" in captured.out  # the first complaint's full history
        assert "full history of order" in captured.out
        assert "full history of project" in captured.out
        assert "week  1/" in captured.err
        table = _table_after(captured.out, "projects at quarter end:")
        header, _, *rows = table
        assert header.split()[-2:] == ["SPI", "CPI"]
        assert len(rows) == PROJECTS


def _table_after(text: str, title: str) -> list[str]:
    lines = iter(text.splitlines())
    for line in lines:
        if line == title:
            break
    return list(_until_blank(lines))


def _until_blank(lines: Iterator[str]) -> Iterator[str]:
    for line in lines:
        if not line.strip():
            return
        yield line


class TestTheDemoKeepsToItsOwnStore:
    """The demo writes simulated history on a simulated clock: never into a store with data
    it did not write."""

    def test_a_store_holding_other_records_is_refused_untouched(self, sqlite_url: str) -> None:
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

        status = run_demo(
            store=sqlite_url, seed=7, complaints=COMPLAINTS, orders=1, projects=1, as_json=True
        )

        assert status == 2
        with Opsledger.open(sqlite_url) as ledger:
            assert ledger.projections.head() == head
