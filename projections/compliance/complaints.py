"""Complaint rules: COMPLAINT_ACK_SLA and COMPLAINT_RESOLUTION_SLA (DOMAIN §3, §7). The
deadlines are the ones the complaint's own events carry (set by the SLA policy in force when
it was received and classified); paused time, and time resolved or closed until a reopening,
is added back to the resolution deadline as the domain adds it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.complaint import events as complaint
from projections.compliance.findings import Breach, Rule
from projections.compliance.lateness import is_late, shown
from projections.compliance.marks import Facts, Mark, at, instant, iso, mark
from projections.log import LogEntry

KIND = "complaint"
RULES = frozenset({Rule.COMPLAINT_ACK_SLA, Rule.COMPLAINT_RESOLUTION_SLA})

#: Facts that resolve a complaint for its resolution SLA.
_RESOLVING = (complaint.CustomerSatisfied, complaint.ComplaintClosedUnresolved)


def fold(facts: Facts, entry: LogEntry) -> Facts:
    """Remember what the SLA rules need: both deadlines, the first acknowledgement, and the
    spans the resolution clock stood still ([start mark, end or None, resolving or not])."""
    event = entry.recorded.event
    here = mark(entry)
    stops: list[list[Any]] = facts.setdefault("stops", [])
    match event:
        case complaint.ComplaintReceived():
            facts.update(
                ack_due=iso(event.acknowledge_due),
                ack=None,
                res_due=None,
                classified=None,
                severity="medium",
                department=event.actor.department,
                ended=None,
            )
        case complaint.ComplaintAcknowledged() if facts.get("ack") is None:
            facts["ack"] = here
        case complaint.ComplaintClassified():
            facts["res_due"] = iso(event.resolution_due)
            facts["classified"] = facts.get("classified") or here["at"]
            facts["severity"] = event.severity.value
        case complaint.ComplaintAssigned():
            facts["department"] = event.department
        case complaint.ComplaintPaused():
            stops.append([here, None, False])
        case complaint.ComplaintResumed():
            _end_stop(stops, here)
        case _ if isinstance(event, _RESOLVING):
            _end_stop(stops, here)
            stops.append([here, None, True])
            if isinstance(event, complaint.ComplaintClosedUnresolved):
                facts["ended"] = here
        case complaint.ComplaintClosed():
            facts["ended"] = here
        case complaint.ComplaintReopened():
            _end_stop(stops, here)
            facts["ended"] = None
        case _:
            pass
    return facts


def _end_stop(stops: list[list[Any]], here: Mark) -> None:
    if stops and stops[-1][1] is None:
        stops[-1][1] = here


def breaches(facts: Facts, latest: Mark) -> list[Breach]:
    found: list[Breach] = []
    ack_due = datetime.fromisoformat(facts["ack_due"])
    ack: Mark | None = facts["ack"]
    if shown(begins=ack_due, met=ack, latest=latest, strict=True):
        found.append(
            Breach(
                rule=Rule.COMPLAINT_ACK_SLA,
                severity="medium",
                opened_at=ack_due,
                closed=ack,
                detail=f"acknowledgement due {facts['ack_due']}",
            )
        )
    resolution = _resolution_breach(facts, latest)
    if resolution is not None:
        found.append(resolution)
    return found


def _resolution_breach(facts: Facts, latest: Mark) -> Breach | None:
    """The resolution deadline walks forward by each span the clock stood still after
    classification; the breach begins when the clock, running, passes it, and ends at the
    next resolution (CustomerSatisfied or closed unresolved)."""
    due = instant(facts.get("res_due"))
    classified = instant(facts.get("classified"))
    if due is None or classified is None:
        return None
    stops = [stop for stop in facts["stops"] if stop[1] is None or at(stop[1]) > classified]
    for start, end, _ in stops:
        if is_late(at(start), due, strict=True):
            break
        if end is None:
            return None  # stood still before the deadline, and still does
        due += at(end) - at(start)
    closing = next((start for start, _, resolving in stops if resolving and at(start) >= due), None)
    if not shown(begins=due, met=closing, latest=latest, strict=True):
        return None
    return Breach(
        rule=Rule.COMPLAINT_RESOLUTION_SLA,
        severity=facts["severity"],
        opened_at=due,
        closed=closing,
        detail=f"resolution due {iso(due)} (paused time added back)",
    )


def ended(facts: Facts) -> Mark | None:
    return facts.get("ended")


def department(facts: Facts) -> str | None:
    return facts.get("department")
