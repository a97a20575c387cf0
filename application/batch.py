"""A batch of commands: accepted ones staged in memory, their events stored in one transaction."""

from __future__ import annotations

from uuid import UUID

import attrs

from application.command_record import CommandHandled
from application.ledger import Loaded
from application.ports import Deadline
from domain.shared.recorded import Recorded


@attrs.frozen
class Unreadable:
    """An input line that is not a JSON command at all, refused in its place in the batch."""

    message: str


@attrs.define
class Staged:
    """What the accepted commands of an open batch decided and have not yet stored: their
    events and command records, each aggregate's latest deadline entry, and which commands
    (by their place in the batch) they were, to be handled again one by one should the one
    transaction fail."""

    recorded: list[Recorded] = attrs.Factory(list)
    deadlines: dict[UUID, Deadline] = attrs.Factory(dict)
    #: Each changed aggregate's newest state, which only this batch knows yet.
    states: dict[tuple[str, UUID], Loaded] = attrs.Factory(dict)
    commands: dict[UUID, CommandHandled] = attrs.Factory(dict)
    accepted: list[tuple[int, object]] = attrs.Factory(list)
    #: The command being handled: its place in the batch and its body.
    current: tuple[int, object] = (0, None)

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
            self.accepted.append(self.current)
