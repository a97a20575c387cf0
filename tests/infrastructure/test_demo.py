"""`opsledger demo`: a simulated quarter of orders, projects, complaints, budgets, risks and
rectification notices on real SQLite and PostgreSQL, which is also an end-to-end check of the
rules."""

from __future__ import annotations

import contextlib
import io
import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import attrs
import pytest

from application.commands.catalogue import KINDS
from application.ledger import Ledger
from domain.budget.events import (
    AdjustmentRequested,
    BudgetAdjusted,
    BudgetDrafted,
    FundsCommitted,
    OverspendFlagged,
    SpendRecorded,
)
from domain.order.events import ContractSigned, OrderDrafted, PaymentReceived
from domain.project.events import ProjectProposed
from domain.rectification.events import RectificationIssued
from domain.risk.events import (
    MitigationActionAdded,
    MitigationActionCompleted,
    ResidualRiskAssessed,
    ResponseChosen,
    RiskAssessed,
    RiskIdentified,
)
from domain.shared.actor import Role
from domain.shared.recorded import Recorded
from infrastructure.cli.main import main
from infrastructure.demo import run as demo_run
from infrastructure.demo.budgets import BudgetPath
from infrastructure.demo.company import COMPANY
from infrastructure.demo.complaints import ComplaintPath
from infrastructure.demo.orders import OrderPath
from infrastructure.demo.planning import Sizes, plan_quarter
from infrastructure.demo.projects import ProjectPath
from infrastructure.demo.rectifications import RectificationPath
from infrastructure.demo.risks import RiskPath
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
RISKS = len(RiskPath) + 1
RECTIFICATIONS = len(RectificationPath) + 1
#: One budget for each department with a head.
BUDGETS = len(COMPANY.budget_units)
SEED = 7
SIZES = Sizes(
    complaints=COMPLAINTS,
    orders=ORDERS,
    projects=PROJECTS,
    risks=RISKS,
    rectifications=RECTIFICATIONS,
)
#: What `opsledger demo` plays unless told otherwise.
DEFAULT_SIZES = Sizes(complaints=240, orders=320, projects=24, risks=60, rectifications=24)
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


def run(url: str, *, seed: int = SEED, sizes: Sizes = SIZES) -> DemoRun:
    out, progress = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out):
        status = run_demo(
            store=url,
            seed=seed,
            complaints=sizes.complaints,
            orders=sizes.orders,
            projects=sizes.projects,
            risks=sizes.risks,
            rectifications=sizes.rectifications,
            budgets=sizes.budgets,
            as_json=True,
            today=TODAY,
            progress=progress,
        )
    return DemoRun(
        url=url, status=status, summary=json.loads(out.getvalue()), progress=progress.getvalue()
    )


#: The stream every refusal's entry shows in `log_sequence`: each has a new one of its own,
#: whatever its id.
REFUSAL_STREAM = "(refusal)"


def log_sequence(url: str) -> list[tuple[str, int, str]]:
    """The whole log in order: each entry's stream, version and type."""
    entries: list[tuple[str, int, str]] = []
    with Opsledger.open(url) as ledger:
        position = 0
        while page := ledger.ledger.recorder.select_notifications(
            start=position, limit=500, inclusive_of_start=False
        ):
            entries.extend(
                (
                    REFUSAL_STREAM if n.topic == "CommandRefused" else str(n.originator_id),
                    n.originator_version,
                    n.topic,
                )
                for n in page
            )
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


@pytest.fixture(scope="module")
def budgets(sqlite_run: DemoRun) -> dict[UUID, list[Recorded]]:
    return histories(sqlite_run.url, "budget")


@pytest.fixture(scope="module")
def risks(sqlite_run: DemoRun) -> dict[UUID, list[Recorded]]:
    return histories(sqlite_run.url, "risk")


@pytest.fixture(scope="module")
def rectifications(sqlite_run: DemoRun) -> dict[UUID, list[Recorded]]:
    return histories(sqlite_run.url, "rectification")


