"""Properties of projects over random command sequences, checked against an independent model."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

import attrs
import hypothesis
from hypothesis import strategies as st

from domain.project import decisions
from domain.project.deadlines import overdue
from domain.project.earned_value import earned_value, latest_earned_value
from domain.project.events import AcceptanceRequested, ProjectEvent
from domain.project.state import Project, evolve
from domain.project.values import Milestone, Status
from domain.shared.actor import Actor, Role
from domain.shared.errors import DomainError
from domain.shared.money import Money
from tests.domain.project.fixtures import (
    ACCOUNTANT,
    BOSS,
    DAY,
    HEAD,
    INSPECTOR,
    SHANGHAI,
    T0,
    actor,
    given,
    propose_as,
)

START, END = date(2026, 7, 1), date(2026, 7, 31)
#: Two milestones: a quarter of the work due 10 July, three quarters due on the planned end.
DUE = {"M1": date(2026, 7, 10), "M2": END}
QUARTERS = {"M1": 1, "M2": 3}
BUDGET_CENTS = 10_000_000
#: Baseline costs a plan or a change may name, in cents: some odd, so that earned value rounds.
COSTS = [8_000_000, 9_000_001, 12_345_678, 0]
ENDS = [date(2026, 7, 30), END, date(2026, 8, 15), date(2026, 8, 31)]
OWED = {"approved", "planning", "plan_approved", "executing", "acceptance_requested"}
HOLDABLE = {"proposed", *OWED}
BASELINED = {"plan_approved", "executing", "acceptance_requested"}

#: The proposer is also management, and the first manager also management and a quality
#: inspector: maker-checker is put to the test whenever they try to check their own work.
PROPOSER = actor("u-prop", Role.OPERATIONS, Role.MANAGEMENT)
PEOPLE: dict[str, Actor] = {
    "boss": BOSS,
    "head": HEAD,
    "proposer": PROPOSER,
    "pm1": actor("u-pm1", Role.PROJECT_MANAGER, Role.MANAGEMENT, Role.QUALITY_INSPECTOR),
    "pm2": actor("u-pm2", Role.PROJECT_MANAGER),
    "fin": ACCOUNTANT,
    "qi": INSPECTOR,
}


def money(cents: int) -> Money:
    return Money(Decimal(cents).scaleb(-2), "CNY")


def schedule_due(end: date) -> datetime:
    """Midnight after `end` in Shanghai (UTC+8, no summer time): 16:00 UTC on `end`."""
    return datetime(end.year, end.month, end.day, 16, tzinfo=UTC)


def half_up(value: Fraction) -> int:
    return int((value + Fraction(1, 2)) // 1) if value >= 0 else -half_up(-value)


@attrs.define
class Model:
    """What DOMAIN §4 says the project should be, kept in plain integers (cents) and strings."""

    status: str = "proposed"
    held_from: str = ""
    manager: str = ""
    members: set[str] = attrs.field(factory=set)
    submitted_by: str = ""
    submitted_cost: int = 0
    baseline: int = 0
    end: date = END
    progress: dict[str, int] = attrs.field(factory=lambda: {"M1": 0, "M2": 0})
    spent: int = 0
    pending: tuple[date | None, int | None, str] | None = None
    report_in: bool = False
    reported_late: bool = False

    def expects(self, op: tuple[str, ...], now: datetime) -> bool:
        """Whether DOMAIN §4 allows the operation now."""
        kind, *args = op
        by = args[0] if args else ""
        manages = by == self.manager
        match kind:
            case "approve" | "reject":
                return self.status == "proposed" and by != "proposer"
            case "appoint":
                fresh = args[1] != self.manager
                return (
                    self.status in {"approved", "planning", "plan_approved", "executing"} and fresh
                )
            case "add_member":
                team_open = self.status in {"planning", "plan_approved", "executing"}
                return manages and team_open and args[1] not in self.members
            case "submit":
                return manages and self.status == "planning" and args[1] == "good"
            case "approve_plan":
                return self.status == "planning" and self.submitted_by not in ("", by)
            case "start":
                return manages and self.status == "plan_approved"
            case "progress":
                milestone, percent = args[1], int(args[2])
                known = milestone in self.progress
                rising = known and 0 <= percent <= 100 and percent >= self.progress[milestone]
                return manages and self.status == "executing" and rising
            case "cost":
                open_ = self.status in {*BASELINED, "accepted", "on_hold"}
                return (manages or by == "fin") and open_ and int(args[1]) > 0
            case "request_change":
                return manages and self.status in BASELINED and self._changes(args[1], args[2])
            case "approve_change":
                pending = self.pending is not None and self.pending[2] != by
                return self.status in BASELINED and pending
            case "hold":
                return self.status in HOLDABLE
            case "resume":
                return self.status == "on_hold"
            case "cancel":
                return self.status in {*HOLDABLE, "on_hold"}
            case "request_acceptance":
                done = all(p == 100 for p in self.progress.values())
                return manages and self.status == "executing" and done
            case "inspect":
                return self.status == "acceptance_requested" and by != self.manager
            case "report":
                return manages and self.status == "accepted"
            case "close":
                return self.status == "accepted" and self.report_in and 1 <= int(args[1]) <= 5
            case "sweep":
                owed = self.status in OWED or (self.status == "on_hold" and self.held_from in OWED)
                return owed and not self.reported_late and now >= schedule_due(self.end)
        raise AssertionError(kind)

    def _changes(self, end: str, cost: str) -> bool:
        if end == "-" and cost == "-":
            return False
        if end != "-" and (date.fromisoformat(end) == self.end or date.fromisoformat(end) < END):
            return False  # no change, or before the last milestone (due on the first end)
        return cost == "-" or (int(cost) > 0 and int(cost) != self.baseline)

    def apply(self, op: tuple[str, ...]) -> None:
        """The project after the operation, by DOMAIN §4."""
        kind, *args = op
        match kind:
            case "approve":
                self.status = "approved"
            case "reject":
                self.status = "rejected"
            case "appoint":
                if self.status == "approved":
                    self.status = "planning"
                if self.status == "planning":
                    self.submitted_by = ""  # the predecessor's plan is void
                self.manager = args[1]
            case "add_member":
                self.members.add(args[1])
            case "submit":
                self.submitted_by, self.submitted_cost = args[0], COSTS[0]
            case "approve_plan":
                self.status, self.baseline = "plan_approved", self.submitted_cost
            case "start":
                self.status = "executing"
            case "progress":
                self.progress[args[1]] = int(args[2])
            case "cost":
                self.spent += int(args[1])
            case "request_change":
                end = None if args[1] == "-" else date.fromisoformat(args[1])
                self.pending = (end, None if args[2] == "-" else int(args[2]), args[0])
            case "approve_change":
                assert self.pending is not None
                end, cost, _ = self.pending
                self.end = self.end if end is None else end
                self.baseline = self.baseline if cost is None else cost
                self.pending = None
            case "hold":
                self.held_from, self.status = self.status, "on_hold"
            case "resume":
                self.status = self.held_from
            case "cancel":
                self.status = "cancelled"
            case "request_acceptance":
                self.status = "acceptance_requested"
            case "inspect":
                self.status = "accepted" if args[1] == "pass" else "executing"
            case "report":
                self.report_in = True
            case "close":
                self.status = "closed"
            case "sweep":
                self.reported_late = True

    def earned(self, today: date) -> tuple[int, int, int]:
        """BAC, PV and EV in cents at the end of `today`, when every fact so far is by then."""
        due = sum(QUARTERS[m] for m, on in DUE.items() if on <= today)
        done = sum(QUARTERS[m] * self.progress[m] for m in DUE)
        pv = half_up(Fraction(self.baseline * due, 4))
        ev = half_up(Fraction(self.baseline * done, 400))
        return self.baseline, pv, ev


Decide = Callable[[Project, datetime], list[ProjectEvent]]


def decision(op: tuple[str, ...]) -> Decide:
    """The decision an operation stands for, sent by the person it names."""
    kind, *args = op
    who = PEOPLE.get(args[0], BOSS) if args else BOSS
    plans = {
        "good": ((Decimal("0.25"), Decimal("0.75")), COSTS[0]),
        "bad_weights": ((Decimal("0.25"), Decimal("0.70")), COSTS[0]),
        "over_budget": ((Decimal("0.25"), Decimal("0.75")), BUDGET_CENTS + 1),
    }

    def submit(p: Project, t: datetime) -> list[ProjectEvent]:
        (w1, w2), cents = plans[args[1]]
        milestones = [
            Milestone(name="M1", due=DUE["M1"], weight=w1),
            Milestone(name="M2", due=DUE["M2"], weight=w2),
        ]
        return decisions.submit_plan(
            p,
            milestones=milestones,
            quality_plan="q",
            risk_plan="r",
            communication_plan="c",
            baseline_cost=money(cents),
            actor=who,
            at=t,
        )

    def request_change(p: Project, t: datetime) -> list[ProjectEvent]:
        return decisions.request_change(
            p,
            new_planned_end=None if args[1] == "-" else date.fromisoformat(args[1]),
            new_baseline_cost=None if args[2] == "-" else money(int(args[2])),
            actor=who,
            at=t,
            zone=SHANGHAI,
        )

    table: dict[str, Decide] = {
        "approve": lambda p, t: decisions.approve(p, actor=who, at=t),
        "reject": lambda p, t: decisions.reject(p, actor=who, at=t),
        "appoint": lambda p, t: decisions.appoint_manager(
            p, manager_id=PEOPLE[args[1]].id, actor=BOSS, at=t
        ),
        "add_member": lambda p, t: decisions.add_member(
            p, member_id=args[1], role="dev", actor=who, at=t
        ),
        "submit": submit,
        "approve_plan": lambda p, t: decisions.approve_plan(p, actor=who, at=t),
        "start": lambda p, t: decisions.start(p, actor=who, at=t),
        "progress": lambda p, t: decisions.record_progress(
            p, milestone=args[1], percent_complete=int(args[2]), actor=who, at=t
        ),
        "cost": lambda p, t: decisions.record_cost(
            p, amount=money(int(args[1])), description="cost", actor=who, at=t
        ),
        "request_change": request_change,
        "approve_change": lambda p, t: decisions.approve_change(p, actor=who, at=t),
        "hold": lambda p, t: decisions.hold(p, actor=BOSS, at=t),
        "resume": lambda p, t: decisions.resume(p, actor=BOSS, at=t),
        "cancel": lambda p, t: decisions.cancel(p, actor=BOSS, at=t),
        "request_acceptance": lambda p, t: decisions.request_acceptance(p, actor=who, at=t),
        "inspect": lambda p, t: decisions.record_acceptance(
            p, passed=args[1] == "pass", defects="defects", actor=who, at=t
        ),
        "report": lambda p, t: decisions.submit_closing_report(
            p, summary="s", lessons_learned="l", actor=who, at=t
        ),
        "close": lambda p, t: decisions.close(p, evaluation_score=int(args[1]), actor=BOSS, at=t),
        "sweep": lambda p, t: overdue(p, t),
    }
    return table[kind]


def manager_ops(model: Model) -> list[tuple[str, ...]]:
    """What the manager (or the other project manager) might send now."""
    ops: list[tuple[str, ...]] = []
    for pm in ("pm1", "pm2"):
        ops += [
            ("add_member", pm, "u-dev-1"),
            ("submit", pm, "good"),
            ("submit", pm, "bad_weights"),
            ("submit", pm, "over_budget"),
            ("start", pm),
            ("request_acceptance", pm),
            ("report", pm),
            ("cost", pm, "150000"),
        ]
        for milestone in ("M1", "M2", "M9"):
            now = model.progress.get(milestone, 0)
            ops += [("progress", pm, milestone, str(p)) for p in {0, 100, now + 25, now - 1}]
        for end in ("-", *(str(e) for e in ENDS)):
            ops += [("request_change", pm, end, cost) for cost in ("-", *map(str, COSTS))]
    return ops


def candidates(model: Model) -> list[tuple[str, ...]]:
    """Operations that might matter now, by everyone who might send them."""
    return [
        ("approve", "boss"),
        ("approve", "proposer"),
        ("reject", "boss"),
        ("reject", "proposer"),
        ("appoint", "boss", "pm1"),
        ("appoint", "boss", "pm2"),
        *manager_ops(model),
        ("approve_plan", "boss"),
        ("approve_plan", "head"),
        ("approve_plan", "pm1"),
        ("cost", "fin", "1234567"),
        ("cost", "fin", "0"),
        ("approve_change", "boss"),
        ("approve_change", "pm1"),
        ("hold",),
        ("resume",),
        ("cancel",),
        ("inspect", "qi", "pass"),
        ("inspect", "qi", "fail"),
        ("inspect", "pm1", "pass"),
        ("report", "pm1"),
        *(("close", "boss", str(score)) for score in (0, 1, 5, 6)),
        ("sweep",),
    ]


#: Operations that move a project along its road rather than around or off it.
ONWARD = {
    "approve",
    "approve_change",
    "appoint",
    "submit",
    "approve_plan",
    "start",
    "progress",
    "request_acceptance",
    "inspect",
    "report",
    "close",
    "resume",
    "sweep",
}
#: Operations the walk takes only when it draws them at random.
OFF_ROAD = {"reject", "cancel"}


class TestRandomCommandSequences:
    """Whatever commands arrive in whatever order, each is decided exactly when DOMAIN §4
    allows it; progress never decreases; acceptance never precedes 100% on every milestone;
    EV never exceeds BAC; earned value is what the model works out; and the stored events
    replay to the state decided on."""

    @hypothesis.settings(max_examples=150, deadline=None)
    @hypothesis.given(data=st.data())
    def test_walk(self, data: st.DataObject) -> None:
        past = propose_as(PROPOSER, budget=money(BUDGET_CENTS), start=START, end=END)
        project, model = given(past), Model()
        for step in range(data.draw(st.integers(min_value=0, max_value=90), label="steps")):
            if model.status in ("closed", "cancelled", "rejected"):
                break
            at = T0 + (step + 1) * DAY
            ops = candidates(model)
            allowed = [op for op in ops if model.expects(op, at) and op[0] not in OFF_ROAD]
            onward = [op for op in allowed if op[0] in ONWARD and op[-1] != "fail"]
            # Mostly something DOMAIN §4 allows that moves the project on, so that the walk gets
            # far; sometimes a detour (a hold, a change, a failed inspection); sometimes anything
            # at all, a rejection or cancellation among it.
            pool = data.draw(st.sampled_from([onward] * 4 + [allowed] * 4 + [ops]), label="pool")
            op = data.draw(st.sampled_from(pool or ops), label="op")
            try:
                events = decision(op)(project, at)
            except DomainError:
                assert not model.expects(op, at), f"{op} refused in {project.status}"
                continue
            if op[0] == "sweep" and not events:
                assert not model.expects(op, at), f"nothing overdue at {at}"
                continue
            assert model.expects(op, at), f"{op} accepted in {project.status}"
            before = project
            for event in events:
                project = evolve(project, event)
            past += events
            model.apply(op)
            self.assert_agrees(project, model, at)
            self.assert_properties(before, project, events, data)
            hypothesis.event(f"accepted {op[0]}")
        assert given(past) == project
        hypothesis.event(f"ended {project.status}")

    @staticmethod
    def assert_agrees(project: Project, model: Model, at: datetime) -> None:
        assert project.status.value == model.status
        assert project.manager_id == (PEOPLE[model.manager].id if model.manager else None)
        assert set(project.members) == model.members
        assert {m: project.percent_complete(m) for m in DUE} == model.progress
        assert project.actual_cost == money(model.spent)
        assert (project.planned_end, project.overdue_reported) == (model.end, model.reported_late)
        assert (project.pending_change is None) == (model.pending is None)
        assert project.closing_report_submitted == model.report_in
        figures = latest_earned_value(project, zone=SHANGHAI)
        bac, pv, ev = model.earned(at.astimezone(SHANGHAI).date())
        assert (figures.bac, figures.pv, figures.ev, figures.ac) == (
            money(bac).amount,
            money(pv).amount,
            money(ev).amount,
            money(model.spent).amount,
        )
        assert (figures.spi is None) == (pv == 0)
        assert (figures.cpi is None) == (model.spent == 0)

    @staticmethod
    def assert_properties(
        before: Project, after: Project, events: list[ProjectEvent], data: st.DataObject
    ) -> None:
        for milestone in DUE:
            assert after.percent_complete(milestone) >= before.percent_complete(milestone)
        if any(isinstance(e, AcceptanceRequested) for e in events) or after.status in (
            Status.ACCEPTANCE_REQUESTED,
            Status.ACCEPTED,
            Status.CLOSED,
        ):
            assert after.incomplete_milestones == ()
            assert all(after.percent_complete(m) == 100 for m in DUE)
        days = data.draw(st.integers(min_value=-30, max_value=200), label="earned value on")
        figures = earned_value(after, on=START + timedelta(days=days), zone=SHANGHAI)
        assert 0 <= figures.ev <= figures.bac
        assert 0 <= figures.pv <= figures.bac


def test_the_walk_starts_where_the_model_does() -> None:
    """A guard on the model: the proposal it starts from is the project the walk proposes."""
    project = given(propose_as(PROPOSER, budget=money(BUDGET_CENTS), start=START, end=END))
    assert project.status is Status.PROPOSED
    assert project.schedule_due == schedule_due(END)
    assert project.budget_amount == Decimal(BUDGET_CENTS).scaleb(-2)
