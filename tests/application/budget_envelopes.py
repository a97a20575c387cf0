"""Budget command envelopes for command-side tests: actors, valid payloads for DOMAIN §5's twelve
commands, and a driver that walks one budget to each status on a real ledger.

Everything here is written from DOMAIN §5, not read from the code under test. Amounts are JSON
strings with at most two decimals; a line's months are a map `{"07": "1000.00"}` (DOMAIN §5).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from infrastructure.opsledger import Opsledger
from tests.application.order_envelopes import Json, accept, head, refuse
from tests.clocks import FixedClock

__all__ = ["Json", "accept", "head", "refuse"]

#: The budget's department, as the budget and its department head's actor name it.
DEPARTMENT = "运营部 (operations)"
FISCAL_YEAR = 2026

#: The department head of the budget's department: drafts, submits, commits, asks to adjust.
HEAD: Json = {"id": "u-head-ops", "roles": ["department_head"], "department": DEPARTMENT}
#: Another head of the same department (a deputy), who holds the same role.
DEPUTY_HEAD: Json = {"id": "u-head-ops-2", "roles": ["department_head"], "department": DEPARTMENT}
#: The head of another department, who holds the same role, and that department.
OTHER_DEPARTMENT = "信息部 (it)"
OTHER_HEAD: Json = {
    "id": "u-head-it",
    "roles": ["department_head"],
    "department": OTHER_DEPARTMENT,
}
FINANCE: Json = {"id": "u-fin-1", "roles": ["finance"], "department": "finance"}
OTHER_FINANCE: Json = {"id": "u-fin-2", "roles": ["finance"], "department": "finance"}
FINANCE_MANAGER: Json = {"id": "u-fm-1", "roles": ["finance_manager"], "department": "finance"}
MANAGEMENT: Json = {"id": "u-ceo", "roles": ["management"], "department": "management"}
OTHER_MANAGEMENT: Json = {"id": "u-coo", "roles": ["management"], "department": "management"}
PROJECT_MANAGER: Json = {"id": "u-pm-1", "roles": ["project_manager"], "department": "pmo"}
AUDITOR: Json = {"id": "u-audit-1", "roles": ["auditor"], "department": "audit"}
SYSTEM: Json = {"id": "system", "roles": ["system"], "department": "operations"}


def holding(*roles: str, actor_id: str | None = None) -> Json:
    """An actor holding exactly `roles`, with an id of its own unless one is given."""
    return {
        "id": actor_id or f"u-{'-'.join(roles)}",
        "roles": list(roles),
        "department": DEPARTMENT,
    }


TRAVEL = "6601 差旅费 (travel)"
SERVERS = "6602 服务器 (servers)"
SALES = "6001 销售收入 (sales)"


def months(amount: str, *numbers: int) -> dict[str, str]:
    """A month map giving `amount` in each of the months `numbers` (all twelve if none)."""
    return {f"{month:02d}": amount for month in (numbers or range(1, 13))}


def line(account: str, category: str, monthly: dict[str, str]) -> Json:
    return {"account": account, "category": category, "monthly": monthly}


#: Travel 1,000.00 a month; servers 5,000.00 in March and September; sales 20,000.00 a month.
LINES: list[Json] = [
    line(TRAVEL, "expense", months("1000.00")),
    line(SERVERS, "cost", months("5000.00", 3, 9)),
    line(SALES, "revenue", months("20000.00")),
]
#: The revision: travel 800.00 a month, servers as before, no sales line.
REVISED: list[Json] = [
    line(TRAVEL, "expense", months("800.00")),
    line(SERVERS, "cost", months("5000.00", 3, 9)),
]

REASON = "业务量增长 (the business grew)"
#: A transfer: 500.00 of December's travel to September's servers; -500 + 500 = 0.
TRANSFER: list[Json] = [
    {"account": TRAVEL, "month": 12, "delta": "-500.00"},
    {"account": SERVERS, "month": 9, "delta": "500.00"},
]

#: A valid payload for every budget command (DOMAIN §5).
PAYLOADS: dict[str, Json] = {
    "draft": {
        "department": DEPARTMENT,
        "fiscal_year": FISCAL_YEAR,
        "currency": "CNY",
        "control": "stop",
        "lines": LINES,
    },
    "revise_draft": {"lines": REVISED},
    "submit": {},
    "review": {"verdict": "pass", "comments": "符合年度目标 (fits the year's targets)"},
    "approve": {},
    "commit_funds": {
        "account": TRAVEL,
        "month": "07",
        "amount": "300.00",
        "reference": "PO-2026-0701",
    },
    "record_spend": {
        "account": TRAVEL,
        "month": "07",
        "amount": "200.00",
        "reference": "INV-2026-0701",
    },
    "request_adjustment": {"kind": "transfer", "changes": TRANSFER},
    "review_adjustment": {"verdict": "pass"},
    "approve_adjustment": {},
    "reject_adjustment": {},
    "close": {},
}
VERBS = tuple(PAYLOADS)

#: Who normally sends each command.
SENDERS: dict[str, Json] = {
    "draft": HEAD,
    "revise_draft": HEAD,
    "submit": HEAD,
    "review": FINANCE,
    "approve": MANAGEMENT,
    "commit_funds": HEAD,
    "record_spend": FINANCE,
    "request_adjustment": HEAD,
    "review_adjustment": FINANCE,
    "approve_adjustment": MANAGEMENT,
    "reject_adjustment": MANAGEMENT,
    "close": FINANCE_MANAGER,
}

#: Commands DOMAIN §5 marks "+ reason": the request, and approve / reject of an adjustment.
NEEDS_REASON = frozenset({"request_adjustment", "approve_adjustment", "reject_adjustment"})

RETURNED_COMMENTS = "差旅费偏高 (travel is too high)"

#: The fiscal year 2026 ends at midnight in Shanghai (UTC+8): 2026-12-31 16:00 UTC.
YEAR_END = datetime(2026, 12, 31, 16, 0, tzinfo=UTC)
#: A moment when the year is over: 09:30 in Shanghai on Monday 4 January 2027.
AFTER_THE_YEAR = datetime(2027, 1, 4, 1, 30, tzinfo=UTC)


def command(
    verb: str,
    budget_id: UUID | str | None = None,
    *,
    actor: Json | None = None,
    payload: Json | None = None,
    drop: Iterable[str] = (),
    **fields: Any,
) -> Json:
    """A valid `budget.<verb>` envelope with a fresh command id; `fields` add or replace
    envelope fields and `drop` removes them."""
    body: Json = {
        "type": f"budget.{verb}",
        "command_id": str(uuid4()),
        "actor": actor if actor is not None else SENDERS[verb],
        "payload": copy.deepcopy(PAYLOADS[verb]) if payload is None else payload,
    }
    if budget_id is not None:
        body["aggregate_id"] = str(budget_id)
    if verb in NEEDS_REASON:
        body["reason"] = REASON
    body.update(fields)
    for name in drop:
        body.pop(name, None)
    return body


def drafted(**changes: Any) -> Json:
    """The usual draft payload with fields replaced (a value of ... removes the field)."""
    payload = copy.deepcopy(PAYLOADS["draft"])
    for name, value in changes.items():
        if value is ...:
            payload.pop(name)
        else:
            payload[name] = value
    return payload


def commitment(
    budget_id: UUID | str,
    amount: str,
    month: int,
    reference: str,
    *,
    account: str = TRAVEL,
    **fields: Any,
) -> Json:
    """`budget.commit_funds` of `amount` against `account` in `month`, by the department head."""
    payload = {"account": account, "month": month, "amount": amount, "reference": reference}
    return command("commit_funds", budget_id, payload=payload, **fields)


def spend(
    budget_id: UUID | str,
    amount: str,
    month: int,
    reference: str,
    *,
    account: str = TRAVEL,
    commitment_ref: str | None = None,
    **fields: Any,
) -> Json:
    """`budget.record_spend` of `amount` against `account` in `month`, by finance."""
    payload: Json = {"account": account, "month": month, "amount": amount, "reference": reference}
    if commitment_ref is not None:
        payload["commitment_ref"] = commitment_ref
    return command("record_spend", budget_id, payload=payload, **fields)


def adjustment(
    budget_id: UUID | str, kind: str, *changes: tuple[str, int, str], **fields: Any
) -> Json:
    """`budget.request_adjustment` of (account, month, delta) changes, with a reason."""
    rows = [{"account": a, "month": m, "delta": d} for a, m, d in changes]
    return command(
        "request_adjustment", budget_id, payload={"kind": kind, "changes": rows}, **fields
    )


def step(name: str, budget_id: UUID) -> Json:
    """One step of a road: a verb, or `return` for finance returning the budget."""
    if name == "return":
        payload = {"verdict": "return", "comments": RETURNED_COMMENTS}
        return command("review", budget_id, payload=payload)
    return command(name, budget_id)


_APPROVED = ("submit", "review", "approve")

#: The steps after `draft` that bring a budget to each status of DOMAIN §5.
ROADS: dict[str, tuple[str, ...]] = {
    "draft": (),
    "submitted": ("submit",),
    "returned": ("submit", "return"),
    "finance_reviewed": ("submit", "review"),
    "approved": _APPROVED,
    "closed": (*_APPROVED, "close"),
}
STATUSES = tuple(ROADS)

#: The budget's version at the end of each road: one event per command.
VERSIONS: dict[str, int] = {
    "draft": 1,
    "submitted": 2,
    "returned": 3,
    "finance_reviewed": 3,
    "approved": 4,
    "closed": 5,
}


def after_the_year(clock: FixedClock) -> None:
    """Move the clock past the end of the fiscal year 2026, unless it is there already."""
    if clock.current < AFTER_THE_YEAR:
        clock.current = AFTER_THE_YEAR


def status_of(ledger: Opsledger, budget_id: UUID) -> str:
    return str(ledger.state(budget_id)[1].state.status.value)


def version_of(ledger: Opsledger, budget_id: UUID) -> int:
    return ledger.state(budget_id)[1].version


def drive(
    ledger: Opsledger,
    clock: FixedClock,
    to: str = "draft",
    *,
    draft: Json | None = None,
    actor: Json | None = None,
) -> UUID:
    """Draft a budget (with `draft` as its payload, by `actor`, if given) and walk it to status
    `to`, one hour of clock time per command; to close it, the clock moves past the year's end."""
    result = accept(ledger, command("draft", payload=draft, actor=actor))
    assert result.aggregate_id is not None
    for name in ROADS[to]:
        clock.advance(hours=1)
        if name == "close":
            after_the_year(clock)
        accept(ledger, step(name, result.aggregate_id))
    return result.aggregate_id


def available(ledger: Opsledger, budget_id: UUID, *, as_of: datetime | None = None) -> Json:
    """What the budget shows available, per account and month ("07"), as decimal amounts."""
    kind, loaded = ledger.state(budget_id, as_of=as_of)
    figures: Any = ledger.figures(kind, loaded, as_of=as_of)
    return {
        account: {month: Decimal(str(money.amount)) for month, money in by_month.items()}
        for account, by_month in figures["available"].items()
    }


def twelve(*amounts: str) -> dict[str, Decimal]:
    """Twelve months of amounts, "01" to "12", from twelve strings."""
    assert len(amounts) == 12
    return {f"{month:02d}": Decimal(amount) for month, amount in enumerate(amounts, start=1)}