def refused(run: DemoRun, kind: str) -> set[tuple[str, str]]:
    """The command types and codes of a kind's refusals."""
    return {(r["command_type"], r["code"]) for r in run.summary["refusals"] if r["kind"] == kind}


class TestQuarterOnSqlite:
    def test_runs_cleanly(self, sqlite_run: DemoRun) -> None:
        """Every command meant to be accepted is accepted, every deliberate mistake refused
        with its code, every predicted breach found, and the run exits 0."""
        assert sqlite_run.summary["unexpected"] == []
        assert sqlite_run.status == 0
        assert sqlite_run.summary["quarter"] == "2026-Q3"
        counts = {name: kind["count"] for name, kind in sqlite_run.summary["kinds"].items()}
        assert counts == {
            "complaint": COMPLAINTS,
            "order": ORDERS,
            "project": PROJECTS,
            "budget": BUDGETS,
            "risk": RISKS,
            "rectification": RECTIFICATIONS,
        }

    def test_audit_trail_is_caught_up_to_the_log_head(self, sqlite_run: DemoRun) -> None:
        position, head = audit_position_and_head(sqlite_run.url)
        assert position == head > 0
        assert sqlite_run.summary["audit_trail_position"] == sqlite_run.summary["log_head"] == head

    def test_reports_progress_per_simulated_week(self, sqlite_run: DemoRun) -> None:
        lines = sqlite_run.progress.splitlines()
        assert lines[0].startswith("2026-Q3 week  1/14")
        for kind in ("complaints", "orders", "projects", "budgets", "risks", "rectifications"):
            assert kind in lines[0]
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


