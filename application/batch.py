"""A batch of commands: what they decided staged in memory (accepted commands' events, refusals'
entries), stored in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

import attrs

from application.command_record import CommandHandled
from application.ledger import Loaded
from application.ports import Deadline
from application.results import Result
from application.security_log import Excerpt
from domain.shared.recorded import Recorded


@attrs.frozen
class Unreadable:
    """An input line that is not a JSON command at all, refused in its place in the batch; the
    security log keeps its excerpt."""

    message: str
    excerpt: Excerpt | None = None


@attrs.frozen
class Line:
    """A JSON value read from one input line; should it not be a readable command, the security
    log keeps the line's excerpt."""

    value: object
    excerpt: Excerpt


@attrs.define
class Staged:
    """What the commands of an open batch decided and have not yet stored, in the order they
    were handled: accepted commands' events and records, refusals' entries; and each aggregate's
    latest deadline entry."""

    recorded: list[Recorded] = attrs.Factory(list)
    deadlines: dict[UUID, Deadline] = attrs.Factory(dict)
    #: Each changed aggregate's newest state, which only this batch knows yet.
    states: dict[tuple[str, UUID], Loaded] = attrs.Factory(dict)
    commands: dict[UUID, CommandHandled] = attrs.Factory(dict)

    def state_of(self, kind: str, aggregate_id: UUID) -> Loaded | None:
        """The aggregate's newest state if this batch changed it (the store does not know it
        yet), else None."""
        return self.states.get((kind, aggregate_id))

    def stage(
        self,
        *,
        kind: str,
        loaded: Loaded,
        recorded: list[Recorded],
        deadline: Deadline,
        command_id: UUID,
        record: CommandHandled | None,
    ) -> None:
        self.recorded.extend(recorded)
        # One entry per aggregate, its latest: one statement may not move a row twice.
        self.deadlines.pop(deadline.aggregate_id, None)
        self.deadlines[deadline.aggregate_id] = deadline
        self.states[(kind, deadline.aggregate_id)] = loaded
        if record is not None:
            self.commands[command_id] = record

    def refuse(self, entry: Recorded) -> None:
        """A refusal's entry, stored in its place among the batch's events."""
        self.recorded.append(entry)


def with_positions(
    results: Sequence[Result], *, ends: Sequence[int], positions: Sequence[int]
) -> list[Result]:
    """The answers of a batch once stored: each accepted command's answer with the position of
    its last entry. `ends[i]` is how many entries were staged once the i-th item was handled,
    `positions` where the stored entries landed, in staging order."""
    answered = list(results)
    start = 0
    first: dict[tuple[object, object], int] = {}
    for index, end in enumerate(ends):
        result = answered[index]
        if end > start and result.ok:
            answered[index] = attrs.evolve(result, position=positions[end - 1])
            first[(result.aggregate_id, result.version)] = positions[end - 1]
        elif result.ok and result.position is None:
            # Sent twice in the batch: the first answer again, with its position.
            position = first.get((result.aggregate_id, result.version))
            if position is not None:
                answered[index] = attrs.evolve(result, position=position)
        start = end
    return answered
