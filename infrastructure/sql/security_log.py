"""The security log table: refused commands, append-only, readable by auditors."""

from __future__ import annotations

import hashlib
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


#: The most the security log keeps of one short field (ids, type, roles, department), in bytes.
FIELD_BYTES = 1024

#: The most it keeps of a refusal's message, and of its details as JSON, in bytes.
TEXT_BYTES = 4096


def bounded(text: str | None, *, limit: int) -> str | None:
    """`text` if it fits in `limit` UTF-8 bytes; else its start, marked as cut, with the size
    and SHA-256 of the whole, so a refusal never costs more than a few KB however much was sent
    and the full value can still be matched."""
    if text is None or len(text) * 4 <= limit:
        return text
    data = text.encode("utf-8", "surrogatepass")
    if len(data) <= limit:
        return text
    marker = f" …[cut: {len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()}]"
    start = data[: limit - len(marker.encode("utf-8"))].decode("utf-8", "ignore")
    return start + marker


def _details_json(details: dict[str, Any]) -> str:
    """The refusal's details as JSON, at most TEXT_BYTES; anything JSON cannot hold exactly is
    written as text, and details too long are kept as the start of their JSON text."""
    try:
        text = orjson.dumps(details, default=str).decode()
    except TypeError:  # e.g. an integer beyond 64 bits
        text = json.dumps(details, default=str, ensure_ascii=True)
    if len(text.encode()) <= TEXT_BYTES:
        return text
    # Kept as one JSON string, whose escapes at most double the start: it gets half the room.
    return orjson.dumps({"cut": bounded(text, limit=TEXT_BYTES // 2 - 16)}).decode()


class SqlSecurityLog:
    """Writes each refusal in its own short transaction, so it survives the refusal."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def record(self, refusal: Refusal) -> None:
        """Keep one refusal, each of its texts cut to a few KB (see `bounded`)."""
        with self._database.transaction() as cursor:
            cursor.execute(
                "INSERT INTO security_log (at, actor_id, actor_roles, actor_department,"
                " command_type, command_id, aggregate_id, code, message, details)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                (
                    refusal.at,
                    bounded(refusal.actor_id, limit=FIELD_BYTES),
                    bounded(",".join(refusal.actor_roles), limit=FIELD_BYTES),
                    bounded(refusal.actor_department, limit=FIELD_BYTES),
                    bounded(refusal.command_type, limit=FIELD_BYTES),
                    bounded(refusal.command_id, limit=FIELD_BYTES),
                    refusal.aggregate_id,
                    refusal.code,
                    bounded(refusal.message, limit=TEXT_BYTES),
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
