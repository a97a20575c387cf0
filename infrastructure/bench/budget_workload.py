"""P6's budgets: approved through the command path by three different people, then spent
against thousands of times, written fast.

The approval is four commands submitted one by one. The spends are decided by a real
CommandHandler, so their events and command records are exactly those that submitting them one
by one would store, in the same order; only the appends are grouped, SPEND_BATCH spends per
transaction, by the bulk fill P10 uses, starting from the approved budget as loaded from the
store. Command ids follow from the department, the year and the command's place, so the same
budget built twice on the same clock gives the same log.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import attrs

from application.commands.budget import BUDGET
from application.state_cache import StateCache
from infrastructure.bench.errors import WorkloadRefused
from infrastructure.bench.sweep_workload import fill
from infrastructure.opsledger import Opsledger

#: A budget's events before its first spend: drafted, submitted, reviewed, approved.
APPROVAL_EVENTS = 4

#: Spends decided per append (each is stored with its command record: twice as many rows).
SPEND_BATCH = 500

#: The one account spent against, funded for every month far beyond what the spends need, so
#: that every spend fits under `stop` control (each is still checked against availability).
ACCOUNT = "travel"
MONTHLY_FUNDING = Decimal("10000000.00")

#: The spends' amounts, in turn; their months go round January to December.
SPEND_AMOUNTS = (Decimal("12.34"), Decimal("250.00"), Decimal("7.50"), Decimal("99.99"))

FINANCE = {"id": "bench-controller", "roles": ["finance"], "department": "finance"}
MANAGEMENT = {"id": "bench-director", "roles": ["management"], "department": "management"}

#: The namespace of the bench's budget command ids.
_COMMAND_IDS = uuid.UUID("5d0c6a52-93e1-4f0b-9a57-2b1e8c4d7f30")


@attrs.frozen(kw_only=True)
class BuiltBudget:
    """A budget the bench made: its id, how many events it has, and how much was spent."""

    id: uuid.UUID
    events: int
    spends: int
    spent: Decimal


def head_of(department: str) -> dict[str, Any]:
    """The department head who drafts and submits the department's budget."""
    return {
        "id": f"bench-head-{department}",
        "roles": ["department_head"],
        "department": department,
    }


def approved_budget(opsledger: Opsledger, *, department: str, fiscal_year: int) -> uuid.UUID:
    """Draft, submit, review (finance) and approve (management) the department's budget for the
    year, one account funded month by month: four commands, four events."""
    head = head_of(department)
    draft = _envelope(
        department,
        fiscal_year,
        "draft",
        head,
        {
            "department": department,
            "fiscal_year": fiscal_year,
            "currency": "CNY",
            "control": "stop",
            "lines": [
                {
                    "account": ACCOUNT,
                    "category": "expense",
                    "monthly": {f"{month:02d}": f"{MONTHLY_FUNDING}" for month in range(1, 13)},
                }
            ],
        },
    )
    budget = _submitted(opsledger, draft)
    for verb, actor, payload in (
        ("submit", head, {}),
        ("review", FINANCE, {"verdict": "pass", "comments": "within plan"}),
        ("approve", MANAGEMENT, {}),
    ):
        _submitted(
            opsledger, _envelope(department, fiscal_year, verb, actor, payload, budget=budget)
        )
    return budget


def spend_amount(number: int) -> Decimal:
    """The amount of the budget's `number`th spend (from 1)."""
    return SPEND_AMOUNTS[(number - 1) % len(SPEND_AMOUNTS)]


def spends_total(count: int) -> Decimal:
    """What the first `count` spends add up to."""
    return sum((spend_amount(number) for number in range(1, count + 1)), Decimal("0.00"))


def spend_commands(budget: uuid.UUID, count: int) -> Iterator[dict[str, Any]]:
    """`count` spends recorded by finance against the budget's account, the months in turn."""
    for number in range(1, count + 1):
        yield {
            "type": "budget.record_spend",
            "command_id": str(uuid.uuid5(_COMMAND_IDS, f"{budget}:spend:{number}")),
            "aggregate_id": str(budget),
            "actor": FINANCE,
            "payload": {
                "account": ACCOUNT,
                "month": (number - 1) % 12 + 1,
                "amount": str(spend_amount(number)),
                "reference": f"invoice-{number}",
            },
        }


def record_spends(
    opsledger: Opsledger,
    budget: uuid.UUID,
    count: int,
    *,
    batch: int = SPEND_BATCH,
    progress: Callable[[str], None] | None = None,
) -> int:
    """Record `count` spends through the bulk fill, `batch` per append, deciding the first on
    the budget as loaded from the store. Returns the rows stored (events and records)."""
    cache = StateCache(size=1)
    cache.put(BUDGET.name, budget, opsledger.ledger.load(BUDGET, budget))
    commands = list(spend_commands(budget, count))
    chunks = [commands[start : start + batch] for start in range(0, len(commands), batch)]
    return fill(opsledger, chunks, batch=1, progress=progress, cache=cache)


def build_budget(
    opsledger: Opsledger, *, spends: int, progress: Callable[[str], None] | None = None
) -> BuiltBudget:
    """An approved budget of a department of its own, this year's, with `spends` spends."""
    department = f"bench-{uuid.uuid4().hex[:12]}"
    budget = approved_budget(
        opsledger, department=department, fiscal_year=opsledger.clock.now().year
    )
    if spends:
        record_spends(opsledger, budget, spends, progress=progress)
    return BuiltBudget(
        id=budget, events=APPROVAL_EVENTS + spends, spends=spends, spent=spends_total(spends)
    )


def _submitted(opsledger: Opsledger, envelope: dict[str, Any]) -> uuid.UUID:
    result = opsledger.submit(envelope)
    if not result.ok or result.aggregate_id is None:
        raise WorkloadRefused(
            f"opsledger refused the bench's {envelope['type']}: {result.code}: {result.message}"
        )
    return result.aggregate_id


def _envelope(
    department: str,
    fiscal_year: int,
    verb: str,
    actor: dict[str, Any],
    payload: dict[str, Any],
    *,
    budget: uuid.UUID | None = None,
) -> dict[str, Any]:
    envelope = {
        "type": f"budget.{verb}",
        "command_id": str(uuid.uuid5(_COMMAND_IDS, f"{fiscal_year}:{department}:{verb}")),
        "actor": actor,
        "payload": payload,
    }
    if budget is not None:
        envelope["aggregate_id"] = str(budget)
    return envelope
