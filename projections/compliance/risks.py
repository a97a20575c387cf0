"""Risk rules (DOMAIN §6, §7): RISK_UNTREATED, a high or critical risk without a response 7 days
after its assessment, until a response is chosen; RISK_REVIEW_OVERDUE, a review date passed,
until the risk is reviewed (or assessed afresh, which also sets the next review; or closed);
RISK_ACTION_OVERDUE, a mitigation action past its due day, until completed."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from domain.risk import events as risk
from domain.risk.values import Level
from projections.compliance.findings import Breach, Rule
from projections.compliance.lateness import shown
from projections.compliance.marks import Facts, Mark, iso, mark
from projections.log import LogEntry

KIND = "risk"
RULES = frozenset({Rule.RISK_UNTREATED, Rule.RISK_REVIEW_OVERDUE, Rule.RISK_ACTION_OVERDUE})

#: A high or critical risk must have a response within this time of its assessment.
RESPONSE_WITHIN = timedelta(days=7)

_NEEDS_RESPONSE = frozenset({Level.HIGH, Level.CRITICAL})

#: Facts that set the next review date.
_SETS_REVIEW = (risk.RiskAssessed, risk.ResidualRiskAssessed, risk.RiskReviewed)


def fold(facts: Facts, entry: LogEntry) -> Facts:
    event = entry.recorded.event
    here = mark(entry)
    match event:
        case risk.RiskIdentified():
            facts.update(
                department=event.department,
                level=None,
                untreated=[],
                reviews=[],
                actions={},
                ended=None,
            )
            return facts
        case risk.RiskClosed():
            facts["ended"] = here
            _end_untreated(facts, here)
            _end_review(facts, here)
        case risk.RiskReopened():
            facts["ended"] = None
        case risk.ResponseChosen():
            _end_untreated(facts, here)
        case risk.MitigationActionAdded():
            facts["actions"][event.action_id] = {"due": iso(event.action_due), "met": None}
        case risk.MitigationActionCompleted():
            action = facts["actions"].get(event.action_id)
            if action is not None and action["met"] is None:
                action["met"] = here
        case _:
            pass
    if isinstance(event, _SETS_REVIEW):
        facts["level"] = event.level.value
        _end_review(facts, here)
        facts["reviews"].append(
            {"due": iso(event.review_due), "level": event.level.value, "met": None}
        )
    if isinstance(event, risk.RiskAssessed):
        _assessed(facts, event.level, here)
    return facts


def _assessed(facts: Facts, level: Level, here: Mark) -> None:
    """A fresh assessment voids any response chosen before: a high or critical risk needs one
    again from now (its clock keeps running if it was already waiting for one); a lower level
    needs none."""
    untreated: list[dict[str, Any]] = facts["untreated"]
    waiting = bool(untreated) and untreated[-1]["met"] is None
    if level in _NEEDS_RESPONSE:
        if not waiting:
            untreated.append({"assessed": here["at"], "level": level.value, "met": None})
        else:
            untreated[-1]["level"] = level.value
    elif waiting:
        untreated[-1]["met"] = here


def _end_untreated(facts: Facts, here: Mark) -> None:
    untreated = facts["untreated"]
    if untreated and untreated[-1]["met"] is None:
        untreated[-1]["met"] = here


def _end_review(facts: Facts, here: Mark) -> None:
    reviews = facts["reviews"]
    if reviews and reviews[-1]["met"] is None:
        reviews[-1]["met"] = here


def breaches(facts: Facts, latest: Mark) -> list[Breach]:
    found: list[Breach] = []
    for waiting in facts["untreated"]:
        begins = datetime.fromisoformat(waiting["assessed"]) + RESPONSE_WITHIN
        if shown(begins=begins, met=waiting["met"], latest=latest, strict=True):
            found.append(
                Breach(
                    rule=Rule.RISK_UNTREATED,
                    occurrence=waiting["assessed"],
                    severity=waiting["level"],
                    opened_at=begins,
                    closed=waiting["met"],
                    detail=f"{waiting['level']} risk assessed {waiting['assessed']} "
                    "without a response 7 days on",
                )
            )
    for review in facts["reviews"]:
        begins = datetime.fromisoformat(review["due"])
        if shown(begins=begins, met=review["met"], latest=latest, strict=False):
            found.append(
                Breach(
                    rule=Rule.RISK_REVIEW_OVERDUE,
                    occurrence=review["due"],
                    severity=review["level"],
                    opened_at=begins,
                    closed=review["met"],
                    detail=f"review overdue from {review['due']}",
                )
            )
    for action_id, action in facts["actions"].items():
        begins = datetime.fromisoformat(action["due"])
        if shown(begins=begins, met=action["met"], latest=latest, strict=False):
            found.append(
                Breach(
                    rule=Rule.RISK_ACTION_OVERDUE,
                    occurrence=action_id,
                    severity=facts["level"] or "medium",
                    opened_at=begins,
                    closed=action["met"],
                    detail=f"action {action_id} overdue from {action['due']}",
                )
            )
    return found


def ended(facts: Facts) -> Mark | None:
    return facts.get("ended")


def department(facts: Facts) -> str | None:
    return facts.get("department")
