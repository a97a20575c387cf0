"""Every aggregate kind the ledger stores and every command type it accepts, checked at import."""

from __future__ import annotations

from collections import Counter

from application.commands.budget import BUDGET
from application.commands.complaint import COMPLAINT
from application.commands.order import ORDER
from application.commands.project import PROJECT
from application.commands.rectification import RECTIFICATION
from application.commands.risk import RISK
from application.commands.spec import CommandSpec
from application.kinds import AggregateKind
from domain.kinds import KINDS as DOMAIN_KINDS
from domain.shared.events import event_types

#: Every aggregate kind, by name.
KINDS: dict[str, AggregateKind] = {
    kind.name: kind for kind in (ORDER, COMPLAINT, PROJECT, BUDGET, RISK, RECTIFICATION)
}

#: Every command type's declaration.
COMMANDS: dict[str, CommandSpec] = {
    spec.type: spec for kind in KINDS.values() for spec in kind.commands
}

#: The kind each command type acts on.
KIND_OF: dict[str, AggregateKind] = {
    spec.type: kind for kind in KINDS.values() for spec in kind.commands
}


class CatalogueError(Exception):
    """The declarations contradict each other; opsledger refuses to start."""


def check(kinds: dict[str, AggregateKind]) -> None:
    """Each command type is declared once, under its own kind's name; every event type names
    the aggregate it belongs to; each kind starts with at least one creating command."""
    types = Counter(spec.type for kind in kinds.values() for spec in kind.commands)
    if twice := sorted(name for name, count in types.items() if count > 1):
        raise CatalogueError(f"command types declared twice: {', '.join(twice)}")
    for kind in kinds.values():
        if wrong := [s.type for s in kind.commands if not s.type.startswith(f"{kind.name}.")]:
            raise CatalogueError(f"{kind.name} declares commands of another kind: {wrong}")
        if kind.commands and not any(spec.creates for spec in kind.commands):
            raise CatalogueError(f"{kind.name} has no command that creates it")
    if orphans := sorted(name for name, cls in event_types.items() if not cls.aggregate_type):
        raise CatalogueError(f"event types without an aggregate type: {', '.join(orphans)}")


check(KINDS)
if [kind.name for kind in KINDS.values()] != [kind.name for kind in DOMAIN_KINDS]:
    raise CatalogueError("the catalogue's kinds are not the domain's (domain/kinds.py)")
