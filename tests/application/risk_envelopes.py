"""Risk command envelopes for command-side tests: actors, valid payloads for DOMAIN §6's ten
commands, and a driver that walks one risk to each status on a real ledger.

Everything here is written from DOMAIN §6, not read from the code under test. The 5x5 matrix is
copied by hand from DOMAIN; nothing is imported from `domain.risk`.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from infrastructure.opsledger import Opsledger
from tests.application.order_envelopes import Json, accept, head, refuse
from tests.clocks import FixedClock

__all__ = ["Json", "accept", "head", "refuse"]

#: Any employee: a buyer of the procurement department, who spots the risk.
EMPLOYEE: Json = {"id": "u-buyer-1", "roles": ["operations"], "department": "procurement"}
#: The person `identify` names as the risk's owner (`owner_id`): a department head, neither a
#: risk officer nor management.
OWNER: Json = {"id": "u-head-proc", "roles": ["department_head"], "department": "procurement"}
RISK_OFFICER: Json = {"id": "u-risk-1", "roles": ["risk_officer"], "department": "risk"}
OTHER_RISK_OFFICER: Json = {"id": "u-risk-2", "roles": ["risk_officer"], "department": "risk"}
MANAGEMENT: Json = {"id": "u-ceo", "roles": ["management"], "department": "management"}
OTHER_MANAGEMENT: Json = {"id": "u-coo", "roles": ["management"], "department": "management"}
#: The person the usual mitigation action names (`owner_id` of `add_action`): "that action's
#: owner", an engineer of the warehouse.
ACTION_OWNER: Json = {"id": "u-eng-7", "roles": ["operations"], "department": "warehouse"}
#: The owner of a second action.
OTHER_ACTION_OWNER: Json = {"id": "u-eng-8", "roles": ["operations"], "department": "warehouse"}
AUDITOR: Json = {"id": "u-audit-1", "roles": ["auditor"], "department": "audit"}
SYSTEM: Json = {"id": "system", "roles": ["system"], "department": "operations"}


def holding(*roles: str, actor_id: str | None = None, department: str = "somewhere") -> Json:
    """An actor holding exactly `roles`, with an id of its own unless one is given."""
    return {
        "id": actor_id or f"u-{'-'.join(roles)}",
        "roles": list(roles),
        "department": department,
    }


def the_owner(*roles: str) -> Json:
    """The risk's owner (by id), holding `roles`."""
    return holding(*roles, actor_id=OWNER["id"], department=OWNER["department"])


#: DOMAIN §6's matrix, likelihood rows 1-5 and impact columns 1-5, copied by hand:
#: 0 low, 1 medium, 2 high, 3 critical.
MATRIX_AS_WRITTEN = (
    "0 0 0 1 1",
    "0 0 1 1 2",
    "0 1 1 2 2",
    "1 1 2 3 3",
    "1 2 2 3 3",
)
LEVEL_NAMES = ("low", "medium", "high", "critical")


def level(likelihood: int, impact: int) -> str:
    """The level DOMAIN's matrix gives a likelihood and an impact, read from its text."""
    return LEVEL_NAMES[int(MATRIX_AS_WRITTEN[likelihood - 1].split()[impact - 1])]


#: Days from an assessment or review to the next review, by level (DOMAIN §6).
REVIEW_DAYS = {"critical": 30, "high": 60, "medium": 90, "low": 180}

#: The company's time zone is Asia/Shanghai, UTC+8 all year (no daylight saving).
SHANGHAI = timedelta(hours=8)


def local_day(at: datetime) -> date:
    """The day an instant falls on in Shanghai."""
    return (at.astimezone(UTC) + SHANGHAI).date()


