"""Money: an exact decimal amount in one currency, with arithmetic that never mixes currencies."""

from __future__ import annotations

import decimal
import re
from collections.abc import Iterable
from decimal import Decimal

import attrs

from domain.shared.errors import RuleViolation

DEFAULT_CURRENCY = "CNY"

#: Amounts are kept to the cent: at most two decimal places.
CENT = Decimal("0.01")

#: No amount reaches a hundred quintillion; past that arithmetic would stop being exact.
LIMIT = Decimal(10) ** 20

_CURRENCY = re.compile(r"[A-Z]{3}")
_WRITTEN = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")

# Every operation on amounts either gives the exact answer or raises: never a rounded one.
_EXACT = decimal.Context(
    prec=60,
    traps=[decimal.Inexact, decimal.InvalidOperation, decimal.Overflow, decimal.DivisionByZero],
)


class InvalidAmount(ValueError):
    """A value that is not a money amount: a float, not finite, finer than a cent, too large."""


class CurrencyMismatch(RuleViolation, ValueError):
    """Two amounts in different currencies were added, subtracted or compared."""

    def __init__(self, left: str, right: str) -> None:
        super().__init__(
            f"cannot combine amounts in {left} and {right}", currencies=sorted({left, right})
        )


def _amount(_: object, attribute: attrs.Attribute[Decimal], value: object) -> None:
    if not isinstance(value, Decimal):
        # Floats above all: 0.1 is not a tenth, and money is never approximately right.
        raise InvalidAmount(f"an amount is a Decimal, not {type(value).__name__}")
    if not value.is_finite():
        raise InvalidAmount(f"an amount is a finite number, not {value}")
    if value.copy_abs() >= LIMIT:
        raise InvalidAmount(f"an amount is below {LIMIT:,}, not {value}")
    if value.as_tuple().exponent != CENT.as_tuple().exponent:
        raise InvalidAmount(f"an amount has at most two decimal places, not {value}")


def _to_cents(value: Decimal) -> Decimal:
    # The validator runs after conversion and refuses whatever this leaves unconverted.
    if isinstance(value, Decimal) and value.is_finite() and value.copy_abs() < LIMIT:
        try:
            cents = _EXACT.quantize(value, CENT)
        except decimal.Inexact:
            return value  # finer than a cent
        return cents if cents else cents.copy_abs()  # no "-0.00"
    return value


def _currency(_: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not _CURRENCY.fullmatch(value):
        raise InvalidAmount(f"a currency is a three-letter ISO 4217 code, not {value!r}")


@attrs.frozen(order=False)
class Money:
    """An amount of money: a Decimal kept to the cent, in a currency named by its ISO code.

    Equal amounts are equal whatever their trailing zeros (`12.5` is stored as `12.50`).
    Arithmetic and comparison refuse to mix currencies.
    """

    amount: Decimal = attrs.field(converter=_to_cents, validator=_amount)
    currency: str = attrs.field(default=DEFAULT_CURRENCY, validator=_currency)

    @classmethod
    def parse(cls, text: str, currency: str = DEFAULT_CURRENCY) -> Money:
        """Money from its written amount (`"1250.00"`, `"12.5"`, `"-3"`), as JSON carries it."""
        if not isinstance(text, str) or not _WRITTEN.fullmatch(text):
            raise InvalidAmount(f"an amount is written like 1250.00, not {text!r}")
        return cls(Decimal(text), currency)

    @classmethod
    def zero(cls, currency: str = DEFAULT_CURRENCY) -> Money:
        """Nothing, in a currency."""
        return cls(Decimal(0), currency)

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"

    @property
    def is_zero(self) -> bool:
        return self.amount == 0

    @property
    def is_negative(self) -> bool:
        return self.amount < 0

    def _same_currency(self, other: Money) -> Money:
        if not isinstance(other, Money):
            raise TypeError(f"cannot combine Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise CurrencyMismatch(self.currency, other.currency)
        return other

    def _exactly(self, operation: str, *operands: Decimal) -> Money:
        try:
            result = getattr(_EXACT, operation)(*operands)
        except (decimal.Inexact, decimal.Overflow):
            raise InvalidAmount(f"the result is beyond {LIMIT:,}") from None
        return Money(result, self.currency)

    def __add__(self, other: Money) -> Money:
        return self._exactly("add", self.amount, self._same_currency(other).amount)

    def __sub__(self, other: Money) -> Money:
        return self._exactly("subtract", self.amount, self._same_currency(other).amount)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def times(self, quantity: int) -> Money:
        """This amount taken `quantity` times (a unit price times a quantity), exactly."""
        if isinstance(quantity, bool) or not isinstance(quantity, int):
            raise TypeError(f"money is multiplied by a whole number, not {type(quantity).__name__}")
        return self._exactly("multiply", self.amount, Decimal(quantity))

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._same_currency(other).amount

    def __le__(self, other: Money) -> bool:
        return self.amount <= self._same_currency(other).amount

    def __gt__(self, other: Money) -> bool:
        return self.amount > self._same_currency(other).amount

    def __ge__(self, other: Money) -> bool:
        return self.amount >= self._same_currency(other).amount


def total(amounts: Iterable[Money], *, currency: str) -> Money:
    """The sum of amounts in one currency (zero when there are none)."""
    result = Money.zero(currency)
    for amount in amounts:
        result += amount
    return result
