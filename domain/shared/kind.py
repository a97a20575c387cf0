"""A kind of record as the domain knows it: how its events fold into state, how it starts,
its deadlines and the figures derived from its state. The command side adds its commands
(application/kinds.py); projections read these declarations directly."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, tzinfo
from typing import Any

import attrs

from domain.shared.events import Event

#: The deadline sweep's question to a kind: the breach events of `state` at `now`, dated
#: `noticed_at` (never before the aggregate's latest event).
Overdue = Callable[[Any, datetime, datetime], Sequence[Event]]

#: When an aggregate in `state` next needs the sweep to look at it; None while no deadline runs.
NextDeadline = Callable[[Any], datetime | None]

#: Figures derived from `state` as of an instant, in the company's time zone, shown beside the
#: state (a project's earned value); none for most kinds.
Figures = Callable[[Any, datetime, tzinfo], Mapping[str, object]]


def _no_figures(_: Any, __: datetime, ___: tzinfo) -> Mapping[str, object]:
    return {}


def _no_deadline(_: Any) -> datetime | None:
    return None


def _never_overdue(_: Any, __: datetime, ___: datetime) -> Sequence[Event]:
    return ()


@attrs.frozen(kw_only=True)
class Kind:
    """One kind of record: its name, how its events fold into state, how it starts, and its
    deadlines and figures."""

    name: str
    evolve: Callable[[Any, Any], Any]
    created_by: tuple[type[Event], ...]
    #: The attrs class of its state, and the version of that state's format: raise it when the
    #: state's fields or `evolve` change, so snapshots taken before are no longer used.
    state_class: type
    state_version: int = 1
    overdue: Overdue = _never_overdue
    next_deadline: NextDeadline = _no_deadline
    figures: Figures = _no_figures

    def fold(self, state: Any, events: Sequence[Event]) -> Any:
        """Fold events into state, in order."""
        for event in events:
            state = self.evolve(state, event)
        return state
