"""An independent model of DOMAIN §5's control and adjustments for random walks, in cents."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import attrs

from domain.shared.actor import Actor, Role
from domain.shared.money import Money
from tests.domain.budget.fixtures import actor

#: Two accounts to spend from, one revenue target, and one the budget does not have.
SPENDABLE, REVENUE, UNKNOWN = ("A", "B"), "R", "X"
ACCOUNTS = (*SPENDABLE, REVENUE, UNKNOWN)

#: Whoever might send a command; some hold two roles, so that maker-checker is put to the test
#: whenever they try to check their own work.
PEOPLE: dict[str, Actor] = {
    "head": actor("u-head", Role.DEPARTMENT_HEAD),
    "head_fin": actor("u-head-fin", Role.DEPARTMENT_HEAD, Role.FINANCE),
    "pm": actor("u-pm", Role.PROJECT_MANAGER),
    "fin": actor("u-fin", Role.FINANCE),
    "fin_boss": actor("u-fin-boss", Role.FINANCE, Role.MANAGEMENT),
    "boss": actor("u-boss", Role.MANAGEMENT),
}
COMMITTERS = {"head", "head_fin", "pm"}
HEADS = {"head", "head_fin"}
FINANCE = {"head_fin", "fin", "fin_boss"}
MANAGEMENT = {"fin_boss", "boss"}

#: A change of an adjustment: account, month, delta in cents.
Change = tuple[str, int, int]


def money(amount: int) -> Money:
    return Money(Decimal(amount).scaleb(-2), "CNY")


@attrs.frozen(kw_only=True)
class Op:
    """One command of the walk, by the person `who` names: `commit` and `spend` (account,
    month, amount in cents, reference, and for a spend the commitment it settles or ""),
    `request` (kind and changes), `review` (verdict), `approve` and `reject`."""

    kind: str
    who: str
    account: str = ""
    month: int = 0
    amount: int = 0
    reference: str = ""
    settles: str = ""
    adjustment: str = ""
    changes: tuple[Change, ...] = ()
    verdict: str = ""


@attrs.frozen
class Outcome:
    """What the model expects of an operation: a refusal's code, or the events' type names and,
    for an overspend, the figures flagged (available and requested, in cents)."""

    refused: str = ""
    events: tuple[str, ...] = ()
    flagged: tuple[int, int] | None = None


@attrs.define
class Promise:
    """An open commitment: what is still open of it, in cents."""

    reference: str
    account: str
    month: int
    amount: int


@attrs.define
class Pending:
    number: int
    changes: tuple[Change, ...]
    requester: str
    reviewer: str = ""


def refused(code: str) -> Outcome:
    return Outcome(refused=code)


@attrs.define
class Model:
    """What DOMAIN §5 says an approved budget should be, in plain integers (cents)."""

    stop: bool
    approved: dict[str, list[int]]
    spent: dict[str, list[int]] = attrs.field(init=False)
    #: Open commitments in the order made.
    promises: list[Promise] = attrs.field(factory=list)
    pending: Pending | None = None
    requests: int = 0
    flags: int = 0

    def __attrs_post_init__(self) -> None:
        self.spent = {account: [0] * 12 for account in self.approved}

    def committed(self, account: str) -> list[int]:
        result = [0] * 12
        for promise in self.promises:
            if promise.account == account:
                result[promise.month - 1] += promise.amount
        return result

    def balances(self, account: str, approved: Sequence[int] | None = None) -> list[int]:
        """Approved minus committed minus spent, cumulated through each month."""
        plan = self.approved[account] if approved is None else approved
        committed, spent = self.committed(account), self.spent[account]
        result, running = [], 0
        for k in range(12):
            running += plan[k] - committed[k] - spent[k]
            result.append(running)
        return result

    def available(self, account: str, month: int, approved: Sequence[int] | None = None) -> int:
        return min(self.balances(account, approved)[month - 1 :])

    def promise(self, reference: str) -> Promise | None:
        return next((p for p in self.promises if p.reference == reference), None)

    # --- what an operation should give ------------------------------------------------------

    def expects(self, op: Op) -> Outcome:
        match op.kind:
            case "commit":
                return self._commit(op)
            case "spend":
                return self._spend(op)
            case "request":
                return self._request(op)
        return self._decide(op)

    def _bad_money(self, op: Op) -> bool:
        return op.account not in SPENDABLE or not 1 <= op.month <= 12 or op.amount <= 0

    def _fits(self, fact: str, op: Op, requested: int) -> Outcome:
        available = self.available(op.account, op.month)
        if requested == 0 or requested <= available:
            return Outcome(events=(fact,))
        if self.stop:
            return refused("budget_exceeded")
        return Outcome(events=(fact, "OverspendFlagged"), flagged=(available, requested))

    def _commit(self, op: Op) -> Outcome:
        if op.who not in COMMITTERS:
            return refused("forbidden")
        if self._bad_money(op) or self.promise(op.reference) is not None:
            return refused("rule_violation")
        return self._fits("FundsCommitted", op, op.amount)

    def _spend(self, op: Op) -> Outcome:
        if op.who not in FINANCE:
            return refused("forbidden")
        if self._bad_money(op):
            return refused("rule_violation")
        released = 0
        if op.settles:
            promise = self.promise(op.settles)
            if promise is None or promise.account != op.account or promise.month > op.month:
                return refused("rule_violation")
            released = min(op.amount, promise.amount)
        return self._fits("SpendRecorded", op, op.amount - released)

    def _request(self, op: Op) -> Outcome:
        if op.who not in HEADS:
            return refused("forbidden")
        if self.pending is not None or not self._allowed(op.adjustment, op.changes):
            return refused("rule_violation")
        return Outcome(events=("AdjustmentRequested",))

    def _allowed(self, kind: str, changes: tuple[Change, ...]) -> bool:
        places = [(account, month) for account, month, _ in changes]
        deltas = [delta for _, _, delta in changes]
        if not changes or len(set(places)) < len(places) or 0 in deltas:
            return False
        if any(account not in self.approved or not 1 <= m <= 12 for account, m in places):
            return False
        if (kind == "increase" and min(deltas) < 0) or (kind == "decrease" and max(deltas) > 0):
            return False
        if kind == "transfer" and sum(deltas) != 0:
            return False
        return not self._overspends(changes)

    def _overspends(self, changes: tuple[Change, ...]) -> bool:
        """No month's approved amount below zero; no month left with less than zero available
        where the changes lower what is available."""
        for account in {account for account, _, _ in changes}:
            plan = list(self.approved[account])
            for acc, month, delta in changes:
                if acc == account:
                    plan[month - 1] += delta
            if min(plan) < 0:
                return True
            for m in range(1, 13):
                after, before = self.available(account, m, plan), self.available(account, m)
                if after < 0 and after < before:
                    return True
        return False

    def _decide(self, op: Op) -> Outcome:
        reviewing = op.kind == "review"
        if op.who not in (FINANCE if reviewing else MANAGEMENT):
            return refused("forbidden")
        p = self.pending
        # Finance reviews what awaits review; management decides only what finance passed.
        if p is None or (bool(p.reviewer) if reviewing else not p.reviewer):
            return refused("rule_violation")
        if op.who == p.requester or (not reviewing and op.who == p.reviewer):
            return refused("segregation_of_duties")
        if op.kind == "approve" and self._overspends(p.changes):
            return refused("rule_violation")
        event = {"review": "AdjustmentReviewed", "approve": "BudgetAdjusted"}
        return Outcome(events=(event.get(op.kind, "AdjustmentRejected"),))

    # --- the budget after an operation that was accepted ------------------------------------

    def apply(self, op: Op, outcome: Outcome) -> None:
        if outcome.flagged is not None:
            self.flags += 1
        match op.kind:
            case "commit":
                self.promises.append(Promise(op.reference, op.account, op.month, op.amount))
            case "spend":
                self.spent[op.account][op.month - 1] += op.amount
                promise = self.promise(op.settles) if op.settles else None
                if promise is not None:
                    promise.amount -= min(op.amount, promise.amount)
                    if promise.amount == 0:
                        self.promises.remove(promise)
            case "request":
                self.requests += 1
                self.pending = Pending(self.requests, op.changes, op.who)
            case "review" if op.verdict == "pass" and self.pending is not None:
                self.pending.reviewer = op.who
            case "approve" if self.pending is not None:
                for account, month, delta in self.pending.changes:
                    self.approved[account][month - 1] += delta
                self.pending = None
            case "review" | "reject":
                self.pending = None
