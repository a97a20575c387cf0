"""The paths a complaint takes in the demo: from receipt to closing, and what goes wrong."""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

import attrs

from domain.complaint.values import Category, Channel, Severity, WaitingFor
from infrastructure.demo.company import Company, Department, Person
from infrastructure.demo.script import Refusal, Script
from infrastructure.demo.simulated_clock import first_after
from infrastructure.demo.wording import Phrases, Story


class ComplaintPath(enum.Enum):
    """How a complaint's handling goes."""

    SHOWCASE = "transferred, escalated, paused, dissatisfied, reopened"
    RESOLVED_FIRST_TIME = "resolved first time"
    DISSATISFIED_THEN_RESOLVED = "customer dissatisfied, then resolved"
    REOPENED = "closed, reopened, resolved again"
    ESCALATED = "escalated"
    PAUSED = "paused, waiting for the customer or a third party"
    TRANSFERRED = "transferred between departments"
    CLOSED_UNRESOLVED = "closed unresolved"
    LATE_ACKNOWLEDGEMENT = "acknowledged late (breach noticed by the sweep)"


#: How often each path is drawn once every path has been shown at least once.
WEIGHTS = {
    ComplaintPath.SHOWCASE: 1,
    ComplaintPath.RESOLVED_FIRST_TIME: 40,
    ComplaintPath.DISSATISFIED_THEN_RESOLVED: 9,
    ComplaintPath.REOPENED: 7,
    ComplaintPath.ESCALATED: 8,
    ComplaintPath.PAUSED: 10,
    ComplaintPath.TRANSFERRED: 8,
    ComplaintPath.CLOSED_UNRESOLVED: 5,
    ComplaintPath.LATE_ACKNOWLEDGEMENT: 6,
}

_CHANNEL_WEIGHTS = {Channel.PHONE: 35, Channel.ONLINE: 30, Channel.EMAIL: 25, Channel.IN_PERSON: 10}
#: Minutes from assignment to a recorded investigation, by severity.
_INVESTIGATION_MINUTES = {
    Severity.CRITICAL: (60, 600),
    Severity.HIGH: (120, 1440),
    Severity.MEDIUM: (240, 2880),
    Severity.LOW: (480, 4320),
}
DAY = 24 * 60


#: An order a complaint is about: its id and customer, or None.
OrderReference = tuple[str, str] | None


