"""One aggregate's script: the commands its story sends, built once, identical on rerun."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid5

import attrs

from infrastructure.demo.company import Person
from infrastructure.demo.simulated_clock import COMPANY_TZ, next_business_moment


@attrs.frozen(kw_only=True)
class Refusal:
    """A deliberate mistake: the error code it must be refused with, and what it shows."""

    code: str
    why: str


@attrs.frozen(kw_only=True)
class Owes:
    """From this step on the aggregate owes `what` by `due` (None: it owes it no more), as its
    kind's deadline rule says; the sweep reports each due time once when it passes. A record
    may owe several things at once (a risk its next review and each mitigation action)."""

    due: datetime | None
    what: str = ""


@attrs.frozen(kw_only=True)
class Step:
    """One command of an aggregate's story: when it happened, when it was typed in, what it
    is, who sent it, and, for the demo's deliberate mistakes, how it must be refused."""

    kind: str
    index: int
    number: int
    occurred_at: datetime
    entered_at: datetime
    command_type: str
    actor: Person
    envelope: dict[str, Any]
    refusal: Refusal | None = None
    owes: Owes | None = None
    #: The events an accepted step must append, in order (None: whatever the rules decide).
    expects: tuple[str, ...] | None = None


@attrs.frozen(kw_only=True)
class Plan:
    """One aggregate of the quarter: its kind, id, the path its story takes, what people call
    it, and its steps in order. `breaches_expected` says how many breaches the sweep must
    report for it (None where the demo does not predict its deadlines)."""

    kind: str
    index: int
    aggregate_id: UUID
    path: str
    label: str
    steps: tuple[Step, ...]
    department: str | None = None
    breaches_expected: int | None = None


class Script:
    """Writes an aggregate's steps in order, moving its own business time forward as it goes."""

    def __init__(
        self,
        *,
        kind: str,
        rng: random.Random,
        namespace: UUID,
        index: int,
        aggregate_id: UUID,
        opened_at: datetime,
    ) -> None:
        self.kind = kind
        self.rng = rng
        self.aggregate_id = aggregate_id
        self.index = index
        self.time = opened_at
        self.steps: list[Step] = []
        self._namespace = namespace
        self._entered = opened_at

    def send(
        self,
        verb: str,
        actor: Person,
        payload: dict[str, Any] | None = None,
        *,
        after: tuple[int, int] = (0, 0),
        at: datetime | None = None,
        office_hours: bool = True,
        reason: str | None = None,
        entered_late: tuple[int, int] = (0, 0),
        refusal: Refusal | None = None,
        owes: Owes | None = None,
        expects: tuple[str, ...] | None = None,
    ) -> datetime:
        """Send `<kind>.<verb>` `after` (low, high) minutes later than the previous step was
        entered, or `at` a given time (never before the previous step); within office hours
        unless told otherwise. `entered_late` minutes say how long after the fact it was typed
        in (a phone call noted down afterwards). Returns when it happened."""
        when = self.when(after=after, at=at, office_hours=office_hours)
        entered = max(when + self._minutes(entered_late), self._entered)
        number = len(self.steps) + 1
        envelope: dict[str, Any] = {
            "type": f"{self.kind}.{verb}",
            "command_id": str(uuid5(self._namespace, f"{self.kind}/{self.index}/step/{number}")),
            "aggregate_id": str(self.aggregate_id),
            "correlation_id": str(self.aggregate_id),
            "actor": actor.actor(),
            "occurred_at": when.isoformat(),
            "payload": payload or {},
        }
        if reason is not None:
            envelope["reason"] = reason
        self.steps.append(
            Step(
                kind=self.kind,
                index=self.index,
                number=number,
                occurred_at=when,
                entered_at=entered,
                command_type=envelope["type"],
                actor=actor,
                envelope=envelope,
                refusal=refusal,
                owes=None if refusal is not None else owes,
                expects=None if refusal is not None else expects,
            )
        )
        self.time = when
        self._entered = entered
        return when

    def when(
        self,
        *,
        after: tuple[int, int] = (0, 0),
        at: datetime | None = None,
        office_hours: bool = True,
    ) -> datetime:
        """When the next step happens if sent `after` (low, high) minutes later than the
        previous step was entered, or `at` a given time (never before the previous step);
        within office hours unless told otherwise. A story that must know the instant first
        (a due date counted from it) sends the step `at` it, outside office hours."""
        when = max(at, self.time) if at is not None else self._entered + self._minutes(after)
        if office_hours:
            moved = next_business_moment(when)
            if moved != when:  # work piled up overnight is done through the morning
                moved += timedelta(minutes=self.rng.randint(0, 90))
            when = moved
        return when.astimezone(COMPANY_TZ).replace(microsecond=0)

    def later(self, after: tuple[int, int]) -> datetime:
        """When a step sent `after` (low, high) minutes later than the previous one was
        entered would happen, before office hours move it: for a story that must first do
        something else due by then."""
        return self._entered + self._minutes(after)

    def _minutes(self, bounds: tuple[int, int]) -> timedelta:
        low, high = bounds
        return timedelta(seconds=self.rng.randint(low * 60, high * 60))
