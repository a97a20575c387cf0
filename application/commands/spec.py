"""How a command type is described: its aggregate kind, payload fields and decision."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

import attrs

from application.payload import Field
from domain.complaint.values import DEFAULT_SLA, SlaPolicy
from domain.shared.actor import Actor
from domain.shared.events import Event


@attrs.frozen(kw_only=True)
class AggregateKind:
    """One of the five aggregates: its name, how its events fold into state, how it starts."""

    name: str
    evolve: Callable[[Any, Any], Any]
    created_by: tuple[type[Event], ...]
    #: The attrs class of its state, and the version of that state's format: raise it when the
    #: state's fields or `evolve` change, so snapshots taken before are no longer used.
    state_class: type
    state_version: int = 1

    def fold(self, state: Any, events: Sequence[Event]) -> Any:
        """Fold events into state, in order."""
        for event in events:
            state = self.evolve(state, event)
        return state


@attrs.frozen(kw_only=True)
class Policies:
    """The configurable parts of the operations policies that decisions apply."""

    complaint_sla: SlaPolicy = DEFAULT_SLA


@attrs.frozen(kw_only=True)
class Context:
    """What every decision gets besides the payload: which aggregate, who, when, why, and the
    policies in force."""

    aggregate_id: UUID
    actor: Actor
    at: datetime
    reason: str | None
    policies: Policies = Policies()


Decide = Callable[[Any, Context, dict[str, Any]], Sequence[Event]]


@attrs.frozen(kw_only=True)
class CommandSpec:
    """A command type such as `complaint.acknowledge`: its fields, envelope rules, decision."""

    type: str
    kind: AggregateKind
    fields: tuple[Field, ...]
    decide: Decide
    creates: bool = False
    reason_required: bool = False
