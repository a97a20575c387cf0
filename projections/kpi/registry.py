"""Every KPI family the reports show, in the order of DOMAIN §7."""

from __future__ import annotations

from projections.kpi.complaints import ComplaintKpis
from projections.kpi.family import KpiFamily
from projections.kpi.orders import OrderKpis

FAMILIES: tuple[KpiFamily, ...] = (ComplaintKpis(), OrderKpis())
