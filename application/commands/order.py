"""Sales order commands of DOMAIN §2: typed payloads, who sends them, and their decisions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

from application.commands.payloads import NoPayload, fields_of, given, in_currency
from application.commands.readers import (
    amount,
    boolean,
    calendar_date,
    choice,
    currency,
    integer,
    records,
    text,
)
from application.commands.spec import CommandSpec, Context, declaring, who
from application.kinds import AggregateKind
from domain.order import decisions
from domain.order.events import OrderEvent
from domain.order.kind import ORDER as ORDER_KIND
from domain.order.values import Aspect, OrderLine, SkuQuantity, Verdict
from domain.shared.actor import Role

REP = Role.SALES_REP
MANAGER = Role.SALES_MANAGER
OPERATIONS = Role.OPERATIONS
FINANCE = Role.FINANCE

ORDER_LINES = records(
    OrderLine,
    at_least=1,
    sku=text,
    description=text,
    quantity=integer(low=1),
    unit_price=amount(),
)
SKU_QUANTITIES = records(SkuQuantity, at_least=1, sku=text, quantity=integer(low=1))


@attrs.frozen(kw_only=True)
class DraftOrder:
    customer_id: str = given(text)
    customer_name: str = given(text)
    lines: tuple[OrderLine, ...] = given(ORDER_LINES)
    currency: str = given(currency, default="CNY")
    promised_delivery_date: date = given(calendar_date)
    payment_terms: str = given(text)


@attrs.frozen(kw_only=True)
class AmendOrder:
    lines: tuple[OrderLine, ...] | None = given(ORDER_LINES, default=None)
    promised_delivery_date: date | None = given(calendar_date, default=None)
    payment_terms: str | None = given(text, default=None)


@attrs.frozen(kw_only=True)
class ReviewClause:
    aspect: Aspect = given(choice(Aspect))
    verdict: Verdict = given(choice(Verdict))
    notes: str = given(text, default="")


@attrs.frozen(kw_only=True)
class SignContract:
    signatory_id: str = given(text)


@attrs.frozen(kw_only=True)
class ShipGoods:
    lines: tuple[SkuQuantity, ...] = given(SKU_QUANTITIES)
    carrier: str = given(text)


@attrs.frozen(kw_only=True)
class ConfirmDelivery:
    lines: tuple[SkuQuantity, ...] = given(SKU_QUANTITIES)
    condition_ok: bool = given(boolean)


@attrs.frozen(kw_only=True)
class IssueInvoice:
    invoice_no: str = given(text)
    amount: Decimal = given(amount(positive=True))


@attrs.frozen(kw_only=True)
class RecordPayment:
    amount: Decimal = given(amount(positive=True))


def _draft(_: None, ctx: Context, p: DraftOrder) -> list[OrderEvent]:
    return decisions.draft(
        order_id=ctx.aggregate_id,
        actor=ctx.actor,
        at=ctx.at,
        zone=ctx.policies.zone,
        **fields_of(p),
    )


_spec = declaring("order")


COMMANDS: tuple[CommandSpec, ...] = (
    _spec("draft", who(REP), DraftOrder, creates=True, decide=_draft),
    _spec(
        "amend",
        who(REP),
        AmendOrder,
        reason_required=True,
        decide=lambda o, ctx, p: decisions.amend(
            o, actor=ctx.actor, at=ctx.at, zone=ctx.policies.zone, **fields_of(p)
        ),
    ),
    _spec(
        "request_review",
        who(REP),
        NoPayload,
        decide=lambda o, ctx, p: decisions.request_review(o, actor=ctx.actor, at=ctx.at),
    ),
    _spec(
        "review_clause",
        who(Role.LEGAL, FINANCE, Role.RISK_OFFICER),
        ReviewClause,
        decide=lambda o, ctx, p: decisions.review_clause(
            o, actor=ctx.actor, at=ctx.at, **fields_of(p)
        ),
    ),
    _spec(
        "sign",
        who(MANAGER, Role.MANAGEMENT),
        SignContract,
        decide=lambda o, ctx, p: decisions.sign(
            o,
            actor=ctx.actor,
            at=ctx.at,
            signing_limits=ctx.policies.signing_limits,
            **fields_of(p),
        ),
    ),
    _spec(
        "start_fulfilment",
        who(OPERATIONS),
        NoPayload,
        decide=lambda o, ctx, p: decisions.start_fulfilment(o, actor=ctx.actor, at=ctx.at),
    ),
    _spec(
        "ship",
        who(OPERATIONS),
        ShipGoods,
        decide=lambda o, ctx, p: decisions.ship(o, actor=ctx.actor, at=ctx.at, **fields_of(p)),
    ),
    _spec(
        "confirm_delivery",
        who(OPERATIONS),
        ConfirmDelivery,
        decide=lambda o, ctx, p: decisions.confirm_delivery(
            o, actor=ctx.actor, at=ctx.at, **fields_of(p)
        ),
    ),
    _spec(
        "invoice",
        who(FINANCE),
        IssueInvoice,
        decide=lambda o, ctx, p: decisions.invoice(
            o,
            actor=ctx.actor,
            at=ctx.at,
            invoice_no=p.invoice_no,
            amount=in_currency(o, p.amount),
        ),
    ),
    _spec(
        "record_payment",
        who(FINANCE),
        RecordPayment,
        decide=lambda o, ctx, p: decisions.record_payment(
            o, actor=ctx.actor, at=ctx.at, amount=in_currency(o, p.amount)
        ),
    ),
    _spec(
        "hold",
        who(MANAGER),
        NoPayload,
        reason_required=True,
        decide=lambda o, ctx, p: decisions.hold(o, actor=ctx.actor, at=ctx.at),
    ),
    _spec(
        "resume",
        who(MANAGER),
        NoPayload,
        reason_required=True,
        decide=lambda o, ctx, p: decisions.resume(o, actor=ctx.actor, at=ctx.at),
    ),
    _spec(
        "cancel",
        who(MANAGER),
        NoPayload,
        reason_required=True,
        decide=lambda o, ctx, p: decisions.cancel(o, actor=ctx.actor, at=ctx.at),
    ),
    _spec(
        "close",
        who(FINANCE),
        NoPayload,
        decide=lambda o, ctx, p: decisions.close(o, actor=ctx.actor, at=ctx.at),
    ),
)

ORDER = AggregateKind.of(ORDER_KIND, COMMANDS)
