"""Rectification command envelopes for command-side tests: actors, valid payloads for DOMAIN §6a's
seven commands, and a driver that walks one rectification to each status on a real ledger.

Everything here is written from DOMAIN §6a, not read from the code under test.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from infrastructure.opsledger import Opsledger
from tests.application.order_envelopes import Json, accept, head, refuse
from tests.clocks import FixedClock

__all__ = ["Json", "accept", "head", "refuse"]

#: The department whose process the supervision group spot-checked.
DEPARTMENT = "procurement"

SUPERVISOR: Json = {"id": "u-sup-1", "roles": ["supervisor"], "department": "supervision"}
OTHER_SUPERVISOR: Json = {"id": "u-sup-2", "roles": ["supervisor"], "department": "supervision"}
MANAGEMENT: Json = {"id": "u-ceo", "roles": ["management"], "department": "management"}
#: The person the notice names (`responsible_id`): a buyer holding no role that would let them
#: do more than their own part.
RESPONSIBLE: Json = {"id": "u-buyer-7", "roles": ["operations"], "department": DEPARTMENT}
#: The department head of the department the notice is for.
HEAD: Json = {"id": "u-head-proc", "roles": ["department_head"], "department": DEPARTMENT}
#: A department head, of another department.
OTHER_HEAD: Json = {"id": "u-head-sales", "roles": ["department_head"], "department": "sales"}
#: Works in the department but is not the person the notice names.
COLLEAGUE: Json = {"id": "u-buyer-8", "roles": ["operations"], "department": DEPARTMENT}
AUDITOR: Json = {"id": "u-audit-1", "roles": ["auditor"], "department": "audit"}
SYSTEM: Json = {"id": "system", "roles": ["system"], "department": "operations"}


def holding(*roles: str, actor_id: str | None = None, department: str = "somewhere") -> Json:
    """An actor holding exactly `roles`, with an id of its own unless one is given."""
    return {
        "id": actor_id or f"u-{'-'.join(roles)}",
        "roles": list(roles),
        "department": department,
    }


def the_responsible(*roles: str) -> Json:
    """The responsible person (by id), holding `roles`."""
    return holding(*roles, actor_id=RESPONSIBLE["id"], department=DEPARTMENT)


#: Issued on 1 July 2026 at 09:30 in Shanghai (the clock's start), due on 15 July: overdue from
#: the first instant after that day in Shanghai (UTC+8), 16:00 UTC on 15 July.
DUE_ON = "2026-07-15"
DEADLINE = datetime(2026, 7, 15, 16, 0, tzinfo=UTC)
#: The usual extension: to 31 July, overdue from 16:00 UTC that day.
NEW_DUE_ON = "2026-07-31"
NEW_DEADLINE = datetime(2026, 7, 31, 16, 0, tzinfo=UTC)

REASON = "供应商停工两周 (the supplier stopped work for two weeks)"
PLAN = "补做 12 家供应商资质审核 (redo the vetting of 12 suppliers)"
ACTIONS_TAKEN = "12 家已复核, 2 家停用 (12 rechecked, 2 suspended)"
EVIDENCE = "复核记录与停用通知 (review records and suspension notices)"
NOTES = "抽查 5 家, 资料齐全 (5 sampled, files complete)"
SHORTFALL = "仍缺 3 家的营业执照 (3 business licences still missing)"

#: A valid payload for every rectification command (DOMAIN §6a).
PAYLOADS: dict[str, Json] = {
    "issue": {
        "department": DEPARTMENT,
        "process": "供应商准入 (supplier onboarding)",
        "finding": "抽查 20 家有 4 家未做资质审核 (4 of 20 sampled suppliers never vetted)",
        "severity": "high",
        "responsible_id": RESPONSIBLE["id"],
        "due_on": DUE_ON,
        "related_id": "PO-2026-0042",
    },
    "acknowledge": {},
    "start": {"plan": PLAN},
    "submit": {"actions_taken": ACTIONS_TAKEN, "evidence": EVIDENCE},
    "verify": {"passed": True, "notes": NOTES},
    "extend": {"new_due_on": NEW_DUE_ON},
    "close": {},
}

#: Who normally sends each command: the issuing supervisor issues and closes, another one
#: verifies, management extends, the responsible person does the rest.
SENDERS: dict[str, Json] = {
    "issue": SUPERVISOR,
    "acknowledge": RESPONSIBLE,
    "start": RESPONSIBLE,
    "submit": RESPONSIBLE,
    "verify": OTHER_SUPERVISOR,
    "extend": MANAGEMENT,
    "close": SUPERVISOR,
}

#: Commands DOMAIN §6a marks "+ reason".
NEEDS_REASON = frozenset({"extend"})

#: Every command that acts on an existing rectification.
ON_A_RECTIFICATION = ("acknowledge", "start", "submit", "verify", "extend", "close")


def command(
    verb: str,
    rectification_id: UUID | str | None = None,
    *,
    actor: Json | None = None,
    payload: Json | None = None,
    drop: Iterable[str] = (),
    **fields: Any,
) -> Json:
    """A valid `rectification.<verb>` envelope with a fresh command id; `fields` add or replace
    envelope fields and `drop` removes them."""
    body: Json = {
        "type": f"rectification.{verb}",
        "command_id": str(uuid4()),
        "actor": actor if actor is not None else SENDERS[verb],
        "payload": copy.deepcopy(PAYLOADS[verb]) if payload is None else payload,
    }
    if rectification_id is not None:
        body["aggregate_id"] = str(rectification_id)
    if verb in NEEDS_REASON:
        body["reason"] = REASON
    body.update(fields)
    for name in drop:
        body.pop(name, None)
    return body


def notice(**changes: Any) -> Json:
    """The usual issue payload with fields replaced (a value of ... removes the field)."""
    payload = copy.deepcopy(PAYLOADS["issue"])
    for name, value in changes.items():
        if value is ...:
            payload.pop(name)
        else:
            payload[name] = value
    return payload


def verification(
    rectification_id: UUID | str, *, passed: bool, actor: Json | None = None, **fields: Any
) -> Json:
    """`rectification.verify`: passed with notes, or failed saying what falls short."""
    payload = {"passed": passed, "notes": NOTES if passed else SHORTFALL}
    return command("verify", rectification_id, actor=actor, payload=payload, **fields)


def extension(
    rectification_id: UUID | str, new_due_on: str, *, actor: Json | None = None, **fields: Any
) -> Json:
    """`rectification.extend` to `new_due_on`, with the usual reason, by management unless told."""
    payload = {"new_due_on": new_due_on}
    return command("extend", rectification_id, actor=actor, payload=payload, **fields)


def step(name: str, rectification_id: UUID | str) -> Json:
    """One step of a road: a verb, or `reject` for a failed verification."""
    if name == "reject":
        return verification(rectification_id, passed=False)
    return command(name, rectification_id)


_SUBMITTED = ("acknowledge", "start", "submit")
_VERIFIED = (*_SUBMITTED, "verify")

#: The steps after `issue` that bring a rectification to each status of DOMAIN §6a.
#: `rejected` is not a status a rectification rests in: a failed verification sends it back to
#: `rectifying` ("rejected (back to rectifying)").
ROADS: dict[str, tuple[str, ...]] = {
    "issued": (),
    "acknowledged": ("acknowledge",),
    "rectifying": ("acknowledge", "start"),
    "submitted": _SUBMITTED,
    "verified": _VERIFIED,
    "closed": (*_VERIFIED, "close"),
}
STATUSES = tuple(ROADS)

#: The rectification's version at the end of each road: one event per command.
VERSIONS: dict[str, int] = {
    "issued": 1,
    "acknowledged": 2,
    "rectifying": 3,
    "submitted": 4,
    "verified": 5,
    "closed": 6,
}


def status_of(ledger: Opsledger, rectification_id: UUID) -> str:
    return str(ledger.state(rectification_id)[1].state.status.value)


def version_of(ledger: Opsledger, rectification_id: UUID) -> int:
    return ledger.state(rectification_id)[1].version


def walk(ledger: Opsledger, clock: FixedClock, rectification_id: UUID, *steps: str) -> None:
    """Take `steps` on the rectification, one hour of clock time before each."""
    for name in steps:
        clock.advance(hours=1)
        accept(ledger, step(name, rectification_id))


def drive(
    ledger: Opsledger,
    clock: FixedClock,
    to: str = "issued",
    *,
    issue: Json | None = None,
    actor: Json | None = None,
) -> UUID:
    """Issue a rectification (with `issue` as its payload, by `actor`, if given) and walk it to
    status `to`, one hour of clock time per command."""
    issued = accept(ledger, command("issue", payload=issue, actor=actor))
    assert issued.aggregate_id is not None
    walk(ledger, clock, issued.aggregate_id, *ROADS[to])
    return issued.aggregate_id
