"""Malformed budget commands (DOMAIN §1 `invalid_command`): a month map with a month that is not
01-12, an amount that is negative, not a number, a JSON number rather than a string or has more
than two decimals, a missing or unknown field, a choice outside DOMAIN's (control stop | warn,
category revenue | cost | expense, verdict pass | return, kind increase | decrease | transfer),
a missing reason where §5 asks for one. Every bad field is named by its path from the envelope
(`payload.lines[0].monthly.13`); the refusal appends nothing. Both stores."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any
from uuid import UUID

import pytest

from application.commands.catalogue import COMMANDS
from infrastructure.opsledger import Opsledger
from tests.application.budget_envelopes import (
    LINES,
    SERVERS,
    TRAVEL,
    Json,
    accept,
    command,
    drafted,
    drive,
    head,
    step,
)
from tests.clocks import FixedClock


def lines_with(index: int, **changes: object) -> list[Json]:
    """The usual lines with fields of line `index` replaced (... removes one); `monthly` given
    as a dict is merged into the line's month map."""
    rows = copy.deepcopy(LINES)
    for name, value in changes.items():
        if value is ...:
            rows[index].pop(name)
        elif name == "monthly" and isinstance(value, dict):
            rows[index]["monthly"].update(value)
        else:
            rows[index][name] = value
    return rows


def monthly(index: int, month: str) -> str:
    return f"payload.lines[{index}].monthly.{month}"


#: A draft payload, and exactly the fields its refusal must name.
BAD_DRAFTS: list[tuple[str, Json, set[str]]] = [
    ("month-13", drafted(lines=lines_with(0, monthly={"13": "100.00"})), {monthly(0, "13")}),
    ("month-00", drafted(lines=lines_with(1, monthly={"00": "100.00"})), {monthly(1, "00")}),
    ("month-one-digit", drafted(lines=lines_with(0, monthly={"7": "1.00"})), {monthly(0, "7")}),
    ("month-a-name", drafted(lines=lines_with(2, monthly={"July": "1.00"})), {monthly(2, "July")}),
    ("amount-negative", drafted(lines=lines_with(0, monthly={"07": "-1.00"})), {monthly(0, "07")}),
    ("amount-not-numeric", drafted(lines=lines_with(1, monthly={"03": "abc"})), {monthly(1, "03")}),
    ("amount-a-number", drafted(lines=lines_with(0, monthly={"07": 1000})), {monthly(0, "07")}),
    ("amount-a-float", drafted(lines=lines_with(0, monthly={"07": 10.5})), {monthly(0, "07")}),
    ("amount-3-decimals", drafted(lines=lines_with(2, monthly={"12": "1.005"})),
     {monthly(2, "12")}),
    ("amount-with-commas", drafted(lines=lines_with(0, monthly={"01": "1,000.00"})),
     {monthly(0, "01")}),
    ("amount-exponent", drafted(lines=lines_with(0, monthly={"01": "1E+3"})), {monthly(0, "01")}),
    ("amount-infinite", drafted(lines=lines_with(0, monthly={"01": "Infinity"})),
     {monthly(0, "01")}),
    ("monthly-a-list", drafted(lines=lines_with(0, monthly=["1000.00"] * 12)),
     {"payload.lines[0].monthly"}),
    ("monthly-missing", drafted(lines=lines_with(1, monthly=...)), {"payload.lines[1].monthly"}),
    ("category-asset", drafted(lines=lines_with(1, category="asset")),
     {"payload.lines[1].category"}),
    ("account-missing", drafted(lines=lines_with(0, account=...)), {"payload.lines[0].account"}),
    ("line-unknown-field", drafted(lines=lines_with(0, owner="u-1")), {"payload.lines[0].owner"}),
    ("no-lines", drafted(lines=[]), {"payload.lines"}),
    ("lines-missing", drafted(lines=...), {"payload.lines"}),
    ("control-block", drafted(control="block"), {"payload.control"}),
    ("control-missing", drafted(control=...), {"payload.control"}),
    ("department-missing", drafted(department=...), {"payload.department"}),
    ("year-a-string", drafted(fiscal_year="2026"), {"payload.fiscal_year"}),
    ("year-missing", drafted(fiscal_year=...), {"payload.fiscal_year"}),
    ("currency-lower-case", drafted(currency="cny"), {"payload.currency"}),
    ("unknown-field", drafted(owner="u-1"), {"payload.owner"}),
    (
        "every-bad-field-at-once",
        drafted(
            control="maybe",
            lines=lines_with(0, monthly={"13": "1.00", "08": "-5.00", "09": "2.999"}),
        ),
        {"payload.control", monthly(0, "13"), monthly(0, "08"), monthly(0, "09")},
    ),
]  # fmt: skip


