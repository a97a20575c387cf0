"""Every projection the runner keeps. Adding one is a line here (or, for a KPI family, in
projections/kpi/registry.py) and a module beside it."""

from __future__ import annotations

from projections.audit_trail import AuditTrail
from projections.compliance.projection import Compliance
from projections.kpi.registry import FAMILIES
from projections.plugin import Projection
from projections.records import Records

PROJECTIONS: tuple[Projection, ...] = (
    AuditTrail(),
    Records(),
    *(family.projection for family in FAMILIES),
    Compliance(),
)
