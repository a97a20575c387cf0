"""Controlling an approved budget (DOMAIN §5 `budget.commit_funds`, `budget.record_spend`)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.budget import decisions
from domain.budget.availability import available
from domain.budget.events import BudgetEvent, FundsCommitted, OverspendFlagged, SpendRecorded
from domain.budget.values import Commitment
from domain.shared.errors import BudgetExceeded, RuleViolation
from domain.shared.money import Money
from tests.domain.budget.fixtures import (
    ACCOUNTANT,
    APPROVED,
    HEAD,
    PM,
    SALES,
    SERVERS,
    TRAVEL,
    WARN_APPROVED,
    Command,
    commit,
    committed,
    decide,
    given,
    history,
    spend,
    spent,
    then,
)

D = Decimal


def free(events: list[BudgetEvent], account: str, month: int) -> str:
    """What is available, as the figures of a refusal write it."""
    return str(available(given(events), account=account, month=month).amount)


class TestCommitFunds:
    """A department head or project manager commits money of an approved budget: it is
    promised against an account and month under a reference until spent."""

    def test_committed(self) -> None:
        events, after = decide(history(APPROVED), commit(TRAVEL, 7, "1200.50", "PO-7"), PM)
        assert events == [
            FundsCommitted(
                occurred_at=events[0].occurred_at,
                actor=PM,
                account=TRAVEL,
                month=7,
                amount=D("1200.50"),
                currency="CNY",
                reference="PO-7",
            )
        ]
        budget = given(after)
        assert budget.commitments == (
            Commitment(reference="PO-7", account=TRAVEL, month=7, amount=D("1200.50")),
        )
        assert budget.committed(TRAVEL)[6] == D("1200.50")
        # Travel is 10,000.00 a month: 70,000.00 through July, 1,200.50 of it promised.
        assert free(after, TRAVEL, 7) == "68799.50"

    def test_exactly_what_is_available_fits(self) -> None:
        """Servers: 50,000.00 in March, nothing more until September."""
        events, _ = decide(history(APPROVED), commit(SERVERS, 3, "50000.00", "PO-S"), HEAD)
        assert [type(e) for e in events] == [FundsCommitted]

    def test_a_reference_is_free_again_once_its_commitment_is_spent(self) -> None:
        past = then(
            history(APPROVED),
            committed(TRAVEL, 7, "100.00", "PO-7"),
            spent(TRAVEL, 7, "100.00", "INV-7", commitment_ref="PO-7", released="100.00"),
        )
        events, _ = decide(past, commit(TRAVEL, 8, "50.00", "PO-7"), HEAD)
        assert [type(e) for e in events] == [FundsCommitted]


BAD_COMMITMENTS = [
    pytest.param(commit("9999 未知 (unknown)", 7, "1.00", "PO-1"), "account", id="no-such-account"),
    pytest.param(commit(" ", 7, "1.00", "PO-1"), "account", id="blank-account"),
    pytest.param(commit(SALES, 7, "1.00", "PO-1"), "account", id="revenue-line"),
    pytest.param(commit(TRAVEL, 0, "1.00", "PO-1"), "month", id="month-0"),
    pytest.param(commit(TRAVEL, 13, "1.00", "PO-1"), "month", id="month-13"),
    pytest.param(commit(TRAVEL, 7, "0.00", "PO-1"), "amount", id="zero"),
    pytest.param(commit(TRAVEL, 7, "-5.00", "PO-1"), "amount", id="negative"),
    pytest.param(commit(TRAVEL, 7, "1.00", ""), "reference", id="blank-reference"),
    pytest.param(commit(TRAVEL, 7, "1.00", "PO-OPEN"), "reference", id="reference-open"),
]


class TestCommitRefusals:
    """A commitment that breaks a rule is a `rule_violation` naming the part at fault."""

    @pytest.mark.parametrize(("command", "field"), BAD_COMMITMENTS)
    def test_refused(self, command: Command, field: str) -> None:
        past = then(history(APPROVED), committed(TRAVEL, 1, "1.00", "PO-OPEN"))
        with pytest.raises(RuleViolation) as refused:
            decide(past, command, HEAD)
        assert refused.value.details["field"] == field

    def test_money_in_another_currency_is_refused(self) -> None:
        budget = given(history(APPROVED))
        with pytest.raises(RuleViolation) as refused:
            decisions.commit_funds(
                budget,
                account=TRAVEL,
                month=7,
                amount=Money(D("1.00"), "USD"),
                reference="PO-1",
                actor=HEAD,
                at=budget.last_event_at,
            )
        assert refused.value.details["field"] == "amount"


class TestWhatDoesNotFit:
    """A commitment or spend beyond what is available is refused under `stop`
    (`budget_exceeded`, with the figures) and recorded and flagged under `warn`."""

    def test_stop_refuses_with_the_figures(self) -> None:
        """Servers: 50,000.00 approved through March and through any later month before
        September, so 50,000.00 is available in March."""
        with pytest.raises(BudgetExceeded) as refused:
            decide(history(APPROVED), commit(SERVERS, 3, "50000.01", "PO-S"), HEAD)
        assert refused.value.code == "budget_exceeded"
        assert refused.value.details == {
            "field": "amount",
            "account": SERVERS,
            "month": 3,
            "available": "50000.00",
            "requested": "50000.01",
            "currency": "CNY",
            "reference": "PO-S",
        }

    def test_nothing_is_available_before_the_first_approved_month(self) -> None:
        with pytest.raises(BudgetExceeded) as refused:
            decide(history(APPROVED), spend(SERVERS, 2, "0.01", "INV-S"), ACCOUNTANT)
        assert refused.value.details["available"] == "0.00"

    def test_warn_records_it_and_flags_the_overspend(self) -> None:
        events, after = decide(history(WARN_APPROVED), commit(SERVERS, 3, "60000.00", "PO-S"), HEAD)
        at = events[0].occurred_at
        assert events == [
            FundsCommitted(
                occurred_at=at,
                actor=HEAD,
                account=SERVERS,
                month=3,
                amount=D("60000.00"),
                currency="CNY",
                reference="PO-S",
            ),
            OverspendFlagged(
                occurred_at=at,
                actor=HEAD,
                account=SERVERS,
                month=3,
                available=D("50000.00"),
                requested=D("60000.00"),
                currency="CNY",
                reference="PO-S",
            ),
        ]
        budget = given(after)
        assert budget.overspends == 1
        assert free(after, SERVERS, 3) == "-10000.00"

    def test_warn_flags_a_spend_the_same_way(self) -> None:
        events, _ = decide(history(WARN_APPROVED), spend(SERVERS, 1, "10.00", "INV-1"), ACCOUNTANT)
        assert [type(e) for e in events] == [SpendRecorded, OverspendFlagged]
        flag = events[1]
        assert isinstance(flag, OverspendFlagged)
        assert (flag.available, flag.requested, flag.reference) == (D("0.00"), D("10.00"), "INV-1")

    def test_under_warn_what_fits_is_not_flagged(self) -> None:
        events, _ = decide(history(WARN_APPROVED), spend(TRAVEL, 1, "10.00", "INV-1"), ACCOUNTANT)
        assert [type(e) for e in events] == [SpendRecorded]


class TestRecordSpend:
    """Finance records money spent of an approved budget; a spend naming an open commitment
    releases up to its amount of it, and only the rest must fit."""

    def test_recorded(self) -> None:
        events, after = decide(history(APPROVED), spend(TRAVEL, 7, "800.00", "INV-7"), ACCOUNTANT)
        assert events == [
            SpendRecorded(
                occurred_at=events[0].occurred_at,
                actor=ACCOUNTANT,
                account=TRAVEL,
                month=7,
                amount=D("800.00"),
                currency="CNY",
                reference="INV-7",
                commitment_ref=None,
                released=D("0.00"),
            )
        ]
        assert given(after).spent(TRAVEL)[6] == D("800.00")
        assert free(after, TRAVEL, 7) == "69200.00"

    def test_a_spend_below_its_commitment_releases_as_much_as_it_spends(self) -> None:
        past = then(history(APPROVED), committed(TRAVEL, 7, "1000.00", "PO-7"))
        events, after = decide(past, spend(TRAVEL, 7, "600.00", "INV-7", "PO-7"), ACCOUNTANT)
        [event] = events
        assert isinstance(event, SpendRecorded)
        assert (event.commitment_ref, event.released) == ("PO-7", D("600.00"))
        budget = given(after)
        assert budget.commitments == (
            Commitment(reference="PO-7", account=TRAVEL, month=7, amount=D("400.00")),
        )
        # 70,000.00 through July - 400.00 still promised - 600.00 spent.
        assert free(after, TRAVEL, 7) == "69000.00"

    def test_a_spend_above_its_commitment_releases_all_of_it(self) -> None:
        past = then(history(APPROVED), committed(TRAVEL, 7, "1000.00", "PO-7"))
        events, after = decide(past, spend(TRAVEL, 7, "1500.00", "INV-7", "PO-7"), ACCOUNTANT)
        assert events[0] == SpendRecorded(
            occurred_at=events[0].occurred_at,
            actor=ACCOUNTANT,
            account=TRAVEL,
            month=7,
            amount=D("1500.00"),
            currency="CNY",
            reference="INV-7",
            commitment_ref="PO-7",
            released=D("1000.00"),
        )
        assert given(after).commitments == ()

    def test_only_the_rest_must_fit(self) -> None:
        """Servers: 50,000.00 in March, 45,000.00 of it committed; 5,000.00 available. A spend of
        48,000.00 settling the commitment releases 45,000.00; the rest, 3,000.00, fits."""
        past = then(history(APPROVED), committed(SERVERS, 3, "45000.00", "PO-S"))
        assert free(past, SERVERS, 3) == "5000.00"
        events, after = decide(past, spend(SERVERS, 3, "48000.00", "INV-S", "PO-S"), ACCOUNTANT)
        assert [type(e) for e in events] == [SpendRecorded]
        assert free(after, SERVERS, 3) == "2000.00"

    def test_a_rest_beyond_what_is_available_is_refused_with_the_rest(self) -> None:
        """As above, but 51,000.00: the rest, 6,000.00, is more than the 5,000.00 available."""
        past = then(history(APPROVED), committed(SERVERS, 3, "45000.00", "PO-S"))
        with pytest.raises(BudgetExceeded) as refused:
            decide(past, spend(SERVERS, 3, "51000.00", "INV-S", "PO-S"), ACCOUNTANT)
        assert refused.value.details == {
            "field": "amount",
            "account": SERVERS,
            "month": 3,
            "available": "5000.00",
            "requested": "6000.00",
            "amount": "51000.00",
            "released": "45000.00",
            "currency": "CNY",
            "reference": "INV-S",
        }

    def test_settling_a_commitment_is_never_an_overspend_of_its_own(self) -> None:
        """Under warn, March's servers are overspent already; a spend that only settles its
        commitment adds nothing to the excess and is not flagged again."""
        past = then(
            history(WARN_APPROVED),
            committed(SERVERS, 3, "45000.00", "PO-S"),
            spent(SERVERS, 3, "7000.00", "INV-X"),
        )
        assert free(past, SERVERS, 3) == "-2000.00"
        events, _ = decide(past, spend(SERVERS, 3, "45000.00", "INV-S", "PO-S"), ACCOUNTANT)
        assert [type(e) for e in events] == [SpendRecorded]

    def test_a_commitment_is_settled_in_its_month_or_a_later_one(self) -> None:
        """Released in a later month, the commitment's money is free again from its month
        until the spend's: September servers settle a March commitment."""
        past = then(history(APPROVED), committed(SERVERS, 3, "45000.00", "PO-S"))
        events, after = decide(past, spend(SERVERS, 9, "45000.00", "INV-S", "PO-S"), ACCOUNTANT)
        assert [type(e) for e in events] == [SpendRecorded]
        # March to August: 50,000.00 approved, nothing promised or spent any more.
        assert free(after, SERVERS, 3) == "50000.00"
        # September: 100,000.00 approved, 45,000.00 spent.
        assert free(after, SERVERS, 9) == "55000.00"


