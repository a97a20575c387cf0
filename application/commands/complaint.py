"""Complaint commands of DOMAIN §3, wired to the pure complaint decisions."""

from __future__ import annotations

from application.commands.spec import AggregateKind, CommandSpec, Decide
from application.payload import Field, boolean, choice, integer, text
from domain.complaint import decisions
from domain.complaint.events import ComplaintReceived
from domain.complaint.state import Complaint, evolve
from domain.complaint.values import Category, Channel, Severity, WaitingFor

COMPLAINT = AggregateKind(
    name="complaint", evolve=evolve, created_by=(ComplaintReceived,), state_class=Complaint
)


def _spec(
    verb: str,
    *fields: Field,
    decide: Decide,
    creates: bool = False,
    reason_required: bool = False,
) -> CommandSpec:
    return CommandSpec(
        type=f"complaint.{verb}",
        kind=COMPLAINT,
        fields=fields,
        decide=decide,
        creates=creates,
        reason_required=reason_required,
    )


COMMANDS: tuple[CommandSpec, ...] = (
    _spec(
        "register",
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
        Field("message", text),
        decide=lambda c, ctx, p: decisions.acknowledge(c, actor=ctx.actor, at=ctx.at, **p),
    ),
    _spec(
        "classify",
        Field("category", choice(Category)),
        Field("severity", choice(Severity)),
        decide=lambda c, ctx, p: decisions.classify(
            c, actor=ctx.actor, at=ctx.at, policy=ctx.policies.complaint_sla, **p
        ),
    ),
    _spec(
        "assign",
        Field("department", text),
        Field("assignee_id", text),
        decide=lambda c, ctx, p: decisions.assign(c, actor=ctx.actor, at=ctx.at, **p),
    ),
    _spec(
        "record_investigation",
        Field("root_cause", text),
        Field("findings", text),
        decide=lambda c, ctx, p: decisions.record_investigation(c, actor=ctx.actor, at=ctx.at, **p),
    ),
    _spec(
        "pause",
        Field("waiting_for", choice(WaitingFor)),
        decide=lambda c, ctx, p: decisions.pause(c, actor=ctx.actor, at=ctx.at, **p),
    ),
    _spec("resume", decide=lambda c, ctx, p: decisions.resume(c, actor=ctx.actor, at=ctx.at)),
    _spec(
        "propose_resolution",
        Field("resolution", text),
        Field("remedy_offered", text),
        decide=lambda c, ctx, p: decisions.propose_resolution(c, actor=ctx.actor, at=ctx.at, **p),
    ),
    _spec(
        "record_feedback",
        Field("satisfied", boolean),
        Field("csat", integer(low=1, high=5)),
        Field("comment", text, required=False, default=""),
        decide=lambda c, ctx, p: decisions.record_feedback(c, actor=ctx.actor, at=ctx.at, **p),
    ),
    _spec("close", decide=lambda c, ctx, p: decisions.close(c, actor=ctx.actor, at=ctx.at)),
    _spec(
        "close_unresolved",
        Field("recourse_explained", boolean),
        reason_required=True,
        decide=lambda c, ctx, p: decisions.close_unresolved(c, actor=ctx.actor, at=ctx.at, **p),
    ),
    _spec(
        "reopen",
        reason_required=True,
        decide=lambda c, ctx, p: decisions.reopen(c, actor=ctx.actor, at=ctx.at),
    ),
    _spec(
        "escalate",
        Field("level", integer(low=1)),
        reason_required=True,
        decide=lambda c, ctx, p: decisions.escalate(c, actor=ctx.actor, at=ctx.at, **p),
    ),
)
