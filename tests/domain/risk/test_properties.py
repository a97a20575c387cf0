"""Properties of risks over random command sequences, checked against an independent model."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

import hypothesis
from hypothesis import strategies as st

from domain.risk import decisions
from domain.risk.deadlines import next_deadline, overdue
from domain.risk.events import MitigationActionOverdue, RiskEvent, RiskReviewOverdue
from domain.risk.state import Risk, evolve
from domain.risk.values import Strategy
from domain.shared.errors import DomainError
from tests.domain.risk.fixtures import IDENTIFIER, SHANGHAI, T0, given, identify_as
from tests.domain.risk.model import PEOPLE, Model, shanghai_day

Decide = Callable[[Risk, datetime], list[RiskEvent]]

ACTION_IDS = ("A-1", "A-2", "A-3")
SCORES = ("1", "2", "3", "4", "5")


def decision(op: tuple[str, ...]) -> Decide:
    """The decision an operation stands for, sent by the person it names."""
    kind, *args = op
    who = PEOPLE[args[0]] if args else PEOPLE["ro"]

    def add(r: Risk, t: datetime) -> list[RiskEvent]:
        return decisions.add_action(
            r,
            action_id=args[1],
            description="措施 (action)",
            owner_id=PEOPLE[args[2]].id,
            due_on=shanghai_day(t) + timedelta(days=int(args[3])),
            actor=who,
            at=t,
            zone=SHANGHAI,
        )

    table: dict[str, Decide] = {
        "assess": lambda r, t: decisions.assess(
            r, likelihood=int(args[1]), impact=int(args[2]), actor=who, at=t, zone=SHANGHAI
        ),
        "choose": lambda r, t: decisions.choose_response(
            r,
            strategy=Strategy(args[1]),
            rationale="理由 (rationale)",
            counterparty=None if args[2] == "-" else args[2],
            actor=who,
            at=t,
        ),
        "approve": lambda r, t: decisions.approve_acceptance(r, actor=who, at=t),
        "add": add,
        "complete": lambda r, t: decisions.complete_action(
            r, action_id=args[1], evidence="证据 (evidence)", actor=who, at=t
        ),
        "residual": lambda r, t: decisions.assess_residual(
            r, likelihood=int(args[1]), impact=int(args[2]), actor=who, at=t, zone=SHANGHAI
        ),
        "review": lambda r, t: decisions.review(
            r, notes="复核 (notes)", actor=who, at=t, zone=SHANGHAI
        ),
        "close": lambda r, t: decisions.close(r, actor=who, at=t),
        "reopen": lambda r, t: decisions.reopen(r, actor=who, at=t),
    }
    return table[kind]


def attempt(op: tuple[str, ...], risk: Risk, at: datetime) -> tuple[str, list[RiskEvent]]:
    """The operation decided: "ok" and its events, or the refusal's code and none."""
    try:
        return "ok", decision(op)(risk, at)
    except DomainError as refused:
        return refused.code, []


def candidates(model: Model) -> list[tuple[str, ...]]:
    """Operations that might matter now, by everyone who might send them."""
    ops: list[tuple[str, ...]] = [("sweep",)]
    inherent = model.inherent or (5, 5)
    for who in PEOPLE:
        ops += [
            ("assess", who, "4", "4"),
            ("choose", who, "reduce", "-"),
            ("choose", who, "accept", "-"),
            ("approve", who),
            ("review", who),
            ("close", who),
            ("reopen", who),
            *(("complete", who, a) for a in ACTION_IDS),
        ]
    for who in ("owner", "ro", "ro_boss"):
        ops += [
            ("assess", who, likelihood, impact)
            for likelihood in ("0", "1", "3", "5")
            for impact in ("2", "5", "6")
        ]
        ops += [
            ("choose", who, "transfer", "平安 (Ping An)"),
            ("choose", who, "transfer", "-"),
            ("choose", who, "avoid", "平安 (Ping An)"),
            ("choose", who, "avoid", "-"),
        ]
        ops += [
            ("add", who, a, owner, days)
            for a in ACTION_IDS
            for owner, days in (("doer", "3"), ("clerk", "20"), ("owner", "0"), ("doer", "-1"))
        ]
    for who in ("ro", "clerk"):
        ops += [
            ("residual", who, str(likelihood), str(impact))
            for likelihood in {inherent[0], inherent[0] - 1, inherent[0] + 1, 1}
            for impact in {inherent[1], inherent[1] - 1, 2}
        ]
    return ops


