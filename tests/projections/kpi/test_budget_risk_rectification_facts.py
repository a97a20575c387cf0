"""The KPI families' facts and figures in memory (MemoryView), at the edges the scripted
histories do not reach: instants exactly at a deadline or a period's end, a draft revised,
a spend releasing a commitment of another month, and a risk as it stood at a period's end."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from domain.budget.events import (
    BudgetApproved,
    BudgetDrafted,
    BudgetDraftRevised,
    FundsCommitted,
    SpendRecorded,
)
from domain.budget.values import BudgetLine, Category, Control
from domain.rectification.events import (
    RectificationClosed,
    RectificationIssued,
    RectificationVerified,
)
from domain.rectification.values import Severity
from domain.risk.due_dates import next_review
from domain.risk.events import (
    ResidualRiskAssessed,
    ResponseChosen,
    RiskAssessed,
    RiskClosed,
    RiskIdentified,
    RiskReopened,
)
from domain.risk.matrix import level_of
from domain.risk.values import Category as RiskCategory
from domain.risk.values import Level, Strategy
from domain.shared.actor import Actor, Role
from domain.shared.events import Event
from domain.shared.period import Period
from projections.kpi.budgets import BudgetKpis
from projections.kpi.family import Facts
from projections.kpi.rectifications import RectificationKpis
from projections.kpi.risks import RiskKpis
from projections.memory_view import MemoryView
from projections.plugin import Projection
from tests.projections.kpi.log_entries import SHANGHAI, entries

ACTOR = Actor(id="u-1", roles=frozenset({Role.OPERATIONS}), department="somewhere")
JULY = Period.parse("2026-07")


def local(month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """A moment of 2026 on the company's calendar (Shanghai, UTC+8)."""
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


def facts(projection: Projection, *events: tuple[UUID, Event]) -> Facts:
    """The projection's rows after one record's events, in one page."""
    (aggregate_id,) = {aggregate_id for aggregate_id, _ in events}
    view = MemoryView(projection.tables)
    projection.apply(view, entries(aggregate_id, [event for _, event in events]))
    return {table.name: view.rows(table.name) for table in projection.tables}


class TestRectificationEdges:
    """A notice is overdue from the first instant after its due day; open until verified."""

    def issued(self, notice: UUID, at: datetime) -> tuple[UUID, Event]:
        event = RectificationIssued(
            occurred_at=at,
            actor=ACTOR,
            rectification_id=notice,
            department="qa",
            process="抽检 (spot check)",
            finding="记录缺失 (records missing)",
            severity=Severity.LOW,
            responsible_id="u-2",
            due_on=local(7, 15).date(),
            deadline=local(7, 16, 0),
        )
        return notice, event

    def test_verified_at_the_deadline_is_late(self) -> None:
        notice, kpis = uuid4(), RectificationKpis()
        rows = facts(
            kpis.projection,
            self.issued(notice, local(7, 1)),
            (notice, RectificationVerified(occurred_at=local(7, 16, 0), actor=ACTOR, notes="")),
            (notice, RectificationClosed(occurred_at=local(7, 17), actor=ACTOR)),
        )
        assert kpis.figures(rows, JULY, SHANGHAI)["rectifications_closed_on_time_pct"] == 0.0

    def test_verified_as_the_period_ends_is_open_at_its_end(self) -> None:
        notice, kpis = uuid4(), RectificationKpis()
        rows = facts(
            kpis.projection,
            self.issued(notice, local(7, 1)),
            (
                notice,
                RectificationVerified(occurred_at=local(8, 1, 0), actor=ACTOR, notes=""),
            ),  # July's end
        )
        assert kpis.figures(rows, JULY, SHANGHAI)["rectifications_open"] == 1
        assert kpis.figures(rows, Period.parse("2026-08"), SHANGHAI)["rectifications_open"] == 0


def line(account: str, category: Category, amount: str) -> BudgetLine:
    return BudgetLine(account=account, category=category, monthly=(Decimal(amount),) * 12)


class TestBudgetFacts:
    def test_a_revised_draft_drops_an_account_and_approval_approves_the_revision(self) -> None:
        budget, kpis = uuid4(), BudgetKpis()
        drafted = BudgetDrafted(
            occurred_at=local(7, 1),
            actor=ACTOR,
            budget_id=budget,
            department="qa",
            fiscal_year=2026,
            currency="CNY",
            control=Control.STOP,
            lines=(
                line("travel", Category.EXPENSE, "100.00"),
                line("print", Category.EXPENSE, "50.00"),
            ),
        )
        revised = BudgetDraftRevised(
            occurred_at=local(7, 2), actor=ACTOR, lines=(line("travel", Category.EXPENSE, "80.00"),)
        )
        rows = facts(
            kpis.projection,
            (budget, drafted),
            (budget, revised),
            (budget, BudgetApproved(occurred_at=local(7, 3), actor=ACTOR)),
        )
        figures = kpis.figures(rows, JULY, SHANGHAI)
        assert list(figures["budgets_by_account"]) == ["travel"]
        # 80.00 approved in July; available in July: 7 x 80.00 = 560.00 (Jan..Jul).
        assert figures["budgets_approved"] == "80.00"
        assert figures["budgets_available"] == "560.00"

    def test_a_spend_releases_its_commitment_in_the_commitments_month(self) -> None:
        budget, kpis = uuid4(), BudgetKpis()
        money: dict[str, Any] = {"currency": "CNY", "actor": ACTOR}
        rows = facts(
            kpis.projection,
            (
                budget,
                BudgetDrafted(
                    occurred_at=local(7, 1),
                    actor=ACTOR,
                    budget_id=budget,
                    department="qa",
                    fiscal_year=2026,
                    currency="CNY",
                    control=Control.STOP,
                    lines=(line("travel", Category.EXPENSE, "100.00"),),
                ),
            ),
            (budget, BudgetApproved(occurred_at=local(7, 1, 11), actor=ACTOR)),
            (
                budget,
                FundsCommitted(
                    occurred_at=local(7, 2),
                    account="travel",
                    month=8,
                    amount=Decimal("60.00"),
                    reference="PO-8",
                    **money,
                ),
            ),
            (
                budget,
                SpendRecorded(
                    occurred_at=local(7, 3),
                    account="travel",
                    month=7,
                    amount=Decimal("70.00"),
                    reference="INV-7",
                    commitment_ref="PO-8",
                    released=Decimal("60.00"),
                    **money,
                ),
            ),
        )
        august = kpis.figures(rows, Period.parse("2026-08"), SHANGHAI)
        # August's commitment was released whole by July's spend.
        assert august["budgets_committed"] == "0.00"
        assert kpis.figures(rows, JULY, SHANGHAI)["budgets_spent"] == "70.00"