class TestBudgets:
    def test_one_budget_per_department_compiled_by_three_people(
        self, budgets: dict[UUID, list[Recorded]]
    ) -> None:
        """Drafted and submitted by the head, reviewed by finance, approved by management."""
        drafted = [events[0].event for events in budgets.values()]
        departments = [d.department for d in drafted if isinstance(d, BudgetDrafted)]
        assert len(departments) == len(set(departments)) == BUDGETS >= 4
        for events in budgets.values():
            by = {e.event_type: e.actor for e in events}
            head, reviewer, approver = (
                by["BudgetSubmitted"],
                by["BudgetReviewed"],
                by["BudgetApproved"],
            )
            assert head.holds(Role.DEPARTMENT_HEAD)
            assert reviewer.holds(Role.FINANCE)
            assert approver.holds(Role.MANAGEMENT)
            assert len({head.id, reviewer.id, approver.id}) == 3

    def test_one_returned_by_finance_revised_resubmitted_and_approved(
        self, budgets: dict[UUID, list[Recorded]]
    ) -> None:
        returned = [events for events in budgets.values() if "BudgetReturned" in types(events)]
        assert len(returned) == 1
        (events,) = returned
        names = types(events)
        start = names.index("BudgetReturned")
        assert names[start : start + 5] == [
            "BudgetReturned",
            "BudgetDraftRevised",
            "BudgetSubmitted",
            "BudgetReviewed",
            "BudgetApproved",
        ]

    def test_commitments_by_heads_and_project_managers_spend_by_finance(
        self, budgets: dict[UUID, list[Recorded]]
    ) -> None:
        """Some spends release the commitment they name; projects commit funds of their
        department's budget."""
        committers = Counter(
            role
            for events in budgets.values()
            for e in events
            if isinstance(e.event, FundsCommitted)
            for role in (Role.DEPARTMENT_HEAD, Role.PROJECT_MANAGER)
            if e.actor.holds(role)
        )
        assert committers[Role.DEPARTMENT_HEAD] >= 1
        assert committers[Role.PROJECT_MANAGER] >= 1
        spends = [
            e for events in budgets.values() for e in events if isinstance(e.event, SpendRecorded)
        ]
        assert all(e.actor.holds(Role.FINANCE) for e in spends)
        released = [
            e.event for e in spends if isinstance(e.event, SpendRecorded) and e.event.released > 0
        ]
        assert released
        assert all(e.commitment_ref for e in released)
        months = {e.event.month for e in spends if isinstance(e.event, SpendRecorded)}
        assert months == {7, 8, 9}

    def test_an_overspend_refused_under_stop(self, sqlite_run: DemoRun) -> None:
        (refusal,) = [r for r in sqlite_run.summary["refusals"] if r["code"] == "budget_exceeded"]
        assert refusal["command_type"] == "budget.commit_funds"
        assert "available" in refusal["message"]
        (budget,) = [
            r for r in sqlite_run.kind("budget")["records"] if r["id"] == refusal["record_id"]
        ]
        assert budget["figures"]["control"] == "stop"

    def test_an_overspend_flagged_under_warn(self, budgets: dict[UUID, list[Recorded]]) -> None:
        """The spend is recorded and an OverspendFlagged with its figures follows it."""
        flagged = [
            (events, index)
            for events in budgets.values()
            for index, e in enumerate(events)
            if isinstance(e.event, OverspendFlagged)
        ]
        assert len(flagged) == 1
        ((events, index),) = flagged
        drafted, spend, flag = events[0].event, events[index - 1].event, events[index].event
        assert isinstance(drafted, BudgetDrafted)
        assert drafted.control.value == "warn"
        assert isinstance(spend, SpendRecorded)
        assert isinstance(flag, OverspendFlagged)
        assert flag.reference == spend.reference
        assert flag.requested == spend.amount > flag.available

    def test_a_transfer_adjustment_requested_reviewed_and_approved(
        self, budgets: dict[UUID, list[Recorded]]
    ) -> None:
        adjusted = [
            e for events in budgets.values() for e in events if isinstance(e.event, BudgetAdjusted)
        ]
        assert adjusted
        for e in adjusted:
            assert isinstance(e.event, BudgetAdjusted)
            assert e.event.kind.value == "transfer"
            assert sum(change.delta for change in e.event.changes) == 0
            assert len({e.event.requested_by, e.event.reviewed_by, e.actor.id}) == 3
            assert e.reason

    def test_an_adjustment_rejected_with_a_reason_and_one_returned(
        self, budgets: dict[UUID, list[Recorded]]
    ) -> None:
        rejected = [
            e for events in budgets.values() for e in events if e.event_type == "AdjustmentRejected"
        ]
        assert len(rejected) == 1
        assert rejected[0].reason
        requested = [
            e.event
            for events in budgets.values()
            for e in events
            if isinstance(e.event, AdjustmentRequested)
        ]
        assert {r.kind.value for r in requested} == {"increase", "transfer"}

    def test_deliberate_mistakes_are_refused_with_their_codes(self, sqlite_run: DemoRun) -> None:
        assert refused(sqlite_run, "budget") == {
            ("budget.commit_funds", "invalid_transition"),  # before the approval
            ("budget.review", "segregation_of_duties"),  # the submitter reviewing
            ("budget.draft", "invalid_transition"),  # a second budget for the year
            ("budget.record_spend", "forbidden"),  # a head recording spend
            ("budget.request_adjustment", "rule_violation"),  # a transfer not adding to 0
            ("budget.approve_adjustment", "rule_violation"),  # before finance reviewed it
            ("budget.commit_funds", "budget_exceeded"),  # more than available under stop
        }

    def test_summary_shows_each_departments_money(self, sqlite_run: DemoRun) -> None:
        records = sqlite_run.kind("budget")["records"]
        assert len(records) == BUDGETS
        for record in records:
            figures = record["figures"]
            money = {
                name: Decimal(figures[name].replace(",", ""))
                for name in ("approved", "committed", "spent", "remaining")
            }
            assert money["approved"] == money["committed"] + money["spent"] + money["remaining"]
            assert money["spent"] > 0
            # The next month's services are ordered as the quarter ends, not yet invoiced.
            assert money["committed"] > 0
            assert figures["overspends"] == ("1" if record["department"] == "marketing" else "0")


