"""Every projection the runner keeps. Adding one is a line here and a module beside it."""

from __future__ import annotations

from projections.audit_trail import AuditTrail
from projections.plugin import Projection

PROJECTIONS: tuple[Projection, ...] = (AuditTrail(),)
