"""Budget command envelopes for the authorisation table and the cross-aggregate properties: a
valid payload for each of DOMAIN §5's twelve commands and a driver that walks a budget of a
department of its own to each status on a real ledger.

Written from DOMAIN §5, not read from the code under test. Every budget gets a department of its
own, since there is one budget per department and year.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterable
from typing import Any
from uuid import UUID, uuid4

from infrastructure.opsledger import Opsledger
from tests.application.order_envelopes import Json, accept
from tests.clocks import FixedClock

#: A year that is over by the tests' clock (July 2026): a finance manager may close its budget.
FISCAL_YEAR = 2025

FINANCE: Json = {"id": "u-fin-1", "roles": ["finance"], "department": "finance"}
MANAGEMENT: Json = {"id": "u-ceo", "roles": ["management"], "department": "management"}
FINANCE_MANAGER: Json = {"id": "u-cfo", "roles": ["finance_manager"], "department": "finance"}

ACCOUNT = "6601 差旅费 (travel)"
MONTHLY = {f"{month:02d}": "10000.00" for month in range(1, 13)}
LINES: list[Json] = [{"account": ACCOUNT, "category": "expense", "monthly": MONTHLY}]
REVISED: list[Json] = [
    {"account": ACCOUNT, "category": "expense", "monthly": {**MONTHLY, "12": "12000.00"}}
]
REASON = "差旅增加 (more travel than planned)"

_departments = itertools.count(1)


def new_department() -> str:
    """A department no budget of this session has yet."""
    return f"部门-{next(_departments):05d} (department)"


def head_of(department: str, *, actor_id: str | None = None) -> Json:
    """The department head of `department`."""
    return {
        "id": actor_id or f"u-head-{department}",
        "roles": ["department_head"],
        "department": department,
    }


def draft_payload(department: str) -> Json:
    return {
        "department": department,
        "fiscal_year": FISCAL_YEAR,
        "currency": "CNY",
        "control": "stop",
        "lines": copy.deepcopy(LINES),
    }


def payload_for(verb: str, department: str) -> Json:
    """A valid payload of `budget.<verb>` for the department's budget."""
    fresh = uuid4().hex[:8]
    payloads: dict[str, Json] = {
        "draft": draft_payload(department),
        "revise_draft": {"lines": copy.deepcopy(REVISED)},
        "submit": {},
        "review": {"verdict": "pass", "comments": "符合预算政策 (within the policy)"},
        "approve": {},
        "commit_funds": {
            "account": ACCOUNT,
            "month": "07",
            "amount": "1000.00",
            "reference": f"PO-{fresh}",
        },
        "record_spend": {
            "account": ACCOUNT,
            "month": "07",
            "amount": "500.00",
            "reference": f"INV-{fresh}",
        },
        "request_adjustment": {
            "kind": "increase",
            "changes": [{"account": ACCOUNT, "month": "08", "delta": "2000.00"}],
        },
        "review_adjustment": {"verdict": "pass"},
        "approve_adjustment": {},
        "reject_adjustment": {},
        "close": {},
    }
    return payloads[verb]


#: Who normally sends each command (the department head is that of the budget's department).
SENDERS: dict[str, Json | None] = {
    "draft": None,
    "revise_draft": None,
    "submit": None,
    "review": FINANCE,
    "approve": MANAGEMENT,
    "commit_funds": None,
    "record_spend": FINANCE,
    "request_adjustment": None,
    "review_adjustment": FINANCE,
    "approve_adjustment": MANAGEMENT,
    "reject_adjustment": MANAGEMENT,
    "close": FINANCE_MANAGER,
}

#: Commands DOMAIN §5 marks "+ reason".
NEEDS_REASON = frozenset({"request_adjustment", "approve_adjustment", "reject_adjustment"})


def command(
    verb: str,
    budget_id: UUID | str | None,
    department: str,
    *,
    actor: Json | None = None,
    payload: Json | None = None,
    **fields: Any,
) -> Json:
    """A valid `budget.<verb>` envelope for the department's budget, by its usual sender unless
    told; `fields` add or replace envelope fields."""
    sender = actor if actor is not None else (SENDERS[verb] or head_of(department))
    body: Json = {
        "type": f"budget.{verb}",
        "command_id": str(uuid4()),
        "actor": sender,
        "payload": payload_for(verb, department) if payload is None else payload,
    }
    if budget_id is not None:
        body["aggregate_id"] = str(budget_id)
    if verb in NEEDS_REASON:
        body["reason"] = REASON
    body.update(fields)
    return body


_APPROVED = ("submit", "review", "approve")

#: The steps after `draft` that bring a budget to each status of DOMAIN §5 (and, as
#: `adjustment_requested` and `adjustment_reviewed`, an approved budget with an adjustment
#: pending).
ROADS: dict[str, tuple[str, ...]] = {
    "draft": (),
    "submitted": ("submit",),
    "finance_reviewed": ("submit", "review"),
    "approved": _APPROVED,
    "adjustment_requested": (*_APPROVED, "request_adjustment"),
    "adjustment_reviewed": (*_APPROVED, "request_adjustment", "review_adjustment"),
    "closed": (*_APPROVED, "close"),
}


def drive(
    ledger: Opsledger,
    clock: FixedClock,
    to: str = "draft",
    *,
    department: str | None = None,
    senders: dict[str, Json] | None = None,
    then: Iterable[str] = (),
) -> tuple[UUID, str]:
    """Draft a budget of a new department (or `department`) and walk it to `to`, then take the
    steps `then`; `senders` replaces the usual sender of some steps. The budget's id and its
    department."""
    department = department or new_department()
    chosen = senders or {}
    drafted = accept(ledger, command("draft", None, department, actor=chosen.get("draft")))
    assert drafted.aggregate_id is not None
    for verb in (*ROADS[to], *then):
        clock.advance(hours=1)
        accept(ledger, command(verb, drafted.aggregate_id, department, actor=chosen.get(verb)))
    return drafted.aggregate_id, department
