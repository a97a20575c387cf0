"""The paths a rectification notice takes in the demo: issued after a spot check, acknowledged,
rectified, submitted with evidence, verified and closed, and what goes wrong."""

from __future__ import annotations

import enum
import random
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

import attrs

from infrastructure.demo import rectification_wording as wording
from infrastructure.demo.company import Company, Person, Unit
from infrastructure.demo.rectification_wording import Finding
from infrastructure.demo.script import Owes, Refusal, Script
from infrastructure.demo.simulated_clock import COMPANY_TZ, first_after, is_business_day, local

KIND = "rectification"
DAY = 24 * 60


class RectificationPath(enum.Enum):
    """How a rectification notice goes."""

    SHOWCASE = (
        "acknowledged by the department head, verification rejected, resubmitted, verified, closed"
    )
    CLOSED = "acknowledged, rectified, verified and closed"
    EXTENDED = "due date extended with a reason, then verified and closed"
    OVERDUE = "overdue (noticed by the sweep), then verified and closed"
    SUPERVISION = "the supervision group's own process: its responsible supervisor may not verify"
    RECTIFYING = "being rectified at quarter end"


#: How often each path is drawn once every path has been shown at least once.
WEIGHTS = {
    RectificationPath.SHOWCASE: 1,
    RectificationPath.CLOSED: 10,
    RectificationPath.EXTENDED: 3,
    RectificationPath.OVERDUE: 2,
    RectificationPath.SUPERVISION: 1,
    RectificationPath.RECTIFYING: 4,
}

#: When in the quarter a notice of each path is issued, as shares of its business days.
ARRIVAL: dict[RectificationPath, tuple[float, float]] = {
    RectificationPath.SHOWCASE: (0.0, 0.15),
    RectificationPath.OVERDUE: (0.0, 0.55),
    RectificationPath.RECTIFYING: (0.75, 0.95),
}
EARLY = (0.0, 0.65)

#: Days from the notice to its due date, by severity.
DUE_DAYS = {"high": (10, 14), "medium": (14, 21), "low": (21, 30)}
SEVERITY_WEIGHTS = {"low": 30, "medium": 45, "high": 25}


def _day(instant: datetime) -> date:
    return instant.astimezone(COMPANY_TZ).date()


def deadline_of(due_on: date) -> datetime:
    """A notice due on `due_on` is late from the first instant of the next day."""
    return local(due_on + timedelta(days=1), time(0, 0))


def _office(rng: random.Random, day: date) -> datetime:
    """Some time in office hours on `day`, or on the business day before it."""
    while not is_business_day(day):
        day -= timedelta(days=1)
    return local(day, time(9, 30)) + timedelta(minutes=rng.randint(0, 420))


