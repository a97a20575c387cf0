"""Values of sales orders: statuses, contract review aspects and verdicts, lines, signing limits."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType

import attrs

from domain.shared.actor import Role
from domain.shared.money import Money


class Status(enum.StrEnum):
    """Where an order stands: negotiation, contract, fulfilment, cash."""

    DRAFT = "draft"
    UNDER_REVIEW = "under_review"
    APPROVED = "approved"
    SIGNED = "signed"
    IN_FULFILMENT = "in_fulfilment"
    DELIVERED = "delivered"
    CLOSED = "closed"
    ON_HOLD = "on_hold"
    CANCELLED = "cancelled"

    @property
    def is_finished(self) -> bool:
        """Closed and cancelled orders take no more commands."""
        return self in (Status.CLOSED, Status.CANCELLED)


#: The states before `delivered`, from which an order may be put on hold and resumed to.
HOLDABLE = frozenset(
    {Status.DRAFT, Status.UNDER_REVIEW, Status.APPROVED, Status.SIGNED, Status.IN_FULFILMENT}
)

#: The states in which the contract is signed and delivery is owed by the promised date.
DELIVERY_OWED = frozenset({Status.SIGNED, Status.IN_FULFILMENT})


class Aspect(enum.StrEnum):
    """One of the three aspects of a contract review."""

    LEGAL = "legal"
    FINANCIAL = "financial"
    RISK = "risk"


#: Who reviews each aspect of a contract.
REVIEWER_ROLE: Mapping[Aspect, Role] = MappingProxyType(
    {Aspect.LEGAL: Role.LEGAL, Aspect.FINANCIAL: Role.FINANCE, Aspect.RISK: Role.RISK_OFFICER}
)


class Verdict(enum.StrEnum):
    """A reviewer's verdict on one aspect of a contract."""

    PASS = "pass"
    FAIL = "fail"


@attrs.frozen(kw_only=True)
class OrderLine:
    """One line of an order: a SKU, what it is, how many, at what unit price (in the order's
    currency). As stored in events it is a record of facts: decisions check it, nothing else."""

    sku: str
    description: str
    quantity: int
    unit_price: Decimal


@attrs.frozen(kw_only=True)
class SkuQuantity:
    """A quantity of one SKU, shipped or delivered."""

    sku: str
    quantity: int


#: Signing limits per currency: the largest order value a sales manager may sign; above it (or
#: in a currency with no limit configured) management signs.
SigningLimits = Mapping[str, Money]

DEFAULT_SIGNING_LIMITS: SigningLimits = MappingProxyType({"CNY": Money(Decimal(1_000_000), "CNY")})
