"""A command that failed unexpectedly: logged under an incident id, answered as its own refusal."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from uuid import UUID, uuid4

from application.command_record import command_record_id
from application.envelope import body_digest
from application.errors import CommandFailed
from application.ledger import Ledger
from application.results import Result
from domain.shared.errors import DomainError

LOG = logging.getLogger("opsledger")


def answer_failure(
    raw: object, error: Exception, *, ledger: Ledger, log: Callable[[DomainError], None]
) -> Result:
    """The answer to a command whose handling raised `error` unexpectedly, so that one command's
    failure never ends a batch: its first result if it was recorded after all, else a
    `command_failed` refusal naming an incident, the one the log gives with the traceback, and
    written to the security log by `log`. Never raises."""
    incident = uuid4()
    LOG.error("command failed unexpectedly (incident %s)", incident, exc_info=error)
    maybe_recorded = False
    try:
        recorded = _first_result(raw, ledger)
    except Exception:  # the store cannot say either: the sender is told it may be recorded
        LOG.exception("incident %s: could not look up whether the command was recorded", incident)
        recorded, maybe_recorded = None, True
    if recorded is not None:
        return recorded
    refusal = CommandFailed(incident=incident, maybe_recorded=maybe_recorded)
    try:
        log(refusal)
    except Exception:  # the answer matters more than its copy in the security log
        LOG.exception("incident %s: the refusal was not written to the security log", incident)
    return Result.refused(code=refusal.code, message=refusal.message, details=refusal.details)


def _first_result(raw: object, ledger: Ledger) -> Result | None:
    """The command's first result if this very command (same id, same body) was recorded before
    it failed, else None. Without a readable command id nothing can have been recorded."""
    if not isinstance(raw, Mapping) or not isinstance(raw.get("command_id"), str):
        return None
    try:
        command_id = UUID(raw["command_id"])
    except ValueError:
        return None
    prior = ledger.command_record(command_id)
    if prior is None or prior.body_digest != body_digest(raw):
        return None
    return Result.accepted(
        aggregate_id=prior.aggregate_id,
        version=prior.version,
        events=prior.events,
        position=ledger.position_of(command_record_id(command_id), 1),
    )
