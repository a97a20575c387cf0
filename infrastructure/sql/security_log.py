"""The security log table: refused commands, append-only, readable by auditors."""

from __future__ import annotations

import json
from typing import Any

import attrs
import orjson

from application.ports import Refusal
from infrastructure.sql.database import Database


@attrs.frozen(kw_only=True)
class SecurityLogEntry:
    """One refused command as stored."""

    id: int
    at: str
    actor_id: str | None
    actor_roles: str
    command_type: str | None
    command_id: str | None
    code: str
    message: str


def _details_json(details: dict[str, Any]) -> str:
    """The refusal's details as JSON; anything JSON cannot hold exactly is written as text."""
    try:
        return orjson.dumps(details, default=str).decode()
    except TypeError:  # e.g. an integer beyond 64 bits
        return json.dumps(details, default=str, ensure_ascii=True)


class SqlSecurityLog:
    """Writes each refusal in its own short transaction, so it survives the refusal."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def record(self, refusal: Refusal) -> None:
        with self._database.transaction() as cursor:
            cursor.execute(
                "INSERT INTO security_log (at, actor_id, actor_roles, actor_department,"
                " command_type, command_id, aggregate_id, code, message, details)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                (
                    refusal.at,
                    refusal.actor_id,
                    ",".join(refusal.actor_roles),
                    refusal.actor_department,
                    refusal.command_type,
                    refusal.command_id,
                    refusal.aggregate_id,
                    refusal.code,
                    refusal.message,
                    _details_json(refusal.details),
                ),
            )

    def entries(self) -> list[SecurityLogEntry]:
        """Refusals in the order they were written."""
        rows: list[tuple[Any, ...]] = self._database.query(
            "SELECT id, at, actor_id, actor_roles, command_type, command_id, code, message"
            " FROM security_log ORDER BY id"
        )
        return [
            SecurityLogEntry(
                id=row[0],
                at=str(row[1]),
                actor_id=row[2],
                actor_roles=row[3],
                command_type=row[4],
                command_id=row[5],
                code=row[6],
                message=row[7],
            )
            for row in rows
        ]
