"""The rectification as a kind of record."""

from __future__ import annotations

from domain.rectification import deadlines
from domain.rectification.events import RectificationIssued
from domain.rectification.state import Rectification, evolve
from domain.shared.kind import Kind

RECTIFICATION = Kind(
    name="rectification",
    evolve=evolve,
    created_by=(RectificationIssued,),
    state_class=Rectification,
    overdue=lambda rectification, now, noticed_at: deadlines.overdue(rectification, now),
    next_deadline=deadlines.next_deadline,
)
