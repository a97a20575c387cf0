"""The paths a sales order takes in the demo: contract review, signing, fulfilment and cash."""

from __future__ import annotations

import enum
import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import ROUND_DOWN, Decimal
from typing import Any

import attrs

from domain.order.values import Aspect, Verdict
from infrastructure.demo.company import Company, Person
from infrastructure.demo.order_wording import (
    COMMERCIAL,
    HOUSEHOLD,
    USD_RATE,
    Customer,
    OrderWords,
    Product,
)
from infrastructure.demo.script import Owes, Refusal, Script
from infrastructure.demo.simulated_clock import local

KIND = "order"
DAY = 24 * 60
CENT = Decimal("0.01")


class OrderPath(enum.Enum):
    """How an order goes."""

    SHOWCASE = "above the limit: rejected, amended, held, shipped in parts, paid in instalments"
    STRAIGHT_THROUGH = "straight through"
    AMENDED = "review rejected, amended, approved"
    ABOVE_LIMIT = "above the signing limit, signed by management"
    KEY_ACCOUNT = "drafted by a sales manager, signed by another"
    IN_PARTS = "shipped and delivered in parts"
    LATE = "delivered late (overdue noticed by the sweep)"
    HELD = "held and resumed"
    CANCELLED = "cancelled before shipment"
    EXPORT = "export in USD (no limit configured: management signs)"


#: How often each path is drawn once every path has been shown at least once.
WEIGHTS = {
    OrderPath.SHOWCASE: 1,
    OrderPath.STRAIGHT_THROUGH: 34,
    OrderPath.AMENDED: 10,
    OrderPath.ABOVE_LIMIT: 7,
    OrderPath.KEY_ACCOUNT: 5,
    OrderPath.IN_PARTS: 16,
    OrderPath.LATE: 9,
    OrderPath.HELD: 7,
    OrderPath.CANCELLED: 7,
    OrderPath.EXPORT: 4,
}

#: Paths whose value lies above the signing limit.
LARGE = {OrderPath.SHOWCASE, OrderPath.ABOVE_LIMIT}


@attrs.frozen(kw_only=True)
class Line:
    sku: str
    description: str
    quantity: int
    unit_price: Decimal

    @property
    def value(self) -> Decimal:
        return self.quantity * self.unit_price

    def payload(self) -> dict[str, Any]:
        return {
            "sku": self.sku,
            "description": self.description,
            "quantity": self.quantity,
            "unit_price": str(self.unit_price),
        }