@attrs.define(kw_only=True)
class Rectifying:
    """A notice being worked through: its script, the supervisor who issued it, the person
    responsible, the finding and its due date."""

    script: Script
    company: Company
    unit: Unit
    finding: Finding
    severity: str
    supervisor: Person
    responsible: Person
    sweeps: Sequence[datetime]
    #: No step is written after this instant (the quarter's last sweep).
    horizon: datetime
    demonstrate_refusals: bool
    related_id: str | None = None
    due_on: date | None = None

    @property
    def rng(self) -> random.Random:
        return self.script.rng

    @property
    def due(self) -> date:
        assert self.due_on is not None
        return self.due_on

    @property
    def verifier(self) -> Person:
        """The supervisor who issued the notice, or another (never the responsible person)."""
        if self.rng.random() < 0.75:
            return self.supervisor
        return self.rng.choice([p for p in self.company.supervisors if p.id != self.responsible.id])

    def refuse(
        self,
        verb: str,
        actor: Person,
        payload: dict[str, Any] | None = None,
        *,
        code: str,
        why: str,
        reason: str | None = None,
    ) -> None:
        """A deliberate mistake the demo shows being refused with `code`."""
        if self.demonstrate_refusals:
            self.script.send(
                verb,
                actor,
                payload,
                after=(5, 60),
                reason=reason,
                refusal=Refusal(code=code, why=why),
            )

    def payload(self, due_on: date) -> dict[str, Any]:
        payload = {
            "department": self.unit.key,
            "process": self.finding.process,
            "finding": self.finding.finding,
            "severity": self.severity,
            "responsible_id": self.responsible.id,
            "due_on": due_on.isoformat(),
        }
        if self.related_id is not None:
            payload["related_id"] = self.related_id
        return payload

    def issue(self, *, days: tuple[int, int] | None = None, after_quarter: bool = False) -> None:
        due_on = _day(self.script.time) + timedelta(
            days=self.rng.randint(*(days or DUE_DAYS[self.severity]))
        )
        if after_quarter:
            due_on = max(due_on, _day(self.horizon) + timedelta(days=self.rng.randint(3, 15)))
        self.due_on = due_on
        self.script.send(
            "issue",
            self.supervisor,
            self.payload(due_on),
            at=self.script.time,
            owes=Owes(due=deadline_of(due_on)),
        )

    def acknowledge(self, *, by_head: bool | None = None) -> None:
        if by_head is None:
            by_head = self.rng.random() < 0.35
        actor = self.unit.head if by_head and self.unit.head is not None else self.responsible
        self.script.send("acknowledge", actor, after=(60, DAY))

    def start(self) -> None:
        self.script.send(
            "start", self.responsible, {"plan": self.finding.plan}, after=(2 * 60, 2 * DAY)
        )

    def submit(self, *, days_early: tuple[int, int] = (4, 7), evidence: str | None = None) -> None:
        at = _office(self.rng, self.due - timedelta(days=self.rng.randint(*days_early)))
        at = max(at, self.script.time + timedelta(minutes=self.rng.randint(4 * 60, DAY)))
        self.script.send(
            "submit",
            self.responsible,
            {
                "actions_taken": self.finding.actions_taken,
                "evidence": evidence or self.finding.evidence,
            },
            at=at,
        )

    def submit_late(self) -> None:
        """Submitted once the sweep has reported the notice overdue."""
        noticed = first_after(self.sweeps, deadline_of(self.due)) or deadline_of(self.due)
        self.script.send(
            "submit",
            self.responsible,
            {"actions_taken": self.finding.actions_taken, "evidence": self.finding.evidence},
            at=noticed + timedelta(minutes=self.rng.randint(2 * 60, 2 * DAY)),
        )

    def verify(self, *, passed: bool = True) -> None:
        self.script.send(
            "verify",
            self.verifier,
            {"passed": passed, "notes": wording.PASSED if passed else wording.REJECTED},
            after=(DAY // 3, DAY),
            owes=Owes(due=None) if passed else None,
            expects=("RectificationVerified",) if passed else ("RectificationRejected",),
        )

    def extend(self) -> None:
        """A supervisor or management grants two more weeks, a few days before the due date."""
        extender = self.rng.choice((self.supervisor, *self.company.management))
        new_due = self.due + timedelta(days=14)
        at = _office(self.rng, self.due - timedelta(days=self.rng.randint(2, 4)))
        at = max(at, self.script.time + timedelta(minutes=60))
        self.script.send(
            "extend",
            extender,
            {"new_due_on": new_due.isoformat()},
            at=at,
            reason=wording.EXTENDED,
            owes=Owes(due=deadline_of(new_due)),
        )
        self.due_on = new_due

    def close(self) -> None:
        self.script.send("close", self.supervisor, after=(60, 2 * DAY))


# -- the paths ------------------------------------------------------------------------------


def _showcase(r: Rectifying) -> None:
    r.issue(days=(21, 28))
    r.acknowledge(by_head=True)
    if r.unit.head is not None:
        r.refuse(
            "start",
            r.unit.head,
            {"plan": r.finding.plan},
            code="forbidden",
            why="only the responsible person starts a rectification, not the department head "
            "(forbidden)",
        )
    r.start()
    r.refuse(
        "close",
        r.supervisor,
        code="invalid_transition",
        why="a rectification is closed only once its verification passed (invalid_transition)",
    )
    r.submit(days_early=(10, 12))
    r.verify(passed=False)
    r.script.send(
        "submit",
        r.responsible,
        {"actions_taken": r.finding.actions_taken, "evidence": wording.RESUBMITTED_EVIDENCE},
        after=(2 * DAY, 4 * DAY),
    )
    r.verify()
    r.close()


def _closed(r: Rectifying) -> None:
    r.issue()
    others = [
        u.head for u in r.company.units.values() if u.head is not None and u.key != r.unit.key
    ]
    r.refuse(
        "acknowledge",
        r.rng.choice(others),
        code="forbidden",
        why="only the responsible person or the head of that department acknowledges a notice "
        "(forbidden)",
    )
    r.acknowledge()
    r.start()
    r.submit()
    r.verify()
    r.close()


def _extended(r: Rectifying) -> None:
    r.issue()
    r.acknowledge()
    r.start()
    r.refuse(
        "extend",
        r.supervisor,
        {"new_due_on": (r.due - timedelta(days=2)).isoformat()},
        reason=wording.EXTENDED,
        code="rule_violation",
        why="an extension moves the due date later, never earlier (rule_violation)",
    )
    r.extend()
    r.submit()
    r.verify()
    r.close()


def _overdue(r: Rectifying) -> None:
    r.issue()
    r.acknowledge()
    r.start()
    r.submit_late()
    r.verify()
    r.close()


def _supervision(r: Rectifying) -> None:
    r.refuse(
        "issue",
        r.responsible,
        r.payload(_day(r.script.time) + timedelta(days=21)),
        code="segregation_of_duties",
        why="a supervisor may not issue a notice to himself (segregation_of_duties)",
    )
    r.issue()
    r.acknowledge()
    r.start()
    r.submit()
    r.refuse(
        "verify",
        r.responsible,
        {"passed": True, "notes": wording.PASSED},
        code="segregation_of_duties",
        why="the responsible person may not verify his own rectification, even as a "
        "supervisor (segregation_of_duties)",
    )
    r.verify()
    r.close()


def _rectifying(r: Rectifying) -> None:
    r.issue(after_quarter=True)
    r.acknowledge()
    r.start()


SCRIPTS: dict[RectificationPath, Callable[[Rectifying], None]] = {
    RectificationPath.SHOWCASE: _showcase,
    RectificationPath.CLOSED: _closed,
    RectificationPath.EXTENDED: _extended,
    RectificationPath.OVERDUE: _overdue,
    RectificationPath.SUPERVISION: _supervision,
    RectificationPath.RECTIFYING: _rectifying,
}
