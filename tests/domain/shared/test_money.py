"""Money: exact cents in one currency; floats, fractions of a cent and mixed currencies refused."""

from __future__ import annotations

from decimal import Decimal

import hypothesis
import pytest
from hypothesis import strategies as st

from domain.shared.errors import RuleViolation
from domain.shared.money import LIMIT, CurrencyMismatch, InvalidAmount, Money, total

#: Whole cents, as integers: the independent model Money's arithmetic is checked against.
cents = st.integers(min_value=-(10**17), max_value=10**17)
currencies = st.sampled_from(["CNY", "USD", "EUR", "JPY"])


def from_cents(count: int, currency: str = "CNY") -> Money:
    """Money built from a count of cents through its written form, as JSON carries it."""
    sign = "-" if count < 0 else ""
    whole, cent = divmod(abs(count), 100)
    return Money.parse(f"{sign}{whole}.{cent:02d}", currency)


class TestParse:
    """`Money.parse` reads the amount as JSON carries it, a string."""

    @pytest.mark.parametrize(
        ("text", "amount"),
        [
            ("1250.00", "1250.00"),
            ("12.5", "12.50"),
            ("7", "7.00"),
            ("-3.10", "-3.10"),
            ("0.10", "0.10"),
            ("12.500", "12.50"),
            ("-0", "0.00"),
        ],
    )
    def test_the_amount_is_kept_to_the_cent(self, text: str, amount: str) -> None:
        money = Money.parse(text, "CNY")
        assert str(money.amount) == amount
        assert money.currency == "CNY"

    def test_the_default_currency_is_cny(self) -> None:
        assert Money.parse("1.00").currency == "CNY"

    @pytest.mark.parametrize(
        "text",
        [
            "",
            " 1.00",
            "1.00 ",
            "1,000.00",
            "1e3",
            "NaN",
            "Infinity",
            "1.",
            ".5",
            "¥1",
            "一",
            "\uff11.00",
        ],
    )
    def test_anything_not_written_as_an_amount_is_refused(self, text: str) -> None:
        with pytest.raises(InvalidAmount):
            Money.parse(text, "CNY")

    def test_fractions_of_a_cent_are_refused(self) -> None:
        with pytest.raises(InvalidAmount, match="two decimal places"):
            Money.parse("0.001", "CNY")

    @pytest.mark.parametrize("currency", ["cny", "CN", "CNYY", "", "1AB", "人民币"])
    def test_the_currency_is_a_three_letter_code(self, currency: str) -> None:
        with pytest.raises(InvalidAmount, match="ISO 4217"):
            Money.parse("1.00", currency)


class TestConstructor:
    """The constructor takes a Decimal and nothing that only approximates money."""

    @pytest.mark.parametrize("amount", [0.1, 1.0, 12, True])
    def test_floats_and_other_numbers_are_refused(self, amount: object) -> None:
        with pytest.raises(InvalidAmount, match="Decimal"):
            Money(amount, "CNY")  # type: ignore[arg-type]

    @pytest.mark.parametrize("amount", ["NaN", "sNaN", "Infinity", "-Infinity"])
    def test_amounts_that_are_not_finite_are_refused(self, amount: str) -> None:
        with pytest.raises(InvalidAmount, match="finite"):
            Money(Decimal(amount), "CNY")

    def test_amounts_past_the_limit_are_refused(self) -> None:
        with pytest.raises(InvalidAmount):
            Money(LIMIT, "CNY")
        assert Money(LIMIT - Decimal("0.01"), "CNY").amount == LIMIT - Decimal("0.01")

    def test_a_decimal_in_exponent_form_is_kept_to_the_cent(self) -> None:
        assert str(Money(Decimal("1E+3"), "CNY").amount) == "1000.00"

    def test_equal_amounts_are_equal_whatever_their_trailing_zeros(self) -> None:
        assert Money(Decimal("12.5"), "CNY") == Money(Decimal("12.50"), "CNY")
        assert hash(Money(Decimal("12.5"), "CNY")) == hash(Money.parse("12.50", "CNY"))

    def test_the_same_amount_in_another_currency_is_not_equal(self) -> None:
        assert Money.parse("1.00", "CNY") != Money.parse("1.00", "USD")

    def test_it_reads_as_amount_and_currency(self) -> None:
        assert str(Money.parse("1250", "CNY")) == "1250.00 CNY"


