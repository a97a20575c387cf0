"""The paths a project takes in the demo: proposal, plan, execution, acceptance and closing."""

from __future__ import annotations

import enum
import math
import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import attrs

from infrastructure.demo import project_wording as wording
from infrastructure.demo.company import Company, Person, ProjectDepartment
from infrastructure.demo.project_wording import Idea
from infrastructure.demo.script import Owes, Refusal, Script
from infrastructure.demo.simulated_clock import is_business_day, local

KIND = "project"
DAY = 24 * 60


class ProjectPath(enum.Enum):
    """How a project goes."""

    SHOWCASE = "plan refused then fixed, baseline changed, acceptance failed then passed, closed"
    DELIVERED = "planned, executed, accepted and closed"
    EXECUTING = "executing at quarter end"
    REJECTED = "proposal rejected"
    PLAN_RESUBMITTED = "plan sent back and re-submitted, then approved"
    BASELINE_CHANGE = "baseline changed: later end, higher cost"
    ACCEPTANCE_FAILED = "acceptance failed, then passed"
    LATE = "late (schedule overdue noticed by the sweep)"
    HELD = "held and resumed"
    CANCELLED = "cancelled"


#: How often each path is drawn once every path has been shown at least once.
WEIGHTS = {
    ProjectPath.SHOWCASE: 1,
    ProjectPath.DELIVERED: 8,
    ProjectPath.EXECUTING: 16,
    ProjectPath.REJECTED: 4,
    ProjectPath.PLAN_RESUBMITTED: 4,
    ProjectPath.BASELINE_CHANGE: 5,
    ProjectPath.ACCEPTANCE_FAILED: 4,
    ProjectPath.LATE: 5,
    ProjectPath.HELD: 4,
    ProjectPath.CANCELLED: 3,
}

#: Planned length in weeks by path: short ones finish in the quarter, long ones run past it.
WEEKS: dict[ProjectPath, tuple[int, int]] = {
    ProjectPath.SHOWCASE: (5, 6),
    ProjectPath.DELIVERED: (5, 6),
    ProjectPath.EXECUTING: (14, 30),
    ProjectPath.REJECTED: (8, 20),
    ProjectPath.PLAN_RESUBMITTED: (5, 6),
    ProjectPath.BASELINE_CHANGE: (5, 6),
    ProjectPath.ACCEPTANCE_FAILED: (5, 6),
    ProjectPath.LATE: (5, 6),
    ProjectPath.HELD: (14, 22),
    ProjectPath.CANCELLED: (12, 24),
}

#: How fast work goes against the plan (1 on plan, below 1 slipping), by path.
PACE: dict[ProjectPath, tuple[float, float]] = {
    ProjectPath.SHOWCASE: (0.85, 0.95),
    ProjectPath.DELIVERED: (0.95, 1.15),
    ProjectPath.EXECUTING: (0.8, 1.15),
    ProjectPath.REJECTED: (1.0, 1.0),
    ProjectPath.PLAN_RESUBMITTED: (0.95, 1.1),
    ProjectPath.BASELINE_CHANGE: (0.8, 0.88),
    ProjectPath.ACCEPTANCE_FAILED: (1.0, 1.15),
    ProjectPath.LATE: (0.62, 0.72),
    ProjectPath.HELD: (0.85, 1.1),
    ProjectPath.CANCELLED: (0.7, 0.9),
}


@attrs.frozen(kw_only=True)
class Milestone:
    name: str
    due: date
    weight: Decimal
    #: Days from the planned start to where the milestone's work starts and ends.
    begins: int
    ends: int

    def payload(self) -> dict[str, Any]:
        return {"name": self.name, "due": self.due.isoformat(), "weight": str(self.weight)}


#: The share of a project's planned days kept between its last milestone and its planned end,
#: for acceptance.
ACCEPTANCE_SHARE = 0.2