class TestAMalformedDraft:
    def test_each_is_refused_naming_each_bad_field(self, ledger: Opsledger) -> None:
        named = []
        for case, payload, _ in BAD_DRAFTS:
            result = ledger.submit(command("draft", payload=payload))
            assert (result.ok, result.code) == (False, "invalid_command"), (case, result.to_json())
            assert all(result.details["fields"].values())
            named.append((case, set(result.details["fields"])))

        assert named == [(case, fields) for case, _, fields in BAD_DRAFTS]
        assert head(ledger) is None
        # and the refusals took nothing: the department's budget for the year is still free
        assert accept(ledger, command("draft")).version == 1

    def test_an_unknown_budget_command(self, ledger: Opsledger, clock: FixedClock) -> None:
        budget_id = drive(ledger, clock)
        result = ledger.submit({**command("submit", budget_id), "type": "budget.spend_freely"})
        assert (result.ok, result.code) == (False, "invalid_command")
        assert set(result.details["fields"]) == {"type"}


Body = Callable[[UUID], Json]


def sent(verb: str, payload: Any = None, **envelope: Any) -> Body:
    """A `verb` command to the budget with this payload and envelope changes."""
    return lambda budget_id: command(verb, budget_id, payload=payload, **envelope)


def committing(**changes: Any) -> Body:
    payload = {"account": TRAVEL, "month": "07", "amount": "300.00", "reference": "PO-1", **changes}
    return sent("commit_funds", {k: v for k, v in payload.items() if v is not ...})


def spending(**changes: Any) -> Body:
    payload = {"account": TRAVEL, "month": 7, "amount": "200.00", "reference": "INV-1", **changes}
    return sent("record_spend", {k: v for k, v in payload.items() if v is not ...})


def changing(kind: Any = "transfer", *rows: Any, **envelope: Any) -> Body:
    return sent("request_adjustment", {"kind": kind, "changes": list(rows)}, **envelope)


def change(account: Any = TRAVEL, month: Any = 12, delta: Any = "-500.00") -> Json:
    row = {"account": account, "month": month, "delta": delta}
    return {name: value for name, value in row.items() if value is not ...}


TO_SERVERS = change(SERVERS, 9, "500.00")
AMOUNT, MONTH = "payload.amount", "payload.month"


def delta(index: int) -> str:
    return f"payload.changes[{index}].delta"