@attrs.define(kw_only=True)
class Handling:
    """A complaint being handled: its script, words, people and where it stands."""

    script: Script
    company: Company
    sweeps: Sequence[datetime]
    story: Story
    words: Phrases
    category: Category
    severity: Severity
    agent: Person
    manager: Person
    department: Department
    assignee: Person
    demonstrate_refusals: bool
    #: The order delivered to a customer before the complaint came in, if it is about one.
    order: OrderReference = None

    def pick(self, people: Sequence[Person]) -> Person:
        return self.script.rng.choice(people)

    def register(self, *, late_acknowledgement: bool = False) -> None:
        rng = self.script.rng
        channel = rng.choices(list(_CHANNEL_WEIGHTS), weights=list(_CHANNEL_WEIGHTS.values()))[0]
        payload: dict[str, str] = {
            "customer_id": f"C-{rng.randint(10000, 99999)}",
            "channel": channel.value,
            "summary": self.story.summary,
            "remedy_sought": self.story.remedy_sought,
        }
        if self.order is not None:
            payload["order_id"], payload["customer_id"] = self.order
        elif self.category is not Category.OTHER:
            payload["order_id"] = f"SO-{self.script.time.year}-{rng.randint(1, 99999):05d}"
        spoken = channel in (Channel.PHONE, Channel.IN_PERSON)
        self.script.send(
            "register",
            self.agent,
            payload,
            at=self.script.time,
            entered_late=(3, 20) if spoken else (0, 0),
        )
        message = {"message": self.words.acknowledgement}
        if late_acknowledgement:
            # Forgotten in a queue: answered only after the sweep has reported the breach.
            due = self.script.time + timedelta(hours=24)
            noticed = first_after(self.sweeps, due) or due
            at = noticed + timedelta(minutes=rng.randint(10, 150))
            self.script.send("acknowledge", self.agent, message, at=at)
        else:
            self.script.send("acknowledge", self.agent, message, after=(10, 90), office_hours=False)
        classifier = self.manager if rng.random() < 0.3 else self.agent
        self.script.send(
            "classify",
            classifier,
            {"category": self.category.value, "severity": self.severity.value},
            after=(5, 60),
        )

    def assign(self, department: Department | None = None, *, reason: str | None = None) -> None:
        if department is not None:
            self.department = department
            self.assignee = self.pick(department.staff)
        self.script.send(
            "assign",
            self.manager,
            {"department": self.department.key, "assignee_id": self.assignee.id},
            after=(20, 240),
            reason=reason,
        )

    def investigate(self, *, by_head: bool = False, not_ours: bool = False) -> None:
        """Record the investigation; a department that finds the fault lies elsewhere says so."""
        investigator = self.department.head if by_head else self.assignee
        payload = (
            {"root_cause": self.words.not_ours_root_cause, "findings": self.words.not_ours_findings}
            if not_ours
            else {"root_cause": self.story.root_cause, "findings": self.story.findings}
        )
        self.script.send(
            "record_investigation",
            investigator,
            payload,
            after=_INVESTIGATION_MINUTES[self.severity],
        )

    def propose(self, *, better: bool = False) -> None:
        self.script.send(
            "propose_resolution",
            self.assignee,
            {
                "resolution": self.story.better_resolution if better else self.story.resolution,
                "remedy_offered": self.story.better_remedy if better else self.story.remedy_offered,
            },
            after=(60, DAY),
        )

    def feedback(self, *, satisfied: bool) -> None:
        rng = self.script.rng
        csat = rng.choice((4, 4, 5, 5, 3)) if satisfied else rng.choice((1, 2, 2))
        comment = self.words.satisfied if satisfied else self.words.dissatisfied
        self.script.send(
            "record_feedback",
            self.agent,
            {"satisfied": satisfied, "csat": csat, "comment": comment},
            after=(120, 3 * DAY),
        )

    def close(self) -> None:
        closer = self.manager if self.script.rng.random() < 0.2 else self.agent
        self.script.send("close", closer, after=(10, 180))

    def resolve(self, *, better: bool = False) -> None:
        self.propose(better=better)
        self.feedback(satisfied=True)
        self.close()

    def escalate(self, level: int, reason: str) -> None:
        sender = self.manager if level > 1 else self.pick((self.agent, self.manager))
        self.script.send("escalate", sender, {"level": level}, after=(60, 480), reason=reason)

    def pause(self, waiting_for: WaitingFor) -> None:
        why = (
            self.words.waiting_for_customer
            if waiting_for is WaitingFor.CUSTOMER
            else self.words.waiting_for_third_party
        )
        pauser = self.pick((self.agent, self.assignee))
        self.script.send(
            "pause", pauser, {"waiting_for": waiting_for.value}, after=(60, 600), reason=why
        )
        self.script.send("resume", self.agent, after=(DAY, 6 * DAY), reason=self.words.resumed)

    def refuse(
        self,
        command_type: str,
        actor: Person,
        payload: dict[str, object],
        *,
        code: str,
        why: str,
        reason: str | None = None,
    ) -> None:
        """A deliberate mistake the demo shows being refused with `code` and written to the
        security log."""
        if self.demonstrate_refusals:
            self.script.send(
                command_type,
                actor,
                payload,
                after=(5, 60),
                reason=reason,
                refusal=Refusal(code=code, why=why),
            )


