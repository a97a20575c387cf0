"""A record's history, any kind of aggregate: each stored event with its version, business and
recorded times, actor, reason and payload."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TextIO

from domain.shared.recorded import Recorded
from infrastructure.presentation.documents import emit_json
from infrastructure.presentation.tables import emit_table
from infrastructure.serialisation.mapper import stored_state

HEADERS = ("v", "event", "occurred_at", "recorded_at", "actor", "roles", "reason", "payload")


def event_document(recorded: Recorded) -> dict[str, Any]:
    """One event as auditors read it: type, version, both times, actor, ids, reason, payload."""
    return {
        "aggregate_type": recorded.aggregate_type,
        "aggregate_id": str(recorded.originator_id),
        "version": recorded.originator_version,
        "event_type": recorded.event_type,
        **stored_state(recorded),
    }


def emit_history(documents: Sequence[dict[str, Any]], *, out: TextIO | None = None) -> None:
    """Events (as `event_document` gives them) as a table, one row per event, in the order given."""
    emit_table(
        HEADERS,
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
        out=out,
    )


def show_history(events: Sequence[Recorded], *, as_json: bool, out: TextIO | None = None) -> None:
    """A record's events, oldest first: a JSON list of event documents, or a table."""
    documents = [event_document(recorded) for recorded in events]
    if as_json:
        emit_json(documents, out=out)
    else:
        emit_history(documents, out=out)
