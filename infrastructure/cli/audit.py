"""`opsledger audit ...`: complete histories, reconstructed state, what an actor did, refusals."""

from __future__ import annotations

import argparse
from typing import Any

from domain.shared.recorded import Recorded
from infrastructure.cli.arguments import identifier, instant, open_store, positive
from infrastructure.cli.output import emit_json, emit_table
from infrastructure.serialisation.codec import to_primitive
from infrastructure.serialisation.mapper import stored_state
from infrastructure.sql import audit_trail_table


def register(commands: Any) -> None:
    parser = commands.add_parser("audit", help="histories, as-of state, actors, refusals")
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True

    for name, helptext, run in (
        ("history", "every event of one record, oldest first, from the log itself", _history),
        ("state", "one record reconstructed as it stood at a business time or version", _state),
    ):
        action = actions.add_parser(name, help=helptext, description=helptext)
        action.add_argument("id", type=identifier, help="the aggregate id")
        when = action.add_mutually_exclusive_group()
        when.add_argument(
            "--as-of", type=instant, metavar="T", help="business time (ISO 8601; UTC if no offset)"
        )
        when.add_argument("--version", type=positive, metavar="N", help="up to this version")
        action.set_defaults(run=run)

    actor = actions.add_parser(
        "actor",
        help="everything one actor did (from the audit-trail read model)",
        description="Everything one actor did, in log order, from the audit_trail table "
        "(run `opsledger projections catch-up` first to include the newest events).",
    )
    actor.add_argument("actor", help="the actor id")
    actor.add_argument(
        "--from", dest="start", type=instant, metavar="T", help="business time, inclusive"
    )
    actor.add_argument(
        "--to", dest="end", type=instant, metavar="T", help="business time, exclusive"
    )
    actor.set_defaults(run=_actor)

    security = actions.add_parser(
        "security", help="the security log: every refused command, who, what, when and why"
    )
    security.set_defaults(run=_security)


def event_json(recorded: Recorded) -> dict[str, Any]:
    """One event as auditors read it: type, version, both times, actor, ids, reason, payload."""
    return {
        "aggregate_type": recorded.aggregate_type,
        "aggregate_id": str(recorded.originator_id),
        "version": recorded.originator_version,
        "event_type": recorded.event_type,
        **stored_state(recorded),
    }


def _history(arguments: argparse.Namespace) -> int:
    with open_store(arguments) as ledger:
        events = ledger.history(arguments.id, as_of=arguments.as_of, version=arguments.version)
    documents = [event_json(recorded) for recorded in events]
    if arguments.format == "json":
        emit_json(documents)
        return 0
    emit_table(
        ("v", "event", "occurred_at", "recorded_at", "actor", "roles", "reason", "payload"),
        [
            (
                d["version"],
                d["event_type"],
                d["occurred_at"],
                d["recorded_at"],
                d["actor"]["id"],
                ",".join(d["actor"]["roles"]),
                d["reason"],
                d["payload"],
            )
            for d in documents
        ],
    )
    return 0


def _state(arguments: argparse.Namespace) -> int:
    with open_store(arguments) as ledger:
        kind, loaded = ledger.state(arguments.id, as_of=arguments.as_of, version=arguments.version)
    state = to_primitive(loaded.state)
    if arguments.format == "json":
        emit_json({"aggregate_type": kind, "version": loaded.version, "state": state})
        return 0
    print(f"{kind} {arguments.id} at version {loaded.version}")
    emit_table(("field", "value"), sorted(state.items()))
    return 0


def _actor(arguments: argparse.Namespace) -> int:
    with open_store(arguments) as ledger:
        entries = audit_trail_table.by_actor(
            ledger.database, arguments.actor, start=arguments.start, end=arguments.end
        )
    if arguments.format == "json":
        emit_json([to_primitive(entry) for entry in entries])
        return 0
    emit_table(
        ("position", "occurred_at", "aggregate", "id", "v", "event", "reason"),
        [
            (
                e.position,
                e.occurred_at,
                e.aggregate_type,
                e.aggregate_id,
                e.version,
                e.event_type,
                e.reason,
            )
            for e in entries
        ],
    )
    return 0


def _security(arguments: argparse.Namespace) -> int:
    with open_store(arguments) as ledger:
        entries = ledger.security_log.entries()
    if arguments.format == "json":
        emit_json([to_primitive(entry) for entry in entries])
        return 0
    emit_table(
        ("at", "actor", "roles", "command", "code", "message"),
        [(e.at, e.actor_id, e.actor_roles, e.command_type, e.code, e.message) for e in entries],
    )
    return 0