class TestRisks:
    def test_every_level_assessed_with_the_policys_recommendation(
        self, risks: dict[UUID, list[Recorded]]
    ) -> None:
        """Low to critical (L5 x I5 among them); the recommended response beside the chosen
        one, and not always followed."""
        assessed = [
            e.event
            for events in risks.values()
            for e in events
            if isinstance(e.event, RiskAssessed)
        ]
        assert {a.level.value for a in assessed} == {"low", "medium", "high", "critical"}
        assert any((a.likelihood, a.impact, a.level.value) == (5, 5, "critical") for a in assessed)
        chosen = [
            e.event
            for events in risks.values()
            for e in events
            if isinstance(e.event, ResponseChosen)
        ]
        assert any(c.recommended_strategy == c.strategy for c in chosen)
        assert any(
            c.recommended_strategy is not None and c.recommended_strategy != c.strategy
            for c in chosen
        )

    def test_in_several_departments(self, risks: dict[UUID, list[Recorded]]) -> None:
        identified = [events[0].event for events in risks.values()]
        assert len({i.department for i in identified if isinstance(i, RiskIdentified)}) >= 4

    def test_a_transfer_names_its_counterparty(self, risks: dict[UUID, list[Recorded]]) -> None:
        transfers = [
            e.event
            for events in risks.values()
            for e in events
            if isinstance(e.event, ResponseChosen) and e.event.strategy.value == "transfer"
        ]
        assert transfers
        assert all(t.counterparty for t in transfers)

    def test_accepting_a_high_risk_waits_for_management_not_the_owner(
        self, risks: dict[UUID, list[Recorded]], sqlite_run: DemoRun
    ) -> None:
        pending = [
            events
            for events in risks.values()
            if any(
                isinstance(e.event, ResponseChosen) and e.event.approval_required for e in events
            )
        ]
        assert pending
        for events in pending:
            identified = events[0].event
            assert isinstance(identified, RiskIdentified)
            approvals = [e for e in events if e.event_type == "RiskAcceptanceApproved"]
            assert approvals
            assert approvals[0].actor.holds(Role.MANAGEMENT)
            assert approvals[0].actor.id != identified.owner_id
            assert after(events, "RiskAcceptanceApproved", "ResidualRiskAssessed")
        assert ("risk.approve_acceptance", "segregation_of_duties") in refused(sqlite_run, "risk")

    def test_actions_completed_by_their_owners_with_evidence(
        self, risks: dict[UUID, list[Recorded]]
    ) -> None:
        completed = 0
        for events in risks.values():
            owners = {
                e.event.action_id: e.event.owner_id
                for e in events
                if isinstance(e.event, MitigationActionAdded)
            }
            for e in events:
                if isinstance(e.event, MitigationActionCompleted):
                    assert e.actor.id == owners[e.event.action_id]
                    assert e.event.evidence
                    completed += 1
        assert completed >= RISKS // 2

    def test_a_residual_risk_is_lower_only_after_a_completed_action_or_a_transfer(
        self, risks: dict[UUID, list[Recorded]]
    ) -> None:
        lower = 0
        for events in risks.values():
            inherent: RiskAssessed | None = None
            mitigated, transferred = False, False
            for e in events:
                if isinstance(e.event, RiskAssessed):
                    inherent, mitigated, transferred = e.event, False, False
                elif isinstance(e.event, MitigationActionCompleted):
                    mitigated = True
                elif isinstance(e.event, ResponseChosen):
                    transferred = e.event.strategy.value == "transfer"
                elif isinstance(e.event, ResidualRiskAssessed):
                    assert inherent is not None
                    assert e.event.likelihood <= inherent.likelihood
                    assert e.event.impact <= inherent.impact
                    if (e.event.likelihood, e.event.impact) != (
                        inherent.likelihood,
                        inherent.impact,
                    ):
                        assert mitigated or transferred
                        lower += 1
        assert lower >= 1

    def test_reviewed_closed_and_reopened_with_a_reason(
        self, risks: dict[UUID, list[Recorded]]
    ) -> None:
        seen = Counter(t for events in risks.values() for t in types(events))
        assert seen["RiskReviewed"] >= 1
        assert seen["RiskClosed"] >= 1
        reopened = [
            e for events in risks.values() for e in events if e.event_type == "RiskReopened"
        ]
        assert reopened
        assert all(e.reason for e in reopened)
        closed = [e for events in risks.values() for e in events if e.event_type == "RiskClosed"]
        assert all(e.reason for e in closed)

    def test_the_sweep_notices_an_overdue_review_and_an_overdue_action(
        self, sqlite_run: DemoRun, risks: dict[UUID, list[Recorded]]
    ) -> None:
        risk = sqlite_run.kind("risk")
        noticed = risk["breaches_noticed"]
        assert noticed["RiskReviewOverdue"] >= 1
        assert noticed["MitigationActionOverdue"] >= 1
        assert sum(noticed.values()) == risk["breaches_predicted"]
        late = [e for events in risks.values() for e in events if e.event_type.endswith("Overdue")]
        assert all(e.actor.holds(Role.SYSTEM) for e in late)
        assert any(after(events, "RiskReviewOverdue", "RiskReviewed") for events in risks.values())
        assert any(
            after(events, "MitigationActionOverdue", "MitigationActionCompleted")
            for events in risks.values()
        )

    def test_deliberate_mistakes_are_refused_with_their_codes(self, sqlite_run: DemoRun) -> None:
        assert refused(sqlite_run, "risk") >= {
            ("risk.choose_response", "rule_violation"),  # a transfer with no counterparty
            ("risk.approve_acceptance", "segregation_of_duties"),  # the owner approving
            ("risk.approve_acceptance", "forbidden"),  # a risk officer approving
            ("risk.assess_residual", "rule_violation"),  # lower before any action is done
            ("risk.close", "rule_violation"),  # with an open action
            ("risk.complete_action", "forbidden"),  # by someone else than its owner
            ("risk.add_action", "rule_violation"),  # an action id used twice
            ("risk.assess", "forbidden"),  # an auditor
        }

    def test_summary_counts_risks_by_level(self, sqlite_run: DemoRun) -> None:
        tallies = sqlite_run.kind("risk")["tallies"]
        for title in ("level in force at quarter end", "inherent level"):
            assert sum(tallies[title].values()) == RISKS
        assert tallies["inherent level"]["critical"] >= 1
        assert "reduce (policy: avoid)" in tallies["response chosen (the policy's recommendation)"]


