"""Risk commands of DOMAIN §6: typed payloads, who sends them, and their decisions."""

from __future__ import annotations

from datetime import date

import attrs

from application.commands.payloads import NoPayload, fields_of, given
from application.commands.readers import calendar_date, choice, integer, text
from application.commands.spec import ANY_EMPLOYEE, CommandSpec, Context, declaring, who
from application.kinds import AggregateKind
from domain.risk import decisions
from domain.risk.events import RiskEvent
from domain.risk.kind import RISK as RISK_KIND
from domain.risk.values import Category, Strategy
from domain.shared.actor import Role

OFFICER = Role.RISK_OFFICER
THE_OWNER = "the owner"
SCORE = integer(low=1, high=5)


@attrs.frozen(kw_only=True)
class IdentifyRisk:
    title: str = given(text)
    category: Category = given(choice(Category))
    description: str = given(text)
    owner_id: str = given(text)
    department: str = given(text)
    related_id: str | None = given(text, default=None)


@attrs.frozen(kw_only=True)
class AssessRisk:
    likelihood: int = given(SCORE)
    impact: int = given(SCORE)


@attrs.frozen(kw_only=True)
class ChooseResponse:
    strategy: Strategy = given(choice(Strategy))
    rationale: str = given(text)
    counterparty: str | None = given(text, default=None)


@attrs.frozen(kw_only=True)
class AddAction:
    action_id: str = given(text)
    description: str = given(text)
    owner_id: str = given(text)
    due_on: date = given(calendar_date)


@attrs.frozen(kw_only=True)
class CompleteAction:
    action_id: str = given(text)
    evidence: str = given(text)


@attrs.frozen(kw_only=True)
class ReviewRisk:
    notes: str = given(text)


def _identify(_: None, ctx: Context, p: IdentifyRisk) -> list[RiskEvent]:
    return decisions.identify(risk_id=ctx.aggregate_id, actor=ctx.actor, at=ctx.at, **fields_of(p))


_spec = declaring("risk")

COMMANDS: tuple[CommandSpec, ...] = (
    _spec(
        "identify",
        ANY_EMPLOYEE,
        IdentifyRisk,
        creates=True,
        decide=_identify,
    ),
    _spec(
        "assess",
        who(OFFICER, recorded=THE_OWNER),
        AssessRisk,
        decide=lambda r, ctx, p: decisions.assess(
            r, actor=ctx.actor, at=ctx.at, zone=ctx.policies.zone, **fields_of(p)
        ),
    ),
    _spec(
        "choose_response",
        who(OFFICER, recorded=THE_OWNER),
        ChooseResponse,
        decide=lambda r, ctx, p: decisions.choose_response(
            r, actor=ctx.actor, at=ctx.at, **fields_of(p)
        ),
    ),
    _spec(
        "approve_acceptance",
        who(Role.MANAGEMENT),
        NoPayload,
        decide=lambda r, ctx, p: decisions.approve_acceptance(r, actor=ctx.actor, at=ctx.at),
    ),
    _spec(
        "add_action",
        who(OFFICER, recorded=THE_OWNER),
        AddAction,
        decide=lambda r, ctx, p: decisions.add_action(
            r, actor=ctx.actor, at=ctx.at, zone=ctx.policies.zone, **fields_of(p)
        ),
    ),
    _spec(
        "complete_action",
        who(recorded="that action's owner"),
        CompleteAction,
        decide=lambda r, ctx, p: decisions.complete_action(
            r, actor=ctx.actor, at=ctx.at, **fields_of(p)
        ),
    ),
    _spec(
        "assess_residual",
        who(OFFICER),
        AssessRisk,
        decide=lambda r, ctx, p: decisions.assess_residual(
            r, actor=ctx.actor, at=ctx.at, zone=ctx.policies.zone, **fields_of(p)
        ),
    ),
    _spec(
        "review",
        who(OFFICER, recorded=THE_OWNER),
        ReviewRisk,
        decide=lambda r, ctx, p: decisions.review(
            r, actor=ctx.actor, at=ctx.at, zone=ctx.policies.zone, **fields_of(p)
        ),
    ),
    _spec(
        "close",
        who(OFFICER),
        NoPayload,
        reason_required=True,
        decide=lambda r, ctx, p: decisions.close(r, actor=ctx.actor, at=ctx.at),
    ),
    _spec(
        "reopen",
        who(OFFICER),
        NoPayload,
        reason_required=True,
        decide=lambda r, ctx, p: decisions.reopen(r, actor=ctx.actor, at=ctx.at),
    ),
)

RISK = AggregateKind.of(RISK_KIND, COMMANDS)
