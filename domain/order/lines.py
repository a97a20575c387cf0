"""The checks on an order's lines and on the SKU quantities of its shipments and deliveries."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from domain.order.values import OrderLine, SkuQuantity
from domain.shared.errors import RuleViolation
from domain.shared.guards import require_text
from domain.shared.money import InvalidAmount, Money, total


def checked_lines(lines: Sequence[OrderLine], *, currency: str) -> tuple[OrderLine, ...]:
    """An order's lines as the rules allow them: at least one, one line per SKU, each quantity
    above zero, each unit price zero or more and to the cent. Prices come back to the cent."""
    if not lines:
        raise RuleViolation("an order has at least one line", field="lines")
    checked: list[OrderLine] = []
    seen: set[str] = set()
    for index, line in enumerate(lines):
        where = f"lines[{index}]"
        require_text(line.sku, f"{where}.sku")
        if line.sku in seen:
            raise RuleViolation(
                f"SKU {line.sku} is on two lines; an order has one line per SKU",
                field=f"{where}.sku",
            )
        seen.add(line.sku)
        _require_positive_quantity(line.quantity, f"{where}.quantity")
        try:
            price = Money(line.unit_price, currency)
        except InvalidAmount as error:
            raise RuleViolation(str(error), field=f"{where}.unit_price") from None
        if price.is_negative:
            raise RuleViolation(
                f"a unit price is zero or more, not {price}", field=f"{where}.unit_price"
            )
        checked.append(
            OrderLine(
                sku=line.sku,
                description=line.description,
                quantity=line.quantity,
                unit_price=price.amount,
            )
        )
    try:
        total(
            (Money(line.unit_price, currency).times(line.quantity) for line in checked),
            currency=currency,
        )
    except InvalidAmount as error:
        raise RuleViolation(f"the order's value is out of range: {error}", field="lines") from None
    return tuple(checked)


def checked_quantities(
    lines: Sequence[SkuQuantity],
    *,
    skus: Collection[str],
    already: Mapping[str, int],
    ceiling: Mapping[str, int],
    exceeds: str,
) -> tuple[SkuQuantity, ...]:
    """The quantities of a shipment or delivery, one per SKU in the order first given: at least
    one line, every SKU on the order, every quantity above zero, and per SKU what is `already`
    recorded plus this never above the `ceiling` (what was ordered, or shipped)."""
    if not lines:
        raise RuleViolation("at least one SKU and its quantity are needed", field="lines")
    sums: dict[str, int] = {}
    last_line: dict[str, int] = {}
    for index, line in enumerate(lines):
        require_text(line.sku, f"lines[{index}].sku")
        if line.sku not in skus:
            raise RuleViolation(f"SKU {line.sku} is not on this order", field=f"lines[{index}].sku")
        _require_positive_quantity(line.quantity, f"lines[{index}].quantity")
        sums[line.sku] = sums.get(line.sku, 0) + line.quantity
        last_line[line.sku] = index
    for sku, quantity in sums.items():
        in_all, most = already.get(sku, 0) + quantity, ceiling.get(sku, 0)
        if in_all > most:
            raise RuleViolation(
                f"SKU {sku}: {in_all} in all would be more than the {most} {exceeds}",
                field=f"lines[{last_line[sku]}].quantity",
                sku=sku,
            )
    return tuple(SkuQuantity(sku=sku, quantity=quantity) for sku, quantity in sums.items())


def _require_positive_quantity(quantity: int, field: str) -> None:
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0:
        raise RuleViolation(
            f"a quantity is a whole number above zero, not {quantity!r}", field=field
        )
