"""How a command type is declared: payload, who may send it, how it starts, its decision."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, tzinfo
from typing import Any, Protocol, TypeAlias
from uuid import UUID
from zoneinfo import ZoneInfo

import attrs

from domain.complaint.values import DEFAULT_SLA, SlaPolicy
from domain.order.values import DEFAULT_SIGNING_LIMITS, SigningLimits
from domain.shared.actor import Actor, Role
from domain.shared.events import Event


@attrs.frozen(kw_only=True)
class Policies:
    """The configurable parts of the operations policies that decisions apply."""

    complaint_sla: SlaPolicy = DEFAULT_SLA
    #: The company's time zone: which day an instant falls on (DOMAIN §1).
    zone: tzinfo = attrs.field(factory=lambda: ZoneInfo("Asia/Shanghai"))
    #: The most a sales manager may sign for, per currency; above it, or in a currency with no
    #: limit, management signs (DOMAIN §2).
    signing_limits: SigningLimits = DEFAULT_SIGNING_LIMITS


@attrs.frozen(kw_only=True)
class Context:
    """What every decision gets besides the payload: which aggregate, who, when, why, and the
    policies in force."""

    aggregate_id: UUID
    actor: Actor
    at: datetime
    reason: str | None
    policies: Policies = Policies()


Decide = Callable[[Any, Context, Any], Sequence[Event]]

#: A payload's frozen attrs class (`type` itself is a field name of CommandSpec).
PayloadClass: TypeAlias = type[Any]


@attrs.frozen
class Who:
    """Who may send a command: holders of `roles`, and where the rule names "the assignee",
    "the owner" and the like (`recorded`), the person the aggregate records there, whatever
    roles they hold; the decision checks that person."""

    roles: frozenset[Role]
    recorded: str | None = None

    def may_send(self, actor: Actor) -> bool:
        """Whether the actor passes the gate before the decision: a role listed, or any
        employee where the rule also names a recorded person."""
        return actor.holds(*self.roles) or (self.recorded is not None and actor.is_employee)


def who(*roles: Role, recorded: str | None = None) -> Who:
    return Who(frozenset(roles), recorded)


#: "Any employee" (DOMAIN §1): every role but the read-only `auditor` and the sweep's `system`.
ANY_EMPLOYEE = Who(frozenset(Role) - {Role.AUDITOR, Role.SYSTEM})


@attrs.frozen(kw_only=True)
class CommandSpec:
    """A command type such as `complaint.acknowledge`: its payload, who may send it, whether it
    creates an aggregate (and whether the id follows from the payload), whether a reason is
    required, and the decision."""

    type: str
    #: The frozen attrs class the payload is read into (see `payloads.given`).
    payload: PayloadClass
    who: Who
    decide: Decide
    creates: bool = False
    #: For a create whose aggregate is one per something (a budget per department and year):
    #: that something, read from the payload; the aggregate id follows from it, so two
    #: concurrent creates of the same thing name the same id and one loses the version check.
    natural_key: Callable[[Any], str] | None = None
    reason_required: bool = False


class Declare(Protocol):
    def __call__(
        self,
        verb: str,
        senders: Who,
        payload: PayloadClass,
        *,
        decide: Decide,
        creates: bool = False,
        natural_key: Callable[[Any], str] | None = None,
        reason_required: bool = False,
    ) -> CommandSpec: ...


def declaring(kind: str) -> Declare:
    """The way one aggregate's module declares its commands: `<kind>.<verb>`, who sends it,
    its payload class, its decision, and how it starts."""

    def declare(
        verb: str,
        senders: Who,
        payload: PayloadClass,
        *,
        decide: Decide,
        creates: bool = False,
        natural_key: Callable[[Any], str] | None = None,
        reason_required: bool = False,
    ) -> CommandSpec:
        return CommandSpec(
            type=f"{kind}.{verb}",
            payload=payload,
            who=senders,
            decide=decide,
            creates=creates,
            natural_key=natural_key,
            reason_required=reason_required,
        )

    return declare
