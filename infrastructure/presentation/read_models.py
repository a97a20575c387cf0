"""The read models as people and machines read them: one actor's audit trail, the security log,
and how far each projection has got."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from typing import TextIO

import orjson

from infrastructure.presentation.documents import emit_json
from infrastructure.presentation.tables import emit_table
from infrastructure.projection_runner import ProjectionStatus
from infrastructure.serialisation.codec import to_primitive
from infrastructure.sql.audit_trail_table import TrailEntry
from infrastructure.sql.security_log import SecurityLogEntry


def show_trail(entries: Sequence[TrailEntry], *, as_json: bool, out: TextIO | None = None) -> None:
    """Audit-trail entries in log order: each event's position, business time, record and why."""
    if as_json:
        emit_json([to_primitive(entry) for entry in entries], out=out)
        return
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
        out=out,
    )


def show_security_log(
    entries: Iterable[SecurityLogEntry], *, as_json: bool, out: TextIO | None = None
) -> None:
    """Refused commands: when, who with which roles, which command, the code and the message;
    as JSON, every field, the entries written one by one as they are read."""
    if as_json:
        out = out if out is not None else sys.stdout
        out.write("[")
        for index, entry in enumerate(entries):
            out.write("," if index else "")
            out.write(orjson.dumps(to_primitive(entry), default=str).decode())
        out.write("]\n")
        return
    emit_table(
        ("at", "actor", "roles", "command", "code", "message"),
        [(e.at, e.actor_id, e.actor_roles, e.command_type, e.code, e.message) for e in entries],
        out=out,
    )


def show_projection_status(
    rows: Sequence[ProjectionStatus], *, as_json: bool, out: TextIO | None = None
) -> None:
    """Each read model's version, position in the log, the log's head, and the lag between
    them in entries and in seconds (since the oldest entry it has not applied was stored)."""
    if as_json:
        emit_json(
            [
                {
                    "name": s.name,
                    "version": s.version,
                    "position": s.position,
                    "head": s.head,
                    "lag": s.lag,
                    "lag_seconds": round(s.lag_seconds, 3),
                }
                for s in rows
            ],
            out=out,
        )
        return
    emit_table(
        ("projection", "version", "position", "head", "lag", "lag seconds"),
        [(s.name, s.version, s.position, s.head, s.lag, f"{s.lag_seconds:.1f}") for s in rows],
        out=out,
    )