class TestRisksAtAPeriodsEnd:
    """A risk as the KPIs read it at a period's end: the domain's state at that moment."""

    def events(self, risk: UUID, *steps: tuple[datetime, Event]) -> list[tuple[UUID, Event]]:
        identified = RiskIdentified(
            occurred_at=local(7, 1),
            actor=ACTOR,
            risk_id=risk,
            title="汇率 (exchange rate)",
            category=RiskCategory.FINANCIAL,
            description="",
            owner_id="u-2",
            department="finance",
        )
        return [(risk, identified), *((risk, event) for _, event in steps)]

    def assessed(self, at: datetime, likelihood: int, impact: int) -> tuple[datetime, Event]:
        level = level_of(likelihood, impact)
        due_on, due = next_review(level, at=at, zone=SHANGHAI)
        return at, RiskAssessed(
            occurred_at=at,
            actor=ACTOR,
            likelihood=likelihood,
            impact=impact,
            level=level,
            recommended_strategy=None,
            next_review_on=due_on,
            review_due=due,
        )

    def residual(self, at: datetime, likelihood: int, impact: int) -> tuple[datetime, Event]:
        level = level_of(likelihood, impact)
        due_on, due = next_review(level, at=at, zone=SHANGHAI)
        return at, ResidualRiskAssessed(
            occurred_at=at,
            actor=ACTOR,
            likelihood=likelihood,
            impact=impact,
            level=level,
            next_review_on=due_on,
            review_due=due,
        )

    def response(self, at: datetime) -> tuple[datetime, Event]:
        return at, ResponseChosen(
            occurred_at=at,
            actor=ACTOR,
            strategy=Strategy.TRANSFER,
            rationale="",
            counterparty="保险公司 (insurer)",
            recommended_strategy=None,
            level=Level.CRITICAL,
            approval_required=False,
        )

    def test_a_new_response_voids_the_residual_assessment(self) -> None:
        kpis = RiskKpis()
        rows = facts(
            kpis.projection,
            *self.events(
                uuid4(),
                self.assessed(local(7, 2), 5, 5),
                self.response(local(7, 3)),
                self.residual(local(8, 3), 2, 5),
                self.response(local(9, 3)),
            ),
        )
        # July: L5 x I5 inherent, critical; August: residual L2 x I5, high; September: a new
        # response leaves no residual assessment, so the inherent critical is in force again.
        levels = {
            month: kpis.figures(rows, Period.parse(month), SHANGHAI)["risks_open_by_level"]
            for month in ("2026-07", "2026-08", "2026-09")
        }
        assert (levels["2026-07"]["critical"], levels["2026-07"]["high"]) == (1, 0)
        assert (levels["2026-08"]["critical"], levels["2026-08"]["high"]) == (0, 1)
        assert (levels["2026-09"]["critical"], levels["2026-09"]["high"]) == (1, 0)

    def test_a_reopened_risk_owes_no_review_until_assessed_afresh(self) -> None:
        kpis = RiskKpis()
        rows = facts(
            kpis.projection,
            *self.events(
                uuid4(),
                self.assessed(local(7, 2), 3, 3),  # medium: review by 30 Sep, late from 1 Oct
                (local(7, 3), RiskClosed(occurred_at=local(7, 3), actor=ACTOR)),
                (local(7, 4), RiskReopened(occurred_at=local(7, 4), actor=ACTOR)),
            ),
        )
        october = kpis.figures(rows, Period.parse("2026-10"), SHANGHAI)
        assert october["risks_open_by_level"]["medium"] == 1
        assert october["risks_reviews_overdue"] == 0
        only_assessed = facts(
            kpis.projection, *self.events(uuid4(), self.assessed(local(7, 2), 3, 3))
        )
        assert (
            kpis.figures(only_assessed, Period.parse("2026-10"), SHANGHAI)["risks_reviews_overdue"]
            == 1
        )
        # Closed on 3 Jul: not open at the end of July.
        july = kpis.figures(rows, JULY, SHANGHAI)
        assert july["risks_open_by_level"]["medium"] == 1  # reopened on 4 Jul
        closed = facts(
            kpis.projection,
            *self.events(
                uuid4(),
                self.assessed(local(7, 2), 3, 3),
                (local(7, 3), RiskClosed(occurred_at=local(7, 3), actor=ACTOR)),
            ),
        )
        assert sum(kpis.figures(closed, JULY, SHANGHAI)["risks_open_by_level"].values()) == 0
