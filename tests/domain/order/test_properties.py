"""Properties of orders over random command sequences, checked against an independent model."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from types import MappingProxyType

import attrs
import hypothesis
from hypothesis import strategies as st

from domain.order import decisions
from domain.order.events import OrderEvent
from domain.order.state import Order, evolve
from domain.order.values import Aspect, OrderLine, SkuQuantity, Status, Verdict
from domain.shared.actor import Actor
from domain.shared.errors import DomainError
from domain.shared.money import Money
from tests.domain.order.fixtures import (
    ACCOUNTANT,
    BOSS,
    HOUR,
    MANAGER,
    OPS,
    REP,
    REVIEWER,
    SHANGHAI,
    T0,
    draft_as,
    given,
)

#: Unit prices in cents, and the signing limit in cents: small enough that some orders need
#: management and some do not.
PRICE = {"RV": 10_000, "FP": 2_050}
LIMIT_CENTS = 30_000
LIMITS = MappingProxyType({"CNY": Money(Decimal(LIMIT_CENTS).scaleb(-2), "CNY")})
OPEN = {"draft", "under_review", "approved", "signed", "in_fulfilment"}
#: Operations that move an order along its road rather than around or off it.
ONWARD = {
    "request_review",
    "review",
    "sign",
    "start",
    "ship",
    "deliver",
    "invoice",
    "pay",
    "close",
    "resume",
}


def lines(quantities: dict[str, int]) -> list[OrderLine]:
    return [
        OrderLine(sku=sku, description=sku, quantity=q, unit_price=Decimal(PRICE[sku]).scaleb(-2))
        for sku, q in quantities.items()
    ]


def money(cents: int) -> Money:
    return Money(Decimal(cents).scaleb(-2), "CNY")


@attrs.define
class Model:
    """What DOMAIN §2 says the order should be, kept in plain integers (cents) and strings."""

    ordered: dict[str, int]
    status: str = "draft"
    held_from: str = ""
    passed: set[str] = attrs.field(factory=set)
    shipped: dict[str, int] = attrs.field(factory=lambda: {"RV": 0, "FP": 0})
    delivered: dict[str, int] = attrs.field(factory=lambda: {"RV": 0, "FP": 0})
    shipments: int = 0
    invoiced: int = 0
    paid: int = 0

    @property
    def value(self) -> int:
        return sum(PRICE[sku] * q for sku, q in self.ordered.items())

    @property
    def delivered_value(self) -> int:
        return sum(PRICE[sku] * q for sku, q in self.delivered.items())

    def expects(self, op: tuple[str, ...]) -> bool:
        """Whether DOMAIN §2 allows the operation now."""
        kind, *args = op
        match kind:
            case "request_review":
                return self.status == "draft"
            case "review":
                return self.status == "under_review" and args[0] not in self.passed
            case "amend":
                return self.status in ("draft", "under_review")
            case "sign":
                within = self.value <= LIMIT_CENTS
                return self.status == "approved" and (args[0] == "boss" or within)
            case "start":
                return self.status == "signed"
            case "ship":
                sku, q = args[0], int(args[1])
                fits = self.shipped[sku] + q <= self.ordered[sku]
                return self.status == "in_fulfilment" and q > 0 and fits
            case "deliver":
                sku, q = args[0], int(args[1])
                fits = self.delivered[sku] + q <= self.shipped[sku]
                return self.status == "in_fulfilment" and q > 0 and fits
            case "invoice":
                fits = int(args[0]) > 0 and self.invoiced + int(args[0]) <= self.delivered_value
                return self.status in ("in_fulfilment", "delivered") and fits
            case "pay":
                fits = int(args[0]) > 0 and self.paid + int(args[0]) <= self.invoiced
                return self.status in ("in_fulfilment", "delivered", "on_hold") and fits
            case "hold":
                return self.status in OPEN
            case "resume":
                return self.status == "on_hold"
            case "cancel":
                return self.status in {*OPEN, "on_hold"} and self.shipments == 0
            case "close":
                return self.status == "delivered" and self.paid == self.value
        raise AssertionError(kind)

    def apply(self, op: tuple[str, ...]) -> None:
        """The order after the operation, by DOMAIN §2."""
        kind, *args = op
        match kind:
            case "request_review":
                self.status = "under_review"
            case "review" if args[1] == "fail":
                self.status, self.passed = "draft", set()
            case "review":
                self.passed.add(args[0])
                if len(self.passed) == 3:
                    self.status = "approved"
            case "amend":
                self.status, self.passed = "draft", set()
                self.ordered = {"RV": int(args[0]), "FP": int(args[1])}
            case "sign":
                self.status = "signed"
            case "start":
                self.status = "in_fulfilment"
            case "ship":
                self.shipped[args[0]] += int(args[1])
                self.shipments += 1
            case "deliver":
                self.delivered[args[0]] += int(args[1])
                if self.delivered == self.ordered:
                    self.status = "delivered"
            case "invoice":
                self.invoiced += int(args[0])
            case "pay":
                self.paid += int(args[0])
            case "hold":
                self.held_from, self.status = self.status, "on_hold"
            case "resume":
                self.status = self.held_from
            case "cancel":
                self.status = "cancelled"
            case "close":
                self.status = "closed"


Decide = Callable[[Order, datetime], list[OrderEvent]]


def decision(op: tuple[str, ...], *, number: int) -> Decide:
    """The decision an operation stands for, sent by someone allowed to send it; an invoice
    gets a number of its own."""
    kind, *args = op
    invoice_no = f"INV-{number}"
    table: dict[str, Decide] = {
        "request_review": lambda o, t: decisions.request_review(o, actor=REP, at=t),
        "review": lambda o, t: decisions.review_clause(
            o,
            aspect=Aspect(args[0]),
            verdict=Verdict(args[1]),
            notes="notes",
            actor=REVIEWER[Aspect(args[0])],
            at=t,
        ),
        "amend": lambda o, t: decisions.amend(
            o,
            lines=lines({"RV": int(args[0]), "FP": int(args[1])}),
            actor=REP,
            at=t,
            zone=SHANGHAI,
        ),
        "sign": lambda o, t: _sign(o, t, BOSS if args[0] == "boss" else MANAGER),
        "start": lambda o, t: decisions.start_fulfilment(o, actor=OPS, at=t),
        "ship": lambda o, t: decisions.ship(
            o,
            lines=[SkuQuantity(sku=args[0], quantity=int(args[1]))],
            carrier="SF",
            actor=OPS,
            at=t,
        ),
        "deliver": lambda o, t: decisions.confirm_delivery(
            o,
            lines=[SkuQuantity(sku=args[0], quantity=int(args[1]))],
            condition_ok=True,
            actor=OPS,
            at=t,
        ),
        "invoice": lambda o, t: decisions.invoice(
            o, invoice_no=invoice_no, amount=money(int(args[0])), actor=ACCOUNTANT, at=t
        ),
        "pay": lambda o, t: decisions.record_payment(
            o, amount=money(int(args[0])), actor=ACCOUNTANT, at=t
        ),
        "hold": lambda o, t: decisions.hold(o, actor=MANAGER, at=t),
        "resume": lambda o, t: decisions.resume(o, actor=MANAGER, at=t),
        "cancel": lambda o, t: decisions.cancel(o, actor=MANAGER, at=t),
        "close": lambda o, t: decisions.close(o, actor=ACCOUNTANT, at=t),
    }
    return table[kind]


def _onward(op: tuple[str, ...]) -> bool:
    return op[0] in ONWARD and op[-1] != "fail"


def _sign(order: Order, at: datetime, who: Actor) -> list[OrderEvent]:
    return decisions.sign(order, signatory_id=who.id, actor=who, at=at, signing_limits=LIMITS)


def any_operation(model: Model) -> st.SearchStrategy[tuple[str, ...]]:
    """Any operation with any amounts, most of which DOMAIN §2 refuses."""
    skus = st.sampled_from(["RV", "FP"])
    aspects = st.sampled_from([a.value for a in Aspect])
    cents = st.integers(min_value=-100, max_value=70_000).map(str)
    return st.one_of(
        st.tuples(st.just("review"), aspects, st.sampled_from(["pass", "fail"])),
        st.tuples(st.just("ship"), skus, st.integers(-1, 6).map(str)),
        st.tuples(st.just("deliver"), skus, st.integers(-1, 6).map(str)),
        st.tuples(st.sampled_from(["invoice", "pay"]), cents),
        st.sampled_from(candidates(model)),
    )


def candidates(model: Model) -> list[tuple[str, ...]]:
    """Operations likely to matter now: the rest of each quantity or amount, one unit, one cent."""
    ops: list[tuple[str, ...]] = [
        ("request_review",),
        *(("review", a.value, v.value) for a in Aspect for v in Verdict),
        ("amend", "1", "1"),
        ("amend", "5", "4"),
        ("sign", "manager"),
        ("sign", "boss"),
        ("start",),
        ("hold",),
        ("resume",),
        ("cancel",),
        ("close",),
        ("invoice", str(model.delivered_value - model.invoiced)),
        ("invoice", "1"),
        ("pay", str(model.invoiced - model.paid)),
        ("pay", "1"),
    ]
    for sku in ("RV", "FP"):
        ops += [
            ("ship", sku, str(model.ordered[sku] - model.shipped[sku])),
            ("ship", sku, "1"),
            ("deliver", sku, str(model.shipped[sku] - model.delivered[sku])),
            ("deliver", sku, "1"),
        ]
    return ops


class TestRandomCommandSequences:
    """Whatever commands arrive in whatever order, each is decided exactly when DOMAIN §2 allows
    it, and the order's quantities and amounts are what the accepted commands say."""

    @hypothesis.settings(max_examples=150, deadline=None)
    @hypothesis.given(data=st.data(), rv=st.integers(1, 5), fp=st.integers(1, 5))
    def test_walk(self, data: st.DataObject, rv: int, fp: int) -> None:
        past = draft_as(REP, lines=lines({"RV": rv, "FP": fp}))
        order, model = given(past), Model(ordered={"RV": rv, "FP": fp})
        for step in range(data.draw(st.integers(min_value=0, max_value=80), label="steps")):
            if model.status in ("closed", "cancelled"):
                break
            # Mostly something DOMAIN §2 allows that moves the order on, so that the walk gets
            # far; sometimes a detour (a hold, an amendment, a failed review); sometimes anything
            # at all, a cancellation among it.
            allowed = [op for op in candidates(model) if model.expects(op) and op[0] != "cancel"]
            onward = st.sampled_from([op for op in allowed if _onward(op)] or allowed)
            detour = st.sampled_from(allowed)
            op = data.draw(st.one_of(*[onward] * 10, detour, any_operation(model)), label="op")
            at = T0 + (step + 1) * HOUR
            try:
                events = decision(op, number=step)(order, at)
            except DomainError:
                assert not model.expects(op), f"{op} refused in {order.status}"
                continue
            assert model.expects(op), f"{op} accepted in {order.status}"
            for event in events:
                order = evolve(order, event)
            past += events
            model.apply(op)
            self.assert_agrees(order, model)
            hypothesis.event(f"accepted {op[0]}")
        assert given(past) == order  # the stored events replay to the state decided on
        hypothesis.event(f"ended {order.status}")

    @staticmethod
    def assert_agrees(order: Order, model: Model) -> None:
        assert order.status.value == model.status
        assert {a.value for a in order.passed_aspects} == model.passed
        for sku in ("RV", "FP"):
            ordered = order.ordered(sku)
            shipped, delivered = order.shipped.get(sku, 0), order.delivered.get(sku, 0)
            assert (ordered, shipped, delivered) == (
                model.ordered[sku],
                model.shipped[sku],
                model.delivered[sku],
            )
            assert delivered <= shipped <= ordered
        assert order.value == money(model.value)
        assert order.delivered_value == money(model.delivered_value)
        assert (order.invoiced, order.paid) == (money(model.invoiced), money(model.paid))
        assert order.paid <= order.invoiced <= order.delivered_value <= order.value
        if order.status is Status.DELIVERED:
            assert order.is_delivered_in_full