#: For each command: where it is sent (status, then steps), and malformed bodies, each with
#: exactly the fields its refusal must name.
BAD_COMMANDS: dict[str, tuple[str, tuple[str, ...], list[tuple[Body, set[str]]]]] = {
    "revise_draft": (
        "draft",
        (),
        [
            (sent("revise_draft", {"lines": lines_with(0, monthly={"13": "1.00"})}),
             {monthly(0, "13")}),
            (sent("revise_draft", {"lines": lines_with(1, monthly={"09": "-0.01"})}),
             {monthly(1, "09")}),
            (sent("revise_draft", {"lines": lines_with(2, monthly={"01": "0.001"})}),
             {monthly(2, "01")}),
            (sent("revise_draft", {"lines": lines_with(0, monthly={"02": "十"})}),
             {monthly(0, "02")}),
            (sent("revise_draft", {}), {"payload.lines"}),
            (sent("revise_draft", {"lines": LINES, "control": "warn"}), {"payload.control"}),
        ],
    ),
    "submit": ("draft", (), [(sent("submit", {"lines": LINES}), {"payload.lines"})]),
    "review": (
        "submitted",
        (),
        [
            (sent("review", {"verdict": "maybe"}), {"payload.verdict"}),
            (sent("review", {"comments": "ok"}), {"payload.verdict"}),
            (sent("review", {"verdict": "pass", "comments": 5}), {"payload.comments"}),
        ],
    ),
    "approve": (
        "finance_reviewed",
        (),
        [
            (sent("approve", {"approved": True}), {"payload.approved"}),
            (sent("approve", drop=["aggregate_id"]), {"aggregate_id"}),
            (sent("approve", aggregate_id="budget-2026"), {"aggregate_id"}),
        ],
    ),
    "commit_funds": (
        "approved",
        (),
        [
            (committing(amount="0.00"), {AMOUNT}),
            (committing(amount="-300.00"), {AMOUNT}),
            (committing(amount="300.001"), {AMOUNT}),
            (committing(amount="three hundred"), {AMOUNT}),
            (committing(amount=300), {AMOUNT}),
            (committing(month="13"), {MONTH}),
            (committing(month=0), {MONTH}),
            (committing(month="July"), {MONTH}),
            (committing(reference=...), {"payload.reference"}),
            (committing(account=...), {"payload.account"}),
            (committing(amount="-1", month=13), {AMOUNT, MONTH}),
        ],
    ),
    "record_spend": (
        "approved",
        (),
        [
            (spending(amount="-200.00"), {AMOUNT}),
            (spending(amount="0"), {AMOUNT}),
            (spending(amount="200.005"), {AMOUNT}),
            (spending(amount="NaN"), {AMOUNT}),
            (spending(month=13), {MONTH}),
            (spending(commitment_ref=7), {"payload.commitment_ref"}),
            (spending(invoice="X-1"), {"payload.invoice"}),
        ],
    ),
    "request_adjustment": (
        "approved",
        (),
        [
            (changing("transfer", change(), TO_SERVERS, drop=["reason"]), {"reason"}),
            (changing("transfer", change(), TO_SERVERS, reason="   "), {"reason"}),
            (changing("raise", change(), TO_SERVERS), {"payload.kind"}),
            (changing("transfer"), {"payload.changes"}),
            (changing("transfer", change(delta="-500.005"), TO_SERVERS), {delta(0)}),
            (changing("transfer", change(), change(SERVERS, 9, "abc")), {delta(1)}),
            (changing("transfer", change(), change(SERVERS, 9, 500)), {delta(1)}),
            (changing("transfer", change(month=13), TO_SERVERS), {"payload.changes[0].month"}),
            (changing("transfer", change(account=...), TO_SERVERS),
             {"payload.changes[0].account"}),
        ],
    ),
    "review_adjustment": (
        "approved",
        ("request_adjustment",),
        [
            (sent("review_adjustment", {"verdict": "ok"}), {"payload.verdict"}),
            (sent("review_adjustment", {}), {"payload.verdict"}),
        ],
    ),
    "approve_adjustment": (
        "approved",
        ("request_adjustment", "review_adjustment"),
        [
            (sent("approve_adjustment", drop=["reason"]), {"reason"}),
            (sent("approve_adjustment", reason=""), {"reason"}),
            (sent("approve_adjustment", {"adjustment_no": 1}), {"payload.adjustment_no"}),
        ],
    ),
    "reject_adjustment": (
        "approved",
        ("request_adjustment", "review_adjustment"),
        [
            (sent("reject_adjustment", drop=["reason"]), {"reason"}),
            (sent("reject_adjustment", reason=" "), {"reason"}),
        ],
    ),
    "close": (
        "approved",
        (),
        [
            (sent("close", {"year": 2026}), {"payload.year"}),
            (sent("close", expected_version="4"), {"expected_version"}),
        ],
    ),
}  # fmt: skip


class TestAMalformedCommandOnABudget:
    """Sent to a budget where the well-formed command would be accepted: each malformed body
    is `invalid_command` naming exactly its bad fields, and nothing is appended."""

    def test_every_budget_command_has_cases(self) -> None:
        declared = {t.removeprefix("budget.") for t in COMMANDS if t.startswith("budget.")}
        assert {"draft", *BAD_COMMANDS} == declared

    @pytest.mark.parametrize("verb", sorted(BAD_COMMANDS))
    def test_is_refused_naming_each_bad_field(
        self, ledger: Opsledger, clock: FixedClock, verb: str
    ) -> None:
        status, first, cases = BAD_COMMANDS[verb]
        budget_id = drive(ledger, clock, to=status)
        for name in first:
            clock.advance(hours=1)
            accept(ledger, step(name, budget_id))
        clock.advance(hours=1)
        if verb == "close":
            clock.current = clock.current.replace(year=2027)
        before = head(ledger)

        named = []
        for body, _ in cases:
            result = ledger.submit(body(budget_id))
            assert (result.ok, result.code) == (False, "invalid_command"), result.to_json()
            named.append(set(result.details["fields"]))

        assert named == [fields for _, fields in cases]
        assert head(ledger) == before
        assert accept(ledger, command(verb, budget_id)).ok  # the well-formed one still is