def milestones(rng: random.Random, *, start: date, end: date, count: int) -> list[Milestone]:
    """`count` milestones splitting the planned dates up to some days before the planned end
    (kept for acceptance), each weighted by its share of the time (to the hundredth; the last
    takes what is left so the weights add up to exactly 1)."""
    days = round((end - start).days * (1 - ACCEPTANCE_SHARE))
    cuts = sorted(
        round(days * (number + rng.uniform(-0.15, 0.15)) / count) for number in range(1, count)
    )
    bounds = [0, *cuts, days]
    result: list[Milestone] = []
    left = Decimal(1)
    for number, name in enumerate(wording.MILESTONES[count]):
        begins, ends = bounds[number], bounds[number + 1]
        if number == count - 1:
            weight = left
        else:
            weight = max(Decimal("0.05"), Decimal(ends - begins) / Decimal(days)).quantize(
                Decimal("0.01")
            )
        left -= weight
        result.append(
            Milestone(
                name=name,
                due=start + timedelta(days=ends),
                weight=weight,
                begins=begins,
                ends=ends,
            )
        )
    return result


def schedule_due(planned_end: date) -> datetime:
    """When a project not yet accepted becomes late: the first instant after its planned end."""
    return local(planned_end + timedelta(days=1), time(0, 0))


def _money(amount: Decimal) -> str:
    return str(amount.quantize(Decimal("0.01")))


