"""Every KPI family the reports show, in the order of DOMAIN §7."""

from __future__ import annotations

from projections.kpi.budgets import BudgetKpis
from projections.kpi.complaints import ComplaintKpis
from projections.kpi.family import KpiFamily
from projections.kpi.orders import OrderKpis
from projections.kpi.projects import ProjectKpis
from projections.kpi.rectifications import RectificationKpis
from projections.kpi.risks import RiskKpis

FAMILIES: tuple[KpiFamily, ...] = (
    ComplaintKpis(),
    OrderKpis(),
    ProjectKpis(),
    BudgetKpis(),
    RiskKpis(),
    RectificationKpis(),
)
