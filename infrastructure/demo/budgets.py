"""The departments' budgets in the demo: compiled, controlled through the quarter, adjusted.

Each department with a head compiles its budget for the fiscal year as the quarter opens
(the months from the quarter's first to December), and finance controls it from then on:
standing service contracts committed by the head and invoiced against the commitment,
expense claims, and the costs of the department's projects, committed month by month by
their managers and booked by finance at each month's end. The demo keeps the books as DOMAIN
§5 defines them, so it knows what every commitment and spend will meet: each routine one
fits, and the deliberate overspends do not.
"""

from __future__ import annotations

import enum
import random
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

import attrs

from infrastructure.demo import budget_wording as wording
from infrastructure.demo.company import Company, Person, Unit
from infrastructure.demo.script import Refusal, Script
from infrastructure.demo.simulated_clock import local

KIND = "budget"
DAY = 24 * 60
CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MONTHS = range(1, 13)

STOP = "stop"
WARN = "warn"
COST = "cost"
EXPENSE = "expense"


class BudgetPath(enum.Enum):
    """How a department's budget goes."""

    SHOWCASE = (
        "returned by finance and revised; an overspend refused under stop, then a transfer "
        "adjustment approved"
    )
    FLAGGED = "warn control: an overspend recorded and flagged"
    ADJUSTMENT_REJECTED = "an increase passed by finance, rejected by management"
    ADJUSTMENT_RETURNED = "a transfer returned by finance, a smaller one approved"
    SELF_REVIEW = "the finance head's own budget, reviewed by his staff"
    STRAIGHT = "compiled, approved and spent against"


#: The path of each department's budget; the others go straight through.
PATHS: dict[str, BudgetPath] = {
    "it": BudgetPath.SHOWCASE,
    "marketing": BudgetPath.FLAGGED,
    "production": BudgetPath.ADJUSTMENT_REJECTED,
    "quality": BudgetPath.ADJUSTMENT_RETURNED,
    "finance": BudgetPath.SELF_REVIEW,
}

#: Departments whose budgets only flag what does not fit; the others stop it.
WARNED = frozenset({"marketing", "after_sales"})


def _cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT)


def _round(amount: Decimal, step: int, *, up: bool = False) -> Decimal:
    """`amount` to a whole multiple of `step`, down (or up)."""
    rounding = ROUND_CEILING if up else ROUND_FLOOR
    return (amount / step).quantize(Decimal(1), rounding=rounding) * step


def _money(amount: Decimal) -> str:
    return str(_cents(amount))


# -- the books --------------------------------------------------------------------------------


class Books:
    """What a budget holds by DOMAIN §5, kept by the demo beside the ledger: each account's
    approved amounts and spend month by month, the open commitments, and the control."""

    def __init__(self, *, control: str, approved: Mapping[str, Sequence[Decimal]]) -> None:
        self.control = control
        self.approved = {account: list(months) for account, months in approved.items()}
        self.spent = {account: [ZERO] * 12 for account in approved}
        #: Open commitments by reference: account, month and what is still open.
        self.commitments: dict[str, tuple[str, int, Decimal]] = {}

    def available(self, account: str, month: int) -> Decimal:
        """For each month k from `month` to December, the approved amounts of January..k
        less the open commitments and spend against January..k; the smallest of these."""
        committed = [ZERO] * 12
        for held, at, amount in self.commitments.values():
            if held == account:
                committed[at - 1] += amount
        running, balances = ZERO, []
        for index in range(12):
            running += self.approved[account][index] - committed[index]
            running -= self.spent[account][index]
            balances.append(running)
        return min(balances[month - 1 :])

    def commit(self, account: str, month: int, amount: Decimal, reference: str) -> bool | None:
        """True when the commitment fits; False when it is recorded and flagged (`warn`);
        None when it is refused (`stop`)."""
        fits = amount <= self.available(account, month)
        if not fits and self.control == STOP:
            return None
        self.commitments[reference] = (account, month, amount)
        return fits

    def releasable(self, reference: str | None) -> Decimal:
        if reference is None or reference not in self.commitments:
            return ZERO
        return self.commitments[reference][2]

    def spend(
        self, account: str, month: int, amount: Decimal, commitment_ref: str | None
    ) -> bool | None:
        """As `commit`: a spend first releases up to its amount of the commitment it names,
        and only the rest must fit."""
        released = min(amount, self.releasable(commitment_ref))
        rest = amount - released
        fits = rest <= 0 or rest <= self.available(account, month)
        if not fits and self.control == STOP:
            return None
        self.spent[account][month - 1] += amount
        if commitment_ref is not None and commitment_ref in self.commitments:
            held, at, open_amount = self.commitments.pop(commitment_ref)
            if open_amount > released:
                self.commitments[commitment_ref] = (held, at, open_amount - released)
        return fits

    def adjust(self, changes: Sequence[tuple[str, int, Decimal]]) -> None:
        for account, month, delta in changes:
            self.approved[account][month - 1] += delta


