"""`opsledger audit ...`: histories, reconstructed state, actors, refusals, chain verification."""

from __future__ import annotations

import argparse
from typing import Any

import orjson

from infrastructure.cli import audit_export
from infrastructure.cli.arguments import (
    add_wait,
    as_json,
    identifier,
    instant,
    open_store,
    positive,
)
from infrastructure.cli.errors import UsageError
from infrastructure.integrity.snapshot_check import verify_snapshots
from infrastructure.integrity.verify import Digest, verify
from infrastructure.presentation.compliance import show_subject_findings
from infrastructure.presentation.documents import emit_json
from infrastructure.presentation.history import show_history
from infrastructure.presentation.read_models import show_security_log, show_trail
from infrastructure.presentation.reports import show_verification
from infrastructure.presentation.state import show_state
from infrastructure.reporting.compliance import subject_findings
from infrastructure.security_log import RefusalFilter
from infrastructure.sql import audit_trail_table


def register(commands: Any) -> None:
    parser = commands.add_parser("audit", help="histories, as-of state, actors, refusals")
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True

    for name, helptext, run in (
        ("history", "every event of one record, oldest first, from the log itself", _history),
        (
            "state",
            "one record reconstructed as it stood at a business time or version, or as the "
            "store knew it at a recorded time",
            _state,
        ),
    ):
        action = actions.add_parser(name, help=helptext, description=helptext)
        action.add_argument("id", type=identifier, help="the aggregate id")
        when = action.add_mutually_exclusive_group()
        when.add_argument(
            "--as-of", type=instant, metavar="T", help="business time (ISO 8601; UTC if no offset)"
        )
        when.add_argument("--version", type=positive, metavar="N", help="up to this version")
        action.add_argument(
            "--known-at",
            type=instant,
            metavar="T",
            help="recorded time: only events the store held by then (combines with the others)",
        )
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
    add_wait(actor)
    actor.set_defaults(run=_actor)

    compliance = actions.add_parser(
        "compliance",
        help="one record's compliance findings over time (from the compliance read model)",
    )
    compliance.add_argument("id", type=identifier, help="the aggregate id")
    compliance.add_argument("--known-at", type=instant, metavar="T", help="as known at then")
    add_wait(compliance)
    compliance.set_defaults(run=_compliance)

    security = actions.add_parser(
        "security",
        help="the security log: every refused command, who, what, when and why",
        description="Every refused command, earliest first, read from the chained log (where "
        "each refusal is a CommandRefused entry, so `audit verify` proves none was removed or "
        "edited), together with the refusals a store kept in its legacy security_log table.",
    )
    security.add_argument(
        "--from", dest="start", type=instant, metavar="T", help="refused at or after T"
    )
    security.add_argument("--to", dest="end", type=instant, metavar="T", help="refused before T")
    security.add_argument("--actor", metavar="ID", help="sent by this actor id")
    security.add_argument("--code", metavar="CODE", help="refused with this code")
    security.set_defaults(run=_security)

    verify = actions.add_parser(
        "verify",
        help="recompute the hash chain over the whole log; name the first event that differs",
        description="Recompute every event's SHA-256 link from the first event on, and name the "
        "first event that does not match (edited, deleted, reordered or inserted). With "
        "--digest, also prove that the log still extends a digest printed earlier by "
        "`opsledger audit digest` (this finds events removed from the end). Exit status 1 when "
        "anything does not match.",
    )
    verify.add_argument("--digest", metavar="FILE", help="a digest kept outside the system")
    verify.set_defaults(run=_verify)

    digest = actions.add_parser(
        "digest",
        help="verify the log, then print its head as JSON (position, chain hash) to keep outside",
    )
    digest.set_defaults(run=_digest)

    audit_export.register(actions)


def _moment(arguments: argparse.Namespace) -> dict[str, Any]:
    """The moment a history or state is read at: business time, version, recorded time."""
    return {
        "as_of": arguments.as_of,
        "version": arguments.version,
        "known_at": arguments.known_at,
    }


def _history(arguments: argparse.Namespace) -> int:
    with open_store(arguments) as ledger:
        events = ledger.history(arguments.id, **_moment(arguments))
    show_history(events, as_json=as_json(arguments))
    return 0


def _state(arguments: argparse.Namespace) -> int:
    with open_store(arguments) as ledger:
        kind, loaded = ledger.state(arguments.id, **_moment(arguments))
        figures = ledger.figures(kind, loaded, **_moment(arguments))
    show_state(
        loaded.state,
        kind=kind,
        aggregate_id=arguments.id,
        version=loaded.version,
        as_json=as_json(arguments),
        figures=figures,
    )
    return 0


def _actor(arguments: argparse.Namespace) -> int:
    with open_store(arguments) as ledger:
        entries = audit_trail_table.by_actor(
            ledger.database,
            arguments.actor,
            keyring=ledger.keyring,
            start=arguments.start,
            end=arguments.end,
        )
    show_trail(entries, as_json=as_json(arguments))
    return 0


def _security(arguments: argparse.Namespace) -> int:
    only = RefusalFilter(
        start=arguments.start, end=arguments.end, actor_id=arguments.actor, code=arguments.code
    )
    with open_store(arguments) as ledger:
        show_security_log(ledger.security_log.each(only), as_json=as_json(arguments))
    return 0


def _read_digest(path: str) -> Digest:
    try:
        with open(path, encoding="utf-8") as handle:
            document = orjson.loads(handle.read())
        return Digest(position=int(document["position"]), hash=str(document["hash"]))
    except OSError as error:
        raise UsageError(f"opsledger audit verify: cannot read {path}: {error.strerror}") from None
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        raise UsageError(
            f'opsledger audit verify: {path} is not a digest ({{"position": N, "hash": "..."}})'
        ) from None


def _verify(arguments: argparse.Namespace) -> int:
    digest = _read_digest(arguments.digest) if arguments.digest else None
    with open_store(arguments) as ledger:
        result = verify(ledger.database, digest=digest)
        snapshots = verify_snapshots(ledger.ledger, ledger.snapshots)
    show_verification(result, snapshots, as_json=as_json(arguments))
    return 0 if result.ok and snapshots.ok else 1


def _digest(arguments: argparse.Namespace) -> int:
    with open_store(arguments) as ledger:
        result = verify(ledger.database)
    if not result.ok:
        show_verification(result, as_json=as_json(arguments))
        return 1
    emit_json(result.head.to_json())  # always JSON: it is a document to keep, and to pass back
    return 0


def _compliance(arguments: argparse.Namespace) -> int:
    with open_store(arguments) as opsledger:
        findings = subject_findings(
            database=opsledger.database,
            ledger=opsledger.ledger,
            subject_id=arguments.id,
            known_at=arguments.known_at,
        )
    show_subject_findings(findings, form=arguments.format)
    return 0