class TestMixedCurrencies:
    """Adding, subtracting or comparing amounts in two currencies is refused."""

    @pytest.mark.parametrize(
        "operation",
        [
            pytest.param(lambda a, b: a + b, id="add"),
            pytest.param(lambda a, b: a - b, id="subtract"),
            pytest.param(lambda a, b: a < b, id="lt"),
            pytest.param(lambda a, b: a <= b, id="le"),
            pytest.param(lambda a, b: a > b, id="gt"),
            pytest.param(lambda a, b: a >= b, id="ge"),
        ],
    )
    def test_mixed_currencies_are_refused(self, operation: object) -> None:
        with pytest.raises(CurrencyMismatch) as refused:
            operation(Money.parse("1.00", "CNY"), Money.parse("1.00", "USD"))  # type: ignore[operator]
        assert refused.value.details == {"currencies": ["CNY", "USD"]}

    def test_the_refusal_is_a_rule_violation_and_a_value_error(self) -> None:
        with pytest.raises(CurrencyMismatch) as refused:
            _ = Money.parse("1.00", "CNY") + Money.parse("1.00", "EUR")
        assert isinstance(refused.value, RuleViolation)
        assert isinstance(refused.value, ValueError)
        assert refused.value.code == "rule_violation"

    def test_money_does_not_combine_with_plain_numbers(self) -> None:
        with pytest.raises(TypeError):
            _ = Money.parse("1.00", "CNY") + Decimal(1)  # type: ignore[operator]

    @hypothesis.given(a=cents, b=cents, first=currencies, second=currencies)
    def test_any_two_currencies_combine_only_when_they_are_the_same(
        self, a: int, b: int, first: str, second: str
    ) -> None:
        if first == second:
            assert (from_cents(a, first) + from_cents(b, second)) == from_cents(a + b, first)
        else:
            with pytest.raises(CurrencyMismatch):
                _ = from_cents(a, first) + from_cents(b, second)


class TestArithmeticIsExact:
    """Sums, differences and multiples agree with integer arithmetic on cents."""

    @hypothesis.given(a=cents, b=cents)
    def test_addition(self, a: int, b: int) -> None:
        assert from_cents(a) + from_cents(b) == from_cents(a + b)

    @hypothesis.given(a=cents, b=cents)
    def test_subtraction(self, a: int, b: int) -> None:
        assert from_cents(a) - from_cents(b) == from_cents(a - b)

    @hypothesis.given(a=cents, b=cents)
    def test_comparison(self, a: int, b: int) -> None:
        assert (from_cents(a) < from_cents(b)) == (a < b)
        assert (from_cents(a) <= from_cents(b)) == (a <= b)
        assert (from_cents(a) > from_cents(b)) == (a > b)
        assert (from_cents(a) >= from_cents(b)) == (a >= b)

    @hypothesis.given(price=st.integers(0, 10**12), quantity=st.integers(0, 10**6))
    def test_a_unit_price_times_a_quantity(self, price: int, quantity: int) -> None:
        assert from_cents(price).times(quantity) == from_cents(price * quantity)

    @hypothesis.given(amounts=st.lists(cents, max_size=20))
    def test_a_total(self, amounts: list[int]) -> None:
        assert total([from_cents(a) for a in amounts], currency="CNY") == from_cents(sum(amounts))

    def test_a_tenth_added_three_times_is_three_tenths(self) -> None:
        tenth = Money.parse("0.10", "CNY")
        assert tenth + tenth + tenth == Money.parse("0.30", "CNY")

    def test_a_result_past_the_limit_is_refused_not_rounded(self) -> None:
        big = Money(LIMIT - Decimal("0.01"), "CNY")
        with pytest.raises(InvalidAmount):
            _ = big + Money.parse("0.01", "CNY")
        with pytest.raises(InvalidAmount):
            big.times(10**40)

    def test_money_is_multiplied_by_whole_numbers_only(self) -> None:
        with pytest.raises(TypeError):
            Money.parse("1.00", "CNY").times(1.5)  # type: ignore[arg-type]

    def test_negation_and_zero(self) -> None:
        assert -Money.parse("2.50", "CNY") == Money.parse("-2.50", "CNY")
        assert Money.zero("USD") == Money.parse("0", "USD")
        assert Money.zero("USD").is_zero
        assert Money.parse("-0.01", "CNY").is_negative
        assert str(-Money.zero("CNY")) == "0.00 CNY"

    def test_the_total_of_nothing_is_zero_in_its_currency(self) -> None:
        assert total([], currency="EUR") == Money.zero("EUR")
