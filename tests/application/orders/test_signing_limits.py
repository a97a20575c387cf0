"""Who signs (DOMAIN §2): a sales manager up to the signing limit of the order's currency,
management above it; in a currency with no limit configured, management alone. Limits come
from OPSLEDGER_SIGNING_LIMITS (default CNY=1000000), read when the ledger opens; order value is
Σ quantity x unit price. Per DOMAIN §1, whoever the "who" column does not name is `forbidden`.
Both stores."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import pytest

from infrastructure.opsledger import Opsledger
from tests.application.order_envelopes import (
    MANAGEMENT,
    PAYLOADS,
    SALES_MANAGER,
    Json,
    accept,
    command,
    draft_worth,
    drive,
    head,
    refuse,
)
from tests.clocks import FixedClock

Opening = Callable[[str | None], AbstractContextManager[Opsledger]]


@pytest.fixture
def opened(store_url: str, clock: FixedClock, monkeypatch: pytest.MonkeyPatch) -> Opening:
    """Opens the ledger with OPSLEDGER_SIGNING_LIMITS set to a value, or unset for None."""

    @contextmanager
    def open_with(limits: str | None) -> Iterator[Opsledger]:
        if limits is None:
            monkeypatch.delenv("OPSLEDGER_SIGNING_LIMITS", raising=False)
        else:
            monkeypatch.setenv("OPSLEDGER_SIGNING_LIMITS", limits)
        with Opsledger.open(store_url, clock=clock) as ledger:
            yield ledger

    return open_with


def signed_by(ledger: Opsledger, clock: FixedClock, draft: Json) -> dict[str, str]:
    """An approved order of `draft`: what a sales manager's signature gets, and, when that is
    refused (appending nothing), what management's gets."""
    order_id = drive(ledger, clock, to="approved", draft=draft)
    before = head(ledger)
    manager = ledger.submit(command("sign", order_id, actor=SALES_MANAGER))
    if manager.ok:
        return {"sales_manager": "ok"}
    assert head(ledger) == before
    assert manager.details["allowed_roles"] == "management", manager.details
    boss = ledger.submit(command("sign", order_id, actor=MANAGEMENT))
    return {"sales_manager": str(manager.code), "management": "ok" if boss.ok else str(boss.code)}


MANAGER_SIGNS = {"sales_manager": "ok"}
MANAGEMENT_SIGNS = {"sales_manager": "forbidden", "management": "ok"}

#: (OPSLEDGER_SIGNING_LIMITS, [(order value, currency, who signs)])
CASES: list[tuple[str | None, list[tuple[str, str, dict[str, str]]]]] = [
    (
        None,
        [
            ("1000000.00", "CNY", MANAGER_SIGNS),  # the limit itself is within it
            ("1000000.01", "CNY", MANAGEMENT_SIGNS),
            ("10.00", "USD", MANAGEMENT_SIGNS),  # by default only CNY has a limit
        ],
    ),
    (
        "CNY=500000,USD=150000",
        [
            ("500000.00", "CNY", MANAGER_SIGNS),
            ("500000.01", "CNY", MANAGEMENT_SIGNS),
            ("150000.00", "USD", MANAGER_SIGNS),
            ("150000.01", "USD", MANAGEMENT_SIGNS),
            ("0.01", "EUR", MANAGEMENT_SIGNS),
        ],
    ),
    ("USD=150000", [("1.00", "CNY", MANAGEMENT_SIGNS), ("1.00", "USD", MANAGER_SIGNS)]),
]


class TestTheLimitDecidesWhoSigns:
    @pytest.mark.parametrize(
        ("limits", "orders"), CASES, ids=["default", "CNY-and-USD", "USD-only"]
    )
    def test_per_currency(
        self,
        opened: Opening,
        clock: FixedClock,
        limits: str | None,
        orders: list[tuple[str, str, dict[str, str]]],
    ) -> None:
        with opened(limits) as ledger:
            signed = [signed_by(ledger, clock, draft_worth(v, c)) for v, c, _ in orders]
        assert signed == [who for *_, who in orders]

    def test_the_value_is_the_sum_over_the_lines(self, opened: Opening, clock: FixedClock) -> None:
        """3 x 333,333.33 = 999,999.99 is within the default limit; 3 x 333,333.34 is not."""

        def three_at(price: str) -> Json:
            line = {"sku": "M-3", "description": "machine", "quantity": 3, "unit_price": price}
            return {
                **PAYLOADS["draft"],
                "lines": [line, {**line, "sku": "Z-0", "unit_price": "0.00"}],
            }

        with opened(None) as ledger:
            assert signed_by(ledger, clock, three_at("333333.33")) == MANAGER_SIGNS
            assert signed_by(ledger, clock, three_at("333333.34")) == MANAGEMENT_SIGNS


class TestTheSignatoryIsTheActor:
    def test_naming_someone_else_is_refused(self, ledger: Opsledger, clock: FixedClock) -> None:
        order_id = drive(ledger, clock, to="approved")
        for_the_boss = {"signatory_id": MANAGEMENT["id"]}
        refused = refuse(
            ledger,
            command("sign", order_id, actor=SALES_MANAGER, payload=for_the_boss),
            "rule_violation",
        )
        assert refused.details["field"] == "signatory_id"
        assert accept(ledger, command("sign", order_id, actor=MANAGEMENT)).ok
