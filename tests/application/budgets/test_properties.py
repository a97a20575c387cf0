"""Properties of budgets through the ledger, on random sequences of commitments, spends and
adjustments (SQLite), checked against figures computed here from the stored events alone, by
DOMAIN §5's definition and not by the code under test:

- under `stop`, after every stored event, for every account and month the cumulative open
  commitments plus spend never exceed the cumulative approved amount (approved adjustments
  included); no refusal appended anything, and each `budget_exceeded` names the available and
  requested amounts these figures give;
- under `warn`, every commitment or spend whose (remaining) amount did not fit what was then
  available is followed by exactly one `OverspendFlagged` naming it with those very figures,
  and nothing that fitted is;
- a spend naming an open commitment releases min(its amount, what is open), never more;
- replaying the stored events gives the state the ledger loads and the handler cached, at the
  end and at every version."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import NamedTuple
from uuid import UUID, uuid4

import pytest
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from application.commands.catalogue import KINDS
from domain.budget.events import (
    BudgetAdjusted,
    BudgetApproved,
    BudgetDrafted,
    BudgetDraftRevised,
    FundsCommitted,
    OverspendFlagged,
    SpendRecorded,
)
from domain.shared.recorded import Recorded
from infrastructure.opsledger import Opsledger
from tests.application.budget_envelopes import (
    SERVERS,
    TRAVEL,
    Json,
    command,
    drafted,
    drive,
    head,
)
from tests.clocks import FixedClock

BUDGET = KINDS["budget"]
ACCOUNTS = (TRAVEL, SERVERS)
CENT = Decimal("0.01")
ZERO = Decimal("0.00")
REFERENCES = ("PO-1", "PO-2")

#: Amounts of commitments, spends and changes: small ones, and large ones that take much of a
#: year's plan at once (so that later months come to hold up earlier ones).
amounts = st.one_of(
    st.integers(min_value=1, max_value=50_000), st.integers(min_value=50_000, max_value=800_000)
).map(lambda cents: Decimal(cents) * CENT)
#: What a settling spend adds to its commitment.
overruns = st.integers(min_value=1, max_value=300_000).map(lambda cents: Decimal(cents) * CENT)
month_numbers = st.integers(min_value=1, max_value=12)

#: A line's plan: an amount for each of the twelve months, some of them nothing.
plans = st.lists(
    st.one_of(st.just(0), st.integers(min_value=0, max_value=500_000)),
    min_size=12, max_size=12,
).map(lambda cents: {m: Decimal(c) * CENT for m, c in enumerate(cents, start=1)})  # fmt: skip


class Action(NamedTuple):
    """One random step; `what` says which fields it uses."""

    what: str
    account: int
    month: int
    amount: Decimal
    #: Picks the reference and the kind of adjustment.
    choice: int
    other_account: int
    other_month: int
    #: A second amount: what a settling spend adds to the commitment it names.
    more: Decimal
    approve: bool


#: commit, spend, settle (a spend naming a reference), adjust (request, review, decide);
#: promise: commit all that is left in a month, then spend in an earlier one; overrun: commit
#: all that is left, then spend more than that, naming it, in the same month or later.
WHAT = ("commit", "commit", "spend", "settle", "adjust", "promise", "overrun")

actions = st.lists(
    st.builds(
        Action,
        what=st.sampled_from(WHAT),
        account=st.integers(0, 1),
        month=month_numbers,
        amount=amounts,
        choice=st.integers(0, 5),
        other_account=st.integers(0, 1),
        other_month=month_numbers,
        more=overruns,
        approve=st.booleans(),
    ),
    min_size=5,
    max_size=20,
)


def text(amount: Decimal) -> str:
    return f"{amount:.2f}"


def draft_payload(control: str, travel: dict[int, Decimal], servers: dict[int, Decimal]) -> Json:
    return drafted(
        department=f"部门 {uuid4().hex[:8]}",
        control=control,
        lines=[
            {"account": TRAVEL, "category": "expense",
             "monthly": {f"{m:02d}": text(a) for m, a in travel.items()}},
            {"account": SERVERS, "category": "cost",
             "monthly": {f"{m:02d}": text(a) for m, a in servers.items()}},
        ],
    )  # fmt: skip


def bodies_of(budget_id: UUID, action: Action, figures: Figures) -> list[Json]:
    """The commands one action sends, in order (a refusal ends the action). `figures`, read
    from the stored events, only size the promise and the overrun."""
    reference = REFERENCES[action.choice % len(REFERENCES)]
    account = ACCOUNTS[action.account]
    early, late = sorted((action.month, action.other_month))

    if action.what in ("promise", "overrun"):
        reference = f"PO-{uuid4().hex[:6]}"  # a reference of its own, never open already

    def commit(month: int, amount: Decimal) -> Json:
        payload = {"account": account, "month": month, "amount": text(amount)}
        return command("commit_funds", budget_id, payload={**payload, "reference": reference})

    def spend(month: int, amount: Decimal, *, settles: bool) -> Json:
        payload = {
            "account": account,
            "month": month,
            "amount": text(amount),
            "reference": f"INV-{uuid4().hex[:6]}",
        }
        if settles:
            payload["commitment_ref"] = reference
        return command("record_spend", budget_id, payload=payload)

    match action.what:
        case "commit":
            return [commit(action.month, action.amount)]
        case "spend" | "settle":
            return [spend(action.month, action.amount, settles=action.what == "settle")]
        case "promise":
            # all that is left promised for the later month, then spent in the earlier one:
            # what a later month holds is never spent twice
            whole = figures.available(account, late)
            promised = whole if whole > 0 else action.amount
            return [commit(late, promised), spend(early, action.amount, settles=False)]
        case "overrun":
            # all that is left committed, then more spent naming it in the same month or a
            # later one: the commitment is released, and only the rest must fit
            whole = figures.available(account, early)
            promised = whole if whole > 0 else action.amount
            more = promised + action.more
            return [commit(early, promised), spend(late, more, settles=True)]
    kind = ("increase", "decrease", "transfer")[action.choice % 3]
    if kind == "transfer":
        changes = [
            {"account": account, "month": action.month, "delta": text(-action.amount)},
            {
                "account": ACCOUNTS[action.other_account],
                "month": action.other_month,
                "delta": text(action.amount),
            },
        ]
    else:
        delta = action.amount if kind == "increase" else -action.amount
        changes = [{"account": account, "month": action.month, "delta": text(delta)}]
    decide = "approve_adjustment" if action.approve else "reject_adjustment"
    return [
        command("request_adjustment", budget_id, payload={"kind": kind, "changes": changes}),
        command("review_adjustment", budget_id),
        command(decide, budget_id),
    ]


class Figures:
    """An independent reading of the stored events: per account and month (1-12) what is
    approved, what is open of each commitment, and what is spent."""

    def __init__(self) -> None:
        self.approved: dict[str, list[Decimal]] = {}
        self.spent: dict[str, list[Decimal]] = {}
        self.open: dict[str, tuple[str, int, Decimal]] = {}

    def balances(self, account: str) -> list[Decimal]:
        """For each month k: approved of 1..k minus open commitments and spend of 1..k."""
        out, running = [], ZERO
        for k in range(12):
            running += self.approved[account][k] - self.spent[account][k]
            running -= sum(
                (amount for acct, month, amount in self.open.values()
                 if acct == account and month == k + 1),
                ZERO,
            )  # fmt: skip
            out.append(running)
        return out

    def available(self, account: str, month: int) -> Decimal:
        """DOMAIN §5: the smallest of the balances of `month` and every later month."""
        return min(self.balances(account)[month - 1 :])

    def apply(self, recorded: Recorded) -> Excess | None:
        """Fold one stored event in; for a commitment or spend that did not fit what was
        available, what the flag after it must say."""
        e = recorded.event
        if isinstance(e, BudgetDrafted | BudgetDraftRevised):
            for line in e.lines:
                self.approved[line.account] = list(line.monthly)
                self.spent.setdefault(line.account, [ZERO] * 12)
        elif isinstance(e, BudgetAdjusted):
            for change in e.changes:
                self.approved[change.account][change.month - 1] += change.delta
        elif isinstance(e, FundsCommitted):
            free = self.available(e.account, e.month)
            self.open[e.reference] = (e.account, e.month, e.amount)
            if e.amount > free:
                return (e.account, e.month, free, e.amount, e.reference)
        elif isinstance(e, SpendRecorded):
            # what is available while the commitment it names still stands: the released part
            # was promised already, and only the rest takes anything more from any month
            free = self.available(e.account, e.month)
            released = ZERO
            if e.commitment_ref is not None:
                account, month, still_open = self.open[e.commitment_ref]
                assert account == e.account
                released = min(e.amount, still_open)
                if still_open > released:
                    self.open[e.commitment_ref] = (account, month, still_open - released)
                else:
                    del self.open[e.commitment_ref]
            assert e.released == released, recorded
            self.spent[e.account][e.month - 1] += e.amount
            rest = e.amount - released
            if rest > 0 and rest > free:
                return (e.account, e.month, free, rest, e.reference)
        return None


#: A commitment or spend that did not fit: account, month, available, requested, reference.
Excess = tuple[str, int, Decimal, Decimal, str]


def read(history: list[Recorded]) -> Figures:
    figures = Figures()
    for recorded in history:
        figures.apply(recorded)
    return figures


def check_history(history: list[Recorded], control: str) -> tuple[int, int]:
    """Walk the stored events with independent figures; returns (excesses, flags)."""
    figures = Figures()
    approved = False
    excess: Excess | None = None
    excesses = flags = 0
    for recorded in history:
        e = recorded.event
        if excess is not None:
            # the event right after an excess is its one flag, with the same figures
            assert isinstance(e, OverspendFlagged), (excess, recorded.event_type)
            assert (e.account, e.month, e.available, e.requested, e.reference) == excess
            flags += 1
            excess = None
            continue
        assert not isinstance(e, OverspendFlagged), f"a flag with no excess before it: {recorded}"
        approved = approved or isinstance(e, BudgetApproved)
        excess = figures.apply(recorded)
        if excess is not None:
            excesses += 1
            assert control == "warn", f"under stop, {excess} was recorded"
        if approved and control == "stop":
            for account in ACCOUNTS:
                # cumulative committed + spent <= cumulative approved, every month
                assert all(b >= 0 for b in figures.balances(account)), (account, recorded)
    assert excess is None, "an excess with no flag after it"
    return excesses, flags


@pytest.fixture
def sqlite_ledger(sqlite_url: str, clock: FixedClock) -> Iterator[Opsledger]:
    with Opsledger.open(sqlite_url, clock=clock) as opened:
        yield opened


def assert_the_figures_are_domains(
    details: dict[str, object], body: Json, ledger: Opsledger, budget_id: UUID
) -> None:
    """A `budget_exceeded` refusal names what the stored events say was available, and what
    did not fit: the amount, less what it releases of the commitment it names."""
    figures = read(ledger.history(budget_id))
    sent = body["payload"]
    amount = Decimal(sent["amount"])
    released = ZERO
    if sent.get("commitment_ref") in figures.open:
        released = min(amount, figures.open[sent["commitment_ref"]][2])
    free = figures.available(sent["account"], sent["month"])
    assert amount - released > free
    assert (details["account"], details["month"]) == (sent["account"], sent["month"])
    assert (details["available"], details["requested"]) == (str(free), str(amount - released))


def run(
    ledger: Opsledger,
    clock: FixedClock,
    control: str,
    travel: dict[int, Decimal],
    servers: dict[int, Decimal],
    steps: list[Action],
) -> UUID:
    budget_id = drive(ledger, clock, to="approved", draft=draft_payload(control, travel, servers))
    version = 4
    codes: list[str] = []
    for action in steps:
        figures = read(ledger.history(budget_id))
        for body in bodies_of(budget_id, action, figures):
            clock.advance(minutes=30)
            before = head(ledger)
            result = ledger.submit(body)
            if not result.ok:
                assert head(ledger) == before, result.to_json()
                assert result.code in {"rule_violation", "budget_exceeded"}, result.to_json()
                if result.code == "budget_exceeded":
                    assert control == "stop"
                    assert_the_figures_are_domains(result.details, body, ledger, budget_id)
                codes.append(str(result.code))
                break  # the rest of the action (its review and decision) is not sent
            assert result.version == version + len(result.events)
            version = result.version
            codes.append("ok")
    event(f"{control}: {codes.count('ok')} accepted, {codes.count('budget_exceeded')} exceeded")
    return budget_id


def check_replay(ledger: Opsledger, budget_id: UUID) -> None:
    history = ledger.history(budget_id)
    replayed = BUDGET.fold(None, [r.event for r in history])
    loaded = ledger.state(budget_id)[1]
    assert (loaded.version, loaded.state) == (len(history), replayed)
    cached = ledger.handler._cache.get("budget", budget_id)  # None after a refusal evicts it
    if cached is not None:
        assert (cached.version, cached.state) == (len(history), replayed)
    for upto in range(4, len(history) + 1):
        assert ledger.state(budget_id, version=upto)[1].state == BUDGET.fold(
            None, [r.event for r in history[:upto]]
        )


SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    # no explain phase: it reruns failing examples hundreds of times against the store
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
)


class TestUnderStop:
    @SETTINGS
    @given(travel=plans, servers=plans, steps=actions)
    def test_committed_and_spent_never_exceed_approved(
        self,
        sqlite_ledger: Opsledger,
        clock: FixedClock,
        travel: dict[int, Decimal],
        servers: dict[int, Decimal],
        steps: list[Action],
    ) -> None:
        budget_id = run(sqlite_ledger, clock, "stop", travel, servers, steps)
        excesses, flags = check_history(sqlite_ledger.history(budget_id), "stop")
        assert (excesses, flags) == (0, 0)
        check_replay(sqlite_ledger, budget_id)


class TestUnderWarn:
    @SETTINGS
    @given(travel=plans, servers=plans, steps=actions)
    def test_every_excess_is_flagged_once(
        self,
        sqlite_ledger: Opsledger,
        clock: FixedClock,
        travel: dict[int, Decimal],
        servers: dict[int, Decimal],
        steps: list[Action],
    ) -> None:
        budget_id = run(sqlite_ledger, clock, "warn", travel, servers, steps)
        excesses, flags = check_history(sqlite_ledger.history(budget_id), "warn")
        assert excesses == flags
        assert sqlite_ledger.state(budget_id)[1].state.overspends == flags
        event(f"warn: {flags} flagged")
        check_replay(sqlite_ledger, budget_id)