class TestRectifications:
    def test_issued_by_supervisors_to_people_in_several_departments(
        self, rectifications: dict[UUID, list[Recorded]]
    ) -> None:
        issued = [events[0] for events in rectifications.values()]
        assert all(e.actor.holds(Role.SUPERVISOR) for e in issued)
        notices = [e.event for e in issued if isinstance(e.event, RectificationIssued)]
        assert all(n.responsible_id != e.actor.id for n, e in zip(notices, issued, strict=True))
        assert len({n.department for n in notices}) >= 4

    def test_acknowledged_some_by_the_department_head(
        self, rectifications: dict[UUID, list[Recorded]]
    ) -> None:
        acknowledged = [
            e
            for events in rectifications.values()
            for e in events
            if e.event_type == "RectificationAcknowledged"
        ]
        assert len(acknowledged) == RECTIFICATIONS
        assert any(e.actor.holds(Role.DEPARTMENT_HEAD) for e in acknowledged)

    def test_one_rejected_then_resubmitted_and_verified(
        self, rectifications: dict[UUID, list[Recorded]]
    ) -> None:
        rejected = [
            events for events in rectifications.values() if "RectificationRejected" in types(events)
        ]
        assert len(rejected) == 1
        (events,) = rejected
        assert after(events, "RectificationRejected", "RectificationSubmitted")
        assert after(events, "RectificationSubmitted", "RectificationVerified")
        assert types(events)[-1] == "RectificationClosed"

    def test_extended_with_a_reason_and_one_overdue_caught_by_the_sweep(
        self, sqlite_run: DemoRun, rectifications: dict[UUID, list[Recorded]]
    ) -> None:
        extended = [
            e
            for events in rectifications.values()
            for e in events
            if e.event_type == "RectificationDeadlineExtended"
        ]
        assert extended
        assert all(e.reason for e in extended)
        rectification = sqlite_run.kind("rectification")
        noticed = rectification["breaches_noticed"]["RectificationOverdue"]
        assert noticed == rectification["breaches_predicted"] >= 1
        assert any(
            after(events, "RectificationOverdue", "RectificationVerified")
            for events in rectifications.values()
        )

    def test_deliberate_mistakes_are_refused_with_their_codes(self, sqlite_run: DemoRun) -> None:
        assert refused(sqlite_run, "rectification") == {
            ("rectification.verify", "segregation_of_duties"),  # the responsible supervisor
            ("rectification.issue", "segregation_of_duties"),  # to himself
            ("rectification.start", "forbidden"),  # by the department head
            ("rectification.close", "invalid_transition"),  # before verification
            ("rectification.acknowledge", "forbidden"),  # another department's head
            ("rectification.extend", "rule_violation"),  # to an earlier date
        }


