"""The risk as a kind of record."""

from __future__ import annotations

from domain.risk import deadlines
from domain.risk.events import RiskIdentified
from domain.risk.state import Risk, evolve
from domain.shared.kind import Kind

RISK = Kind(
    name="risk",
    evolve=evolve,
    created_by=(RiskIdentified,),
    state_class=Risk,
    overdue=lambda risk, now, noticed_at: deadlines.overdue(risk, now),
    next_deadline=deadlines.next_deadline,
)
