"""The command verbs the production catalogue declares for an aggregate, which every rule table
of a test must cover, so that a command added without its row fails."""

from __future__ import annotations

from application.commands.catalogue import KINDS


def verbs(kind: str) -> frozenset[str]:
    """Every verb the catalogue declares for `kind`: `acknowledge` for `complaint.acknowledge`."""
    return frozenset(spec.type.removeprefix(f"{kind}.") for spec in KINDS[kind].commands)


def creating_verbs(kind: str) -> frozenset[str]:
    """The verbs of the commands that create an aggregate of `kind`."""
    return frozenset(
        spec.type.removeprefix(f"{kind}.") for spec in KINDS[kind].commands if spec.creates
    )
