"""Properties of projects over random command sequences, checked against an independent model."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal

import hypothesis
from hypothesis import strategies as st

from domain.project import decisions
from domain.project.deadlines import overdue
from domain.project.earned_value import earned_value, latest_earned_value
from domain.project.events import AcceptanceRequested, ProjectEvent
from domain.project.state import Project, evolve
from domain.project.values import Milestone, Status
from domain.shared.errors import DomainError
from tests.domain.project.fixtures import BOSS, DAY, SHANGHAI, T0, given, propose_as
from tests.domain.project.model import (
    BUDGET_CENTS,
    COSTS,
    DUE,
    END,
    ENDS,
    PEOPLE,
    PROPOSER,
    START,
    Model,
    money,
    schedule_due,
)

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
