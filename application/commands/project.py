"""Project commands of DOMAIN §4: typed payloads, who sends them, and their decisions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

import attrs

from application.commands.payloads import NoPayload, fields_of, given, in_currency
from application.commands.readers import (
    amount,
    boolean,
    calendar_date,
    currency,
    decimal_fraction,
    integer,
    records,
    text,
    uuid,
)
from application.commands.spec import ANY_EMPLOYEE, CommandSpec, Context, declaring, who
from application.kinds import AggregateKind
from domain.project import decisions
from domain.project.events import ProjectEvent
from domain.project.kind import PROJECT as PROJECT_KIND
from domain.project.state import Project
from domain.project.values import Milestone
from domain.shared.actor import Role
from domain.shared.money import Money

MANAGEMENT = Role.MANAGEMENT
FINANCE = Role.FINANCE
THE_MANAGER = "the project manager"

MILESTONES = records(Milestone, at_least=1, name=text, due=calendar_date, weight=decimal_fraction)


@attrs.frozen(kw_only=True)
class ProposeProject:
    name: str = given(text)
    department: str = given(text)
    goals: str = given(text)
    scope: str = given(text)
    planned_start: date = given(calendar_date)
    planned_end: date = given(calendar_date)
    budget_amount: Decimal = given(amount(positive=True))
    currency: str = given(currency, default="CNY")
    budget_id: UUID | None = given(uuid, default=None)


@attrs.frozen(kw_only=True)
class AppointManager:
    manager_id: str = given(text)


@attrs.frozen(kw_only=True)
class AddMember:
    member_id: str = given(text)
    role: str = given(text)


@attrs.frozen(kw_only=True)
class SubmitPlan:
    milestones: tuple[Milestone, ...] = given(MILESTONES)
    quality_plan: str = given(text)
    risk_plan: str = given(text)
    communication_plan: str = given(text)
    baseline_cost: Decimal = given(amount(positive=True))


@attrs.frozen(kw_only=True)
class RecordProgress:
    milestone: str = given(text)
    percent_complete: int = given(integer(low=0, high=100))


@attrs.frozen(kw_only=True)
class RecordCost:
    amount: Decimal = given(amount(positive=True))
    description: str = given(text)


@attrs.frozen(kw_only=True)
class RequestChange:
    new_planned_end: date | None = given(calendar_date, default=None)
    new_baseline_cost: Decimal | None = given(amount(positive=True), default=None)


@attrs.frozen(kw_only=True)
class RecordAcceptance:
    passed: bool = given(boolean)
    defects: str = given(text, default="")


@attrs.frozen(kw_only=True)
class SubmitClosingReport:
    summary: str = given(text)
    lessons_learned: str = given(text)


@attrs.frozen(kw_only=True)
class CloseProject:
    evaluation_score: int = given(integer(low=1, high=5))


def _propose(_: None, ctx: Context, p: ProposeProject) -> list[ProjectEvent]:
    fields = fields_of(p)
    budget = Money(fields.pop("budget_amount"), fields.pop("currency"))
    return decisions.propose(
        project_id=ctx.aggregate_id,
        actor=ctx.actor,
        at=ctx.at,
        zone=ctx.policies.zone,
        budget_amount=budget,
        **fields,
    )


def _submit_plan(project: Project, ctx: Context, p: SubmitPlan) -> list[ProjectEvent]:
    fields = fields_of(p)
    fields["baseline_cost"] = in_currency(project, p.baseline_cost)
    return decisions.submit_plan(project, actor=ctx.actor, at=ctx.at, **fields)


def _request_change(project: Project, ctx: Context, p: RequestChange) -> list[ProjectEvent]:
    cost = p.new_baseline_cost
    return decisions.request_change(
        project,
        actor=ctx.actor,
        at=ctx.at,
        zone=ctx.policies.zone,
        new_planned_end=p.new_planned_end,
        new_baseline_cost=None if cost is None else in_currency(project, cost),
    )


_spec = declaring("project")

COMMANDS: tuple[CommandSpec, ...] = (
    _spec(
        "propose",
        ANY_EMPLOYEE,
        ProposeProject,
        creates=True,
        decide=_propose,
    ),
    _spec(
        "approve",
        who(MANAGEMENT),
        NoPayload,
        reason_required=True,
        decide=lambda pr, ctx, p: decisions.approve(pr, actor=ctx.actor, at=ctx.at),
    ),
    _spec(
        "reject",
        who(MANAGEMENT),
        NoPayload,
        reason_required=True,
        decide=lambda pr, ctx, p: decisions.reject(pr, actor=ctx.actor, at=ctx.at),
    ),
    _spec(
        "appoint_manager",
        who(MANAGEMENT),
        AppointManager,
        decide=lambda pr, ctx, p: decisions.appoint_manager(
            pr, actor=ctx.actor, at=ctx.at, **fields_of(p)
        ),
    ),
    _spec(
        "add_member",
        who(recorded=THE_MANAGER),
        AddMember,
        decide=lambda pr, ctx, p: decisions.add_member(
            pr, actor=ctx.actor, at=ctx.at, **fields_of(p)
        ),
    ),
    _spec("submit_plan", who(recorded=THE_MANAGER), SubmitPlan, decide=_submit_plan),
    _spec(
        "approve_plan",
        who(MANAGEMENT, Role.DEPARTMENT_HEAD),
        NoPayload,
        decide=lambda pr, ctx, p: decisions.approve_plan(pr, actor=ctx.actor, at=ctx.at),
    ),
    _spec(
        "start",
        who(recorded=THE_MANAGER),
        NoPayload,
        decide=lambda pr, ctx, p: decisions.start(pr, actor=ctx.actor, at=ctx.at),
    ),
    _spec(
        "record_progress",
        who(recorded=THE_MANAGER),
        RecordProgress,
        decide=lambda pr, ctx, p: decisions.record_progress(
            pr, actor=ctx.actor, at=ctx.at, **fields_of(p)
        ),
    ),
    _spec(
        "record_cost",
        who(FINANCE, recorded=THE_MANAGER),
        RecordCost,
        decide=lambda pr, ctx, p: decisions.record_cost(
            pr,
            actor=ctx.actor,
            at=ctx.at,
            amount=in_currency(pr, p.amount),
            description=p.description,
        ),
    ),
    _spec(
        "request_change",
        who(recorded=THE_MANAGER),
        RequestChange,
        reason_required=True,
        decide=_request_change,
    ),
    _spec(
        "approve_change",
        who(MANAGEMENT),
        NoPayload,
        decide=lambda pr, ctx, p: decisions.approve_change(pr, actor=ctx.actor, at=ctx.at),
    ),
    _spec(
        "hold",
        who(MANAGEMENT),
        NoPayload,
        reason_required=True,
        decide=lambda pr, ctx, p: decisions.hold(pr, actor=ctx.actor, at=ctx.at),
    ),
    _spec(
        "resume",
        who(MANAGEMENT),
        NoPayload,
        reason_required=True,
        decide=lambda pr, ctx, p: decisions.resume(pr, actor=ctx.actor, at=ctx.at),
    ),
    _spec(
        "cancel",
        who(MANAGEMENT),
        NoPayload,
        reason_required=True,
        decide=lambda pr, ctx, p: decisions.cancel(pr, actor=ctx.actor, at=ctx.at),
    ),
    _spec(
        "request_acceptance",
        who(recorded=THE_MANAGER),
        NoPayload,
        decide=lambda pr, ctx, p: decisions.request_acceptance(pr, actor=ctx.actor, at=ctx.at),
    ),
    _spec(
        "record_acceptance",
        who(Role.QUALITY_INSPECTOR),
        RecordAcceptance,
        decide=lambda pr, ctx, p: decisions.record_acceptance(
            pr, actor=ctx.actor, at=ctx.at, **fields_of(p)
        ),
    ),
    _spec(
        "submit_closing_report",
        who(recorded=THE_MANAGER),
        SubmitClosingReport,
        decide=lambda pr, ctx, p: decisions.submit_closing_report(
            pr, actor=ctx.actor, at=ctx.at, **fields_of(p)
        ),
    ),
    _spec(
        "close",
        who(MANAGEMENT),
        CloseProject,
        decide=lambda pr, ctx, p: decisions.close(pr, actor=ctx.actor, at=ctx.at, **fields_of(p)),
    ),
)

PROJECT = AggregateKind.of(PROJECT_KIND, COMMANDS)
