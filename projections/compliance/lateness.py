"""When a deadline was first missed in business time, and whether the facts known show it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from projections.compliance.marks import Mark, at


def is_late(moment: datetime, due: datetime, *, strict: bool) -> bool:
    """Late at `moment`: after `due` when `strict` (a complaint's SLA), else from `due` on (the
    first instant after a due day)."""
    return moment > due if strict else moment >= due


def first_missed(
    deadlines: Sequence[tuple[datetime, datetime]], *, owed_from: datetime, strict: bool
) -> datetime:
    """The instant the deadline in force was first missed. `deadlines` are (in force from, due)
    in the order they were set: a deadline moved before it passed was never missed; one moved
    after it passed (an extension granted late) was missed all the same. Nothing is owed
    before `owed_from` (an order before it is signed, a project before it is approved)."""
    for index, (effective, due) in enumerate(deadlines):
        following = deadlines[index + 1][0] if index + 1 < len(deadlines) else None
        if following is not None and following <= owed_from:
            continue
        begins = max(due, effective, owed_from)
        if following is None or is_late(following, begins, strict=strict):
            return begins
    raise ValueError("no deadline")


def shown(*, begins: datetime, met: Mark | None, latest: Mark, strict: bool) -> bool:
    """A breach beginning at `begins` is shown when the fact that met the obligation came late,
    or, while none has, when any fact of the subject (a sweep's report included) happened after
    the deadline: a projection never reads the clock, so the log must show the time passing."""
    if met is not None:
        return is_late(at(met), begins, strict=strict)
    return is_late(at(latest), begins, strict=strict)
