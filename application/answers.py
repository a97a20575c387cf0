"""Answers that are not a fresh decision: a store that failed, a command already accepted."""

from __future__ import annotations

from application.command_record import CommandHandled
from application.envelope import Envelope
from application.errors import DuplicateCommand, StoreUnavailable
from application.results import Result


def unavailable(error: StoreUnavailable) -> Result:
    """`store_unavailable`, telling the sender what became of the command and what to do."""
    if error.outcome == "unknown":
        advice = (
            "whether the command was stored is unknown: send it again with the same "
            "command_id, which applies it at most once"
        )
    else:
        advice = "nothing was stored: sending it again with the same command_id is safe"
    return Result.refused(
        code=error.code,
        message=f"{error.message}; {advice}",
        details={**error.details, "outcome": error.outcome, "retry_with_same_command_id": True},
    )


def replay(prior: CommandHandled, envelope: Envelope, *, position: int | None = None) -> Result:
    """The first result of a command sent again (with the position of its command record,
    when known); its id with another body is refused."""
    if prior.body_digest != envelope.body_digest:
        raise DuplicateCommand(
            f"command id {envelope.command_id} was already used for a different command",
            command_id=str(envelope.command_id),
            first_type=prior.command_type,
        )
    return Result.accepted(
        aggregate_id=prior.aggregate_id,
        version=prior.version,
        events=prior.events,
        position=position,
    )
