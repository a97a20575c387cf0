"""Complaint commands of DOMAIN §3: typed payloads, who sends them, and their decisions."""

from __future__ import annotations

import attrs

from application.commands.payloads import NoPayload, fields_of, given
from application.commands.readers import boolean, choice, integer, text
from application.commands.spec import CommandSpec, declaring, who
from application.kinds import AggregateKind
from domain.complaint import decisions
from domain.complaint.kind import COMPLAINT as COMPLAINT_KIND
from domain.complaint.values import Category, Channel, Severity, WaitingFor
from domain.shared.actor import Role

CS = Role.CUSTOMER_SERVICE
MANAGER = Role.SERVICE_MANAGER
ASSIGNEE = "the assignee"


@attrs.frozen(kw_only=True)
class RegisterComplaint:
    customer_id: str = given(text)
    channel: Channel = given(choice(Channel))
    summary: str = given(text)
    remedy_sought: str = given(text)
    order_id: str | None = given(text, default=None)


@attrs.frozen(kw_only=True)
class AcknowledgeComplaint:
    message: str = given(text)


@attrs.frozen(kw_only=True)
class ClassifyComplaint:
    category: Category = given(choice(Category))
    severity: Severity = given(choice(Severity))


@attrs.frozen(kw_only=True)
class AssignComplaint:
    department: str = given(text)
    assignee_id: str = given(text)


@attrs.frozen(kw_only=True)
class RecordInvestigation:
    root_cause: str = given(text)
    findings: str = given(text)


@attrs.frozen(kw_only=True)
class PauseComplaint:
    waiting_for: WaitingFor = given(choice(WaitingFor))


@attrs.frozen(kw_only=True)
class ProposeResolution:
    resolution: str = given(text)
    remedy_offered: str = given(text)


@attrs.frozen(kw_only=True)
class RecordFeedback:
    satisfied: bool = given(boolean)
    csat: int = given(integer(low=1, high=5))
    comment: str = given(text, default="")


@attrs.frozen(kw_only=True)
class CloseComplaintUnresolved:
    recourse_explained: bool = given(boolean)


@attrs.frozen(kw_only=True)
class EscalateComplaint:
    level: int = given(integer(low=1))


_spec = declaring("complaint")


COMMANDS: tuple[CommandSpec, ...] = (
    _spec(
        "register",
        who(CS),
        RegisterComplaint,
        creates=True,
        decide=lambda _, ctx, p: decisions.register(
            complaint_id=ctx.aggregate_id,
            actor=ctx.actor,
            at=ctx.at,
            policy=ctx.policies.complaint_sla,
            **fields_of(p),
        ),
    ),
    _spec(
        "acknowledge",
        who(CS),
        AcknowledgeComplaint,
        decide=lambda c, ctx, p: decisions.acknowledge(
            c, actor=ctx.actor, at=ctx.at, **fields_of(p)
        ),
    ),
    _spec(
        "classify",
        who(CS, MANAGER),
        ClassifyComplaint,
        decide=lambda c, ctx, p: decisions.classify(
            c, actor=ctx.actor, at=ctx.at, policy=ctx.policies.complaint_sla, **fields_of(p)
        ),
    ),
    _spec(
        "assign",
        who(MANAGER),
        AssignComplaint,
        decide=lambda c, ctx, p: decisions.assign(c, actor=ctx.actor, at=ctx.at, **fields_of(p)),
    ),
    _spec(
        "record_investigation",
        who(Role.DEPARTMENT_HEAD, recorded=ASSIGNEE),
        RecordInvestigation,
        decide=lambda c, ctx, p: decisions.record_investigation(
            c, actor=ctx.actor, at=ctx.at, **fields_of(p)
        ),
    ),
    _spec(
        "pause",
        who(CS, recorded=ASSIGNEE),
        PauseComplaint,
        decide=lambda c, ctx, p: decisions.pause(c, actor=ctx.actor, at=ctx.at, **fields_of(p)),
    ),
    _spec(
        "resume",
        who(CS, recorded=ASSIGNEE),
        NoPayload,
        decide=lambda c, ctx, p: decisions.resume(c, actor=ctx.actor, at=ctx.at),
    ),
    _spec(
        "propose_resolution",
        who(recorded=ASSIGNEE),
        ProposeResolution,
        decide=lambda c, ctx, p: decisions.propose_resolution(
            c, actor=ctx.actor, at=ctx.at, **fields_of(p)
        ),
    ),
    _spec(
        "record_feedback",
        who(CS),
        RecordFeedback,
        decide=lambda c, ctx, p: decisions.record_feedback(
            c, actor=ctx.actor, at=ctx.at, **fields_of(p)
        ),
    ),
    _spec(
        "close",
        who(CS, MANAGER),
        NoPayload,
        decide=lambda c, ctx, p: decisions.close(c, actor=ctx.actor, at=ctx.at),
    ),
    _spec(
        "close_unresolved",
        who(MANAGER),
        CloseComplaintUnresolved,
        reason_required=True,
        decide=lambda c, ctx, p: decisions.close_unresolved(
            c, actor=ctx.actor, at=ctx.at, **fields_of(p)
        ),
    ),
    _spec(
        "reopen",
        who(CS, MANAGER),
        NoPayload,
        reason_required=True,
        decide=lambda c, ctx, p: decisions.reopen(c, actor=ctx.actor, at=ctx.at),
    ),
    _spec(
        "escalate",
        who(CS, MANAGER),
        EscalateComplaint,
        reason_required=True,
        decide=lambda c, ctx, p: decisions.escalate(c, actor=ctx.actor, at=ctx.at, **fields_of(p)),
    ),
)

COMPLAINT = AggregateKind.of(COMPLAINT_KIND, COMMANDS)
