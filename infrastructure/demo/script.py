"""One complaint's script: the commands its story sends, built once, identical on rerun."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid5

import attrs

from infrastructure.demo.company import Person
from infrastructure.demo.simulated_clock import COMPANY_TZ, next_business_moment


@attrs.frozen(kw_only=True)
class Step:
    """One command of a complaint's story: when it happened, when it was typed in, what it is,
    who sent it, and, for the demo's deliberate mistakes, why it must be refused."""

    complaint_index: int
    number: int
    occurred_at: datetime
    entered_at: datetime
    command_type: str
    actor: Person
    envelope: dict[str, Any]
    refusal: str | None = None


class Script:
    """Writes a complaint's steps in order, moving its own business time forward as it goes."""

    def __init__(
        self,
        *,
        rng: random.Random,
        namespace: UUID,
        index: int,
        complaint_id: UUID,
        opened_at: datetime,
    ) -> None:
        self.rng = rng
        self.complaint_id = complaint_id
        self.index = index
        self.time = opened_at
        self.steps: list[Step] = []
        self._namespace = namespace
        self._entered = opened_at

    def send(
        self,
        command_type: str,
        actor: Person,
        payload: dict[str, Any] | None = None,
        *,
        after: tuple[int, int] = (0, 0),
        at: datetime | None = None,
        office_hours: bool = True,
        reason: str | None = None,
        entered_late: tuple[int, int] = (0, 0),
        refusal: str | None = None,
    ) -> None:
        """Send a command `after` (low, high) minutes later than the previous step was entered,
        or `at` a given time; within office hours unless told otherwise. `entered_late` minutes
        say how long after the fact it was typed in (a phone call noted down afterwards)."""
        when = at if at is not None else self._entered + self._minutes(after)
        if office_hours:
            moved = next_business_moment(when)
            if moved != when:  # work piled up overnight is done through the morning
                moved += timedelta(minutes=self.rng.randint(0, 90))
            when = moved
        when = when.astimezone(COMPANY_TZ).replace(microsecond=0)
        entered = max(when + self._minutes(entered_late), self._entered)
        number = len(self.steps) + 1
        envelope: dict[str, Any] = {
            "type": f"complaint.{command_type}",
            "command_id": str(uuid5(self._namespace, f"complaint/{self.index}/step/{number}")),
            "aggregate_id": str(self.complaint_id),
            "correlation_id": str(self.complaint_id),
            "actor": actor.actor(),
            "occurred_at": when.isoformat(),
            "payload": payload or {},
        }
        if reason is not None:
            envelope["reason"] = reason
        self.steps.append(
            Step(
                complaint_index=self.index,
                number=number,
                occurred_at=when,
                entered_at=entered,
                command_type=envelope["type"],
                actor=actor,
                envelope=envelope,
                refusal=refusal,
            )
        )
        self.time = when
        self._entered = entered

    def _minutes(self, bounds: tuple[int, int]) -> timedelta:
        low, high = bounds
        return timedelta(seconds=self.rng.randint(low * 60, high * 60))
