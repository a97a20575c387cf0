"""Every KPI family the reports show, in the order of DOMAIN §7."""

from __future__ import annotations

from projections.kpi.family import KpiFamily

FAMILIES: tuple[KpiFamily, ...] = ()
