"""Project command envelopes for command-side tests: actors, valid payloads for DOMAIN §4's
nineteen commands, and a driver that walks one project to each status on a real ledger.

Everything here is written from DOMAIN §4, not read from the code under test.
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

#: Any employee: here an engineer of the IT department, who proposes the project.
EMPLOYEE: Json = {"id": "u-eng-1", "roles": ["operations"], "department": "it"}
MANAGEMENT: Json = {"id": "u-ceo", "roles": ["management"], "department": "management"}
OTHER_MANAGEMENT: Json = {"id": "u-coo", "roles": ["management"], "department": "management"}
DEPARTMENT_HEAD: Json = {"id": "u-head-it", "roles": ["department_head"], "department": "it"}
#: The person `appoint_manager` names: the project manager, whatever roles they hold.
PROJECT_MANAGER: Json = {"id": "u-pm-1", "roles": ["project_manager"], "department": "pmo"}
#: Holds the project_manager role but was never appointed to this project.
OTHER_PM: Json = {"id": "u-pm-2", "roles": ["project_manager"], "department": "pmo"}
FINANCE: Json = {"id": "u-fin-1", "roles": ["finance"], "department": "finance"}
QUALITY_INSPECTOR: Json = {"id": "u-qa-1", "roles": ["quality_inspector"], "department": "qa"}
AUDITOR: Json = {"id": "u-audit-1", "roles": ["auditor"], "department": "audit"}
SYSTEM: Json = {"id": "system", "roles": ["system"], "department": "operations"}


def holding(*roles: str, actor_id: str | None = None) -> Json:
    """An actor holding exactly `roles`, with an id of its own unless one is given."""
    return {
        "id": actor_id or f"u-{'-'.join(roles)}",
        "roles": list(roles),
        "department": "somewhere",
    }


PLANNED_START = "2026-07-01"
PLANNED_END = "2026-12-31"
#: A project not accepted by its planned end is late from the first instant after that day in
#: Shanghai (UTC+8): 2027-01-01 00:00 +08:00.
SCHEDULE_DUE = datetime(2026, 12, 31, 16, 0, tzinfo=UTC)

#: The plan's three milestones: 0.3 + 0.5 + 0.2 = 1, each due within 1 July to 31 December.
DESIGN, BUILD, ROLLOUT = "需求与设计 (design)", "开发 (build)", "上线 (rollout)"
MILESTONE_NAMES = (DESIGN, BUILD, ROLLOUT)
MILESTONES: list[Json] = [
    {"name": DESIGN, "due": "2026-08-31", "weight": "0.3"},
    {"name": BUILD, "due": "2026-11-30", "weight": "0.5"},
    {"name": ROLLOUT, "due": "2026-12-31", "weight": "0.2"},
]
BUDGET = "500000.00"
BASELINE_COST = "450000.00"

REASON = "经营会议决定 (decided at the operations meeting)"

#: A valid payload for every project command (DOMAIN §4).
PAYLOADS: dict[str, Json] = {
    "propose": {
        "name": "仓储管理系统升级 (warehouse system upgrade)",
        "department": "it",
        "goals": "库存准确率 99.5% (stock accuracy 99.5%)",
        "scope": "两个仓库 (two warehouses)",
        "planned_start": PLANNED_START,
        "planned_end": PLANNED_END,
        "budget_amount": BUDGET,
    },
    "approve": {},
    "reject": {},
    "appoint_manager": {"manager_id": PROJECT_MANAGER["id"]},
    "add_member": {"member_id": "u-dev-1", "role": "架构师 (architect)"},
    "submit_plan": {
        "milestones": MILESTONES,
        "quality_plan": "每个里程碑评审 (a review at each milestone)",
        "risk_plan": "每周风险会 (a weekly risk meeting)",
        "communication_plan": "月度报告 (a monthly report)",
        "baseline_cost": BASELINE_COST,
    },
    "approve_plan": {},
    "start": {},
    "record_progress": {"milestone": DESIGN, "percent_complete": 50},
    "record_cost": {"amount": "12000.00", "description": "服务器 (servers)"},
    "request_change": {"new_planned_end": "2027-01-31", "new_baseline_cost": "480000.00"},
    "approve_change": {},
    "hold": {},
    "resume": {},
    "cancel": {},
    "request_acceptance": {},
    "record_acceptance": {"passed": True, "defects": "无 (none)"},
    "submit_closing_report": {
        "summary": "按期上线 (went live on time)",
        "lessons_learned": "尽早盘点 (count stock early)",
    },
    "close": {"evaluation_score": 4},
}

#: Who normally sends each command.
SENDERS: dict[str, Json] = {
    "propose": EMPLOYEE,
    "approve": MANAGEMENT,
    "reject": MANAGEMENT,
    "appoint_manager": MANAGEMENT,
    "add_member": PROJECT_MANAGER,
    "submit_plan": PROJECT_MANAGER,
    "approve_plan": DEPARTMENT_HEAD,
    "start": PROJECT_MANAGER,
    "record_progress": PROJECT_MANAGER,
    "record_cost": FINANCE,
    "request_change": PROJECT_MANAGER,
    "approve_change": MANAGEMENT,
    "hold": MANAGEMENT,
    "resume": MANAGEMENT,
    "cancel": MANAGEMENT,
    "request_acceptance": PROJECT_MANAGER,
    "record_acceptance": QUALITY_INSPECTOR,
    "submit_closing_report": PROJECT_MANAGER,
    "close": MANAGEMENT,
}

#: Commands DOMAIN §4 marks "+ reason". `project.approve / project.reject + reason` may be
#: read as asking a reason of both; the envelopes here always give one for approve too.
NEEDS_REASON = frozenset({"approve", "reject", "request_change", "hold", "resume", "cancel"})
GIVES_REASON = NEEDS_REASON


def command(
    verb: str,
    project_id: UUID | str | None = None,
    *,
    actor: Json | None = None,
    payload: Json | None = None,
    drop: Iterable[str] = (),
    **fields: Any,
) -> Json:
    """A valid `project.<verb>` envelope with a fresh command id; `fields` add or replace
    envelope fields and `drop` removes them."""
    body: Json = {
        "type": f"project.{verb}",
        "command_id": str(uuid4()),
        "actor": actor if actor is not None else SENDERS[verb],
        "payload": copy.deepcopy(PAYLOADS[verb]) if payload is None else payload,
    }
    if project_id is not None:
        body["aggregate_id"] = str(project_id)
    if verb in GIVES_REASON:
        body["reason"] = REASON
    body.update(fields)
    for name in drop:
        body.pop(name, None)
    return body


def progress(project_id: UUID | str, milestone: str, percent: int, **fields: Any) -> Json:
    """`project.record_progress` of one milestone by the project manager."""
    payload = {"milestone": milestone, "percent_complete": percent}
    return command("record_progress", project_id, payload=payload, **fields)


def inspection(project_id: UUID | str, *, passed: bool, **fields: Any) -> Json:
    """`project.record_acceptance` by the quality inspector: passed, or failed with defects."""
    defects = "无 (none)" if passed else "盘点报表错误 (the stock report is wrong)"
    return command(
        "record_acceptance", project_id, payload={"passed": passed, "defects": defects}, **fields
    )


def step(name: str, project_id: UUID) -> Json:
    """One step of a road: a verb, `done_<n>` for milestone n (0, 1, 2) brought to 100%, or
    `fail_acceptance` for a failed inspection."""
    if name.startswith("done_"):
        return progress(project_id, MILESTONE_NAMES[int(name.removeprefix("done_"))], 100)
    if name == "fail_acceptance":
        return inspection(project_id, passed=False)
    return command(name, project_id)


_PLANNING = ("approve", "appoint_manager")
_PLAN_APPROVED = (*_PLANNING, "submit_plan", "approve_plan")
_EXECUTING = (*_PLAN_APPROVED, "start")
_ACCEPTANCE_REQUESTED = (*_EXECUTING, "done_0", "done_1", "done_2", "request_acceptance")
_ACCEPTED = (*_ACCEPTANCE_REQUESTED, "record_acceptance")

#: The steps after `propose` that bring a project to each status of DOMAIN §4.
ROADS: dict[str, tuple[str, ...]] = {
    "proposed": (),
    "approved": ("approve",),
    "rejected": ("reject",),
    "planning": _PLANNING,
    "plan_approved": _PLAN_APPROVED,
    "executing": _EXECUTING,
    "on_hold": (*_EXECUTING, "hold"),
    "acceptance_requested": _ACCEPTANCE_REQUESTED,
    "accepted": _ACCEPTED,
    "closed": (*_ACCEPTED, "submit_closing_report", "close"),
    "cancelled": (*_EXECUTING, "cancel"),
}
STATUSES = tuple(ROADS)

#: The project's version at the end of each road: one event per command.
VERSIONS: dict[str, int] = {
    "proposed": 1,
    "approved": 2,
    "rejected": 2,
    "planning": 3,
    "plan_approved": 5,
    "executing": 6,
    "on_hold": 7,
    "acceptance_requested": 10,
    "accepted": 11,
    "closed": 13,
    "cancelled": 7,
}


def status_of(ledger: Opsledger, project_id: UUID) -> str:
    return str(ledger.state(project_id)[1].state.status.value)


def version_of(ledger: Opsledger, project_id: UUID) -> int:
    return ledger.state(project_id)[1].version


def drive(
    ledger: Opsledger,
    clock: FixedClock,
    to: str = "proposed",
    *,
    propose: Json | None = None,
    actor: Json | None = None,
) -> UUID:
    """Propose a project (with `propose` as its payload, by `actor`, if given) and walk it to
    status `to`, one hour of clock time per command."""
    proposed = accept(ledger, command("propose", payload=propose, actor=actor))
    assert proposed.aggregate_id is not None
    for name in ROADS[to]:
        clock.advance(hours=1)
        accept(ledger, step(name, proposed.aggregate_id))
    return proposed.aggregate_id


def proposal(**changes: Any) -> Json:
    """The usual proposal with fields replaced (a value of ... removes the field)."""
    payload = copy.deepcopy(PAYLOADS["propose"])
    for name, value in changes.items():
        if value is ...:
            payload.pop(name)
        else:
            payload[name] = value
    return payload


def plan(**changes: Any) -> Json:
    """The usual plan with fields replaced (a value of ... removes the field)."""
    payload = copy.deepcopy(PAYLOADS["submit_plan"])
    for name, value in changes.items():
        if value is ...:
            payload.pop(name)
        else:
            payload[name] = value
    return payload


def milestones(*rows: tuple[str, str, Any]) -> list[Json]:
    """Milestones as (name, due, weight) rows."""
    return [{"name": name, "due": due, "weight": weight} for name, due, weight in rows]