def late_from(day: date) -> datetime:
    """The first instant after `day` in Shanghai, in UTC: when a thing due that day is late."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(days=1) - SHANGHAI


def next_review_on(at: datetime, level_name: str) -> date:
    """The next review day after an assessment or review at `at` of a risk at `level_name`."""
    return local_day(at) + timedelta(days=REVIEW_DAYS[level_name])


#: The usual inherent assessment: likelihood 4, impact 3: L4 row "1 1 2 3 3", column 3 = 2,
#: high. Likelihood high (4-5) and impact medium (3): the policies recommend reducing it.
LIKELIHOOD, IMPACT, LEVEL, RECOMMENDED = 4, 3, "high", "reduce"
#: The usual residual assessment: likelihood 2, impact 3: L2 row "0 0 1 1 2", column 3 = 1,
#: medium. Lower than the inherent one, so only after a completed action or a transfer.
RESIDUAL_LIKELIHOOD, RESIDUAL_IMPACT, RESIDUAL_LEVEL = 2, 3, "medium"

#: The usual action is due on 31 July 2026: late from 16:00 UTC that day (midnight in Shanghai).
ACTION_ID = "A-1"
ACTION_DUE_ON = "2026-07-31"
ACTION_DUE = datetime(2026, 7, 31, 16, 0, tzinfo=UTC)

REASON = "风险委员会决定 (decided by the risk committee)"
INSURER = "中国平安财险 (Ping An P&C)"
EVIDENCE = "第二供应商合同已签 (second supplier contract signed)"

#: A valid payload for every risk command (DOMAIN §6).
PAYLOADS: dict[str, Json] = {
    "identify": {
        "title": "主要供应商单一来源 (single-source key supplier)",
        "category": "operational",
        "description": "芯片只有一家供应商 (one chip supplier; a stop halts production)",
        "owner_id": OWNER["id"],
        "department": "procurement",
        "related_id": "c-2026-0042",
    },
    "assess": {"likelihood": LIKELIHOOD, "impact": IMPACT},
    "choose_response": {
        "strategy": "reduce",
        "rationale": "增加第二供应商 (qualify a second supplier)",
    },
    "approve_acceptance": {},
    "add_action": {
        "action_id": ACTION_ID,
        "description": "认证第二供应商 (qualify a second supplier)",
        "owner_id": ACTION_OWNER["id"],
        "due_on": ACTION_DUE_ON,
    },
    "complete_action": {"action_id": ACTION_ID, "evidence": EVIDENCE},
    "assess_residual": {"likelihood": RESIDUAL_LIKELIHOOD, "impact": RESIDUAL_IMPACT},
    "review": {"notes": "供货稳定 (supply stable)"},
    "close": {},
    "reopen": {},
}

#: Who normally sends each command.
SENDERS: dict[str, Json] = {
    "identify": EMPLOYEE,
    "assess": RISK_OFFICER,
    "choose_response": OWNER,
    "approve_acceptance": MANAGEMENT,
    "add_action": OWNER,
    "complete_action": ACTION_OWNER,
    "assess_residual": RISK_OFFICER,
    "review": OWNER,
    "close": RISK_OFFICER,
    "reopen": RISK_OFFICER,
}

#: Commands DOMAIN §6 marks "+ reason".
NEEDS_REASON = frozenset({"close", "reopen"})

#: Every command that acts on an existing risk.
ON_A_RISK = (
    "assess",
    "choose_response",
    "approve_acceptance",
    "add_action",
    "complete_action",
    "assess_residual",
    "review",
    "close",
    "reopen",
)


def command(
    verb: str,
    risk_id: UUID | str | None = None,
    *,
    actor: Json | None = None,
    payload: Json | None = None,
    drop: Iterable[str] = (),
    **fields: Any,
) -> Json:
    """A valid `risk.<verb>` envelope with a fresh command id; `fields` add or replace envelope
    fields and `drop` removes them."""
    body: Json = {
        "type": f"risk.{verb}",
        "command_id": str(uuid4()),
        "actor": actor if actor is not None else SENDERS[verb],
        "payload": copy.deepcopy(PAYLOADS[verb]) if payload is None else payload,
    }
    if risk_id is not None:
        body["aggregate_id"] = str(risk_id)
    if verb in NEEDS_REASON:
        body["reason"] = REASON
    body.update(fields)
    for name in drop:
        body.pop(name, None)
    return body


def assessing(
    risk_id: UUID | str, likelihood: Any, impact: Any, *, residual: bool = False, **fields: Any
) -> Json:
    """`risk.assess` (or `risk.assess_residual`) of this likelihood and impact."""
    verb = "assess_residual" if residual else "assess"
    return command(verb, risk_id, payload={"likelihood": likelihood, "impact": impact}, **fields)


def responding(
    risk_id: UUID | str, strategy: str, *, counterparty: Any = None, **fields: Any
) -> Json:
    """`risk.choose_response` of `strategy` by the owner (a transfer names `counterparty`)."""
    payload: Json = {"strategy": strategy, "rationale": f"选择 {strategy} (we {strategy} it)"}
    if counterparty is not None:
        payload["counterparty"] = counterparty
    return command("choose_response", risk_id, payload=payload, **fields)


def action(
    risk_id: UUID | str,
    action_id: str = ACTION_ID,
    *,
    owner: Json = ACTION_OWNER,
    due_on: str = ACTION_DUE_ON,
    **fields: Any,
) -> Json:
    """`risk.add_action` of `action_id` for `owner`, due on `due_on`, by the risk's owner."""
    payload = {
        "action_id": action_id,
        "description": f"措施 {action_id} (measure {action_id})",
        "owner_id": owner["id"],
        "due_on": due_on,
    }
    return command("add_action", risk_id, payload=payload, **fields)


