"""Properties of budgets over random commitments, spends and adjustments, checked against an
independent model (DOMAIN §5)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import hypothesis
from hypothesis import strategies as st

from domain.budget import decisions
from domain.budget.availability import available
from domain.budget.events import BudgetEvent, OverspendFlagged
from domain.budget.state import Budget, evolve
from domain.budget.values import (
    AdjustmentChange,
    AdjustmentKind,
    BudgetLine,
    Category,
    Commitment,
    Control,
    Verdict,
)
from domain.shared.errors import DomainError
from tests.domain.budget.fixtures import BUDGET_ID, DAY, T0, given
from tests.domain.budget.model import (
    ACCOUNTS,
    COMMITTERS,
    FINANCE,
    HEADS,
    MANAGEMENT,
    PEOPLE,
    SPENDABLE,
    Model,
    Op,
    Outcome,
    money,
)

CATEGORY = {"A": Category.EXPENSE, "B": Category.COST, "R": Category.REVENUE}
#: Monthly plans in cents: often nothing in a month, so that later months matter.
plans = st.lists(st.sampled_from([0, 0, 1, 5_000, 10_000, 20_000]), min_size=12, max_size=12)


def approved_budget(control: Control, plan: dict[str, list[int]]) -> list[BudgetEvent]:
    """A budget drafted, submitted, passed by finance and approved by management."""
    head, fin, boss = PEOPLE["head"], PEOPLE["fin"], PEOPLE["boss"]
    lines = [
        BudgetLine(
            account=account,
            category=CATEGORY[account],
            monthly=tuple(money(c).amount for c in months),
        )
        for account, months in plan.items()
    ]
    events = decisions.draft(
        budget_id=BUDGET_ID,
        department="ops",
        fiscal_year=2026,
        currency="CNY",
        control=control,
        lines=lines,
        actor=head,
        at=T0,
    )
    events += decisions.submit(given(events), actor=head, at=T0 + DAY)
    events += decisions.review(
        given(events), verdict=Verdict.PASS, comments="", actor=fin, at=T0 + 2 * DAY
    )
    return events + decisions.approve(given(events), actor=boss, at=T0 + 3 * DAY)


def person(data: st.DataObject, allowed: set[str]) -> str:
    """Half the time someone who may send the command, otherwise anyone at all."""
    return data.draw(st.sampled_from(sorted(allowed)) | st.sampled_from(list(PEOPLE)), label="who")


def draw_op(data: st.DataObject, model: Model) -> Op:
    """An operation that might matter now: mostly by someone allowed, on an account and month
    the budget has, for an amount near what is available; sometimes anything at all."""
    # Adjustments go request, review, approve or reject: mostly the step that is due next.
    pending = model.pending
    due = [] if pending is None else ["approve", "reject"] if pending.reviewer else ["review"]
    kind = data.draw(
        st.sampled_from(
            ["commit"] * 3 + ["spend"] * 3 + ["request", "review", "approve", "reject"] + due * 4
        ),
        label="kind",
    )
    if kind in ("commit", "spend"):
        return draw_money(data, model, kind)
    if kind == "request":
        return draw_request(data)
    who = person(data, FINANCE if kind == "review" else MANAGEMENT)
    return Op(kind=kind, who=who, verdict=data.draw(st.sampled_from(["pass", "pass", "return"])))


def draw_money(data: st.DataObject, model: Model, kind: str) -> Op:
    account = data.draw(st.sampled_from([*SPENDABLE, *SPENDABLE, *ACCOUNTS]), label="account")
    month = data.draw(st.integers(1, 12) | st.sampled_from([0, 13]), label="month")
    near = model.available(account, month) if account in SPENDABLE and 1 <= month <= 12 else 1
    amount = data.draw(
        st.sampled_from([near, near + 1, 0, -100]) | st.integers(1, 30_000), label="amount"
    )
    references = ["P1", "P2", "P3"]
    settles = ""
    if kind == "spend":
        settles = data.draw(st.sampled_from(["", "", *references]), label="settles")
        promise = model.promise(settles)
        if promise is not None and data.draw(st.booleans(), label="its own account"):
            account = promise.account
            month = data.draw(st.integers(promise.month - 1, 12), label="month")
    return Op(
        kind=kind,
        who=person(data, COMMITTERS if kind == "commit" else FINANCE),
        account=account,
        month=month,
        amount=amount,
        reference=data.draw(st.sampled_from(references), label="reference"),
        settles=settles,
    )


def draw_request(data: st.DataObject) -> Op:
    """Mostly changes of the budget's accounts in the direction the kind allows, a transfer
    mostly balanced; sometimes anything."""
    adjustment = data.draw(st.sampled_from(["increase", "decrease", "transfer"]), label="adj")
    sign = {"increase": 1, "decrease": -1, "transfer": 0}[adjustment]
    deltas = (
        st.integers(1, 15_000).map(lambda d: d * sign) if sign else st.integers(-15_000, 15_000)
    )
    change = st.tuples(
        st.sampled_from(["A", "A", "B", "R"]), st.integers(1, 12), deltas
    ) | st.tuples(st.sampled_from(ACCOUNTS), st.integers(0, 13), st.integers(-15_000, 15_000))
    changes = data.draw(st.lists(change, min_size=0, max_size=3), label="changes")
    if adjustment == "transfer" and changes and data.draw(st.integers(0, 3), label="balance"):
        changes[-1] = (*changes[-1][:2], changes[-1][2] - sum(d for _, _, d in changes))
    return Op(
        kind="request", who=person(data, HEADS), adjustment=adjustment, changes=tuple(changes)
    )


def decided(op: Op, budget: Budget, at: datetime) -> list[BudgetEvent]:
    """The decision the operation stands for, sent by the person it names."""
    by = PEOPLE[op.who]
    match op.kind:
        case "commit":
            return decisions.commit_funds(
                budget,
                account=op.account,
                month=op.month,
                amount=money(op.amount),
                reference=op.reference,
                actor=by,
                at=at,
            )
        case "spend":
            return decisions.record_spend(
                budget,
                account=op.account,
                month=op.month,
                amount=money(op.amount),
                reference=op.reference,
                commitment_ref=op.settles or None,
                actor=by,
                at=at,
            )
        case "request":
            changes = [
                AdjustmentChange(account=a, month=m, delta=money(d).amount)
                for a, m, d in op.changes
            ]
            return decisions.request_adjustment(
                budget, kind=AdjustmentKind(op.adjustment), changes=changes, actor=by, at=at
            )
        case "review":
            return decisions.review_adjustment(budget, verdict=Verdict(op.verdict), actor=by, at=at)
        case "approve":
            return decisions.approve_adjustment(budget, actor=by, at=at)
    return decisions.reject_adjustment(budget, actor=by, at=at)


def cumulative_use(budget: Budget, account: str) -> list[tuple[Decimal, Decimal]]:
    """For each month k: (approved through k, committed and spent through k), from the state's
    own figures."""
    result, approved, used = [], Decimal(0), Decimal(0)
    for a, c, s in zip(
        budget.approved(account), budget.committed(account), budget.spent(account), strict=True
    ):
        approved, used = approved + a, used + c + s
        result.append((approved, used))
    return result


class TestRandomControlAndAdjustment:
    """Whatever commitments, spends and adjustments arrive, by whomever, each is decided as the
    model of DOMAIN §5 expects (the same events, the same refusal codes, the same overspend
    figures); the budget's figures and availability are the model's; under `stop` nothing
    committed and spent ever exceeds what is approved through any month; under `warn` every
    excess has exactly one OverspendFlagged, right after its fact; and the stored events
    replay to the state decided on."""

    @hypothesis.settings(max_examples=150, deadline=None)
    @hypothesis.given(
        data=st.data(),
        control=st.sampled_from(Control),
        a=plans,
        b=plans,
        r=plans,
    )
    def test_walk(
        self, data: st.DataObject, control: Control, a: list[int], b: list[int], r: list[int]
    ) -> None:
        plan = {"A": a, "B": b, "R": r}
        past = approved_budget(control, plan)
        budget = given(past)
        model = Model(stop=control is Control.STOP, approved={k: list(v) for k, v in plan.items()})
        for step in range(data.draw(st.integers(min_value=0, max_value=60), label="steps")):
            at = T0 + (step + 10) * DAY
            op = draw_op(data, model)
            expected = model.expects(op)
            refusal, events = "", []
            try:
                events = decided(op, budget, at)
            except DomainError as error:
                refusal = error.code
            assert refusal == expected.refused, op
            if refusal:
                hypothesis.event(f"refused {refusal}")
                continue
            assert self.outcome(events) == expected, op
            for event in events:
                budget = evolve(budget, event)
            past += events
            model.apply(op, expected)
            self.assert_agrees(budget, model)
            self.assert_properties(budget, events, control)
            hypothesis.event(f"accepted {op.kind}" + (" settling" if op.settles else ""))
        assert given(past) == budget
        flags = [e for e in past if isinstance(e, OverspendFlagged)]
        assert len(flags) == model.flags == budget.overspends
        if flags:
            hypothesis.event("overspend flagged")

    @staticmethod
    def outcome(events: list[BudgetEvent]) -> Outcome:
        flags = [e for e in events if isinstance(e, OverspendFlagged)]
        return Outcome(
            events=tuple(e.type_name() for e in events),
            flagged=None
            if not flags
            else (int(flags[0].available.scaleb(2)), int(flags[0].requested.scaleb(2))),
        )

    @staticmethod
    def assert_agrees(budget: Budget, model: Model) -> None:
        for account in model.approved:
            assert budget.approved(account) == tuple(
                money(c).amount for c in model.approved[account]
            )
            assert budget.spent(account) == tuple(money(c).amount for c in model.spent[account])
            assert budget.committed(account) == tuple(
                money(c).amount for c in model.committed(account)
            )
            for month in range(1, 13):
                assert available(budget, account=account, month=month) == money(
                    model.available(account, month)
                )
        assert budget.commitments == tuple(
            Commitment(
                reference=p.reference,
                account=p.account,
                month=p.month,
                amount=money(p.amount).amount,
            )
            for p in model.promises
        )
        pending, expected = budget.pending_adjustment, model.pending
        if expected is None:
            assert pending is None
        else:
            assert pending is not None
            assert pending.number == expected.number
            assert pending.requested_by == model_id(expected.requester)
            assert pending.reviewed_by == (
                model_id(expected.reviewer) if expected.reviewer else None
            )

    @staticmethod
    def assert_properties(budget: Budget, events: list[BudgetEvent], control: Control) -> None:
        if control is Control.STOP:
            for account in budget.accounts:
                for approved, used in cumulative_use(budget, account):
                    assert used <= approved
        flags = [i for i, e in enumerate(events) if isinstance(e, OverspendFlagged)]
        assert len(flags) <= 1
        for index in flags:
            flag, fact = events[index], events[index - 1]
            assert isinstance(flag, OverspendFlagged)
            assert (flag.account, flag.month, flag.reference) == (
                getattr(fact, "account", None),
                getattr(fact, "month", None),
                getattr(fact, "reference", None),
            )


def model_id(who: str) -> str:
    return PEOPLE[who].id