class TestSummary:
    def test_counts_per_kind_by_status_breaches_and_refusals(self, sqlite_run: DemoRun) -> None:
        for name, kind in sqlite_run.summary["kinds"].items():
            assert sum(kind["statuses"].values()) == kind["count"], name
            assert sum(kind["paths"].values()) == kind["count"], name
            assert kind["deliberate_refusals"] >= 1, name
        for name, kind in sqlite_run.summary["kinds"].items():
            if kind["breaches_predicted"] is not None:  # complaints' breaches are not predicted
                assert sum(kind["breaches_noticed"].values()) == kind["breaches_predicted"], name
        order, project = sqlite_run.kind("order"), sqlite_run.kind("project")
        assert order["breaches_noticed"]["OrderDeliveryOverdue"] == order["breaches_predicted"]
        assert (
            project["breaches_noticed"]["ProjectScheduleOverdue"] == (project["breaches_predicted"])
        )
        assert sqlite_run.kind("budget")["breaches_predicted"] == 0
        statuses = sqlite_run.kind("rectification")["statuses"]
        assert statuses["closed"] >= 1
        assert statuses["rectifying"] >= 1
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
        """Command ids repeat, so every accepted command is answered with its first result and
        nothing is appended to any record; the deliberate mistakes are refused again, each
        adding its refusal to the security log."""
        before = log_sequence(sqlite_run.url)
        again = run(sqlite_run.url)
        assert again.status == 0
        assert again.summary["events_appended"] == 0
        for name, kind in again.summary["kinds"].items():
            assert kind["statuses"] == sqlite_run.kind(name)["statuses"]
        refused = len(again.summary["refusals"])
        assert refused == again.summary["security_log_entries"] > 0
        assert log_sequence(sqlite_run.url) == [
            *before,
            *[(REFUSAL_STREAM, 1, "CommandRefused")] * refused,
        ]


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
                order, steps=tuple(steps), breaches_expected=(order.breaches_expected or 0) + 1
            )
            return [flipped if plan is order else plan for plan in plans]

        monkeypatch.setattr(demo_run, "plan_quarter", surprising)
        result = run(sqlite_url, sizes=Sizes(complaints=1, orders=1, projects=1, budgets=False))

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
            "OverspendFlagged",
            "BudgetAdjusted",
            "RiskReviewOverdue",
            "MitigationActionOverdue",
            "RectificationOverdue",
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
        """At least 300 orders, 200 complaints, 20 projects in four departments, a budget for
        each of four departments or more, 50 risks and 20 rectification notices (in every
        department); every path taken."""
        kinds = Counter(plan.kind for plan in default_plans)
        assert kinds["order"] >= 300
        assert kinds["complaint"] >= 200
        assert kinds["project"] >= 20
        assert kinds["budget"] == BUDGETS >= 4
        assert kinds["risk"] >= 50
        assert kinds["rectification"] >= 20
        for kind in ("project", "budget", "risk"):
            assert len({p.department for p in default_plans if p.kind == kind}) >= 4, kind
        noticed = {p.department for p in default_plans if p.kind == "rectification"}
        assert noticed == set(COMPANY.units)
        paths = {plan.path for plan in default_plans}
        for path in (
            *ComplaintPath,
            *OrderPath,
            *ProjectPath,
            *BudgetPath,
            *RiskPath,
            *RectificationPath,
        ):
            assert path.value in paths
        late = Counter(p.kind for p in default_plans if p.breaches_expected)
        assert late["order"] >= 10
        assert late["project"] >= 1
        assert late["risk"] >= 2
        assert late["rectification"] >= 1
        assert late["budget"] == 0

    def test_every_step_lies_inside_the_quarter_and_is_entered_after_it_happened(
        self, default_plans: list[Plan]
    ) -> None:
        steps = [step for plan in default_plans for step in plan.steps]
        assert all(QUARTER.start <= s.occurred_at <= s.entered_at < QUARTER.end for s in steps)
        for plan in default_plans:
            times = [step.occurred_at for step in plan.steps]
            assert times == sorted(times)

    def test_a_different_seed_plans_different_records(self) -> None:
        """But the same budgets: a budget's id follows from its department and year."""
        sizes = Sizes(complaints=3, orders=3, projects=3, risks=3, rectifications=3)
        first = plan_quarter(seed=1, quarter=QUARTER, sizes=sizes)
        second = plan_quarter(seed=2, quarter=QUARTER, sizes=sizes)

        def ids(plans: list[Plan], *, budgets: bool) -> set[UUID]:
            return {p.aggregate_id for p in plans if (p.kind == "budget") == budgets}

        assert ids(first, budgets=False).isdisjoint(ids(second, budgets=False))
        assert ids(first, budgets=True) == ids(second, budgets=True)
        assert len(ids(first, budgets=True)) == BUDGETS

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
                "--risks",
                "2",
                "--rectifications",
                "2",
            ]
        )
        captured = capsys.readouterr()
        assert status == 0, captured.out
        assert "status at quarter end" in captured.out
        assert "ComplaintReopened" in captured.out  # the first complaint's full history
        assert "full history of order" in captured.out
        assert "full history of project" in captured.out
        assert "full history of budget" in captured.out
        assert "level in force at quarter end" in captured.out
        assert "week  1/" in captured.err
        table = _table_after(captured.out, "projects at quarter end:")
        header, _, *rows = table
        assert header.split()[-2:] == ["SPI", "CPI"]
        assert len(rows) == PROJECTS
        header, _, *rows = _table_after(captured.out, "budgets at quarter end:")
        assert header.split()[-5:] == ["COMMITTED", "SPENT", "REMAINING", "ADJUSTED", "OVERSPENDS"]
        assert len(rows) == BUDGETS


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


class TestTheQuarterIsSentInBatches:
    def test_the_steps_between_two_sweeps_share_one_transaction(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Bulk submit (issue 9): far fewer appends than accepted commands, and the same log
        as ever (the other tests here check every fact of it)."""
        appends = 0
        original = Ledger.append

        def counted(self: Ledger, *args: Any, **kwargs: Any) -> list[int]:
            nonlocal appends
            appends += 1
            return original(self, *args, **kwargs)

        monkeypatch.setattr(Ledger, "append", counted)
        done = run(f"sqlite:///{tmp_path / 'batched.db'}")

        assert done.status == 0
        commands = int(done.summary["commands_sent"])
        assert 0 < appends < commands / 3, (appends, commands)