@attrs.define(kw_only=True)
class Selling:
    """An order being sold and fulfilled: its script, people, lines and what has happened."""

    script: Script
    company: Company
    customer: Customer
    words: OrderWords
    #: The signing limit of the order's currency; None where none is configured.
    limit: Decimal | None
    rep: Person
    manager: Person
    lines: list[Line]
    promised: date
    payment_terms: str
    demonstrate_refusals: bool
    shipped: dict[str, int] = attrs.field(factory=dict)
    delivered: dict[str, int] = attrs.field(factory=dict)
    invoiced: Decimal = Decimal("0.00")
    paid: Decimal = Decimal("0.00")
    invoices: int = 0

    # -- what the order is worth and owes -------------------------------------------------

    @property
    def value(self) -> Decimal:
        return sum((line.value for line in self.lines), Decimal("0.00"))

    @property
    def delivered_value(self) -> Decimal:
        return sum(
            (self.delivered.get(line.sku, 0) * line.unit_price for line in self.lines),
            Decimal("0.00"),
        )

    @property
    def delivery_due(self) -> datetime:
        """The first instant after the promised date, in the company's time zone."""
        return local(self.promised + timedelta(days=1), time(0, 0))

    def pick(self, people: tuple[Person, ...]) -> Person:
        return self.script.rng.choice(people)

    @property
    def signatory(self) -> Person:
        """Management above the limit (or with no limit for the currency); else a sales
        manager who did not draft the order."""
        if self.limit is None or self.value > self.limit:
            return self.pick(self.company.management)
        return self.pick(tuple(m for m in self.company.sales_managers if m.id != self.rep.id))

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

    # -- negotiation and contract ---------------------------------------------------------

    def draft(self) -> None:
        self.script.send(
            "draft",
            self.rep,
            {
                "customer_id": self.customer.id,
                "customer_name": self.customer.name,
                "lines": [line.payload() for line in self.lines],
                "currency": self.customer.currency,
                "promised_delivery_date": self.promised.isoformat(),
                "payment_terms": self.payment_terms,
            },
            at=self.script.time,
        )

    def request_review(self) -> None:
        self.script.send("request_review", self.rep, after=(20, 240))

    def review(self, *, failing: Aspect | None = None) -> None:
        """One review round: each aspect by its own role, in any order; a fail ends it."""
        aspects = list(Aspect)
        self.script.rng.shuffle(aspects)
        if failing is not None:  # the failing aspect comes up once another has passed
            aspects.remove(failing)
            aspects.insert(1, failing)
        reviewers = {
            Aspect.LEGAL: self.company.legal,
            Aspect.FINANCIAL: self.company.finance,
            Aspect.RISK: self.company.risk_officers,
        }
        for aspect in aspects:
            fails = aspect is failing
            self.script.send(
                "review_clause",
                self.pick(reviewers[aspect]),
                {
                    "aspect": aspect.value,
                    "verdict": (Verdict.FAIL if fails else Verdict.PASS).value,
                    "notes": self.words.failed[aspect] if fails else self.words.passed,
                },
                after=(30, 6 * 60),
            )
            if fails:
                return

    def amend(self, aspect: Aspect) -> None:
        """What the failed aspect asked for: a later date, other terms, a deposit."""
        payload: dict[str, Any]
        if aspect is Aspect.LEGAL:
            self.promised += timedelta(days=self.script.rng.randint(7, 14))
            payload = {"promised_delivery_date": self.promised.isoformat()}
        else:
            self.payment_terms = self.words.deposit_terms
            payload = {"payment_terms": self.payment_terms}
        self.script.send(
            "amend", self.rep, payload, after=(120, 2 * DAY), reason=self.words.amended[aspect]
        )

    def contract(self, *, failing: Aspect | None = None) -> None:
        """Draft, review (rejected once when an aspect fails, then amended), approved."""
        self.draft()
        self.request_review()
        if failing is not None:
            self.review(failing=failing)
            self.amend(failing)
            self.request_review()
        self.review()

    def sign(self, signatory: Person | None = None) -> None:
        signer = signatory or self.signatory
        self.script.send(
            "sign",
            signer,
            {"signatory_id": signer.id},
            after=(60, 2 * DAY),
            owes=Owes(due=self.delivery_due),
        )

    # -- fulfilment and cash --------------------------------------------------------------

    def start(self) -> None:
        self.script.send("start_fulfilment", self.pick(self.company.operations), after=(60, DAY))

    def shipment_plan(self, parts: int) -> list[dict[str, int]]:
        """Each line's quantity spread over `parts` shipments (a line too small to split
        goes whole in the first)."""
        shipments: list[dict[str, int]] = [{} for _ in range(parts)]
        for line in self.lines:
            left = line.quantity
            for number in range(parts):
                share = left if number == parts - 1 else left * self.script.rng.randint(3, 6) // 10
                if share > 0:
                    shipments[number][line.sku] = share
                    left -= share
        return [shipment for shipment in shipments if shipment]

    def ship(self, quantities: dict[str, int], *, at: datetime | None = None) -> None:
        rng = self.script.rng
        carrier = rng.choice(self.words.carriers)
        self.script.send(
            "ship",
            self.pick(self.company.operations),
            {"lines": _sku_lines(quantities), "carrier": carrier},
            after=(DAY // 2, 4 * DAY),
            at=at,
        )
        for sku, quantity in quantities.items():
            self.shipped[sku] = self.shipped.get(sku, 0) + quantity

    def deliver(self, quantities: dict[str, int]) -> None:
        for sku, quantity in quantities.items():
            self.delivered[sku] = self.delivered.get(sku, 0) + quantity
        complete = all(self.delivered.get(line.sku, 0) >= line.quantity for line in self.lines)
        self.script.send(
            "confirm_delivery",
            self.pick(self.company.operations),
            {"lines": _sku_lines(quantities), "condition_ok": self.script.rng.random() > 0.04},
            after=(DAY // 2, 3 * DAY),
            owes=Owes(due=None) if complete else None,
        )

    def invoice(self, amount: Decimal | None = None) -> None:
        """Invoice what is delivered and not yet invoiced (or `amount` of it)."""
        amount = amount if amount is not None else self.delivered_value - self.invoiced
        self.invoices += 1
        year = self.script.time.year
        self.script.send(
            "invoice",
            self.pick(self.company.finance),
            {
                "invoice_no": f"INV-{year}-{self.script.index + 1:04d}-{self.invoices}",
                "amount": str(amount),
            },
            after=(60, DAY),
        )
        self.invoiced += amount

    def pay(self, amount: Decimal) -> None:
        self.script.send(
            "record_payment",
            self.pick(self.company.finance),
            {"amount": str(amount)},
            after=(2 * DAY, 12 * DAY),
        )
        self.paid += amount

    def collect(self, instalments: int) -> None:
        """Everything invoiced and not yet paid, in `instalments` payments."""
        outstanding = self.invoiced - self.paid
        for number in range(instalments, 0, -1):
            share = (
                outstanding
                if number == 1
                else (outstanding * Decimal(self.script.rng.randint(3, 6)) / 10).quantize(
                    CENT, rounding=ROUND_DOWN
                )
            )
            if share > 0:
                self.pay(share)
                outstanding -= share

    def close(self) -> None:
        self.script.send("close", self.pick(self.company.finance), after=(60, DAY))

    def hold(self) -> None:
        self.script.send(
            "hold", self.manager, after=(60, DAY), reason=self.script.rng.choice(self.words.hold)
        )

    def resume(self) -> None:
        self.script.send("resume", self.manager, after=(DAY, 4 * DAY), reason=self.words.resume)

    def cancel(self) -> None:
        self.script.send(
            "cancel",
            self.manager,
            after=(60, 3 * DAY),
            reason=self.script.rng.choice(self.words.cancel),
            owes=Owes(due=None),
        )

    def fulfil(
        self, *, parts: int = 1, instalments: int = 1, bill_each_delivery: bool = False
    ) -> None:
        """Start, ship and deliver in `parts`, invoice, collect in instalments, close."""
        self.start()
        for quantities in self.shipment_plan(parts):
            self.ship(quantities)
            self.deliver(quantities)
            if bill_each_delivery:
                self.invoice()
        if self.invoiced < self.value:
            self.invoice()
        self.collect(instalments)
        self.close()


def _sku_lines(quantities: dict[str, int]) -> list[dict[str, Any]]:
    return [{"sku": sku, "quantity": quantity} for sku, quantity in quantities.items()]


# -- the order itself: customer, lines, dates -----------------------------------------------


def order_lines(
    rng: random.Random, *, customer: Customer, large: bool, limit: Decimal | None
) -> list[Line]:
    """Household appliances in dozens for a retailer or hotel; above the limit, commercial
    equipment too. An order meant to stay within the limit is trimmed to fit it."""
    rate = USD_RATE if customer.currency == "USD" else Decimal(1)
    products: list[Product] = rng.sample(HOUSEHOLD, rng.randint(1, 4))
    if large:
        products = [rng.choice(COMMERCIAL), *products[:2]]
    lines = [
        Line(
            sku=product.sku,
            description=product.description(chinese=customer.chinese),
            quantity=rng.randint(2, 8) if product.commercial else rng.randint(10, 120),
            unit_price=(product.price / rate).quantize(CENT),
        )
        for product in products
    ]
    if limit is None:
        return lines
    if large:
        while sum(line.value for line in lines) <= limit:
            first = lines[0]
            lines[0] = attrs.evolve(first, quantity=first.quantity + max(1, first.quantity // 2))
        return lines
    while sum(line.value for line in lines) > limit:
        lines = [attrs.evolve(line, quantity=max(1, line.quantity * 2 // 3)) for line in lines]
        if all(line.quantity == 1 for line in lines):
            break
    return lines


# -- the paths ------------------------------------------------------------------------------


def _showcase(s: Selling) -> None:
    mgr = s.company.sales_managers[1]
    s.payment_terms = s.words.long_terms
    s.contract(failing=Aspect.FINANCIAL)
    s.refuse(
        "sign",
        mgr,
        {"signatory_id": mgr.id},
        code="forbidden",
        why="a sales manager may not sign above the signing limit (forbidden)",
    )
    s.sign()
    s.start()
    parts = s.shipment_plan(2)
    s.ship(parts[0])
    s.deliver(parts[0])
    s.invoice()
    s.refuse(
        "cancel",
        s.manager,
        code="rule_violation",
        why="an order is not cancelled after its first shipment (rule_violation)",
        reason=s.words.cancel[0],
    )
    s.hold()
    if len(parts) > 1:
        s.refuse(
            "ship",
            s.pick(s.company.operations),
            {"lines": _sku_lines(parts[1]), "carrier": s.words.carriers[0]},
            code="invalid_transition",
            why="nothing is shipped while the order is on hold (invalid_transition)",
        )
    s.resume()
    for quantities in parts[1:]:
        s.ship(quantities)
        s.deliver(quantities)
        s.invoice()
    s.pay((s.invoiced * Decimal("0.3")).quantize(CENT))
    s.refuse(
        "close",
        s.pick(s.company.finance),
        code="rule_violation",
        why="an order is closed only when paid in full (rule_violation)",
    )
    s.collect(2)
    s.close()


def _straight_through(s: Selling) -> None:
    s.contract()
    signer = s.signatory
    if s.demonstrate_refusals:
        other = next(m for m in s.company.sales_managers if m.id != signer.id)
        s.refuse(
            "sign",
            signer,
            {"signatory_id": other.id},
            code="rule_violation",
            why="the signatory is whoever signs, never someone else's id (rule_violation)",
        )
    s.sign(signer)
    s.fulfil(instalments=s.script.rng.choice((1, 1, 2)))


def _amended(s: Selling) -> None:
    failing = s.script.rng.choice(list(Aspect))
    if failing is Aspect.FINANCIAL:
        s.payment_terms = s.words.long_terms
    s.draft()
    s.request_review()
    s.refuse(
        "review_clause",
        s.pick(s.company.legal),
        {"aspect": Aspect.FINANCIAL.value, "verdict": Verdict.PASS.value, "notes": s.words.passed},
        code="forbidden",
        why="legal may not review the financial aspect (forbidden)",
    )
    s.review(failing=failing)
    s.amend(failing)
    s.request_review()
    s.review()
    s.sign()
    s.fulfil(instalments=s.script.rng.choice((1, 2)))


def _above_limit(s: Selling) -> None:
    s.contract(failing=Aspect.RISK if s.script.rng.random() < 0.3 else None)
    s.sign()
    s.fulfil(parts=s.script.rng.choice((1, 2)), instalments=s.script.rng.choice((2, 3)))


def _key_account(s: Selling) -> None:
    s.contract()
    s.refuse(
        "sign",
        s.rep,
        {"signatory_id": s.rep.id},
        code="segregation_of_duties",
        why="a sales manager may not sign an order he drafted (segregation_of_duties)",
    )
    s.sign()
    s.fulfil(instalments=s.script.rng.choice((1, 2)))


def _in_parts(s: Selling) -> None:
    s.contract()
    s.sign()
    s.start()
    parts = s.shipment_plan(s.script.rng.choice((2, 3)))
    demonstrate = s.demonstrate_refusals and len(parts) > 1
    if demonstrate:
        line = s.lines[0]
        s.refuse(
            "ship",
            s.pick(s.company.operations),
            {"lines": _sku_lines({line.sku: line.quantity + 1}), "carrier": s.words.carriers[0]},
            code="rule_violation",
            why="no more is shipped than was ordered (rule_violation)",
        )
    for number, quantities in enumerate(parts):
        s.ship(quantities)
        s.deliver(quantities)
        if number == 0 and demonstrate:
            s.refuse(
                "invoice",
                s.pick(s.company.finance),
                {"invoice_no": "INV-TOO-MUCH", "amount": str(s.value)},
                code="rule_violation",
                why="no more is invoiced than the value delivered (rule_violation)",
            )
        s.invoice()
        if number == 0:
            s.collect(1)
    s.collect(s.script.rng.choice((1, 2)))
    s.close()


def _late(s: Selling) -> None:
    s.contract()
    s.sign()
    s.start()
    # A component shortage: nothing leaves the warehouse until days after the promised date.
    late = local(s.promised + timedelta(days=s.script.rng.randint(1, 4)), time(9, 0))
    parts = s.shipment_plan(s.script.rng.choice((1, 2)))
    s.ship(parts[0], at=late)
    s.deliver(parts[0])
    for quantities in parts[1:]:
        s.ship(quantities)
        s.deliver(quantities)
    s.invoice()
    s.collect(s.script.rng.choice((1, 2)))
    s.close()


def _held(s: Selling) -> None:
    rng = s.script.rng
    where = rng.choice(("under_review", "approved", "signed", "in_fulfilment"))
    s.draft()
    s.request_review()
    if where == "under_review":
        s.hold()
        s.resume()
    s.review()
    if where == "approved":
        s.hold()
        s.resume()
    s.sign()
    if where == "signed":
        s.hold()
        s.resume()
    if where == "in_fulfilment":
        s.start()
        s.hold()
        if s.demonstrate_refusals:
            s.refuse(
                "resume",
                s.rep,
                code="forbidden",
                why="only a sales manager resumes an order on hold (forbidden)",
                reason=s.words.resume,
            )
        s.resume()
        parts = s.shipment_plan(1)
        for quantities in parts:
            s.ship(quantities)
            s.deliver(quantities)
        s.invoice()
        s.collect(rng.choice((1, 2)))
        s.close()
        return
    s.fulfil(instalments=rng.choice((1, 2)))


def _cancelled(s: Selling) -> None:
    rng = s.script.rng
    when = rng.choice(("draft", "under_review", "approved", "signed", "on_hold"))
    s.draft()
    if when != "draft":
        s.request_review()
    if when in ("approved", "signed", "on_hold"):
        s.review()
    if when in ("signed", "on_hold"):
        s.sign()
    if when == "on_hold":
        s.hold()
    s.refuse(
        "cancel",
        s.rep,
        code="forbidden",
        why="only a sales manager cancels an order (forbidden)",
        reason=s.words.cancel[0],
    )
    s.cancel()


def _export(s: Selling) -> None:
    s.contract()
    mgr = s.company.sales_managers[1]
    s.refuse(
        "sign",
        mgr,
        {"signatory_id": mgr.id},
        code="forbidden",
        why="with no signing limit for USD only management signs (forbidden)",
    )
    s.sign()
    s.fulfil(instalments=2, bill_each_delivery=True)


SCRIPTS: dict[OrderPath, Callable[[Selling], None]] = {
    OrderPath.SHOWCASE: _showcase,
    OrderPath.STRAIGHT_THROUGH: _straight_through,
    OrderPath.AMENDED: _amended,
    OrderPath.ABOVE_LIMIT: _above_limit,
    OrderPath.KEY_ACCOUNT: _key_account,
    OrderPath.IN_PARTS: _in_parts,
    OrderPath.LATE: _late,
    OrderPath.HELD: _held,
    OrderPath.CANCELLED: _cancelled,
    OrderPath.EXPORT: _export,
}