@attrs.define(kw_only=True)
class Projecting:
    """A project being run: its script, people, plan, pace and how far it has got."""

    script: Script
    company: Company
    department: ProjectDepartment
    idea: Idea
    proposer: Person
    decider: Person
    manager: Person
    planned_start: date
    planned_end: date
    budget: Decimal
    baseline: Decimal
    plan: list[Milestone]
    pace: float
    cost_factor: float
    #: No step is written after this instant (the quarter's end).
    horizon: datetime
    demonstrate_refusals: bool
    progress: dict[str, int] = attrs.field(factory=dict)
    earned_share: float = 0.0
    paused_days: float = 0.0
    started_at: datetime | None = None
    weeks: int = 0
    #: The Friday of the latest weekly update.
    friday: datetime | None = None

    def pick(self, people: tuple[Person, ...]) -> Person:
        return self.script.rng.choice(people)

    @property
    def plan_approver(self) -> Person:
        """The department head, unless the head manages the project: then management."""
        if self.department.head.id != self.manager.id:
            return self.department.head
        return self.pick(self.company.management)

    @property
    def inspector(self) -> Person:
        return self.pick(tuple(p for p in self.company.inspectors if p.id != self.manager.id))

    @property
    def over(self) -> bool:
        """Whether the story has run past the quarter (later steps would be dropped)."""
        latest = self.script.time if self.friday is None else max(self.script.time, self.friday)
        return latest >= self.horizon

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

    # -- initiation -----------------------------------------------------------------------

    def propose(self) -> None:
        self.script.send(
            "propose",
            self.proposer,
            {
                "name": self.idea.name,
                "department": self.department.key,
                "goals": self.idea.goals,
                "scope": self.idea.scope,
                "planned_start": self.planned_start.isoformat(),
                "planned_end": self.planned_end.isoformat(),
                "budget_amount": _money(self.budget),
                "currency": "CNY",
            },
            at=self.script.time,
        )

    def approve(self) -> None:
        self.script.send(
            "approve",
            self.decider,
            after=(DAY // 2, 3 * DAY),
            owes=Owes(due=schedule_due(self.planned_end)),
            reason=wording.APPROVED,
        )

    def reject(self) -> None:
        self.script.send(
            "reject",
            self.decider,
            after=(DAY // 2, 3 * DAY),
            reason=self.script.rng.choice(wording.REJECTED),
        )

    def appoint(self) -> None:
        self.script.send(
            "appoint_manager",
            self.decider,
            {"manager_id": self.manager.id},
            after=(30, DAY),
        )
        for member in self.script.rng.sample(self.department.members, 1):
            self.script.send(
                "add_member",
                self.manager,
                {"member_id": member.id, "role": self.script.rng.choice(wording.TEAM_ROLES)},
                after=(60, DAY),
            )

    def plan_payload(
        self, plan: list[Milestone], baseline: Decimal, *, quality: str = wording.QUALITY_PLAN
    ) -> dict[str, Any]:
        return {
            "milestones": [m.payload() for m in plan],
            "quality_plan": quality,
            "risk_plan": wording.RISK_PLAN,
            "communication_plan": wording.COMMUNICATION_PLAN,
            "baseline_cost": _money(baseline),
        }

    def submit_plan(
        self, *, reason: str | None = None, quality: str = wording.QUALITY_PLAN
    ) -> None:
        self.script.send(
            "submit_plan",
            self.manager,
            self.plan_payload(self.plan, self.baseline, quality=quality),
            after=(DAY, 4 * DAY),
            reason=reason,
        )

    def approve_plan(self) -> None:
        self.script.send("approve_plan", self.plan_approver, after=(DAY // 2, 3 * DAY))

    def start(self) -> None:
        at = local(self.planned_start, time(9, 30))
        self.started_at = self.script.send("start", self.manager, at=at)

    def initiate(self) -> None:
        """Proposed, approved, a manager appointed with a team, the plan approved, started."""
        self.propose()
        self.approve()
        self.appoint()
        self.submit_plan()
        self.approve_plan()
        self.start()

    # -- execution ------------------------------------------------------------------------

    def effective_days(self, at: datetime) -> float:
        """Planned days of work done by `at`: time since the start, less time on hold, at
        the project's pace."""
        assert self.started_at is not None
        elapsed = (at - self.started_at).total_seconds() / 86400 - self.paused_days
        return max(0.0, elapsed * self.pace)

    def record_week(self) -> bool:
        """One Friday's updates: each milestone that moved, and the week's costs. True once
        every milestone stands at 100%."""
        rng = self.script.rng
        self.weeks += 1
        friday = self._next_friday()
        done = self.effective_days(friday)
        first = True
        for milestone in self.plan:
            span = max(1, milestone.ends - milestone.begins)
            share = min(1.0, max(0.0, (done - milestone.begins) / span))
            percent = 100 if share >= 1.0 else math.floor(share * 100)
            if percent > self.progress.get(milestone.name, 0):
                self.script.send(
                    "record_progress",
                    self.manager,
                    {"milestone": milestone.name, "percent_complete": percent},
                    at=friday if first else None,
                    after=(5, 40),
                )
                first = False
                self.progress[milestone.name] = percent
        earned = sum(float(m.weight) * self.progress.get(m.name, 0) / 100 for m in self.plan)
        cost = (earned - self.earned_share) * float(self.baseline) * self.cost_factor
        cost *= rng.uniform(0.9, 1.1)
        self.earned_share = earned
        if cost >= 100:
            by_finance = rng.random() < 0.3
            self.script.send(
                "record_cost",
                self.pick(self.company.finance) if by_finance else self.manager,
                {
                    "amount": _money(Decimal(str(round(cost, 2)))),
                    "description": (
                        wording.SUPPLIER_INVOICE.format(number=f"{rng.randint(10000, 99999)}")
                        if by_finance
                        else wording.WEEKLY_COST.format(week=self.weeks)
                    ),
                },
                at=friday if first else None,
                after=(5, 60),
            )
        return all(self.progress.get(m.name, 0) >= 100 for m in self.plan)

    def _next_friday(self) -> datetime:
        """The Friday afternoon after the latest update (and after anything sent since)."""
        day = self.script.time.date() + timedelta(days=1)
        if self.friday is not None:
            day = max(day, self.friday.date() + timedelta(days=1))
        while day.weekday() != 4:
            day += timedelta(days=1)
        self.friday = local(day, time(15, 0)) + timedelta(minutes=self.script.rng.randint(0, 150))
        return self.friday

    def execute(
        self,
        *,
        until_share: float = 1.0,
        refuse_decrease: bool = False,
    ) -> bool:
        """Weekly updates until every milestone is done (True), the work reaches
        `until_share` of the plan, or the quarter is over (False)."""
        while not self.over:
            if self.record_week():
                return True
            if refuse_decrease and self.progress:
                name, percent = next(iter(self.progress.items()))
                if percent > 0:
                    self.refuse(
                        "record_progress",
                        self.manager,
                        {"milestone": name, "percent_complete": percent - 1},
                        code="rule_violation",
                        why="a milestone's progress never decreases (rule_violation)",
                    )
                    refuse_decrease = False
            if self.earned_share >= until_share:
                return False
        return False

    def request_change(self, *, refuse_approval: bool = False) -> None:
        """Scope grows and the work slips: a later end and a higher baseline, approved."""
        rng = self.script.rng
        slip = math.ceil((self.planned_end - self.planned_start).days * (1 / self.pace - 1))
        self.planned_end += timedelta(days=slip + rng.randint(10, 18))
        self.baseline = (self.baseline * Decimal(str(rng.uniform(1.1, 1.2)))).quantize(
            Decimal("1000")
        )
        self.script.send(
            "request_change",
            self.manager,
            {
                "new_planned_end": self.planned_end.isoformat(),
                "new_baseline_cost": _money(self.baseline),
            },
            after=(60, DAY),
            reason=wording.CHANGE,
        )
        if refuse_approval:
            self.refuse(
                "approve_change",
                self.manager,
                code="forbidden",
                why="only management approves a baseline change (forbidden)",
            )
        self.script.send(
            "approve_change",
            self.pick(self.company.management),
            after=(DAY // 2, 2 * DAY),
            owes=Owes(due=schedule_due(self.planned_end)),
        )

    def hold_and_resume(self, *, refuse_progress: bool = False) -> None:
        held = self.script.send(
            "hold", self.pick(self.company.management), after=(60, DAY), reason=wording.HOLD
        )
        if refuse_progress:
            self.refuse(
                "record_progress",
                self.manager,
                {"milestone": self.plan[-1].name, "percent_complete": 1},
                code="invalid_transition",
                why="no progress is recorded while a project is on hold (invalid_transition)",
            )
        resumed = self.script.send(
            "resume",
            self.pick(self.company.management),
            after=(5 * DAY, 12 * DAY),
            reason=wording.RESUME,
        )
        self.paused_days += (resumed - held).total_seconds() / 86400

    def cancel(self) -> None:
        self.script.send(
            "cancel",
            self.pick(self.company.management),
            after=(DAY, 3 * DAY),
            reason=self.script.rng.choice(wording.CANCEL),
            owes=Owes(due=None),
        )

    # -- acceptance and closing -----------------------------------------------------------

    def accept(self, *, fail_first: bool = False, refuse_self_inspection: bool = False) -> None:
        """Acceptance requested and recorded (failed once and reworked when told), the
        closing report, and management closes the project."""
        if self.over:
            return
        self.script.send("request_acceptance", self.manager, after=(60, DAY))
        if refuse_self_inspection:
            self.refuse(
                "record_acceptance",
                self.manager,
                {"passed": True, "defects": ""},
                code="segregation_of_duties",
                why="the project manager may not inspect his own project (segregation_of_duties)",
            )
        if fail_first:
            self.script.send(
                "record_acceptance",
                self.inspector,
                {"passed": False, "defects": wording.DEFECTS},
                after=(DAY // 2, 3 * DAY),
            )
            rework = float(self.baseline) * self.script.rng.uniform(0.02, 0.05)
            self.script.send(
                "record_cost",
                self.manager,
                {"amount": _money(Decimal(str(round(rework, 2)))), "description": wording.REWORK},
                after=(DAY, 3 * DAY),
            )
            self.script.send("request_acceptance", self.manager, after=(60, DAY))
        self.script.send(
            "record_acceptance",
            self.inspector,
            {"passed": True, "defects": wording.MINOR_DEFECTS},
            after=(DAY // 2, 2 * DAY),
            owes=Owes(due=None),
        )
        self.script.send(
            "submit_closing_report",
            self.manager,
            {"summary": wording.CLOSING_SUMMARY, "lessons_learned": wording.LESSONS},
            after=(DAY, 4 * DAY),
        )
        self.script.send(
            "close",
            self.pick(self.company.management),
            {"evaluation_score": self.script.rng.choice((3, 4, 4, 5))},
            after=(DAY, 4 * DAY),
        )


# -- the paths ------------------------------------------------------------------------------


def _showcase(p: Projecting) -> None:
    p.propose()
    p.approve()
    p.appoint()
    first, *rest = p.plan
    wrong = [attrs.evolve(first, weight=first.weight - Decimal("0.05")), *rest]
    p.refuse(
        "submit_plan",
        p.manager,
        p.plan_payload(wrong, p.baseline),
        code="rule_violation",
        why="a plan's milestone weights add up to exactly 1 (rule_violation)",
    )
    p.submit_plan()
    p.refuse(
        "approve_plan",
        p.manager,
        code="segregation_of_duties",
        why="the project manager may not approve his own plan (segregation_of_duties)",
    )
    p.approve_plan()
    p.start()
    if p.execute(until_share=0.35):
        p.accept(fail_first=True)
        return
    p.request_change(refuse_approval=True)
    if p.execute():
        p.accept(fail_first=True)


def _delivered(p: Projecting) -> None:
    p.initiate()
    p.record_week()
    p.refuse(
        "request_acceptance",
        p.manager,
        code="rule_violation",
        why="acceptance is requested only with every milestone at 100% (rule_violation)",
    )
    if p.execute():
        p.accept(fail_first=p.script.rng.random() < 0.1)


def _executing(p: Projecting) -> None:
    p.initiate()
    if p.execute(refuse_decrease=p.demonstrate_refusals):
        p.accept()


def _rejected(p: Projecting) -> None:
    p.propose()
    p.refuse(
        "approve",
        p.proposer,
        code="segregation_of_duties",
        why="whoever proposed a project may not approve it (segregation_of_duties)",
        reason=wording.APPROVED,
    )
    p.reject()


def _plan_resubmitted(p: Projecting) -> None:
    p.propose()
    p.approve()
    p.appoint()
    p.refuse(
        "submit_plan",
        p.manager,
        p.plan_payload(p.plan, p.budget + 10_000),
        code="rule_violation",
        why="a plan's baseline cost fits in the approved budget (rule_violation)",
    )
    # The first plan goes to the department head, who sends it back with comments (outside
    # the ledger): the manager re-submits a revised plan, which replaces the first.
    p.submit_plan()
    p.baseline = (p.baseline * Decimal("0.95")).quantize(Decimal("1000"))
    p.submit_plan(reason=wording.RESUBMITTED, quality=wording.REVISED_QUALITY_PLAN)
    p.approve_plan()
    p.start()
    if p.execute():
        p.accept()


def _baseline_change(p: Projecting) -> None:
    p.initiate()
    if p.execute(until_share=0.4):
        p.accept()
        return
    p.request_change()
    if p.execute():
        p.accept()


def _acceptance_failed(p: Projecting) -> None:
    p.initiate()
    if p.execute():
        p.accept(fail_first=True, refuse_self_inspection=True)


def _late(p: Projecting) -> None:
    p.initiate()
    if p.execute():
        p.accept()


def _held(p: Projecting) -> None:
    p.initiate()
    if p.execute(until_share=p.script.rng.uniform(0.1, 0.3)):
        p.accept()
        return
    p.hold_and_resume(refuse_progress=p.demonstrate_refusals)
    if p.execute():
        p.accept()


def _cancelled(p: Projecting) -> None:
    p.initiate()
    if p.execute(until_share=p.script.rng.uniform(0.1, 0.3)):
        p.accept()
        return
    p.refuse(
        "cancel",
        p.manager,
        code="forbidden",
        why="only management cancels a project (forbidden)",
        reason=wording.CANCEL[0],
    )
    p.cancel()


SCRIPTS: dict[ProjectPath, Callable[[Projecting], None]] = {
    ProjectPath.SHOWCASE: _showcase,
    ProjectPath.DELIVERED: _delivered,
    ProjectPath.EXECUTING: _executing,
    ProjectPath.REJECTED: _rejected,
    ProjectPath.PLAN_RESUBMITTED: _plan_resubmitted,
    ProjectPath.BASELINE_CHANGE: _baseline_change,
    ProjectPath.ACCEPTANCE_FAILED: _acceptance_failed,
    ProjectPath.LATE: _late,
    ProjectPath.HELD: _held,
    ProjectPath.CANCELLED: _cancelled,
}


def next_business_day(day: date) -> date:
    while not is_business_day(day):
        day += timedelta(days=1)
    return day
