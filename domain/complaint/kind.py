"""The complaint as a kind of record."""

from __future__ import annotations

from domain.complaint import deadlines
from domain.complaint.events import ComplaintReceived
from domain.complaint.state import Complaint, evolve
from domain.shared.actor import SYSTEM_ACTOR
from domain.shared.kind import Kind

COMPLAINT = Kind(
    name="complaint",
    evolve=evolve,
    created_by=(ComplaintReceived,),
    state_class=Complaint,
    overdue=lambda complaint, now, noticed_at: deadlines.sweep(
        complaint, actor=SYSTEM_ACTOR, now=now, dated=noticed_at
    ),
    next_deadline=deadlines.next_deadline,
)