def _showcase(h: Handling) -> None:
    h.register()
    right = h.department
    wrong = h.company.departments["logistics" if right.key != "logistics" else "after_sales"]
    h.assign(wrong)
    h.investigate(not_ours=True)
    h.assign(right, reason=h.words.transfer)
    h.escalate(1, h.words.escalation)
    h.refuse(
        "escalate",
        h.company.sales_rep,
        {"level": 2},
        reason="I know this customer",
        code="forbidden",
        why="a sales rep may not escalate a complaint (forbidden)",
    )
    h.pause(WaitingFor.CUSTOMER)
    h.investigate()
    h.propose()
    h.refuse(
        "close",
        h.agent,
        {},
        code="rule_violation",
        why="closing before the customer is satisfied (rule_violation)",
    )
    h.feedback(satisfied=False)
    h.escalate(2, h.words.second_escalation)
    h.investigate(by_head=True)
    h.resolve(better=True)
    h.script.send("reopen", h.agent, after=(3 * DAY, 8 * DAY), reason=h.words.reopen)
    h.investigate()
    h.resolve(better=True)


def _resolved_first_time(h: Handling) -> None:
    h.register()
    h.assign()
    h.investigate(by_head=h.script.rng.random() < 0.2)
    h.resolve()


def _dissatisfied_then_resolved(h: Handling) -> None:
    h.register()
    h.assign()
    h.investigate()
    h.propose()
    h.feedback(satisfied=False)
    h.investigate()
    h.resolve(better=True)


def _reopened(h: Handling) -> None:
    h.register()
    h.assign()
    h.investigate()
    h.resolve()
    h.refuse(
        "reopen",
        h.company.auditor,
        {},
        reason="checking the file",
        code="forbidden",
        why="an auditor only reads; reopening is forbidden",
    )
    reopener = h.pick((h.agent, h.manager))
    h.script.send("reopen", reopener, after=(3 * DAY, 12 * DAY), reason=h.words.reopen)
    h.investigate()
    h.resolve(better=True)


def _escalated(h: Handling) -> None:
    h.register()
    h.assign()
    h.escalate(1, h.words.escalation)
    if h.script.rng.random() < 0.3:
        h.escalate(2, h.words.second_escalation)
    h.investigate()
    h.resolve()


def _paused(h: Handling) -> None:
    h.register()
    h.assign()
    waiting_for = WaitingFor.CUSTOMER if h.script.rng.random() < 0.75 else WaitingFor.THIRD_PARTY
    h.pause(waiting_for)
    h.investigate()
    h.resolve()


def _transferred(h: Handling) -> None:
    h.register()
    right = h.department
    others = [d for key, d in sorted(h.company.departments.items()) if key != right.key]
    h.assign(h.script.rng.choice(others))
    h.investigate(not_ours=True)
    h.assign(right, reason=h.words.transfer)
    h.investigate()
    h.resolve()


def _closed_unresolved(h: Handling) -> None:
    h.register()
    h.assign()
    h.investigate()
    h.propose()
    h.feedback(satisfied=False)
    if h.script.rng.random() < 0.5:
        h.investigate()
        h.propose(better=True)
        h.feedback(satisfied=False)
    h.refuse(
        "close_unresolved",
        h.agent,
        {"recourse_explained": True},
        reason=h.words.close_unresolved,
        code="forbidden",
        why="only a service manager closes a complaint unresolved (forbidden)",
    )
    h.script.send(
        "close_unresolved",
        h.manager,
        {"recourse_explained": True},
        after=(60, 2 * DAY),
        reason=h.words.close_unresolved,
    )


def _late_acknowledgement(h: Handling) -> None:
    h.register(late_acknowledgement=True)
    h.assign()
    h.investigate()
    h.resolve()


SCRIPTS: dict[ComplaintPath, Callable[[Handling], None]] = {
    ComplaintPath.SHOWCASE: _showcase,
    ComplaintPath.RESOLVED_FIRST_TIME: _resolved_first_time,
    ComplaintPath.DISSATISFIED_THEN_RESOLVED: _dissatisfied_then_resolved,
    ComplaintPath.REOPENED: _reopened,
    ComplaintPath.ESCALATED: _escalated,
    ComplaintPath.PAUSED: _paused,
    ComplaintPath.TRANSFERRED: _transferred,
    ComplaintPath.CLOSED_UNRESOLVED: _closed_unresolved,
    ComplaintPath.LATE_ACKNOWLEDGEMENT: _late_acknowledgement,
}