def completion(
    risk_id: UUID | str,
    action_id: str = ACTION_ID,
    *,
    owner: Json = ACTION_OWNER,
    evidence: Any = EVIDENCE,
    **fields: Any,
) -> Json:
    """`risk.complete_action` of `action_id`, by `owner` (that action's owner unless told)."""
    payload = {"action_id": action_id, "evidence": evidence}
    return command("complete_action", risk_id, actor=owner, payload=payload, **fields)


def step(name: str, risk_id: UUID) -> Json:
    """One step of a road: a verb; `accept`, `avoid`, `reduce` or `transfer` for that response
    (a transfer to the insurer); `residual_same` for a residual assessment equal to the
    inherent one; `add_action_2` and `complete_action_2` for a second action, A-2, of another
    owner."""
    if name == "add_action_2":
        return action(risk_id, "A-2", owner=OTHER_ACTION_OWNER)
    if name == "complete_action_2":
        return completion(risk_id, "A-2", owner=OTHER_ACTION_OWNER)
    if name in ("accept", "avoid", "reduce"):
        return responding(risk_id, name)
    if name == "transfer":
        return responding(risk_id, "transfer", counterparty=INSURER)
    if name == "residual_same":
        return assessing(risk_id, LIKELIHOOD, IMPACT, residual=True)
    return command(name, risk_id)


_RESPONDING = ("assess", "choose_response")
_MONITORING = (*_RESPONDING, "add_action", "complete_action", "assess_residual")
_CLOSED = (*_MONITORING, "close")

#: The steps after `identify` that bring a risk to each status of DOMAIN §6.
ROADS: dict[str, tuple[str, ...]] = {
    "identified": (),
    "assessed": ("assess",),
    "responding": _RESPONDING,
    "monitoring": _MONITORING,
    "closed": _CLOSED,
    "reopened": (*_CLOSED, "reopen"),
}
STATUSES = tuple(ROADS)

#: The risk's version at the end of each road: one event per command.
VERSIONS: dict[str, int] = {
    "identified": 1,
    "assessed": 2,
    "responding": 3,
    "monitoring": 6,
    "closed": 7,
    "reopened": 8,
}


def status_of(ledger: Opsledger, risk_id: UUID) -> str:
    return str(ledger.state(risk_id)[1].state.status.value)


def version_of(ledger: Opsledger, risk_id: UUID) -> int:
    return ledger.state(risk_id)[1].version


def drive(
    ledger: Opsledger,
    clock: FixedClock,
    to: str = "identified",
    *,
    identify: Json | None = None,
    actor: Json | None = None,
    then: Iterable[str] = (),
) -> UUID:
    """Identify a risk (with `identify` as its payload, by `actor`, if given), walk it to
    status `to` and take the steps `then`, one hour of clock time per command."""
    identified = accept(ledger, command("identify", payload=identify, actor=actor))
    assert identified.aggregate_id is not None
    for name in (*ROADS[to], *then):
        clock.advance(hours=1)
        accept(ledger, step(name, identified.aggregate_id))
    return identified.aggregate_id


def identification(**changes: Any) -> Json:
    """The usual identify payload with fields replaced (a value of ... removes the field)."""
    payload = copy.deepcopy(PAYLOADS["identify"])
    for name, value in changes.items():
        if value is ...:
            payload.pop(name)
        else:
            payload[name] = value
    return payload