# -- what the projects cost -------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ProjectFunding:
    """A project of the department as its budget sees it: who commits its funds, when it
    started, and the costs it recorded (when, how much)."""

    number: int
    name: str
    committer: Person
    started_at: datetime
    costs: tuple[tuple[datetime, Decimal], ...]


@attrs.frozen(kw_only=True)
class _Intent:
    """Something the budget's story does at a time: run in time order, so the books see the
    commitments and spend in the order the ledger will."""

    at: datetime
    order: int
    act: Callable[[datetime], None]


@attrs.define(kw_only=True)
class Budgeting:
    """A department's budget being compiled and controlled: its script, people, lines, the
    quarter's months and business days, the department's projects, the books, and what is
    planned to happen through the quarter."""

    script: Script
    company: Company
    unit: Unit
    year: int
    #: The months of the quarter, and every business day of it.
    months: tuple[int, ...]
    days: Sequence[date]
    control: str
    #: Each account's category and planned amounts, January first.
    lines: dict[str, tuple[str, list[Decimal]]]
    projects: Sequence[ProjectFunding]
    demonstrate_refusals: bool
    books: Books | None = None
    approved_at: datetime | None = None
    intents: list[_Intent] = attrs.field(factory=list)

    @property
    def rng(self) -> random.Random:
        return self.script.rng

    @property
    def head(self) -> Person:
        assert self.unit.head is not None
        return self.unit.head

    def pick(self, people: Sequence[Person]) -> Person:
        return self.rng.choice(tuple(people))

    def reviewer(self) -> Person:
        """A finance reviewer who did not submit the budget."""
        return self.pick([p for p in self.company.finance if p.id != self.head.id])

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

    # -- compiling ------------------------------------------------------------------------

    def line_payloads(self) -> list[dict[str, Any]]:
        return [
            {
                "account": account,
                "category": category,
                "monthly": {
                    f"{month:02d}": _money(amounts[month - 1])
                    for month in MONTHS
                    if amounts[month - 1] > 0
                },
            }
            for account, (category, amounts) in self.lines.items()
        ]

    def draft_payload(self) -> dict[str, Any]:
        return {
            "department": self.unit.key,
            "fiscal_year": self.year,
            "currency": "CNY",
            "control": self.control,
            "lines": self.line_payloads(),
        }

    def draft(self) -> None:
        self.script.send("draft", self.head, self.draft_payload(), at=self.script.time)

    def submit(self) -> None:
        self.script.send("submit", self.head, after=(60, DAY))

    def review(self, *, passed: bool = True, comments: str = wording.PASSED) -> None:
        self.script.send(
            "review",
            self.reviewer(),
            {"verdict": "pass" if passed else "return", "comments": comments},
            after=(DAY // 3, 2 * DAY),
            expects=("BudgetReviewed",) if passed else ("BudgetReturned",),
        )

    def revise(self) -> None:
        """Travel down by 15% as finance asked."""
        category, amounts = self.lines[wording.TRAVEL]
        self.lines[wording.TRAVEL] = (
            category,
            [_round(amount * Decimal("0.85"), 1000) for amount in amounts],
        )
        self.script.send(
            "revise_draft",
            self.head,
            {"lines": self.line_payloads()},
            after=(120, DAY),
            reason=wording.REVISED,
        )

    def approve(self) -> None:
        self.approved_at = self.script.send(
            "approve", self.pick(self.company.management), after=(DAY // 3, 2 * DAY)
        )
        self.books = Books(
            control=self.control,
            approved={account: amounts for account, (_, amounts) in self.lines.items()},
        )

    # -- control --------------------------------------------------------------------------

    @property
    def kept(self) -> Books:
        assert self.books is not None, "funds are committed and spent once approved"
        return self.books

    def commit(
        self,
        committer: Person,
        account: str,
        month: int,
        amount: Decimal,
        reference: str,
        *,
        at: datetime | None = None,
        after: tuple[int, int] = (0, 0),
        deliberate: bool = False,
    ) -> bool:
        """Commit funds; a routine commitment that would not fit is made smaller (or left
        out), a deliberate one is sent as it is, refused or flagged as the books say. Whether
        it was accepted."""
        books = self.kept
        if not deliberate:
            amount = min(amount, _round(books.available(account, month), 100))
            if amount < 100:
                return False
        outcome = books.commit(account, month, _cents(amount), reference)
        payload = {
            "account": account,
            "month": month,
            "amount": _money(amount),
            "reference": reference,
        }
        if outcome is None:
            self.script.send(
                "commit_funds",
                committer,
                payload,
                at=at,
                after=after,
                refusal=Refusal(
                    code="budget_exceeded",
                    why="a commitment above what is available is refused under stop control "
                    "(budget_exceeded)",
                ),
            )
            return False
        self.script.send(
            "commit_funds",
            committer,
            payload,
            at=at,
            after=after,
            expects=("FundsCommitted",) if outcome else ("FundsCommitted", "OverspendFlagged"),
        )
        return True

    def spend(
        self,
        account: str,
        month: int,
        amount: Decimal,
        reference: str,
        *,
        commitment_ref: str | None = None,
        at: datetime | None = None,
        after: tuple[int, int] = (0, 0),
        deliberate: bool = False,
    ) -> None:
        """Finance records a spend; a routine one that would not fit is made smaller (or left
        out), a deliberate one is sent as it is."""
        books = self.kept
        if not deliberate:
            # What the commitment releases always fits; only the rest must be available.
            room = books.releasable(commitment_ref) + max(books.available(account, month), ZERO)
            amount = min(amount, room)
            if amount < 100:
                return
        amount = _cents(amount)
        outcome = books.spend(account, month, amount, commitment_ref)
        assert outcome is not None, "the demo never sends a spend a stopped budget refuses"
        payload: dict[str, Any] = {
            "account": account,
            "month": month,
            "amount": _money(amount),
            "reference": reference,
        }
        if commitment_ref is not None:
            payload["commitment_ref"] = commitment_ref
        self.script.send(
            "record_spend",
            self.pick(self.company.finance),
            payload,
            at=at,
            after=after,
            expects=("SpendRecorded",) if outcome else ("SpendRecorded", "OverspendFlagged"),
        )

    def adjustment(
        self,
        kind: str,
        changes: Sequence[tuple[str, int, Decimal]],
        *,
        reason: str,
        after: tuple[int, int] = (30, 240),
        at: datetime | None = None,
    ) -> None:
        self.script.send(
            "request_adjustment",
            self.head,
            {
                "kind": kind,
                "changes": [
                    {"account": account, "month": month, "delta": _money(delta)}
                    for account, month, delta in changes
                ],
            },
            at=at,
            after=after,
            reason=reason,
        )

    def review_adjustment(self, *, passed: bool = True) -> None:
        self.script.send(
            "review_adjustment",
            self.reviewer(),
            {"verdict": "pass" if passed else "return"},
            after=(DAY // 3, 2 * DAY),
            expects=("AdjustmentReviewed",),
        )

    def decide_adjustment(
        self, changes: Sequence[tuple[str, int, Decimal]], *, approved: bool, reason: str
    ) -> None:
        self.script.send(
            "approve_adjustment" if approved else "reject_adjustment",
            self.pick(self.company.management),
            after=(DAY // 3, 2 * DAY),
            reason=reason,
            expects=("BudgetAdjusted",) if approved else ("AdjustmentRejected",),
        )
        if approved:
            self.kept.adjust(changes)

    # -- the quarter's routine ------------------------------------------------------------

    def business_days(self, month: int) -> list[date]:
        return [day for day in self.days if day.month == month]

    def moment(self, day: date, earliest: time, minutes: int) -> datetime:
        return local(day, earliest) + timedelta(minutes=self.rng.randint(0, minutes))

    def plan(self, at: datetime, act: Callable[[datetime], None]) -> None:
        """Do `act` at `at`; what falls before the approval is done in the days after it."""
        if self.approved_at is not None and at <= self.approved_at:
            at = self.approved_at + timedelta(minutes=self.rng.randint(60, 2 * DAY))
        self.intents.append(_Intent(at=at, order=len(self.intents), act=act))

    def routine(self) -> None:
        """Each month: the standing service contract committed by the head and invoiced
        against its commitment, expense claims and office purchases, and the department's
        projects, committed by their managers and booked by finance at the month's end. As
        the quarter ends the head orders the next month's services: still open at its end."""
        for month in self.months:
            days = self.business_days(month)
            self._service_contract(month, days)
            self._claims(month, days)
            if wording.ADVERTISING in self.lines:
                self._campaign(month, days)
        self._project_funds()
        following = self.months[-1] + 1
        if following <= 12:
            planned = self.lines[wording.SERVICES][1][following - 1]
            amount = _round(planned * Decimal(str(self.rng.uniform(0.72, 0.88))), 100)
            reference = f"PO-{self.unit.key.upper()}-{self.year}{following:02d}"

            def order_ahead(at: datetime) -> None:
                self.commit(self.head, wording.SERVICES, following, amount, reference, at=at)

            last_days = self.business_days(self.months[-1])
            self.plan(self.moment(last_days[-3], time(10, 0), 240), order_ahead)

    def _service_contract(self, month: int, days: list[date]) -> None:
        planned = self.lines[wording.SERVICES][1][month - 1]
        contract = wording.SERVICE_CONTRACTS[self.unit.key]
        reference = f"PO-{self.unit.key.upper()}-{self.year}{month:02d}"
        amount = _round(planned * Decimal(str(self.rng.uniform(0.72, 0.88))), 100)
        invoiced = _cents(amount * Decimal(str(self.rng.uniform(1.0, 1.04))))
        ordered: list[bool] = []

        def order(at: datetime) -> None:
            ordered.append(
                self.commit(self.head, wording.SERVICES, month, amount, reference, at=at)
            )

        def invoice(at: datetime) -> None:
            self.spend(
                wording.SERVICES,
                month,
                invoiced if ordered and ordered[0] else amount,
                wording.SERVICE_INVOICE.format(contract=contract, month=month),
                commitment_ref=reference if ordered and ordered[0] else None,
                at=at,
            )

        self.plan(self.moment(days[0], time(10, 0), 120), order)
        self.plan(self.moment(self.rng.choice(days[12:-2]), time(14, 0), 180), invoice)

    def _claims(self, month: int, days: list[date]) -> None:
        travel = self.lines[wording.TRAVEL][1][month - 1]
        for _ in range(self.rng.randint(3, 5)):
            amount = _cents(travel / 4 * Decimal(str(self.rng.uniform(0.5, 0.9))))
            claimant = self.pick(self.unit.everyone)
            reference = wording.TRAVEL_CLAIM.format(
                name=claimant.name.split()[0], number=f"TR-{self.rng.randint(10000, 99999)}"
            )
            self.plan(
                self.moment(self.rng.choice(days), time(9, 30), 480),
                self._spending(wording.TRAVEL, month, amount, reference),
            )
        office = self.lines[wording.OFFICE][1][month - 1]
        for _ in range(self.rng.randint(1, 2)):
            amount = _cents(office / 2 * Decimal(str(self.rng.uniform(0.6, 0.9))))
            reference = wording.OFFICE_PURCHASE.format(number=f"OF-{self.rng.randint(1000, 9999)}")
            self.plan(
                self.moment(self.rng.choice(days), time(9, 30), 480),
                self._spending(wording.OFFICE, month, amount, reference),
            )

    def _spending(
        self, account: str, month: int, amount: Decimal, reference: str
    ) -> Callable[[datetime], None]:
        """A spend with no commitment, to be recorded when its time comes."""

        def spend(at: datetime) -> None:
            self.spend(account, month, amount, reference, at=at)

        return spend

    def _campaign(self, month: int, days: list[date]) -> None:
        """Marketing commits each month's media buy and finance pays it."""
        planned = self.lines[wording.ADVERTISING][1][month - 1]
        reference = f"MEDIA-{self.year}{month:02d}"
        amount = _round(planned * Decimal(str(self.rng.uniform(0.45, 0.6))), 1000)
        committed: list[bool] = []

        def buy(at: datetime) -> None:
            committed.append(
                self.commit(self.head, wording.ADVERTISING, month, amount, reference, at=at)
            )

        def pay(at: datetime) -> None:
            if committed and committed[0]:
                self.spend(
                    wording.ADVERTISING, month, amount, reference, commitment_ref=reference, at=at
                )

        self.plan(self.moment(days[1], time(10, 0), 180), buy)
        self.plan(self.moment(self.rng.choice(days[-6:-1]), time(10, 0), 300), pay)

    def _project_funds(self) -> None:
        """Each project's manager commits what the month will cost once it runs (a little
        less than it turns out to); finance books the month's costs at its end, releasing the
        commitment."""
        bookings = {
            month: self.moment(self.business_days(month)[-1], time(16, 0), 60)
            for month in self.months
        }
        previous: datetime | None = None
        for month in self.months:
            booked_at = bookings[month]
            for project in self.projects:
                costs = sum(
                    (
                        amount
                        for at, amount in project.costs
                        if at < booked_at and (previous is None or at >= previous)
                    ),
                    ZERO,
                )
                if costs <= 0:
                    continue
                first_day = self.business_days(month)[0]
                start = max(
                    self.moment(first_day, time(9, 30), 90),
                    project.started_at + timedelta(minutes=self.rng.randint(60, 240)),
                )
                estimate = _round(costs * Decimal(str(self.rng.uniform(0.85, 0.95))), 1000)
                reference = f"PRJ-{project.number:03d}-{self.year}{month:02d}"
                committed: list[bool] = []

                def commit(
                    at: datetime,
                    project: ProjectFunding = project,
                    month: int = month,
                    estimate: Decimal = estimate,
                    reference: str = reference,
                    committed: list[bool] = committed,
                ) -> None:
                    if estimate >= 1000:
                        committed.append(
                            self.commit(
                                project.committer,
                                wording.PROJECTS,
                                month,
                                estimate,
                                reference,
                                at=at,
                            )
                        )

                def book(
                    at: datetime,
                    project: ProjectFunding = project,
                    month: int = month,
                    costs: Decimal = costs,
                    reference: str = reference,
                    committed: list[bool] = committed,
                ) -> None:
                    self.spend(
                        wording.PROJECTS,
                        month,
                        costs,
                        wording.PROJECT_BOOKING.format(project=project.name, month=month),
                        commitment_ref=reference if committed and committed[0] else None,
                        at=at,
                    )

                if start < booked_at:
                    self.plan(start, commit)
                self.plan(booked_at, book)
            previous = booked_at

    def play(self) -> None:
        """Everything planned, in time order."""
        for intent in sorted(self.intents, key=lambda i: (i.at, i.order)):
            intent.act(intent.at)
        self.intents.clear()


# -- planning the lines ---------------------------------------------------------------------


def planned_lines(
    rng: random.Random,
    *,
    key: str,
    months: Sequence[int],
    projects: Sequence[ProjectFunding],
) -> dict[str, tuple[str, list[Decimal]]]:
    """A department's lines for the months from the quarter's first to December: travel,
    office and outsourced services by the department's size, advertising for marketing, and
    what its projects will cost with some room to spare."""
    first = months[0]

    def monthly(low: int, high: int) -> list[Decimal]:
        base = rng.randint(low, high) * 1000
        return [
            _round(Decimal(base) * Decimal(str(rng.uniform(0.9, 1.1))), 1000)
            if month >= first
            else ZERO
            for month in MONTHS
        ]

    lines: dict[str, tuple[str, list[Decimal]]] = {
        wording.TRAVEL: (EXPENSE, monthly(20, 60)),
        wording.OFFICE: (EXPENSE, monthly(8, 20)),
        wording.SERVICES: (COST, monthly(60, 180)),
    }
    if key == "marketing":
        lines[wording.ADVERTISING] = (EXPENSE, monthly(300, 500))
    if projects:
        need = dict.fromkeys(months, ZERO)
        for project in projects:
            for at, amount in project.costs:
                month = at.month
                if month in need:
                    need[month] += amount
        in_quarter = {
            month: _round(amount * Decimal(str(rng.uniform(1.1, 1.25))), 10_000, up=True) + 20_000
            for month, amount in need.items()
        }
        later = max(
            Decimal(50_000), _round(sum(in_quarter.values(), ZERO) / len(in_quarter), 10_000)
        )
        lines[wording.PROJECTS] = (
            COST,
            [in_quarter.get(month, later if month > months[-1] else ZERO) for month in MONTHS],
        )
    return lines


def sources(
    books: Books, amount: Decimal, *, accounts: Sequence[str], months: Sequence[int]
) -> list[tuple[str, int, Decimal]]:
    """Where up to `amount` can be taken from: the latest months first, each no more than
    its approved amount nor than would leave the account short in any month (in thousands)."""
    scratch = Books(control=books.control, approved=books.approved)
    scratch.spent = {account: list(spent) for account, spent in books.spent.items()}
    scratch.commitments = dict(books.commitments)
    taken: list[tuple[str, int, Decimal]] = []
    left = amount
    for account in accounts:
        for month in sorted(months, reverse=True):
            room = min(scratch.approved[account][month - 1], scratch.available(account, month))
            take = min(left, _round(room, 1000))
            if take > 0:
                scratch.approved[account][month - 1] -= take
                taken.append((account, month, -take))
                left -= take
    return taken


def room(books: Books, *, accounts: Sequence[str], months: Sequence[int]) -> Decimal:
    """How much a transfer could take from the accounts in the months."""
    taken = sources(books, Decimal(10**12), accounts=accounts, months=months)
    return -sum((delta for _, _, delta in taken), ZERO)


def _later(month: int) -> range:
    """The months money is moved from: those after `month`, or December itself."""
    return range(month + 1 if month < 12 else month, 13)


def _named(taken: Sequence[tuple[str, int, Decimal]]) -> str:
    """Where a transfer takes money from, as people write it: `12 月差旅费`."""
    return "、".join(f"{month} 月{account.split()[1]}" for account, month, _ in taken)


# -- the paths ------------------------------------------------------------------------------


def _compile(b: Budgeting, *, returned: bool = False, self_review: bool = False) -> None:
    """Drafted by the head, submitted, reviewed by finance (returned once and revised when
    told), approved by management: three different people."""
    b.draft()
    if returned:
        committer = next(
            (p for p in b.unit.people if any(r.value == "project_manager" for r in p.roles)),
            b.head,
        )
        b.refuse(
            "commit_funds",
            committer,
            {
                "account": wording.SERVICES,
                "month": b.months[0],
                "amount": "1000.00",
                "reference": "EARLY-1",
            },
            code="invalid_transition",
            why="funds are committed only against an approved budget (invalid_transition)",
        )
    b.submit()
    if self_review:
        b.refuse(
            "review",
            b.head,
            {"verdict": "pass", "comments": wording.SELF_REVIEW},
            code="segregation_of_duties",
            why="whoever submitted a budget may not review it (segregation_of_duties)",
        )
    if returned:
        b.review(passed=False, comments=wording.RETURNED)
        b.revise()
        b.submit()
    b.review()
    b.approve()


def _showcase(b: Budgeting) -> None:
    _compile(b, returned=True)
    b.routine()
    month = b.months[-1]
    b.plan(
        b.moment(b.business_days(month)[2], time(10, 0), 240),
        lambda at: _overspend_then_transfer(b, month, at),
    )
    b.play()


def _overspend_then_transfer(b: Budgeting, month: int, at: datetime) -> None:
    """A contract above what is available is refused; the head moves money from the year's
    last months into the month, finance and management pass it, and the contract is
    committed after all, then invoiced against its commitment."""
    books = b.kept
    accounts = [a for a in (wording.PROJECTS, wording.TRAVEL, wording.OFFICE) if a in b.lines]
    spare = room(books, accounts=accounts, months=_later(month))
    free = books.available(wording.SERVICES, month)
    excess = min(Decimal(b.rng.randint(80, 150) * 1000), _round(spare - 31_000, 1000))
    amount = _round(max(free, ZERO) + max(excess, Decimal(1000)), 1000)
    reference = f"PO-{b.unit.key.upper()}-{b.year}{month:02d}-ERP2"
    assert not b.commit(b.head, wording.SERVICES, month, amount, reference, at=at, deliberate=True)
    shortfall = amount - books.available(wording.SERVICES, month)
    delta = min(_round(shortfall, 10_000, up=True) + 20_000, _round(spare, 1000))
    assert delta >= shortfall, "the department has room to move money into the month"
    taken = sources(books, delta, accounts=accounts, months=_later(month))
    changes = [*taken, (wording.SERVICES, month, delta)]
    reason = wording.TRANSFER_REASON.format(month=month, sources=_named(taken))
    b.adjustment("transfer", changes, reason=reason, after=(20, 120))
    b.refuse(
        "approve_adjustment",
        b.pick(b.company.management),
        code="rule_violation",
        why="management decides an adjustment only once finance has reviewed it (rule_violation)",
        reason=wording.TRANSFER_APPROVED,
    )
    b.review_adjustment()
    b.decide_adjustment(changes, approved=True, reason=wording.TRANSFER_APPROVED)
    assert books.available(wording.SERVICES, month) >= amount
    b.commit(b.head, wording.SERVICES, month, amount, reference, after=(30, 240), deliberate=True)
    b.spend(
        wording.SERVICES,
        month,
        amount,
        wording.BIG_CONTRACT,
        commitment_ref=reference,
        after=(5 * DAY, 8 * DAY),
    )


def _flagged(b: Budgeting) -> None:
    _compile(b)
    b.routine()
    month = b.months[min(1, len(b.months) - 1)]

    def overspend(at: datetime) -> None:
        free = max(b.kept.available(wording.ADVERTISING, month), ZERO)
        amount = _round(free, 100) + _round(free * Decimal(str(b.rng.uniform(0.08, 0.15))), 100)
        amount += 100
        b.spend(wording.ADVERTISING, month, amount, wording.CAMPAIGN, at=at, deliberate=True)

    b.plan(b.moment(b.business_days(month)[8], time(10, 0), 240), overspend)
    b.play()


def _adjustment_rejected(b: Budgeting) -> None:
    _compile(b)
    b.routine()
    month = b.months[min(1, len(b.months) - 1)]

    def increase(at: datetime) -> None:
        changes = [(wording.SERVICES, b.months[-1], Decimal(300_000))]
        b.adjustment("increase", changes, reason=wording.INCREASE_REASON, at=at)
        b.review_adjustment()
        b.decide_adjustment(changes, approved=False, reason=wording.INCREASE_REJECTED)

    b.plan(b.moment(b.business_days(month)[10], time(10, 0), 240), increase)
    b.play()


def _adjustment_returned(b: Budgeting) -> None:
    _compile(b)
    b.routine()
    month = b.months[min(1, len(b.months) - 1)]
    target = b.months[-1]

    def transfers(at: datetime) -> None:
        later = _later(target)
        accounts = [wording.OFFICE, wording.TRAVEL]
        spare = room(b.kept, accounts=accounts, months=later)
        wanted = min(Decimal(b.rng.randint(3, 5) * 10_000), _round(spare, 2000))
        taken = sources(b.kept, wanted, accounts=accounts, months=later)
        changes = [*taken, (wording.SERVICES, target, wanted)]
        reason = wording.RETURNED_TRANSFER_REASON.format(sources=_named(taken))
        b.refuse(
            "request_adjustment",
            b.head,
            {
                "kind": "transfer",
                "changes": [
                    {"account": wording.SERVICES, "month": target, "delta": _money(wanted)}
                ],
            },
            code="rule_violation",
            why="a transfer's changes add up to exactly zero (rule_violation)",
            reason=reason,
        )
        b.adjustment("transfer", changes, reason=reason, at=at)
        b.review_adjustment(passed=False)
        smaller = _round(wanted / 2, 1000)
        taken = sources(b.kept, smaller, accounts=accounts, months=later)
        changes = [*taken, (wording.SERVICES, target, smaller)]
        b.adjustment("transfer", changes, reason=wording.SMALLER_TRANSFER_REASON)
        b.review_adjustment()
        b.decide_adjustment(changes, approved=True, reason=wording.TRANSFER_APPROVED)

    b.plan(b.moment(b.business_days(month)[5], time(10, 0), 240), transfers)
    b.play()


def _self_review(b: Budgeting) -> None:
    _compile(b, self_review=True)
    b.routine()
    b.play()


def _straight(b: Budgeting) -> None:
    _compile(b)
    b.refuse(
        "draft",
        b.head,
        b.draft_payload(),
        code="invalid_transition",
        why="one budget per department and year: a second draft is refused (invalid_transition)",
        reason=wording.DUPLICATE,
    )
    b.refuse(
        "record_spend",
        b.head,
        {
            "account": wording.TRAVEL,
            "month": b.months[0],
            "amount": "800.00",
            "reference": "TR-SELF",
        },
        code="forbidden",
        why="only finance records spend against a budget (forbidden)",
    )
    b.routine()
    b.play()


SCRIPTS: dict[BudgetPath, Callable[[Budgeting], None]] = {
    BudgetPath.SHOWCASE: _showcase,
    BudgetPath.FLAGGED: _flagged,
    BudgetPath.ADJUSTMENT_REJECTED: _adjustment_rejected,
    BudgetPath.ADJUSTMENT_RETURNED: _adjustment_returned,
    BudgetPath.SELF_REVIEW: _self_review,
    BudgetPath.STRAIGHT: _straight,
}