BAD_SETTLEMENTS = [
    pytest.param(spend(TRAVEL, 7, "1.00", "INV-1", "PO-NONE"), "commitment_ref", id="unknown"),
    pytest.param(spend(TRAVEL, 7, "1.00", "INV-1", " "), "commitment_ref", id="blank"),
    pytest.param(spend(TRAVEL, 7, "1.00", "INV-1", "PO-S"), "commitment_ref", id="other-account"),
    pytest.param(spend(TRAVEL, 6, "1.00", "INV-1", "PO-7"), "month", id="earlier-month"),
    pytest.param(spend(TRAVEL, 7, "1.00", "INV-1", "PO-DONE"), "commitment_ref", id="spent"),
    pytest.param(spend(TRAVEL, 7, "1.00", " "), "reference", id="blank-reference"),
    pytest.param(spend(SALES, 7, "1.00", "INV-1"), "account", id="revenue-line"),
    pytest.param(spend(TRAVEL, 7, "0.00", "INV-1"), "amount", id="zero"),
]


class TestSpendRefusals:
    """A spend that names no open commitment of its account and month, or breaks another rule,
    is a `rule_violation` naming the part at fault."""

    @pytest.mark.parametrize(("command", "field"), BAD_SETTLEMENTS)
    def test_refused(self, command: Command, field: str) -> None:
        past = then(
            history(APPROVED),
            committed(TRAVEL, 7, "100.00", "PO-7"),
            committed(SERVERS, 3, "100.00", "PO-S"),
            committed(TRAVEL, 1, "100.00", "PO-DONE"),
            spent(TRAVEL, 1, "100.00", "INV-0", commitment_ref="PO-DONE", released="100.00"),
        )
        with pytest.raises(RuleViolation) as refused:
            decide(past, command, ACCOUNTANT)
        assert refused.value.details["field"] == field
