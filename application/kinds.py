"""AggregateKind: a kind of record (domain/shared/kind.py) with its commands, which the
catalogue, sweep and snapshots read."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from domain.shared.kind import Figures, Kind, NextDeadline, Overdue

if TYPE_CHECKING:
    from application.commands.spec import CommandSpec


@attrs.frozen(kw_only=True)
class AggregateKind(Kind):
    """One of the aggregates: the domain's declaration of its kind, and its commands."""

    commands: tuple[CommandSpec, ...] = ()

    @classmethod
    def of(cls, kind: Kind, commands: tuple[CommandSpec, ...]) -> AggregateKind:
        """The aggregate of this kind of record, sent these commands."""
        return cls(**attrs.asdict(kind, recurse=False), commands=commands)


__all__ = ["AggregateKind", "Figures", "NextDeadline", "Overdue"]
