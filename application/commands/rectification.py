"""Rectification commands of DOMAIN §6a: typed payloads, who sends them, and their decisions."""

from __future__ import annotations

from datetime import date

import attrs

from application.commands.payloads import NoPayload, fields_of, given
from application.commands.readers import boolean, calendar_date, choice, text
from application.commands.spec import CommandSpec, Context, declaring, who
from application.kinds import AggregateKind
from domain.rectification import decisions
from domain.rectification.events import RectificationEvent
from domain.rectification.kind import RECTIFICATION as RECTIFICATION_KIND
from domain.rectification.values import Severity
from domain.shared.actor import Role

SUPERVISOR = Role.SUPERVISOR
RESPONSIBLE = "the responsible person"


@attrs.frozen(kw_only=True)
class IssueRectification:
    department: str = given(text)
    process: str = given(text)
    finding: str = given(text)
    severity: Severity = given(choice(Severity))
    responsible_id: str = given(text)
    due_on: date = given(calendar_date)
    related_id: str | None = given(text, default=None)


@attrs.frozen(kw_only=True)
class StartRectifying:
    plan: str = given(text)


@attrs.frozen(kw_only=True)
class SubmitRectification:
    actions_taken: str = given(text)
    evidence: str = given(text)


@attrs.frozen(kw_only=True)
class VerifyRectification:
    passed: bool = given(boolean)
    notes: str = given(text, default="")


@attrs.frozen(kw_only=True)
class ExtendDeadline:
    new_due_on: date = given(calendar_date)


def _issue(_: None, ctx: Context, p: IssueRectification) -> list[RectificationEvent]:
    return decisions.issue(
        rectification_id=ctx.aggregate_id,
        actor=ctx.actor,
        at=ctx.at,
        zone=ctx.policies.zone,
        **fields_of(p),
    )


_spec = declaring("rectification")

COMMANDS: tuple[CommandSpec, ...] = (
    _spec("issue", who(SUPERVISOR), IssueRectification, creates=True, decide=_issue),
    _spec(
        "acknowledge",
        who(Role.DEPARTMENT_HEAD, recorded=RESPONSIBLE),
        NoPayload,
        decide=lambda r, ctx, p: decisions.acknowledge(r, actor=ctx.actor, at=ctx.at),
    ),
    _spec(
        "start",
        who(recorded=RESPONSIBLE),
        StartRectifying,
        decide=lambda r, ctx, p: decisions.start(r, actor=ctx.actor, at=ctx.at, **fields_of(p)),
    ),
    _spec(
        "submit",
        who(recorded=RESPONSIBLE),
        SubmitRectification,
        decide=lambda r, ctx, p: decisions.submit(r, actor=ctx.actor, at=ctx.at, **fields_of(p)),
    ),
    _spec(
        "verify",
        who(SUPERVISOR),
        VerifyRectification,
        decide=lambda r, ctx, p: decisions.verify(r, actor=ctx.actor, at=ctx.at, **fields_of(p)),
    ),
    _spec(
        "extend",
        who(SUPERVISOR, Role.MANAGEMENT),
        ExtendDeadline,
        reason_required=True,
        decide=lambda r, ctx, p: decisions.extend(
            r, actor=ctx.actor, at=ctx.at, zone=ctx.policies.zone, **fields_of(p)
        ),
    ),
    _spec(
        "close",
        who(SUPERVISOR),
        NoPayload,
        decide=lambda r, ctx, p: decisions.close(r, actor=ctx.actor, at=ctx.at),
    ),
)

RECTIFICATION = AggregateKind.of(RECTIFICATION_KIND, COMMANDS)
