"""Every command type the ledger accepts, and every aggregate kind it stores."""

from __future__ import annotations

from application.commands import complaint
from application.commands.spec import AggregateKind, CommandSpec

COMMANDS: dict[str, CommandSpec] = {spec.type: spec for spec in complaint.COMMANDS}

KINDS: dict[str, AggregateKind] = {spec.kind.name: spec.kind for spec in COMMANDS.values()}