#: How far apart the commands of a walk are.
GAPS = [timedelta(hours=1), timedelta(days=1), timedelta(days=7), timedelta(days=35)]


class TestRandomCommandSequences:
    """Whatever commands arrive in whatever order and by whomever, each is decided exactly as
    DOMAIN §6 says (accepted, or refused with the code the rule gives); the level is the
    matrix's; the residual risk never exceeds the inherent one; the sweep reports each review
    date and action due day once; and the stored events replay to the state decided on."""

    @hypothesis.settings(max_examples=200, deadline=None)
    @hypothesis.given(data=st.data())
    def test_walk(self, data: st.DataObject) -> None:
        past = identify_as(IDENTIFIER, owner_id=PEOPLE["owner"].id)
        risk, model, at = given(past), Model(), T0
        for _ in range(data.draw(st.integers(min_value=0, max_value=50), label="steps")):
            at += data.draw(st.sampled_from(GAPS), label="gap")
            ops = candidates(model)
            allowed = [
                op
                for op in ops
                if op[0] == "sweep" or (op[0] != "close" and model.verdict(op, at) == "ok")
            ]
            # Mostly something DOMAIN §6 allows that keeps the risk open, sometimes anything at
            # all (a close among it); a kind of command first, so that the many ways to assess
            # do not crowd out the rest.
            pool = data.draw(st.sampled_from([allowed] * 3 + [ops]), label="pool")
            kind = data.draw(st.sampled_from(sorted({op[0] for op in pool})), label="kind")
            op = data.draw(st.sampled_from([op for op in pool if op[0] == kind]), label="op")
            if op[0] == "sweep":
                events = self.sweep(risk, model, at)
            else:
                expected = model.verdict(op, at)
                outcome, events = attempt(op, risk, at)
                assert outcome == expected, f"{op} in {risk.status}: {outcome}, not {expected}"
                if outcome != "ok":
                    continue
            for event in events:
                risk = evolve(risk, event)
            past += events
            model.apply(op, at)
            self.assert_agrees(risk, model)
            hypothesis.event(f"accepted {op[0]}")
        assert given(past) == risk
        hypothesis.event(f"ended {risk.status}")

    @staticmethod
    def sweep(risk: Risk, model: Model, at: datetime) -> list[RiskEvent]:
        events = overdue(risk, at)
        reported: list[tuple[str, str, date]] = []
        for event in events:
            hypothesis.event(f"reported {type(event).__name__}")
            assert event.occurred_at == max(at, risk.last_event_at)
            if isinstance(event, RiskReviewOverdue):
                reported.append((type(event).__name__, "", event.next_review_on))
            elif isinstance(event, MitigationActionOverdue):
                reported.append((type(event).__name__, event.action_id, event.due_on))
        assert reported == model.overdue(at)
        again = risk
        for event in events:
            again = evolve(again, event)
        assert overdue(again, at) == [], "a second sweep at once reports nothing"
        return events

    @staticmethod
    def assert_agrees(risk: Risk, model: Model) -> None:
        assert risk.status.value == model.status
        assert (risk.likelihood, risk.impact) == (model.inherent or (None, None))
        assert (risk.level and risk.level.value) == model.level
        assert ((risk.strategy and risk.strategy.value) or "") == model.strategy
        assert risk.acceptance_pending is model.pending
        residual = (risk.residual_likelihood, risk.residual_impact)
        assert residual == (model.residual or (None, None))
        if model.residual is not None and model.inherent is not None:
            assert all(r <= i for r, i in zip(model.residual, model.inherent, strict=True))
        assert (risk.current_level and risk.current_level.value) == model.current_level
        assert {a.action_id for a in risk.open_actions} == model.open_actions
        assert {a: (PEOPLE_BY_ID[x.owner_id], x.due_on) for a, x in risk.actions.items()} == {
            a: (x.owner, x.day) for a, x in model.actions.items()
        }
        assert risk.next_review_on == model.review_day
        assert next_deadline(risk) == model.next_deadline()


PEOPLE_BY_ID = {person.id: key for key, person in PEOPLE.items()}
