"""Complaint commands of DOMAIN §3, wired to the pure complaint decisions."""

from __future__ import annotations

from application.commands.spec import CommandSpec, Decide, Who, who
from application.kinds import AggregateKind
from application.payload import Field, boolean, choice, integer, text
from domain.complaint import deadlines, decisions
from domain.complaint.events import ComplaintReceived
from domain.complaint.state import Complaint, evolve
from domain.complaint.values import Category, Channel, Severity, WaitingFor
from domain.shared.actor import SYSTEM_ACTOR, Role

CS = Role.CUSTOMER_SERVICE
MANAGER = Role.SERVICE_MANAGER


def _spec(
    verb: str,
    senders: Who,
    *fields: Field,
    decide: Decide,
    creates: bool = False,
    reason_required: bool = False,
) -> CommandSpec:
    return CommandSpec(
        type=f"complaint.{verb}",
        fields=fields,
        who=senders,
        decide=decide,
        creates=creates,
        reason_required=reason_required,
    )


COMMANDS: tuple[CommandSpec, ...] = (
    _spec(
        "register",
        who(CS),
        Field("customer_id", text),
        Field("channel", choice(Channel)),
        Field("summary", text),
        Field("remedy_sought", text),
        Field("order_id", text, required=False),
        creates=True,
        decide=lambda _, ctx, p: decisions.register(
            complaint_id=ctx.aggregate_id,
            actor=ctx.actor,
            at=ctx.at,
            policy=ctx.policies.complaint_sla,
            **p,
        ),
    ),
    _spec(
        "acknowledge",
        who(CS),
        Field("message", text),
        decide=lambda c, ctx, p: decisions.acknowledge(c, actor=ctx.actor, at=ctx.at, **p),
    ),
    _spec(
        "classify",
        who(CS, MANAGER),
        Field("category", choice(Category)),
        Field("severity", choice(Severity)),
        decide=lambda c, ctx, p: decisions.classify(
            c, actor=ctx.actor, at=ctx.at, policy=ctx.policies.complaint_sla, **p
        ),
    ),
    _spec(
        "assign",
        who(MANAGER),
        Field("department", text),
        Field("assignee_id", text),
        decide=lambda c, ctx, p: decisions.assign(c, actor=ctx.actor, at=ctx.at, **p),
    ),
    _spec(
        "record_investigation",
        who(Role.DEPARTMENT_HEAD, recorded="the assignee"),
        Field("root_cause", text),
        Field("findings", text),
        decide=lambda c, ctx, p: decisions.record_investigation(c, actor=ctx.actor, at=ctx.at, **p),
    ),
    _spec(
        "pause",
        who(CS, recorded="the assignee"),
        Field("waiting_for", choice(WaitingFor)),
        decide=lambda c, ctx, p: decisions.pause(c, actor=ctx.actor, at=ctx.at, **p),
    ),
    _spec(
        "resume",
        who(CS, recorded="the assignee"),
        decide=lambda c, ctx, p: decisions.resume(c, actor=ctx.actor, at=ctx.at),
    ),
    _spec(
        "propose_resolution",
        who(recorded="the assignee"),
        Field("resolution", text),
        Field("remedy_offered", text),
        decide=lambda c, ctx, p: decisions.propose_resolution(c, actor=ctx.actor, at=ctx.at, **p),
    ),
    _spec(
        "record_feedback",
        who(CS),
        Field("satisfied", boolean),
        Field("csat", integer(low=1, high=5)),
        Field("comment", text, required=False, default=""),
        decide=lambda c, ctx, p: decisions.record_feedback(c, actor=ctx.actor, at=ctx.at, **p),
    ),
    _spec(
        "close",
        who(CS, MANAGER),
        decide=lambda c, ctx, p: decisions.close(c, actor=ctx.actor, at=ctx.at),
    ),
    _spec(
        "close_unresolved",
        who(MANAGER),
        Field("recourse_explained", boolean),
        reason_required=True,
        decide=lambda c, ctx, p: decisions.close_unresolved(c, actor=ctx.actor, at=ctx.at, **p),
    ),
    _spec(
        "reopen",
        who(CS, MANAGER),
        reason_required=True,
        decide=lambda c, ctx, p: decisions.reopen(c, actor=ctx.actor, at=ctx.at),
    ),
    _spec(
        "escalate",
        who(CS, MANAGER),
        Field("level", integer(low=1)),
        reason_required=True,
        decide=lambda c, ctx, p: decisions.escalate(c, actor=ctx.actor, at=ctx.at, **p),
    ),
)


COMPLAINT = AggregateKind(
    name="complaint",
    evolve=evolve,
    created_by=(ComplaintReceived,),
    state_class=Complaint,
    commands=COMMANDS,
    overdue=lambda complaint, now, noticed_at: deadlines.sweep(
        complaint, actor=SYSTEM_ACTOR, now=now, dated=noticed_at
    ),
    next_deadline=deadlines.next_deadline,
)
